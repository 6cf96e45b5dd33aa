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

/** One burst holds the lock this long at most, so other windows get their turn during a long run of appends. */
const holdMs = 2;
/** Locks held past the end of an append; released at the end of the turn, or when the process exits. */
const held = new Set<FileLock>();
let exitHook = false;

function release(lockFile: string): void {
  try {
    unlinkSync(lockFile);
  } catch (error) {
    // Taken over as stale while held (a paused process): the other holder owns it now.
    if (code(error) !== 'ENOENT') throw error;
  }
}

/**
 * A lock file that is a hard link to `source` (the log) where the file system allows, or else a file created
 * exclusively. Taking it costs more than an append, so appends in one synchronous burst share it: it is let go
 * when the burst's microtasks run, or after two milliseconds of holding.
 */
export class FileLock {
  private since: number | undefined;
  /** Counts the times this lock was taken: what a holder saw under one hold stays true until the next. */
  private taken = 0;

  /** `beforeRelease`: runs while the lock is still held, each time it is let go (the store anchors its head there). */
  constructor(
    readonly lockFile: string,
    private readonly source: string,
    private readonly beforeRelease?: () => void,
  ) {}

  /** Runs `action` holding the lock; waits for another holder up to about twelve seconds, then throws. */
  run<T>(action: () => T): T {
    if (this.since !== undefined && performance.now() - this.since > holdMs) this.release();
    if (this.since === undefined) this.acquire();
    try {
      return action();
    } catch (error) {
      this.release();
      throw error;
    }
  }

  /** Which hold this is (0 when the lock is not held): while one lasts, no other window writes or rotates the log. */
  get hold(): number {
    return this.since === undefined ? 0 : this.taken;
  }

  release(): void {
    if (this.since === undefined) return;
    try {
      this.beforeRelease?.();
    } finally {
      this.since = undefined;
      held.delete(this);
      release(this.lockFile);
    }
  }

  private acquire(): void {
    // Another store of this process holding the same file is between appends: it can let go at once.
    for (const other of held) if (other.lockFile === this.lockFile) other.release();
    let deadline: number | undefined;
    let wait = 0.2;
    while (!tryLock(this.lockFile, this.source)) {
      if (removeIfStale(this.lockFile)) continue;
      const now = Date.now();
      deadline ??= now + giveUpAfterMs;
      if (now > deadline) {
        throw new Error(`The action log is locked by another process (${this.lockFile} exists). If no Four Eyes window is running, delete that file.`);
      }
      sleep(wait);
      wait = Math.min(wait * 1.5, 1);
    }
    this.since = performance.now();
    this.taken++;
    held.add(this);
    queueMicrotask(() => this.release());
    if (!exitHook) {
      exitHook = true;
      // A process that exits mid-burst must not leave the lock for others to wait ten seconds on.
      process.on('exit', () => {
        for (const lock of held) lock.release();
      });
    }
  }
}
