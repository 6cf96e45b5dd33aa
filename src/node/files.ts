// The file reader classification uses on a real machine: small text files only, never throws.
import { closeSync, lstatSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import type { FileReader } from '../core/model/reader';

/** Scripts, Makefiles and kubeconfigs are small; anything larger is not read. */
const maxBytes = 1024 * 1024;
/** Git's index of a very large repository runs to tens of megabytes; past this it is left unread (and counts as tracking). */
const maxBinaryBytes = 64 * 1024 * 1024;

export function diskReader(): FileReader {
  return {
    read(path) {
      try {
        const stat = statSync(path, { throwIfNoEntry: false });
        if (!stat?.isFile()) return undefined;
        if (stat.size > maxBytes) return binaryHead(path);
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    resolve(path) {
      // Part by part, as the kernel walks it: a link (even one leading nowhere yet) is replaced by where it points.
      const parts = path.split('/').filter(Boolean);
      let current = '';
      for (let hops = 0; parts.length; ) {
        const part = parts.shift() as string;
        const next = part === '..' ? current.slice(0, current.lastIndexOf('/')) : part === '.' ? current : `${current}/${part}`;
        if (part === '..' || part === '.') {
          current = next;
          continue;
        }
        let stat;
        try {
          stat = lstatSync(next, { throwIfNoEntry: false });
          if (stat?.isSymbolicLink()) {
            if (++hops > 40) return undefined;
            const target = readlinkSync(next);
            parts.unshift(...(target.startsWith('/') ? target : `${current}/${target}`).split('/').filter(Boolean));
            current = '';
            continue;
          }
        } catch {
          return undefined;
        }
        // Below something missing nothing exists, so nothing there is a link: the rest stays as written.
        if (stat === undefined) return [next, ...parts].join('/').replace(/\/\.(?=\/|$)/g, '') || '/';
        current = next;
      }
      return current || '/';
    },
    bytes(path) {
      try {
        const stat = statSync(path, { throwIfNoEntry: false });
        return stat?.isFile() && stat.size <= maxBinaryBytes ? new Uint8Array(readFileSync(path)) : undefined;
      } catch {
        return undefined;
      }
    },
    exists(path) {
      try {
        return statSync(path, { throwIfNoEntry: false }) !== undefined;
      } catch {
        // Cannot tell: something may be there.
        return true;
      }
    },
    list(folder) {
      try {
        return readdirSync(folder);
      } catch {
        return undefined;
      }
    },
  };
}

/** A large program (`/usr/bin/git`) is no script: its first bytes, when they are binary, say so; large text stays unread. */
function binaryHead(path: string): string | undefined {
  const head = Buffer.alloc(4096);
  const descriptor = openSync(path, 'r');
  try {
    const length = readSync(descriptor, head, 0, head.length, 0);
    return head.subarray(0, length).includes(0) ? head.subarray(0, length).toString('latin1') : undefined;
  } finally {
    closeSync(descriptor);
  }
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
    exists: (path) => inner.exists?.(path) ?? true,
    // Links change without a watcher seeing it: followed afresh each time.
    ...(inner.resolve ? { resolve: (path: string) => inner.resolve?.(path) } : {}),
    // Bytes are read when a delete reaches ignored output, rarely, and change with every `git add`: never cached.
    ...(inner.bytes ? { bytes: (path: string) => inner.bytes?.(path) } : {}),
    // Listings are not cached: a watcher tells of changed files, not of new ones.
    list: (folder) => inner.list?.(folder),
    forget(path) {
      if (path === undefined) cache.clear();
      else cache.delete(path);
    },
  };
}
