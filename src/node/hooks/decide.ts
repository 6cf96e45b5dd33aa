// One hook call, from the agent's payload to its answer: the CLI and the broker's HTTP hook both run this.
import { brokerHoldSeconds, hookDeadlineMs } from '../../core/hooks/deadline';
import { answerHook, parseHookCall, unreadableReason, type HookAgent, type HookCall, type HookOutput, type HookVerdict, type ToolUse } from '../../core/hooks/adapters';
import type { EffectivePolicy } from '../../core/policy/layers';
import type { LoadedPolicy } from '../../core/policy/sources';
import type { Assessment } from '../../core/model/assessment';
import { carriedChange, type FileEdit } from '../../core/model/edit';
import type { Subject } from '../../core/risk/tools';
import { levelRank } from '../../core/model/levels';
import { forwardedVariables, type CheckParams, type CheckResult } from '../../protocol/broker';

export interface HookDependencies {
  /** The merged policy at the agent's working directory, from the one loader every side uses. */
  policy(cwd: string): LoadedPolicy;
  /** Local classification of a command line or an MCP tool call under that policy: what it lets through is decided without a broker round trip. */
  classify(subject: Subject, cwd: string, env: Readonly<Record<string, string>>, policy: EffectivePolicy): Promise<Assessment>;
  /**
   * The broker's decision; throws when no broker answers. `deadlineMs`: by when (after the hook began) the agent must
   * have its answer; throws `NoAnswerInTime` when it passes first.
   */
  check(params: CheckParams, deadlineMs: number): Promise<CheckResult>;
  /** How long the agent waits for this hook by its installed entry, when shorter than Four Eyes wrote (`node/hooks/wait.ts`). */
  readonly agentWaitMs?: number;
}

/** The hook's deadline passed before the broker answered; the message is the whole reason the agent is given. */
export class NoAnswerInTime extends Error {}

export function unreachableReason(detail: string): string {
  return `Four Eyes: this needs a person's approval in VS Code, and no Four Eyes broker answered (${detail}). It was not run. Ask the person to open this folder in VS Code with Four Eyes, or to run it themselves.`;
}

export function brokenPolicyReason(problem: string): string {
  return `Four Eyes: not run. The policy that applies here has an error, and a policy read by halves is not enforced: ${problem}. Fix it (\`four-eyes policy check\` lists the problems), then try again.`;
}

/** Each file an edit touches, with what the call writes there when it carries it. */
function editsOf(call: HookCall): FileEdit[] {
  return call.paths.map((path) => {
    const change = carriedChange(call.changes?.find((found) => found.path === path));
    return { tool: call.tool, path, ...(change ? { change } : {}) };
  });
}

/** The riskiest of the files an edit touches, judged by the engine (what it plants too), with the one to show the person. */
async function assessEdits(call: HookCall, env: Readonly<Record<string, string>>, policy: EffectivePolicy, dependencies: HookDependencies): Promise<{ edit: FileEdit; assessment: Assessment }> {
  const judged: { edit: FileEdit; assessment: Assessment }[] = [];
  for (const edit of editsOf(call)) judged.push({ edit, assessment: await dependencies.classify(edit, call.cwd, env, policy) });
  return judged.reduce((worst, next) => (levelRank(next.assessment.level) > levelRank(worst.assessment.level) ? next : worst));
}

