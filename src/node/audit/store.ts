// The action log on disk (DESIGN §7): chained JSON Lines that every window of a workspace appends to, rotated by size.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync, writeSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { chain, genesis } from '../../core/audit/chain';
import type { LogEntry, NewEntry } from '../../core/audit/entry';
import { lineSeq, type LineAt, type VerifyResult } from '../../core/audit/verify';
import { forEachLineBackward } from './lines';
import { FileLock } from './lock';
import { lastEntry, logFiles, readEntries, rotatedFile, rotatedFiles } from './logFiles';
import { verifyFiles } from './verifyFiles';

const newline = 0x0a;

interface Tail {
  readonly seq: number;
  readonly hash: string;
}

function missing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function writeAll(descriptor: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written);
}

export class LogStore {
  private readonly maxBytes: number;
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  /** The file as this process last left it; if it still looks the same, no other process wrote since. */
  private written: (Tail & { readonly ino: number; readonly size: number }) | undefined;
  private opened: { readonly descriptor: number; readonly ino: number } | undefined;
  private readonly lock: FileLock;

  /** `maxBytes`: the size past which the file is rotated (16 MiB unless given). */
  constructor(
    readonly file: string,
    options: { maxBytes?: number } = {},
  ) {
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    mkdirSync(path.dirname(file), { recursive: true });
    this.lock = new FileLock(`${file}.lock`, file);
  }

  /** Numbers, chains and writes one entry, under a lock other windows' appends respect. */
  append(entry: NewEntry): LogEntry {
    const logged = this.lock.run(() => this.appendLocked(entry));
    for (const listener of this.listeners) {
      try {
        listener(logged);
      } catch (error) {
        // The entry is written either way; a failing listener is reported as uncaught instead of failing the append.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    return logged;
  }

  /** Entries this process appends, after they are written. */
  onDidAppend(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rotated files oldest first, then the current file; only those that exist. */
  files(): string[] {
    return logFiles(this.file);
  }

  /** Every complete entry across the files, in order; torn lines are skipped. */
  read(): LogEntry[] {
    return this.readAll().entries;
  }

  readAll(): { entries: LogEntry[]; torn: LineAt[] } {
    return readEntries(this.files());
  }

  /** Entries after `seq`, read from the end: cheap when other windows wrote only a few since. */
  readAfter(seq: number): LogEntry[] {
    const found = this.readBackward((entrySeq) => entrySeq > seq);
    // A window rotating the file between listing and reading hides the entries it moved; a second look finds them.
    return found.length > 0 && found[0].seq !== seq + 1 ? this.readBackward((entrySeq) => entrySeq > seq) : found;
  }

  /** The last `count` entries, read from the end. */
  tail(count: number): LogEntry[] {
    return this.readBackward((_, found) => found < count);
  }

  verify(): VerifyResult {
    return verifyFiles(this.files());
  }

  private appendLocked(entry: NewEntry): LogEntry {
    try {
      let file = this.current();
      const known = this.written && this.written.ino === file.ino && this.written.size === file.size ? this.written : undefined;
      const tail = known ?? this.lastOnDisk(file.descriptor, file.size);
      const { entry: logged, line } = chain(entry, tail.seq + 1, tail.hash);
      let bytes = Buffer.from(`${line}\n`);
      if (file.size > 0 && file.size + bytes.length > this.maxBytes) {
        this.close();
        const numbers = rotatedFiles(this.file).map((rotated) => rotated.number);
        renameSync(this.file, rotatedFile(this.file, Math.max(0, ...numbers) + 1));
        file = this.current();
      } else if (!known && file.size > 0 && !this.endsWithNewline(file.descriptor, file.size)) {
        // A torn last line (a crash mid-write): the new entry starts a line of its own.
        bytes = Buffer.concat([Buffer.from('\n'), bytes]);
      }
      writeAll(file.descriptor, bytes);
      this.written = { ino: file.ino, size: file.size + bytes.length, seq: logged.seq, hash: logged.hash };
      return logged;
    } catch (error) {
      // Whatever went wrong, the next append starts from a freshly opened file.
      this.close();
      throw error;
    }
  }

  /**
   * The current file, kept open between appends (an open and a close cost more than the rest of an append) for as
   * long as it is still the file at this path: another window may have rotated it away.
   */
  private current(): { descriptor: number; ino: number; size: number } {
    let onDisk: Stats | undefined;
    try {
      onDisk = statSync(this.file);
    } catch (error) {
      if (!missing(error)) throw error;
    }
    if (this.opened && onDisk?.ino === this.opened.ino) return { ...this.opened, size: onDisk.size };
    this.close();
    const descriptor = openSync(this.file, 'a+', 0o600);
    const stat = fstatSync(descriptor);
    this.opened = { descriptor, ino: stat.ino };
    return { descriptor, ino: stat.ino, size: stat.size };
  }

  /** Lets go of the open file; the next append opens it again. */
  close(): void {
    if (!this.opened) return;
    const { descriptor } = this.opened;
    this.opened = undefined;
    closeSync(descriptor);
  }

  private endsWithNewline(descriptor: number, size: number): boolean {
    const last = Buffer.alloc(1);
    readSync(descriptor, last, 0, 1, size - 1);
    return last[0] === newline;
  }

  /** The last entry on disk: in the current file, or, when it has none yet, in the newest rotated file. */
  private lastOnDisk(descriptor: number, size: number): Tail {
    const current = size > 0 ? lastEntry(descriptor, size) : undefined;
    if (current) return current;
    for (const rotated of rotatedFiles(this.file).reverse()) {
      const found = this.lastIn(rotated.file);
      if (found) return found;
    }
    return { seq: 0, hash: genesis };
  }

  private lastIn(file: string): Tail | undefined {
    const descriptor = openSync(file, 'r');
    try {
      return lastEntry(descriptor, fstatSync(descriptor).size);
    } finally {
      closeSync(descriptor);
    }
  }

  /** Entries from the newest back, in file order, for as long as `wanted` says so. */
  private readBackward(wanted: (seq: number, found: number) => boolean): LogEntry[] {
    const newestFirst: LogEntry[] = [];
    for (const file of this.files().reverse()) {
      let reached = false;
      let descriptor: number;
      try {
        descriptor = openSync(file, 'r');
      } catch (error) {
        if (missing(error)) continue;
        throw error;
      }
      try {
        forEachLineBackward(descriptor, fstatSync(descriptor).size, (line) => {
          const seq = lineSeq(line);
          if (seq < 0) return true;
          if (!wanted(seq, newestFirst.length)) {
            reached = true;
            return false;
          }
          newestFirst.push(JSON.parse(line.toString('utf8')) as LogEntry);
          return true;
        });
      } finally {
        closeSync(descriptor);
      }
      if (reached) break;
    }
    return newestFirst.reverse();
  }
}
