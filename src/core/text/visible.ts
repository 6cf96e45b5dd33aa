// What a person is shown of text an agent could have written, on every surface: the dialog, the views, notifications, exports.
// Secrets in it are masked first (`mask.ts`). Line breaks, controls, bidirectional overrides, zero-width characters and
// terminal escapes could forge, reorder or hide what is around them, so each is written as an escape; long text is cut
// with a count, keeping the part that matters in view.
import { foldLookalikes, invisibleClass } from './lookalike';
import { masking, type Span } from './mask';

export type { Span };

export interface VisibleOptions {
  /** Show at most about this many characters; the rest is replaced by a count (`omitted`). */
  readonly limit?: number;
  /** The part kept in view when the text is cut (the risky part of a command). */
  readonly keep?: Span;
  /** Escape everything outside printable ASCII as well: for a word a person types, so a look-alike letter shows as what it is. */
  readonly ascii?: boolean;
  /** The words standing for a cut part; callers with a translation pass their own. */
  readonly omitted?: (count: number) => string;
}

/** One line of a command as shown: its number in the command, and whether the risky part is on it. */
export interface ShownLine {
  readonly number: number;
  readonly text: string;
  readonly risky: boolean;
}

export interface ShownCommand {
  /** The risky line first, then the others in order. */
  readonly lines: readonly ShownLine[];
  /** Lines left out past `maxLines`. */
  readonly more: number;
}

// Characters that draw nothing, move others or break a line: controls, format characters (bidi marks, overrides and
// isolates, zero-width characters, tags), line and paragraph separators, private use and lone surrogates; spaces other
// than U+0020 (a shell splits words only at the ASCII ones); variation selectors and fillers that render as blanks.
const hidden = new RegExp(`[\\p{Cc}\\p{Zl}\\p{Zp}\\p{Zs}\\p{Co}\\p{Cs}${invisibleClass}]`, 'u');
const mark = /\p{M}/u;
const named: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// More combining marks than this on one letter stack over the lines around it.
const marksPerLetter = 3;
// Longer runs of spaces are padding: they show as a count.
const spaceRun = 16;

function escape(char: string): string {
  const point = char.codePointAt(0) ?? 0;
  return named[char] ?? (point > 0xffff ? `\\u{${point.toString(16)}}` : `\\u${point.toString(16).padStart(4, '0')}`);
}

function englishOmitted(count: number): string {
  return ` … ${count.toLocaleString('en-US')} more characters … `;
}

