// Co-signature codes through a folder the team shares: each request and its response as small text files side by side.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { readSettings } from './config';

/** A network or synced folder may not report changes: it is looked at this often while a request waits. */
const pollMs = 1000;

export function sharedFolder(): string | undefined {
  return readSettings()['cosign.sharedFolder'] || undefined;
}

function name(hash: string, kind: 'request' | 'response'): string {
  return `four-eyes-${hash.slice(0, 16)}.${kind}.txt`;
}

export async function writeShared(folder: string, hash: string, kind: 'request' | 'response', code: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, name(hash, kind)), `${code}\n`);
}

export async function removeShared(folder: string, hash: string): Promise<void> {
  await Promise.all((['request', 'response'] as const).map((kind) => rm(path.join(folder, name(hash, kind)), { force: true })));
}

/** The request codes in the folder, unreadable files left out. */
export function sharedRequests(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((file) => /^four-eyes-[0-9a-f]{16}\.request\.txt$/.test(file));
  } catch {
    return [];
  }
  return names.flatMap((file) => {
    try {
      return [readFileSync(path.join(folder, file), 'utf8').trim()];
    } catch {
      return [];
    }
  });
}

/** Calls `found` with each new text of the request's response file, until disposed. */
export function watchResponse(folder: string, hash: string, found: (code: string) => void): vscode.Disposable {
  const file = path.join(folder, name(hash, 'response'));
  let seen = '';
  const timer = setInterval(() => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch {
      return;
    }
    if (!text || text === seen) return;
    seen = text;
    found(text);
  }, pollMs);
  return { dispose: () => clearInterval(timer) };
}
