// Where each agent keeps its hooks, and the exact change that adds or removes Four Eyes there.
// Settings files are edited in place (comments and formatting kept); Four Eyes' own entries are found by their command.
import { applyEdits, format, modify, parse, printParseErrorCode, type JSONPath, type ParseError } from 'jsonc-parser';
import type { HookAgent } from './adapters';
import { agentHookTimeoutSeconds } from './deadline';

export type HookScope = 'user' | 'workspace';

/** `unreadable`: the file has Four Eyes' hook, but the agent cannot parse the file (so it runs no hook from it).
 * `disabled`: the hook is there, but the agent's settings turn all its hooks off (`switchedOff.ts`). */
export type HookStatus = 'installed' | 'changed' | 'missing' | 'unreadable' | 'disabled';

export interface HookSpec {
  readonly agent: HookAgent;
  /** For people: `Claude Code`. */
  readonly label: string;
  /** The hook file per scope: relative to the home folder (user) or the workspace folder. */
  readonly files: Partial<Record<HookScope, string>>;
  /** The adapter the installed command runs (`four-eyes hook <runs>`); agents that share a hook file share it. */
  readonly runs: HookAgent;
  /** The hook is a program of its own, not an entry in a settings file. */
  readonly executable?: boolean;
  /** The file with Four Eyes' hook in it, whatever was there before (idempotent). */
  add(content: string | undefined, command: string): string;
  /** The file without Four Eyes' hook; undefined when nothing else is left in it. */
  remove(content: string): string | undefined;
  status(content: string | undefined, command: string): HookStatus;
  /** Four Eyes' entries in the file as they are written now (edited or not), for the wait each one asks of the agent. */
  entries(content: string | undefined): unknown[];
}

/** What an agent is told when the launcher itself is missing or cannot run; no quotes, it sits inside shell and JSON strings. */
const brokenLauncher = 'Four Eyes: not run. Its launcher is missing or cannot run, so no one can approve this. Open VS Code with Four Eyes to restore it, or remove Four Eyes hooks.';

function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const formatting = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** Every hook Four Eyes installs runs its launcher with `hook <agent>`, or posts to its router's `/four-eyes/hook/<agent>`. */
export function isFourEyesCommand(command: unknown): boolean {
  return typeof command === 'string' && /four-eyes/i.test(command) && /\bhook[\s/][\w-]+/.test(command);
}

/** The header an HTTP hook sends Four Eyes' per-user key in: a URL is kept in logs and shown in errors, a header is not. */
export const hookKeyHeader = 'x-four-eyes-key';

/**
 * An HTTP hook as Protection records and compares it: the URL, then after `#` the key its header carries (a fragment
 * is never sent, and the URL written to the settings file has none).
 */
export function httpHook(url: string, key: string): string {
  return `${url}#${key}`;
}

function isHttpHook(hook: string): boolean {
  return /^https?:\/\//.test(hook);
}

/** Claude Code's hook for a command, or for an HTTP hook (Claude Code 2.1.295 and later). */
function claudeHook(command: string): Record<string, unknown> {
  // onFailure: without it Claude runs the tool when the hook crashes, times out or cannot be reached; older versions ignore it.
  const timeout = agentHookTimeoutSeconds['claude-code'];
  if (!isHttpHook(command)) return { type: 'command', command, timeout, onFailure: 'block' };
  const cut = command.indexOf('#');
  const url = cut < 0 ? command : command.slice(0, cut);
  return { type: 'http', url, ...(cut < 0 ? {} : { headers: { [hookKeyHeader]: command.slice(cut + 1) } }), timeout, onFailure: 'block' };
}

/** An installed matcher-group entry as its hook builder was given it (an HTTP hook's key included, so a changed key shows as a changed hook). */
function groupHook(entry: unknown): unknown {
  const command = at(entry, ['hooks', 0, 'command']);
  if (command !== undefined) return command;
  const url = at(entry, ['hooks', 0, 'url']);
  const key = at(entry, ['hooks', 0, 'headers', hookKeyHeader]);
  return typeof url === 'string' && typeof key === 'string' ? httpHook(url, key) : url;
}

