// One action log entry (DESIGN §7): what ran, who ran it, what Four Eyes thought and decided, chained to the one before.
import type { Actor, Channel } from '../../protocol/broker';
import type { Target } from '../risk/assessment';
import type { Level } from '../risk/levels';

export type DecisionKind = 'allowed' | 'approved' | 'denied' | 'timed-out' | 'observed' | 'gate-miss';

export const decisionKinds: readonly DecisionKind[] = ['allowed', 'approved', 'denied', 'timed-out', 'observed', 'gate-miss'];

/** An entry as a writer hands it to the log, before the log numbers and chains it. */
export interface NewEntry {
  /** Also the `entryId` a broker client gets back. */
  readonly id: string;
  readonly time: string;
  readonly actor: Actor;
  readonly channel: Channel;
  readonly commandLine: string;
  readonly cwd?: string;
  /** The terminal or task the command ran in, when known. */
  readonly terminal?: string;
  readonly assessment: { readonly level: Level; readonly rules: readonly string[]; readonly target?: Target };
  readonly decision: {
    readonly kind: DecisionKind;
    /** `policy`, `grant`, `hook`, `observation`, `timeout`, `broker` or a person's name. */
    readonly by: string;
    readonly grant?: string;
    readonly reason: string;
  };
  readonly result?: { readonly exitCode?: number; readonly durationMs?: number };
}

/** An entry as the log holds it. */
export interface LogEntry extends NewEntry {
  /** 1 for the first entry of a workspace's log, one more for each after it, across rotated files. */
  readonly seq: number;
  /** The previous entry's `hash`; 64 zeros for the first. */
  readonly prev: string;
  /** SHA-256 (hex) of the canonical entry: every member but `hash` (see `chain.ts`). */
  readonly hash: string;
}
