// Commands that run something written elsewhere: package scripts, make/just/task recipes, script files.
import { isShell, packageManagerCommands } from '../shell/unwrap';
import type { SimpleCommand } from '../model/command';
import { hasOption, parseOptions } from '../shell/options';
import { joinPath } from '../model/paths';
import type { FileReader } from '../model/reader';
import { justRuns, parseJustfile } from '../scripts/justfile';
import { makeRuns, parseMakefile } from '../scripts/makefile';
import { packageScripts } from '../scripts/packageJson';
import type { RecipeRun } from '../scripts/recipe';
import { parseTaskfile, taskRuns } from '../scripts/taskfile';

/** Shell text another file says to run. */
export interface Script {
  /** For people: `npm run deploy`, `make destroy`, `./deploy.sh`. */
  readonly label: string;
  readonly text: string;
  readonly cwd: string;
}

export interface IndirectionContext {
  readonly cwd: string | undefined;
  readonly home: string | undefined;
  readonly reader: FileReader | undefined;
}

/**
 * What running `command` runs, undefined when it runs nothing Four Eyes can read; `unreadable` names the file it could not read.
 * `file` is the file the scripts were read from.
 */
export type Indirection =
  | { readonly scripts: readonly Script[]; readonly file?: string }
  | { readonly unreadable: string }
  | undefined;

function directoryOption(value: string | true | undefined, cwd: string): string {
  return typeof value === 'string' ? joinPath(cwd, value) : cwd;
}

const npmAliases: Record<string, string> = { t: 'test', tst: 'test', test: 'test', start: 'start', stop: 'stop', restart: 'restart' };
const installVerbs = new Set(['install', 'i', 'ci', 'add', 'isntall']);
const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare'];

function packageManagerScripts(command: SimpleCommand, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
  const options = parseOptions(command.args, { values: ['--prefix', '-C', '--dir', '--cwd', '-w', '--workspace', '--filter', '-F'] });
  const cwd = directoryOption(options.options.get('--prefix') ?? options.options.get('-C') ?? options.options.get('--dir') ?? options.options.get('--cwd'), context.cwd);
  const [verb, name] = options.operands;
  let names: string[];
  let label: string;
  if (verb === undefined) {
    if (command.program !== 'yarn') return undefined;
    names = lifecycle;
    label = 'yarn install';
  } else if (verb === 'run' || verb === 'run-script' || verb === 'rum' || verb === 'urn') {
    if (name === undefined) return undefined;
    names = [`pre${name}`, name, `post${name}`];
    label = `${command.program} run ${name}`;
  } else if (npmAliases[verb] && !(command.program === 'bun' && verb === 'test')) {
    names = [`pre${npmAliases[verb]}`, npmAliases[verb], `post${npmAliases[verb]}`];
    label = `${command.program} ${verb}`;
  } else if (installVerbs.has(verb) && options.operands.length === 1 && !hasOption(options, '--ignore-scripts')) {
    names = lifecycle;
    label = `${command.program} ${verb}`;
  } else if (command.program !== 'npm' && (!packageManagerCommands.has(verb) || verb === 'deploy')) {
    // `yarn deploy`, `pnpm deploy`, `bun deploy` run the script of that name.
    names = [`pre${verb}`, verb, `post${verb}`];
    label = `${command.program} ${verb}`;
  } else {
    return undefined;
  }
  const file = `${cwd}/package.json`;
  const manifest = context.reader.read(file);
  const written = manifest === undefined ? undefined : packageScripts(manifest);
  if (!written) return { unreadable: file };
  const scripts = new Map(written.map((script) => [script.name, script.command.commandLine]));
  return {
    file,
    scripts: names.flatMap((script) => {
      const text = scripts.get(script);
      return text === undefined ? [] : [{ label: `${label} (${script})`, text, cwd }];
    }),
  };
}

