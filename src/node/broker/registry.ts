// Where clients started outside a terminal (hooks run by an editor extension) find their window's broker: by cwd.
// One 0600 file per window in a 0700 folder, so windows never overwrite each other's entries. A file proves nothing:
// an entry counts only when the kernel shows its process is this user's editor holding the socket it names (proof.ts).
import { chmodSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { endpointVariables, type RegistryEntry } from '../../protocol/broker';
import { stateDirectory } from '../state';
import { listeningUnixInodes, processStart } from './peer';
import { claimsCheckable, disproof, socketHolder } from './proof';

export function registryDirectory(): string {
  return path.join(stateDirectory(), 'brokers');
}

/** Record this window's broker; returns the function that removes the record. */
export function register(entry: RegistryEntry, directory = registryDirectory()): () => void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
  const file = path.join(directory, `${entry.pid}-${entry.token.slice(0, 12)}.json`);
  writeFileSync(file, JSON.stringify(entry), { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** An absolute path as the file system resolves it (`..`, trailing slashes, symlinks); a relative one is no place at all. */
export function normalisedPath(place: unknown): string | undefined {
  if (typeof place !== 'string' || !path.isAbsolute(place)) return undefined;
  const resolved = path.resolve(place);
  try {
    return realpathSync.native(resolved);
  } catch {
    // Not there (yet): its resolved form, so a folder made later still matches by name.
    return resolved;
  }
}

export function within(directory: string, root: string): boolean {
  const relative = path.relative(root, directory);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/** The root among `roots` that holds `cwd` most closely (both normalised), if any. */
export function closestRoot(cwd: string, roots: readonly unknown[]): string | undefined {
  const place = normalisedPath(cwd);
  if (!place) return undefined;
  let best: string | undefined;
  for (const root of roots.map(normalisedPath)) if (root && within(place, root) && (!best || root.length > best.length)) best = root;
  return best;
}

function readEntries(directory: string): RegistryEntry[] {
  let files: string[];
  try {
    files = readdirSync(directory).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    try {
      const entry = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as RegistryEntry;
      return Array.isArray(entry.roots) && typeof entry.socket === 'string' && typeof entry.token === 'string' ? [entry] : [];
    } catch {
      return [];
    }
  });
}

/** Why no broker is used for `cwd`: none registered there, or those that claim it failed the kernel's check. */
export class NoVerifiedBroker extends Error {}

/** The proven broker whose workspace holds `cwd` most closely; entries whose process fails the check are passed over. */
export function findBroker(cwd: string, directory = registryDirectory()): RegistryEntry | undefined {
  try {
    return verifiedBroker(cwd, directory);
  } catch {
    return undefined;
  }
}

/** As `findBroker`, but says why none counts. */
export function verifiedBroker(cwd: string, directory = registryDirectory()): RegistryEntry {
  const candidates = readEntries(directory)
    .map((entry) => ({ entry, root: closestRoot(cwd, entry.roots) }))
    .filter((candidate): candidate is { entry: RegistryEntry; root: string } => candidate.root !== undefined)
    .sort((a, b) => b.root.length - a.root.length);
  const refused: string[] = [];
  // Only the closest candidates are checked, in order: a few small /proc reads each, paid once per hook call.
  for (const { entry } of candidates) {
    const problem = disproof(entry, () => listeningUnixInodes(entry.socket));
    if (!problem) return entry;
    refused.push(problem);
  }
  throw new NoVerifiedBroker(refused.length ? `no verified Four Eyes broker for ${cwd}: ${refused.join('; ')}` : `no verified Four Eyes broker is running for ${cwd}`);
}

/**
 * The broker a terminal names in its environment, else the registry's for `cwd`. The environment is the asker's to
 * set (`FOUR_EYES_SOCKET=/tmp/fake.sock terraform destroy`), so the process holding the socket it names must pass the
 * same check as a registry entry's.
 */
export function brokerFor(cwd: string, env: NodeJS.ProcessEnv = process.env, directory = registryDirectory()): { socket: string; token: string } {
  const socket = env[endpointVariables.socket];
  const token = env[endpointVariables.token];
  if (!socket || !token) return verifiedBroker(cwd, directory);
  if (!claimsCheckable()) return { socket, token };
  const inodes = listeningUnixInodes(socket);
  const holder = socketHolder(inodes);
  const problem = holder === undefined ? 'no process of this user’s editor holds it' : disproof({ pid: holder, started: processStart(holder) }, () => inodes);
  if (problem) throw new NoVerifiedBroker(`the broker this terminal names (${endpointVariables.socket}) is not a verified Four Eyes window: ${problem}`);
  return { socket, token };
}

/** As `brokerFor`, with a person's reason instead of a throw: the broker the terminal names is down or unverified, or none serves `cwd`. */
export function brokerOrWhy(cwd: string, env: NodeJS.ProcessEnv = process.env, directory = registryDirectory()): { socket: string; token: string } | string {
  try {
    return brokerFor(cwd, env, directory);
  } catch (error) {
    if (env[endpointVariables.socket] && env[endpointVariables.token]) return `the Four Eyes broker in VS Code could not be reached (${(error as Error).message}); a person must approve this in VS Code.`;
    return `no Four Eyes broker is running for ${cwd}, so no one can approve it. Open this folder in VS Code with Four Eyes.`;
  }
}
