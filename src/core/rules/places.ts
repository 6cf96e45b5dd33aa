// Which kind of place a path is: system, temp, build output, personal files, the workspace, other folders at home.
import { isWithin, normalizePath, type ResolvedPath } from '../model/paths';
import { declareVariables, type RuleContext } from './rule';

export type Place =
  /** `/`, a home folder, a top-level system folder: deleting it wholesale ends the machine or the account. */
  | 'root'
  /** Inside a system folder (/etc, /usr, /var …). */
  | 'system'
  /** A disk or partition device. */
  | 'device'
  /** /tmp, /var/tmp, $TMPDIR. */
  | 'temp'
  /** Inside the workspace's repository and ignored by git: build output, dependencies. */
  | 'ignored'
  /** Desktop, Documents, Pictures, iCloud Drive: documents a person keeps private. */
  | 'private'
  /** Downloads, Music, Videos and the like: the person's own files. */
  | 'personal'
  /** Credentials and configuration in the home folder (~/.ssh, ~/.aws …). */
  | 'credentials'
  /** The folder the agent works in, or a folder holding it, or everything in one of them (`.`, `..`, `*`): the project itself. */
  | 'workspace'
  /** A repository's history: its `.git` folder, objects, refs or logs. */
  | 'history'
  /** Elsewhere in the home folder, outside the workspace: other projects and the person's own folders. */
  | 'home'
  /** Only known when the line runs. */
  | 'unknown'
  /** Anywhere else: the workspace or another ordinary folder. */
  | 'other';

const topLevel = new Set([
  'bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'proc', 'root', 'sbin', 'srv', 'sys', 'usr', 'var', 'mnt', 'media', 'snap',
  'System', 'Library', 'Applications', 'Users', 'private', 'Volumes', 'cores', 'tmp',
]);
const tempRoots = ['/tmp', '/var/tmp', '/private/tmp', '/private/var/tmp', '/private/var/folders', '/dev/shm'];
const privateFolders = ['Desktop', 'Documents', 'Pictures', 'Library/Mobile Documents', 'Library/Messages', 'Library/Mail', 'OneDrive', 'iCloud Drive'];
const personalFolders = ['Downloads', 'Music', 'Videos', 'Movies', 'Public'];
const credentialFolders = [
  '.ssh', '.aws', '.gnupg', '.kube', '.azure', '.config/gcloud', '.docker', '.netrc', '.npmrc', '.pypirc', '.git-credentials', 'Library/Keychains',
  // Files every new shell or git run reads and obeys: a line added there runs later, unseen.
  '.bashrc', '.bash_profile', '.bash_login', '.bash_logout', '.profile', '.zshrc', '.zprofile', '.zshenv', '.zlogin', '.config/fish', '.gitconfig', '.config/git',
];
const devices = /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|md\d|dm-\d|mapper\/|loop\d)/;
const harmlessDevices = /^\/dev\/(null|zero|random|urandom|stdout|stderr|stdin|tty|fd\/|pts\/)/;
const homeText = /^(~|\$HOME|\$\{HOME\})\/?(\*|\.\*)?$/;
/** A last part that matches everything in its folder (`*`, `.*`, `?*`, `.[!.]*`): the folder's contents are gone. */
const everything = /^(?:\.?[*?]*\*[*?]*|\.\[[!^]\.\]\*|\.\?\?\*)$/;
/** Inside `.git`, what holds the history (`index.lock` and the like are routine to remove). */
const historyParts = new Set(['objects', 'refs', 'logs', 'packed-refs', 'modules', 'worktrees', '*', '.*']);
/** A drive path: `C:\`, `D:/`. */
const windowsDrive = /^[A-Za-z]:[\\/]/;
const windowsSystem = new Set(['windows', 'program files', 'program files (x86)', 'programdata']);

/** Where the command's temp folder is; packs that ask placeOf declare these. */
export const placeVariables = declareVariables('TMPDIR', 'TMP', 'TEMP');

/** A folder name that says temporary: `tmp`, `.tmp`, `temp`, macOS's per-user `T`, `.cache`. */
const tempName = /^(?:\.?te?mp(?:[.-][\w.-]+)?|T|\.cache)$/i;

/**
 * TMPDIR, TMP and TEMP as extra temp folders, when they look like one: a line can set them (`TMPDIR=$(pwd)`),
 * so a value that names no temp folder, or is the workspace, the home folder or a folder holding them, gives nothing the temp allowance.
 */
function tempRootsFor(context: RuleContext): string[] {
  const values = placeVariables.names.map((name) => placeVariables.read(context, name)).filter((value): value is string => !!value && value.startsWith('/'));
  const extra = values.map(normalizePath).filter((root) => {
    if (root === '/' || !root.split('/').some((part) => tempName.test(part))) return false;
    return ![context.workspace, context.cwd, context.home].some((folder) => folder !== undefined && isWithin(folder, root));
  });
  return [...tempRoots, ...extra];
}

/** A Windows drive path, by its parts: the drive, `Users` or one user's folder are roots, Windows and Program Files system. */
function windowsPlace(text: string): Place {
  const parts = text.slice(2).split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  const wildcard = parts.length > 0 && (parts[parts.length - 1] === '*' || parts[parts.length - 1] === '*.*');
  const folders = wildcard ? parts.slice(0, -1) : parts;
  if (folders.includes('..')) return 'unknown';
  const top = folders[0]?.toLowerCase();
  if (folders.length === 0 || (top === 'users' && folders.length <= 2)) return 'root';
  if (top !== undefined && windowsSystem.has(top)) return 'system';
  return 'other';
}