/** Where the hook port stands for an agent's HTTP hook: Four Eyes answers the ping's challenge, another program holds it, or not known. */
export type HookPort = 'four-eyes' | 'other-program' | 'unknown';

/** A hook's state as the Risk view shows it: `port-held`, an HTTP hook whose port another program holds, so nothing Four Eyes runs gets its calls. */
export type ProtectionStatus = HookStatus | 'port-held';

export function protectionStatus(status: HookStatus, hook: string, port: HookPort): ProtectionStatus {
  return status === 'installed' && isHttpHook(hook) && port === 'other-program' ? 'port-held' : status;
}

/** The HTTP hook only for an agent that obeys it, in user settings, while Four Eyes' own router answers on the port; otherwise the command hook. */
export function chooseHook(options: { readonly scope: HookScope; readonly obeysHttp: boolean; readonly port: HookPort; readonly http: string; readonly command: string }): string {
  return options.scope === 'user' && options.obeysHttp && options.port === 'four-eyes' ? options.http : options.command;
}

function read(content: string | undefined): Record<string, unknown> {
  if (!content?.trim()) return {};
  const value: unknown = parse(content, [], { allowTrailingComma: true, disallowComments: false });
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) current = typeof current === 'object' && current !== null ? (current as Record<string | number, unknown>)[key] : undefined;
  return current;
}

function edit(content: string, path: JSONPath, value: unknown, insertion = false): string {
  let text = content;
  for (const change of modify(content, path, value, insertion ? { isArrayInsertion: true } : {})) {
    text = applyEdits(text, [change]);
    // Only what Four Eyes inserts is laid out: jsonc-parser's own formatting would also rewrite the lines around it.
    if (value !== undefined) text = applyEdits(text, format(text, { offset: change.offset, length: change.content.length }, formatting));
  }
  return text;
}

/** Drop the file when only empty containers (and keys Four Eyes itself seeded) are left of it. */
function emptied(content: string, seed: Record<string, unknown> = {}): string | undefined {
  const isEmpty = (value: unknown): boolean =>
    Array.isArray(value) ? value.every(isEmpty) : typeof value === 'object' && value !== null ? Object.values(value).every(isEmpty) : false;
  const rest = Object.fromEntries(Object.entries(read(content)).filter(([key, value]) => !(key in seed && JSON.stringify(seed[key]) === JSON.stringify(value))));
  return isEmpty(rest) && !/\/\/|\/\*/.test(content) ? undefined : content;
}

/**
 * Hooks kept as a list of entries under `path`, where `ours(entry)` finds Four Eyes' entry and `entry(command)` builds it.
 * Used by every agent whose hook configuration is JSON.
 */
/** Why the agent could not read this settings file, if it could not. Strict agents reject comments and trailing commas. */
function unreadable(content: string | undefined, strict: boolean): string | undefined {
  if (!content?.trim()) return undefined;
  const errors: ParseError[] = [];
  parse(content, errors, { allowTrailingComma: !strict, disallowComments: strict });
  if (errors.length === 0) return undefined;
  return strict && /\/\/|\/\*|,\s*[}\]]/.test(content) ? 'comments or trailing commas' : `a JSON error (${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset})`;
}

