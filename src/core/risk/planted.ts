// Planted code from the shell: which autorun files a command writes (redirections, tee, cp, mv, ln, install, sed -i,
// dd, interpreters naming the path, crontab, `direnv allow`, `npm pkg set`, `claude mcp add`) and the text it puts
// there; and, for the shell and edit tools alike, what the planted commands would do, judged by the engine.
import type { Assessment, Finding, Target } from '../model/assessment';
import type { SimpleCommand } from '../model/command';
import { higherLevel, levelRank, type Level } from '../model/levels';
import { isWithin, joinPath, parentPath, resolvePath } from '../model/paths';
import { linkedPath } from '../model/reader';
import { autorunMentioned, autorunPlace, autorunPlaces, policyPlaces, type AutorunPlace } from '../rules/autorun';
import { addedEntries, type PlantedEntry } from '../rules/autorunText';
import { guardedFile } from '../rules/edits';
import { copyValues, hardLinkSources } from '../rules/links';
import { plantedRule, type Planted } from '../rules/planted';
import type { Rule, RuleContext } from '../rules/rule';
import { codeLanguage } from '../shell/inline';
import { parseOptions } from '../shell/options';
import { writtenPaths } from './written';

/** What an earlier command of the line left in a file: its text when the line says it, and the words that made it. */
interface Left {
  readonly text: string | undefined;
  readonly hint: string;
}

/** The files the line has written so far, so a later `cp`, `mv` or `ln` of one plants what the line wrote. */
export class LineTexts {
  private readonly left = new Map<string, Left>();

  set(path: string, left: Left): void {
    this.left.set(path, left);
  }

  get(path: string): Left | undefined {
    return this.left.get(path);
  }
}

/** Words that name what runs in an everyday file (package.json, editor settings): a write nobody can read that names one is asked about. */
const runnableMention = /\b(preinstall|postinstall|prepare|prepublish(Only)?|prepack|postpack|preuninstall|postuninstall|runOn|folderOpen|auto-?approve|mcpServers|allowAutomaticTasks|script-shell|node-options|yarnPath|husky|lint-staged|simple-git-hooks|InterpreterPath|runonsave)\b|terminal\.integrated\.(profiles|env|shell)|scripts\.(install|version|dependencies)\b/i;

const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', E: '\x1b', '\\': '\\', '"': '"', "'": "'" };

/** Backslash escapes as echo -e and printf read them. */
function unescaped(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[0-7]{1,3}|.)/g, (whole, code: string) => {
    if (code.startsWith('x')) return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return escapes[code] ?? whole;
  });
}

