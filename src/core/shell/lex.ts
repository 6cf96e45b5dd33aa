// A fast path for plain lines (words, simple quotes, ; && || |): no tree-sitter round trip.
// Anything it does not fully understand makes it step aside; a test checks it agrees with tree-sitter.

export interface LexedWord {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** One pipeline: its stages, each a list of words. */
export type LexedPipeline = readonly (readonly LexedWord[])[];

// Characters that can be part of an unquoted word without meaning anything to the shell, as a lookup table.
const plain = new Uint8Array(128);
// Glob characters are plain too: tree-sitter misreads `kube?tl` and `[t]erraform` in command position, bash does not.
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=,@%+^~*?[]') plain[char.charCodeAt(0)] = 1;
const reserved = new Set(['export', 'declare', 'local', 'readonly', 'typeset', 'unset', 'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select', 'in', 'time', 'coproc', '{', '}', '!', '[[', ']]']);
const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The pipelines of a plain line, or undefined when the line needs the real parser. */
export function lexPlainLine(line: string): LexedPipeline[] | undefined {
  const pipelines: LexedPipeline[] = [];
  let stages: LexedWord[][] = [];
  let words: LexedWord[] = [];
  let index = 0;
  // After `|`, `&&` or `||` a command must follow.
  let needsCommand = false;
  const endStage = (): boolean => {
    if (words.length === 0) return false;
    stages.push(words);
    words = [];
    return true;
  };
  while (index < line.length) {
    const char = line[index];
    if (char === ' ' || char === '\t') {
      index++;
      continue;
    }
    if (char === '|' || char === '&' || char === ';') {
      const double = line[index + 1] === char;
      if (char === '&' && !double) return undefined;
      if (char === '|' && line[index + 1] === '&') return undefined;
      if (!endStage()) return undefined;
      needsCommand = char !== ';';
      if (char === '|' && !double) {
        index++;
        continue;
      }
      pipelines.push(stages);
      stages = [];
      index += double ? 2 : 1;
      continue;
    }
    const start = index;
    let text = '';
    while (index < line.length) {
      const c = line[index];
      if (c === "'" || c === '"') {
        const close = line.indexOf(c, index + 1);
        if (close < 0) return undefined;
        const body = line.slice(index + 1, close);
        if (c === '"' && /[$`\\!]/.test(body)) return undefined;
        if (body.includes('\n')) return undefined;
        text += body;
        index = close + 1;
      } else if (plain[c.charCodeAt(0)] === 1) {
        let end = index + 1;
        while (end < line.length && plain[line.charCodeAt(end)] === 1) end++;
        text += line.slice(index, end);
        index = end;
      } else if (c === ' ' || c === '\t' || c === '|' || c === '&' || c === ';') {
        break;
      } else {
        return undefined;
      }
    }
    const isCommandPosition = words.every((word) => assignment.test(word.text));
    if (isCommandPosition && reserved.has(line.slice(start, index))) return undefined;
    words.push({ text, start, end: index });
    needsCommand = false;
  }
  if (needsCommand) return undefined;
  if (words.length) stages.push(words);
  if (stages.length) pipelines.push(stages);
  return pipelines;
}

/**
 * The quote a line leaves open, when that is sure: one line of plain quoting (no escapes, substitutions, comments or heredocs).
 * bash refuses such a line whole; it is read as the line with the quote closed, what the agent meant to run.
 */
export function unclosedQuote(line: string): string | undefined {
  if (/[\n\\`#]|\$[('"]|<</.test(line)) return undefined;
  let quote: string | undefined;
  for (const char of line) {
    if (quote === undefined) {
      if (char === "'" || char === '"') quote = char;
    } else if (char === quote) {
      quote = undefined;
    }
  }
  return quote;
}
