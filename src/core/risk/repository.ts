// What git knows about a directory, read through the injected reader: the repository, its branch, what it ignores.
import ignore from 'ignore';
import { isWithin, joinPath, normalizePath, parentPath } from '../model/paths';
import type { FileReader } from '../model/reader';
import { trackedPaths, tracksUnder } from './gitIndex';

/** The top of the work tree that contains `directory`, if any. */
export function findRepository(directory: string, reader: FileReader): string | undefined {
  let current = normalizePath(directory);
  for (let depth = 0; depth < 64; depth++) {
    // `.git` is a directory (HEAD inside) or, in worktrees and submodules, a file.
    if (reader.read(`${current === '/' ? '' : current}/.git/HEAD`) !== undefined || reader.read(`${current === '/' ? '' : current}/.git`) !== undefined) return current;
    if (current === '/') return undefined;
    current = parentPath(current);
  }
  return undefined;
}

function gitDirectory(root: string, reader: FileReader): string {
  const file = reader.read(`${root}/.git`);
  const pointer = file === undefined ? undefined : /^gitdir:\s*(.+)$/m.exec(file)?.[1]?.trim();
  return pointer ? joinPath(root, pointer) : `${root}/.git`;
}

/** The checked-out branch, undefined when HEAD is detached or unreadable. */
export function currentBranch(root: string, reader: FileReader): string | undefined {
  const head = reader.read(`${gitDirectory(root, reader)}/HEAD`);
  return head === undefined ? undefined : /^ref:\s*refs\/heads\/(.+)$/m.exec(head)?.[1]?.trim();
}

/**
 * True when git ignores `absolute` (or a folder above it) in the repository at `root` and it holds nothing git tracks:
 * ignore rules do not apply to tracked files, and a rule an agent adds (`echo src/ >> .gitignore`) disposes of nothing.
 */
export function ignoredByGit(absolute: string, root: string, reader: FileReader): boolean {
  if (!ignoreRulesMatch(absolute, root, reader)) return false;
  return !holdsTracked(absolute.slice(root.length + 1), root, reader);
}

/** Whether the index lists `relative` or a path below it; an index that is there but cannot be read counts as listing it. */
function holdsTracked(relative: string, root: string, reader: FileReader): boolean {
  const index = `${gitDirectory(root, reader)}/index`;
  const bytes = reader.bytes?.(index);
  if (bytes === undefined) return reader.bytes === undefined || reader.exists?.(index) === true;
  const paths = trackedPaths(bytes);
  return paths === undefined || tracksUnder(paths, relative);
}

function ignoreRulesMatch(absolute: string, root: string, reader: FileReader): boolean {
  if (!isWithin(absolute, root) || absolute === root) return false;
  const relative = absolute.slice(root.length + 1);
  const parts = relative.split('/');
  // Rules from every .gitignore between the root and the path, plus .git/info/exclude; later files refine earlier ones.
  const matcher = ignore();
  const exclude = reader.read(`${gitDirectory(root, reader)}/info/exclude`);
  if (exclude) matcher.add(exclude);
  let prefix = '';
  for (let index = 0; index < parts.length; index++) {
    const directory = prefix ? `${root}/${prefix}` : root;
    const rules = reader.read(`${directory}/.gitignore`);
    if (rules) matcher.add(prefix ? rebase(rules, prefix) : rules);
    const candidate = parts.slice(0, index + 1).join('/');
    // A folder is matched by patterns written with or without the trailing slash.
    if (matcher.ignores(candidate) || (index < parts.length - 1 && matcher.ignores(`${candidate}/`))) return true;
    if (index === parts.length - 1 && matcher.ignores(`${candidate}/`)) return true;
    prefix = candidate;
  }
  return false;
}

/** Patterns of a nested .gitignore apply below its folder. */
function rebase(rules: string, prefix: string): string {
  return rules
    .split(/\r?\n/)
    .map((line) => {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#')) return '';
      const negated = trimmed.startsWith('!');
      const pattern = negated ? trimmed.slice(1) : trimmed;
      const anchored = pattern.replace(/\/$/, '').includes('/');
      const body = anchored ? `${prefix}/${pattern.replace(/^\//, '')}` : `${prefix}/**/${pattern}`;
      return `${negated ? '!' : ''}${body}`;
    })
    .join('\n');
}
