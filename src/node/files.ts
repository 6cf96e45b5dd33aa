// The file reader classification uses on a real machine: small text files only, never throws.
import { readFileSync, statSync } from 'node:fs';
import type { FileReader } from '../core/model/reader';

/** Scripts, Makefiles and kubeconfigs are small; anything larger is not read. */
const maxBytes = 1024 * 1024;

export function diskReader(): FileReader {
  return {
    read(path) {
      try {
        const stat = statSync(path, { throwIfNoEntry: false });
        if (!stat?.isFile() || stat.size > maxBytes) return undefined;
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

export interface CachedReader extends FileReader {
  /** Drop what is known about one file (a watcher saw it change) or about every file. */
  forget(path?: string): void;
}

/** Remembers reads, including misses, until told a file changed: for long-lived processes that watch files. */
export function cachedReader(inner: FileReader, maxEntries = 4096): CachedReader {
  const cache = new Map<string, string | undefined>();
  return {
    read(path) {
      if (cache.has(path)) return cache.get(path);
      const text = inner.read(path);
      // A bounded cache: when full, start over rather than grow without limit.
      if (cache.size >= maxEntries) cache.clear();
      cache.set(path, text);
      return text;
    },
    forget(path) {
      if (path === undefined) cache.clear();
      else cache.delete(path);
    },
  };
}
