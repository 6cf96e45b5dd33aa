// Tools that run a command given in their own arguments or script: schedulers, terminals, debuggers, awk, sed, vim, git.
import type { SimpleCommand, Word } from '../model/command';
import { stdinCode, wordsOf, type Carrier } from './carrier';
import { makeCommand } from './command';
import { gitSettings, gitSubcommandIndex, type GitSetting } from './gitConfig';
import { hasOption, optionValue, parseOptions, type OptionSpec } from './options';
import { quoteWord } from './quote';

type EmbeddedCarrier = (command: SimpleCommand, carrier: Carrier) => void;

/** The words after the options (`stopAtOperand`), starting `skip` operands later. */
function operandWords(command: SimpleCommand, spec: OptionSpec, skip = 0): Word[] {
  const end = parseOptions(command.args, { ...spec, stopAtOperand: true }).end;
  return command.words.slice(end + skip);
}

/** The words of `command` from `start`, as a command of their own for option parsing. */
function rest(command: SimpleCommand, start: number): SimpleCommand {
  return makeCommand(command.name, command.words.slice(start), { span: command.span, via: [] });
}

function runWords(command: SimpleCommand, carrier: Carrier, via: string, words: readonly Word[]): void {
  if (words.length) carrier.command(command, via, words);
}

/** The word holding an option's value, for pointing at it in the line. */
function valueWord(command: SimpleCommand, value: string): Word[] {
  const word = command.words.find((candidate) => candidate.text === value || candidate.text.endsWith(`=${value}`) || candidate.text.endsWith(value));
  return word ? [word] : [...command.words];
}

function shellValue(command: SimpleCommand, carrier: Carrier, via: string, value: string | undefined): void {
  if (value !== undefined && value.trim() !== '') carrier.shell(command, via, value, valueWord(command, value));
}

const cronField = /^(?:\*|\d+|[A-Za-z]{3})(?:[-/,](?:\*|\d+|[A-Za-z]{3}))*$/;

/** A crontab's lines: the command after the five time fields (or `@reboot`), up to the first unescaped `%`. */
function cronCommands(text: string): string[] {
  const commands: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(trimmed)) continue;
    const fields = trimmed.split(/\s+/);
    // A line cron would refuse still counts as the command it names.
    const skip = trimmed.startsWith('@') ? 1 : fields.slice(0, 5).every((field) => cronField.test(field)) && fields.length > 5 ? 5 : 0;
    const command = fields.slice(skip).join(' ').split(/(?<!\\)%/)[0];
    if (command) commands.push(command);
  }
  return commands;
}

function crontab(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, { values: ['-u', '-s'] });
  if (hasOption(parsed, '-l', '-r', '-e', '-i', '-T', '-V', '-c', '-n')) return;
  const file = parsed.operands[0];
  if (file !== undefined && file !== '-') return carrier.problem('opaque-code', command, `crontab installs the commands written in ${file}`);
  stdinCode(command, carrier, (text) => {
    for (const line of cronCommands(text)) carrier.shell(command, 'crontab', line, command.words);
  });
}

function at(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, { values: ['-f', '-q', '-t'] });
  if (hasOption(parsed, '-l', '-d', '-r', '-c', '-V')) return;
  const file = optionValue(parsed, '-f');
  if (file !== undefined) return carrier.problem('opaque-code', command, `${command.program} runs the commands written in ${file}`);
  stdinCode(command, carrier, (text) => carrier.shell(command, command.program, text, command.words));
}

function script(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, { values: ['-c', '--command', '-E', '--echo', '-I', '--log-in', '-O', '--log-out', '-B', '--log-io', '-T', '--log-timing', '-m', '--logging-format', '-o', '--output-limit', '-F', '-t'] });
  const payload = optionValue(parsed, '-c', '--command');
  if (payload !== undefined) return shellValue(command, carrier, 'script -c', payload);
  // BSD `script [-q] file command …` runs the words after the file.
  const words = operandWords(command, { values: ['-F', '-t', '-T'] }, 1);
  runWords(command, carrier, 'script', words);
}

