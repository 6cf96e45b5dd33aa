// Commands that run something written elsewhere: package scripts, make/just/task recipes, script files.
import { isShell, packageManagerCommands } from '../shell/unwrap';
import type { SimpleCommand } from '../shell/command';
import { hasOption, parseOptions } from '../shell/options';
import { joinPath } from './paths';
import type { FileReader } from './reader';

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

/** What running `command` runs, undefined when it runs nothing Four Eyes can read; `unreadable` names the file it could not read. */
export type Indirection = { readonly scripts: readonly Script[] } | { readonly unreadable: string } | undefined;

function directoryOption(value: string | true | undefined, cwd: string): string {
  return typeof value === 'string' ? joinPath(cwd, value) : cwd;
}

function readJson(reader: FileReader, path: string): Record<string, unknown> | undefined {
  const text = reader.read(path);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const npmAliases: Record<string, string> = { t: 'test', tst: 'test', test: 'test', start: 'start', stop: 'stop', restart: 'restart' };
const installVerbs = new Set(['install', 'i', 'ci', 'add', 'isntall']);
const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare'];

function packageScripts(command: SimpleCommand, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
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
  const manifest = readJson(context.reader, file);
  if (!manifest) return { unreadable: file };
  const scripts = (manifest.scripts ?? {}) as Record<string, unknown>;
  const found = names.flatMap((script) => (typeof scripts[script] === 'string' ? [{ label: `${label} (${script})`, text: scripts[script], cwd }] : []));
  return { scripts: found };
}

interface Recipe {
  prerequisites: string[];
  lines: string[];
}

/** A Makefile's variables and rules, enough to see what a target runs. */
function parseMakefile(text: string): { recipes: Map<string, Recipe>; variables: Map<string, string>; first?: string } {
  const recipes = new Map<string, Recipe>();
  const variables = new Map<string, string>();
  let first: string | undefined;
  let current: Recipe[] = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const line of lines) {
    if (line.startsWith('\t')) {
      for (const recipe of current) recipe.lines.push(line.slice(1));
      continue;
    }
    const stripped = line.replace(/(^|[^\\])#.*$/, '$1');
    if (!stripped.trim()) continue;
    const assignment = /^\s*(?:export\s+|override\s+)?([A-Za-z_][\w.-]*)\s*([:?+!]?:?=)\s*(.*)$/.exec(stripped);
    if (assignment) {
      const [, name, operator, value] = assignment;
      if (operator === '+=') variables.set(name, `${variables.get(name) ?? ''} ${value}`.trim());
      else if (operator !== '?=' || !variables.has(name)) variables.set(name, value.trim());
      if (name === '.DEFAULT_GOAL') first = value.trim();
      current = [];
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*([^=]*)$/.exec(stripped);
    if (!rule) {
      current = [];
      continue;
    }
    const [inlinePrerequisites, inlineRecipe] = rule[2].split(/;(.*)/s);
    current = rule[1].trim().split(/\s+/).map((name) => {
      const recipe = recipes.get(name) ?? { prerequisites: [], lines: [] };
      recipe.prerequisites.push(...inlinePrerequisites.trim().split(/\s+/).filter(Boolean));
      if (inlineRecipe?.trim()) recipe.lines.push(inlineRecipe.trim());
      recipes.set(name, recipe);
      if (first === undefined && !name.startsWith('.') && !name.includes('%')) first = name;
      return recipe;
    });
  }
  return { recipes, variables, ...(first === undefined ? {} : { first }) };
}

function expandMake(text: string, variables: ReadonlyMap<string, string>): string {
  let result = text;
  for (let round = 0; round < 8 && /\$[({][A-Za-z_][\w.-]*[)}]/.test(result); round++) {
    result = result.replace(/\$[({]([A-Za-z_][\w.-]*)[)}]/g, (_match, name: string) => (name === 'MAKE' ? 'make' : variables.get(name) ?? ''));
  }
  return result.replace(/\$\$/g, '$');
}

function makeRecipes(command: SimpleCommand, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
  const options = parseOptions(command.args, { values: ['-C', '--directory', '-f', '--file', '--makefile', '-j', '--jobs', '-l', '--load-average', '-I', '--include-dir', '-o', '-W'] });
  if (hasOption(options, '-n', '--dry-run', '--just-print', '--recon', '-q', '--question', '-p', '--print-data-base', '-v', '--version', '-h', '--help')) return { scripts: [] };
  const cwd = directoryOption(options.options.get('-C') ?? options.options.get('--directory'), context.cwd);
  const named = options.options.get('-f') ?? options.options.get('--file') ?? options.options.get('--makefile');
  const candidates = typeof named === 'string' ? [joinPath(cwd, named)] : ['GNUmakefile', 'makefile', 'Makefile'].map((name) => `${cwd}/${name}`);
  const file = candidates.find((path) => context.reader.read(path) !== undefined);
  if (!file) return { unreadable: candidates[candidates.length - 1] };
  const makefile = parseMakefile(context.reader.read(file) ?? '');
  for (const operand of options.operands) {
    const assignment = /^([A-Za-z_][\w.-]*)=(.*)$/.exec(operand);
    if (assignment) makefile.variables.set(assignment[1], assignment[2]);
  }
  const goals = options.operands.filter((operand) => !operand.includes('='));
  const pending = goals.length ? goals : makefile.first ? [makefile.first] : [];
  const seen = new Set<string>();
  const scripts: Script[] = [];
  // Prerequisites run first, each once; a bound keeps a huge Makefile cheap.
  while (pending.length && seen.size < 64) {
    const goal = pending.shift() as string;
    if (seen.has(goal)) continue;
    seen.add(goal);
    const recipe = makefile.recipes.get(goal);
    if (!recipe) continue;
    pending.push(...recipe.prerequisites.map((name) => expandMake(name, makefile.variables)).flatMap((name) => name.split(/\s+/)).filter(Boolean));
    const text = recipe.lines.map((line) => expandMake(line, makefile.variables).replace(/^\s*[@+-]+/, '')).join('\n');
    if (text.trim()) scripts.push({ label: `make ${goal}`, text, cwd });
  }
  return { scripts };
}

function justRecipes(command: SimpleCommand, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
  const options = parseOptions(command.args, { values: ['-f', '--justfile', '-d', '--working-directory', '--set', '--shell', '--dotenv-filename', '--dotenv-path', '--color', '--list-heading'] });
  if (hasOption(options, '-n', '--dry-run', '-l', '--list', '--summary', '--show', '-s', '--evaluate', '--dump', '--help', '-h', '--version', '-V')) return { scripts: [] };
  const cwd = directoryOption(options.options.get('-d') ?? options.options.get('--working-directory'), context.cwd);
  const named = options.options.get('-f') ?? options.options.get('--justfile');
  const candidates = typeof named === 'string' ? [joinPath(context.cwd, named)] : ['justfile', 'Justfile', '.justfile'].map((name) => `${cwd}/${name}`);
  const file = candidates.find((path) => context.reader.read(path) !== undefined);
  if (!file) return { unreadable: candidates[0] };
  const recipes = new Map<string, Recipe>();
  let first: string | undefined;
  let current: Recipe | undefined;
  for (const line of (context.reader.read(file) ?? '').split(/\r?\n/)) {
    if (/^\s+\S/.test(line) && current) {
      current.lines.push(line.trim().replace(/^[@-]+/, ''));
      continue;
    }
    const header = /^@?([A-Za-z_][\w-]*)(?:\s+[^:=]*)?:(?!=)\s*(.*)$/.exec(line);
    if (header && !line.startsWith('[')) {
      current = { prerequisites: header[2].split(/\s+/).filter((name) => /^[A-Za-z_][\w-]*$/.test(name)), lines: [] };
      recipes.set(header[1], current);
      first ??= header[1];
    } else if (!/^\s*(#|\[|$)/.test(line)) {
      current = undefined;
    }
  }
  const goals = options.operands.filter((operand) => recipes.has(operand));
  const pending = goals.length ? goals : options.operands.length === 0 ? [recipes.has('default') ? 'default' : first].filter((name): name is string => name !== undefined) : [];
  const seen = new Set<string>();
  const scripts: Script[] = [];
  while (pending.length && seen.size < 64) {
    const goal = pending.shift() as string;
    if (seen.has(goal)) continue;
    seen.add(goal);
    const recipe = recipes.get(goal);
    if (!recipe) continue;
    pending.push(...recipe.prerequisites);
    const text = recipe.lines.filter((line) => !line.startsWith('#!')).join('\n');
    if (text.trim()) scripts.push({ label: `just ${goal}`, text, cwd });
  }
  return { scripts };
}

function taskCommands(command: SimpleCommand, context: IndirectionContext & { cwd: string; reader: FileReader }): Indirection {
  const options = parseOptions(command.args, { values: ['-d', '--dir', '-t', '--taskfile', '-o', '--output', '-c', '--color'] });
  if (hasOption(options, '-n', '--dry', '-l', '--list', '-a', '--list-all', '--summary', '-h', '--help', '--version', '-i', '--init')) return { scripts: [] };
  const cwd = directoryOption(options.options.get('-d') ?? options.options.get('--dir'), context.cwd);
  const named = options.options.get('-t') ?? options.options.get('--taskfile');
  const candidates = typeof named === 'string' ? [joinPath(cwd, named)] : ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml'].map((name) => `${cwd}/${name}`);
  const file = candidates.find((path) => context.reader.read(path) !== undefined);
  if (!file) return { unreadable: candidates[0] };
  let tasks: Record<string, unknown> = {};
  try {
    // Required on first use: only Taskfiles need a YAML parser.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('yaml') as typeof import('yaml');
    const document = parse(context.reader.read(file) ?? '') as { tasks?: Record<string, unknown> } | null;
    tasks = document?.tasks ?? {};
  } catch {
    return { unreadable: file };
  }
  const dashDash = command.args.indexOf('--');
  const goals = (dashDash < 0 ? options.operands : options.operands.filter((_operand, index) => options.operandIndexes[index] < dashDash)).filter((name) => !name.includes('='));
  const pending = goals.length ? goals : ['default'];
  const seen = new Set<string>();
  const scripts: Script[] = [];
  while (pending.length && seen.size < 64) {
    const goal = pending.shift() as string;
    if (seen.has(goal)) continue;
    seen.add(goal);
    const task = tasks[goal];
    const definition = (typeof task === 'string' ? { cmds: [task] } : Array.isArray(task) ? { cmds: task } : task ?? {}) as { cmds?: unknown[]; cmd?: unknown; deps?: unknown[] };
    const steps = [...(definition.deps ?? []), ...(definition.cmds ?? []), ...(definition.cmd === undefined ? [] : [definition.cmd])];
    const lines: string[] = [];
    for (const step of steps) {
      if (typeof step === 'string') {
        if (definition.deps?.includes(step)) pending.push(step);
        else lines.push(step);
      } else if (step && typeof step === 'object') {
        const record = step as { cmd?: unknown; task?: unknown };
        if (typeof record.cmd === 'string') lines.push(record.cmd);
        if (typeof record.task === 'string') pending.push(record.task);
      }
    }
    if (lines.length) scripts.push({ label: `task ${goal}`, text: lines.join('\n'), cwd });
  }
  return { scripts };
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
  if (text.includes('\0') || !isShell(interpreter)) return { scripts: [] };
  return { scripts: [{ label, text, cwd: context.cwd }] };
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
      return packageScripts(command, known);
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
      return written.includes('/') && !command.name.dynamic ? scriptFile(written, written, known) : undefined;
    }
  }
}