/** What printf prints: the format over the arguments, again while arguments are left. */
function printfText(args: readonly string[]): string | undefined {
  let rest = args[0] === '--' ? args.slice(1) : args;
  // `printf -v name …` sets a variable and prints nothing.
  if (rest[0] === '-v') return '';
  const format = rest[0];
  if (format === undefined) return undefined;
  rest = rest.slice(1);
  let out = '';
  let used = 0;
  do {
    const before = used;
    out += unescaped(format).replace(/%([-+ #0]*\d*(?:\.\d+)?)([a-zA-Z%])/g, (_whole, _flags: string, conversion: string) => {
      if (conversion === '%') return '%';
      const value = rest[used++] ?? '';
      return conversion === 'b' ? unescaped(value) : value;
    });
    if (used === before) break;
  } while (used < rest.length);
  return out;
}

function readText(path: string, context: Pick<RuleContext, 'reader'>, line: LineTexts): Left {
  const left = line.get(path);
  if (left) return left;
  return { text: context.reader?.read(path), hint: '' };
}

function absolute(text: string, context: Pick<RuleContext, 'cwd' | 'home'>, base?: string): string | undefined {
  // `$HOME/…` is the home folder as surely as `~/…`.
  const spelled = text.replace(/^\$\{?HOME\}?(?=\/|$)/, '~');
  return resolvePath(spelled, { cwd: base ?? context.cwd, home: context.home }, false).absolute;
}

/** Spellings of git's and the person's folders that only the run resolves, as they resolve here. */
const knownFolders: readonly [RegExp, string][] = [
  [/\$\(\s*git\s+rev-parse\s+--git-path\s+hooks\s*\)/g, '.git/hooks'],
  [/\$\(\s*git\s+rev-parse\s+(--absolute-git-dir|--git-dir|--git-common-dir)\s*\)/g, '.git'],
  [/\$\(\s*git\s+rev-parse\s+--show-toplevel\s*\)/g, '.'],
  [/\$\{?XDG_CONFIG_HOME\}?/g, '~/.config'],
  [/\$\{?(HOME|ZDOTDIR)\}?/g, '~'],
];

/** A path only the run knows (`"$(git rev-parse --git-dir)/hooks/pre-commit"`), where its spelling still says which place it is. */
function dynamicPath(text: string, context: Pick<RuleContext, 'cwd' | 'home'>): string | undefined {
  let spelled = text;
  for (const [pattern, folder] of knownFolders) spelled = spelled.replace(pattern, folder);
  if (!spelled.includes('$') && !spelled.includes('`')) return absolute(spelled, context);
  // Whatever the folder, a file named for a git hook in a `hooks` folder is one.
  const hook = /(?:^|\/)hooks\/((?:pre|post)-[a-z-]+|commit-msg|prepare-commit-msg|applypatch-msg|fsmonitor-watchman|reference-transaction|update|push-to-checkout)$/.exec(spelled);
  return hook ? joinPath(context.cwd ?? '/', `.git/hooks/${hook[1]}`) : undefined;
}

/** Where an archive tool unpacks (`tar -x -C dir`, `unzip -d dir`): files nobody read, perhaps an autorun place's. */
function unpackedInto(command: SimpleCommand, context: RuleContext): string | undefined {
  const { program, args } = command;
  let folder: string | undefined;
  if (program === 'tar' || program === 'bsdtar' || program === 'gtar') {
    // `tar xf`, `tar -xzf`, `tar --extract`: the mode is the first word or a short option.
    const extracting = args.some((arg, index) => ((index === 0 || /^-[^-]/.test(arg)) && /^-?[A-Za-z]*x/.test(arg)) || arg === '--extract' || arg === '--get');
    if (!extracting) return undefined;
    const index = args.findIndex((arg) => arg === '-C' || arg === '--directory');
    folder = index >= 0 ? args[index + 1] : args.find((arg) => arg.startsWith('--directory='))?.slice('--directory='.length);
  } else if (program === 'unzip') {
    const index = args.indexOf('-d');
    folder = index >= 0 ? args[index + 1] : undefined;
  } else if (program === '7z' || program === '7za') {
    folder = args.find((arg) => arg.startsWith('-o'))?.slice(2);
  }
  return folder === undefined ? undefined : absolute(folder, context);
}

/** What the command writes to standard output, as far as the line says. */
function outputOf(command: SimpleCommand, context: RuleContext, line: LineTexts): Left {
  const { program, args } = command;
  const hint = [...args, command.input?.text ?? ''].join(' ');
  if (program === 'echo') {
    let start = 0;
    let newline = true;
    while (start < args.length && /^-[neE]+$/.test(args[start])) {
      if (args[start].includes('n')) newline = false;
      start++;
    }
    // Escapes are read as sh's echo reads them: a planted `\n` is a line break there.
    return { text: unescaped(args.slice(start).join(' ')) + (newline ? '\n' : ''), hint };
  }
  if (program === 'printf') return { text: printfText(args), hint };
  if (program === 'cat' || program === 'tee' || program === 'sponge') {
    const files = parseOptions(args).operands.filter((operand) => operand !== '-');
    if (program === 'cat' && files.length) {
      const texts = files.map((file) => {
        const path = absolute(file, context);
        return path === undefined ? { text: undefined, hint: '' } : readText(path, context, line);
      });
      return { text: texts.every((left) => left.text !== undefined) ? texts.map((left) => left.text).join('') : undefined, hint: [hint, ...texts.map((left) => left.hint)].join(' ') };
    }
    return inputOf(command);
  }
  return { text: undefined, hint };
}

/** What the command reads on standard input, when the line writes it (a heredoc, a herestring, echo or printf into a pipe). */
function inputOf(command: SimpleCommand): Left {
  const input = command.input;
  if (!input || input.opaque || input.text === undefined) return { text: undefined, hint: input?.text ?? '' };
  const text = input.from === 'echo' || input.from === 'printf' || input.from === 'herestring' ? `${unescaped(input.text)}\n` : input.text;
  return { text, hint: input.text };
}

/** The text `sed -i` or `perl -pi` puts in a file: its replacements and appended lines, read as a piece of the file. */
function inPlaceText(command: SimpleCommand): string | undefined {
  const parsed = parseOptions(command.args, { values: ['-e', '--expression', '-f', '--file'] });
  if (parsed.options.has('-f') || parsed.options.has('--file')) return undefined;
  const expressions = command.args.flatMap((arg, index) => (command.args[index - 1] === '-e' || command.args[index - 1] === '--expression' ? [arg] : []));
  if (expressions.length === 0 && parsed.operands[0] !== undefined) expressions.push(parsed.operands[0]);
  const pieces: string[] = [];
  const substitution = /s(.)((?:\\.|(?!\1)[^\\])*)\1((?:\\.|(?!\1)[^\\])*)\1[gpiImMe\d]*/g;
  for (const expression of expressions) {
    for (const match of expression.matchAll(substitution)) pieces.push(unescaped(match[3]));
    // `1i text`, `$a\`, `/re/c text`: what follows the command letter is a line of the file.
    const rest = expression.replace(substitution, '');
    for (const match of rest.matchAll(/(?:^|[;\n{}])\s*(?:\d+|\$|\/(?:\\.|[^/\\])*\/)?\s*[aic](?:\\\s*\n?|\s+)(.+)$/gm)) pieces.push(unescaped(match[1]));
  }
  return pieces.join('\n');
}


/** For a copy, move or link: the source that lands at `written`. */
function sourceOf(command: SimpleCommand, written: string, context: RuleContext): string | undefined {
  const parsed = parseOptions(command.args, { values: copyValues });
  const target = parsed.options.get('-t') ?? parsed.options.get('--target-directory');
  const sources = typeof target === 'string' ? parsed.operands : parsed.operands.slice(0, -1);
  const symbolic = command.program === 'ln' && (parsed.options.has('-s') || parsed.options.has('--symbolic'));
  const resolve = (source: string): string | undefined => absolute(source, context, symbolic && !source.startsWith('/') ? parentPath(written) : undefined);
  if (sources.length === 1 && !written.endsWith(`/${sources[0].split('/').pop() ?? ''}`)) return resolve(sources[0]);
  const named = sources.find((source) => written.endsWith(`/${source.split('/').pop() ?? ''}`));
  return named === undefined ? undefined : resolve(named);
}

const copiers = new Set(['cp', 'mv', 'install', 'ln', 'rsync']);


/** How a written path gets its text: the new text, the file's text before, and whether the text is only a piece of it. */
interface Written {
  readonly path: string;
  /** How the person is told where, when the path stands for more (an archive's files). */
  readonly label?: string;
  readonly after: Left;
  readonly before?: string;
  readonly fragment?: boolean;
}

/**
 * Every file `command` writes, with the text it leaves there as far as the line says. Files are read (the text before,
 * a copy's source) only where `wanted` says the text matters: an autorun place, not every log a line appends to.
 */
function writesOf(command: SimpleCommand, context: RuleContext, line: LineTexts, wanted: (path: string) => boolean): Written[] {
  const writes: Written[] = [];
  const redirected = new Set<string>();
  const before = (path: string): { before?: string } => {
    const text = wanted(path) ? readText(path, context, line).text : undefined;
    return text === undefined ? {} : { before: text };
  };
  const read = (path: string | undefined, into: string): Left => (path !== undefined && (wanted(into) || line.get(path)) ? readText(path, context, line) : { text: undefined, hint: '' });
  for (const redirect of command.redirects) {
    if (!['>', '>>', '>|', '&>', '&>>'].includes(redirect.operator)) continue;
    const path = redirect.target.dynamic ? dynamicPath(redirect.target.text, context) : absolute(redirect.target.text, context);
    if (path === undefined) continue;
    redirected.add(path);
    const output = outputOf(command, context, line);
    const had = before(path);
    const appended = redirect.operator.endsWith('>>');
    const text = output.text === undefined || (appended && !wanted(path)) ? undefined : appended ? (had.before ?? '') + output.text : output.text;
    writes.push({ path, after: { text, hint: output.hint }, ...had });
  }
  for (const path of writtenPaths(command, context)) {
    if (redirected.has(path)) continue;
    const had = before(path);
    if (command.program === 'tee' || command.program === 'sponge') {
      const input = inputOf(command);
      const appended = command.args.some((arg) => /^-[a-z]*a|^--append$/.test(arg));
      const text = input.text === undefined || (appended && !wanted(path)) ? undefined : appended ? (had.before ?? '') + input.text : input.text;
      writes.push({ path, after: { text, hint: input.hint }, ...had });
    } else if (copiers.has(command.program)) {
      writes.push({ path, after: read(sourceOf(command, path, context), path), ...had });
    } else if (command.program === 'sed' || command.program === 'gsed' || command.program === 'perl') {
      writes.push({ path, after: { text: inPlaceText(command), hint: command.args.join(' ') }, fragment: true });
    } else {
      // curl -o, wget -O: what a server sends.
      writes.push({ path, after: { text: undefined, hint: '' } });
    }
  }
  const unpacked = unpackedInto(command, context);
  // Unpacked into an autorun folder, or into a repository's `.git` or the home folder, where hooks and start-up files lie.
  if (unpacked) {
    const into = unpacked.endsWith('/.git') ? `${unpacked}/hooks` : unpacked;
    const path = wanted(into) ? into : wanted(`${into}/x`) ? `${into}/x` : unpacked === context.home ? `${unpacked}/.bashrc` : undefined;
    if (path) writes.push({ path, after: { text: undefined, hint: '' }, label: `${unpacked} (what the archive unpacks there)` });
  }
  if (command.program === 'dd') {
    const output = command.args.find((arg) => arg.startsWith('of='));
    const input = command.args.find((arg) => arg.startsWith('if='));
    const path = output === undefined ? undefined : absolute(output.slice(3), context);
    const source = input === undefined ? undefined : absolute(input.slice(3), context);
    if (path) writes.push({ path, after: source ? read(source, path) : inputOf(command) });
  }
  return writes;
}

/** A place by the kind of its text, for commands that install into one (`crontab`, `direnv allow`, `npm pkg set`, `claude mcp add`). */
function placeOf(text: AutorunPlace['text'], family: AutorunPlace['family']): AutorunPlace {
  return autorunPlaces.find((place) => place.text === text && place.family === family) ?? autorunPlaces[0];
}

/** Tools that install what runs later themselves: their text, and where it goes. */
function installed(command: SimpleCommand, context: RuleContext, line: LineTexts): { place: AutorunPlace; path: string; after: Left; whole: boolean }[] {
  const { program, args } = command;
  const cwd = context.cwd ?? '/';
  const linked = hardLinkSources(command);
  if (linked.length) {
    // A hard link is the same file under a second name: what is written there later lands in the start-up file, unseen.
    return linked.flatMap((source) => {
      const path = absolute(source, context);
      const place = path === undefined ? undefined : autorunPlace(path, context.home);
      return place && path ? [{ place, path, after: { text: undefined, hint: `linked under another name: what is written there lands in ${path}` }, whole: false }] : [];
    });
  }
  if (program === 'crontab') {
    const parsed = parseOptions(args, { values: ['-u'] });
    if (['-l', '-r', '-e', '-i', '-T', '-V'].some((flag) => parsed.options.has(flag))) return [];
    const file = parsed.operands[0];
    const path = file === undefined || file === '-' ? undefined : absolute(file, context);
    const after = path ? readText(path, context, line) : inputOf(command);
    return [{ place: placeOf('cron', 'schedule'), path: 'your crontab', after, whole: true }];
  }
  if (program === 'direnv' && ['allow', 'permit', 'grant'].includes(args[0] ?? '')) {
    const named = args[1] === undefined ? joinPath(cwd, '.envrc') : (absolute(args[1], context) ?? joinPath(cwd, '.envrc'));
    const path = named.endsWith('/.envrc') || named.endsWith('/.env') ? named : joinPath(named, '.envrc');
    return [{ place: autorunPlace(path, context.home) ?? placeOf('script', 'shell'), path, after: readText(path, context, line), whole: true }];
  }
  if ((program === 'npm' || program === 'pnpm') && ((args[0] === 'pkg' && args[1] === 'set') || args[0] === 'set-script')) {
    const pairs = args[0] === 'set-script' ? [[`scripts.${args[1] ?? ''}`, args.slice(2).join(' ')]] : args.slice(2).filter((arg) => arg.includes('=')).map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]);
    const fragment = pairs.map(([key, value]) => `${JSON.stringify(key.replace(/^scripts\./, '').split('.').pop() ?? key)}: ${JSON.stringify(value)}`).join(',\n');
    return [{ place: placeOf('package-json', 'tool'), path: joinPath(cwd, 'package.json'), after: { text: fragment, hint: args.join(' ') }, whole: false }];
  }
  if (program === 'git') return [...gitConfigWrite(args, context), ...gitTemplate(args, context)];
  if (program === 'at' || program === 'batch') {
    const parsed = parseOptions(args, { values: ['-f', '-q', '-t'] });
    if (['-l', '-d', '-r', '-c', '-V'].some((flag) => parsed.options.has(flag))) return [];
    const file = parsed.options.get('-f');
    const path = typeof file === 'string' ? absolute(file, context) : undefined;
    const after = path ? readText(path, context, line) : inputOf(command);
    return [{ place: placeOf('cron', 'schedule'), path: `an ${program} job`, after: after.text === undefined ? after : { text: after.text.split('\n').map((entry) => (entry.trim() ? `@at ${entry}` : entry)).join('\n'), hint: after.hint }, whole: true }];
  }
  if (program === 'npm' && args[0] === 'config' && args[1] === 'set') {
    const pairs = args.slice(2).filter((arg) => !arg.startsWith('-'));
    const settings = pairs.some((pair) => pair.includes('=')) ? pairs.filter((pair) => pair.includes('=')) : pairs.length >= 2 ? [`${pairs[0]}=${pairs[1]}`] : [];
    const project = args.some((arg) => arg === '--location=project' || arg === 'project');
    return [{ place: placeOf('npmrc', 'tool'), path: project ? joinPath(cwd, '.npmrc') : joinPath(context.home ?? '~', '.npmrc'), after: { text: settings.join('\n'), hint: args.join(' ') }, whole: false }];
  }
  if (program === 'kubectl' && args[0] === 'config' && args[1] === 'set-credentials') {
    const execCommand = args.find((arg) => arg.startsWith('--exec-command='))?.slice('--exec-command='.length) ?? args[args.indexOf('--exec-command') + 1];
    if (!args.some((arg) => arg.startsWith('--exec-command')) || execCommand === undefined) return [];
    const execArgs = args.flatMap((arg, index) => (arg.startsWith('--exec-arg=') ? [arg.slice('--exec-arg='.length)] : arg === '--exec-arg' && args[index + 1] !== undefined ? [args[index + 1]] : []));
    const text = `users:\n- name: ${JSON.stringify(args[2] ?? '?')}\n  user:\n    exec:\n      command: ${JSON.stringify(execCommand)}\n      args: ${JSON.stringify(execArgs)}\n`;
    return [{ place: placeOf('kubeconfig', 'tool'), path: joinPath(context.home ?? '~', '.kube/config'), after: { text, hint: '' }, whole: true }];
  }
  if (program === 'aws' && args[0] === 'configure' && args[1] === 'set' && /(^|\.)credential_process$/.test(args[2] ?? '') && args[3] !== undefined) {
    return [{ place: placeOf('aws-config', 'tool'), path: joinPath(context.home ?? '~', '.aws/config'), after: { text: `credential_process = ${args[3]}\n`, hint: '' }, whole: true }];
  }
  const agent = ['claude', 'gemini', 'codex', 'copilot', 'cursor-agent', 'qwen', 'amp'].includes(program);
  if (agent && args[0] === 'mcp' && (args[1] === 'add' || args[1] === 'add-json')) {
    if (args[1] === 'add-json') return [{ place: placeOf('agent-json', 'agent'), path: `${program}'s MCP servers`, after: { text: JSON.stringify({ mcpServers: { [args[2] ?? '?']: safeJson(args[3]) } }), hint: '' }, whole: true }];
    const dash = args.indexOf('--');
    const parsed = parseOptions(args.slice(2, dash < 0 ? undefined : dash), { values: ['-s', '--scope', '-t', '--transport', '-e', '--env', '-H', '--header', '--url', '--bearer-token-env-var'] });
    const transport = parsed.options.get('-t') ?? parsed.options.get('--transport');
    if (transport === 'http' || transport === 'sse' || parsed.options.has('--url')) return [];
    const [name, ...rest] = parsed.operands;
    const argv = dash < 0 ? rest : args.slice(dash + 1);
    if (argv.length === 0) return [];
    return [{ place: placeOf('agent-json', 'agent'), path: `${program}'s MCP servers`, after: { text: JSON.stringify({ mcpServers: { [name ?? '?']: { command: argv[0], args: argv.slice(1) } } }), hint: '' }, whole: true }];
  }
  return [];
}

