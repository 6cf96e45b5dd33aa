// Wrappers (sudo, env, nice …) and carriers (bash -c, xargs, ssh …): find the commands that really run.
import { makeCommand } from './command';
import type { SimpleCommand, Word } from '../model/command';
import { scanCode, codeLanguage, type CodeLanguage } from './inline';
import { parseOptions, hasOption, type OptionSpec } from './options';
import { stdinCode, type Carrier } from './carrier';
import { embeddedCarriers } from './embedded';
import { containerExec, containerRun } from './container';

type Split = { start: number; assignments?: Record<string, string>; words?: readonly Word[] } | 'none' | undefined;

const shells = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'yash']);

/** How commands found in interpreter code are labelled (`python code`). */
function codeVia(program: string): string {
  return `${program} code`;
}

/** True for a command Four Eyes derived from interpreter code (`shutil.rmtree(p)` → `rm -rf p`). */
export function isFromCode(command: SimpleCommand): boolean {
  return command.via.some((via) => via.endsWith(' code'));
}

export function isShell(program: string): boolean {
  return shells.has(program);
}

function afterOptions(command: SimpleCommand, spec: OptionSpec): number {
  return parseOptions(command.args, { ...spec, stopAtOperand: true }).end;
}

function skipAssignments(command: SimpleCommand, start: number, into: Record<string, string>): number {
  let index = start;
  while (index < command.args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(command.args[index])) {
    const arg = command.args[index];
    const equals = arg.indexOf('=');
    into[arg.slice(0, equals)] = arg.slice(equals + 1);
    index++;
  }
  return index;
}