/** JSON with keys in one order, so an entry compares equal however the file orders them. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const fields = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${fields.map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`).join(',')}}`;
}

type HookList = Pick<HookSpec, 'add' | 'remove' | 'status' | 'entries'>;

function jsonHookList(options: { path: JSONPath; entry(command: string): unknown; command(entry: unknown): unknown; seed?: Record<string, unknown>; strict?: boolean }): HookList {
  const entries = (content: string | undefined): unknown[] => {
    const list = at(read(content), options.path);
    return Array.isArray(list) ? list : [];
  };
  const ours = (content: string | undefined): number[] =>
    entries(content).flatMap((entry, index) => (isFourEyesCommand(options.command(entry)) ? [index] : []));
  return {
    add(content, command) {
      const problem = unreadable(content, options.strict ?? false);
      // The agent ignores a file it cannot parse, hooks and all: writing a hook there would protect nothing.
      if (problem) throw new Error(`the file has ${problem}, so the agent ignores all of it; fix that first`);
      const fresh = !content?.trim();
      let text = fresh ? '{}\n' : (content ?? '');
      for (const [key, value] of Object.entries(options.seed ?? {})) if (at(read(text), [key]) === undefined) text = edit(text, [key], value);
      const existing = ours(text);
      if (existing.length > 0) {
        text = edit(text, [...options.path, existing[0]], options.entry(command));
        for (const index of existing.slice(1).reverse()) text = edit(text, [...options.path, index], undefined);
      } else {
        text = Array.isArray(at(read(text), options.path)) ? edit(text, [...options.path, -1], options.entry(command), true) : edit(text, options.path, [options.entry(command)]);
      }
      // A file Four Eyes creates has no one's layout to keep.
      return fresh ? applyEdits(text, format(text, undefined, formatting)) : text;
    },
    remove(content) {
      let text = content;
      for (const index of ours(content).reverse()) text = edit(text, [...options.path, index], undefined);
      if (entries(text).length === 0 && at(read(text), options.path) !== undefined) text = edit(text, options.path, undefined);
      const parent = options.path.slice(0, -1);
      if (parent.length && typeof at(read(text), parent) === 'object' && Object.keys(at(read(text), parent) as object).length === 0) {
        text = edit(text, parent, undefined);
      }
      return emptied(text, options.seed);
    },
    status(content, command) {
      if (unreadable(content, options.strict ?? false)) return 'unreadable';
      const found = entries(content).filter((entry) => isFourEyesCommand(options.command(entry)));
      if (found.length === 0) return 'missing';
      // The whole entry as written: a shorter timeout or a narrower matcher lets the agent run what the hook would hold.
      const written = canonical(options.entry(command));
      return found.some((entry) => canonical(entry) === written) ? 'installed' : 'changed';
    },
    entries: (content) => (unreadable(content, options.strict ?? false) ? [] : entries(content).filter((entry) => isFourEyesCommand(options.command(entry)))),
  };
}

/** Claude Code and agents that copied its `matcher` + `hooks` groups. */
function matcherGroups(event: string, matcher: string, hook: (command: string) => Record<string, unknown>, strict = false): HookList {
  return jsonHookList({
    strict,
    path: ['hooks', event],
    entry: (command) => ({ matcher, hooks: [hook(command)] }),
    command: groupHook,
  });
}

/** Agents with a separate event for MCP calls (Cursor, Windsurf): Four Eyes' entry under each, installed and removed together. */
function bothEvents(first: HookList, second: HookList): HookList {
  return {
    add: (content, command) => second.add(first.add(content, command), command),
    remove(content) {
      const rest = first.remove(content);
      return rest === undefined ? undefined : second.remove(rest);
    },
    status(content, command) {
      const statuses = [first.status(content, command), second.status(content, command)];
      const same = statuses[0] === statuses[1] ? statuses[0] : undefined;
      // A file that has one event's entry and not the other's lets that event's calls through: changed.
      return statuses.includes('unreadable') ? 'unreadable' : (same ?? 'changed');
    },
    entries: (content) => [...first.entries(content), ...second.entries(content)],
  };
}