/** git's own options before its subcommand that take the next word. */
const gitValues = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--config-env', '--exec-path', '--attr-source'];

/**
 * `git config [--global] KEY VALUE`: a setting that runs a program is planted in the file it goes to. What it runs is
 * judged where the line is read (`git -c` and `git config` values as the commands they are); here only that it is planted.
 */
function gitConfigWrite(args: readonly string[], context: RuleContext): { place: AutorunPlace; path: string; after: Left; whole: boolean }[] {
  let index = 0;
  let cwd = context.cwd ?? '/';
  while (index < args.length && args[index].startsWith('-')) {
    if (args[index] === '-C' && args[index + 1] !== undefined) cwd = absolute(args[index + 1], { cwd, home: context.home }) ?? cwd;
    index += gitValues.includes(args[index]) ? 2 : 1;
  }
  if (args[index] !== 'config') return [];
  const parsed = parseOptions(args.slice(index + 1), { values: ['-f', '--file', '--blob', '--type', '--default', '--comment', '--value'] });
  const reads = ['-l', '--list', '--get', '--get-all', '--get-regexp', '--get-urlmatch', '--unset', '--unset-all', '-e', '--edit', '--remove-section', '--rename-section', '--get-color', '--get-colorbool', '--blob'];
  if (reads.some((flag) => parsed.options.has(flag))) return [];
  let operands = parsed.operands;
  if (operands[0] === 'set') operands = operands.slice(1);
  else if (['get', 'list', 'unset', 'rename-section', 'remove-section', 'edit'].includes(operands[0] ?? '')) return [];
  const [key, value] = operands;
  const dot = key?.indexOf('.') ?? -1;
  if (key === undefined || value === undefined || dot < 1) return [];
  const last = key.lastIndexOf('.');
  const section = key.slice(0, dot);
  const sub = last > dot ? key.slice(dot + 1, last) : undefined;
  const text = `[${section}${sub === undefined ? '' : ` "${sub.replace(/["\\]/g, '\\$&')}"`}]\n\t${key.slice(last + 1)} = "${value.replace(/["\\]/g, '\\$&')}"\n`;
  const file = parsed.options.get('-f') ?? parsed.options.get('--file');
  const path =
    typeof file === 'string'
      ? (absolute(file, { cwd, home: context.home }) ?? joinPath(cwd, file))
      : parsed.options.has('--global')
        ? joinPath(context.home ?? '~', '.gitconfig')
        : parsed.options.has('--system')
          ? '/etc/gitconfig'
          : `${gitFolder(cwd, context) ?? joinPath(cwd, '.git')}/config`;
  return [{ place: placeOf('git-config', 'git'), path, after: { text, hint: '' }, whole: true }];
}

/** `git init --template=DIR`, `git clone --template DIR`: the new repository's hooks are copied from a folder nobody read here. */
function gitTemplate(args: readonly string[], context: RuleContext): { place: AutorunPlace; path: string; after: Left; whole: boolean }[] {
  if (!args.some((arg) => arg === 'init' || arg === 'clone')) return [];
  if (!args.some((arg) => arg === '--template' || arg.startsWith('--template='))) return [];
  return [{ place: placeOf('script', 'git'), path: joinPath(context.cwd ?? '/', '.git/hooks'), after: { text: undefined, hint: '' }, whole: true }];
}

/** The repository's `.git` folder above `cwd`, where the reader can tell. */
function gitFolder(cwd: string, context: Pick<RuleContext, 'reader'>): string | undefined {
  for (let folder = cwd; ; folder = parentPath(folder)) {
    if (context.reader?.exists?.(joinPath(folder, '.git'))) return joinPath(folder, '.git');
    if (folder === '/') return undefined;
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '') as unknown;
  } catch {
    return { command: text ?? '' };
  }
}

/** Code an interpreter is given (`python -c`, `node -e`, a heredoc): a write there naming an autorun place plants what nobody can read. */
function interpreterTargets(command: SimpleCommand, context: RuleContext, extra: readonly AutorunPlace[]): { place: AutorunPlace; path: string }[] {
  if (codeLanguage(command.program) === undefined) return [];
  const code = [...command.args, command.input?.text ?? ''].join('\n');
  if (!autorunMentioned.test(code) || !/write|append|open\s*\(|copy|symlink|rename|replace|>|File\.|fs\.|shutil|pathlib|Path\(/i.test(code)) return [];
  const found: { place: AutorunPlace; path: string }[] = [];
  for (const match of code.matchAll(/(['"`])((?:\\.|(?!\1)[^\\])+)\1/g)) {
    const path = absolute(match[2].replace(/^~(?=\/)/, '~'), context);
    const place = path === undefined ? undefined : autorunPlace(path, context.home, extra);
    if (path && place && !found.some((known) => known.path === path)) found.push({ place, path });
  }
  return found;
}

