// Agents' HTTP hooks (Claude Code `type: "http"`) served by the broker: the same decision as `four-eyes hook`, no process spawned.
import { homedir } from 'node:os';
import type { HookReport } from '../../core/audit/hookReport';
import { isHookAgent } from '../../core/hooks/adapters';
import type { Assessment } from '../../core/model/assessment';
import type { EffectivePolicy } from '../../core/policy/layers';
import type { Subject } from '../../core/risk/tools';
import { forwardedVariables, type CheckParams, type CheckResult } from '../../protocol/broker';
import { processEnvironment, type PeerLookup } from '../broker/peer';
import { hookBody, httpHookAgents, type HookHandler } from '../broker/hookBody';
import { decideHook, type HookDependencies } from './decide';
import { HookReporter } from './report';

export interface HttpHookDependencies extends Pick<HookDependencies, 'policy'> {
  classify(subject: Subject, cwd: string, env: Readonly<Record<string, string>>, policy: EffectivePolicy): Promise<Assessment>;
  check(params: CheckParams, signal: AbortSignal, peer?: PeerLookup): Promise<CheckResult>;
  /** Where the agent runs when its payload does not say. */
  cwd(): string;
  /** Records what the hook decided without the broker's dialog (passes under the policy): the log is what the agent ran. */
  report?(report: HookReport): void;
}

export function httpHookHandler(dependencies: HttpHookDependencies): HookHandler {
  return async (agent, payload, signal, peer) => {
    if (!isHookAgent(agent) || !httpHookAgents.has(agent)) throw new Error(`no HTTP hook for "${agent}"; use the command hook`);
    // The agent's own environment where the kernel names its process: its AWS_PROFILE or KUBECONFIG is what the command runs with.
    const client = await peer?.();
    const env = (client && processEnvironment(client.pid, forwardedVariables)) ?? { HOME: homedir() };
    const reporter = new HookReporter(agent, payload, dependencies.cwd(), env, (report) => dependencies.report?.(report));
    const output = await decideHook(
      agent,
      payload,
      env,
      dependencies.cwd(),
      reporter.watch({
        policy: (cwd) => dependencies.policy(cwd),
        classify: (line, cwd, env, policy) => dependencies.classify(line, cwd, env, policy),
        check: (params) => dependencies.check(params, signal, peer),
      }),
    );
    return hookBody(reporter.report(output).stdout);
  };
}
