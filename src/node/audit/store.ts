// The action log on disk (DESIGN §7): chained JSON Lines that every window of a workspace appends to, rotated by size.
import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync, writeSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { chain, genesis } from '../../core/audit/chain';
import type { Head, LogEntry, NewEntry } from '../../core/audit/entry';
import { compareHead, integrityEntry, integrityLink } from '../../core/audit/integrity';
import { lineSeq, type LineAt, type VerifyResult } from '../../core/audit/verify';
import { laterHead, type LogAnchor } from './anchor';
import { forEachLineBackward } from './lines';
import { FileLock } from './lock';
import { lastEntry, logFiles, readEntries, rotatedFile, rotatedFiles } from './logFiles';
import { verifyFiles, type VerifyOptions } from './verifyFiles';
import { prepareMasking } from '../../core/text/mask';

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

export interface LogStoreOptions {
  /** The size past which the file is rotated (16 MiB unless given). */
  readonly maxBytes?: number;
  /**
   * Where the head is anchored outside the log. With one, the store holds the log to it whenever the file is not as
   * this process left it (at `check()` and at appends after another writer): a log that does not end at the anchored
   * head is never chained on from; an entry saying what was found is chained to the anchored head instead.
   */
  readonly anchor?: LogAnchor;
  /** Told of each anchor written, at the end of a burst of appends. */
  readonly onDidAnchor?: (head: Head) => void;
}

export class LogStore {
  private readonly maxBytes: number;
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  /** The file as this process last left it; if it still looks the same, no other process wrote since. */
  private written: (Tail & { readonly ino: number; readonly size: number }) | undefined;
  private opened: { readonly descriptor: number; readonly ino: number } | undefined;
  private readonly lock: FileLock;
  private readonly anchor: LogAnchor | undefined;
  /** The latest head this process anchored or saw anchored: a rolled-back anchor file does not move it back. */
  private anchored: Head | undefined;
  /** Appended since the anchor was last written; it is written when the lock is let go. */
  private unanchored = false;
  /** The record of a broken end just written under the lock, for listeners to hear of once the lock's work is done. */
  private recorded: LogEntry | undefined;
  /** The hold of the lock (see `FileLock.hold`) under which `written` was last made true. */
  private writtenIn = 0;

  constructor(
    readonly file: string,
    private readonly options: LogStoreOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    this.anchor = options.anchor;
    mkdirSync(path.dirname(file), { recursive: true });
    this.lock = new FileLock(`${file}.lock`, file, () => this.writeAnchor());
    // Entries are masked as they are chained, under the lock: its first appends should not pay for compiling the masking.
    prepareMasking();
  }

  /** Numbers, chains and writes one entry, under a lock other windows' appends respect. */
  append(entry: NewEntry): LogEntry {
    let logged: LogEntry;
    try {
      logged = this.lock.run(() => this.appendLocked(entry));
    } finally {
      this.tellRecorded();
    }
    this.tell(logged);
    return logged;
  }

  /**
   * Holds the log to its anchored head now (at start-up, and when the file changes under the editor), as appends do:
   * returns the entry recording a cut, a rewrite or an unvouched tail when there was one. Without an anchor yet, the
   * log's end becomes the anchored head.
   */
  check(): LogEntry | undefined {
    if (!this.anchor || this.unchanged()) return undefined;
    try {
      return this.lock.run(() => {
        const file = this.current();
        const onDisk = this.lastOnDisk(file.descriptor, file.size);
        const known = this.known(file);
        if (known && known.seq === onDisk.seq && known.hash === onDisk.hash) return undefined;
        const recorded = this.holdToAnchor(file, onDisk);
        // Checked: the next append need not look again, unless a torn last line wants a newline first.
        if (!recorded && (file.size === 0 || this.endsWithNewline(file.descriptor, file.size))) {
          this.written = { ino: file.ino, size: file.size, ...onDisk };
          this.writtenIn = this.lock.hold;
        }
        return recorded;
      });
    } finally {
      this.tellRecorded();
    }
  }

  /**
   * The file is as this process left it, by a look that takes no lock (a folder watcher calls `check()` at every
   * change): the same file, the same size, and the same last entry, which a rewrite of equal length would change.
   */
  private unchanged(): boolean {
    const written = this.written;
    const opened = this.opened;
    if (!written || !opened) return false;
    try {
      const stat = statSync(this.file);
      if (stat.ino !== written.ino || stat.size !== written.size || stat.ino !== opened.ino) return false;
      const last = lastEntry(opened.descriptor, stat.size);
      return last?.seq === written.seq && last.hash === written.hash;
    } catch {
      return false;
    }
  }

  /** The head the log is held to, after checking it (see `check()`); undefined without an anchor or before any entry. */
  head(): Head | undefined {
    this.check();
    const anchored = this.anchored;
    return anchored && { seq: anchored.seq, hash: anchored.hash };
  }

  private tell(logged: LogEntry): void {
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
  }