const tmuxRunners = new Set(['new', 'new-session', 'new-window', 'neww', 'split-window', 'splitw', 'respawn-pane', 'respawnp', 'respawn-window', 'respawnw', 'run-shell', 'run', 'if-shell', 'if', 'display-popup', 'popup']);
const tmuxKeys = new Set(['Enter', 'C-m', 'KPEnter', 'C-j']);

function tmux(command: SimpleCommand, carrier: Carrier): void {
  // `tmux new -d 'x' \; send-keys …`: a `;` word separates tmux commands.
  const start = parseOptions(command.args, { values: ['-L', '-S', '-f', '-T', '-c'], stopAtOperand: true }).end;
  let from = start;
  for (let index = start; index <= command.words.length; index++) {
    if (index < command.words.length && command.args[index] !== ';') continue;
    tmuxCommand(command, command.words.slice(from, index), carrier);
    from = index + 1;
  }
}

function tmuxCommand(outer: SimpleCommand, words: readonly Word[], carrier: Carrier): void {
  const [verb, ...args] = words;
  if (!verb) return;
  const inner = makeCommand(verb, args, { span: outer.span, via: [] });
  const spec = { values: ['-c', '-e', '-F', '-n', '-s', '-t', '-x', '-y', '-f', '-l', '-p', '-d', '-h', '-w', '-b', '-T', '-E', '-N'], stopAtOperand: true };
  if (verb.text === 'send-keys' || verb.text === 'send') {
    const keys = args.slice(parseOptions(inner.args, { values: ['-t', '-N'], stopAtOperand: true }).end);
    const text = keys.map((key) => (tmuxKeys.has(key.text) ? '\n' : key.text)).join(' ');
    return shellValue(outer, carrier, 'tmux send-keys', text);
  }
  if (!tmuxRunners.has(verb.text)) return;
  const valueOptions = verb.text.startsWith('new') || verb.text.startsWith('split') || verb.text.startsWith('respawn') ? spec : { values: ['-t', '-d'], stopAtOperand: true };
  const body = args.slice(parseOptions(inner.args, { ...valueOptions, values: valueOptions.values.filter((name) => name !== '-d' || !verb.text.startsWith('new')) }).end);
  // `if-shell COMMAND then else`: the first word is the shell command, the others tmux commands.
  const payload = verb.text === 'if-shell' || verb.text === 'if' ? body.slice(0, 1) : body;
  if (payload.length) shellValue(outer, carrier, `tmux ${verb.text}`, payload.map((word) => word.text).join(' '));
}

function screen(command: SimpleCommand, carrier: Carrier): void {
  if (command.args.some((arg) => /^-(ls|list|r|R|x|D|wipe|v|version|help|Q)$/.test(arg))) return;
  const spec = { values: ['-S', '-c', '-t', '-e', '-h', '-p', '-T', '-s', '-X', '-Logfile'] };
  const parsed = parseOptions(command.args, { ...spec, stopAtOperand: true });
  const words = command.words.slice(parsed.end);
  const sent = optionValue(parsed, '-X');
  if (sent !== undefined) {
    // `screen -X stuff 'cmd^M'` types into the session; `screen -X exec cmd` runs it.
    if (sent === 'stuff') return shellValue(command, carrier, 'screen -X stuff', words.map((word) => word.text.replace(/\^M|\\r|\\n/g, '\n')).join(' '));
    if (sent === 'exec' || sent === 'screen') return runWords(command, carrier, `screen -X ${sent}`, words);
    return;
  }
  runWords(command, carrier, 'screen', words);
}

