// Which terminal a process descends from: walk its parents up to a terminal's shell.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { TerminalFacts } from '../core/approval/actor';

async function parentOf(pid: number): Promise<number | undefined> {
  if (process.platform === 'linux') {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // The command name can hold spaces and parentheses: the fields start after the last `)`.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent > 0 ? parent : undefined;
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'darwin') {
    return new Promise((resolve) => execFile('ps', ['-o', 'ppid=', '-p', String(pid)], (error, stdout) => resolve(error ? undefined : Number(stdout.trim()) || undefined)));
  }
  return undefined;
}

/** The process and its ancestors, nearest first. */
export async function ancestry(pid: number, limit = 64): Promise<number[]> {
  const chain = [pid];
  let current: number | undefined = pid;
  while (chain.length < limit && current !== undefined && current > 1) {
    current = await parentOf(current);
    if (current !== undefined) chain.push(current);
  }
  return chain;
}

/** The terminal whose shell `pid` runs under, if any. */
export async function terminalOf(pid: number): Promise<vscode.Terminal | undefined> {
  const chain = await ancestry(pid);
  const shells = await Promise.all(vscode.window.terminals.map(async (terminal) => ({ terminal, pid: await terminal.processId })));
  for (const ancestor of chain) {
    const found = shells.find((shell) => shell.pid === ancestor);
    if (found) return found.terminal;
  }
  return undefined;
}

export function terminalFacts(terminal: vscode.Terminal): TerminalFacts {
  const options = terminal.creationOptions as vscode.TerminalOptions;
  return { name: terminal.name, hidden: options.hideFromUser === true, ...(options.env ? { env: options.env } : {}) };
}
