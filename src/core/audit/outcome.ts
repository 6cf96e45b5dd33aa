// One story per command: a gate's entry and the record of how the command ended, folded into one row for people.
import type { DecisionKind, LogEntry, NewEntry } from './entry';

/** How a gated command ended, as observation saw it; absent while no terminal or task reported its end. */
export interface Outcome {
  /** False when it never ran: the shim refused it (exit 126). */
  readonly ran: boolean;
  readonly exitCode?: number;
  readonly durationMs?: number;
}

/** A shim that refuses a command exits 126: the command did not run. */
export const refusedExitCode = 126;

/** The outcome an observation record reports. */
export function outcomeOf(record: Pick<NewEntry, 'result'>): Outcome {
  const exitCode = record.result?.exitCode;
  return { ran: exitCode !== refusedExitCode, ...(exitCode === undefined ? {} : { exitCode }), ...(record.result?.durationMs === undefined ? {} : { durationMs: record.result.durationMs }) };
}

/** Decisions that keep a command from running: with no record of its end, it did not run. */
const stopping: ReadonlySet<DecisionKind> = new Set(['denied', 'timed-out']);

/** What a row says of how its command ended: the observed outcome, or "not run" for a denial nobody saw run. */
export function rowOutcome(decision: DecisionKind, observed: Outcome | undefined): Outcome | undefined {
  // A denied command never ran, whatever a record says: a line in another terminal holding the same words may have
  // completed its entry, and must not make a denial read as if it ran.
  if (stopping.has(decision)) return observed ? { ...observed, ran: false } : { ran: false };
  return observed;
}

/** The outcome in words for exports and text search: `not run`, `exit 0`, `exit 2 after 1.2 s`. */
export function outcomeText(outcome: Outcome | undefined): string {
  if (!outcome) return '';
  if (!outcome.ran) return 'not run';
  const exit = outcome.exitCode === undefined ? 'ran' : `exit ${outcome.exitCode}`;
  return outcome.durationMs === undefined ? exit : `${exit} after ${(outcome.durationMs / 1000).toFixed(1)} s`;
}

/** A row: a command's entry, and how it ended. */
export interface FoldedEntry {
  readonly entry: LogEntry;
  readonly outcome?: Outcome;
}

/**
 * Entries (in seq order) as rows: a record that completes entries present here is folded into them; one whose entries
 * are not here (rotated away, or filtered out) stays a row of its own, so nothing is lost.
 */
export function foldOutcomes(entries: readonly LogEntry[]): FoldedEntry[] {
  const ids = new Set(entries.map((entry) => entry.id));
  const observed = new Map<string, Outcome>();
  const folded = new Set<LogEntry>();
  for (const entry of entries) {
    if (!entry.completes?.length || !entry.completes.every((id) => ids.has(id))) continue;
    for (const id of entry.completes) observed.set(id, outcomeOf(entry));
    folded.add(entry);
  }
  return entries.filter((entry) => !folded.has(entry)).map((entry) => {
    const outcome = rowOutcome(entry.decision.kind, observed.get(entry.id));
    return outcome ? { entry, outcome } : { entry };
  });
}
