// dist/cli.js: loads the CLI bundle, through V8's code cache when the launcher vouches for one, so each short-lived
// process skips compiling half a megabyte. Node 22 has module.enableCompileCache; Node 20, which the extension supports, does not.
import { readFileSync, writeSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import type { LoaderTrust } from '../core/hooks/launcher';
import { changedReason } from '../core/hooks/launcher';

/** Writes all of `data` to fd 3, the pipe the extension reads a fresh cache from. */
function writeCacheOut(data: Buffer): void {
  for (let offset = 0; offset < data.length; ) {
    try {
      offset += writeSync(3, data, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

/** V8's cached data for the bundle, only when its bytes are the ones the launcher vouches for (V8 checks only the source's length). */
function vouchedCache(trust: LoaderTrust | undefined, digest: (data: Buffer) => string): Buffer | undefined {
  if (!trust?.cache || trust.makeCache) return undefined;
  let data: Buffer;
  try {
    data = readFileSync(trust.cache.file);
  } catch {
    return undefined;
  }
  // A cache that is not the vouched one only costs the speed-up: the bundle is compiled from its checked source.
  return digest(data) === trust.cache.sha256 ? data : undefined;
}

/**
 * Run the CLI. With `trust` (from the launcher) the bundle must hash as the extension was built, else `refuse` answers
 * in the caller's terms; without it (run directly, as the shims do) no code cache is read, since nothing vouches for one.
 */
export function start(trust?: LoaderTrust, refuse?: (reason: string) => never): void {
  // One-shot verbs: optimising the grammar's wasm in the background costs about a second of CPU and delays exit.
  // Set before compiling, because V8 only accepts a code cache made under the same flags.
  if (process.argv[2] !== 'classify') setFlagsFromString('--liftoff-only');
  const bundle = path.join(__dirname, 'four-eyes-cli.js');
  const bytes = readFileSync(bundle);
  // Required only here: hashing loads OpenSSL, which a run with nothing to check does not pay for.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const digest = (data: Buffer): string => (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest('hex');
  if (trust && digest(bytes) !== trust.bundle) (refuse ?? ((reason: string) => { throw new Error(reason); }))(changedReason);
  const cachedData = vouchedCache(trust, digest);
  // No `import()` can run in this script on Node 20; the build turns the parser's two into `require` (scripts/build.mjs).
  const script = new Script(Module.wrap(bytes.toString('utf8')), { filename: bundle, cachedData });
  // Written at exit, so the cache holds the functions this run compiled, not just the top level.
  if (trust?.makeCache) process.once('exit', () => writeCacheOut(script.createCachedData()));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  const loaded = { exports: {} as unknown, filename: bundle, id: bundle };
  run.call(loaded.exports, loaded.exports, require, loaded, bundle, __dirname);
}

// Run directly (`node dist/cli.js`, the shims); the launcher's verifier calls `start` itself, with the hashes.
if (require.main === module) start();
