// Agents' HTTP hooks (Claude Code `type: "http"`) served by the broker: the same decision as `four-eyes hook`, no process spawned.
import { homedir } from 'node:os';
import { isHookAgent } from '../../core/hooks/adapters';
import type { Assessment } from '../../core/model/assessment';
import type { EffectivePolicy } from '../../core/policy/layers';
import type { CheckParams, CheckResult } from '../../protocol/broker';
import { hookBody, httpHookAgents, type HookHandler } from '../broker/hookBody';
import { decideHook, type HookDependencies } from './decide';

export interface HttpHookDependencies extends Pick<HookDependencies, 'policy'> {
  classify(commandLine: string, cwd: string, env: Readonly<Record<string, string>>, policy: EffectivePolicy): Promise<Assessment>;
  check(params: CheckParams, signal: AbortSignal): Promise<CheckResult>;
  /** Where the agent runs when its payload does not say. */
  cwd(): string;
}

export function httpHookHandler(dependencies: HttpHookDependencies): HookHandler {
  return async (agent, payload, signal) => {
    if (!isHookAgent(agent) || !httpHookAgents.has(agent)) throw new Error(`no HTTP hook for "${agent}"; use the command hook`);
    const output = await decideHook(agent, payload, { HOME: homedir() }, dependencies.cwd(), {
      policy: (cwd) => dependencies.policy(cwd),
      classify: (line, cwd, env, policy) => dependencies.classify(line, cwd, env, policy),
      check: (params) => dependencies.check(params, signal),
    });
    return hookBody(output.stdout);
  };
}
