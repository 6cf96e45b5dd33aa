// Writes the launcher agents' hooks run and the code cache it vouches for. The cache comes from a CLI run through a
// pipe, and is hashed as received: no file an agent could swap in between is ever vouched for.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nodeCodeVariables, posixLauncher, verifierScript, windowsLauncher, type CliTrust, type LauncherSettings } from '../core/hooks/launcher';
import { endpointVariables } from '../protocol/broker';
import { launcherPath, stateDirectory } from './state';

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hashes of the CLI's files as they are on disk now: for tests and the benchmark (the extension has its build's). */
export function cliHashesOnDisk(cli: string): Pick<CliTrust, 'loader' | 'bundle'> {
  return { loader: sha256(readFileSync(cli)), bundle: sha256(readFileSync(path.join(path.dirname(cli), 'four-eyes-cli.js'))) };
}

/** Write the launcher (by default the fixed one hooks run); returns its path. */
export async function writeLauncherFile(settings: LauncherSettings, file = launcherPath()): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const windows = file.endsWith('.cmd');
  // Written aside and renamed in: a hook starting meanwhile runs the old launcher or the new one, never half of one.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, windows ? windowsLauncher(settings) : posixLauncher(settings), { mode: 0o755 });
  if (!windows) await chmod(temporary, 0o755);
  await rename(temporary, file);
  return file;
}

/** Caches older than this, other than the newest, belong to no launcher any more (another window's stays a while). */
const staleCacheMs = 10 * 60 * 1000;

/**
 * The cache a hook run makes for an everyday command (decided locally, no broker): it holds the functions hooks run.
 * Its report and state go to a throwaway folder, so the warm-up leaves nothing in any log.
 */
async function runForCache(settings: LauncherSettings): Promise<Buffer | undefined> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'four-eyes-cache-'));
  try {
    return await new Promise<Buffer | undefined>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', FOUR_EYES_STATE_DIR: scratch };
      for (const name of [...nodeCodeVariables, endpointVariables.socket, endpointVariables.token]) delete env[name];
      const script = verifierScript(settings.cli, settings.trust.loader, { bundle: settings.trust.bundle, makeCache: true });
      const child = spawn(settings.node, ['-e', script, '--', settings.cli, 'hook', 'claude-code'], { env, cwd: scratch, stdio: ['pipe', 'ignore', 'ignore', 'pipe'], timeout: 60_000 });
      const chunks: Buffer[] = [];
      child.stdio[3]?.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.once('error', () => resolve(undefined));
      child.once('close', (code) => resolve(code === 0 && chunks.length > 0 ? Buffer.concat(chunks) : undefined));
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(JSON.stringify({ session_id: 'four-eyes-cache', cwd: scratch, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform version' } }));
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Make the code cache for this CLI and store it under its own hash; the launcher written with it then vouches for
 * exactly those bytes. Undefined when none could be made (the hooks only run slower).
 */
export async function makeCodeCache(settings: LauncherSettings, directory = path.join(stateDirectory(), 'cache')): Promise<CliTrust['cache']> {
  const data = await runForCache(settings);
  if (!data) return undefined;
  const hash = sha256(data);
  const file = path.join(directory, `${hash}.v8`);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data, { mode: 0o600 });
  await rename(temporary, file);
  const now = Date.now();
  for (const name of await readdir(directory)) {
    const other = path.join(directory, name);
    if (other === file) continue;
    const changed = await stat(other).then((info) => info.mtimeMs, () => now);
    if (now - changed > staleCacheMs) await rm(other, { force: true, recursive: true });
  }
  return { file, sha256: hash };
}
