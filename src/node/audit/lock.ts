// A lock between processes (several editor windows write one log): a lock file that exists only while someone holds it.
import { closeSync, linkSync, openSync, statSync, unlinkSync } from 'node:fs';

/** No holder keeps the lock this long (an append takes well under a millisecond): its holder died. */
const staleAfterMs = 10_000;
/** Longer than `staleAfterMs`, so a holder that died is taken over instead of failing the append. */
const giveUpAfterMs = 12_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
/**
 * A hard link to the log costs a third of an exclusive create on ext4, and link() stamps the inode's ctime, which
 * tells when the lock was taken. Windows' ctime rules differ, and some file systems have no links: they create.
 */
let linking = process.platform !== 'win32';

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** Blocks the thread without spinning; appends are synchronous, so there is no event loop to yield to. */
function sleep(milliseconds: number): void {
  Atomics.wait(sleeper, 0, 0, milliseconds);
}

function tryLock(lockFile: string, source: string): boolean {
  if (linking) {
    try {
      linkSync(source, lockFile);
      return true;
    } catch (error) {
      if (code(error) === 'EEXIST') return false;
      if (code(error) !== 'ENOENT') linking = false;
      // The log does not exist yet: create it empty, so there is something to link.
      else closeSync(openSync(source, 'a', 0o600));
      return tryLock(lockFile, source);
    }
  }
  try {
    closeSync(openSync(lockFile, 'wx', 0o600));
    return true;
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
    return false;
  }
}

/** Removes the lock file if its holder died; true when it is gone, so trying again may succeed at once. */
function removeIfStale(lockFile: string): boolean {
  try {
    const stat = statSync(lockFile);
    // A linked lock shares the log's times; link() and every write while locked stamp ctime.
    const taken = stat.nlink > 1 ? stat.ctimeMs : stat.mtimeMs;
    if (Date.now() - taken <= staleAfterMs) return false;
    // Two waiters could both judge it stale and the second remove the first's fresh lock; that needs a holder to
    // have died within its few microseconds of holding, and two others to look within microseconds of each other.
    unlinkSync(lockFile);
    return true;
  } catch (error) {
    if (code(error) === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Runs `action` holding `lockFile`, which is a hard link to `source` (the log) where the file system allows, or
 * else a file created exclusively. Waits for another holder up to about twelve seconds, then throws.
 */
export function withFileLock<T>(lockFile: string, source: string, action: () => T): T {
  let deadline: number | undefined;
  let wait = 0.2;
  while (!tryLock(lockFile, source)) {
    if (removeIfStale(lockFile)) continue;
    const now = Date.now();
    deadline ??= now + giveUpAfterMs;
    if (now > deadline) {
      throw new Error(`The action log is locked by another process (${lockFile} exists). If no Four Eyes window is running, delete that file.`);
    }
    sleep(wait);
    wait = Math.min(wait * 1.5, 4);
  }
  try {
    return action();
  } finally {
    try {
      unlinkSync(lockFile);
    } catch (error) {
      // Taken over as stale while held (a paused process): the other holder owns it now.
      if (code(error) !== 'ENOENT') throw error;
    }
  }
}