function flock(command: SimpleCommand, carrier: Carrier): void {
  const spec = { values: ['-w', '--timeout', '-E', '--conflict-exit-code'] };
  const file = parseOptions(command.args, { ...spec, stopAtOperand: true }).end;
  const after = rest(command, file + 1);
  const parsed = parseOptions(after.args, { ...spec, values: [...spec.values, '-c', '--command'], stopAtOperand: true });
  const payload = optionValue(parsed, '-c', '--command');
  if (payload !== undefined) return shellValue(command, carrier, 'flock -c', payload);
  runWords(command, carrier, 'flock', after.words.slice(parsed.end));
}

function gdb(command: SimpleCommand, carrier: Carrier): void {
  for (const [index, arg] of command.args.entries()) {
    if (arg === '--args') return runWords(command, carrier, 'gdb --args', command.words.slice(index + 1));
    // `gdb -batch -ex 'shell rm -rf x'`: gdb's shell command.
    if (/^--?(ex|eval-command|iex)$/.test(arg)) {
      const value = command.args[index + 1] ?? '';
      const shell = /^\s*(?:shell\s+|!)([\s\S]*)$/.exec(value);
      if (shell) shellValue(command, carrier, 'gdb shell', shell[1]);
    }
  }
}

function entr(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, { stopAtOperand: true });
  const words = command.words.slice(parsed.end);
  if (hasOption(parsed, '-s')) return shellValue(command, carrier, 'entr -s', words[0]?.text);
  runWords(command, carrier, 'entr', words);
}

/** `uvx ruff@0.5 check`, `pipx run black==24 .`: the package's program under its own name. */
function packageWords(words: readonly Word[]): Word[] {
  if (words.length === 0) return [];
  const [first, ...others] = words;
  const name = first.text.replace(/(.)(?:[=<>~!@].*)$/, '$1');
  // A package whose program has another name: `uvx aider-chat` runs `aider`.
  return [{ ...first, text: name === 'aider-chat' ? 'aider' : name }, ...others];
}

const uvValues = ['--from', '--with', '--python', '-p', '--index-url', '-i', '--extra-index-url', '--with-requirements', '--with-editable', '--constraint', '-c', '--override', '--directory', '--project', '--env-file', '--index'];

function uvx(command: SimpleCommand, carrier: Carrier): void {
  const start = command.program === 'uv' ? 2 : 0;
  if (command.program === 'uv' && !(command.args[0] === 'tool' && command.args[1] === 'run')) return;
  const inner = rest(command, start);
  runWords(command, carrier, 'uvx', packageWords(inner.words.slice(parseOptions(inner.args, { values: uvValues, stopAtOperand: true }).end)));
}

function pipx(command: SimpleCommand, carrier: Carrier): void {
  if (command.args[0] !== 'run') return;
  const inner = rest(command, 1);
  runWords(command, carrier, 'pipx run', packageWords(inner.words.slice(parseOptions(inner.args, { values: ['--spec', '--python', '--pip-args', '--index-url', '-i'], stopAtOperand: true }).end)));
}

function nix(command: SimpleCommand, carrier: Carrier): void {
  const verb = command.args[0];
  const inner = rest(command, 1);
  const spec = { values: ['--override-input', '--arg', '--argstr', '-I', '--include', '--option', '--profile', '--expr', '-f', '--file'] };
  if (verb === 'run') {
    const parsed = parseOptions(inner.args, { ...spec, stopAtOperand: true });
    const installable = inner.words[parsed.end];
    if (!installable) return;
    const attribute = /#([^#]+)$/.exec(installable.text)?.[1];
    if (attribute === undefined) return carrier.problem('opaque-code', command, `nix run ${installable.text} runs the program that package names`);
    const dashDash = inner.args.indexOf('--', parsed.end + 1);
    const args = dashDash < 0 ? inner.words.slice(parsed.end + 1) : inner.words.slice(dashDash + 1);
    return runWords(command, carrier, 'nix run', [{ ...installable, text: attribute.split('.').pop() ?? attribute }, ...args]);
  }
  if (verb === 'shell' || verb === 'develop') {
    const index = inner.args.findIndex((arg) => arg === '-c' || arg === '--command');
    if (index >= 0) runWords(command, carrier, `nix ${verb}`, inner.words.slice(index + 1));
  }
}

