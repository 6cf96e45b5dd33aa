// How long each agent waits for its hook before it runs the tool anyway, and how much sooner Four Eyes answers "deny".
import type { HookAgent } from './adapters';

/**
 * The wait Four Eyes writes into each agent's hook file, in seconds (docs/agents/); the agent runs the tool when it
 * passes. Cline fixes its own (30 s in the extension, 120 s in the CLI); Windsurf documents none.
 */
export const agentHookTimeoutSeconds: Readonly<Record<Exclude<HookAgent, 'cline' | 'windsurf'>, number>> = {
  // Honoured past its 600 s default (measured at 700 s).
  'claude-code': 900,
  // Written in milliseconds; honoured past its 60 s default (measured).
  gemini: 900,
  // VS Code's agent hooks and the Copilot CLI read one entry (default 30 s each).
  vscode: 900,
  'copilot-cli': 900,
  cursor: 900,
  // Codex's default is 600 s.
  codex: 900,
  // Kiro's v3 hook files (default 30 s).
  kiro: 900,
};

/** Where the agent gives no limit (Windsurf), the hook still answers within this, as it did before per-agent limits. */
const unknownLimitSeconds = 900;

/** The hook's own answer comes this much before the agent gives up: a tenth of the wait, and at least 5 s. */
export function answerMarginMs(limitMs: number): number {
  return Math.max(5000, Math.ceil(limitMs / 10));
}

/** The longest the agent waits for its hook, in ms. */
function agentLimitMs(agent: HookAgent): number {
  if (agent === 'cline') return 120_000;
  if (agent === 'windsurf') return unknownLimitSeconds * 1000;
  return agentHookTimeoutSeconds[agent] * 1000;
}

/**
 * By when (ms after the hook started) it must have answered: a clear margin before the agent runs the tool, sooner when
 * the agent's installed entry says it waits less (`waitMs`: edited, capped or the harness's own default), and sooner
 * still when the call itself says its agent stops waiting earlier (`HookCall.holdLimitMs`, the Cline extension).
 */
export function hookDeadlineMs(agent: HookAgent, callLimitMs?: number, waitMs?: number): number {
  const limit = Math.min(agentLimitMs(agent), waitMs ?? Infinity);
  return Math.max(0, Math.min(limit - answerMarginMs(limit), callLimitMs ?? Infinity));
}

/** The broker gives up (and closes its dialog) this much before the hook's deadline, so its own answer arrives first. */
export function brokerSlackMs(remainingMs: number): number {
  return Math.max(1000, Math.min(5000, Math.floor(remainingMs / 5)));
}

/** The most the broker may hold a call when `remainingMs` are left before the hook's deadline; at least a second. */
export function brokerHoldSeconds(remainingMs: number): number {
  return Math.max(1, Math.floor((remainingMs - brokerSlackMs(remainingMs)) / 1000));
}

/** What the agent is told when the hook's deadline passes first: the person did not answer in time. */
export function noAnswerInTimeReason(waitedMs: number): string {
  return `Four Eyes: not run. No one approved it in VS Code within ${Math.round(waitedMs / 1000)} seconds (the person did not answer in time, or Four Eyes' broker is stuck), and the agent would soon stop waiting for its hook and run it. Ask again when the person is there, or ask them to run it.`;
}