  /** Tells listeners of the record written under the lock, once the lock's work is done. */
  private tellRecorded(): void {
    const recorded = this.recorded;
    if (!recorded) return;
    this.recorded = undefined;
    this.tell(recorded);
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

  /** The chain and the anchored head it is held to (checked first); undefined `anchored` when nothing anchors this log. */
  verifyAnchored(): { result: VerifyResult; anchored: Head | undefined } {
    const { files, options, anchored } = this.toVerify();
    return { result: verifyFiles(files, options), anchored };
  }

  /** What `verifyAnchored()` reads, for a verification elsewhere (a worker thread): the files, and the head checked first. */
  toVerify(): { files: string[]; options: VerifyOptions; anchored: Head | undefined } {
    const anchored = this.head();
    return { files: this.files(), options: anchored ? { hashOf: anchored.seq } : {}, anchored };
  }

  private known(file: { ino: number; size: number }): Tail | undefined {
    return this.written && this.written.ino === file.ino && this.written.size === file.size ? this.written : undefined;
  }

  /** Writes the entry; first the store's record of a broken end, when the file is not as this process left it and the anchor says so. */
  private appendLocked(entry: NewEntry): LogEntry {
    // Within one hold of the lock no window rotates the file, so the open one is still at the path: its size will do.
    const file = this.opened && this.writtenIn === this.lock.hold ? { ...this.opened, size: fstatSync(this.opened.descriptor).size } : this.current();
    const known = this.known(file);
    if (known) return this.write(entry, file, known, true);
    const onDisk = this.lastOnDisk(file.descriptor, file.size);
    const recorded = this.anchor ? this.holdToAnchor(file, onDisk) : undefined;
    if (!recorded) return this.write(entry, file, onDisk, false);
    return this.write(entry, this.current(), recorded, true);
  }

  /** When the log's end is not the anchored head, appends (chained to that head) the entry that says what was found. */
  private holdToAnchor(file: { descriptor: number; ino: number; size: number }, onDisk: Tail): LogEntry | undefined {
    const later = laterHead(this.anchored, this.anchor?.read());
    // Only seq and hash: the head in memory is the last entry written, every member of it.
    const anchored = later && { seq: later.seq, hash: later.hash };
    const found = onDisk.seq > 0 ? onDisk : undefined;
    if (!anchored) {
      // Nothing anchored yet (a new log, or one from before anchoring): its end is where anchoring starts.
      this.anchored = found;
      this.unanchored = found !== undefined;
      return undefined;
    }
    this.anchored = anchored;
    const integrity = compareHead(found, anchored, found && found.seq > anchored.seq ? this.hashOf(anchored.seq) : undefined);
    if (!integrity) return undefined;
    const link = integrityLink(integrity);
    this.recorded = this.write(integrityEntry(integrity, randomUUID(), new Date().toISOString()), file, { seq: link.seq - 1, hash: link.hash }, false);
    return this.recorded;
  }

  /** Chains `entry` after `tail` and writes it; `known`: the file is as this process left it (its last line whole). */
  private write(entry: NewEntry, opened: { descriptor: number; ino: number; size: number }, tail: Tail, known: boolean): LogEntry {
    try {
      let file = opened;
      const { entry: logged, line } = chain(entry, tail.seq + 1, tail.hash);
      let bytes = Buffer.from(`${line}\n`);
      if (file.size > 0 && file.size + bytes.length > this.maxBytes) {
        this.close();
        const numbers = rotatedFiles(this.file).map((rotated) => rotated.number);
        renameSync(this.file, rotatedFile(this.file, Math.max(0, ...numbers) + 1));
        file = this.current();
      } else if (!known && file.size > 0 && !this.endsWithNewline(file.descriptor, file.size)) {
        // A torn last line (a crash mid-write, or a file cut mid-line): the new entry starts a line of its own.
        bytes = Buffer.concat([Buffer.from('\n'), bytes]);
      }
      writeAll(file.descriptor, bytes);
      this.written = { ino: file.ino, size: file.size + bytes.length, seq: logged.seq, hash: logged.hash };
      this.writtenIn = this.lock.hold;
      if (this.anchor) {
        // The entry itself is the head (it has its seq and hash): no copy per append.
        this.anchored = logged;
        this.unanchored = true;
      }
      return logged;
    } catch (error) {
      // Whatever went wrong, the next append starts from a freshly opened file.
      this.close();
      throw error;
    }
  }

  /** Runs as the lock is let go, still holding it: one anchor for a whole burst of appends. */
  private writeAnchor(): void {
    if (!this.anchor || !this.unanchored || !this.anchored) return;
    this.unanchored = false;
    const head = { seq: this.anchored.seq, hash: this.anchored.hash };
    try {
      this.anchor.write(head);
      this.options.onDidAnchor?.(head);
    } catch (error) {
      // The entries are written; a failed anchor only makes the next check report them as unvouched.
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  /** The hash of the entry `seq`, read from the end of the log. */
  private hashOf(seq: number): string | undefined {
    let found: string | undefined;
    this.scanBackward((line, entrySeq) => {
      if (entrySeq === seq) found = line.toString('latin1', line.length - 66, line.length - 2);
      return entrySeq > seq;
    });
    return found;
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
    this.scanBackward((line, seq) => {
      if (!wanted(seq, newestFirst.length)) return false;
      newestFirst.push(JSON.parse(line.toString('utf8')) as LogEntry);
      return true;
    });
    return newestFirst.reverse();
  }

  /** Each entry's line and seq from the newest back, across files, until `visit` returns false. */
  private scanBackward(visit: (line: Buffer, seq: number) => boolean): void {
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
          if (!visit(line, seq)) {
            reached = true;
            return false;
          }
          return true;
        });
      } finally {
        closeSync(descriptor);
      }
      if (reached) break;
    }
  }
}