function nixShell(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, { values: ['--run', '--command', '-p', '--packages', '-I', '--arg', '--argstr', '-A', '--attr'] });
  shellValue(command, carrier, 'nix-shell', optionValue(parsed, '--run', '--command'));
}

function tar(command: SimpleCommand, carrier: Carrier): void {
  const runs = ['--to-command', '--use-compress-program', '--info-script', '--new-volume-script', '--rsh-command', '--checkpoint-action'];
  for (const [index, arg] of command.args.entries()) {
    const name = arg.split('=', 1)[0];
    let value: string | undefined;
    if (runs.includes(name)) value = arg.includes('=') ? arg.slice(name.length + 1) : command.args[index + 1];
    else if (arg === '-I' || arg === '-F') value = command.args[index + 1];
    if (value === undefined) continue;
    // `--checkpoint-action=exec=cmd`; other checkpoint actions run nothing.
    if (name === '--checkpoint-action') value = value.startsWith('exec=') ? value.slice(5) : undefined;
    shellValue(command, carrier, `tar ${name}`, value);
  }
}

/** Git settings whose value is a program git runs (`git -c core.pager='…' log`), or a git command line (`alias.x`). */
const gitRunsSetting = new RegExp(
  '^(' +
    [
      'core\\.(pager|editor|sshcommand|fsmonitor|askpass|hookspath|gitproxy|alternaterefscommand)',
      'sequence\\.editor',
      'diff\\.external',
      'diff\\.[^=]+\\.(textconv|command)',
      'merge\\.[^=]+\\.driver',
      '(diff|merge)tool\\.[^=]+\\.cmd',
      '(browser|man)\\.[^=]+\\.cmd',
      'remote\\.[^=]+\\.(uploadpack|receivepack)',
      'gpg(\\.\\w+)?\\.program',
      'pager\\.[\\w-]+',
      'filter\\.[^=]+\\.(clean|smudge|process)',
      'credential(\\.[^=]+)?\\.helper',
      'uploadpack\\.packobjectshook',
      'interactive\\.difffilter',
      'include\\.path',
      'includeif\\.[^=]+\\.path',
      'alias\\.[^=]+',
    ].join('|') +
    ')$',
  'i',
);

/**
 * Variables the line sets that name a program git runs: shell lines, or (`GIT_SSH`, `GIT_ASKPASS`) a program alone.
 * Only the line's own assignments count: the environment the person runs in is theirs, not the agent's doing.
 */
const gitCommandVariables: Readonly<Record<string, 'shell' | 'program'>> = {
  GIT_SSH_COMMAND: 'shell', GIT_PAGER: 'shell', GIT_EDITOR: 'shell', GIT_SEQUENCE_EDITOR: 'shell', GIT_EXTERNAL_DIFF: 'shell', GIT_PROXY_COMMAND: 'shell', GIT_SSH: 'program', GIT_ASKPASS: 'program',
  EDITOR: 'shell', VISUAL: 'shell', PAGER: 'shell',
};

