// The files an agent could change to switch its own gates off: Four Eyes' policy, state and installed CLI, agents'
// settings and hook files, the editor's settings, the shims.
import type { LogEntry } from '../audit/entry';
import { hookSpecs } from '../hooks/install';
import { switchFiles } from '../hooks/switchedOff';

/** Agents' settings and hook files, relative to the workspace or the home folder (beyond each agent's own hook file). */
export const agentSettingsPatterns: readonly string[] = [
  '.claude/settings*.json',
  '.github/hooks/**',
  '.cursor/hooks.json',
  '.gemini/settings.json',
  '.codex/hooks.json',
  '.clinerules/hooks/**',
  '.windsurf/hooks.json',
  '.kiro/hooks/**',
  '.kiro/settings/**',
  '.codex/config.toml',
  '.copilot/settings.json',
  '.copilot/config.json',
  '.config/opencode/opencode.json',
  '.vscode/settings.json',
];

/** Folders an agent reads only in a repository: its user files live elsewhere (`.copilot/hooks`, `Documents/Cline/Hooks`, `.codeium/windsurf`). */
const workspaceOnly: ReadonlySet<string> = new Set(['.github/hooks/**', '.clinerules/hooks/**', '.windsurf/hooks.json', '.vscode/settings.json']);

/** Four Eyes' own state that hooks trust: the launcher they run, the HTTP hooks' key, the policy settings the CLI reads. */
const statePatterns = ['bin/**', 'hook-key', 'policy-settings.json'];

/** The installed extension: the CLI bundle every hook and shim loads, and its manifest. */
const extensionPatterns = ['dist/**', 'package.json'];

/** Four Eyes' own policy file, relative to the workspace. */
export const policyFile = '.vscode/four-eyes.json';

/** An agent is taken as active this long after its last logged command. */
export const agentActiveMinutes = 10;

export type WatchedScope = 'workspace' | 'home' | 'shims' | 'state' | 'extension' | 'editor';

/** Files below one folder: the watcher's base and the glob it is given. */
export interface WatchedPattern {
  readonly scope: WatchedScope;
  /** The folder the scope names (absolute). */
  readonly root: string;
  /** Relative to `root`, `/`-separated, without wildcards; '' for the root itself. */
  readonly directory: string;
  /** Files in `directory`: a name, a name glob (`settings*.json`) or `**` for everything below. */
  readonly glob: string;
}

export interface WatchedPlaces {
  readonly workspace: string | undefined;
  readonly home: string | undefined;
  /** The shim directory, when shims are on. */
  readonly shims: string | undefined;
  /** `~/.four-eyes`. */
  readonly state?: string;
  /** The folder the extension is installed in. */
  readonly extension?: string;
  /** The editor's user `settings.json`. */
  readonly editorSettings?: string;
}

/** `.github/hooks/**` → `.github/hooks` and `**`: the longest folder prefix without wildcards, and the rest. */
export function splitPattern(pattern: string): { directory: string; glob: string } {
  const segments = pattern.split('/');
  const wild = segments.findIndex((segment) => /[*?[{]/.test(segment));
  const cut = wild === -1 ? segments.length - 1 : wild;
  return { directory: segments.slice(0, cut).join('/'), glob: segments.slice(cut).join('/') };
}

/** Every watched pattern for a workspace folder and home folder, without duplicates. */
export function watchedPatterns(places: WatchedPlaces): WatchedPattern[] {
  const relative: Record<'workspace' | 'home', Set<string>> = { workspace: new Set([policyFile]), home: new Set() };
  for (const spec of Object.values(hookSpecs)) {
    if (spec.files.workspace) relative.workspace.add(spec.files.workspace);
    if (spec.files.user) relative.home.add(spec.files.user);
  }
  for (const pattern of agentSettingsPatterns) {
    relative.workspace.add(pattern);
    if (!workspaceOnly.has(pattern)) relative.home.add(pattern);
  }
  for (const files of Object.values(switchFiles)) for (const file of files) if (file.scope !== 'system') relative[file.scope === 'user' ? 'home' : 'workspace'].add(file.path);
  const patterns: WatchedPattern[] = [];
  for (const scope of ['workspace', 'home'] as const) {
    const root = places[scope];
    if (!root) continue;
    for (const pattern of relative[scope]) patterns.push({ scope, root, ...splitPattern(pattern) });
  }
  if (places.shims) patterns.push({ scope: 'shims', root: places.shims, directory: '', glob: '**' });
  if (places.state) for (const pattern of statePatterns) patterns.push({ scope: 'state', root: places.state, ...splitPattern(pattern) });
  if (places.extension) for (const pattern of extensionPatterns) patterns.push({ scope: 'extension', root: places.extension, ...splitPattern(pattern) });
  if (places.editorSettings) {
    const cut = Math.max(places.editorSettings.lastIndexOf('/'), places.editorSettings.lastIndexOf('\\'));
    patterns.push({ scope: 'editor', root: places.editorSettings.slice(0, cut) || '/', directory: '', glob: places.editorSettings.slice(cut + 1) });
  }
  // A file another pattern covers (`.github/hooks/four-eyes.json` in `.github/hooks/**`, `.claude/settings.json`) is watched once.
  return patterns.filter((pattern) => !patterns.some((other) => other !== pattern && other.root === pattern.root && covers(other, pattern)));
}

function covers(outer: WatchedPattern, inner: WatchedPattern): boolean {
  if (inner.glob === '**' || inner.glob.includes('*')) return false;
  if (outer.glob === '**') return outer.directory === '' || inner.directory === outer.directory || inner.directory.startsWith(`${outer.directory}/`);
  const name = new RegExp(`^${outer.glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return outer.glob.includes('*') && inner.directory === outer.directory && name.test(inner.glob);
}

/** Whether an agent counts as active: a logged command within the last minutes, or a request of its waiting. */
export function agentActive(lastAgentEntry: number | undefined, agentRequestsWaiting: number, now: number): boolean {
  return agentRequestsWaiting > 0 || (lastAgentEntry !== undefined && now - lastAgentEntry <= agentActiveMinutes * 60_000);
}

/** The latest agent entry in the log, for `agentActive`: fed the log's tail at start, then each entry appended. */
export class AgentActivity {
  private last: number | undefined;

  constructor(entries: readonly Pick<LogEntry, 'time' | 'actor'>[] = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: Pick<LogEntry, 'time' | 'actor'>): void {
    if (entry.actor.kind !== 'agent') return;
    const time = Date.parse(entry.time);
    if (!Number.isNaN(time) && (this.last === undefined || time > this.last)) this.last = time;
  }

  active(agentRequestsWaiting: number, now: number): boolean {
    return agentActive(this.last, agentRequestsWaiting, now);
  }
}
