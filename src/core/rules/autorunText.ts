// What in a file's text runs by itself: a hook's lines, a crontab's commands, `postinstall`, a task run on folder open,
// an MCP server's command. Each kind of file has its reader; a piece of text (an edit's new lines) is read leniently.
import { parse, type ParseError } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { isShell } from '../shell/unwrap';
import { quoteArgv } from '../shell/quote';

/** One thing a file makes run later. */
export interface PlantedEntry {
  /** As a person reads it: the line, `"postinstall": "…"`, a server and its command. */
  readonly text: string;
  /** The shell text it runs, when it is a command line: the engine judges it as if it ran now. */
  readonly command?: string;
  /** When it runs, where the entry says more than its file (`when you run \`git st\``). */
  readonly when?: string;
  /** A credential helper or an auth plugin: ordinary unless what it runs is risky. */
  readonly helper?: boolean;
}

export type TextKind =
  | 'script' | 'lines' | 'cron' | 'unit' | 'desktop' | 'launchd' | 'ssh-config' | 'authorized-keys' | 'git-config' | 'hooks-yaml' | 'values'
  | 'package-json' | 'tasks' | 'editor-settings' | 'agent-json' | 'agent-toml' | 'prompt' | 'aws-config' | 'kubeconfig' | 'npmrc' | 'yarnrc' | 'pth';

/** A text read leniently: a piece of a file (an edit's new lines, a `sed` replacement) rather than the whole of it. */
export interface Reading {
  readonly text: string;
  readonly fragment: boolean;
  /** The file's path, for readers whose file name matters (a crontab under /etc, a skill's script). */
  readonly path: string;
}

type Value = unknown;

function isRecord(value: Value): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** At most this many characters of an entry are shown. */
const shownLength = 160;

function short(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > shownLength ? `${flat.slice(0, shownLength - 1)}…` : flat;
}

/** A JSON text as a value; undefined when it does not parse (a piece of a file). */
function json(text: string): Value {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length === 0 ? value : undefined;
}

function yaml(text: string): Value {
  try {
    return parseYaml(text, { logLevel: 'silent' }) as unknown;
  } catch {
    return undefined;
  }
}

function strings(value: Value): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** `"key": "value"` pairs of a JSON piece, values unescaped. */
function jsonPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
    const unescape = (quoted: string): string => {
      try {
        return JSON.parse(`"${quoted}"`) as string;
      } catch {
        return quoted;
      }
    };
    pairs.push([unescape(match[1]), unescape(match[2])]);
  }
  return pairs;
}

/** A program and its arguments as one shell line. */
function commandLine(program: string, args: readonly string[]): string {
  return args.length ? `${program} ${quoteArgv(args)}` : program;
}

// ---- scripts and line-based files

/** The interpreter a script's first line names (`#!/usr/bin/env python3` → python3); `sh` without one. */
function interpreter(text: string): string {
  const shebang = /^#!\s*(\S+)(?:\s+(?:-\S+\s+)*(\S+))?/.exec(text);
  if (!shebang) return 'sh';
  const named = shebang[1].endsWith('/env') ? (shebang[2] ?? '') : shebang[1];
  return named.split('/').pop() ?? '';
}

/** A script: every line that is not blank or a comment runs; shell scripts' lines are commands for the engine. */
function script(reading: Reading, comment = /^\s*#/): PlantedEntry[] {
  const shell = reading.fragment || isShell(interpreter(reading.text)) || /\.(sh|bash|zsh)$/.test(reading.path);
  const found = lines(reading.text).filter((line, index) => line.trim() !== '' && !comment.test(line) && !(index === 0 && line.startsWith('#!')));
  return found.map((line) => ({ text: short(line), ...(shell ? { command: line } : {}) }));
}

