// How long an agent really waits for Four Eyes' hook: the timeout in its installed entry (a person or an agent may have
// edited it), or the agent's own default where the entry has none (docs/agents/). No agent's source shows a cap.
import type { HookAgent } from './adapters';
import { hookDeadlineMs } from './deadline';
import { hookSpecs } from './install';

function member(value: unknown, key: string | number): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
}

/** A timeout as the agent reads it: a finite number, never below zero; anything else leaves the agent's default. */
function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : undefined;
}

/** Claude Code's and Codex's matcher groups: `hooks[0].timeout` in seconds. */
function groupSeconds(defaultSeconds: number): (entry: unknown) => number {
  return (entry) => number(member(member(member(entry, 'hooks'), 0), 'timeout')) ?? defaultSeconds;
}

/**
 * One entry read by VS Code's Local harness (`timeout`; an earlier schema only `timeoutSec`), the Agent Host's SDK
 * hooks (`timeout`, else `timeoutSec`) and the Copilot CLI (either): each stops at 30 s without one, so the shorter wins.
 */
function copilotSeconds(entry: unknown): number {
  const written = [number(member(entry, 'timeout')), number(member(entry, 'timeoutSec'))].filter((value): value is number => value !== undefined);
  return written.length > 0 ? Math.min(...written) : 30;
}

/** Seconds each agent waits for an entry; undefined where the file cannot say (Cline fixes its own, Windsurf documents none). */
const entrySeconds: Readonly<Record<HookAgent, ((entry: unknown) => number) | undefined>> = {
  'claude-code': groupSeconds(600),
  // Written in milliseconds; 60 s when absent.
  gemini: (entry) => (number(member(member(member(entry, 'hooks'), 0), 'timeout')) ?? 60_000) / 1000,
  vscode: copilotSeconds,
  'copilot-cli': copilotSeconds,
  // Cursor states no default: taken as the 30 s most agents use (inference).
  cursor: (entry) => number(member(entry, 'timeout')) ?? 30,
  codex: groupSeconds(600),
  kiro: (entry) => number(member(entry, 'timeout')) ?? 30,
  cline: undefined,
  windsurf: undefined,
};

/** The shortest wait any of Four Eyes' entries in `content` asks of `agent`, in seconds; undefined when none says. */
export function hookWaitSeconds(agent: HookAgent, content: string | undefined): number | undefined {
  const read = entrySeconds[agent];
  if (!read) return undefined;
  const waits = hookSpecs[agent].entries(content).map(read);
  return waits.length > 0 ? Math.min(...waits) : undefined;
}

/** Cline fixes its wait (30 s in its VS Code extension, 120 s in its CLI; the hook knows which per call): the shorter. */
const fixedSeconds: Partial<Record<HookAgent, number>> = { cline: 30 };

/** A wait shorter than the approval dialog's, as the Risk view says it: the agent's wait, and when the hook denies. */
export interface ShortWait {
  readonly seconds: number;
  readonly deniedAtSeconds: number;
}

/** Whether the agent stops waiting before a person could use the whole approval wait; then the hook denies sooner. */
export function shortWait(agent: HookAgent, content: string | undefined, approvalSeconds: number): ShortWait | undefined {
  const seconds = hookWaitSeconds(agent, content) ?? fixedSeconds[agent];
  if (seconds === undefined) return undefined;
  const deadlineMs = hookDeadlineMs(agent, undefined, seconds * 1000);
  return deadlineMs < approvalSeconds * 1000 ? { seconds, deniedAtSeconds: Math.floor(deadlineMs / 1000) } : undefined;
}
