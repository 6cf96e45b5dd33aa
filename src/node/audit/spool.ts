// Where `four-eyes hook` leaves what it decided on its own, for the window that logs the folder to chain: one small file
// per report, renamed into place, so no hook waits for the log's lock. Loaded by every hook: nothing here may load node:crypto.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { maskHookReport, type HookReport } from '../../core/audit/hookReport';
import { stateDirectory } from '../state';
import { findLog } from './locate';

/** Reports for the log `logFile`, next to it (in the editor's storage for the workspace). */
export function spoolDirectory(logFile: string): string {
  return path.join(path.dirname(logFile), 'hook-reports');
}

/** Reports from folders no window has logged yet: the first window whose folders hold their cwd takes them. */
export function unclaimedSpoolDirectory(): string {
  return path.join(stateDirectory(), 'hook-reports');
}

/** A report's file name: its time first, so names sort in the order the hooks ran. */
export const reportFilePattern = /^\d{15}-\d+-\d+\.json$/;

let written = 0;

function writeReport(directory: string, name: string, text: string): string {
  // Written aside and renamed: a window taking reports never reads half of one.
  const temporary = path.join(directory, `.${name}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, text, { mode: 0o600 });
  }
  const file = path.join(directory, name);
  renameSync(temporary, file);
  return file;
}

/** Leaves `report`, secrets masked, for the window logging its folder (the folder's log named in ~/.four-eyes/logs.json), or unclaimed; returns its file. */
export function spoolHookReport(report: HookReport): string {
  const log = findLog(report.cwd);
  const text = `${JSON.stringify(maskHookReport(report))}\n`;
  const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${written++}.json`;
  // A log whose folder is gone (its storage cleared) gets no spool: the report waits unclaimed for the next window.
  return writeReport(log && existsSync(path.dirname(log)) ? spoolDirectory(log) : unclaimedSpoolDirectory(), name, text);
}
