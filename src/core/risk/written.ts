// Files a command writes: a script the same line writes and then runs cannot be read beforehand.
import type { SimpleCommand } from '../model/command';
import { resolvePath } from '../model/paths';
import { parseOptions } from '../shell/options';
import { outputWords } from '../rules/outputs';
import type { RuleContext } from '../rules/rule';

const writeOperators = new Set(['>', '>>', '>|', '&>', '&>>']);

/** Argument indexes a writer names as its output (`cp a b` → b, `tee x`, `curl -o x`). */
function outputIndexes(command: SimpleCommand): number[] {
  const { program, args } = command;
  const valueAfter = (names: readonly string[]): number[] => args.flatMap((arg, index) => (names.includes(arg) ? [index + 1] : []));
  switch (program) {
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln':
    case 'rsync': {
      const parsed = parseOptions(args, { values: ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group', '-e', '--rsh'] });
      const last = parsed.operandIndexes[parsed.operandIndexes.length - 1];
      return [...valueAfter(['-t', '--target-directory']), ...(last === undefined ? [] : [last])];
    }
    case 'tee':
      return parseOptions(args).operandIndexes.slice();
    case 'curl':
      return valueAfter(['-o', '--output']);
    case 'wget':
      return valueAfter(['-O', '--output-document']);
    case 'sed':
    case 'perl':
      return args.some((arg) => /^-[a-zA-Z]*i/.test(arg) || arg.startsWith('--in-place')) ? parseOptions(args, { values: ['-e', '--expression', '-f'] }).operandIndexes.slice(program === 'sed' && !args.includes('-e') ? 1 : 0) : [];
    default:
      return [];
  }
}

/** Absolute paths `command` writes, as far as the line says; a folder destination also names the file copied into it. */
export function writtenPaths(command: SimpleCommand, context: Pick<RuleContext, 'cwd' | 'home' | 'path'>): string[] {
  const paths: string[] = [];
  for (const redirect of command.redirects) {
    if (!writeOperators.has(redirect.operator)) continue;
    const resolved = resolvePath(redirect.target.text, { cwd: context.cwd, home: context.home }, redirect.target.dynamic);
    if (resolved.absolute) paths.push(resolved.absolute);
  }
  for (const index of outputIndexes(command)) {
    const absolute = context.path(command, index).absolute;
    if (absolute) paths.push(absolute);
  }
  for (const word of outputWords(command)) {
    const absolute = context.path({ ...command, words: [word] }, 0).absolute;
    if (absolute) paths.push(absolute);
  }
  if (['cp', 'mv', 'install', 'ln', 'rsync'].includes(command.program)) {
    // `cp x.sh bin/`: the file lands as bin/x.sh.
    const parsed = parseOptions(command.args);
    for (const index of parsed.operandIndexes.slice(0, -1)) {
      const source = command.args[index];
      for (const folder of paths.slice()) paths.push(`${folder.replace(/\/$/, '')}/${source.slice(source.lastIndexOf('/') + 1)}`);
    }
  }
  return paths;
}
