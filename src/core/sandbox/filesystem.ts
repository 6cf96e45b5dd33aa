// What an agent in the sandbox may read and write: no credential stores, none of Four Eyes' files, the workspace and its own state.
import { hookSpecs } from '../hooks/install';
import { isWithin, joinPath, parentPath } from '../model/paths';
import { policyPlaces, sandboxAutorunPaths } from '../rules/autorun';
import { agentSettingsPatterns, policyFile, splitPattern } from '../tamper/watched';

/** Credential stores below the home folder that no agent reads (§2a); `~/.ssh` is handled file by file, keys only. */
export const credentialStores: readonly string[] = [
  '.aws',
  '.kube',
  '.config/gcloud',
  '.azure',
  '.docker/config.json',
  '.pgpass',
  '.my.cnf',
  '.netrc',
  '.terraform.d/credentials.tfrc.json',
  '.config/gh',
  '.config/doctl',
  '.vault-token',
];

/** Folders below the home folder where agents keep their own state: writable, except their hook and settings files. */
export const agentStateFolders: readonly string[] = ['.claude', '.claude.json', '.gemini', '.codex', '.copilot', '.cline', '.cursor', '.codeium', '.kiro', '.cache', '.npm', '.local/share/opencode', '.local/state/opencode', '.config/opencode'];

/** The state folders each agent CLI writes, by its program's name or package: made before the sandbox starts, since a folder that is not there cannot be mounted writable. */
const stateOfAgents: readonly { readonly names: readonly string[]; readonly folders: readonly string[] }[] = [
  { names: ['claude', 'claude-code'], folders: ['.claude'] },
  { names: ['gemini', 'gemini-cli'], folders: ['.gemini'] },
  { names: ['codex'], folders: ['.codex'] },
  { names: ['copilot'], folders: ['.copilot'] },
  { names: ['opencode', 'opencode-ai'], folders: ['.local/share/opencode', '.local/state/opencode', '.config/opencode'] },
  { names: ['cursor-agent'], folders: ['.cursor'] },
];

/** Folders below the home folder to make before starting `argv` in the sandbox: its agent's state, and the caches every tool writes. */
export function stateFoldersFor(argv: readonly string[]): readonly string[] {
  // `claude`, `/…/claude-code/bin/claude.exe`, `node /…/@google/gemini-cli/dist/index.js`: any path segment names the agent.
  const segments = new Set(argv.slice(0, 2).flatMap((word) => word.split('/')).map((segment) => segment.replace(/\.(exe|js|cjs|mjs)$/, '')));
  const agent = stateOfAgents.find((known) => known.names.some((name) => segments.has(name)));
  return ['.cache', '.npm', ...(agent?.folders ?? [])];
}

/** Settings an agent could loosen itself with that no hook file lists: Claude's "always allow" file, Codex's approval mode. */
const moreAgentSettings: readonly string[] = ['.claude/settings.local.json', '.codex/config.toml'];

/** Files in `~/.ssh` that hold no secret: public keys, known hosts, the client's configuration. */
function sshFileIsPublic(name: string): boolean {
  return name.endsWith('.pub') || name.startsWith('known_hosts') || name === 'config' || name.startsWith('authorized_keys');
}

export interface SandboxPlaces {
  readonly home: string;
  /** The working directory the command starts in: writable. */
  readonly workspace: string;
  /** Temporary folders: writable. */
  readonly temporary: readonly string[];
  /** `~/.four-eyes`, or FOUR_EYES_STATE_DIR. */
  readonly stateDirectory: string;
  readonly shims?: string;
  /** The folder of this workspace's action log, when one is known. */
  readonly logFolder?: string;
  /** Policy files outside the workspace's folders (the organisation's), absolute. */
  readonly policyFiles: readonly string[];
  /** The merged policy's `credentials`: absolute, `~/`-relative or relative to the workspace. */
  readonly credentials: readonly string[];
  /** Names of the entries of `~/.ssh`. */
  readonly sshFiles: readonly string[];
  /** Names of the entries of a folder, for settings patterns with a wildcard (`.claude/settings*.json`); none when it cannot be listed. */
  readonly list?: (folder: string) => readonly string[];
  /** The merged policy's `autorunPaths`, beyond the built-in places whose contents run by themselves. */
  readonly autorunPaths?: readonly string[];
}

/** Lists for the sandbox runtime: read denies, write roots, and write denies inside those roots (deny wins). */
export interface SandboxFilesystem {
  readonly denyRead: readonly string[];
  readonly allowWrite: readonly string[];
  readonly denyWrite: readonly string[];
}

function unique(paths: readonly string[]): string[] {
  return [...new Set(paths)];
}

