// Paths as a command will see them: `~`, `$HOME`, relative to the working directory, `..` folded.

export interface ResolvedPath {
  /** As written. */
  readonly text: string;
  /** Absolute and normalised, when it can be known before the line runs. */
  readonly absolute?: string;
  /** Contains something only known at run time ($VAR, $(…), a placeholder). */
  readonly dynamic: boolean;
  /** Contains glob characters. */
  readonly glob: boolean;
}

export interface PathContext {
  readonly cwd: string | undefined;
  readonly home: string | undefined;
}

/** Fold `.`, `..` and repeated slashes of an absolute posix path. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function joinPath(base: string, relative: string): string {
  return relative.startsWith('/') ? normalizePath(relative) : normalizePath(`${base}/${relative}`);
}

export function parentPath(path: string): string {
  return normalizePath(`${path}/..`);
}

/** True when `path` is `root` or inside it. */
export function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}

/** `dynamic`: the parser could not resolve a part of the word, so the path is unknown. */
export function resolvePath(text: string, context: PathContext, dynamic: boolean): ResolvedPath {
  const glob = /[*?[]/.test(text);
  if (dynamic) return { text, dynamic: true, glob };
  // A Windows drive path (`C:\\Users\\dev`) names no place on this file system: known, but nowhere in particular.
  if (/^[A-Za-z]:[\\/]/.test(text)) return { text, dynamic: false, glob };
  let path = text;
  // `~` counts even when quoted: a person reading `rm "~/Documents/x"` sees their home.
  if (path === '~' || path.startsWith('~/')) {
    if (context.home === undefined) return { text, dynamic: true, glob };
    path = context.home + path.slice(1);
  }
  if (path.startsWith('/')) return { text, absolute: normalizePath(path), dynamic: false, glob };
  if (context.cwd === undefined) return { text, dynamic: false, glob };
  return { text, absolute: joinPath(context.cwd, path), dynamic: false, glob };
}
