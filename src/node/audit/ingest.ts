// Takes the hook's reports from a spool into the log: each is claimed by renaming it (one window wins), chained as the
// hook's claim, then removed. A window that dies holding some leaves them for the next to take.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { hookReportEntry, maxHookReportBytes, parseHookReport, type HookReport } from '../../core/audit/hookReport';
import type { LogStore } from './store';
import { reportFilePattern } from './spool';
import { alive } from '../alive';

const claimedPattern = /^\.(\d{15}-\d+-\d+\.json)\.(\d+)\.claimed$/;

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** The report in a claimed file, or undefined when it is too big or not one. */
function readReport(file: string): HookReport | undefined {
  if (statSync(file).size > maxHookReportBytes + 1) return undefined;
  return parseHookReport(readFileSync(file, 'utf8').trimEnd());
}

export interface Ingested {
  /** Reports chained into the log. */
  readonly taken: number;
  /** Files that were not reports, removed. */
  readonly skipped: number;
  /** More waited than `limit`: call again. */
  readonly more: boolean;
}

/**
 * Chains the reports waiting in `directory` into `store`, oldest first, at most `limit` at a time. `accept`: which
 * reports are this log's (the unclaimed spool holds every folder's); the others are left where they were.
 */
export function ingestHookReports(store: LogStore, directory: string, options: { accept?: (report: HookReport) => boolean; limit?: number } = {}): Ingested {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    if (code(error) === 'ENOENT') return { taken: 0, skipped: 0, more: false };
    throw error;
  }
  const waiting: { name: string; file: string }[] = [];
  for (const name of names) {
    if (reportFilePattern.test(name)) waiting.push({ name, file: path.join(directory, name) });
    const claimed = claimedPattern.exec(name);
    // Claimed by a window that died before chaining it.
    if (claimed && Number(claimed[2]) !== process.pid && !alive(Number(claimed[2]))) waiting.push({ name: claimed[1], file: path.join(directory, name) });
  }
  waiting.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const limit = options.limit ?? 2000;
  let taken = 0;
  let skipped = 0;
  for (const { name, file } of waiting.slice(0, limit)) {
    const claim = path.join(directory, `.${name}.${process.pid}.claimed`);
    try {
      renameSync(file, claim);
    } catch (error) {
      // Another window took it first.
      if (code(error) === 'ENOENT') continue;
      throw error;
    }
    const report = readReport(claim);
    if (report && options.accept && !options.accept(report)) {
      renameSync(claim, path.join(directory, name));
      continue;
    }
    if (report) {
      store.append(hookReportEntry(report, randomUUID(), new Date().toISOString()));
      taken++;
    } else skipped++;
    rmSync(claim, { force: true });
  }
  return { taken, skipped, more: waiting.length > limit };
}
