// Runs one command in @anthropic-ai/sandbox-runtime (bubblewrap on Linux, Seatbelt on macOS), loaded only when a sandbox is wanted.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import * as path from 'node:path';
import type { SandboxFilesystem } from '../../core/sandbox/filesystem';

type Runtime = typeof import('@anthropic-ai/sandbox-runtime');
type RuntimeConfig = import('@anthropic-ai/sandbox-runtime').SandboxRuntimeConfig;

const runtimePackage = '@anthropic-ai/sandbox-runtime';

/** An installed .vsix may not keep the executable bit of the runtime's seccomp helper; without it the runtime runs nothing. */
function keepHelperExecutable(): void {
  const helper = path.join(__dirname, 'vendor', 'seccomp', process.arch, 'apply-seccomp');
  try {
    if ((statSync(helper).mode & 0o111) === 0) chmodSync(helper, 0o755);
  } catch {
    // Not bundled (running from source), or not ours to change: the runtime says what it misses.
  }
}

/** The runtime: its own bundle next to ours (dist/sandbox-runtime.js), or the package when running from source. */
function loadRuntime(): Runtime {
  const bundled = path.join(__dirname, 'sandbox-runtime.js');
  keepHelperExecutable();
  // Required on demand: half a megabyte the hook and shim verbs never load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(existsSync(bundled) ? bundled : runtimePackage) as Runtime;
}

export interface SandboxStatus {
  readonly available: boolean;
  /** Why not, for people: "bubblewrap (bwrap) not installed". */
  readonly reason?: string;
}

/** Whether bubblewrap can make the namespaces it needs here (user namespaces can be off, or stripped by AppArmor). */
function bubblewrapWorks(): string | undefined {
  const probe = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-user-try', '--unshare-pid', '--proc', '/proc', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status === 0) return undefined;
  const said = (probe.stderr || probe.error?.message || `exit ${probe.status ?? probe.signal}`).trim().split('\n')[0];
  return `bubblewrap cannot start a sandbox here (are user namespaces off?): ${said}`;
}

/**
 * Whether `four-eyes sandbox` can isolate a command on this machine, and why not; for the CLI and the Risk view.
 * `dependencies: false` leaves the runtime's own check of its programs to its start, which makes it anyway.
 */
export function sandboxStatus(options: { readonly dependencies?: boolean } = {}): SandboxStatus {
  if (process.platform !== 'linux' && process.platform !== 'darwin') return { available: false, reason: `no agent sandbox on ${process.platform} yet` };
  let runtime: Runtime;
  try {
    runtime = loadRuntime();
  } catch (error) {
    return { available: false, reason: `the sandbox runtime cannot be loaded: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!runtime.SandboxManager.isSupportedPlatform()) return { available: false, reason: `the sandbox runtime does not support this ${process.platform} system` };
  const { errors } = options.dependencies === false ? { errors: [] } : runtime.SandboxManager.checkDependencies();
  if (errors.length > 0) return { available: false, reason: errors.join('; ') };
  const broken = process.platform === 'linux' ? bubblewrapWorks() : undefined;
  return broken ? { available: false, reason: broken } : { available: true };
}

/** `'it'\''s'`: one word for sh whatever it holds. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** An exit code as a shell reports it: the code, or 128 + the signal's number. */
function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

export interface SandboxedRun {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly filesystem: SandboxFilesystem;
}

/** The runtime's configuration. No `network.allowedDomains`: the runtime then leaves the network as it is (no namespace, no proxy). */
function runtimeConfig(filesystem: SandboxFilesystem): RuntimeConfig {
  const config = {
    network: { deniedDomains: [] },
    filesystem: { denyRead: [...filesystem.denyRead], allowRead: [], allowWrite: [...filesystem.allowWrite], denyWrite: [...filesystem.denyWrite] },
  };
  return config as unknown as RuntimeConfig;
}

/** Runs `argv` in the sandbox with stdio inherited; resolves to its exit code. */
export async function runSandboxed(run: SandboxedRun): Promise<number> {
  const { SandboxManager } = loadRuntime();
  // The runtime resolves relative rules against the process's own directory.
  process.chdir(run.cwd);
  await SandboxManager.initialize(runtimeConfig(run.filesystem));
  try {
    const wrapped = await SandboxManager.wrapWithSandbox(`exec ${run.argv.map(shellWord).join(' ')}`);
    const child = spawn('/bin/sh', ['-c', wrapped], { cwd: run.cwd, env: run.environment, stdio: 'inherit' });
    // bubblewrap starts a new session, so a terminal's Ctrl-C reaches only this process: pass it on.
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, forward);
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode, signal) => resolve(exitCodeOf(exitCode, signal)));
    });
    for (const signal of signals) process.off(signal, forward);
    return code;
  } finally {
    SandboxManager.cleanupAfterCommand();
    await SandboxManager.reset();
  }
}
