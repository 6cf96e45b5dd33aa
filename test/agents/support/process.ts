// Running an agent CLI and making sure nothing it started outlives the test: its own process group, and then every
// process that still has the sandbox's HOME (daemons and pty sessions leave the group), ended by pid.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Finished {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    if (pid !== 0) process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Spawn in a new process group, wait for exit (or time out), then kill whatever is left of the group. */
export async function runInGroup(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Finished> {
  const started = Date.now();
  const [file, ...args] = command;
  if (!file) throw new Error('no command');
  const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  // Keep at most the last 4 MB of each stream: a misbehaving agent must not exhaust the harness's memory.
  const cap = (text: string): string => (text.length > 4_000_000 ? text.slice(-4_000_000) : text);
  child.stdout.on('data', (chunk: Buffer) => (stdout = cap(stdout + chunk.toString('utf8'))));
  child.stderr.on('data', (chunk: Buffer) => (stderr = cap(stderr + chunk.toString('utf8'))));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    signal(-(child.pid ?? 0), 'SIGKILL');
  }, timeoutMs);
  const [exitCode, exitSignal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, sig) => resolve([code, sig])));
  clearTimeout(timer);
  signal(-(child.pid ?? 0), 'SIGKILL');
  return { exitCode, signal: exitSignal, timedOut, stdout, stderr, durationMs: Date.now() - started };
}

/** Live processes whose environment has HOME=home: only this test's runs use that sandbox folder as their home. */
export function processesWithHome(home: string): number[] {
  const wanted = `HOME=${home}`;
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return [];
    try {
      return readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(wanted) ? [Number(entry)] : [];
    } catch {
      return []; // exited, or not ours to read
    }
  });
}

/** Whether a pid is still in the process table (a zombie counts until its parent, often init, reaps it). */
function present(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pids: readonly number[], deadlineMs: number): Promise<number[]> {
  const end = Date.now() + deadlineMs;
  let left = pids.filter(present);
  while (left.length > 0 && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = left.filter(present);
  }
  return left;
}

/**
 * End every process with the sandbox's HOME (SIGTERM, then SIGKILL), by pid, until a scan finds none; then prove with
 * `ps` that none of those pids, and no process naming the sandbox folder, is left. Returns the pids it ended.
 */
export async function endSandboxProcesses(sandbox: { readonly home: string; readonly root: string }): Promise<number[]> {
  const ended = new Set<number>();
  for (let round = 0; round < 10; round++) {
    const found = processesWithHome(sandbox.home);
    if (found.length === 0) break;
    for (const pid of found) {
      ended.add(pid);
      signal(pid, 'SIGTERM');
    }
    const stubborn = await waitUntilGone(found, 5_000);
    for (const pid of stubborn) signal(pid, 'SIGKILL');
    await waitUntilGone(stubborn, 5_000);
  }
  const listed = spawnSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' }).stdout.split('\n');
  const left = listed.filter((line) => ended.has(Number(line.trim().split(/\s+/)[0])) || line.includes(sandbox.root));
  if (left.length > 0) throw new Error(`processes of the agent run are still there:\n${left.join('\n')}`);
  return [...ended];
}

/** The environment an agent runs with: a few of ours, the sandbox as HOME and TMPDIR, nothing else of this machine's. */
export function sandboxEnvironment(sandbox: { readonly home: string; readonly tmp: string }): NodeJS.ProcessEnv {
  const keep = ['LANG', 'TERM', 'USER', 'LOGNAME', 'SHELL'];
  return {
    ...Object.fromEntries(keep.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]])),
    PATH: process.env.PATH,
    HOME: sandbox.home,
    TMPDIR: sandbox.tmp,
  };
}
