// Whether a process still runs, for records that name one (a broker's registry entry, a claimed spool file).

/** True while `pid` runs; a process of another user (EPERM) runs too. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