function expandHome(path: string, home: string, workspace: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? joinPath(home, path.slice(2)) : joinPath(workspace, path);
}

/** `.claude/settings*.json` → the folder's matching names and the name without its wildcard; `.github/hooks/**` → the folder. */
function settingsPaths(root: string, pattern: string, list: SandboxPlaces['list']): string[] {
  const { directory, glob } = splitPattern(pattern);
  const folder = joinPath(root, directory);
  if (glob === '**') return [folder];
  if (!glob.includes('*')) return [joinPath(folder, glob)];
  const name = new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  const found = (list?.(folder) ?? []).filter((entry) => name.test(entry)).map((entry) => joinPath(folder, entry));
  return [joinPath(folder, glob.replaceAll('*', '')), ...found];
}

/** An agent's configuration folder in the workspace (`.claude`, `.github/hooks`): denied whole, so a missing file needs no mount point. */
function workspaceFolder(relative: string): string {
  const segments = relative.split('/');
  return segments[0] === '.github' ? segments.slice(0, 2).join('/') : segments[0];
}

/** Every agent's hook and settings files: their folders in the workspace, the files themselves in the home folder's state folders. */
function agentFiles(places: SandboxPlaces): string[] {
  const workspace = new Set<string>();
  const home: string[] = [];
  for (const spec of Object.values(hookSpecs)) {
    if (spec.files.workspace) workspace.add(workspaceFolder(spec.files.workspace));
    if (spec.files.user) home.push(joinPath(places.home, spec.files.user));
  }
  for (const pattern of [...agentSettingsPatterns, ...moreAgentSettings]) {
    workspace.add(workspaceFolder(pattern));
    home.push(...settingsPaths(places.home, pattern, places.list));
  }
  return [...[...workspace].map((folder) => joinPath(places.workspace, folder)), ...home];
}

/**
 * The places whose contents run by themselves later (`rules/autorun.ts`, the same list the planted-code rules judge):
 * git hooks and settings, .envrc, hook managers, agents' commands and servers. A file is kept read-only where it is, a
 * folder where its first folder is (`.git/hooks` where there is a `.git`); what is missing is left out, since its
 * placeholder would stand in the workspace while the sandbox runs (a new `.husky` runs only once `.git/config` says so).
 */
function autorunFiles(places: SandboxPlaces): string[] {
  const has = (folder: string, name: string): boolean => (places.list ? places.list(folder).includes(name) : true);
  return sandboxAutorunPaths(policyPlaces(places.autorunPaths)).flatMap((entry) => {
    const root = entry.root === 'home' ? places.home : places.workspace;
    const path = joinPath(root, entry.path);
    const segments = entry.path.split('/');
    const present = entry.folder ? has(root, segments[0]) : has(parentPath(path), segments[segments.length - 1]);
    return present ? [path] : [];
  });
}

/** The policy file's folder (`.vscode`) in the workspace and every folder above it, since each one's policy applies below it. */
function policyFolders(workspace: string): string[] {
  const folder = policyFile.split('/')[0];
  const found: string[] = [];
  for (let at = workspace; ; at = parentPath(at)) {
    found.push(joinPath(at, folder));
    if (at === '/') return found;
  }
}

/** The sandbox's file system rules for one command, from where it runs and what Four Eyes keeps where. */
export function sandboxFilesystem(places: SandboxPlaces): SandboxFilesystem {
  const { home, workspace } = places;
  const ssh = joinPath(home, '.ssh');
  const denyRead = unique([
    ...credentialStores.map((store) => joinPath(home, store)),
    ...places.sshFiles.filter((name) => !sshFileIsPublic(name)).map((name) => joinPath(ssh, name)),
    ...places.credentials.map((path) => expandHome(path, home, workspace)),
  ]);
  const allowWrite = unique([workspace, ...places.temporary, ...agentStateFolders.map((folder) => joinPath(home, folder))]);
  const protectedPaths = [
    ...places.policyFiles,
    ...policyFolders(workspace),
    ...agentFiles(places),
    places.stateDirectory,
    ...(places.shims ? [places.shims] : []),
    ...(places.logFolder ? [places.logFolder] : []),
  ];
  // What another deny already covers (`.claude/settings.json` below the workspace's `.claude`) needs no mount of its own.
  protectedPaths.push(...autorunFiles(places).filter((path) => !protectedPaths.some((other) => isWithin(path, other))));
  // Only what lies in a writable root needs a deny; each deny of a missing path costs a mount point on the host.
  const denyWrite = unique(protectedPaths.filter((path) => allowWrite.some((root) => isWithin(path, root) || isWithin(root, path))));
  return { denyRead, allowWrite, denyWrite };
}