/** Lines of code that is not shell (vimrc, a fish function, Python): each one runs, none is a command line. */
function codeLines(reading: Reading): PlantedEntry[] {
  return lines(reading.text)
    .filter((line) => line.trim() !== '' && !/^\s*(#|"|--|;|\/\/)/.test(line))
    .map((line) => ({ text: short(line) }));
}

/** A crontab: the command after the five time fields (and the user, in system crontabs), or after `@reboot`. */
function cron(reading: Reading): PlantedEntry[] {
  const system = /^\/etc\/(crontab|cron\.d\/)/.test(reading.path);
  const entries: PlantedEntry[] = [];
  for (const line of lines(reading.text)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || /^[A-Za-z_]\w*\s*=/.test(trimmed)) continue;
    const special = /^(@\w+)\s+(.*)$/.exec(trimmed);
    const fields = special ? [special[1], ...special[2].split(/\s+/)] : trimmed.split(/\s+/);
    const timeFields = special ? 1 : 5;
    const rest = fields.slice(timeFields + (system ? 1 : 0)).join(' ');
    // Cron turns an unescaped `%` into a line break: what follows is the command's input.
    const command = rest.split(/(?<!\\)%/)[0];
    if (command.trim() === '') continue;
    const when = special?.[1] === '@at' ? 'at the time the job is set for' : `on the cron schedule \`${fields.slice(0, timeFields).join(' ')}\``;
    entries.push({ text: short(special?.[1] === '@at' ? special[2] : trimmed), command, when });
  }
  return entries;
}

/** A systemd unit: its `Exec…=` lines run; a timer's or path unit's triggers make a unit run. */
function unit(reading: Reading): PlantedEntry[] {
  const entries: PlantedEntry[] = [];
  for (const line of lines(reading.text)) {
    const exec = /^\s*(Exec[A-Za-z]*)\s*=\s*(.*)$/.exec(line);
    if (exec && exec[2].trim() !== '') entries.push({ text: short(line), command: exec[2].replace(/^[-@:+!|]+/, '') });
    else if (/^\s*(On[A-Za-z]+|Path(Exists|ExistsGlob|Changed|Modified)|DirectoryNotEmpty|Unit|WantedBy)\s*=\s*\S/.test(line)) entries.push({ text: short(line) });
  }
  return entries;
}

/** A desktop entry: `Exec=` runs, its field codes (`%f`, `%U`) aside. */
function desktop(reading: Reading): PlantedEntry[] {
  return lines(reading.text).flatMap((line) => {
    const exec = /^\s*Exec\s*=\s*(.*)$/.exec(line);
    return exec && exec[1].trim() !== '' ? [{ text: short(line), command: exec[1].replace(/\s%[a-zA-Z]/g, '') }] : [];
  });
}

/** A launchd property list: `Program` and `ProgramArguments` run. */
function launchd(reading: Reading): PlantedEntry[] {
  const entries: PlantedEntry[] = [];
  const stringsOf = (xml: string): string[] => [...xml.matchAll(/<string>([^<]*)<\/string>/g)].map((match) => match[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
  const argv = /<key>\s*ProgramArguments\s*<\/key>\s*<array>([\s\S]*?)<\/array>/.exec(reading.text);
  if (argv) {
    const [program, ...args] = stringsOf(argv[1]);
    if (program) entries.push({ text: short(quoteArgv([program, ...args])), command: commandLine(program, args) });
  }
  const program = /<key>\s*Program\s*<\/key>\s*<string>([^<]*)<\/string>/.exec(reading.text);
  if (program) entries.push({ text: short(program[1]), command: program[1] });
  if (entries.length === 0 && /<key>\s*(RunAtLoad|KeepAlive|StartInterval|StartCalendarInterval|WatchPaths)\s*<\/key>/.test(reading.text)) entries.push({ text: short(reading.text) });
  return entries;
}

/** ssh's client settings that run a command, pull in more settings, or allow local commands. */
function sshConfig(reading: Reading): PlantedEntry[] {
  const entries: PlantedEntry[] = [];
  for (const line of lines(reading.text)) {
    const command = /^\s*(ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*(?:=|\s)\s*(.+)$/i.exec(line);
    if (command && command[2].trim().toLowerCase() !== 'none') entries.push({ text: short(line), command: command[2] });
    const match = /^\s*Match\b.*?\bexec\s+(?:"([^"]*)"|(\S+))/i.exec(line);
    if (match) entries.push({ text: short(line), command: match[1] ?? match[2] });
    if (/^\s*(PermitLocalCommand\s*(=|\s)\s*yes|Include\s)/i.test(line)) entries.push({ text: short(line) });
  }
  return entries;
}

/** authorized_keys: every key lets its holder log in; `command="…"` is what it runs. */
function authorizedKeys(reading: Reading): PlantedEntry[] {
  return lines(reading.text).flatMap((line) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return [];
    // The key's base64 says nothing to a person: its type and comment do.
    const shown = line.replace(/(ssh-[\w-]+|ecdsa-[\w-]+|sk-[\w@.-]+)\s+[A-Za-z0-9+/=]{20,}/, '$1 …');
    const command = /\bcommand="((?:[^"\\]|\\.)*)"/.exec(line);
    return [{ text: short(shown), ...(command ? { command: command[1].replace(/\\"/g, '"') } : {}) }];
  });
}

// ---- git

/** When a git setting that runs something runs it. */
function gitSettingWhen(key: string): string {
  if (key === 'core.hookspath') return 'on every git hook from then on, from the folder it names';
  if (key.startsWith('alias.')) return `when you run \`git ${key.slice('alias.'.length)}\``;
  if (key === 'core.fsmonitor') return 'on every `git status`, which editors run all the time';
  if (key === 'core.sshcommand' || /^remote\./.test(key)) return 'on your next `git fetch`, `git pull` or `git push`';
  if (key === 'core.pager' || key.startsWith('pager.')) return 'whenever git shows output in a pager (`git log`, `git diff`)';
  if (/editor$/.test(key)) return 'whenever git opens an editor (`git commit`, `git rebase -i`)';
  if (/^diff\./.test(key) || key === 'interactive.difffilter') return 'on your next `git diff`';
  if (key.startsWith('filter.')) return 'on your next `git checkout`, `git add` or `git status` of the files it filters';
  if (key.startsWith('merge.') || key.startsWith('mergetool.')) return 'on your next merge';
  if (key.startsWith('credential')) return 'whenever git needs credentials';
  if (key.startsWith('include')) return 'git reads settings from that file on every command';
  if (key.startsWith('gpg')) return 'whenever git signs or verifies a commit';
  return 'on your next git command';
}

/** Settings whose value git runs as a command or a program (evasions' `git -c` reading judges the same keys on command lines). */
const gitRunsKey = /^(core\.(pager|editor|sshcommand|fsmonitor|askpass|gitproxy|alternaterefscommand)|sequence\.editor|diff\.external|diff\..+\.(textconv|command)|merge\..+\.driver|(diff|merge)tool\..+\.cmd|(browser|man)\..+\.cmd|remote\..+\.(uploadpack|receivepack)|gpg(\..+)?\.program|pager\..+|filter\..+\.(clean|smudge|process)|credential(\..+)?\.helper|uploadpack\.packobjectshook|interactive\.difffilter)$/;
/** The same, as a bare name in a piece of a file whose section is not in view. */
const gitRunsName = /^(pager|editor|sshcommand|fsmonitor|askpass|gitproxy|alternaterefscommand|external|textconv|driver|clean|smudge|process|uploadpack|receivepack|program|packobjectshook|difffilter)$/;

function gitValue(raw: string): string {
  let value = '';
  let quoted = false;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (char === '\\' && index + 1 < raw.length) {
      const next = raw[++index];
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '#' || char === ';')) break;
    else value += char;
  }
  return value.trim();
}

/** Pagers and editors people set git to use, with options only. */
const everydayViewer = /^(cat|less|more|most|bat|delta|diff-so-fancy|diff-highlight|vim|nvim|vi|nano|emacs|emacsclient|code|code-insiders|codium|cursor|subl|mate|hx|micro|kak|zed)(\s+-[-\w=]+)*$/;

/** A git configuration file: the settings in it that run something, keyed `section.sub.name` in lower case. */
function gitConfig(reading: Reading): PlantedEntry[] {
  const entries: PlantedEntry[] = [];
  let section: string | undefined;
  for (const line of lines(reading.text)) {
    const header = /^\s*\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]\s*(.*)$/.exec(line);
    let rest = line;
    if (header) {
      section = header[2] === undefined ? header[1].toLowerCase() : `${header[1].toLowerCase()}.${header[2]}`;
      rest = header[3];
    }
    const setting = /^\s*([A-Za-z][\w-]*)\s*(?:=\s*(.*))?$/.exec(rest);
    if (!setting) continue;
    const name = setting[1].toLowerCase();
    const value = setting[2] === undefined ? 'true' : gitValue(setting[2]);
    const key = section === undefined ? name : section.startsWith('alias') || section.includes('.') ? `${section.replace(/^([^.]+)/, (found) => found.toLowerCase())}.${name}` : `${section}.${name}`;
    const lower = key.toLowerCase();
    const shown = short(`${key} = ${value}`);
    // Without a section in view (a piece of a file), a name that runs things and any `!command` count.
    const bare = section === undefined && reading.fragment;
    if (lower === 'core.hookspath' || (bare && name === 'hookspath')) entries.push({ text: shown, when: gitSettingWhen('core.hookspath') });
    else if (lower === 'init.templatedir' || (bare && name === 'templatedir')) entries.push({ text: shown, when: 'in every repository you create or clone from then on (hooks from that template)' });
    else if (lower.startsWith('include.') || lower.startsWith('includeif.')) {
      if (name === 'path') entries.push({ text: shown, when: gitSettingWhen('include') });
    } else if (lower.startsWith('alias.') || (bare && value.startsWith('!'))) {
      // `!…` runs a shell command; other aliases run git, which is only risky when what it runs is.
      if (value.startsWith('!')) entries.push({ text: shown, command: value.slice(1), when: gitSettingWhen(lower.startsWith('alias.') ? lower : 'alias.?') });
      else if (lower.startsWith('alias.')) entries.push({ text: shown, command: `git ${value}`, when: gitSettingWhen(lower), helper: true });
    } else if (gitRunsKey.test(lower) || (bare && gitRunsName.test(name))) {
      if (lower === 'core.fsmonitor' && /^(true|false|yes|no|on|off|0|1)$/i.test(value)) continue;
      if (/^pager\./.test(lower) && /^(true|false|yes|no|on|off|0|1)$/i.test(value)) continue;
      // A helper named without a path (`store`, `cache`, `manager`) is git's or an installed one's.
      if (lower.includes('credential') && !value.startsWith('!') && !value.includes('/')) continue;
      if (value === '') continue;
      // `core.pager cat`, `core.editor "code --wait"`, `core.sshCommand "ssh -i key"`: everyday choices, not planted code.
      if (/pager$|editor$|^pager\./.test(lower) && everydayViewer.test(value)) continue;
      if (lower === 'core.sshcommand' && /^ssh(\s+(-[46AaCgKkMNnqsTtVvXxYy]+|-[iFpJlo]\s*\S+))*$/.test(value) && !/command/i.test(value)) continue;
      entries.push({ text: shown, command: value.replace(/^!/, ''), when: gitSettingWhen(lower) });
    }
  }
  return entries;
}

/** A hook manager's YAML (lefthook, pre-commit): `run`, `entry` and `script` are commands; a hook repository is code. */
function hooksYaml(reading: Reading): PlantedEntry[] {
  const value = reading.fragment ? undefined : yaml(reading.text);
  if (!isRecord(value)) {
    return lines(reading.text).flatMap((line) => {
      const found = /^\s*-?\s*(run|entry|script|repo)\s*:\s*(.+)$/.exec(line);
      if (!found || found[2].trim() === '' || /^(local|meta)$/.test(found[2].trim())) return [];
      const text = found[2].trim().replace(/^(['"])(.*)\1$/, '$2');
      return [found[1] === 'repo' ? { text: short(line) } : { text: short(line), command: text }];
    });
  }
  const entries: PlantedEntry[] = [];
  const walk = (node: Value, key: string): void => {
    if (typeof node === 'string') {
      if (key === 'run' || key === 'entry' || key === 'script') entries.push({ text: short(`${key}: ${node}`), command: node });
      else if (key === 'repo' && !/^(local|meta)$/.test(node)) entries.push({ text: short(`repo: ${node}`) });
      return;
    }
    if (Array.isArray(node)) for (const item of node) walk(item, key);
    else if (isRecord(node)) for (const [name, child] of Object.entries(node)) walk(child, name);
  };
  walk(value, '');
  return entries;
}

/** Files whose every string value is a command (lint-staged, simple-git-hooks). */
function values(reading: Reading): PlantedEntry[] {
  if (/\.(js|cjs|mjs|ts)$/.test(reading.path)) return codeLines(reading);
  const value = reading.fragment ? undefined : (json(reading.text) ?? yaml(reading.text));
  if (value === undefined || typeof value === 'string') return jsonPairs(reading.text).map(([key, command]) => ({ text: short(`${key}: ${command}`), command }));
  const entries: PlantedEntry[] = [];
  const walk = (node: Value, key: string): void => {
    if (typeof node === 'string') entries.push({ text: short(`${key}: ${node}`), command: node });
    else if (Array.isArray(node)) for (const item of node) walk(item, key);
    else if (isRecord(node)) for (const [name, child] of Object.entries(node)) walk(child, name);
  };
  walk(value, '');
  return entries;
}

// ---- package managers and tools

const installScripts = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare', 'dependencies', 'prepublish'];
const publishScripts = ['prepack', 'postpack', 'prepublishOnly', 'publish', 'postpublish'];
const versionScripts = ['preversion', 'version', 'postversion'];
const uninstallScripts = ['preuninstall', 'uninstall', 'postuninstall'];
/** package.json's keys for git hook managers that run commands on commit. */
const hookManagerKeys = ['husky', 'simple-git-hooks', 'lint-staged', 'pre-commit', 'precommit', 'ghooks', 'git-hooks', 'gitHooks'];

function lifecycleWhen(name: string): string | undefined {
  if (installScripts.includes(name)) return 'on your next `npm install` (any package manager installing here)';
  if (publishScripts.includes(name)) return 'on your next `npm pack` or `npm publish`';
  if (versionScripts.includes(name)) return 'on your next `npm version`';
  if (uninstallScripts.includes(name)) return 'when this package is uninstalled';
  return undefined;
}

function packageJson(reading: Reading): PlantedEntry[] {
  const value = reading.fragment ? undefined : json(reading.text);
  if (!isRecord(value)) {
    // A piece of the file: `"postinstall": "…"` wherever it is (a version number is not a `version` script).
    const entries: PlantedEntry[] = [];
    for (const [key, command] of jsonPairs(reading.text)) {
      const when = lifecycleWhen(key);
      if (when && !(key === 'version' && /^[~^v=<>]*\d+(\.\d+)*\S*$/.test(command))) entries.push({ text: short(`"${key}": "${command}"`), command, when });
    }
    for (const key of hookManagerKeys) if (new RegExp(`"${key}"\\s*:`).test(reading.text)) entries.push({ text: `"${key}": …`, when: 'on your next `git commit`' });
    return entries;
  }
  const entries: PlantedEntry[] = [];
  const scripts = isRecord(value.scripts) ? value.scripts : {};
  for (const [name, command] of Object.entries(scripts)) {
    const when = lifecycleWhen(name);
    if (when && typeof command === 'string') entries.push({ text: short(`"${name}": "${command}"`), command, when });
  }
  for (const key of hookManagerKeys) {
    const section = value[key];
    if (section === undefined) continue;
    const commands = values({ text: JSON.stringify(section), fragment: false, path: 'package.json' });
    if (commands.length === 0) entries.push({ text: short(`"${key}": ${JSON.stringify(section)}`), when: 'on your next `git commit`' });
    for (const found of commands) entries.push({ ...found, text: short(`"${key}" ${found.text}`), when: 'on your next `git commit`' });
  }
  return entries;
}

/** `.npmrc`: settings that make npm run a program. */
function npmrc(reading: Reading): PlantedEntry[] {
  return lines(reading.text).flatMap((line) => {
    const found = /^\s*(script-shell|shell|git|editor|browser|viewer|node-options|onload-script|init-module)\s*=\s*(.+)$/.exec(line);
    if (!found) return [];
    const runs = ['script-shell', 'shell', 'git', 'editor', 'browser', 'viewer'].includes(found[1]);
    return [{ text: short(line), ...(runs ? { command: found[2].trim() } : {}) }];
  });
}

/** Yarn's settings that load code: the Yarn release it runs, plugins. */
function yarnrc(reading: Reading): PlantedEntry[] {
  return lines(reading.text).flatMap((line) => (/^\s*(yarnPath|yarn-path|plugins)\b\s*[:=\s]/.test(line) || /^\s*-\s*(path|spec)\s*:/.test(line) ? [{ text: short(line) }] : []));
}

/** AWS config: `credential_process` runs on every call with its profile. */
function awsConfig(reading: Reading): PlantedEntry[] {
  return lines(reading.text).flatMap((line) => {
    const found = /^\s*credential_process\s*=\s*(.+)$/.exec(line);
    return found ? [{ text: short(line), command: found[1].trim(), helper: true }] : [];
  });
}

/** A kubeconfig: a user's `exec` plugin (and the old auth providers' `cmd-path`) runs on every call as that user. */
function kubeconfig(reading: Reading): PlantedEntry[] {
  const value = reading.fragment ? undefined : yaml(reading.text);
  if (!isRecord(value)) {
    return lines(reading.text).flatMap((line) => {
      const found = /^\s*-?\s*(command|cmd-path)\s*:\s*(.+)$/.exec(line);
      return found ? [{ text: short(line), command: found[2].trim().replace(/^(['"])(.*)\1$/, '$2'), helper: true }] : [];
    });
  }
  const entries: PlantedEntry[] = [];
  for (const user of Array.isArray(value.users) ? value.users : []) {
    if (!isRecord(user) || !isRecord(user.user)) continue;
    const exec = user.user.exec;
    if (isRecord(exec) && typeof exec.command === 'string') {
      const command = commandLine(exec.command, strings(exec.args));
      entries.push({ text: short(`user ${String(user.name)}: exec ${command}`), command, helper: true });
    }
    const provider = user.user['auth-provider'];
    const config = isRecord(provider) && isRecord(provider.config) ? provider.config : undefined;
    if (config && typeof config['cmd-path'] === 'string') {
      const command = `${config['cmd-path']} ${typeof config['cmd-args'] === 'string' ? config['cmd-args'] : ''}`.trim();
      entries.push({ text: short(`user ${String(user.name)}: cmd-path ${command}`), command, helper: true });
    }
  }
  return entries;
}

/** A `.pth` file in site-packages: its `import` lines run whenever Python starts. */
function pth(reading: Reading): PlantedEntry[] {
  return lines(reading.text).flatMap((line) => (/^\s*import[\s\t]/.test(line) ? [{ text: short(line) }] : []));
}

// ---- editors and agents

/** A task's command line: `command` and `args` (strings or `{ value }`), an npm task's script. */
function taskCommand(task: Record<string, unknown>): string | undefined {
  const platform = isRecord(task.linux) ? task.linux : {};
  const command = platform.command ?? task.command;
  if (task.type === 'npm' && typeof task.script === 'string') return `npm run ${task.script}`;
  const program = typeof command === 'string' ? command : isRecord(command) && typeof command.value === 'string' ? command.value : undefined;
  if (program === undefined) return undefined;
  const args = (Array.isArray(platform.args ?? task.args) ? ((platform.args ?? task.args) as unknown[]) : []).flatMap((arg) => (typeof arg === 'string' ? [arg] : isRecord(arg) && typeof arg.value === 'string' ? [arg.value] : []));
  return task.type === 'process' ? commandLine(program, args) : [program, ...args].join(' ');
}

/** tasks.json: a task that runs when the folder opens. */
function tasks(reading: Reading): PlantedEntry[] {
  const value = reading.fragment ? undefined : json(reading.text);
  if (!isRecord(value)) {
    if (!/"runOn"\s*:\s*"folderOpen"/.test(reading.text)) return [];
    const command = jsonPairs(reading.text).find(([key]) => key === 'command')?.[1];
    return [{ text: short(command ? `a task run on folder open: ${command}` : 'a task run on folder open'), ...(command ? { command } : {}) }];
  }
  const list = Array.isArray(value.tasks) ? value.tasks : [];
  return list.flatMap((task) => {
    if (!isRecord(task) || !isRecord(task.runOptions) || task.runOptions.runOn !== 'folderOpen') return [];
    const command = taskCommand(task);
    const label = typeof task.label === 'string' ? `task "${task.label}"` : 'a task';
    return [{ text: short(`${label}: ${command ?? JSON.stringify(task)}`), ...(command ? { command } : {}) }];
  });
}

/** Settings that let agents' tools run without asking. */
const approvesKey = /auto-?approve|autoRun|yolo|dangerously|skipPermissions|bypassPermissions|allowAutomaticTasks/i;
/** The last part of a setting's name when its value is a program the editor or an extension runs. */
const executableName = /^(path|executable|executablePath|command|cmd|tsdk|runtime|runtimeExecutable|nodePath|serverPath|pythonPath|interpreterPath|defaultInterpreterPath|binaryPath|binPath|alternateTools)$|(Executable|Interpreter|Binary|Server|Cli)Path$/;

function approves(value: Value): boolean {
  if (value === true) return true;
  if (typeof value === 'string') return !/^(off|false|never|no|)$/i.test(value);
  if (isRecord(value)) return Object.values(value).some((child) => child === true || (isRecord(child) && child.approve === true));
  return false;
}

/** One editor setting: what it makes the editor run, or let run. */
function editorSetting(key: string, value: Value): PlantedEntry[] {
  const shown = short(`"${key}": ${JSON.stringify(value)}`);
  if (/^security\.workspace\.trust\.enabled$/.test(key)) return value === false ? [{ text: shown, when: 'from then on: workspace trust is off, so tasks and extensions run in any folder without asking' }] : [];
  if (approvesKey.test(key)) return approves(value) ? [{ text: shown, when: 'from then on: agents’ tools and automatic tasks run without asking' }] : [];
  const terminal = /^(terminal\.integrated\.(profiles|automationProfile|shell|shellArgs)|chat\.tools\.terminal\.terminalProfile)\./.exec(key);
  if (terminal) {
    const profiles = terminal[2] === 'profiles' && isRecord(value) ? Object.values(value) : [value];
    return profiles.flatMap((profile) => {
      const program = isRecord(profile) ? (Array.isArray(profile.path) ? strings(profile.path)[0] : profile.path) : profile;
      const args = isRecord(profile) ? strings(profile.args) : Array.isArray(profile) ? strings(profile) : [];
      if (typeof program !== 'string' || program === '') return args.length && terminal[2] === 'shellArgs' ? [{ text: shown, command: args.join(' '), when: 'when the editor next opens a terminal' }] : [];
      return [{ text: shown, command: commandLine(program, args), when: 'when the editor next opens a terminal with it' }];
    });
  }
  if (/^terminal\.integrated\.env\./.test(key)) return isRecord(value) && Object.keys(value).length ? [{ text: shown, when: 'in every terminal the editor opens' }] : [];
  if (/runonsave/i.test(key)) {
    const commands: string[] = [];
    const walk = (node: Value, name: string): void => {
      if (typeof node === 'string' && /^(cmd|command)$/.test(name)) commands.push(node);
      else if (Array.isArray(node)) for (const item of node) walk(item, name);
      else if (isRecord(node)) for (const [child, inner] of Object.entries(node)) walk(inner, child);
    };
    walk(value, '');
    return commands.map((command) => ({ text: short(`"${key}": ${command}`), command, when: 'whenever you save a file' }));
  }
  if (key === 'mcp' && isRecord(value)) return agentJsonValue({ mcp: value }, 'mcp');
  const last = key.split('.').pop() ?? '';
  if (executableName.test(last) && !/^(files|search|workbench|editor|explorer|git\.(defaultClone|scan|ignored)|json|yaml|css|html|markdown)\b/.test(key)) {
    const program = typeof value === 'string' ? value : isRecord(value) ? undefined : strings(value)[0];
    if (program) return [{ text: shown, command: program, when: 'when the editor next runs that tool' }];
  }
  return [];
}

function editorSettings(reading: Reading): PlantedEntry[] {
  const value = reading.fragment ? undefined : json(reading.text);
  if (!isRecord(value)) {
    const entries: PlantedEntry[] = [];
    for (const [key, text] of jsonPairs(reading.text)) entries.push(...editorSetting(key, text));
    for (const match of reading.text.matchAll(/"([^"]+)"\s*:\s*(true|false|\{|\[)/g)) {
      const key = match[1];
      if (match[2] === 'false') entries.push(...editorSetting(key, false));
      else if (match[2] === 'true') entries.push(...editorSetting(key, true));
      else if (approvesKey.test(key) || /^(terminal\.integrated\.(profiles|env|automationProfile|shellArgs)|chat\.tools\.terminal\.terminalProfile)\.|runonsave|^mcp$/i.test(key)) entries.push({ text: short(`"${key}": ${match[2]}…`) });
    }
    return entries;
  }
  // A `.code-workspace` file keeps its settings under `settings`.
  const settings = isRecord(value.settings) && /\.code-workspace$/.test(reading.path) ? value.settings : value;
  const entries: PlantedEntry[] = [];
  for (const [key, setting] of Object.entries(settings)) {
    // Language-specific settings (`"[python]": {…}`) hold the same keys one level down.
    if (key.startsWith('[') && isRecord(setting)) for (const [inner, innerValue] of Object.entries(setting)) entries.push(...editorSetting(inner, innerValue));
    else entries.push(...editorSetting(key, setting));
  }
  if (/\.code-workspace$/.test(reading.path) && isRecord(value.tasks)) entries.push(...tasks({ text: JSON.stringify(value.tasks), fragment: false, path: reading.path }));
  return entries;
}

/** Keys whose string value an agent runs as a command. */
const agentCommandKeys = /^(command|commands|cmd|bash|powershell|apiKeyHelper|awsAuthRefresh|awsCredentialExport|otelHeadersHelper|discoveryCommand|callCommand|notify)$/;

function agentWhen(path: readonly string[]): string {
  const server = path.findIndex((part) => /^(mcpServers|servers|mcp|mcp_servers|context_servers)$/.test(part));
  if (server >= 0) return `when the agent next starts (MCP server \`${path[server + 1] ?? '?'}\`)`;
  if (path.includes('hooks') || path.includes('then')) return 'on the agent’s next tool call or event it hooks';
  if (path.includes('statusLine')) return 'whenever the agent draws its status line';
  return 'whenever the agent runs it';
}

/** Commands in an agent's JSON (MCP servers, hooks, helpers): objects with a `command` and its `args`, and helper keys. */
function agentJsonValue(value: Value, root = ''): PlantedEntry[] {
  const entries: PlantedEntry[] = [];
  const walk = (node: Value, path: string[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...path, String(index)]));
      return;
    }
    if (!isRecord(node)) return;
    const command = node.command ?? node.cmd;
    const program = typeof command === 'string' ? command : Array.isArray(command) ? strings(command)[0] : undefined;
    if (program !== undefined && program !== '') {
      const args = [...(Array.isArray(command) ? strings(command).slice(1) : []), ...strings(node.args)];
      // A hook's command is a shell line; a server's is a program and its arguments.
      const line = typeof command === 'string' && args.length === 0 ? program : commandLine(program, args);
      entries.push({ text: short(`${[root, ...path].filter(Boolean).join('.')}: ${line}`), command: line, when: agentWhen(path) });
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'command' || key === 'cmd' || key === 'args') continue;
      if (typeof child === 'string' && agentCommandKeys.test(key) && child !== '') entries.push({ text: short(`${key}: ${child}`), command: child, when: agentWhen([...path, key]) });
      else walk(child, [...path, key]);
    }
  };
  walk(value, []);
  return entries;
}

function agentJson(reading: Reading): PlantedEntry[] {
  const value = reading.fragment ? undefined : json(reading.text);
  if (value !== undefined) return agentJsonValue(value);
  const entries: PlantedEntry[] = [];
  for (const [key, command] of jsonPairs(reading.text)) if (agentCommandKeys.test(key) && command !== '') entries.push({ text: short(`${key}: ${command}`), command, when: agentWhen([]) });
  for (const match of reading.text.matchAll(/"(command|cmd)"\s*:\s*\[([^\]]*)\]/g)) {
    const parts = [...match[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((part) => part[1]);
    if (parts.length) entries.push({ text: short(`${match[1]}: ${parts.join(' ')}`), command: commandLine(parts[0], parts.slice(1)), when: agentWhen([]) });
  }
  return entries;
}

/** Codex's `config.toml`: an MCP server's `command` and `args`, `notify`. */
function agentToml(reading: Reading): PlantedEntry[] {
  const entries: PlantedEntry[] = [];
  let table = '';
  let pending: { program: string; line: string } | undefined;
  const flush = (args: string[] = []): void => {
    if (pending) entries.push({ text: short(`${table} ${pending.line}`), command: commandLine(pending.program, args), when: agentWhen(table.split('.')) });
    pending = undefined;
  };
  const tomlStrings = (text: string): string[] => [...text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((match) => match[1] ?? match[2]);
  for (const line of lines(reading.text)) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      flush();
      table = header[1];
      continue;
    }
    const setting = /^\s*(command|args|notify)\s*=\s*(.+)$/.exec(line);
    if (!setting) continue;
    const found = tomlStrings(setting[2]);
    if (setting[1] === 'command' && found[0]) {
      flush();
      pending = { program: found[0], line: line.trim() };
    } else if (setting[1] === 'args') flush(found);
    else if (setting[1] === 'notify' && found[0]) entries.push({ text: short(line), command: commandLine(found[0], found.slice(1)), when: 'whenever the agent finishes a turn' });
  }
  flush();
  return entries;
}

/** An agent's command, subagent or skill: the shell it runs as it expands (`!\`…\``, `!{…}`), and what its front matter grants or hooks. */
function prompt(reading: Reading): PlantedEntry[] {
  if (!/\.(md|mdc|markdown|toml|txt|prompt|json)$/i.test(reading.path)) return /\/(hooks|scripts|bin)\//.test(reading.path) ? script(reading) : [];
  const entries: PlantedEntry[] = [];
  for (const match of reading.text.matchAll(/!`([^`\n]+)`/g)) entries.push({ text: short(match[0]), command: match[1] });
  for (const match of reading.text.matchAll(/!\{([^}\n]+)\}/g)) entries.push({ text: short(match[0]), command: match[1] });
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(reading.text)?.[1] ?? (reading.fragment ? reading.text : '');
  for (const line of lines(front)) {
    if (/^\s*(allowed-tools|allowedTools|tools|permissionMode|hooks)\s*:/.test(line)) entries.push({ text: short(line), when: 'when you next use it in the agent: it sets what the agent may run unasked' });
    const command = /^\s*-?\s*command\s*:\s*(.+)$/.exec(line);
    if (command) entries.push({ text: short(line), command: command[1].replace(/^(['"])(.*)\1$/, '$2') });
  }
  return entries;
}

/** What `kind` of file `reading` plants: every entry in it, in order. */
export function plantedEntries(kind: TextKind, reading: Reading): PlantedEntry[] {
  switch (kind) {
    case 'script':
      return script(reading);
    case 'lines':
      return codeLines(reading);
    case 'cron':
      return cron(reading);
    case 'unit':
      return unit(reading);
    case 'desktop':
      return desktop(reading);
    case 'launchd':
      return launchd(reading);
    case 'ssh-config':
      return sshConfig(reading);
    case 'authorized-keys':
      return authorizedKeys(reading);
    case 'git-config':
      return gitConfig(reading);
    case 'hooks-yaml':
      return hooksYaml(reading);
    case 'values':
      return values(reading);
    case 'package-json':
      return packageJson(reading);
    case 'tasks':
      return tasks(reading);
    case 'editor-settings':
      return editorSettings(reading);
    case 'agent-json':
      return agentJson(reading);
    case 'agent-toml':
      return agentToml(reading);
    case 'prompt':
      return prompt(reading);
    case 'aws-config':
      return awsConfig(reading);
    case 'kubeconfig':
      return kubeconfig(reading);
    case 'npmrc':
      return npmrc(reading);
    case 'yarnrc':
      return yarnrc(reading);
    case 'pth':
      return pth(reading);
  }
}

/** What `after` plants that `before` did not: entries are compared by how they read, each counted as often as it appears. */
export function addedEntries(kind: TextKind, before: Reading | undefined, after: Reading): PlantedEntry[] {
  const had = new Map<string, number>();
  for (const entry of before ? plantedEntries(kind, before) : []) had.set(entry.text, (had.get(entry.text) ?? 0) + 1);
  return plantedEntries(kind, after).filter((entry) => {
    const count = had.get(entry.text) ?? 0;
    if (count === 0) return true;
    had.set(entry.text, count - 1);
    return false;
  });
}
