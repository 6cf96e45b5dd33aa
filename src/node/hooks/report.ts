// What `four-eyes hook` decides without the broker (passes under the policy, denials when no broker answers) goes to
// the log too, as the hook's report: the broker logs what it decides, this spools the rest, unhashed and unlocked.
import type { HookReport } from '../../core/audit/hookReport';
import { answerHook, parseHookCall, type HookAgent, type HookCall, type HookOutput } from '../../core/hooks/adapters';
import { levelRank, type Level } from '../../core/model/levels';
import type { Assessment } from '../../core/model/assessment';
import type { LoadedPolicy } from '../../core/policy/sources';
import { assessEdit } from '../../core/rules/edits';
import { spoolHookReport } from '../audit/spool';
import type { HookDependencies } from './decide';

export class HookReporter {
  private loaded: LoadedPolicy | undefined;
  private assessment: Assessment | undefined;
  /** The broker answered: its decision is in the log already. */
  private answered = false;
  private unreachable: string | undefined;

  constructor(
    private readonly agent: HookAgent,
    private readonly payload: unknown,
    private readonly fallbackCwd: string,
    private readonly env: Readonly<Record<string, string>>,
    private readonly spool: (report: HookReport) => unknown = spoolHookReport,
  ) {}

  /** The hook's dependencies, watched: what policy and classification said, and whether the broker answered. */
  watch(dependencies: HookDependencies): HookDependencies {
    return {
      ...dependencies,
      policy: (cwd) => (this.loaded = dependencies.policy(cwd)),
      classify: async (subject, cwd, env, policy) => (this.assessment = await dependencies.classify(subject, cwd, env, policy)),
      check: async (params, deadlineMs) => {
        try {
          const result = await dependencies.check(params, deadlineMs);
          this.answered = true;
          return result;
        } catch (error) {
          this.unreachable = (error as Error).message;
          throw error;
        }
      },
    };
  }

  /** Spools the hook's own decision, then hands its answer on; a report that cannot be written never changes the answer. */
  report(output: HookOutput): HookOutput {
    if (this.answered) return output;
    try {
      const report = this.describe(output);
      if (report) this.spool(report);
    } catch {
      // Nowhere to write (a read-only home): the agent still gets its answer.
    }
    return output;
  }

  private describe(output: HookOutput): HookReport | undefined {
    let call: HookCall;
    try {
      call = parseHookCall(this.agent, this.payload, this.fallbackCwd);
    } catch {
      return undefined;
    }
    // A call the hook could not read was denied for that: the log says so, since the agent's format may have changed.
    if (call.unreadable !== undefined) {
      const base = { time: new Date().toISOString(), agent: this.agentName(), ...(call.session ? { session: call.session } : {}), cwd: call.cwd };
      return { ...base, unreadable: call.unreadable, level: 'high', rules: [], decision: 'denied', reason: `Denied by the hook: Four Eyes could not read the tool call (${call.unreadable}).` };
    }
    // Tools that neither run a command nor write a file are not Four Eyes' business, nor the log's.
    if (call.commandLine === undefined && call.paths.length === 0) return undefined;
    const pass = answerHook(this.agent, { kind: 'pass' }, call);
    // Without the broker's answer the hook either passes or denies; its answer says which.
    const passed = output.exitCode === pass.exitCode && output.stdout === pass.stdout && output.stderr === pass.stderr;
    const { level, rules } = this.judged(call);
    const reason = passed
      ? `${level} risk: the policy lets it through, decided by the hook without asking the broker.`
      : this.loaded?.broken
        ? `Denied by the hook: the policy that applies here has an error: ${this.loaded.broken}`
        : this.unreachable !== undefined
          ? `Denied by the hook: it needs a person's approval and no Four Eyes broker answered (${this.unreachable}).`
          : 'Denied by the hook: it failed before it could decide.';
    return {
      time: new Date().toISOString(),
      agent: this.agentName(),
      ...(call.session ? { session: call.session } : {}),
      cwd: call.cwd,
      ...(call.commandLine === undefined ? { edit: { tool: call.tool, paths: call.paths } } : { commandLine: call.commandLine }),
      level,
      rules,
      decision: passed ? 'allowed' : 'denied',
      reason,
    };
  }

  /** The agent as the log names it: the Copilot CLI runs VS Code's hook files, and says so in the environment. */
  private agentName(): string {
    return this.agent === 'vscode' && this.env.COPILOT_CLI === '1' ? 'copilot-cli' : this.agent;
  }

  /** The level and rules the hook judged by: its classification, or for an edit the riskiest of the files. */
  private judged(call: HookCall): { level: Level; rules: string[] } {
    let assessment = this.assessment;
    if (call.commandLine === undefined && this.loaded && !this.loaded.broken) {
      const policy = this.loaded.policy;
      const edits = call.paths.map((file) => assessEdit(call.tool, file, { cwd: call.cwd, home: this.env.HOME, policy }, call.changes?.find((change) => change.path === file)));
      assessment = edits.reduce((worst, next) => (levelRank(next.level) > levelRank(worst.level) ? next : worst));
    }
    return { level: assessment?.level ?? 'none', rules: [...new Set(assessment?.findings.map((finding) => finding.ruleId) ?? [])] };
  }
}