/** The first of `candidates` that can be read, with its text. */
function firstReadable(reader: FileReader, candidates: readonly string[]): { file: string; text: string } | undefined {
  for (const file of candidates) {
    const text = reader.read(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

function scriptsOf(runs: readonly RecipeRun[], program: string, cwd: string, file: string): Indirection {
  return { file, scripts: runs.map((run) => ({ label: `${program} ${run.goal}`, text: run.text, cwd })) };
}

function makeRecipes(command: SimpleCommand, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
  const options = parseOptions(command.args, { values: ['-C', '--directory', '-f', '--file', '--makefile', '-j', '--jobs', '-l', '--load-average', '-I', '--include-dir', '-o', '-W'] });
  if (hasOption(options, '-n', '--dry-run', '--just-print', '--recon', '-q', '--question', '-p', '--print-data-base', '-v', '--version', '-h', '--help')) return { scripts: [] };
  const cwd = directoryOption(options.options.get('-C') ?? options.options.get('--directory'), context.cwd);
  const named = options.options.get('-f') ?? options.options.get('--file') ?? options.options.get('--makefile');
  const candidates = typeof named === 'string' ? [joinPath(cwd, named)] : ['GNUmakefile', 'makefile', 'Makefile'].map((name) => `${cwd}/${name}`);
  const found = firstReadable(context.reader, candidates);
  if (!found) return { unreadable: candidates[candidates.length - 1] };
  // `make deploy ENV=prod`: command-line variables win over the Makefile's.
  const overrides = new Map<string, string>();
  for (const operand of options.operands) {
    const assignment = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(operand);
    if (assignment) overrides.set(assignment[1], assignment[2]);
  }
  const goals = options.operands.filter((operand) => !operand.includes('='));
  return scriptsOf(makeRuns(parseMakefile(found.text), goals, overrides), 'make', cwd, found.file);
}

function justRecipes(command: SimpleCommand, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
  const options = parseOptions(command.args, { values: ['-f', '--justfile', '-d', '--working-directory', '--set', '--shell', '--dotenv-filename', '--dotenv-path', '--color', '--list-heading'] });
  if (hasOption(options, '-n', '--dry-run', '-l', '--list', '--summary', '--show', '-s', '--evaluate', '--dump', '--help', '-h', '--version', '-V')) return { scripts: [] };
  const cwd = directoryOption(options.options.get('-d') ?? options.options.get('--working-directory'), context.cwd);
  const named = options.options.get('-f') ?? options.options.get('--justfile');
  const candidates = typeof named === 'string' ? [joinPath(context.cwd, named)] : ['justfile', 'Justfile', '.justfile'].map((name) => `${cwd}/${name}`);
  const found = firstReadable(context.reader, candidates);
  if (!found) return { unreadable: candidates[0] };
  return scriptsOf(justRuns(parseJustfile(found.text), options.operands), 'just', cwd, found.file);
}

function taskCommands(command: SimpleCommand, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
  const options = parseOptions(command.args, { values: ['-d', '--dir', '-t', '--taskfile', '-o', '--output', '-c', '--color'] });
  if (hasOption(options, '-n', '--dry', '-l', '--list', '-a', '--list-all', '--summary', '-h', '--help', '--version', '-i', '--init')) return { scripts: [] };
  const cwd = directoryOption(options.options.get('-d') ?? options.options.get('--dir'), context.cwd);
  const named = options.options.get('-t') ?? options.options.get('--taskfile');
  const candidates = typeof named === 'string' ? [joinPath(cwd, named)] : ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml'].map((name) => `${cwd}/${name}`);
  const found = firstReadable(context.reader, candidates);
  if (!found) return { unreadable: candidates[0] };
  const tasks = parseTaskfile(found.text);
  if (!tasks) return { unreadable: found.file };
  // After `--` come the arguments for the tasks (CLI_ARGS), not task names.
  const dashDash = command.args.indexOf('--');
  const goals = (dashDash < 0 ? options.operands : options.operands.filter((_operand, index) => options.operandIndexes[index] < dashDash)).filter((name) => !name.includes('='));
  return scriptsOf(taskRuns(tasks, goals), 'task', cwd, found.file);
}

/** The script file a shell is asked to run (`bash deploy.sh`), if any. */
function shellScriptOperand(command: SimpleCommand): string | undefined {
  for (let index = 0; index < command.args.length; index++) {
    const arg = command.args[index];
    if (arg === '--') return command.args[index + 1];
    if (/^-[A-Za-z]*[cs]/.test(arg) || arg === '--command') return undefined;
    if (/^[-+][oO]$/.test(arg) || arg === '--rcfile' || arg === '--init-file') {
      index++;
      continue;
    }
    if (!arg.startsWith('-') && !arg.startsWith('+')) return arg;
  }
  return undefined;
}

function scriptFile(path: string, label: string, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
  const absolute = path.startsWith('~/') && context.home ? joinPath(context.home, path.slice(2)) : joinPath(context.cwd, path);
  const text = context.reader.read(absolute);
  if (text === undefined) return { unreadable: absolute };
  // Only shell scripts are read: a binary or a script for another interpreter is not shell text.
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  const interpreter = shebang ? (shebang[1].endsWith('/env') ? shebang[2] ?? '' : shebang[1]).split('/').pop() ?? '' : 'sh';
  if (text.includes('\0') || !isShell(interpreter)) return { scripts: [], file: absolute };
  return { scripts: [{ label, text, cwd: context.cwd }], file: absolute };
}

/** What `command` runs from other files, read through the context's reader. */
export function indirectionOf(command: SimpleCommand, context: IndirectionContext): Indirection {
  const { cwd, reader } = context;
  if (cwd === undefined || reader === undefined) return undefined;
  const known = { ...context, cwd, reader };
  switch (command.program) {
    case 'npm':
    case 'pnpm':
    case 'yarn':
    case 'bun':
      return packageManagerScripts(command, known);
    case 'make':
    case 'gmake':
      return makeRecipes(command, known);
    case 'just':
      return justRecipes(command, known);
    case 'task':
    case 'go-task':
      return taskCommands(command, known);
    case 'source':
    case '.': {
      const file = command.args[0];
      return file === undefined ? undefined : scriptFile(file, `${command.program} ${file}`, known);
    }
    default: {
      if (isShell(command.program) && !command.input) {
        const file = shellScriptOperand(command);
        return file === undefined || file.startsWith('<(') ? undefined : scriptFile(file, `${command.program} ${file}`, known);
      }
      const written = command.name.text;
      if (!written.includes('/') || command.name.dynamic) return undefined;
      const found = scriptFile(written, written, known);
      // A package's own binary (`./node_modules/.bin/tsc`, `$(npm bin)/eslint`) is rated by its name, as `npx tsc` is.
      return found && 'unreadable' in found && /(^|\/)node_modules\/\.bin\/[^/]+$/.test(written) ? undefined : found;
    }
  }
}
