// A log's head kept outside the files agents write (the extension's storage), MAC'd with a key from the editor's
// SecretStorage: a log cut or rewritten with recomputed hashes no longer ends where its anchor says.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { Head } from '../../core/audit/entry';

/** A short name for the log `logFile`, the same from every window: its anchor's file name, and its head's key in SecretStorage. */
export function anchorName(logFile: string): string {
  return createHash('sha256').update(path.resolve(logFile)).digest('hex').slice(0, 32);
}

/** Where the anchor of the log `logFile` lives in `directory` (the extension's global storage): one file per log. */
export function anchorFile(directory: string, logFile: string): string {
  return path.join(directory, 'log-anchors', `${anchorName(logFile)}.json`);
}

/** A head as stored (the SecretStorage copy), or undefined when it is not one. */
export function parseHead(text: string | undefined): Head | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return isHead(parsed) ? { seq: parsed.seq, hash: parsed.hash } : undefined;
  } catch {
    return undefined;
  }
}

/** The later of two heads: seqs only grow, so the higher one is the newer anchor. */
export function laterHead(a: Head | undefined, b: Head | undefined): Head | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}

function isHead(value: unknown): value is Head {
  const head = value as Partial<Head> | null;
  return head !== null && typeof head === 'object' && Number.isSafeInteger(head.seq) && (head.seq ?? 0) > 0 && typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash);
}

/**
 * The anchor of one log. Written at the end of each burst of appends, under the log's lock, so every window of a
 * workspace holds the log to the same head. Anyone with the user's rights can write the file, which is why it carries
 * a MAC: without the key, a rewritten log cannot be given an anchor that matches it.
 */
export class LogAnchor {
  private key: Buffer;
  /** A head kept elsewhere (the copy in SecretStorage): an anchor file rolled back behind it does not count. */
  private floor: Head | undefined;

  constructor(
    private readonly logFile: string,
    readonly file: string,
    options: { key: Buffer; floor?: Head },
  ) {
    this.key = options.key;
    this.floor = options.floor;
  }

  /** Another window created the key first: take theirs, so anchors written by either window check. */
  setKey(key: Buffer): void {
    this.key = key;
  }

  private mac(head: Head): string {
    return createHmac('sha256', this.key).update(`four-eyes-log-anchor-v1\n${path.resolve(this.logFile)}\n${head.seq}\n${head.hash}`).digest('hex');
  }

  /** The anchored head: the file's if its MAC checks, or the floor if that is later; undefined when neither is known. */
  read(): Head | undefined {
    return laterHead(this.readFile(), this.floor);
  }

  private readFile(): Head | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    let parsed: { seq?: unknown; hash?: unknown; mac?: unknown };
    try {
      // The first line only: a crash between writing and cutting to length can leave an older, longer end behind.
      const end = text.indexOf('\n');
      parsed = JSON.parse(end < 0 ? text : text.slice(0, end)) as typeof parsed;
    } catch {
      return undefined;
    }
    const head = { seq: parsed.seq, hash: parsed.hash };
    if (!isHead(head) || typeof parsed.mac !== 'string' || parsed.mac.length !== 64) return undefined;
    return timingSafeEqual(Buffer.from(parsed.mac, 'latin1'), Buffer.from(this.mac(head), 'latin1')) ? { seq: head.seq, hash: head.hash } : undefined;
  }

  /** Written in place (no rename: this runs at the end of every burst of appends), then cut to length. */
  write(head: Head): void {
    const text = `${JSON.stringify({ version: 1, log: path.resolve(this.logFile), seq: head.seq, hash: head.hash, mac: this.mac(head) })}\n`;
    let descriptor: number;
    try {
      descriptor = openSync(this.file, constants.O_WRONLY | constants.O_CREAT, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      descriptor = openSync(this.file, constants.O_WRONLY | constants.O_CREAT, 0o600);
    }
    try {
      const bytes = Buffer.from(text);
      writeSync(descriptor, bytes, 0, bytes.length, 0);
      ftruncateSync(descriptor, bytes.length);
    } finally {
      closeSync(descriptor);
    }
  }
}