/** What a setting the line gives runs, when git uses it. */
function gitSetting(command: SimpleCommand, carrier: Carrier, setting: GitSetting, sub: string | undefined, subIndex: number): void {
  const key = setting.key.toLowerCase();
  if (!gitRunsSetting.test(key)) return;
  const alias = key.startsWith('alias.') ? key.slice('alias.'.length) : undefined;
  // An alias runs only when called.
  if (alias !== undefined && alias !== sub?.toLowerCase()) return;
  if (setting.value === undefined) return carrier.problem('opaque-code', command, `git ${setting.key} takes what it runs from ${setting.source}, only known when the line runs`);
  if (key.startsWith('include')) return carrier.problem('opaque-code', command, `git ${setting.key} reads settings from ${setting.value}, which may run anything`);
  if (alias === undefined || setting.value.startsWith('!')) return shellValue(command, carrier, alias === undefined ? `git ${setting.key}` : `git alias ${sub}`, setting.value.replace(/^!/, ''));
  // `alias.p='push --force'`: git runs itself with the alias's words in place of the name (and refuses an alias that names itself).
  if (setting.value.trim().split(/\s+/)[0]?.toLowerCase() === alias) return;
  const globals = command.words.slice(0, subIndex).filter((_word, index) => !setting.words.includes(index));
  const text = ['git', ...globals.map((word) => quoteWord(word.text)), setting.value, ...command.words.slice(subIndex + 1).map((word) => quoteWord(word.text))].join(' ');
  carrier.shell(command, `git alias ${sub}`, text, command.words.slice(subIndex));
}

/** `git config [--global] alias.x '!…'`, `git config set core.pager …`: a setting that will run a command in later git runs. */
function gitConfigWrite(command: SimpleCommand, carrier: Carrier, args: readonly string[]): void {
  const parsed = parseOptions(args, { values: ['-f', '--file', '--blob', '--type', '--default', '--comment', '--value'] });
  const reads = ['-l', '--list', '--get', '--get-all', '--get-regexp', '--get-urlmatch', '--unset', '--unset-all', '-e', '--edit', '--remove-section', '--rename-section', '--get-color', '--get-colorbool', '--show-origin'];
  if (hasOption(parsed, ...reads)) return;
  let operands = parsed.operands;
  if (operands[0] === 'set') operands = operands.slice(1);
  else if (['get', 'list', 'unset', 'rename-section', 'remove-section', 'edit'].includes(operands[0] ?? '')) return;
  const [key, value] = operands;
  if (key === undefined || value === undefined) return;
  const setting: GitSetting = { key, value, source: 'git config', words: [] };
  const lower = key.toLowerCase();
  if (!gitRunsSetting.test(lower)) return;
  if (lower.startsWith('alias.') && !value.startsWith('!')) return carrier.shell(command, `git config ${key}`, `git ${value}`, command.words);
  gitSetting(command, carrier, setting, lower.startsWith('alias.') ? lower.slice('alias.'.length) : undefined, 0);
}

/** `ext::sh -c touch% /tmp/x`: git's ext transport runs the command the URL spells (`% ` is a space inside a word). */
function gitExtUrl(command: SimpleCommand, carrier: Carrier, url: string): void {
  const words = url
    .slice('ext::'.length)
    .split(/(?<!%) +/)
    .filter(Boolean)
    .map((word) => word.replace(/%(.)/g, (_match, char: string) => (char === ' ' ? ' ' : char === '%' ? '%' : char === 's' || char === 'S' ? 'git-upload-pack' : char)));
  runWords(command, carrier, 'git ext::', wordsOf(words, valueWord(command, url)[0]?.span ?? command.span));
}

function git(command: SimpleCommand, carrier: Carrier): void {
  const subIndex = gitSubcommandIndex(command.args);
  const sub = command.args[subIndex];
  const lineVariable = (name: string): string | undefined => command.assignments[name] ?? command.lineVariables[name];
  for (const setting of gitSettings(command, lineVariable, lineVariable)) gitSetting(command, carrier, setting, sub, subIndex);
  for (const [name, kind] of Object.entries(gitCommandVariables)) {
    const value = lineVariable(name);
    if (!value) continue;
    if (kind === 'shell') shellValue(command, carrier, `git ${name}`, value);
    else runWords(command, carrier, `git ${name}`, wordsOf([value], command.span));
  }
  const after = command.words.slice(subIndex + 1);
  const args = after.map((word) => word.text);
  for (const arg of args) if (arg.startsWith('ext::')) gitExtUrl(command, carrier, arg);
  if (sub === 'config') return gitConfigWrite(command, carrier, args);
  if (sub === 'bisect' && args[0] === 'run') return runWords(command, carrier, 'git bisect run', after.slice(1));
  if (sub === 'submodule' || sub === 'rebase') {
    for (const [index, arg] of args.entries()) {
      if (sub === 'submodule' && arg === 'foreach') return shellValue(command, carrier, 'git submodule foreach', args.slice(index + 1).filter((word) => word !== '--recursive').join(' '));
      if (sub === 'rebase' && (arg === '-x' || arg === '--exec')) shellValue(command, carrier, 'git rebase --exec', args[index + 1]);
      if (sub === 'rebase' && arg.startsWith('--exec=')) shellValue(command, carrier, 'git rebase --exec', arg.slice(7));
    }
  }
}