/** The entries a write adds, or undefined when what it writes cannot be read; none at all when it plants nothing. */
function entriesOf(place: AutorunPlace, written: Written): readonly PlantedEntry[] | undefined {
  const { path, after } = written;
  if (after.text === undefined) {
    // An everyday file rewritten from somewhere unread is only asked about when the line names what runs.
    return place.everyday && !runnableMention.test(after.hint) ? [] : undefined;
  }
  if (written.fragment) return addedEntries(place.text, undefined, { text: after.text, fragment: true, path });
  return addedEntries(place.text, written.before === undefined ? undefined : { text: written.before, fragment: false, path }, { text: after.text, fragment: false, path });
}

/** Autorun files `command` writes, and what it plants in each; every file it writes is remembered for the rest of the line. */
export function plantedWrites(command: SimpleCommand, context: RuleContext, line: LineTexts, autorunPaths: readonly string[] | undefined): Planted[] {
  const extra = policyPlaces(autorunPaths);
  const planted: Planted[] = [];
  const places = new Map<string, AutorunPlace | undefined>();
  const placeAt = (path: string): AutorunPlace | undefined => {
    // A write through a link lands in the file it points at: `ln -s ~/.bashrc notes.txt; echo … >> notes.txt`.
    const linked = places.has(path) ? undefined : linkedPath(context.reader, path);
    if (!places.has(path)) places.set(path, autorunPlace(path, context.home, extra) ?? (linked === undefined ? undefined : autorunPlace(linked, context.home, extra)));
    return places.get(path);
  };
  for (const written of writesOf(command, context, line, (path) => placeAt(path) !== undefined)) {
    line.set(written.path, written.fragment ? { text: undefined, hint: written.after.hint } : written.after);
    const place = placeAt(written.path);
    if (!place) continue;
    const entries = entriesOf(place, written);
    // An agent's or Four Eyes' own file is asked about for its path (`guard.ts`); unread text there says nothing more.
    if (entries === undefined && guardedFile(written.path, context.cwd ?? '/', context.home)) continue;
    if (entries === undefined || entries.length) planted.push({ place, path: written.path, entries, ...(written.label ? { label: written.label } : {}) });
  }
  for (const { place, path, after, whole } of installed(command, context, line)) {
    const entries = entriesOf(place, { path, after, fragment: !whole });
    if (entries === undefined || entries.length) planted.push({ place, path, entries });
  }
  for (const { place, path } of interpreterTargets(command, context, extra)) if (!planted.some((known) => known.path === path)) planted.push({ place, path, entries: undefined });
  return planted;
}