function splitString(text: string, span: Word['span']): Word[] {
  return text.split(/\s+/).filter(Boolean).map((part) => ({ text: part.replace(/^(['"])(.*)\1$/, '$2'), span, dynamic: false }));
}

/** Wrappers run their operand as a command of its own; each returns where that command starts. */
const wrappers: Record<string, (command: SimpleCommand) => Split> = {
  sudo(command) {
    const parsed = parseOptions(command.args, {
      values: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-T', '-U', '-R', '--user', '--group', '--host', '--prompt', '--close-from', '--chdir', '--role', '--type', '--command-timeout', '--other-user', '--chroot'],
      stopAtOperand: true,
    });
    if (hasOption(parsed, '-e', '--edit', '-l', '--list', '-v', '--validate', '-k', '-K', '-V')) return 'none';
    const assignments: Record<string, string> = {};
    return { start: skipAssignments(command, parsed.end, assignments), assignments };
  },
  doas: (command) => ({ start: afterOptions(command, { values: ['-u', '-C'] }) }),
  env(command) {
    // A lone `-` means `-i` (empty environment), not the program.
    const skip = command.args[0] === '-' ? 1 : 0;
    const parsed = parseOptions(command.args.slice(skip), { values: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string', '-P', '-a', '--argv0'], stopAtOperand: true });
    const assignments: Record<string, string> = {};
    const start = skipAssignments(command, parsed.end + skip, assignments);
    const split = parsed.options.get('-S') ?? parsed.options.get('--split-string');
    if (typeof split === 'string') {
      // `env -S 'A=1 git reset --hard'`: the string holds more words, the program among them.
      const words = [...splitString(split, command.span), ...command.words.slice(start)];
      const pseudo = makeCommand(command.name, words, { span: command.span, via: [] });
      const inner = skipAssignments(pseudo, 0, assignments);
      return { start: inner, assignments, words };
    }
    return { start, assignments };
  },
  nice: (command) => ({ start: afterOptions(command, { values: ['-n', '--adjustment'] }) }),
  nohup: (command) => ({ start: afterOptions(command, {}) }),
  timeout(command) {
    const start = afterOptions(command, { values: ['-s', '--signal', '-k', '--kill-after'] });
    return { start: start + 1 };
  },
  time: (command) => ({ start: afterOptions(command, { values: ['-o', '--output', '-f', '--format'] }) }),
  stdbuf: (command) => ({ start: afterOptions(command, { values: ['-i', '-o', '-e', '--input', '--output', '--error'] }) }),
  command(command) {
    const parsed = parseOptions(command.args, { stopAtOperand: true });
    // `command -v git` only looks a name up; with more words than a name, treat it as running them.
    if (hasOption(parsed, '-v', '-V') && command.args.length - parsed.end <= 1) return 'none';
    return { start: parsed.end };
  },
  builtin: () => ({ start: 0 }),
  exec: (command) => ({ start: afterOptions(command, { values: ['-a'] }) }),
  setsid: (command) => ({ start: afterOptions(command, {}) }),
  busybox: (command) => ({ start: afterOptions(command, {}) }),
  caffeinate: (command) => ({ start: afterOptions(command, { values: ['-t', '-w'] }) }),
  chronic: () => ({ start: 0 }),
  unbuffer: (command) => ({ start: afterOptions(command, {}) }),
  ionice: (command) => ({ start: afterOptions(command, { values: ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '-u'] }) }),
  // Environment runners: `bundle exec rails db:drop`, `poetry run alembic downgrade base`, `op run -- terraform apply`.
  bundle: (command) => subcommandWrapper(command, ['exec'], { values: ['--gemfile'] }),
  poetry: (command) => subcommandWrapper(command, ['run'], { values: ['-C', '--directory', '-P', '--project'] }),
  uv: (command) => subcommandWrapper(command, ['run'], { values: ['--with', '--python', '-p', '--directory', '--project', '--package', '--env-file', '--group', '--extra'] }),
  pipenv: (command) => subcommandWrapper(command, ['run'], {}),
  pdm: (command) => subcommandWrapper(command, ['run'], { values: ['-p', '--project'] }),
  hatch: (command) => subcommandWrapper(command, ['run'], { values: ['-e', '--env'] }),
  rye: (command) => subcommandWrapper(command, ['run'], {}),
  conda: (command) => subcommandWrapper(command, ['run'], { values: ['-n', '--name', '-p', '--prefix'] }),
  mamba: (command) => subcommandWrapper(command, ['run'], { values: ['-n', '--name', '-p', '--prefix'] }),
  direnv: (command) => (command.args[0] === 'exec' ? { start: 2 } : undefined),
  dotenv: (command) => ({ start: afterOptions(command, { values: ['-e', '-v', '-c', '-p'] }) }),
  dotenvx: (command) => subcommandWrapper(command, ['run'], { values: ['-f', '--env-file', '-e', '--env'] }),
  'cross-env': (command) => {
    const assignments: Record<string, string> = {};
    return { start: skipAssignments(command, 0, assignments), assignments };
  },
  op: (command) => subcommandWrapper(command, ['run'], { values: ['--env-file', '--account'] }),
  doppler: (command) => subcommandWrapper(command, ['run'], { values: ['-p', '--project', '-c', '--config', '--command'] }),
  infisical: (command) => subcommandWrapper(command, ['run'], { values: ['--env', '--path', '--projectId', '--command'] }),
  // Environment runners of IaC tools: `terragrunt exec -- terraform destroy`, `pulumi env run org/env -- cmd`.
  terragrunt: (command) => (command.args[0] === 'exec' ? { start: afterDashDash(command, 1) } : undefined),
  pulumi: (command) => (command.args[0] === 'env' && command.args[1] === 'run' ? { start: afterDashDash(command, 2) } : undefined),
  esc: (command) => {
    const at = command.args[0] === 'run' ? 1 : command.args[0] === 'env' && command.args[1] === 'run' ? 2 : -1;
    return at < 0 ? undefined : { start: afterDashDash(command, at) };
  },
  // Supervisors, tracers and isolators run their operand: `systemd-run --user x`, `strace -f x`, `unshare -r x`.
  'systemd-run': (command) => ({
    start: afterOptions(command, {
      values: ['-u', '--unit', '-p', '--property', '--description', '--slice', '-E', '--setenv', '--uid', '--gid', '--nice', '--working-directory', '-M', '--machine', '-H', '--host', '--on-active', '--on-boot', '--on-startup', '--on-unit-active', '--on-unit-inactive', '--on-calendar', '--timer-property', '--path-property', '--socket-property', '--service-type', '-D'],
    }),
  }),
  strace: (command) => ({ start: afterOptions(command, { values: ['-o', '--output', '-e', '-p', '--attach', '-s', '--string-limit', '-u', '--user', '-E', '--env', '-a', '-b', '-I', '-O', '-P', '-S', '-X', '--trace', '--signal', '--status'] }) }),
  ltrace: (command) => ({ start: afterOptions(command, { values: ['-o', '--output', '-e', '-p', '-s', '-u', '-n', '--indent', '-a', '--align', '-A', '-D', '-F', '-l', '--library', '-x', '-w'] }) }),
  valgrind: (command) => ({ start: afterOptions(command, {}) }),
  unshare: (command) => ({ start: afterOptions(command, { values: ['--map-user', '--map-group', '--map-users', '--map-groups', '--setgroups', '-S', '--setuid', '-G', '--setgid', '--propagation', '-R', '--root', '-w', '--wd'] }) }),
  nsenter: (command) => ({ start: afterOptions(command, { values: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '--env'] }) }),
  // `chroot NEWROOT cmd`; without a command it starts an interactive shell.
  chroot: (command) => ({ start: afterOptions(command, { values: ['--userspec', '--groups'] }) + 1 }),
  // `chrt -f 1 cmd`: the priority comes before the command; `chrt -p` changes a running process.
  chrt: (command) => (command.args.some((arg) => /^-[a-z]*p/.test(arg) || arg === '--pid') ? 'none' : { start: afterOptions(command, { values: ['-T', '--sched-runtime', '-P', '--sched-period', '-D', '--sched-deadline'] }) + 1 }),
  // `faketime '2020-01-01' cmd`: the time comes before the command.
  faketime: (command) => ({ start: afterOptions(command, { values: ['-m', '-p', '-f', '--exclude-monotonic', '--date-prog'] }) + 1 }),
  trickle: (command) => ({ start: afterOptions(command, { values: ['-d', '-u', '-w', '-t', '-l', '-n', '-L'] }) }),
  numactl: (command) => ({ start: afterOptions(command, { values: ['-C', '--physcpubind', '-N', '--cpunodebind', '-m', '--membind', '-p', '--preferred', '-i', '--interleave'] }) }),
  // `runuser -u deploy -- cmd`; `runuser deploy -c 'cmd'` runs the payload in a shell (carried like su).
  runuser: (command) => {
    if (!command.args.some((arg) => arg === '-u' || arg.startsWith('--user'))) return undefined;
    const dashDash = command.args.indexOf('--');
    return { start: dashDash >= 0 ? dashDash + 1 : afterOptions(command, { values: ['-u', '--user', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment'] }) };
  },
  cpulimit: (command) => ({ start: afterOptions(command, { values: ['-l', '--limit', '-p', '--pid', '-e', '--exe', '-c', '--cpu'] }) }),
  taskset: (command) => (command.args.some((arg) => /^-[a-z]*p/.test(arg) || arg === '--pid') ? 'none' : { start: afterOptions(command, {}) + 1 }),
  mise: (command) => (command.args[0] === 'exec' || command.args[0] === 'x' ? { start: afterDashDash(command, 1) } : undefined),
  rtx: (command) => (command.args[0] === 'exec' || command.args[0] === 'x' ? { start: afterDashDash(command, 1) } : undefined),
  asdf: (command) => (command.args[0] === 'exec' ? { start: 1 } : undefined),
  'aws-vault': (command) => {
    if (command.args[0] !== 'exec') return undefined;
    // `aws-vault exec prod -- aws s3 rb …` acts as that AWS profile.
    const rest = parseOptions(command.args.slice(1), { values: ['-d', '--duration', '-t', '--mfa-token', '-r', '--region'], stopAtOperand: true });
    const profile = command.args[1 + rest.end];
    const start = 2 + rest.end + (command.args[2 + rest.end] === '--' ? 1 : 0);
    return profile === undefined ? 'none' : { start, assignments: { AWS_PROFILE: profile } };
  },
};

/** Where the command starts after `--` (or after the first operand following `from` when there is no `--`). */
function afterDashDash(command: SimpleCommand, from: number): number {
  const dashDash = command.args.indexOf('--', from);
  if (dashDash >= 0) return dashDash + 1;
  const rest = parseOptions(command.args.slice(from), { stopAtOperand: true });
  return from + rest.end + 1;
}

/** Wrappers of the form `tool <verb> [options] [--] command…`. */
function subcommandWrapper(command: SimpleCommand, verbs: readonly string[], spec: OptionSpec): Split {
  if (!verbs.includes(command.args[0] ?? '')) return undefined;
  const rest = parseOptions(command.args.slice(1), { ...spec, stopAtOperand: true });
  return { start: 1 + rest.end };
}

/**
 * The command a wrapper runs, or undefined when `command` is not a wrapper.
 * `'none'` means the wrapper runs nothing (`command -v git`, `sudo -l`).
 */
export function unwrapWrapper(command: SimpleCommand): SimpleCommand | 'none' | undefined {
  // Own names only: a program called `toString` is no wrapper.
  const wrapper = Object.hasOwn(wrappers, command.program) ? wrappers[command.program] : undefined;
  if (!wrapper) return undefined;
  const split = wrapper(command);
  if (split === undefined || split === 'none') return split;
  const words = split.words ?? command.words;
  if (split.start >= words.length) return 'none';
  return makeCommand(words[split.start], words.slice(split.start + 1), {
    assignments: { ...command.assignments, ...split.assignments },
    lineVariables: command.lineVariables,
    redirects: command.redirects,
    container: command.container,
    remote: command.remote,
    ...(command.input ? { input: command.input } : {}),
    span: command.span,
    via: [...command.via, command.program],
  });
}

const remoteFetch = /(?:^|[\s;|&(`])(curl|wget|fetch|iwr|invoke-webrequest|irm|invoke-restmethod|http|https)\s/i;
const fromSubstitution = /^(?:<\(|\$\(|`)/;

/** A dynamic payload that fetches code: `bash -c "$(curl …)"`, `bash <(wget …)`. */
function fetchedPayload(word: Word): boolean {
  return word.dynamic && fromSubstitution.test(word.text.trimStart()) ? remoteFetch.test(` ${word.text.replace(fromSubstitution, ' ')}`) : false;
}

/** Run a shell's input or payload through the right path. */
function shellCarrier(command: SimpleCommand, carrier: Carrier): void {
  const args = command.args;
  let commandMode = false;
  let readsStdin = false;
  let payloadFromOption: string | undefined;
  let index = 0;
  for (; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--' || arg === '-') {
      index++;
      break;
    }
    if (!(arg.startsWith('-') || arg.startsWith('+'))) break;
    if (arg.startsWith('--')) {
      const [name, value] = arg.split(/=(.*)/s);
      if (name === '--command') {
        commandMode = true;
        payloadFromOption = value ?? args[++index];
      } else if (name === '--rcfile' || name === '--init-file' || name === '--init-command') {
        if (value === undefined) index++;
      }
      continue;
    }
    if (/^[-+][oO]$/.test(arg)) {
      index++;
      continue;
    }
    if (arg.includes('c') && arg.startsWith('-')) commandMode = true;
    if (arg.includes('s') && arg.startsWith('-')) readsStdin = true;
  }
  const via = `${command.program} -c`;
  if (commandMode) {
    const payloadWord = payloadFromOption === undefined ? command.words[index] : undefined;
    const payload = payloadFromOption ?? payloadWord?.text;
    if (payload === undefined) return;
    if (payloadWord && fetchedPayload(payloadWord)) return carrier.problem('remote-code', command, `${command.program} -c with downloaded code`);
    // `sh -c '"$@"' sh terraform destroy`: the words after the payload are $0, $1 …
    return carrier.shell(command, via, payload, payloadWord ? [payloadWord] : command.words, payloadWord ? command.words.slice(index + 2) : undefined);
  }
  const script = command.words[index];
  if (script && !readsStdin) {
    if (fetchedPayload(script)) return carrier.problem('remote-code', command, `${command.program} running a downloaded script`);
    // `bash <(echo …)` runs what the inner command prints, as `echo … | bash` would.
    const substituted = /^<\(([\s\S]*)\)$/.exec(script.text.trim());
    if (substituted) carrier.shell(command, `${command.program} <(…)`, `${substituted[1]} | ${command.program}`, [script]);
    return;
  }
  stdinCode(command, carrier, (text) => carrier.shell(command, command.program, text, command.words));
}


function interpreterCarrier(command: SimpleCommand, language: CodeLanguage, carrier: Carrier): void {
  const codeOptions: Record<CodeLanguage, string[]> = {
    python: ['-c'],
    node: ['-e', '--eval', '-p', '--print'],
    ruby: ['-e'],
    perl: ['-e', '-E'],
    php: ['-r'],
    lua: ['-e'],
    r: ['-e', '--expr'],
    tcl: ['-c'],
    julia: ['-e', '--eval', '-E', '--print'],
  };
  const names = codeOptions[language];
  const args = command.args;
  let code: { text: string; word: Word } | undefined;
  let operand: Word | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const inline = names.find((name) => arg === name || (name.length === 2 && arg.startsWith(name) && !arg.startsWith('--')));
    if (inline) {
      const attached = arg.slice(inline.length);
      const word = attached ? command.words[index] : command.words[index + 1];
      if (word) code = { text: attached || word.text, word };
      break;
    }
    if (language === 'python' && /^-[^-]*c/.test(arg) && !arg.startsWith('--')) {
      const word = command.words[index + 1];
      if (word) code = { text: word.text, word };
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operand = command.words[index];
      break;
    }
  }
  // `deno eval CODE`, `bun -e CODE` reuse the node scanner.
  if (!code && (command.program === 'deno') && args[0] === 'eval' && command.words[1]) code = { text: command.words[1].text, word: command.words[1] };
  const scan = (text: string, from: readonly Word[]): void => {
    const found = scanCode(language, text);
    for (const shellText of found.shell) carrier.shell(command, codeVia(command.program), shellText, from);
    for (const words of found.commands) carrier.command(command, codeVia(command.program), words.map((text) => ({ text, span: from[0]?.span ?? command.span, dynamic: text === '' })));
    if (found.dynamic) carrier.problem('opaque-code', command, `${command.program} code that runs a computed command`);
  };
  if (code) return scan(code.text, [code.word]);
  if (operand && operand.text !== '-') {
    if (fetchedPayload(operand)) carrier.problem('remote-code', command, `${command.program} running a downloaded script`);
    return;
  }
  stdinCode(command, carrier, (text) => scan(text, command.words));
}

/** `{}` and other replace strings mean a later word is only known at run time. */
function placeholderShell(words: readonly Word[], placeholders: readonly string[], outer: SimpleCommand, carrier: Carrier): boolean {
  const program = words[0]?.text.split('/').pop()?.toLowerCase() ?? '';
  if (!isShell(program) && !codeLanguage(program)) return false;
  const cIndex = words.findIndex((word, index) => index > 0 && /^-[a-z]*[ce]$/.test(word.text));
  const payload = cIndex < 0 ? undefined : words[cIndex + 1];
  if (cIndex >= 0 && (payload === undefined || placeholders.some((mark) => payload.text.includes(mark)))) {
    carrier.problem('opaque-code', outer, `${outer.program} feeding its input to ${program}`);
    return true;
  }
  return false;
}

function xargsCarrier(command: SimpleCommand, carrier: Carrier): void {
  const parsed = parseOptions(command.args, {
    values: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var', '-i', '--replace', '-e', '--eof', '-l', '--max-lines'],
    optionalValues: ['-i', '--replace', '-e', '--eof', '-l', '--max-lines'],
    stopAtOperand: true,
  });
  const words = command.words.slice(parsed.end);
  if (words.length === 0) return;
  const replace = [parsed.options.get('-I'), parsed.options.get('-i'), parsed.options.get('--replace')].filter((value): value is string => typeof value === 'string');
  if (placeholderShell(words, [...replace, '{}'], command, carrier)) return;
  const text = command.input?.text;
  if (text !== undefined) {
    // `echo destroy | xargs terraform`: the words come from the line itself.
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (replace.length) {
      for (const line of lines) carrier.command(command, 'xargs', words.map((word) => ({ ...word, text: replace.reduce((value, mark) => value.split(mark).join(line.trim()), word.text) })));
      return;
    }
    return carrier.command(command, 'xargs', [...words, ...splitString(lines.join(' '), command.span)], { from: 'xargs' });
  }
  const program = words[0].text.slice(words[0].text.lastIndexOf('/') + 1).toLowerCase();
  // `cat list | xargs terraform`: a program with rules whose every word comes from input.
  if (words.length === 1 && replace.length === 0 && carrier.hasRules(program)) return carrier.problem('opaque-code', command, `xargs gives ${program} words from its input`);
  // The words input adds are known only when the line runs: `find . | xargs rm -rf` removes paths nobody can name here.
  const given: Word = { text: '$(xargs input)', span: command.span, dynamic: true };
  const filled = replace.length ? words.map((word) => (replace.some((mark) => word.text.includes(mark)) ? { ...word, text: given.text, dynamic: true } : word)) : [...words, given];
  carrier.command(command, 'xargs', filled, { from: 'xargs' });
}

/** Maximum start points a find is followed from: beyond, the first ones stand for the rest. */
const maxFindStarts = 4;

/**
 * The paths `{}` stands for: each start point, and each start joined to a `-name` or `-path` pattern
 * (`find . -name '*.tfstate'` → `./*.tfstate`), so the carried command is judged on where it acts.
 */
function findPaths(command: SimpleCommand): Word[] {
  const starts: Word[] = [];
  for (const word of command.words) {
    if (/^[-(!]/.test(word.text) || starts.length >= maxFindStarts) break;
    starts.push(word);
  }
  if (starts.length === 0) starts.push({ text: '.', span: command.span, dynamic: false });
  const patterns: string[] = [];
  command.args.forEach((arg, index) => {
    const value = command.args[index + 1];
    if (/^-i?(name|path|wholename)$/.test(arg) && value !== undefined) patterns.push(arg.endsWith('name') && !arg.includes('path') && !arg.includes('whole') ? value : value.replace(/^\.\//, ''));
  });
  return [...starts, ...starts.flatMap((start) => patterns.map((pattern) => ({ ...start, text: `${start.text.replace(/\/+$/, '')}/${pattern}` })))];
}

function findCarrier(command: SimpleCommand, carrier: Carrier): void {
  const args = command.args;
  const paths = findPaths(command);
  for (let index = 0; index < args.length; index++) {
    const action = args[index];
    // `-delete` removes what matched: judged as rm of the same paths.
    if (action === '-delete') carrier.command(command, 'find -delete', [{ ...command.words[index], text: 'rm' }, ...paths]);
    if (!/^-(exec|execdir|ok|okdir)$/.test(action)) continue;
    let end = index + 1;
    while (end < args.length && args[end] !== ';' && args[end] !== '+') end++;
    const words = command.words.slice(index + 1, end);
    index = end;
    if (words.length === 0 || placeholderShell(words, ['{}'], command, carrier)) continue;
    const via = `find ${action}`;
    if (!words.some((word) => word.text.includes('{}'))) {
      carrier.command(command, via, words);
      continue;
    }
    for (const path of paths) {
      carrier.command(command, via, words.map((word) => (word.text.includes('{}') ? { ...word, text: word.text.split('{}').join(path.text), dynamic: word.dynamic || path.dynamic } : word)));
    }
  }
}

function parallelCarrier(command: SimpleCommand, carrier: Carrier): void {
  const separator = command.args.findIndex((arg) => arg.startsWith(':::'));
  const head = separator < 0 ? command.words : command.words.slice(0, separator);
  const inputs = separator < 0 ? [] : command.words.slice(separator + 1).filter((word) => !word.text.startsWith(':::'));
  const headCommand = makeCommand(command.name, head, { span: command.span, via: [] });
  const start = afterOptions(headCommand, { values: ['-j', '--jobs', '-S', '--sshlogin', '--joblog', '-a', '--arg-file', '--delay', '--timeout', '--results', '--tmpdir', '-I', '-d', '--delimiter', '-n', '--max-args'] });
  const words = head.slice(start);
  if (words.length === 0) {
    // No command: every input is a command line of its own.
    for (const input of inputs) carrier.shell(command, 'parallel', input.text, [input]);
    if (separator < 0) stdinCode(command, carrier, (text) => carrier.shell(command, 'parallel', text, command.words));
    return;
  }
  if (inputs.length === 0) {
    if (!placeholderShell(words, ['{}'], command, carrier)) carrier.command(command, 'parallel', words, { from: 'parallel' });
    return;
  }
  for (const input of inputs) {
    const filled = words.some((word) => word.text.includes('{}'))
      ? words.map((word) => ({ ...word, text: word.text.split('{}').join(input.text) }))
      : [...words, input];
    carrier.command(command, 'parallel', filled);
  }
}

/** The word holding an option's value (`--command X` or `--command=X`), for pointing at it in the line. */
function valueWords(command: SimpleCommand, names: readonly string[]): Word[] {
  const index = command.args.findIndex((arg) => names.some((name) => arg === name || arg.startsWith(`${name}=`)));
  const word = index < 0 ? undefined : command.args[index].includes('=') ? command.words[index] : command.words[index + 1];
  return word ? [word] : [...command.words];
}

/** PowerShell's parameters that take a value (each may be shortened to any unambiguous start). */
const powershellValues = ['executionpolicy', 'ep', 'ex', 'windowstyle', 'w', 'configurationname', 'config', 'workingdirectory', 'wd', 'outputformat', 'o', 'of', 'inputformat', 'if', 'in', 'settingsfile', 'settings', 'custompipename', 'version', 'v', 'psconsolefile'];

/** `-EncodedCommand` text: base64 of the script in UTF-16LE; undefined when it is not. */
function decodePowershell(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
  return bytes.length % 2 === 0 ? new TextDecoder('utf-16le').decode(bytes) : undefined;
}

/**
 * `pwsh -Command …`, `powershell -EncodedCommand …`: the script PowerShell runs, read as a line (its cmdlets have rules).
 * Windows PowerShell takes a first bare word as the command; pwsh takes it as a script file.
 */
function powershellCarrier(command: SimpleCommand, carrier: Carrier): void {
  const args = command.args;
  for (let index = 0; index < args.length; index++) {
    const found = /^[-/]([A-Za-z]+)(?::(.*))?$/.exec(args[index]);
    const payloadFrom = (at: number): string => args.slice(at).join(' ');
    if (!found) {
      if (command.program === 'powershell') carrier.shell(command, 'powershell', payloadFrom(index), command.words.slice(index));
      return;
    }
    const name = found[1].toLowerCase();
    if (name === 'c' || (name.length >= 3 && 'command'.startsWith(name))) {
      const payload = found[2] ?? payloadFrom(index + 1);
      if (payload.trim() !== '' && payload !== '-') carrier.shell(command, `${command.program} -Command`, payload, command.words.slice(index + 1));
      return;
    }
    if (['e', 'ec', 'en', 'enc', 'enco'].includes(name) || (name.length >= 3 && 'encodedcommand'.startsWith(name))) {
      const encoded = found[2] ?? args[index + 1] ?? '';
      const decoded = decodePowershell(encoded);
      if (decoded === undefined) return carrier.problem('decoded-code', command, `${command.program} -EncodedCommand that does not decode`);
      carrier.shell(command, `${command.program} -EncodedCommand`, decoded, command.words.slice(index + 1, index + 2));
      return;
    }
    if (name === 'f' || (name.length >= 2 && 'file'.startsWith(name))) return;
    if (found[2] === undefined && powershellValues.some((option) => option === name || (name.length >= 3 && option.startsWith(name)))) index++;
  }
}

/** ssh's options that take a value: the first word after them is the host. */
export const sshSpec = { values: ['-B', '-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w'] };

function joinedShell(command: SimpleCommand, start: number, via: string, carrier: Carrier): void {
  const words = command.words.slice(start);
  if (words.length) carrier.shell(command, via, words.map((word) => word.text).join(' '), words);
}

function packageProgram(word: Word): Word {
  // `npx aws-cdk@2 destroy` runs the package's binary: name it the way rules know it.
  const name = word.text.replace(/(.)@[^/]*$/, '$1').split('/').pop() ?? word.text;
  const aliases: Record<string, string> = {
    'aws-cdk': 'cdk', 'firebase-tools': 'firebase', 'netlify-cli': 'netlify', 'claude-code': 'claude', 'gemini-cli': 'gemini', 'qwen-code': 'qwen', 'opencode-ai': 'opencode',
  };
  return { ...word, text: aliases[name] ?? name };
}

function packageRunner(command: SimpleCommand, start: number, via: string, carrier: Carrier): void {
  const rest = makeCommand(command.name, command.words.slice(start), { span: command.span, via: [] });
  const parsed = parseOptions(rest.args, { values: ['-p', '--package', '-c', '--call', '--node-options'], stopAtOperand: true });
  const call = parsed.options.get('-c') ?? parsed.options.get('--call');
  if (typeof call === 'string') return carrier.shell(command, via, call, command.words.slice(start));
  const words = rest.words.slice(parsed.end);
  if (words.length) carrier.command(command, via, [packageProgram(words[0]), ...words.slice(1)], command.input);
}

const runners: Record<string, string[]> = { npm: ['exec', 'x'], pnpm: ['dlx', 'exec'], yarn: ['dlx', 'exec'], bun: ['x'] };

/** yarn and pnpm commands that are not scripts or package binaries. */
export const packageManagerCommands: ReadonlySet<string> = new Set([
  'add', 'audit', 'bin', 'cache', 'config', 'create', 'dedupe', 'dlx', 'exec', 'explain', 'global', 'help', 'import', 'info', 'init', 'install', 'i', 'link', 'list', 'ls', 'login',
  'logout', 'outdated', 'owner', 'pack', 'patch', 'plugin', 'prune', 'publish', 'rebuild', 'remove', 'rm', 'root', 'search', 'set', 'setup', 'store', 'tag', 'team', 'unlink',
  'unplug', 'up', 'update', 'upgrade', 'version', 'versions', 'why', 'workspace', 'workspaces', 'node', 'npm', 'x', 'test', 'run', 'env', 'licenses', 'server', 'start',
  'stop', 'restart', 'run-script', 'deploy', 'fetch', 'import', 'doctor', 'recursive', 'changeset',
]);

const carriers = new Set([
  'eval', 'trap', 'xargs', 'find', 'parallel', 'watch', 'ssh', 'su', 'sg', 'runuser', 'pwsh', 'powershell', 'kubectl', 'oc', 'docker', 'podman', 'nerdctl', 'docker-compose', 'podman-compose', 'npx', 'bunx', 'pnpx', 'gcloud', 'heroku', 'fly',
  'flyctl', 'npm', 'pnpm', 'yarn', 'bun',
]);

/** Cheap pre-check: most commands carry nothing, so the parser need not prepare a carrier for them. */
export function mayCarry(program: string): boolean {
  return carriers.has(program) || Object.hasOwn(embeddedCarriers, program) || isShell(program) || codeLanguage(program) !== undefined;
}

/** Commands that carry other commands as data: report what they run through `carrier`. */
export function carryCommands(command: SimpleCommand, carrier: Carrier): void {
  const program = command.program;
  const sub = command.args[0];
  if (sub !== undefined && runners[program]?.includes(sub)) return packageRunner(command, 1, `${program} ${sub}`, carrier);
  // `yarn prisma migrate reset`, `pnpm knex …`: a name that is no built-in runs the script or the package binary of that name.
  if ((program === 'yarn' || program === 'pnpm') && sub !== undefined && !sub.startsWith('-') && !packageManagerCommands.has(sub)) {
    return carrier.command(command, program, command.words, command.input);
  }
  if (Object.hasOwn(embeddedCarriers, program)) return embeddedCarriers[program](command, carrier);
  const language = codeLanguage(program);
  if (isShell(program)) return shellCarrier(command, carrier);
  if (language) return interpreterCarrier(command, language, carrier);
  switch (program) {
    case 'eval': {
      // eval runs in the line's own shell: what it defines is there for the commands after it.
      const words = command.words;
      if (words.length) carrier.shell(command, 'eval', words.map((word) => word.text).join(' '), words, undefined, { sameShell: true });
      return;
    }
    case 'trap': {
      // `trap 'cmd' EXIT`: the shell runs cmd itself when the signal comes (`-`, `''`, -l and -p set or show nothing to run).
      const [action] = command.words;
      if (action && !action.text.startsWith('-') && action.text.trim() !== '' && command.words.length > 1) carrier.shell(command, 'trap', action.text, [action], undefined, { sameShell: true });
      return;
    }
    case 'xargs':
      return xargsCarrier(command, carrier);
    case 'find':
      return findCarrier(command, carrier);
    case 'parallel':
      return parallelCarrier(command, carrier);
    case 'watch':
      return joinedShell(command, afterOptions(command, { values: ['-n', '--interval', '-q', '--equexit'] }), 'watch', carrier);
    case 'ssh': {
      const start = afterOptions(command, sshSpec);
      const host = command.args[start];
      const words = command.words.slice(start + 1);
      if (host !== undefined && words.length) carrier.shell(command, `ssh ${host}`, words.map((word) => word.text).join(' '), words, undefined, { remote: host });
      return;
    }
    case 'pwsh':
    case 'powershell':
      return powershellCarrier(command, carrier);
    case 'sg':
    case 'runuser':
    case 'su': {
      const parsed = parseOptions(command.args, { values: ['-c', '--command', '-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment'] });
      const payload = parsed.options.get('-c') ?? parsed.options.get('--command');
      if (typeof payload === 'string') carrier.shell(command, 'su -c', payload, command.words);
      return;
    }
    case 'kubectl':
    case 'oc': {
      const dashDash = command.args.indexOf('--');
      if (command.args.includes('exec') && dashDash >= 0) carrier.command(command, `${program} exec`, command.words.slice(dashDash + 1));
      return;
    }
    case 'docker':
    case 'podman':
    case 'nerdctl':
    case 'docker-compose':
    case 'podman-compose':
      containerRun(command, carrier);
      return containerExec(command, carrier);
    case 'npx':
    case 'bunx':
    case 'pnpx':
      return packageRunner(command, 0, program, carrier);
    case 'gcloud': {
      // `gcloud compute ssh vm --command 'sudo rm -rf /data'` runs the payload on the VM.
      const parsed = parseOptions(command.args, { values: ['--command', '--zone', '--project', '--ssh-key-file', '--ssh-flag'] });
      const payload = parsed.options.get('--command');
      if (parsed.operands.includes('ssh') && typeof payload === 'string') carrier.shell(command, 'gcloud compute ssh', payload, valueWords(command, ['--command']));
      return;
    }
    case 'heroku':
      if (command.args[0] === 'run' || command.args[0] === 'run:detached') herokuRun(command, carrier);
      return;
    case 'fly':
    case 'flyctl': {
      const parsed = parseOptions(command.args, { values: ['-C', '--command', '-a', '--app', '-s', '--select', '-u', '--user', '-r', '--region'] });
      const payload = parsed.options.get('-C') ?? parsed.options.get('--command');
      if (parsed.operands[0] === 'ssh' && typeof payload === 'string') carrier.shell(command, 'fly ssh console', payload, valueWords(command, ['-C', '--command']));
      return;
    }
    default:
      return;
  }
}

/** `heroku run bash --app shop`: heroku reads its own flags anywhere before `--`; the rest is the dyno's command line. */
function herokuRun(command: SimpleCommand, carrier: Carrier): void {
  const values = ['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env', '--type'];
  const flags = ['-x', '--exit-code', '--no-tty', '--no-notify'];
  const words: Word[] = [];
  for (let index = 1; index < command.words.length; index++) {
    const arg = command.args[index];
    if (arg === '--') {
      words.push(...command.words.slice(index + 1));
      break;
    }
    if (values.includes(arg)) index++;
    else if (!flags.includes(arg) && !values.some((name) => name.startsWith('--') && arg.startsWith(`${name}=`))) words.push(command.words[index]);
  }
  if (words.length) carrier.shell(command, 'heroku run', words.map((word) => word.text).join(' '), words);
}
