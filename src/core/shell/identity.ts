// A program is what it is, not how it is spelled: globs, copies, links and aliases of a known program resolve to it.
import type { SimpleCommand, Word } from '../model/command';
import { parseOptions } from './options';

/** Candidates a program glob is followed to before Four Eyes gives up naming them (`*` matches them all). */
const maxGlobMatches = 8;

/** True when a program word is a glob: `terr*`, `kube?tl`, `[t]erraform` (a lone `[` is the test builtin). */
export function isGlob(text: string): boolean {
  return /[*?]/.test(text) || /\[[^\]]+\]/.test(text);
}

function globExpression(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      const body = pattern.slice(index + 1, close).replace(/^[!^]/, '^').replace(/\\/g, '\\\\');
      source += `[${body}]`;
      index = close;
    } else source += char.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

/** Programs with rules a program glob can match (its last path part), or undefined when too many can. */
export function globMatches(pattern: string, programs: ReadonlySet<string>): string[] | undefined {
  const base = pattern.slice(pattern.lastIndexOf('/') + 1);
  let expression: RegExp;
  try {
    expression = globExpression(base);
  } catch {
    return undefined;
  }
  const matches = [...programs].filter((program) => expression.test(program) || expression.test(`${program}.exe`)).sort();
  return matches.length > maxGlobMatches ? undefined : matches;
}

/** `$@`, `"$*"`, `${1}`: the program is a positional parameter, given by whoever runs the function or payload. */
export function positionalProgram(text: string): 'all' | number | undefined {
  const match = /^\$(?:\{)?([@*1-9])\}?$/.exec(text);
  if (!match) return undefined;
  return match[1] === '@' || match[1] === '*' ? 'all' : Number(match[1]);
}

/** A path as the line spells it, for matching a copy made earlier with the program run later (`./tf` and `tf`). */
export function pathKey(text: string): string {
  return text.replace(/^(\.\/)+/, '').replace(/\/{2,}/g, '/');
}

/** `cp|ln|install|mv SOURCE… DEST`: each destination path the line creates, with the source it is a copy of. */
export function copiesOf(command: SimpleCommand): { destination: string; source: Word }[] {
  if (!['cp', 'ln', 'install', 'mv', 'rsync'].includes(command.program)) return [];
  const parsed = parseOptions(command.args, { values: ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group', '--backup'] });
  const operands = parsed.operandIndexes.map((index) => command.words[index]);
  const directory = parsed.options.get('-t') ?? parsed.options.get('--target-directory');
  const sources = typeof directory === 'string' ? operands : operands.slice(0, -1);
  const target = typeof directory === 'string' ? directory : operands[operands.length - 1]?.text;
  if (target === undefined || sources.length === 0) return [];
  // The destination is a file, or a folder that receives the source under its own name.
  return sources.flatMap((source) => {
    const base = source.text.slice(source.text.lastIndexOf('/') + 1);
    const inFolder = `${target.replace(/\/$/, '')}/${base}`;
    return typeof directory === 'string' ? [{ destination: pathKey(inFolder), source }] : [{ destination: pathKey(target), source }, { destination: pathKey(inFolder), source }];
  });
}
