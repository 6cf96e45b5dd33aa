// One action log entry (DESIGN §7). The hash chain, rotation and views arrive with the action log issue.
import type { Actor, Channel } from '../../protocol/broker';
import type { Target } from '../risk/assessment';
import type { Level } from '../risk/levels';

export type DecisionKind = 'allowed' | 'approved' | 'denied' | 'timed-out' | 'observed' | 'gate-miss';

export interface LogEntry {
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
    /** `policy`, `grant`, a person's name, `timeout`. */
    readonly by: string;
    readonly grant?: string;
    readonly reason: string;
  };
  readonly result?: { readonly exitCode?: number; readonly durationMs?: number };
}
