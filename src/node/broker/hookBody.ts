// What an agent's HTTP hook gets back as a body: the broker's server, the router and the hook decision all answer in it.
import { answerHook, isHookAgent, type HookAgent } from '../../core/hooks/adapters';
import type { PeerLookup } from './peer';

/** An agent's HTTP hook (Claude Code `type: "http"`): its payload in, its answer body out; `peer` names the agent's process. */
export type HookHandler = (agent: string, payload: unknown, signal: AbortSignal, peer?: PeerLookup) => Promise<unknown>;

/** Agents whose hook answers are JSON bodies, so an HTTP response can carry them. */
export const httpHookAgents: ReadonlySet<HookAgent> = new Set(['claude-code']);

/** The command hook's stdout as an HTTP body. */
export function hookBody(stdout: string): unknown {
  return stdout.trim() ? (JSON.parse(stdout) as unknown) : {};
}

/** The body that denies, for requests the broker refuses (wrong token): an HTTP error alone would let the tool run. */
export function httpHookRefusal(agent: string, reason: string): unknown {
  return isHookAgent(agent) && httpHookAgents.has(agent) ? hookBody(answerHook(agent, { kind: 'deny', reason }).stdout) : { error: reason };
}