/** A hook that is a whole executable file of Four Eyes' own (Cline). */
function ownedScript(agent: HookAgent): HookList {
  // Cline runs the tool when its hook exits non-zero without JSON: a missing launcher is a `cancel` here.
  const script = (command: string): string =>
    `#!/bin/sh\n# Four Eyes: every tool call waits for Four Eyes' answer (generated; remove it with Four Eyes: Remove Agent Protection).\n` +
    `[ -x ${command.slice(0, command.lastIndexOf(' hook '))} ] || { echo '{"cancel":true,"errorMessage":"${brokenLauncher}"}'; exit 0; }\nexec ${command}\n`;
  return {
    add(content, command) {
      if (content !== undefined && !isFourEyesCommand(content.split('\n').find((line) => line.startsWith('exec ')) ?? '')) {
        throw new Error(`a ${agent} hook that is not Four Eyes' is already there; merge it by hand`);
      }
      return script(command);
    },
    remove: () => undefined,
    status: (content, command) => (content === undefined ? 'missing' : content === script(command) ? 'installed' : isFourEyesCommand(content) ? 'changed' : 'missing'),
    // Cline fixes its own wait; the script has no entry that could change it.
    entries: () => [],
  };
}

/** VS Code's agent hooks and the Copilot CLI read the same hook folders: one entry, in the form both obey, serves both. */
const copilotFiles = { user: '.copilot/hooks/four-eyes.json', workspace: '.github/hooks/four-eyes.json' };
// Both read it, and it runs `hook vscode`: the hook's deadline is VS Code's.
const copilotEntry = jsonHookList({ path: ['hooks', 'PreToolUse'], entry: (command) => ({ type: 'command', command, timeout: agentHookTimeoutSeconds.vscode }), command: (entry) => at(entry, ['command']) });

export const hookSpecs: Record<HookAgent, HookSpec> = {
  'claude-code': {
    agent: 'claude-code',
    label: 'Claude Code',
    runs: 'claude-code',
    files: { user: '.claude/settings.json', workspace: '.claude/settings.json' },
    // Strict: Claude Code 2.1.332 ignores a settings file with a comment in it, hooks included (measured).
    // `mcp__.*`: every MCP server's tools (a bare `mcp__server` prefix matches nothing, measured by others on 2.1.289).
    ...matcherGroups('PreToolUse', 'Bash|Write|Edit|MultiEdit|NotebookEdit|mcp__.*', claudeHook, true),
  },
  gemini: {
    agent: 'gemini',
    label: 'Gemini CLI',
    runs: 'gemini',
    files: { user: '.gemini/settings.json', workspace: '.gemini/settings.json' },
    ...matcherGroups('BeforeTool', 'run_shell_command|write_file|replace|mcp_.*', (command) => ({ name: 'four-eyes', type: 'command', command, timeout: agentHookTimeoutSeconds.gemini * 1000 })),
  },
  vscode: { agent: 'vscode', label: 'Copilot agent mode', runs: 'vscode', files: copilotFiles, ...copilotEntry },
  'copilot-cli': { agent: 'copilot-cli', label: 'Copilot CLI', runs: 'vscode', files: copilotFiles, ...copilotEntry },
  cursor: {
    agent: 'cursor',
    label: 'Cursor',
    runs: 'cursor',
    files: { user: '.cursor/hooks.json', workspace: '.cursor/hooks.json' },
    // failClosed: without it Cursor runs the command when the hook cannot answer.
    ...bothEvents(
      jsonHookList({ path: ['hooks', 'beforeShellExecution'], entry: (command) => ({ command, timeout: agentHookTimeoutSeconds.cursor, failClosed: true }), command: (entry) => at(entry, ['command']), seed: { version: 1 } }),
      jsonHookList({ path: ['hooks', 'beforeMCPExecution'], entry: (command) => ({ command, timeout: agentHookTimeoutSeconds.cursor, failClosed: true }), command: (entry) => at(entry, ['command']), seed: { version: 1 } }),
    ),
  },
  codex: {
    agent: 'codex',
    label: 'Codex CLI',
    runs: 'codex',
    files: { user: '.codex/hooks.json', workspace: '.codex/hooks.json' },
    ...matcherGroups('PreToolUse', 'Bash|apply_patch|mcp__.*', (command) => ({ type: 'command', command, timeout: agentHookTimeoutSeconds.codex })),
  },
  cline: { agent: 'cline', label: 'Cline', runs: 'cline', executable: true, files: { user: 'Documents/Cline/Hooks/PreToolUse', workspace: '.clinerules/hooks/PreToolUse' }, ...ownedScript('cline') },
  windsurf: {
    agent: 'windsurf',
    label: 'Windsurf',
    runs: 'windsurf',
    files: { user: '.codeium/windsurf/hooks.json', workspace: '.windsurf/hooks.json' },
    ...bothEvents(
      jsonHookList({ path: ['hooks', 'pre_run_command'], entry: (command) => ({ command, show_output: true }), command: (entry) => at(entry, ['command']) }),
      jsonHookList({ path: ['hooks', 'pre_mcp_tool_use'], entry: (command) => ({ command, show_output: true }), command: (entry) => at(entry, ['command']) }),
    ),
  },
  kiro: {
    agent: 'kiro',
    label: 'Kiro',
    runs: 'kiro',
    // Kiro CLI v3's standalone hook files; older versions keep hooks inside each agent's configuration.
    files: { user: '.kiro/hooks/four-eyes.json', workspace: '.kiro/hooks/four-eyes.json' },
    ...jsonHookList({
      path: ['hooks'],
      entry: (command) => ({ name: 'four-eyes', trigger: 'PreToolUse', matcher: 'execute_bash|fs_write', action: { type: 'command', command }, timeout: agentHookTimeoutSeconds.kiro }),
      command: (entry) => at(entry, ['action', 'command']),
      seed: { version: 'v1' },
    }),
  },
};

