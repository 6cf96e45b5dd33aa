// Checks an action log's hash chain line by line, on raw bytes: a million entries must verify in seconds.
import { hash } from 'node:crypto';
import { genesis, hashSuffixLength } from './chain';
import type { Head, LogIntegrity } from './entry';
import { integrityLink, integrityOf } from './integrity';

export interface LineAt {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

export interface VerifyResult {
  readonly intact: boolean;
  readonly entries: number;
  readonly files: number;
  /** The first place the chain breaks; later breaks usually follow from it. */
  readonly firstBroken?: LineAt & { readonly seq?: number; readonly reason: string };
  /** Lines cut short by a crash mid-write: tolerated, and reported. */
  readonly torn: readonly LineAt[];
  /** The store's own records of a cut, a rewrite or an unvouched tail, each where the chain breaks exactly as it says. */
  readonly recorded: readonly RecordedIntegrity[];
  /** The last entry read. */
  readonly last?: Head;
  /** The hash of the entry whose seq was asked for (`hashOf`), when there is one. */
  readonly hashAt?: string;
}

/** Where the store recorded that the log did not end at its anchored head; the chain breaks there, as recorded. */
export interface RecordedIntegrity extends LineAt {
  readonly seq: number;
  readonly time: string;
  readonly integrity: LogIntegrity;
}

const seqPrefix = Buffer.from('{"seq":');
const prevPrefix = Buffer.from(',"prev":"');
const hashPrefix = Buffer.from(',"hash":"');
const quote = 0x22;
const closingBrace = 0x7d;
const comma = 0x2c;

function matchesAt(bytes: Uint8Array, offset: number, expected: Uint8Array): boolean {
  for (let index = 0; index < expected.length; index++) if (bytes[offset + index] !== expected[index]) return false;
  return true;
}

/**
 * The seq of the line `bytes[start, end)` if it is shaped like a stored entry (fixed start and end, see `chain.ts`),
 * or -1; the hash is not checked.
 */
export function lineSeq(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const length = end - start;
  if (length < 157 || !matchesAt(bytes, start, seqPrefix)) return -1;
  let seq = 0;
  let index = start + seqPrefix.length;
  // No leading zero and at most 15 digits: the canonical form of a safe integer.
  if (bytes[index] === 0x30) return -1;
  for (; index < start + 22 && bytes[index] >= 0x30 && bytes[index] <= 0x39; index++) seq = seq * 10 + bytes[index] - 0x30;
  if (index === start + seqPrefix.length || end < index + 149 || !matchesAt(bytes, index, prevPrefix) || bytes[index + 73] !== quote) return -1;
  if (!matchesAt(bytes, end - hashSuffixLength, hashPrefix) || bytes[end - 2] !== quote || bytes[end - 1] !== closingBrace) return -1;
  return seq;
}

/** Where `prev`'s 64 hex digits start in a line whose seq is `seq`. */
function prevStart(seq: number): number {
  let digits = 1;
  for (let rest = seq; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return seqPrefix.length + digits + prevPrefix.length;
}

/** Fed each line of a log's files in order; `end()` says whether the chain holds and where it first breaks. */
export class ChainVerifier {
  private previousHash = genesis;
  /** The seq the next entry must have; undefined until the first entry when verifying from the middle of a log. */
  private expected: number | undefined;
  private counted = 0;
  private files = 0;
  private file: string | undefined;
  /** The last entry's seq; 0 before the first. */
  private previousSeq = 0;
  private hashAt: string | undefined;
  private readonly recorded: RecordedIntegrity[] = [];
  private firstBroken: VerifyResult['firstBroken'];
  private readonly torn: LineAt[] = [];
  /** Lines that are not entries, waiting to learn whether the chain runs across them (torn) or not (broken). */
  private pending: LineAt[] = [];

  private readonly hashOf: number | undefined;

  /**
   * `fromStart`: the lines begin at the log's first entry (seq 1, prev all zeros), not somewhere in its middle.
   * `hashOf`: a seq whose entry's hash to report (`hashAt`), to hold it against an anchored head.
   */
  constructor(options: { fromStart?: boolean; hashOf?: number } = {}) {
    this.expected = options.fromStart === false ? undefined : 1;
    this.hashOf = options.hashOf;
  }

  /** Entries read so far, for progress. */
  get entries(): number {
    return this.counted;
  }

  /** Announces a file, so that an empty one is counted too; `line()` does this itself when the file changes. */
  startFile(file: string): void {
    if (file === this.file) return;
    // A write cut short at the end of a file leaves its last line torn; the next file carries on from the entry before.
    this.torn.push(...this.pending);
    this.pending = [];
    this.file = file;
    this.files++;
  }

  /** One line without its newline; `number` is 1-based within `file`. */
  line(bytes: Uint8Array, file: string, number: number): void {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.lineAt(buffer, 0, buffer.length, file, number);
  }

  /**
   * The line `buffer[start, end)`, read in place: a million lines need no copies. One byte is borrowed while hashing
   * and put back.
   */
  lineAt(buffer: Buffer, start: number, end: number, file: string, number: number): void {
    if (file !== this.file) this.startFile(file);
    const seq = lineSeq(buffer, start, end);
    if (seq < 0) {
      this.pending.push({ file, line: number });
      return;
    }
    this.counted++;
    // The canonical form is the line with `}` where its hash member starts.
    const suffix = end - hashSuffixLength;
    buffer[suffix] = closingBrace;
    const digest = hash('sha256', buffer.subarray(start, suffix + 1), 'hex');
    buffer[suffix] = comma;
    const stored = buffer.toString('latin1', end - 66, end - 2);
    const edited = stored !== digest;
    const inOrder = this.expected === undefined || seq === this.expected;
    const prev = start + prevStart(seq);
    const prevHash = buffer.toString('latin1', prev, prev + 64);
    const follows = this.expected === undefined || prevHash === this.previousHash;
    // A break is parsed (rarely): the store's own record of a cut explains one that is exactly as it says.
    const recorded = !edited && (!inOrder || !follows) ? this.recordedAt(buffer, start, end, seq, prevHash) : undefined;
    if (this.pending.length > 0) {
      if (!edited && ((inOrder && follows) || recorded)) this.torn.push(...this.pending);
      else this.broken(this.pending[0], undefined, 'not a log entry');
      this.pending = [];
    }
    if (recorded) this.recorded.push({ file, line: number, seq, ...recorded });
    else if (edited) this.broken({ file, line: number }, seq, 'edited (hash does not match)');
    else if (!inOrder) this.broken({ file, line: number }, seq, `an entry is missing or out of order (expected seq ${this.expected}, found ${seq})`);
    else if (!follows) this.broken({ file, line: number }, seq, 'does not follow the entry before it (prev does not match)');
    if (seq === this.hashOf) this.hashAt = stored;
    // Carry on from this entry, so one break is reported once rather than at every entry after it.
    this.expected = seq + 1;
    this.previousSeq = seq;
    this.previousHash = stored;
  }

  /** The store's record of a cut at this line, if the line is one and the break before it is exactly the one it records. */
  private recordedAt(buffer: Buffer, start: number, end: number, seq: number, prevHash: string): { time: string; integrity: LogIntegrity } | undefined {
    let parsed: { time?: unknown };
    try {
      parsed = JSON.parse(buffer.toString('utf8', start, end)) as { time?: unknown };
    } catch {
      return undefined;
    }
    const integrity = integrityOf(parsed);
    if (!integrity || typeof parsed.time !== 'string') return undefined;
    const previous = this.previousSeq > 0 ? { seq: this.previousSeq, hash: this.previousHash } : undefined;
    const found = integrity.found;
    const sameFound = found === undefined ? previous === undefined : previous !== undefined && found.seq === previous.seq && found.hash === previous.hash;
    const link = integrityLink(integrity);
    return sameFound && seq === link.seq && prevHash === link.hash ? { time: parsed.time, integrity } : undefined;
  }

  end(): VerifyResult {
    this.torn.push(...this.pending);
    this.pending = [];
    return {
      intact: this.firstBroken === undefined,
      entries: this.counted,
      files: this.files,
      ...(this.firstBroken ? { firstBroken: this.firstBroken } : {}),
      torn: [...this.torn],
      recorded: [...this.recorded],
      ...(this.previousSeq > 0 ? { last: { seq: this.previousSeq, hash: this.previousHash } } : {}),
      ...(this.hashAt === undefined ? {} : { hashAt: this.hashAt }),
    };
  }

  private broken(at: LineAt, seq: number | undefined, reason: string): void {
    this.firstBroken ??= { file: at.file, line: at.line, ...(seq === undefined ? {} : { seq }), reason };
  }
}
