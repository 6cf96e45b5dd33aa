// Whether a process still runs, for records that name one (a broker's registry entry, a claimed spool file).

/**
 * True while `pid` runs as one of this user's processes. pid 1 (init, which never ends) and pids that are not whole
 * numbers above 1 name nothing ours (kill(0) and kill(-1) would signal groups); EPERM is another user's process.
 */
export function alive(pid: unknown): boolean {
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
