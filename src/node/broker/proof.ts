// Whether a process is this user's editor window, from the kernel's facts rather than a file's word: what a registry
// entry or a router registration names counts only when the process behind it passes.
import { readdirSync, readFileSync } from 'node:fs';
import { alive } from '../alive';
import { holdsSocket, processExecutable, processOwner, processStart } from './peer';

/** What a window says of its process, checked against the kernel. */
export interface ProcessClaim {
  readonly pid: number;
  /** `/proc/<pid>/stat` field 22 when the window registered: a reused pid started later. */
  readonly started?: string;
}

/** Whether this platform can check a claim; elsewhere a live pid is all there is (README "Limits"). */
export function claimsCheckable(): boolean {
  return process.platform === 'linux';
}

/** The claim for this process, as a window writes it. */
export function ownClaim(): ProcessClaim {
  const started = claimsCheckable() ? processStart(process.pid) : undefined;
  return { pid: process.pid, ...(started ? { started } : {}) };
}

function parent(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || undefined;
  } catch {
    return undefined;
  }
}

/** `pid` is this process or one of its ancestors: the editor that started us (an extension's agent, a test). */
function aboveUs(pid: number): boolean {
  for (let current: number | undefined = process.pid, steps = 0; current !== undefined && current > 1 && steps < 64; current = parent(current), steps++) {
    if (current === pid) return true;
  }
  return false;
}

/** VS Code's extension host, desktop or server (code-server), as it is started: its entry point or its `--type`. */
function extensionHost(pid: number): boolean {
  try {
    const environment = readFileSync(`/proc/${pid}/environ`, 'utf8');
    if (/(^|\0)VSCODE_(ESM|AMD)_ENTRYPOINT=vs\/workbench\/api\/node\/extensionHostProcess(\0|$)/.test(environment)) return true;
  } catch {
    // Not readable: the command line below may still say it.
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--type=extensionHost');
  } catch {
    return false;
  }
}

/**
 * Why `claim` is not this user's editor process holding one of `sockets` (the listening inodes of its address), or
 * undefined when it is: alive, ours, started when it said, holding the socket, running our runtime, and an extension
 * host (or the process that started us).
 */
export function disproof(claim: ProcessClaim, sockets: () => readonly number[]): string | undefined {
  if (!alive(claim.pid)) return `process ${String(claim.pid)} is not one of this user's running processes`;
  if (!claimsCheckable()) return undefined;
  if (processOwner(claim.pid) !== process.getuid?.()) return `process ${claim.pid} belongs to another user`;
  if (!claim.started || processStart(claim.pid) !== claim.started) return `process ${claim.pid} is not the one that registered (its start time differs)`;
  if (!holdsSocket(claim.pid, sockets())) return `process ${claim.pid} does not hold the broker's socket`;
  const runtime = processExecutable('self');
  if (!runtime || processExecutable(claim.pid) !== runtime) return `process ${claim.pid} does not run the editor's runtime`;
  if (!extensionHost(claim.pid) && !aboveUs(claim.pid)) return `process ${claim.pid} is not an editor's extension host`;
  return undefined;
}

/** The process of ours running our runtime that holds one of `inodes`: only such processes' descriptors are read. */
export function socketHolder(inodes: readonly number[]): number | undefined {
  const runtime = processExecutable('self');
  if (inodes.length === 0 || !runtime) return undefined;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1 || processExecutable(pid) !== runtime) continue;
    if (holdsSocket(pid, inodes)) return pid;
  }
  return undefined;
}
