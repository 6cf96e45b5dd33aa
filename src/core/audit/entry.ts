// One action log entry (DESIGN §7): what ran, who ran it, what Four Eyes thought and decided, chained to the one before.
import type { Actor, Channel } from '../model/actor';
import type { Target } from '../model/assessment';
import type { Level } from '../model/levels';
import { mayHoldSecret, maskSecrets } from '../text/mask';

/** `co-sign-requested`: a person asked a second person for the command; `co-signed` / `co-sign-declined`: the second person answered (in their own log). */
export type DecisionKind = 'allowed' | 'approved' | 'denied' | 'timed-out' | 'observed' | 'gate-miss' | 'co-sign-requested' | 'co-signed' | 'co-sign-declined';

export const decisionKinds: readonly DecisionKind[] = ['allowed', 'approved', 'denied', 'timed-out', 'observed', 'gate-miss', 'co-sign-requested', 'co-signed', 'co-sign-declined'];

/** The two people of a two-person decision, and the request they share (its SHA-256). */
export interface CosignRecord {
  readonly requestHash: string;
  readonly requester: string;
  readonly signer?: string;
}

/** The last entry of a log, as the store anchors it: enough to tell a cut or a rewrite at the end. */
export interface Head {
  readonly seq: number;
  readonly hash: string;
}

/**
 * What the store found when the log did not end at the head it had anchored; the entry saying so (channel `log`) is
 * chained to the anchored head, never to what it found. `cut`: the entries `seqs` were removed from the end;
 * `rewritten`: the anchored entry is no longer in the log as it was written; `unvouched`: entries `seqs` follow the
 * anchored one that no Four Eyes window anchored (a window that crashed, or a writer other than Four Eyes).
 */
export interface LogIntegrity {
  readonly kind: 'cut' | 'rewritten' | 'unvouched';
  readonly seqs?: { readonly from: number; readonly to: number };
  /** The head Four Eyes had anchored. */
  readonly expected: Head;
  /** The log's last entry when the store looked; absent when the log had none left. */
  readonly found?: Head;
}

/** An entry as a writer hands it to the log, before the log numbers and chains it. */
export interface NewEntry {
  /** Also the `entryId` a broker client gets back. */
  readonly id: string;
  readonly time: string;
  readonly actor: Actor;
  /** `cosign`: a person answered another person's co-signature request; `log`: the store reports on the log itself. */
  readonly channel: Channel | 'cosign' | 'log';
  readonly commandLine: string;
  readonly cwd?: string;
  /** The terminal or task the command ran in, when known. */
  readonly terminal?: string;
  /** An MCP tool call rather than a command: its server and tool (`commandLine` shows them with the arguments). */
  readonly mcp?: { readonly server: string; readonly tool: string };
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
  /**
   * The gate entries (their ids) whose command this record saw end: its `result` is their outcome, and the views fold it
   * into them as one row per command. A chained record of its own, so the outcome is covered like everything else.
   */
  readonly completes?: readonly string[];
  /** Decided by the agent's hook process on its own and reported through its spool: the hook's claim, not the broker's judgement. */
  readonly reported?: 'hook';
  /** Set on the store's own entries (channel `log`) that record a cut, a rewrite or an unvouched tail. */
  readonly integrity?: LogIntegrity;
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

/**
 * The entry with the secrets in its texts masked (command, terminal, reason, target): what the log keeps, chains and
 * exports. The same entry when there is nothing to mask, so masking a logged entry again changes nothing.
 */
export function maskEntry<Entry extends NewEntry>(entry: Entry): Entry {
  const target = entry.assessment.target;
  // One scan of all the texts decides for nearly every entry, as the store appends tens of thousands a second.
  if (!mayHoldSecret(`${entry.commandLine}\n${entry.terminal ?? ''}\n${entry.decision.reason}\n${target?.name ?? ''}`)) return entry;
  const commandLine = maskSecrets(entry.commandLine);
  const terminal = entry.terminal === undefined ? undefined : maskSecrets(entry.terminal);
  const reason = maskSecrets(entry.decision.reason);
  const name = target && maskSecrets(target.name);
  if (commandLine === entry.commandLine && terminal === entry.terminal && reason === entry.decision.reason && name === target?.name) return entry;
  return {
    ...entry,
    commandLine,
    ...(terminal === undefined ? {} : { terminal }),
    assessment: { ...entry.assessment, ...(target && name !== undefined ? { target: { ...target, name } } : {}) },
    decision: { ...entry.decision, reason },
  };
}
