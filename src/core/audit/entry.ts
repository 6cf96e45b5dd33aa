// One action log entry (DESIGN §7): what ran, who ran it, what Four Eyes thought and decided, chained to the one before.
import type { Actor, Channel } from '../model/actor';
import type { Target } from '../model/assessment';
import type { Level } from '../model/levels';

/** `co-sign-requested`: a person asked a second person for the command; `co-signed` / `co-sign-declined`: the second person answered (in their own log). */
export type DecisionKind = 'allowed' | 'approved' | 'denied' | 'timed-out' | 'observed' | 'gate-miss' | 'co-sign-requested' | 'co-signed' | 'co-sign-declined';

export const decisionKinds: readonly DecisionKind[] = ['allowed', 'approved', 'denied', 'timed-out', 'observed', 'gate-miss', 'co-sign-requested', 'co-signed', 'co-sign-declined'];

/** The two people of a two-person decision, and the request they share (its SHA-256). */
export interface CosignRecord {
  readonly requestHash: string;
  readonly requester: string;
  readonly signer?: string;
}

/** An entry as a writer hands it to the log, before the log numbers and chains it. */
export interface NewEntry {
  /** Also the `entryId` a broker client gets back. */
  readonly id: string;
  readonly time: string;
  readonly actor: Actor;
  /** `cosign`: a person answered another person's co-signature request. */
  readonly channel: Channel | 'cosign';
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
    readonly cosign?: CosignRecord;
    /** Approved alone, past a two-person requirement, with a typed reason: shown prominently until acknowledged. */
    readonly breakGlass?: true;
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
