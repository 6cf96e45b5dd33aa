// A log is its current file and the files rotated out of it: `action-log.000001.jsonl`, …, then `action-log.jsonl`.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { LogEntry } from '../../core/audit/entry';
import { lineSeq, type LineAt } from '../../core/audit/verify';
import { forEachLine, forEachLineBackward } from './lines';

const digits = 6;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `action-log.jsonl` → `action-log.000007.jsonl`: zero-padded, so name order is age order. */
export function rotatedFile(current: string, number: number): string {
  const extension = path.extname(current);
  return path.join(path.dirname(current), `${path.basename(current, extension)}.${String(number).padStart(digits, '0')}${extension}`);
}

/** The files rotated out of `current`, oldest first, with their numbers. */
export function rotatedFiles(current: string): { file: string; number: number }[] {
  const extension = path.extname(current);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(current, extension))}\\.(\\d{${digits},})${escapeRegExp(extension)}$`);
  let names: string[];
  try {
    names = readdirSync(path.dirname(current));
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const match = pattern.exec(name);
      return match ? [{ file: path.join(path.dirname(current), name), number: Number(match[1]) }] : [];
    })
    .sort((a, b) => a.number - b.number);
}

/** Every existing file of the log whose current file is `current`, oldest first. */
export function logFiles(current: string): string[] {
  return [...rotatedFiles(current).map((rotated) => rotated.file), ...(existsSync(current) ? [current] : [])];
}

/** Whether `file` is named like a file rotated out of a log, rather than a log's current file. */
export function isRotatedFile(file: string): boolean {
  return new RegExp(`\\.\\d{${digits},}(\\.[^.]*)?$`).test(path.basename(file));
}

/** Every complete entry of the files in order; lines that are not entries (torn by a crash) are skipped and listed. */
export function readEntries(files: readonly string[]): { entries: LogEntry[]; torn: LineAt[] } {
  const entries: LogEntry[] = [];
  const torn: LineAt[] = [];
  for (const file of files) {
    try {
      forEachLine(file, (buffer, start, end, line) => {
        if (lineSeq(buffer, start, end) < 0) torn.push({ file, line });
        else entries.push(JSON.parse(buffer.toString('utf8', start, end)) as LogEntry);
      });
    } catch (error) {
      // Rotated away or removed between listing and reading: nothing of it to read.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return { entries, torn };
}

/** The seq and hash of the last entry in an open file, skipping torn lines after it. */
export function lastEntry(descriptor: number, size: number): { seq: number; hash: string } | undefined {
  let found: { seq: number; hash: string } | undefined;
  forEachLineBackward(descriptor, size, (line) => {
    const seq = lineSeq(line);
    if (seq < 0) return true;
    found = { seq, hash: line.toString('latin1', line.length - 66, line.length - 2) };
    return false;
  });
  return found;
}

/** What `readEntriesGradually` hands over at a time, between which the event loop runs. */
const batchSize = 2000;

/**
 * Every complete entry of the files in order, in batches with a turn of the event loop between them: a view loading a
 * long log in the extension host must not hold up the approvals that run there too.
 */
export async function readEntriesGradually(files: readonly string[], onBatch: (entries: LogEntry[]) => void): Promise<void> {
  for (const file of files) {
    let buffer: Buffer;
    try {
      buffer = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    let batch: LogEntry[] = [];
    for (let start = 0; start < buffer.length; ) {
      const found = buffer.indexOf(0x0a, start);
      const end = found === -1 ? buffer.length : found;
      if (lineSeq(buffer, start, end) >= 0) batch.push(JSON.parse(buffer.toString('utf8', start, end)) as LogEntry);
      start = end + 1;
      if (batch.length === batchSize) {
        onBatch(batch);
        batch = [];
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (batch.length) onBatch(batch);
  }
}
