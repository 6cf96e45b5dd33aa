// One hook call, from the agent's payload to its answer: the CLI and the broker's HTTP hook both run this.
import { answerHook, parseHookCall, type HookAgent, type HookOutput } from '../../core/hooks/adapters';
import { assessEdit } from '../../core/rules/edits';
import type { Assessment } from '../../core/risk/assessment';
import { forwardedVariables, type CheckParams, type CheckResult } from '../../protocol/broker';

export interface HookDependencies {
  /** Local classification: safe commands are decided without a broker round trip. */
  classify(commandLine: string, cwd: string, env: Readonly<Record<string, string>>): Promise<Assessment>;
  /** The broker's decision; throws when no broker answers. */
  check(params: CheckParams): Promise<CheckResult>;
}

export function unreachableReason(detail: string): string {
  return `Four Eyes: this needs a person's approval in VS Code, and no Four Eyes broker answered (${detail}). It was not run. Ask the person to open this folder in VS Code with Four Eyes, or to run it themselves.`;
}

export async function decideHook(agent: HookAgent, payload: unknown, env: Readonly<Record<string, string>>, fallbackCwd: string, dependencies: HookDependencies): Promise<HookOutput> {
  try {
    const call = parseHookCall(agent, payload, fallbackCwd);
    // Tools that neither run a command nor write a file (reads, searches, MCP) are not Four Eyes' business.
    if (call.commandLine === undefined && call.path === undefined) return answerHook(agent, { kind: 'pass' });
    const local = call.commandLine !== undefined ? await dependencies.classify(call.commandLine, call.cwd, env) : assessEdit(call.tool, call.path ?? '', { cwd: call.cwd, home: env.HOME });
    if (local.requires === 'allow') return answerHook(agent, { kind: 'pass' });
    const forwarded = Object.fromEntries(forwardedVariables.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
    let result: CheckResult;
    try {
      result = await dependencies.check({
        channel: 'hook',
        agent,
        ...(call.session ? { session: call.session } : {}),
        cwd: call.cwd,
        env: forwarded,
        ...(call.commandLine !== undefined ? { commandLine: call.commandLine } : { edit: { tool: call.tool, path: call.path ?? '' } }),
      });
    } catch (error) {
      return answerHook(agent, { kind: 'deny', reason: unreachableReason((error as Error).message) });
    }
    if (result.decision === 'deny') return answerHook(agent, { kind: 'deny', reason: `Four Eyes: not run. ${result.reason}` });
    return answerHook(agent, result.approved ? { kind: 'allow', reason: `Four Eyes: ${result.reason}` } : { kind: 'pass' });
  } catch (error) {
    // Whatever breaks, the answer is a denial in the agent's own format, never a crash the agent could read as "run it".
    return answerHook(agent, { kind: 'deny', reason: `Four Eyes: not run, the hook failed: ${(error as Error).message}` });
  }
}
