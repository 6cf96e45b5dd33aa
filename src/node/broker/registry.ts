// Where clients started outside a terminal (hooks run by an editor extension) find their window's broker: by cwd.
// One 0600 file per window in a 0700 folder, so windows never overwrite each other's entries.
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RegistryEntry } from '../../protocol/broker';
import { stateDirectory } from '../state';
import { alive } from '../alive';

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

function within(directory: string, root: string): boolean {
  const relative = path.relative(root, directory);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The live broker whose workspace holds `cwd` most closely. */
export function findBroker(cwd: string, directory = registryDirectory()): RegistryEntry | undefined {
  let files: string[];
  try {
    files = readdirSync(directory).filter((name) => name.endsWith('.json'));
  } catch {
    return undefined;
  }
  let best: { entry: RegistryEntry; length: number } | undefined;
  for (const file of files) {
    let entry: RegistryEntry;
    try {
      entry = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as RegistryEntry;
    } catch {
      continue;
    }
    if (!alive(entry.pid)) continue;
    for (const root of entry.roots) {
      if (within(cwd, root) && (!best || root.length > best.length)) best = { entry, length: root.length };
    }
  }
  return best?.entry;
}
