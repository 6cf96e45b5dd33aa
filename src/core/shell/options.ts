// GNU-style option parsing shared by wrappers and rule packs: clusters (-rf), attached values (-nprod), `--x=v`, `--`.

export interface OptionSpec {
  /** Options that take a value, e.g. `-n`, `--namespace`. */
  readonly values?: readonly string[];
  /** Options whose value is optional and only given attached (`--recurse-submodules=on-demand`). */
  readonly optionalValues?: readonly string[];
  /** Stop at the first operand: what follows belongs to a wrapped command (`sudo -u x rm -rf`). */
  readonly stopAtOperand?: boolean;
}

export interface ParsedOptions {
  /** Positional arguments, in order. */
  readonly operands: readonly string[];
  /** Index in the argument list of each operand. */
  readonly operandIndexes: readonly number[];
  /** With `stopAtOperand`: index of the first argument that is not an option (args.length when none). */
  readonly end: number;
  /** Every option seen, short ones split out of clusters (`-rf` → `-r`, `-f`), long ones lower-cased. */
  readonly options: ReadonlyMap<string, string | true>;
  /** True when `--` ended the options. */
  readonly dashDash: boolean;
  /** Option names in the order given, repeats included, for options a later one cancels (`--force --no-force`). */
  readonly sequence: readonly string[];
}

// Typographic dashes count as dashes: a command that looks like an option to a person is treated as one.
const dashes = /^[\u2010-\u2015\u2212\uFE63\uFF0D]+/;

function isTypographicDash(code: number): boolean {
  return (code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0xfe63 || code === 0xff0d;
}

export function normalizeDashes(arg: string): string {
  return isTypographicDash(arg.charCodeAt(0)) ? arg.replace(dashes, (run) => '-'.repeat(run.length)) : arg;
}

const none: readonly string[] = [];

export function parseOptions(args: readonly string[], spec: OptionSpec = {}): ParsedOptions {
  // Option lists are short: searching them beats building a set on every call.
  const takesValue = spec.values ?? none;
  const optional = spec.optionalValues ?? none;
  const operands: string[] = [];
  const operandIndexes: number[] = [];
  const options = new Map<string, string | true>();
  const sequence: string[] = [];
  let dashDash = false;
  let end = args.length;
  for (let i = 0; i < args.length; i++) {
    const arg = normalizeDashes(args[i]);
    if (dashDash || arg === '-' || !arg.startsWith('-')) {
      if (spec.stopAtOperand) {
        end = i;
        break;
      }
      operands.push(args[i]);
      operandIndexes.push(i);
      continue;
    }
    if (arg === '--') {
      dashDash = true;
      if (spec.stopAtOperand) {
        end = i + 1;
        break;
      }
      continue;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = (equals < 0 ? arg : arg.slice(0, equals)).toLowerCase();
      sequence.push(name);
      if (equals >= 0) options.set(name, arg.slice(equals + 1));
      else if (takesValue.includes(name) && !optional.includes(name) && i + 1 < args.length) options.set(name, args[++i]);
      else options.set(name, true);
      continue;
    }
    // A short cluster: each letter is a flag until one that takes a value swallows the rest.
    for (let j = 1; j < arg.length; j++) {
      const name = `-${arg[j]}`;
      sequence.push(name);
      if (takesValue.includes(name)) {
        const attached = arg.slice(j + 1);
        if (attached) options.set(name, attached);
        else if (optional.includes(name)) options.set(name, true);
        else options.set(name, i + 1 < args.length ? args[++i] : true);
        break;
      }
      options.set(name, true);
    }
  }
  return { operands, operandIndexes, end, options, dashDash, sequence };
}

const offValues = /^(false|f|0|no|off|none)$/i;

/** A flag as the last of its spellings says: `--dry-run --no-dry-run` and `--dry-run=false` are off, `--no-dry-run --dry-run` is on. */
export function flagOn(parsed: ParsedOptions, ...names: string[]): boolean {
  const negated = names.filter((name) => name.startsWith('--')).map((name) => `--no-${name.slice(2)}`);
  for (let index = parsed.sequence.length - 1; index >= 0; index--) {
    const name = parsed.sequence[index];
    if (negated.includes(name)) return false;
    if (!names.includes(name)) continue;
    const value = parsed.options.get(name);
    return !(typeof value === 'string' && offValues.test(value));
  }
  return false;
}

/**
 * Long options as a parser that takes unambiguous prefixes reads them (git, GNU getopt): `--mir` is `--mirror`, `--no-ver` is `--no-verify`.
 * A prefix of several, or of none, stays as written.
 */
export function expandAbbreviations(parsed: ParsedOptions, known: readonly string[]): ParsedOptions {
  const spelled = [...known, ...known.map((name) => `--no-${name.slice(2)}`)];
  const sequence = parsed.sequence.map((name) => {
    if (!name.startsWith('--') || spelled.includes(name)) return name;
    const matches = spelled.filter((candidate) => candidate.startsWith(name));
    return matches.length === 1 ? matches[0] : name;
  });
  return { ...parsed, sequence };
}

/** True when the last of `on` and `off` given is one of `on`: `--force --no-force` is not forced, `--no-force --force` is. */
export function lastWins(parsed: ParsedOptions, on: readonly string[], off: readonly string[]): boolean {
  for (let index = parsed.sequence.length - 1; index >= 0; index--) {
    const name = parsed.sequence[index];
    if (on.includes(name)) return true;
    if (off.includes(name)) return false;
  }
  return false;
}

/** True when any of `names` was given. */
export function hasOption(parsed: ParsedOptions, ...names: string[]): boolean {
  return names.some((name) => parsed.options.has(name));
}

/** The value of the first of `names` that was given with a value. */
export function optionValue(parsed: ParsedOptions, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = parsed.options.get(name);
    if (typeof value === 'string') return value;
  }
  return undefined;
}
