// Which terminal a process descends from: walk its parents up to a terminal's shell.
import * as vscode from 'vscode';
import type { TerminalFacts } from '../core/approval/actor';
import { ancestry } from '../node/broker/peer';

/** The terminal whose shell `pid` runs under, if any. */
export async function terminalOf(pid: number): Promise<vscode.Terminal | undefined> {
  return terminalAmong(await ancestry(pid));
}

/** The terminal whose shell is one of `chain` (a process and its ancestors, nearest first). */
export async function terminalAmong(chain: readonly number[]): Promise<vscode.Terminal | undefined> {
  const shells = await Promise.all(vscode.window.terminals.map(async (terminal) => ({ terminal, pid: await terminal.processId })));
  for (const ancestor of chain) {
    const found = shells.find((shell) => shell.pid === ancestor);
    if (found) return found.terminal;
  }
  return undefined;
}

/** Where unrelated commands meet: every terminal's shell and its ancestors, and the editor's own processes. */
export async function sharedProcesses(): Promise<ReadonlySet<number>> {
  const shells = await Promise.all(vscode.window.terminals.map((terminal) => terminal.processId));
  const chains = await Promise.all([process.pid, ...shells.filter((pid): pid is number => pid !== undefined)].map((pid) => ancestry(pid)));
  return new Set(chains.flat());
}

export function terminalFacts(terminal: vscode.Terminal): TerminalFacts {
  const options = terminal.creationOptions as vscode.TerminalOptions;
  return { name: terminal.name, hidden: options.hideFromUser === true, ...(options.env ? { env: options.env } : {}) };
}
