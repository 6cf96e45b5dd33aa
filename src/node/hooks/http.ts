// Agents' HTTP hooks (Claude Code `type: "http"`) served by the broker: the same decision as `four-eyes hook`, no process spawned.
import { homedir } from 'node:os';
import { answerHook, isHookAgent, type HookAgent } from '../../core/hooks/adapters';
import type { Assessment } from '../../core/risk/assessment';
import type { CheckParams, CheckResult } from '../../protocol/broker';
import type { HookHandler } from '../broker/server';
import { decideHook } from './decide';

/** Agents whose hook answers are JSON bodies, so an HTTP response can carry them. */
const httpHookAgents: ReadonlySet<HookAgent> = new Set(['claude-code']);

export interface HttpHookDependencies {
  classify(commandLine: string, cwd: string, env: Readonly<Record<string, string>>): Promise<Assessment>;
  check(params: CheckParams, signal: AbortSignal): Promise<CheckResult>;
  /** Where the agent runs when its payload does not say. */
  cwd(): string;
}

function body(stdout: string): unknown {
  return stdout.trim() ? (JSON.parse(stdout) as unknown) : {};
}

export function httpHookHandler(dependencies: HttpHookDependencies): HookHandler {
  return async (agent, payload, signal) => {
    if (!isHookAgent(agent) || !httpHookAgents.has(agent)) throw new Error(`no HTTP hook for "${agent}"; use the command hook`);
    const output = await decideHook(agent, payload, { HOME: homedir() }, dependencies.cwd(), { classify: (line, cwd, env) => dependencies.classify(line, cwd, env), check: (params) => dependencies.check(params, signal) });
    return body(output.stdout);
  };
}

/** The body that denies, for requests the broker refuses (wrong token): an HTTP error alone would let the tool run. */
export function httpHookRefusal(agent: string, reason: string): unknown {
  return isHookAgent(agent) && httpHookAgents.has(agent) ? body(answerHook(agent, { kind: 'deny', reason }).stdout) : { error: reason };
}
