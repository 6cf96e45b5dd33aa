// Numbers and chains action log entries: each entry's hash covers the one before it, so editing or deleting one shows.
import { hash } from 'node:crypto';
import { maskEntry, type LogEntry, type NewEntry } from './entry';

/** The `prev` of entry 1. */
export const genesis = '0'.repeat(64);

/** What ends every stored line after the canonical form's last member: `,"hash":"` (9 bytes), 64 hex digits, `"}`. */
export const hashSuffixLength = 75;

/** Orders strings by Unicode code point, which UTF-16 `<` gets wrong once surrogate pairs meet U+E000–U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left === right) continue;
    const leftSurrogate = left >= 0xd800 && left <= 0xdfff;
    const rightSurrogate = right >= 0xd800 && right <= 0xdfff;
    // A surrogate stands for a code point above U+FFFF, so it sorts after any other unit.
    if (leftSurrogate !== rightSurrogate) return leftSurrogate ? 1 : -1;
    return left - right;
  }
  return a.length - b.length;
}

/** Sorts in place: entries' objects have a handful of keys, where insertion sort beats a comparator call per pair. */
function sortKeys(keys: string[]): string[] {
  for (let index = 1; index < keys.length; index++) {
    const key = keys[index];
    let at = index - 1;
    for (; at >= 0 && compareCodePoints(keys[at], key) > 0; at--) keys[at + 1] = keys[at];
    keys[at + 1] = key;
  }
  return keys;
}

/** Keys a copy cannot hold in sorted order: JavaScript lists index-like keys first, and `__proto__` sets the prototype. */
const unorderable = /^(?:0|[1-9]\d{0,9}|__proto__)$/;

/** A copy whose objects list their members in code-point order, for `JSON.stringify` to write in that order; undefined if it cannot. */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const copy = sortedCopy(item);
      if (copy === undefined && item !== undefined) return undefined;
      items.push(copy);
    }
    return items;
  }
  const object = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of sortKeys(Object.keys(object))) {
    if (unorderable.test(key)) return undefined;
    const member = object[key];
    const sorted = sortedCopy(member);
    if (sorted === undefined && member !== undefined) return undefined;
    copy[key] = sorted;
  }
  return copy;
}

/** The slow way, for objects with index-like keys: every member written out by hand. */
function canonicalValue(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalValue(item) ?? 'null').join(',')}]`;
  const object = value as Record<string, unknown>;
  const members = sortKeys(Object.keys(object)).flatMap((key) => {
    const member = canonicalValue(object[key]);
    return member === undefined ? [] : [`${JSON.stringify(key)}:${member}`];
  });
  return `{${members.join(',')}}`;
}

/**
 * The canonical form, which `hash` is the SHA-256 (hex, of its UTF-8 bytes) of: JSON without whitespace, `seq` then
 * `prev` first, then every other member but `hash` in code-point order, nested objects sorted the same way, undefined
 * members left out. A stored line is this text with `,"hash":"<64 hex>"}` in place of its final `}`, so a verifier
 * checks a line by hashing its own bytes, without parsing or re-serialising it.
 */
export function canonicalEntry(entry: NewEntry, seq: number, prev: string): string {
  const record = entry as unknown as Record<string, unknown>;
  const rest = Object.keys(record).filter((key) => key !== 'seq' && key !== 'prev' && key !== 'hash');
  const canonical: Record<string, unknown> = { seq, prev };
  for (const key of sortKeys(rest)) {
    const member = record[key];
    const sorted = unorderable.test(key) ? undefined : sortedCopy(member);
    if (sorted === undefined && member !== undefined) return canonicalByHand(record, rest, seq, prev);
    canonical[key] = sorted;
  }
  return JSON.stringify(canonical);
}

function canonicalByHand(record: Record<string, unknown>, keys: readonly string[], seq: number, prev: string): string {
  const members = sortKeys([...keys]).flatMap((key) => {
    const member = canonicalValue(record[key]);
    return member === undefined ? [] : [`${JSON.stringify(key)}:${member}`];
  });
  return `{"seq":${seq},"prev":${JSON.stringify(prev)}${members.map((member) => `,${member}`).join('')}}`;
}

/** The entry as the log holds it (its secrets masked before it is chained), and its line (without the newline). */
export function chain(given: NewEntry, seq: number, prev: string): { entry: LogEntry; line: string } {
  const entry = maskEntry(given);
  const canonical = canonicalEntry(entry, seq, prev);
  const digest = hash('sha256', canonical, 'hex');
  // Object.assign: V8 copies with a spread followed by new members far more slowly.
  return { entry: Object.assign({}, entry, { seq, prev, hash: digest }), line: `${canonical.slice(0, -1)},"hash":"${digest}"}` };
}