/** rsync's options that take the next word. */
/** scp's options that take a value. */
export const scpSpec: OptionSpec = { values: ['-P', '-i', '-o', '-F', '-c', '-l', '-S', '-J', '-D', '-X'] };

export const rsyncSpec: OptionSpec = {
  values: [
    '-e', '--rsh', '--rsync-path', '--exclude', '--include', '--filter', '-f', '--exclude-from', '--include-from', '--files-from', '--chmod', '--chown', '--log-file', '--port',
    '-T', '--temp-dir', '--partial-dir', '--backup-dir', '--suffix', '--compare-dest', '--copy-dest', '--link-dest', '-B', '--block-size', '--max-size', '--min-size', '--timeout',
    '--contimeout', '--bwlimit', '--out-format', '--log-file-format', '--password-file', '--iconv', '--usermap', '--groupmap', '-M', '--remote-option', '--checksum-choice',
    '--compress-choice', '--sockopts', '--outbuf', '--info', '--debug', '--stop-at', '--stop-after', '--max-delete', '--modify-window', '--skip-compress', '--compress-level',
    '--address', '--write-batch', '--only-write-batch', '--read-batch', '--protocol', '--early-input', '--mkpath-mode',
  ],
};

/** `rsync -e CMD` runs CMD to reach the other side; `--rsync-path CMD` is run there (and here, for a local copy). */
function rsync(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, rsyncSpec);
  shellValue(command, carrier, 'rsync -e', optionValue(parsed, '-e', '--rsh'));
  shellValue(command, carrier, 'rsync --rsync-path', optionValue(parsed, '--rsync-path'));
  const remote = [...parsed.options.entries()].filter(([name]) => name === '-M' || name === '--remote-option').map(([, value]) => value);
  for (const option of remote) if (typeof option === 'string' && option.startsWith('--rsync-path=')) shellValue(command, carrier, 'rsync --rsync-path', option.slice('--rsync-path='.length));
}

/** Tcl words of one expect command: `{…}` and `"…"` group, everything else splits at blanks. */
function tclWords(statement: string): string[] {
  const words: string[] = [];
  const pattern = /\{([^{}]*)\}|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of statement.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3]);
  return words;
}

function expect(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, { values: ['-c', '-f', '-D'] });
  const code = optionValue(parsed, '-c');
  if (code === undefined) return;
  for (const statement of code.split(/[;\n]/)) {
    const [verb, ...words] = tclWords(statement.trim());
    if (verb === 'spawn' || verb === 'exec') {
      while (words[0]?.startsWith('-')) words.shift();
      runWords(command, carrier, `expect ${verb}`, wordsOf(words, valueWord(command, code)[0]?.span ?? command.span));
    } else if (verb === 'system') {
      shellValue(command, carrier, 'expect system', words.join(' '));
    }
  }
}

function awkString(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, (_match, char: string) => (char === 'n' ? '\n' : char === 't' ? '\t' : char));
}

const awkLiteral = /"(?:[^"\\]|\\.)*"/.source;

