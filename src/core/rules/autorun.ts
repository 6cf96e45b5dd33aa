// The places on the person's machine whose contents run by themselves later, as the person: git hooks and settings,
// shell start-up files, schedules, ssh, the editor's tasks and settings, agents' servers and commands, tools' helpers.
// The planted-code rules judge writes to them; the agent sandbox keeps them read-only (one list for both).
import type { Minimatch } from 'minimatch';
import type { TextKind } from './autorunText';

/** Which rule judges a place: `planted.<family>`. */
export type PlantedFamily = 'git' | 'shell' | 'schedule' | 'ssh' | 'editor' | 'agent' | 'tool' | 'path';

export interface AutorunPlace {
  readonly family: PlantedFamily;
  /** `~/…` below the home folder, `/…` absolute, and `**` then `/…` in any folder (the workspace's, the home folder's). */
  readonly paths: readonly string[];
  /** Paths the patterns match that run nothing (`*.sample` hooks, caches). */
  readonly except?: readonly string[];
  /** How its text says what runs. */
  readonly text: TextKind;
  /** When what is planted there runs, after "It runs": `on your next \`git commit\``. */
  readonly when: string | ((path: string) => string);
  /**
   * Agents edit it every day (package.json, editor settings): only text that runs counts, a write whose text cannot be
   * read is asked about only when the line names what runs, and the sandbox does not keep it read-only.
   */
  readonly everyday?: boolean;
}