/**
 * The command an agent's hook configuration runs: the launcher, then `hook <agent>`.
 * A launcher given as `$HOME/…` (files shared in a repository) is left for the shell to expand.
 * On POSIX it runs under `sh -c` (Codex uses the person's $SHELL, fish included), and any exit but 0 and 2 — 127 for a
 * removed launcher, 126 for one that cannot run — becomes exit 2 with a reason, which every such agent treats as a block.
 * Cline's script checks the launcher itself (it blocks only on JSON); a Windows `.cmd` launcher runs as it is.
 */
export function hookCommand(launcher: string, agent: HookAgent): string {
  const word = launcher.startsWith('$HOME/') && !/[\s'"$`\\]/.test(launcher.slice(6)) ? `"${launcher}"` : /[\s'"$`\\]/.test(launcher) ? singleQuoted(launcher) : launcher;
  const plain = `${word} hook ${agent}`;
  if (agent === 'cline' || launcher.toLowerCase().endsWith('.cmd')) return plain;
  return `sh -c ${singleQuoted(`${plain} || { [ $? = 2 ] || echo "${brokenLauncher}" >&2; exit 2; }`)}`;
}

/** The first Claude Code that obeys an HTTP hook's `onFailure: "block"` (2.1.63 has HTTP hooks, but runs the tool when one fails). */
const claudeHttpHooks = [2, 1, 295];

/** Whether this Claude Code version (`claude --version` output) may get the HTTP hook instead of the command hook. */
export function claudeSupportsHttpHooks(versionOutput: string): boolean {
  const found = /(\d+)\.(\d+)\.(\d+)/.exec(versionOutput);
  if (!found) return false;
  const version = found.slice(1, 4).map(Number);
  for (let index = 0; index < 3; index++) if (version[index] !== claudeHttpHooks[index]) return version[index] > claudeHttpHooks[index];
  return true;
}

/** What installing wrote, so uninstalling can give back the file exactly as it was. */
export interface InstallRecord {
  /** The file before Four Eyes touched it; undefined when Four Eyes created it. */
  readonly previous?: string;
  readonly written: string;
}

/** The file after removing Four Eyes: exactly the previous content when nobody changed the file since, else a surgical removal. */
export function uninstalledContent(spec: HookSpec, current: string, record: InstallRecord | undefined): string | undefined {
  if (record && current === record.written) return record.previous;
  return spec.remove(current);
}
