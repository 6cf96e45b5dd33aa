// Where each workspace folder's action log lives, so the CLI finds it without VS Code (whose storage paths are hashed).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stateDirectory } from '../state';

function registryFile(): string {
  return path.join(stateDirectory(), 'logs.json');
}

function readRegistry(): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(registryFile(), 'utf8')) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

/** Records that the folders `roots` log to `file`; other folders' records are kept. */
export function rememberLog(roots: readonly string[], file: string): void {
  const registry = readRegistry();
  for (const root of roots) registry[path.resolve(root)] = path.resolve(file);
  mkdirSync(stateDirectory(), { recursive: true, mode: 0o700 });
  // Written aside and renamed over, so a CLI reading at the same moment sees the old file or the new, never half.
  const temporary = `${registryFile()}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(registry, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, registryFile());
}

function comparable(file: string): string {
  return process.platform === 'win32' || process.platform === 'darwin' ? file.toLowerCase() : file;
}

/** The log of the deepest remembered folder that contains `cwd`. */
export function findLog(cwd: string): string | undefined {
  const directory = comparable(path.resolve(cwd));
  let best: { root: string; file: string } | undefined;
  for (const [root, file] of Object.entries(readRegistry())) {
    const folder = comparable(root);
    const contains = directory === folder || directory.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);
    if (contains && (!best || folder.length > best.root.length)) best = { root: folder, file };
  }
  return best?.file;
}
