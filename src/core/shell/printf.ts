// What `printf` and `echo` print, as bash's builtins print it, so a name built with them (`$(printf 'r%s' m)`) is the name
// the line runs. A format this file cannot follow gives undefined: the value is then only known when the line runs.

const simpleEscapes: Readonly<Record<string, string>> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", '?': '?' };

/**
 * Backslash escapes as the format of printf reads them (`octalZero`: as `%b` and `echo -e` read them, `\0NNN`).
 * `stop` is set when `\c` ends all output.
 */
function unescape(text: string, octalZero: boolean): { text: string; stop: boolean } | undefined {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character !== '\\' || index === text.length - 1) {
      out += character;
      continue;
    }
    const next = text[index + 1];
    if (next === 'c') return { text: out, stop: true };
    if (Object.hasOwn(simpleEscapes, next)) {
      out += simpleEscapes[next];
      index++;
      continue;
    }
    const octal = (octalZero ? /^0([0-7]{0,3})/ : /^([0-7]{1,3})/).exec(text.slice(index + 1));
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(index + 1));
    const unicode = /^(?:u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8}))/.exec(text.slice(index + 1));
    if (octal) {
      out += String.fromCharCode(parseInt(octal[1] || '0', 8) & 0xff);
      index += octal[0].length;
    } else if (hex) {
      out += String.fromCharCode(parseInt(hex[1], 16));
      index += hex[0].length;
    } else if (unicode) {
      const code = parseInt(unicode[1] ?? unicode[2], 16);
      if (code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      index += unicode[0].length;
    } else {
      // An escape bash does not know stays as written.
      out += character;
    }
  }
  return { text: out, stop: false };
}

/** An integer argument as printf reads it: decimal, 0x hex, 0 octal, or `'c` for a character's code; undefined when it is none. */
function integer(argument: string | undefined): number | undefined {
  if (argument === undefined || argument === '') return 0;
  if (/^['"]./.test(argument)) return argument.codePointAt(1);
  const trimmed = argument.trim();
  if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(trimmed)) return parseInt(trimmed, 16);
  if (/^[-+]?0[0-7]+$/.test(trimmed)) return parseInt(trimmed, 8);
  return /^[-+]?\d+$/.test(trimmed) ? parseInt(trimmed, 10) : undefined;
}

function pad(text: string, flags: string, width: number): string {
  if (text.length >= width) return text;
  return flags.includes('-') ? text.padEnd(width) : text.padStart(width, flags.includes('0') ? '0' : ' ');
}

/** What `printf FORMAT ARGS…` prints; `-v` and directives it cannot follow (`%q`, `*` widths, floats) give undefined. */
export function printfOutput(args: readonly string[]): string | undefined {
  let start = 0;
  if (args[0] === '--') start = 1;
  if (args[start] === undefined || args[start].startsWith('-v')) return undefined;
  const format = args[start];
  const values = args.slice(start + 1);
  const directive = /%([-+ #0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])/g;
  let out = '';
  let used = 0;
  do {
    const before = used;
    let last = 0;
    for (const match of format.matchAll(directive)) {
      const literal = unescape(format.slice(last, match.index), false);
      if (literal === undefined) return undefined;
      out += literal.text;
      if (literal.stop) return out;
      last = match.index + match[0].length;
      const [, flags, widthText, precision, kind] = match;
      const width = widthText ? parseInt(widthText, 10) : 0;
      if (kind === '%') {
        out += '%';
        continue;
      }
      const value = values[used++];
      if (kind === 's') out += pad(precision === undefined ? (value ?? '') : (value ?? '').slice(0, parseInt(precision || '0', 10)), flags, width);
      else if (kind === 'b') {
        const expanded = unescape(value ?? '', true);
        if (expanded === undefined) return undefined;
        out += pad(expanded.text, flags, width);
        if (expanded.stop) return out;
      } else if (kind === 'c') out += pad((value ?? '').slice(0, 1), flags, width);
      else if ('dioxXu'.includes(kind)) {
        const number = integer(value);
        if (number === undefined) return undefined;
        const digits = kind === 'o' ? Math.abs(number).toString(8) : kind === 'x' ? Math.abs(number).toString(16) : kind === 'X' ? Math.abs(number).toString(16).toUpperCase() : String(Math.abs(number));
        out += pad(`${number < 0 ? '-' : ''}${digits}`, flags, width);
      } else return undefined;
    }
    const rest = unescape(format.slice(last), false);
    if (rest === undefined) return undefined;
    out += rest.text;
    if (rest.stop) return out;
    // The format is used again while arguments are left, as long as it takes any.
    if (used === before) break;
  } while (used < values.length);
  return out;
}

/** What `echo` prints: `-n`, `-e` and `-E` read as bash reads them; backslash escapes only with `-e`. */
export function echoOutput(args: readonly string[]): string | undefined {
  let start = 0;
  let escapes = false;
  while (start < args.length && /^-[neE]+$/.test(args[start])) {
    for (const flag of args[start].slice(1)) escapes = flag === 'e' ? true : flag === 'E' ? false : escapes;
    start++;
  }
  const text = args.slice(start).join(' ');
  return escapes ? unescape(text, true)?.text : text;
}