interface Token {
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

/** The display pieces of `text` between `from` and `to`, each standing for a stretch of the original. */
function tokenize(text: string, from: number, to: number, ascii: boolean, tokens: Token[]): void {
  let marks = 0;
  for (let index = from; index < to; ) {
    if (text.charCodeAt(index) === 0x20) {
      let end = index;
      while (end < to && text.charCodeAt(end) === 0x20) end++;
      const run = end - index;
      tokens.push({ text: run >= spaceRun ? ` ␠×${run} ` : ' '.repeat(run), from: index, to: end });
      index = end;
      marks = 0;
      continue;
    }
    const point = text.codePointAt(index) ?? 0;
    const size = point > 0xffff ? 2 : 1;
    const char = text.slice(index, index + size);
    const isMark = mark.test(char);
    marks = isMark ? marks + 1 : 0;
    // A mark at the very start, or one too many on a letter, would draw over the text around it.
    const show = hidden.test(char) || (ascii && (point < 0x20 || point > 0x7e)) || (isMark && (index === 0 || marks > marksPerLetter));
    tokens.push({ text: show ? escape(char) : char, from: index, to: index + size });
    index += size;
  }
}

/**
 * `text` with its secrets masked and every character that could hide, reorder or forge others written as an escape, cut
 * to `limit` around `keep` (a span of `text` as given).
 */
export function visible(given: string, options: VisibleOptions = {}): string {
  const limit = Math.max(1, options.limit ?? Infinity);
  const ascii = options.ascii ?? false;
  const omitted = options.omitted ?? englishOmitted;
  const masked = masking(given);
  const text = masked.text;
  const asked = options.keep && options.keep.start < options.keep.end && options.keep.start < given.length ? masked.span(clampSpan(options.keep, given.length)) : undefined;
  const keep = asked && asked.start < asked.end ? asked : undefined;
  // Every piece shows at least one character, so nothing further than `limit` from the start or the kept part can show.
  const regions: [number, number][] = Number.isFinite(limit) ? [[0, Math.min(text.length, limit + 1)]] : [[0, text.length]];
  if (keep && Number.isFinite(limit)) regions.push([Math.max(0, keep.start - limit), Math.min(text.length, keep.end + limit)]);
  const tokens: Token[] = [];
  for (const [from, to] of merge(regions)) tokenize(text, from, to, ascii, tokens);
  const whole = tokens.length > 0 && tokens.every((token, index) => token.from === (index ? tokens[index - 1].to : 0)) && tokens.at(-1)!.to === text.length;
  const chosen = choose(tokens, limit, keep, whole);
  let shown = '';
  let at = 0;
  for (const index of chosen) {
    const token = tokens[index];
    if (token.from > at) shown += omitted(token.from - at);
    shown += token.text;
    at = token.to;
  }
  if (at < text.length) shown += omitted(text.length - at).trimEnd();
  return shown;
}

function clampSpan(span: Span, length: number): Span {
  return { start: Math.max(0, span.start), end: Math.min(length, span.end) };
}

function merge(regions: [number, number][]): [number, number][] {
  const sorted = regions.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** The indexes of the tokens to show, in order: all when they fit; else the kept span with a share each for the start, before and after it. */
function choose(tokens: readonly Token[], limit: number, keep: Span | undefined, whole: boolean): number[] {
  const all = tokens.map((_token, index) => index);
  const width = (from: number, to: number): number => {
    let sum = 0;
    for (let index = from; index < to; index++) sum += tokens[index].text.length;
    return sum;
  };
  if (whole && width(0, tokens.length) <= limit) return all;
  let from = keep ? tokens.findIndex((token) => token.to > keep.start) : -1;
  if (!keep || from < 0) {
    let used = 0;
    let end = 0;
    while (end < tokens.length && used + tokens[end].text.length <= limit) used += tokens[end++].text.length;
    return all.slice(0, Math.max(end, Math.min(1, tokens.length)));
  }
  let to = from;
  while (to < tokens.length && tokens[to].from < keep.end) to++;
  // The kept span alone may be over the limit: its start stays in view.
  let used = width(from, to);
  while (to - from > 1 && used > limit) used -= tokens[--to].text.length;
  let head = 0;
  // A share each for what follows the span, what leads up to it, and the text's start, until none fits.
  for (let grew = true; grew; ) {
    grew = false;
    if (to < tokens.length && used + tokens[to].text.length <= limit) {
      used += tokens[to++].text.length;
      grew = true;
    }
    if (from > head && used + tokens[from - 1].text.length <= limit) {
      used += tokens[--from].text.length;
      grew = true;
    }
    if (head < from && used + tokens[head].text.length <= limit) {
      used += tokens[head++].text.length;
      grew = true;
    }
  }
  return [...all.slice(0, head), ...all.slice(from, to)];
}

/**
 * A command, one line per shown line: the risky line first, then the others in order, each escaped and cut around its
 * risky part. Secrets are masked in the whole command first, so a key block over several lines is masked as one.
 */
export function visibleCommand(given: string, options: { readonly risky?: Span; readonly limit?: number; readonly maxLines?: number; readonly omitted?: (count: number) => string } = {}): ShownCommand {
  const masked = masking(given);
  const commandLine = masked.text;
  const bounds: Span[] = [];
  for (let start = 0; ; ) {
    const end = commandLine.indexOf('\n', start);
    bounds.push({ start, end: end < 0 ? commandLine.length : end });
    if (end < 0) break;
    start = end + 1;
  }
  const asked = options.risky && options.risky.end > options.risky.start ? masked.span(options.risky) : undefined;
  const risky = asked && asked.end > asked.start ? asked : undefined;
  const first = risky ? Math.max(0, bounds.findIndex((line) => risky.start <= line.end)) : 0;
  const order = [first, ...bounds.keys()].filter((index, position) => position === 0 || index !== first);
  const maxLines = Math.max(1, options.maxLines ?? Infinity);
  const lines = order.slice(0, maxLines).map((index): ShownLine => {
    const line = bounds[index];
    const start = risky ? Math.max(line.start, risky.start) : 0;
    const end = risky ? Math.min(line.end, risky.end) : 0;
    const keep = start < end ? { start: start - line.start, end: end - line.start } : undefined;
    return {
      number: index + 1,
      text: visible(commandLine.slice(line.start, line.end), { ...(options.limit === undefined ? {} : { limit: options.limit }), ...(keep ? { keep } : {}), ...(options.omitted ? { omitted: options.omitted } : {}) }),
      risky: keep !== undefined,
    };
  });
  return { lines, more: bounds.length - lines.length };
}

/**
 * The word a person types to approve a critical command on `name`: the name as it reads (look-alikes folded, invisibles
 * dropped: `prоd` with a Cyrillic о is typed `prod`), anything still outside printable ASCII written as an escape.
 */
export function typedWord(name: string): string {
  return visible(foldLookalikes(name), { ascii: true, limit: 100 });
}