/** Where planted commands run: a repository's top for git's, the home folder for the person's own files, else the file's folder. */
function plantedCwd(path: string, home: string | undefined): string | undefined {
  if (!path.startsWith('/')) return home;
  const repository = /^(.*?)\/\.git\//.exec(path);
  if (repository) return repository[1] || '/';
  let folder = parentPath(path);
  // `.vscode/tasks.json`, `.husky/pre-commit`, `.claude/commands/x.md`: they run in the project, not in the dot folder.
  while (/\/\.[^/]+$/.test(folder) && folder !== home) folder = parentPath(folder);
  if (home && isWithin(folder, home) && folder.startsWith(`${home}/.`)) return home;
  return folder;
}

/** Rules that say a command prints a secret or a token: what a credential helper is for. */
const helperWork = /secret\.read|credentials\.read|auth\.token|\.token$|get-secret|secrets\.show/;

/** How the engine judges a planted command, where it would run. */
export type PlantedClassifier = (text: string, cwd: string | undefined) => Assessment;

export interface PlantedJudgement {
  readonly rule: Rule;
  readonly level: Level;
  readonly target: Target | undefined;
  /** What the engine found in the planted commands, to add as findings through the planted file. */
  readonly findings: readonly Finding[];
}

/**
 * A planted write as a finding: the family's rule at its level (a policy may raise it), critical when what it plants is
 * critical or acts on production. Credential helpers and plain git aliases that do nothing risky are not planted code.
 */