/** The `.git` folder itself, or the parts of it that hold commits and branches. */
function isHistory(parts: readonly string[]): boolean {
  const index = parts.lastIndexOf('.git');
  return index >= 0 && (index === parts.length - 1 || historyParts.has(parts[index + 1]));
}

/** Top-level folders projects are kept in besides home (`/srv/app`, `/var/www/site`, WSL's `/mnt/c/…`): inside a workspace there, nothing is system. */
const projectFolders = ['/srv', '/opt', '/var/www', '/mnt', '/media', '/Volumes'];

function inProjectFolder(absolute: string, context: RuleContext): boolean {
  const workspace = context.workspace ?? context.cwd;
  return workspace !== undefined && isWithin(absolute, workspace) && projectFolders.some((folder) => workspace !== folder && isWithin(workspace, folder));
}

/** `folder` is `base` or holds it. */
function holds(folder: string, base: string | undefined): boolean {
  return base !== undefined && isWithin(base, folder);
}

/** What kind of place `path` is for a command running in `context`. */
/**
 * What kind of place a path is. A path through a symbolic link is also judged where the link leads, and the more
 * protected of the two counts: `ln -s ~/code/app /tmp/x` makes `rm -rf /tmp/x/` a delete of the project. `writing`:
 * the path is written to, so a link anywhere permissive is followed (a link in the project to /etc/hosts).
 */
export function placeOf(path: ResolvedPath, context: RuleContext, writing = false): Place {
  const place = placeAt(path, context);
  const absolute = path.absolute;
  if (!(writing ? writeFollowed : followed).has(place) || absolute === undefined || path.dynamic || context.reader?.resolve === undefined) return place;
  const real = context.reader.resolve(absolute);
  if (real === undefined || real === absolute) return place;
  const there = placeAt({ ...path, absolute: real, text: real }, context);
  return protection.indexOf(there) > protection.indexOf(place) ? there : place;
}

/** Places a delete passes without asking: where a link could lead somewhere kept. */
const followed = new Set<Place>(['temp', 'ignored']);
/** Places a write passes without asking: a link there may lead to a system or personal file. */
const writeFollowed = new Set<Place>(['temp', 'ignored', 'other', 'home', 'workspace']);
/** Places from the least protected to the most. */
const protection: readonly Place[] = ['temp', 'ignored', 'other', 'unknown', 'home', 'workspace', 'history', 'personal', 'private', 'credentials', 'system', 'device', 'root'];

function placeAt(path: ResolvedPath, context: RuleContext): Place {
  if (homeText.test(path.text)) return 'root';
  if (path.dynamic) return 'unknown';
  const absolute = path.absolute;
  if (absolute === undefined) return windowsDrive.test(path.text) ? windowsPlace(path.text) : 'other';
  if (devices.test(absolute)) return 'device';
  if (harmlessDevices.test(absolute)) return 'other';
  const parts = absolute.split('/').filter(Boolean);
  const wildcardTail = path.glob && parts.length > 0 && everything.test(parts[parts.length - 1]);
  if (parts.length === 0 || (wildcardTail && parts.length === 1)) return 'root';
  const home = context.home;
  const insideWorkspace = context.cwd !== undefined && isWithin(absolute, context.cwd) && context.cwd !== '/' && context.cwd !== home;
  if (home !== undefined && home !== '/') {
    if (absolute === home || (wildcardTail && `/${parts.slice(0, -1).join('/')}` === home)) return 'root';
    if (isWithin(absolute, home) && !insideWorkspace) {
      const relative = absolute.slice(home.length + 1);
      if (credentialFolders.some((folder) => isWithin(relative, folder))) return 'credentials';
      if (privateFolders.some((folder) => isWithin(relative, folder))) return 'private';
      if (personalFolders.some((folder) => isWithin(relative, folder))) return 'personal';
    }
  }
  const temp = tempRootsFor(context);
  if (temp.some((root) => isWithin(absolute, root))) return temp.includes(absolute) ? 'system' : 'temp';
  if (parts.length === 1 && topLevel.has(parts[0])) return 'root';
  if (topLevel.has(parts[0]) && parts[0] !== 'home' && parts[0] !== 'Users' && !(home !== undefined && isWithin(absolute, home)) && !inProjectFolder(absolute, context)) return 'system';
  if ((parts[0] === 'home' || parts[0] === 'Users') && parts.length === 2) return 'root';
  if (home !== undefined && !isWithin(absolute, home) && (parts[0] === 'home' || parts[0] === 'Users')) return 'system';
  // A repository's own history, unless the repository is itself ignored output (a package's checkout in node_modules).
  if (isHistory(parts)) return context.ignoredByGit(`/${parts.slice(0, parts.lastIndexOf('.git')).join('/')}`) ? 'ignored' : 'history';
  if (context.ignoredByGit(absolute)) return 'ignored';
  // `.`, `..`, `"$PWD"`, `*`: the folder the agent works in (or the one the line moved to), a folder holding it, or all they hold.
  const folder = wildcardTail ? `/${parts.slice(0, -1).join('/')}` : absolute;
  const workspace = context.workspace ?? context.cwd;
  const ownFolder = (base: string | undefined): boolean => base !== undefined && base !== '/' && base !== home && holds(folder, base);
  if (ownFolder(workspace) || ownFolder(context.cwd)) return 'workspace';
  if (home !== undefined && home !== '/' && isWithin(absolute, home) && !(workspace !== undefined && isWithin(absolute, workspace))) return 'home';
  return 'other';
}

/** Personal places a command should not touch without asking. */
export function isPersonal(place: Place): boolean {
  return place === 'private' || place === 'personal' || place === 'credentials';
}
