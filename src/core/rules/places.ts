// Which kind of place a path is: system, temp, build output, personal files, the workspace.
import { isWithin, type ResolvedPath } from '../model/paths';
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

/** Where the command's temp folder is; packs that ask placeOf declare these. */
export const placeVariables = declareVariables('TMPDIR', 'TMP', 'TEMP');

function tempRootsFor(context: RuleContext): string[] {
  const extra = placeVariables.names.map((name) => placeVariables.read(context, name)).filter((value): value is string => !!value && value.startsWith('/') && value !== '/');
  return [...tempRoots, ...extra.map((value) => value.replace(/\/+$/, ''))];
}

/** What kind of place `path` is for a command running in `context`. */
export function placeOf(path: ResolvedPath, context: RuleContext): Place {
  if (homeText.test(path.text)) return 'root';
  if (path.dynamic) return 'unknown';
  const absolute = path.absolute;
  if (absolute === undefined) return 'other';
  if (devices.test(absolute)) return 'device';
  if (harmlessDevices.test(absolute)) return 'other';
  const parts = absolute.split('/').filter(Boolean);
  const wildcardTail = path.glob && /\/\*$|\/\.\*$/.test(path.text);
  if (parts.length === 0 || (wildcardTail && parts.length === 1 && (parts[0] === '*' || parts[0] === '.*'))) return 'root';
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
  if (topLevel.has(parts[0]) && parts[0] !== 'home' && parts[0] !== 'Users' && !(home !== undefined && isWithin(absolute, home))) return 'system';
  if ((parts[0] === 'home' || parts[0] === 'Users') && parts.length === 2) return 'root';
  if (home !== undefined && !isWithin(absolute, home) && (parts[0] === 'home' || parts[0] === 'Users')) return 'system';
  if (context.ignoredByGit(absolute)) return 'ignored';
  return 'other';
}

/**
 * Terraform state and its workspace pointer (the files edits.ts protects from agents' edit tools): the record of what real infrastructure exists.
 * Deleting any state file loses it; writing counts only for the live names, since `> backup.tfstate` is how a copy is kept.
 */
export function isStateFile(path: string, deleting: boolean): boolean {
  if (/(^|\/)(terraform\.tfstate|\.terraform\/environment)$/.test(path)) return true;
  return deleting && /\.tfstate(\.backup)?$/.test(path);
}

/** Personal places a command should not touch without asking. */
export function isPersonal(place: Place): boolean {
  return place === 'private' || place === 'personal' || place === 'credentials';
}
