// A log's end against the head Four Eyes anchored outside it: a cut, a rewrite or an unvouched tail, and the entry that says so.
import type { Head, LogIntegrity, NewEntry } from './entry';

/**
 * What the log's last entry (`found`) says against the anchored head. `atAnchored`: the hash of the log's entry whose
 * seq is the anchored one, when the log goes past it. Undefined when the log ends where it was anchored.
 */
export function compareHead(found: Head | undefined, anchored: Head, atAnchored?: string): LogIntegrity | undefined {
  const last = found?.seq ?? 0;
  const at = found ? { found } : {};
  if (last < anchored.seq) return { kind: 'cut', seqs: { from: last + 1, to: anchored.seq }, expected: anchored, ...at };
  if (last === anchored.seq) return found?.hash === anchored.hash ? undefined : { kind: 'rewritten', expected: anchored, ...at };
  if (atAnchored !== anchored.hash) return { kind: 'rewritten', expected: anchored, ...at };
  return { kind: 'unvouched', seqs: { from: anchored.seq + 1, to: last }, expected: anchored, ...at };
}

/** The seq and prev of the entry recording `integrity`: after the anchored head and whatever was found, chained to the anchored head. */
export function integrityLink(integrity: LogIntegrity): Head {
  return { seq: Math.max(integrity.expected.seq, integrity.found?.seq ?? 0) + 1, hash: integrity.expected.hash };
}

/** `entries 13–20 were`, or `entry 13 was` for one. */
function entries(seqs: { readonly from: number; readonly to: number }, verb: 'was' | 'are'): string {
  if (seqs.from === seqs.to) return `entry ${seqs.from} ${verb === 'was' ? 'was' : 'is'}`;
  return `entries ${seqs.from}–${seqs.to} ${verb === 'was' ? 'were' : 'are'}`;
}

/** One sentence for people (and for the log, which is English): what happened to the log. */
export function describeIntegrity(integrity: LogIntegrity): string {
  const { expected, found } = integrity;
  const end = found ? `seq ${found.seq}` : 'no entry at all';
  const seqs = integrity.seqs ?? { from: expected.seq, to: expected.seq };
  switch (integrity.kind) {
    case 'cut':
      return `The action log ended at ${end}, but Four Eyes had anchored seq ${expected.seq}: ${entries(seqs, 'was')} removed from outside Four Eyes.`;
    case 'rewritten':
      return `The action log's entry seq ${expected.seq} is not the one Four Eyes wrote and anchored (hash ${expected.hash.slice(0, 12)}…): the log was rewritten from outside Four Eyes, up to ${end}.`;
    case 'unvouched':
      return `The action log goes on past the entry Four Eyes last anchored (seq ${expected.seq}): ${entries(seqs, 'are')} not anchored, written by a window that stopped before anchoring them or by something other than Four Eyes.`;
  }
}

/** The entry the store appends, chained to the anchored head, when the log does not end there. */
export function integrityEntry(integrity: LogIntegrity, id: string, time: string): NewEntry {
  const seqs = integrity.seqs ? ` ${integrity.seqs.from === integrity.seqs.to ? integrity.seqs.from : `${integrity.seqs.from}–${integrity.seqs.to}`}` : '';
  const summary = integrity.kind === 'cut' ? `entries${seqs} removed` : integrity.kind === 'rewritten' ? `rewritten before seq ${integrity.expected.seq + 1}` : `entries${seqs} not vouched for`;
  return {
    id,
    time,
    actor: { kind: 'unknown', evidence: 'the action log store' },
    channel: 'log',
    commandLine: `(action log ${summary})`,
    assessment: { level: integrity.kind === 'unvouched' ? 'high' : 'critical', rules: [] },
    decision: { kind: 'observed', by: 'four-eyes', reason: describeIntegrity(integrity) },
    integrity,
  };
}

/** Whether a parsed line is the store's record of `integrity`, with the shape `integrityEntry` gives it. */
export function integrityOf(value: unknown): LogIntegrity | undefined {
  const entry = value as Partial<NewEntry> | null;
  if (entry === null || typeof entry !== 'object' || entry.channel !== 'log') return undefined;
  const integrity = entry.integrity;
  if (!integrity || typeof integrity !== 'object' || !isHead(integrity.expected) || (integrity.found !== undefined && !isHead(integrity.found))) return undefined;
  return integrity.kind === 'cut' || integrity.kind === 'rewritten' || integrity.kind === 'unvouched' ? integrity : undefined;
}

function isHead(value: unknown): value is Head {
  const head = value as Partial<Head> | null;
  return head !== null && typeof head === 'object' && Number.isSafeInteger(head.seq) && typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash);
}
