// What the views show of the log: a row, a filter, an export format and the session's counts. The view protocol carries them.
import type { Level } from '../model/levels';
import type { DecisionKind, LogEntry } from './entry';
import type { Outcome } from './outcome';

/** A row of the Action Log table, or a recent action in the Risk view. */
export interface EntrySummary {
  readonly seq: number;
  readonly time: string;
  /** The agent's label, `a person` or `unknown`. */
  readonly actor: string;
  readonly channel: LogEntry['channel'];
  readonly commandLine: string;
  readonly level: Level;
  readonly decision: DecisionKind;
  readonly target?: { readonly name: string; readonly production: boolean };
  /** Approved alone past a two-person requirement. */
  readonly breakGlass?: true;
  /** How the command ended: observed, or not run after a denial. */
  readonly outcome?: Outcome;
}

/** This window's session so far, as the Risk view counts it. */
export interface ActivityCounts {
  readonly since: string;
  readonly byLevel: Readonly<Record<Level, number>>;
  readonly byAgent: readonly { readonly actor: string; readonly count: number }[];
}

export const exportFormats = ['json', 'csv', 'md'] as const;

export type ExportFormat = (typeof exportFormats)[number];

export interface LogFilter {
  /** An actor label as `EntrySummary.actor` has it. */
  readonly actor?: string;
  /** This level and above. */
  readonly level?: Level;
  readonly decision?: DecisionKind;
  /** Case-insensitive, in the command line, cwd, rules, target, reason and outcome (`not run`, `exit 1`). */
  readonly text?: string;
  /** Epoch ms: entries at or after. */
  readonly since?: number;
}
