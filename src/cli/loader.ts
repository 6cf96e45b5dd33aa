// dist/cli.js: loads the CLI bundle with V8's code cache, so each short-lived process skips compiling half a megabyte.
// Node 22 has module.enableCompileCache; Node 20, which the extension supports, does not.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// One-shot verbs: optimising the grammar's wasm in the background costs about a second of CPU and delays exit.
// Set before compiling, because V8 only accepts a code cache made under the same flags.
const oneShot = process.argv[2] !== 'classify';
if (oneShot) setFlagsFromString('--liftoff-only');
const bundle = path.join(__dirname, 'four-eyes-cli.js');
const source = readFileSync(bundle, 'utf8');
// Keyed by the bundle file itself (V8 checks only the source's length before trusting a cache); hashing it would load crypto.
const file = statSync(bundle);
const version = `cli-${[file.size, Math.round(file.mtimeMs), file.ino, process.version].join('-')}`;
const cacheFile = path.join(process.env.FOUR_EYES_STATE_DIR ?? path.join(homedir(), '.four-eyes'), 'cache', `${version}-${oneShot ? 'liftoff' : 'tiered'}.v8`);
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// No `import()` can run in this script on Node 20; the build turns the parser's two into `require` (scripts/build.mjs).
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // Written at exit, so the cache holds the functions this run compiled, not just the top level.
  process.once('exit', () => {
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
      // Caches of other bundles or Node versions are dead weight.
      for (const name of readdirSync(path.dirname(cacheFile))) if (name.endsWith('.v8') && !name.startsWith(version)) rmSync(path.join(path.dirname(cacheFile), name), { force: true });
    } catch {
      // A read-only home folder only costs the speed-up.
    }
  });
}
const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
const loaded = { exports: {} as unknown, filename: bundle, id: bundle };
run.call(loaded.exports, loaded.exports, require, loaded, bundle, __dirname);