/** One tool call judged: passed under the policy, approved or denied by the broker, or denied when no broker answers. */
async function judge(agent: HookAgent, call: HookCall, env: Readonly<Record<string, string>>, dependencies: HookDependencies): Promise<HookVerdict> {
  // Tools that neither run a command, write a file nor call an MCP server (reads, searches) are not Four Eyes' business.
  if (call.commandLine === undefined && call.paths.length === 0 && call.mcp === undefined) return { kind: 'pass' };
  const loaded = dependencies.policy(call.cwd);
  if (loaded.broken) return { kind: 'deny', reason: brokenPolicyReason(loaded.broken) };
  const edit = call.commandLine === undefined && call.mcp === undefined ? await assessEdits(call, env, loaded.policy, dependencies) : undefined;
  const local = edit ? edit.assessment : await dependencies.classify(call.mcp ?? call.commandLine ?? '', call.cwd, env, loaded.policy);
  if (local.requires === 'allow') return { kind: 'pass' };
  const forwarded = Object.fromEntries(forwardedVariables.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
  let result: CheckResult;
  const deadlineMs = hookDeadlineMs(agent, call.holdLimitMs, dependencies.agentWaitMs);
  try {
    result = await dependencies.check({
      channel: 'hook',
      // The Copilot CLI runs VS Code's hook files too (they share ~/.copilot/hooks), and says so in the environment.
      agent: agent === 'vscode' && env.COPILOT_CLI === '1' ? 'copilot-cli' : agent,
      ...(call.session ? { session: call.session } : {}),
      cwd: call.cwd,
      env: forwarded,
      // An MCP call as the engine placed it: the server named, where the agent gave only `mcp_server_tool` or a command.
      ...(edit ? { edit: edit.edit } : call.mcp ? { mcp: local.call ?? call.mcp } : { commandLine: call.commandLine }),
      // The broker closes its dialog and denies before the agent would stop waiting and run the tool.
      holdSeconds: brokerHoldSeconds(deadlineMs),
    }, deadlineMs);
  } catch (error) {
    return { kind: 'deny', reason: error instanceof NoAnswerInTime ? error.message : unreachableReason((error as Error).message) };
  }
  if (result.decision === 'deny') return { kind: 'deny', reason: `Four Eyes: not run. ${result.reason}` };
  return result.approved ? { kind: 'allow', reason: `Four Eyes: ${result.reason}` } : { kind: 'pass' };
}

/** The call as judged for one tool of it: the envelope's context, that tool's command or files. */
function forTool(call: HookCall, use: ToolUse): HookCall {
  const { agent, cwd, dialect, session, holdLimitMs } = call;
  return {
    agent, cwd, dialect, tool: use.tool, paths: use.paths,
    ...(session === undefined ? {} : { session }),
    ...(holdLimitMs === undefined ? {} : { holdLimitMs }),
    ...(use.commandLine === undefined ? {} : { commandLine: use.commandLine }),
    ...(use.toolId === undefined ? {} : { toolId: use.toolId }),
    ...(use.mcp === undefined ? {} : { mcp: use.mcp }),
    ...(use.changes === undefined ? {} : { changes: use.changes }),
  };
}

export async function decideHook(agent: HookAgent, payload: unknown, env: Readonly<Record<string, string>>, fallbackCwd: string, dependencies: HookDependencies): Promise<HookOutput> {
  let call: HookCall | undefined;
  try {
    call = parseHookCall(agent, payload, fallbackCwd);
    // A call Four Eyes cannot read is never "no objection": the agent may have changed its format under it.
    if (call.unreadable !== undefined) return answerHook(agent, { kind: 'deny', reason: unreadableReason(call.unreadable) }, call);
    const verdicts: HookVerdict[] = [];
    // An envelope's calls are judged in turn; the first denial answers for all of them.
    for (const use of [call, ...(call.more ?? [])]) {
      const verdict = await judge(agent, forTool(call, use), env, dependencies);
      if (verdict.kind === 'deny') return answerHook(agent, verdict, call);
      verdicts.push(verdict);
    }
    return answerHook(agent, verdicts.every((verdict) => verdict.kind === 'allow') ? verdicts[0] : { kind: 'pass' }, call);
  } catch (error) {
    // Whatever breaks, the answer is a denial in the agent's own format, never a crash the agent could read as "run it".
    return answerHook(agent, { kind: 'deny', reason: `Four Eyes: not run, the hook failed: ${(error as Error).message}` }, call);
  }
}