/** What a git hook's name says about when it runs. */
export function gitHookWhen(name: string): string {
  if (/^(pre-commit|prepare-commit-msg|commit-msg|post-commit|pre-merge-commit)$/.test(name)) return 'on your next `git commit`';
  if (name === 'pre-push') return 'on your next `git push`';
  if (name === 'post-checkout') return 'on your next `git checkout`, `git switch` or `git clone`';
  if (name === 'post-merge') return 'on your next `git merge` or `git pull`';
  if (name === 'pre-rebase' || name === 'post-rewrite') return 'on your next `git rebase` or `git commit --amend`';
  if (/^(applypatch-msg|pre-applypatch|post-applypatch)$/.test(name)) return 'on your next `git am`';
  if (name === 'fsmonitor-watchman') return 'on every `git status`, which editors run all the time';
  if (name === 'reference-transaction') return 'on every git command that changes a branch or tag';
  if (name === 'pre-auto-gc') return 'on git’s next automatic garbage collection';
  if (/^(pre-receive|update|post-receive|post-update|push-to-checkout|proc-receive)$/.test(name)) return 'when someone next pushes to this repository';
  if (name === 'h' || name === '_' || name === 'hooks' || name === '.husky') return 'on every git hook';
  return `when git next runs its \`${name}\` hook`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function folderOf(path: string): string {
  const folder = path.slice(0, path.lastIndexOf('/'));
  return folder === '' ? '/' : folder;
}

/** The editors' user folders, where their settings, tasks and MCP servers live. */
const editorUserFolders = [
  '~/.config/Code/User', '~/.config/Code - Insiders/User', '~/.config/VSCodium/User', '~/.config/Cursor/User', '~/.config/Windsurf/User', '~/.config/Kiro/User',
  '~/.vscode-server/data/Machine', '~/.vscode-server/data/User', '~/.local/share/code-server/User', '~/Library/Application Support/Code/User', '~/Library/Application Support/Cursor/User',
];

/** Every built-in place; order does not matter, a path matching two is judged by the first. */
export const autorunPlaces: readonly AutorunPlace[] = [
  // git: hooks, hook managers, settings that run programs
  {
    family: 'git',
    paths: ['**/.git/hooks', '**/.git/hooks/*', '**/.git/modules/**/hooks/*', '~/.git-templates/hooks/*', '~/.config/git/template/hooks/*', '/usr/share/git-core/templates/hooks/*'],
    except: ['**/*.sample'],
    text: 'script',
    when: (path) => (/templates?\/hooks\//.test(path) && !path.includes('/.git/') ? 'in every repository you create or clone from then on' : gitHookWhen(baseName(path))),
  },
  { family: 'git', paths: ['**/.husky', '**/.husky/**'], text: 'script', when: (path) => gitHookWhen(baseName(path)) },
  {
    family: 'git',
    paths: ['**/lefthook.yml', '**/lefthook.yaml', '**/.lefthook.yml', '**/.lefthook.yaml', '**/lefthook-local.yml', '**/lefthook-local.yaml', '**/.lefthook-local.yml', '**/.lefthook-local.yaml', '**/.pre-commit-config.yaml', '**/.pre-commit-config.yml'],
    text: 'hooks-yaml',
    when: 'on your next `git commit` (the git hooks it configures)',
  },
  {
    family: 'git',
    paths: ['**/.lintstagedrc', '**/.lintstagedrc.*', '**/lint-staged.config.*', '**/.simple-git-hooks.*', '**/simple-git-hooks.*'],
    text: 'values',
    when: 'on your next `git commit`',
  },
  {
    family: 'git',
    paths: ['**/.git/config', '**/.git/modules/**/config', '**/.git/worktrees/*/config.worktree', '~/.gitconfig', '~/.config/git/config', '/etc/gitconfig'],
    text: 'git-config',
    when: 'on your next git command',
  },
  // shells and sessions
  {
    family: 'shell',
    paths: [
      '~/.bashrc', '~/.bash_profile', '~/.bash_login', '~/.bash_logout', '~/.profile', '~/.bashrc.d/**', '~/.zshrc', '~/.zshenv', '~/.zprofile', '~/.zlogin', '~/.zlogout', '~/.zshrc.d/**',
      '~/.config/zsh/**', '~/.oh-my-zsh/custom/**', '~/.config/fish/config.fish', '~/.config/fish/conf.d/**', '~/.kshrc', '~/.mkshrc', '~/.tcshrc', '~/.cshrc',
      '~/.xprofile', '~/.xsessionrc', '~/.xinitrc', '~/.xsession', '/etc/profile', '/etc/profile.d/**', '/etc/bash.bashrc', '/etc/bashrc', '/etc/zshrc', '/etc/zshenv', '/etc/zsh/**',
    ],
    text: 'script',
    when: (path) => {
      const name = baseName(path);
      if (/logout$/.test(name)) return 'when you next leave a shell';
      if (name === '.zshenv' || name === 'zshenv') return 'in every zsh from then on, scripts included';
      if (/^\.(x|bash_profile|bash_login|profile|zprofile|zlogin)|^profile$/.test(name) || path.includes('/profile.d/')) return 'when you next log in';
      return 'whenever you next open a shell';
    },
  },
  { family: 'shell', paths: ['~/.config/fish/functions/**'], text: 'lines', when: (path) => `when you next run \`${baseName(path).replace(/\.fish$/, '')}\` in fish` },
  { family: 'shell', paths: ['**/.envrc', '~/.direnvrc', '~/.config/direnv/direnvrc', '~/.config/direnv/lib/**'], text: 'script', when: (path) => (baseName(path) === '.envrc' ? `when you next \`cd\` into ${folderOf(path)} (direnv)` : 'whenever direnv loads a folder') },
  { family: 'shell', paths: ['~/.config/environment.d/**', '/etc/environment'], text: 'lines', when: 'in every program of your next session' },
  // schedules and log-in
  { family: 'schedule', paths: ['/var/spool/cron/**', '/etc/crontab', '/etc/cron.d/**'], text: 'cron', when: 'on the cron schedule it sets' },
  { family: 'schedule', paths: ['/etc/cron.hourly/**', '/etc/cron.daily/**', '/etc/cron.weekly/**', '/etc/cron.monthly/**'], text: 'script', when: (path) => `on cron's ${baseName(folderOf(path)).replace('cron.', '')} run` },
  {
    family: 'schedule',
    paths: ['~/.config/systemd/user/**', '~/.local/share/systemd/user/**', '/etc/systemd/system/**', '/etc/systemd/user/**'],
    text: 'unit',
    when: 'when the unit starts (at log-in, at boot or on its timer, once enabled)',
  },
  { family: 'schedule', paths: ['~/.config/autostart/**', '/etc/xdg/autostart/**'], text: 'desktop', when: 'when you next log in to the desktop' },
  { family: 'schedule', paths: ['~/Library/LaunchAgents/**', '/Library/LaunchAgents/**', '/Library/LaunchDaemons/**'], text: 'launchd', when: 'when you next log in (launchd)' },
  // ssh
  { family: 'ssh', paths: ['~/.ssh/config', '~/.ssh/config.d/**', '/etc/ssh/ssh_config', '/etc/ssh/ssh_config.d/**'], text: 'ssh-config', when: 'when you next `ssh` to a host it matches (git over ssh too)' },
  { family: 'ssh', paths: ['~/.ssh/authorized_keys', '~/.ssh/authorized_keys2'], text: 'authorized-keys', when: 'from then on: whoever holds that key can log in to this machine as you' },
  { family: 'ssh', paths: ['~/.ssh/rc', '/etc/ssh/sshrc'], text: 'script', when: 'on every ssh log-in to this machine' },
  // editors
  { family: 'editor', paths: ['**/.vscode/tasks.json', ...editorUserFolders.map((folder) => `${folder}/tasks.json`)], text: 'tasks', when: 'when this folder opens' },
  { family: 'editor', paths: ['**/.vscode/settings.json', '**/*.code-workspace', ...editorUserFolders.map((folder) => `${folder}/settings.json`)], text: 'editor-settings', when: 'when the editor next uses the setting', everyday: true },
  {
    family: 'editor',
    paths: ['~/.vimrc', '~/.gvimrc', '~/.exrc', '~/.vim/**', '~/.config/nvim/**', '~/.emacs', '~/.emacs.el', '~/.emacs.d/init.el', '~/.emacs.d/early-init.el', '~/.config/emacs/init.el', '~/.config/emacs/early-init.el'],
    except: ['~/.vim/undo/**', '~/.vim/swap/**', '~/.vim/backup/**'],
    text: 'lines',
    when: 'when you next start that editor',
  },
  // agents
  {
    family: 'agent',
    paths: [
      '**/.mcp.json', '**/.vscode/mcp.json', '**/.cursor/mcp.json', '**/.gemini/settings.json', '**/.kiro/settings/mcp.json', '**/.roo/mcp.json', '**/.amazonq/mcp.json', '**/opencode.json', '**/opencode.jsonc',
      '~/.copilot/mcp-config.json', '~/.codeium/windsurf/mcp_config.json', '~/.aws/amazonq/mcp.json', '~/.config/opencode/opencode.json',
      ...editorUserFolders.map((folder) => `${folder}/mcp.json`), ...editorUserFolders.map((folder) => `${folder}/globalStorage/*/settings/cline_mcp_settings.json`),
      '**/.claude/settings.json', '**/.claude/settings.local.json', '**/.cursor/hooks.json', '**/.codex/hooks.json', '**/.github/hooks/*.json', '**/.windsurf/hooks.json', '~/.codeium/windsurf/hooks.json',
      '**/.kiro/hooks/**', '~/.copilot/config.json', '~/.copilot/hooks/**', '~/.gemini/settings.json',
    ],
    text: 'agent-json',
    when: 'when the agent next starts or calls a tool',
  },
  // Claude Code writes its own state here all the time: judged by what it adds, never kept read-only.
  { family: 'agent', paths: ['~/.claude.json'], text: 'agent-json', when: 'when the agent next starts', everyday: true },
  { family: 'agent', paths: ['**/.codex/config.toml'], text: 'agent-toml', when: 'when the agent next starts' },
  { family: 'agent', paths: ['**/.claude/hooks/**', '**/.clinerules/hooks/**', '~/Documents/Cline/Hooks/**'], text: 'script', when: 'on the agent’s next tool call or event it hooks' },
  {
    family: 'agent',
    paths: [
      '**/.claude/commands/**', '**/.claude/agents/**', '**/.claude/skills/**', '**/.gemini/commands/**', '**/.cursor/commands/**', '~/.codex/prompts/**', '**/.github/prompts/**', '**/.github/agents/**',
      '**/.github/chatmodes/**', '**/.windsurf/workflows/**', '**/.clinerules/workflows/**', '**/.opencode/command/**', '**/.opencode/agent/**', '~/.config/opencode/command/**', '~/.config/opencode/agent/**',
    ],
    text: 'prompt',
    when: 'when you next use that command, subagent or skill in the agent',
  },
  // tools
  { family: 'tool', paths: ['**/package.json'], except: ['**/node_modules/**'], text: 'package-json', when: 'on your next `npm install`', everyday: true },
  { family: 'tool', paths: ['**/.npmrc', '/etc/npmrc'], except: ['**/node_modules/**'], text: 'npmrc', when: 'on your next npm command', everyday: true },
  { family: 'tool', paths: ['**/.yarnrc.yml', '**/.yarnrc'], except: ['**/node_modules/**'], text: 'yarnrc', when: 'on your next yarn command', everyday: true },
  { family: 'tool', paths: ['~/.aws/config', '~/.aws/credentials'], text: 'aws-config', when: 'on your next AWS call with that profile' },
  // Written every day from `terraform output`, `kind get kubeconfig` and the like: judged by what they add.
  { family: 'tool', paths: ['~/.kube/**', '**/kubeconfig', '**/kubeconfig.y*ml', '**/*.kubeconfig'], except: ['~/.kube/cache/**', '~/.kube/http-cache/**', '~/.kube/kubens/**', '~/.kube/kubectx'], text: 'kubeconfig', when: 'on your next `kubectl` call as that user', everyday: true },
  // pip writes these on every editable install: judged by what they add, never kept read-only.
  { family: 'tool', paths: ['**/site-packages/*.pth', '**/dist-packages/*.pth'], text: 'pth', when: 'whenever Python starts in that environment', everyday: true },
  { family: 'tool', paths: ['**/site-packages/sitecustomize.py', '**/site-packages/usercustomize.py', '**/dist-packages/sitecustomize.py'], text: 'lines', when: 'whenever Python starts in that environment', everyday: true },
];

/** Places a policy adds (`autorunPaths`): any text written there is code that runs by itself. */
export function policyPlaces(patterns: readonly string[] | undefined): AutorunPlace[] {
  if (!patterns?.length) return [];
  // Relative patterns hold in any folder, as protected paths do.
  const paths = patterns.map((pattern) => (pattern.startsWith('/') || pattern.startsWith('~/') || pattern.startsWith('**/') ? pattern : `**/${pattern}`));
  return [{ family: 'path', paths, text: 'script', when: 'by itself later, as the policy says' }];
}

const compiled = new Map<string, Minimatch>();

function matcher(pattern: string): Minimatch {
  let found = compiled.get(pattern);
  if (!found) {
    // Required on first use: most lines write no file at all.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Minimatch: Matcher } = require('minimatch') as typeof import('minimatch');
    found = new Matcher(pattern, { dot: true, nocase: process.platform === 'darwin' || process.platform === 'win32' });
    compiled.set(pattern, found);
  }
  return found;
}

/** Whether `absolute` is what `pattern` names, `~/` being `home`. */
function matches(pattern: string, absolute: string, home: string | undefined): boolean {
  if (pattern.startsWith('~/')) return home !== undefined && absolute.startsWith(`${home}/`) && matcher(pattern.slice(2)).match(absolute.slice(home.length + 1));
  if (pattern.startsWith('/')) return matcher(pattern.slice(1)).match(absolute.slice(1));
  return matcher(pattern).match(absolute.slice(1));
}

/** The place an absolute path is, if its contents run by themselves; policy places come after the built-in ones. */
export function autorunPlace(absolute: string, home: string | undefined, extra: readonly AutorunPlace[] = []): AutorunPlace | undefined {
  // Every written path of every write is looked up against dozens of globs: the built-in answer is kept per path.
  if (extra.length > 0) return placeAmong([...autorunPlaces, ...extra], absolute, home);
  const key = `${absolute}\0${home ?? ''}`;
  if (builtInPlaces.has(key)) return builtInPlaces.get(key);
  if (builtInPlaces.size > 4096) builtInPlaces.clear();
  const found = placeAmong(autorunPlaces, absolute, home);
  builtInPlaces.set(key, found);
  return found;
}

const builtInPlaces = new Map<string, AutorunPlace | undefined>();

function placeAmong(places: readonly AutorunPlace[], absolute: string, home: string | undefined): AutorunPlace | undefined {
  for (const place of places) {
    if (!place.paths.some((pattern) => matches(pattern, absolute, home))) continue;
    if (place.except?.some((pattern) => matches(pattern, absolute, home))) continue;
    return place;
  }
  return undefined;
}

/** When what is planted at `path` runs. */
export function autorunWhen(place: AutorunPlace, path: string): string {
  return typeof place.when === 'string' ? place.when : place.when(path);
}

/** A mention of an autorun place in code (`open('.git/hooks/pre-commit', 'w')`): the last parts of the built-in paths. */
export const autorunMentioned =
  /\.git\/(hooks\/|config\b)|\.husky\/|lefthook|\.pre-commit-config|\.lintstagedrc|\.(bash|zsh|ksh|mksh|tcsh|csh)rc\b|\.(bash_profile|bash_login|profile|zshenv|zprofile|zlogin|xprofile|xsessionrc|xinitrc)\b|fish\/(config\.fish|conf\.d|functions)|\.envrc\b|direnvrc|crontab|cron\.d|systemd\/(user|system)|autostart\/|LaunchAgents|\.ssh\/(config|authorized_keys|rc)\b|\.vscode\/(tasks|mcp)\.json|\.mcp\.json|mcp_config\.json|\.claude\/(commands|agents|skills|hooks)|\.gemini\/commands|\.codex\/prompts|\.aws\/(config|credentials)|\.kube\/config|kubeconfig|\.vimrc|nvim\/init|\.emacs\b|site-packages\/\S*\.pth|sitecustomize|usercustomize/;

/** Where the sandbox keeps a place read-only: a path of any folder in the workspace, a `~/` one in the home folder, up to the first wildcard. */
export interface SandboxAutorunPath {
  readonly root: 'workspace' | 'home';
  /** Relative to the root, without wildcards. */
  readonly path: string;
  /** A folder whose files run (`.git/hooks`), rather than one file. */
  readonly folder: boolean;
}

/** The places the sandbox keeps read-only: every built-in one but those agents edit every day, without the ones below a wildcard folder. */
export function sandboxAutorunPaths(extra: readonly AutorunPlace[] = []): SandboxAutorunPath[] {
  const found = new Map<string, SandboxAutorunPath>();
  for (const place of [...autorunPlaces, ...extra]) {
    if (place.everyday) continue;
    for (const pattern of place.paths) {
      if (pattern.startsWith('/')) continue;
      // A place in any folder is one in the workspace and one in the home folder (`~/.claude/commands`).
      const roots: SandboxAutorunPath['root'][] = pattern.startsWith('~/') ? ['home'] : ['workspace', 'home'];
      const rest = pattern.replace(/^(~|\*\*)\//, '');
      const segments = rest.split('/');
      const wild = segments.findIndex((segment) => /[*?[{]/.test(segment));
      // `*.code-workspace`, `.git/modules/**/hooks/*`: a wildcard before the last part names no one path.
      if (wild === 0 || (wild >= 0 && wild < segments.length - 1)) continue;
      const path = (wild < 0 ? segments : segments.slice(0, wild)).join('/');
      for (const root of roots) found.set(`${root}:${path}`, { root, path, folder: wild >= 0 });
    }
  }
  return [...found.values()];
}