/** awk programs run commands with system(), `"cmd" | getline` and `print … | "cmd"`. */
function awk(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, { values: ['-F', '-v', '-f', '-i', '-l', '-e', '--source', '--field-separator', '--assign', '--file', '--include', '--load'] });
  const program = optionValue(parsed, '-e', '--source') ?? (optionValue(parsed, '-f', '--file') === undefined ? parsed.operands[0] : undefined);
  if (program === undefined) return;
  const run = (text: string): void => shellValue(command, carrier, `${command.program} system`, text);
  const computed = (): void => carrier.problem('opaque-code', command, `${command.program} runs a command it builds when the line runs`);
  for (const match of program.matchAll(/\bsystem\s*\(\s*/g)) {
    const literal = new RegExp(`^(${awkLiteral})\\s*\\)`).exec(program.slice(match.index + match[0].length));
    if (literal) run(awkString(literal[1]));
    else computed();
  }
  for (const match of program.matchAll(new RegExp(`(${awkLiteral})?\\s*\\|&?\\s*getline`, 'g'))) {
    if (match[1]) run(awkString(match[1]));
    else computed();
  }
  for (const match of program.matchAll(new RegExp(`\\bprintf?\\b[^;}\\n|]*(?<!\\|)\\|&?(?!\\|)\\s*(${awkLiteral})?`, 'g'))) {
    if (match[1]) run(awkString(match[1]));
    else if (!/\|&?\s*getline/.test(match[0])) computed();
  }
}

/** sed runs commands with `e command`, `e` (the pattern space) and the `e` flag of `s///`. */
function sed(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, { values: ['-e', '--expression', '-f', '--file', '-l', '--line-length'] });
  const scripts: string[] = [];
  for (const [index, arg] of command.args.entries()) {
    if (arg === '-e' || arg === '--expression') scripts.push(command.args[index + 1] ?? '');
    else if (arg.startsWith('--expression=')) scripts.push(arg.slice(13));
    else if (/^-[^-]*e./.test(arg) && !/^-[^-]*[fl]/.test(arg)) scripts.push(arg.slice(arg.indexOf('e') + 1));
  }
  if (scripts.length === 0 && optionValue(parsed, '-f', '--file') === undefined && parsed.operands[0] !== undefined) scripts.push(parsed.operands[0]);
  for (const text of scripts) {
    for (const found of sedExecutes(text)) {
      if (found === undefined) carrier.problem('opaque-code', command, 'sed runs text it edits as a command');
      else shellValue(command, carrier, 'sed e', found);
    }
  }
}

/** The commands a sed script runs: the text of each `e command`, undefined for what runs edited text. */
function sedExecutes(script: string): (string | undefined)[] {
  const found: (string | undefined)[] = [];
  let index = 0;
  const toEndOfLine = (): string => {
    const end = script.indexOf('\n', index);
    const text = script.slice(index, end < 0 ? script.length : end);
    index = end < 0 ? script.length : end + 1;
    return text;
  };
  const delimited = (delimiter: string): void => {
    while (index < script.length && script[index] !== delimiter) index += script[index] === '\\' ? 2 : 1;
    index++;
  };
  while (index < script.length) {
    const char = script[index];
    if (/[\s;{}!]/.test(char)) {
      index++;
      continue;
    }
    // Addresses: line numbers, `$`, `/re/`, `\cREc`, ranges and steps.
    if (/[\d$,~+]/.test(char)) {
      index++;
      continue;
    }
    if (char === '/' || char === '\\') {
      const delimiter = char === '\\' ? script[index + 1] : '/';
      index += char === '\\' ? 2 : 1;
      delimited(delimiter);
      while (/[IM]/.test(script[index] ?? '')) index++;
      continue;
    }
    index++;
    if (char === 's' || char === 'y') {
      const delimiter = script[index++];
      if (delimiter === undefined) break;
      delimited(delimiter);
      delimited(delimiter);
      const flags = /^[gpiImMe0-9w]*/.exec(script.slice(index))?.[0] ?? '';
      index += flags.length;
      if (char === 's' && flags.includes('e')) found.push(undefined);
      if (flags.includes('w')) toEndOfLine();
    } else if (char === 'e') {
      const text = toEndOfLine().replace(/^\s+/, '');
      found.push(text === '' ? undefined : text);
    } else if ('aicrRwWbtT:qQlL'.includes(char)) {
      // Text, file names and labels run to the end of the line (`b`/`t` labels also end at `;`).
      if ('btT'.includes(char)) {
        const end = /[;\n}]/.exec(script.slice(index));
        index += end ? end.index : script.length;
      } else toEndOfLine();
    }
  }
  return found;
}

