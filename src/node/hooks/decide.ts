// One hook call, from the agent's payload to its answer: the CLI and the broker's HTTP hook both run this.
import { brokerHoldSeconds, hookDeadlineMs } from '../../core/hooks/deadline';
import { answerHook, parseHookCall, type HookAgent, type HookCall, type HookOutput } from '../../core/hooks/adapters';
import type { EffectivePolicy } from '../../core/policy/layers';
import type { LoadedPolicy } from '../../core/policy/sources';
import { assessEdit } from '../../core/rules/edits';
import type { Assessment } from '../../core/model/assessment';
import { levelRank } from '../../core/model/levels';
import { forwardedVariables, type CheckParams, type CheckResult } from '../../protocol/broker';

export interface HookDependencies {
  /** The merged policy at the agent's working directory, from the one loader every side uses. */
  policy(cwd: string): LoadedPolicy;
  /** Local classification under that policy: what it lets through is decided without a broker round trip. */
  classify(commandLine: string, cwd: string, env: Readonly<Record<string, string>>, policy: EffectivePolicy): Promise<Assessment>;
  /**
   * The broker's decision; throws when no broker answers. `deadlineMs`: by when (after the hook began) the agent must
   * have its answer; throws `NoAnswerInTime` when it passes first.
   */
  check(params: CheckParams, deadlineMs: number): Promise<CheckResult>;
}

/** The hook's deadline passed before the broker answered; the message is the whole reason the agent is given. */
export class NoAnswerInTime extends Error {}

export function unreachableReason(detail: string): string {
  return `Four Eyes: this needs a person's approval in VS Code, and no Four Eyes broker answered (${detail}). It was not run. Ask the person to open this folder in VS Code with Four Eyes, or to run it themselves.`;
}

export function brokenPolicyReason(problem: string): string {
  return `Four Eyes: not run. The policy that applies here has an error, and a policy read by halves is not enforced: ${problem}. Fix it (\`four-eyes policy check\` lists the problems), then try again.`;
}

/** The riskiest of the files an edit touches, with the one to show the person. */
function assessEdits(call: HookCall, home: string | undefined, policy: EffectivePolicy): { path: string; assessment: Assessment } {
  const judged = call.paths.map((path) => ({ path, assessment: assessEdit(call.tool, path, { cwd: call.cwd, home, policy }) }));
  return judged.reduce((worst, next) => (levelRank(next.assessment.level) > levelRank(worst.assessment.level) ? next : worst));
}

export async function decideHook(agent: HookAgent, payload: unknown, env: Readonly<Record<string, string>>, fallbackCwd: string, dependencies: HookDependencies): Promise<HookOutput> {
  let call: HookCall | undefined;
  try {
    call = parseHookCall(agent, payload, fallbackCwd);
    // Tools that neither run a command nor write a file (reads, searches, MCP) are not Four Eyes' business.
    if (call.commandLine === undefined && call.paths.length === 0) return answerHook(agent, { kind: 'pass' }, call);
    const loaded = dependencies.policy(call.cwd);
    if (loaded.broken) return answerHook(agent, { kind: 'deny', reason: brokenPolicyReason(loaded.broken) }, call);
    const edit = call.commandLine === undefined ? assessEdits(call, env.HOME, loaded.policy) : undefined;
    const local = edit ? edit.assessment : await dependencies.classify(call.commandLine ?? '', call.cwd, env, loaded.policy);
    if (local.requires === 'allow') return answerHook(agent, { kind: 'pass' }, call);
    const forwarded = Object.fromEntries(forwardedVariables.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
    let result: CheckResult;
    const deadlineMs = hookDeadlineMs(agent, call.holdLimitMs);
    try {
      result = await dependencies.check({
        channel: 'hook',
        // The Copilot CLI runs VS Code's hook files too (they share ~/.copilot/hooks), and says so in the environment.
        agent: agent === 'vscode' && env.COPILOT_CLI === '1' ? 'copilot-cli' : agent,
        ...(call.session ? { session: call.session } : {}),
        cwd: call.cwd,
        env: forwarded,
        ...(edit ? { edit: { tool: call.tool, path: edit.path } } : { commandLine: call.commandLine }),
        // The broker closes its dialog and denies before the agent would stop waiting and run the tool.
        holdSeconds: brokerHoldSeconds(deadlineMs),
      }, deadlineMs);
    } catch (error) {
      const reason = error instanceof NoAnswerInTime ? error.message : unreachableReason((error as Error).message);
      return answerHook(agent, { kind: 'deny', reason }, call);
    }
    if (result.decision === 'deny') return answerHook(agent, { kind: 'deny', reason: `Four Eyes: not run. ${result.reason}` }, call);
    return answerHook(agent, result.approved ? { kind: 'allow', reason: `Four Eyes: ${result.reason}` } : { kind: 'pass' }, call);
  } catch (error) {
    // Whatever breaks, the answer is a denial in the agent's own format, never a crash the agent could read as "run it".
    return answerHook(agent, { kind: 'deny', reason: `Four Eyes: not run, the hook failed: ${(error as Error).message}` }, call);
  }
}
