// Shell scripts (`*.sh`, `*.bash`, and the bodies other extractors find): one command per top-level statement.
import { contiguousCommand, type ScriptCommand } from './command';

/** Words that open or close a block whose statements the shell reads as one. */
const opens = new Set(['if', 'case', 'do', '{']);
const closes = new Set(['fi', 'esac', 'done', '}']);
/** After these, the next word is again a command. */
const keepsCommandPosition = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
const operators = new Set([';', '&', '|', '(', ')']);
/** Quotes inside substitutions inside quotes…: past this depth the rest of the text is one statement (hostile input, not a script). */
const maxNesting = 64;

interface Heredoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
}

/**
 * Splits a script into its top-level statements, each a line or a whole block (`if … fi`, a function, a heredoc):
 * classifying statements one at a time keeps a long script fast (the parser is only given short texts) while a
 * block still parses as a whole.
 */
export function shellCommands(text: string): ScriptCommand[] {
  const commands: ScriptCommand[] = [];
  const length = text.length;
  let index = 0;
  let start = -1;
  let blocks = 0;
  let parens = 0;
  let atCommand = true;
  /** After `&&`, `||` or `|` the statement goes on on the next line. */
  let continues = false;
  let naming = false;
  let heredocs: Heredoc[] = [];

  const finish = (end: number): void => {
    if (start >= 0) {
      let last = end;
      while (last > start && /\s/.test(text[last - 1])) last--;
      commands.push(contiguousCommand(text.slice(start, last), start));
    }
    start = -1;
    blocks = 0;
    parens = 0;
  };

  while (index < length) {
    const character = text[index];
    if (character === '\n') {
      index = heredocs.length ? skipHeredocBodies(text, index + 1, heredocs) : index + 1;
      heredocs = [];
      atCommand = true;
      if (blocks === 0 && parens === 0 && !continues) finish(index);
      continue;
    }
    if (character === ' ' || character === '\t' || character === '\r') {
      index++;
      continue;
    }
    if (character === '\\' && text[index + 1] === '\n') {
      index += 2;
      continue;
    }
    if (character === '#') {
      while (index < length && text[index] !== '\n') index++;
      continue;
    }
    if (start < 0) start = index;
    if (operators.has(character)) {
      if (character === '(') parens++;
      if (character === ')') parens = Math.max(0, parens - 1);
      continues = character === '|' || (character === '&' && text[index - 1] === '&');
      atCommand = true;
      index++;
      continue;
    }
    const word = readWord(text, index, heredocs);
    const value = text.slice(index, word);
    index = word;
    continues = false;
    if (atCommand) {
      if (opens.has(value)) blocks++;
      if (closes.has(value)) blocks = Math.max(0, blocks - 1);
      atCommand = keepsCommandPosition.has(value);
      naming = value === 'function';
    } else if (naming) {
      // `function name {`: the brace after the name opens the body.
      atCommand = true;
      naming = false;
    }
  }
  finish(length);
  return commands;
}

/** The end of the word at `index`, skipping quotes and substitutions; heredoc operators inside it are noted. */
function readWord(text: string, index: number, heredocs: Heredoc[]): number {
  const length = text.length;
  while (index < length) {
    const character = text[index];
    if (character === ' ' || character === '\t' || character === '\n' || character === '\r' || operators.has(character)) return index;
    if (character === '\\') index += 2;
    else if (character === "'") index = closing(text, index + 1, "'");
    else if (character === '"') index = doubleQuoted(text, index + 1, 0);
    else if (character === '`') index = closing(text, index + 1, '`');
    else if (character === '$' && (text[index + 1] === '(' || text[index + 1] === '{')) index = balanced(text, index + 2, text[index + 1], 0);
    else if (character === '<' && text[index + 1] === '<' && text[index + 2] !== '<') index = heredocOperator(text, index + 2, heredocs);
    else index++;
  }
  return index;
}

function closing(text: string, index: number, quote: string): number {
  while (index < text.length && text[index] !== quote) index += text[index] === '\\' && quote === '`' ? 2 : 1;
  return index + 1;
}

function doubleQuoted(text: string, index: number, depth: number): number {
  if (depth > maxNesting) return text.length;
  while (index < text.length && text[index] !== '"') {
    if (text[index] === '\\') index += 2;
    else if (text[index] === '$' && (text[index + 1] === '(' || text[index + 1] === '{')) index = balanced(text, index + 2, text[index + 1], depth + 1);
    else if (text[index] === '`') index = closing(text, index + 1, '`');
    else index++;
  }
  return index + 1;
}

/** Past the bracket that closes `$(` or `${`, whose contents start at `index`. */
function balanced(text: string, index: number, open: string, depth: number): number {
  if (depth > maxNesting) return text.length;
  const close = open === '(' ? ')' : '}';
  let brackets = 1;
  while (index < text.length) {
    const character = text[index];
    if (character === '\\') index += 2;
    else if (character === "'" && open === '(') index = closing(text, index + 1, "'");
    else if (character === '"') index = doubleQuoted(text, index + 1, depth + 1);
    else if (character === '`') index = closing(text, index + 1, '`');
    else {
      if (character === open) brackets++;
      else if (character === close && --brackets === 0) return index + 1;
      index++;
    }
  }
  return index;
}

/** Reads `<<EOF`, `<<-'EOF'`: the delimiter whose line ends the body that follows the current line. */
function heredocOperator(text: string, index: number, heredocs: Heredoc[]): number {
  const stripTabs = text[index] === '-';
  if (stripTabs) index++;
  while (text[index] === ' ' || text[index] === '\t') index++;
  const begin = index;
  while (index < text.length && !/[\s;&|()<>]/.test(text[index])) {
    if (text[index] === "'" || text[index] === '"') index = closing(text, index + 1, text[index]);
    else index++;
  }
  const delimiter = text.slice(begin, index).replace(/['"\\]/g, '');
  if (delimiter) heredocs.push({ delimiter, stripTabs });
  return index;
}

/** Past the bodies of the heredocs opened on the line that ended just before `index`. */
function skipHeredocBodies(text: string, index: number, heredocs: readonly Heredoc[]): number {
  for (const heredoc of heredocs) {
    while (index < text.length) {
      const end = text.indexOf('\n', index);
      const lineEnd = end < 0 ? text.length : end;
      let line = text.slice(index, lineEnd).replace(/\r$/, '');
      if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
      index = end < 0 ? text.length : end + 1;
      if (line === heredoc.delimiter) break;
    }
  }
  return index;
}