/** vim's ex commands that run the shell: `!cmd`, `r !cmd`, `%!filter`, `:terminal cmd`, `system('…')`. */
function vim(command: SimpleCommand, carrier: Carrier): void {
  const commands: string[] = [];
  for (const [index, arg] of command.args.entries()) {
    if (arg === '-c' || arg === '--cmd') commands.push(command.args[index + 1] ?? '');
    else if (arg.startsWith('+') && !/^\+\d*$/.test(arg)) commands.push(arg.slice(1));
  }
  for (const text of commands) vimCommand(command, carrier, text, 0);
}

function vimCommand(command: SimpleCommand, carrier: Carrier, text: string, depth: number): void {
  const line = text.replace(/^[\s:]+/, '').replace(/^(?:sil(?:ent)?!?|exe(?:cute)?\s+(?=["']))\s*/, '');
  if (depth > 3) return;
  const bang = /^(?:[%.$,\d'<>]*|r(?:ead)?\s*|w(?:rite)?\s*)!([\s\S]*)$/.exec(line);
  if (bang) return shellValue(command, carrier, 'vim !', bang[1]);
  const terminal = /^ter(?:m|minal)?!?\s+(?:\+\+\S+\s+)*([\s\S]+)$/.exec(line);
  if (terminal) return shellValue(command, carrier, 'vim terminal', terminal[1]);
  const quoted = /^exe(?:cute)?\s+(["'])([\s\S]*)\1\s*$/.exec(line);
  if (quoted) return vimCommand(command, carrier, quoted[2], depth + 1);
  for (const call of line.matchAll(/\b(?:system|systemlist|jobstart|termopen)\s*\(\s*(?:(["'])((?:(?!\1)[^\\]|\\.)*)\1\s*[,)])?/g)) {
    if (call[2] !== undefined) shellValue(command, carrier, 'vim system()', call[2]);
    else carrier.problem('opaque-code', command, 'vim runs a command it builds when the line runs');
  }
  if (/^(?:exe(?:cute)?|norm(?:al)?|lua|py(?:thon)?3?|perl|ruby)\b/.test(line) && /!|system|popen|execute|spawn/.test(line.replace(/^\w+/, ''))) {
    carrier.problem('opaque-code', command, 'vim runs a command it builds when the line runs');
  }
  // `|` separates ex commands, except after `!`, which takes the rest of the line.
  const bar = line.indexOf('|');
  if (bar > 0 && !line.slice(0, bar).includes('!')) vimCommand(command, carrier, line.slice(bar + 1), depth + 1);
}

export const embeddedCarriers: Readonly<Record<string, EmbeddedCarrier>> = {
  crontab,
  at,
  batch: at,
  script,
  tmux,
  screen,
  flock,
  gdb,
  entr,
  uvx,
  uv: uvx,
  pipx,
  nix,
  'nix-shell': nixShell,
  tar,
  gtar: tar,
  bsdtar: tar,
  git,
  rsync,
  expect,
  awk,
  gawk: awk,
  mawk: awk,
  nawk: awk,
  sed,
  gsed: sed,
  vim,
  vi: vim,
  nvim: vim,
  gvim: vim,
  view: vim,
  ex: vim,
  vimdiff: vim,
};