export function judgePlanted(planted: Planted, classify: PlantedClassifier, levelOf: (rule: Rule, target: Target | undefined) => Level, home: string | undefined): PlantedJudgement | undefined {
  const cwd = plantedCwd(planted.path, home);
  const judged: Assessment[] = [];
  let entries = planted.entries;
  if (entries) {
    entries = entries.filter((entry) => {
      if (!entry.helper || entry.command === undefined) return true;
      const assessment = classify(entry.command, cwd);
      const program = entry.command.trim().split(/\s+/)[0] ?? '';
      // A helper's work is handing credentials to its tool: printing them is not what makes one risky.
      const risk = assessment.findings.filter((finding) => !helperWork.test(finding.ruleId)).reduce<Level>((highest, finding) => higherLevel(highest, finding.level), 'none');
      if (levelRank(risk) < levelRank('high') && !program.includes('/')) return false;
      judged.push(assessment);
      return true;
    });
    if (entries.length === 0) return undefined;
    const commands = entries.filter((entry) => entry.command !== undefined && !entry.helper).map((entry) => entry.command as string);
    if (commands.length) judged.push(classify(commands.join('\n'), cwd));
  }
  // A file the planted code runs may be written before it runs, and a fish or zsh file need not be bash: neither says more than the planted finding does.
  const findings = judged.flatMap((assessment) => assessment.findings).filter((finding) => finding.ruleId !== 'shell.missing-file' && finding.ruleId !== 'shell.unparseable');
  const critical = judged.some((assessment) => assessment.level === 'critical');
  const target = findings.find((finding) => finding.target?.production && levelRank(finding.level) >= levelRank('medium'))?.target;
  const rule = plantedRule(planted.place, planted.path, entries, planted.label);
  const level = higherLevel(levelOf(rule, target), critical ? 'critical' : 'none');
  return { rule, level, target, findings };
}
