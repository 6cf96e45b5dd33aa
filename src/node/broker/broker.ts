// The broker's decisions: classify, attribute, apply policy and grants, and wait for a person when the command needs one.
// It never takes a client's word for the risk, and nothing but the approval UI can approve.
import { randomUUID } from 'node:crypto';
import type { CosignRecord, DecisionKind, NewEntry } from '../../core/audit/entry';
import { describeActor } from '../../core/approval/actor';
import { Grants, type Grant } from '../../core/approval/grants';
import { assessEdit } from '../../core/rules/edits';
import type { Assessment } from '../../core/model/assessment';
import { quoteArgv } from '../../core/shell/quote';
import type { Actor } from '../../core/model/actor';
import type { EffectivePolicy } from '../../core/policy/layers';
import type { LoadedPolicy } from '../../core/policy/sources';
import type { CheckParams, CheckResult } from '../../protocol/broker';

/** A command waiting for a person. */
export interface ApprovalRequest {
  readonly id: string;
  readonly assessment: Assessment;
  readonly actor: Actor;
  readonly params: CheckParams;
  readonly receivedAt: number;
  /** Aborted when the request times out or its client goes away: the dialog should close. */
  readonly signal: AbortSignal;
}

export type ApprovalAnswer =
  | {
      readonly decision: 'approve';
      readonly by: string;
      readonly grant?: { readonly kind: 'session' } | { readonly kind: 'rule'; readonly minutes: number };
      /** A second person's verified co-signature: what a two-person command needs. */
      readonly cosign?: CosignRecord;
      /** Approved alone past a two-person requirement: the person's typed reason. */
      readonly breakGlass?: string;
    }
  | { readonly decision: 'deny'; readonly by: string; readonly message?: string; readonly cosign?: CosignRecord };

/** What a person's own commands need (`log` lets them run, `approve` asks like for an agent), and how long a person has. */
export type BrokerSettings = Pick<EffectivePolicy, 'humans' | 'timeoutSeconds'>;

export interface BrokerDependencies {
  /** The merged policy at a request's working directory, from the loader every side uses; read per decision. */
  policy(cwd: string): LoadedPolicy;
  classify(commandLine: string, cwd: string, env: Readonly<Record<string, string>>, policy: EffectivePolicy): Promise<Assessment>;
  attribute(params: CheckParams): Promise<Actor>;
  /** Show the request to a person; only the UI implements this. */
  approve(request: ApprovalRequest): Promise<ApprovalAnswer>;
  record(entry: NewEntry): void;
  now?(): number;
}

class TimedOut extends Error {}

/** How long a command approved through a hook may then pass its PATH shim without asking again. */
const hookApprovalWindowMs = 2 * 60 * 1000;

export class Broker {
  readonly grants: Grants;
  private readonly waiting = new Map<string, ApprovalRequest>();
  /** Commands a hook request had approved, by agent session: the shim does not ask for them again. */
  private readonly hookApproved: { agent: string; session?: string; argv: string; until: number }[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly dependencies: BrokerDependencies) {
    this.grants = new Grants(() => this.now());
  }

  private now(): number {
    return this.dependencies.now?.() ?? Date.now();
  }

  /** Commands waiting for a person, oldest first. */
  pending(): ApprovalRequest[] {
    return [...this.waiting.values()];
  }

  onDidChangePending(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private rememberHookApproval(actor: Actor, assessment: Assessment): void {
    const until = this.now() + hookApprovalWindowMs;
    for (const command of assessment.commands) {
      this.hookApproved.push({ agent: actor.agent ?? '', ...(actor.session ? { session: actor.session } : {}), argv: quoteArgv([command.program, ...command.args]), until });
    }
  }

  /** True when the same agent session had exactly this command approved through its hook a moment ago. */
  private approvedThroughHook(actor: Actor, argv: string): boolean {
    const now = this.now();
    while (this.hookApproved.length > 0 && this.hookApproved[0].until <= now) this.hookApproved.shift();
    // Some agents put their session id in the command's environment, some do not: then the agent must match.
    return this.hookApproved.some((entry) => entry.agent === actor.agent && (actor.session === undefined || entry.session === actor.session) && entry.argv === argv);
  }

  async check(params: CheckParams, signal?: AbortSignal): Promise<CheckResult> {
    const commandLine = params.commandLine ?? quoteArgv(params.argv ?? []);
    const loaded = this.dependencies.policy(params.cwd);
    const policy = loaded.policy;
    const assessment = params.edit
      ? assessEdit(params.edit.tool, params.edit.path, { cwd: params.cwd, home: params.env.HOME, policy })
      : await this.dependencies.classify(commandLine, params.cwd, params.env, policy);
    const actor = await this.dependencies.attribute(params);
    const settings: BrokerSettings = policy;
    const finish = (kind: DecisionKind, by: string, reason: string, grant?: Grant, extra: Pick<NewEntry['decision'], 'cosign' | 'breakGlass'> = {}): CheckResult => {
      const id = randomUUID();
      const rules = [...new Set(assessment.findings.map((finding) => finding.ruleId))];
      this.dependencies.record({
        id,
        time: new Date(this.now()).toISOString(),
        actor,
        channel: params.channel,
        commandLine,
        cwd: params.cwd,
        assessment: { level: assessment.level, rules, ...(assessment.target ? { target: assessment.target } : {}) },
        decision: { kind, by, reason, ...(grant ? { grant: grant.id } : {}), ...extra },
      });
      const allowed = kind === 'allowed' || kind === 'approved';
      if (params.channel === 'hook' && kind === 'approved' && actor.agent) this.rememberHookApproval(actor, assessment);
      return { decision: allowed ? 'allow' : 'deny', approved: kind === 'approved', reason, entryId: id, level: assessment.level, ...(assessment.target ? { target: assessment.target } : {}) };
    };
    const top = assessment.findings.find((finding) => finding.level === assessment.level);
    const why = top ? `${top.ruleId}: ${top.reason}` : 'No rule matched.';
    const safer = top?.saferAlternative ? ` Safer: ${top.saferAlternative}.` : '';
    if (loaded.broken) return finish('denied', 'policy', `The policy that applies here has an error, and a policy read by halves is not enforced: ${loaded.broken}. Fix it, then try again.`);
    if (assessment.requires === 'deny') return finish('denied', 'policy', `The policy forbids it. ${why}${safer}`);
    if (assessment.requires === 'allow') return finish('allowed', 'policy', `${assessment.level} risk: ${why}`);
    if (actor.kind === 'human' && settings.humans === 'log') return finish('allowed', 'policy', `Your own command, logged. ${why}`);
    if (params.channel === 'shim' && params.argv && this.approvedThroughHook(actor, quoteArgv(params.argv))) {
      return finish('approved', 'hook', `Approved moments ago through ${describeActor(actor)}'s hook. ${why}`);
    }
    const grant = this.grants.match(assessment, actor);
    if (grant) return finish('approved', 'grant', `Approved earlier by ${grant.by}. ${why}`, grant);
    return this.waitForPerson(assessment, actor, params, settings, signal, finish, why, safer);
  }

  private async waitForPerson(
    assessment: Assessment,
    actor: Actor,
    params: CheckParams,
    settings: BrokerSettings,
    clientSignal: AbortSignal | undefined,
    finish: (kind: DecisionKind, by: string, reason: string, grant?: Grant, extra?: Pick<NewEntry['decision'], 'cosign' | 'breakGlass'>) => CheckResult,
    why: string,
    safer: string,
  ): Promise<CheckResult> {
    const controller = new AbortController();
    const request: ApprovalRequest = { id: randomUUID(), assessment, actor, params, receivedAt: this.now(), signal: controller.signal };
    const onClientGone = (): void => controller.abort(new Error('the client went away'));
    clientSignal?.addEventListener('abort', onClientGone);
    let timer: NodeJS.Timeout | undefined;
    const seconds = Math.min(settings.timeoutSeconds, params.holdSeconds ?? Infinity);
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new TimedOut()), seconds * 1000);
    });
    const gone = new Promise<never>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error)));
    // The request is also aborted after it is decided; that late rejection has no one to tell.
    gone.catch(() => undefined);
    this.waiting.set(request.id, request);
    this.changed();
    try {
      const answer = await Promise.race([this.dependencies.approve(request), timeout, gone]);
      if (answer.decision === 'deny') {
        const message = answer.message ? `: "${answer.message}"` : '';
        return finish('denied', answer.by, `${answer.by} denied it${message}. ${why}${safer}`, undefined, answer.cosign ? { cosign: answer.cosign } : {});
      }
      if (assessment.requires === 'two-person') {
        // Whatever surface answered, one person alone cannot approve this: a co-signature or a break-glass reason must come with it.
        if (answer.cosign) return finish('approved', answer.by, `Approved by ${answer.by}, co-signed by ${answer.cosign.signer ?? 'a second person'}, for ${describeActor(actor)}. ${why}`, undefined, { cosign: answer.cosign });
        if (answer.breakGlass) return finish('approved', answer.by, `BREAK-GLASS by ${answer.by} without a second person: "${answer.breakGlass}". ${why}`, undefined, { breakGlass: true });
        return finish('denied', 'broker', `Not approved: it needs a second person's co-signature. ${why}${safer}`);
      }
      const grant = answer.grant
        ? this.grants.add(
            answer.grant.kind === 'session'
              ? { kind: 'session', commandLine: assessment.commandLine, agent: actor.agent ?? actor.kind, ...(actor.session ? { session: actor.session } : {}) }
              : { kind: 'rule', ruleIds: assessment.findings.map((finding) => finding.ruleId), ...(actor.agent ? { agent: actor.agent } : {}), until: this.now() + answer.grant.minutes * 60_000 },
            assessment,
            answer.by,
          )
        : undefined;
      return finish('approved', answer.by, `Approved by ${answer.by} for ${describeActor(actor)}. ${why}`, grant);
    } catch (error) {
      if (error instanceof TimedOut) {
        const limit = seconds < settings.timeoutSeconds ? ` (${describeActor(actor)} waits no longer for its hook)` : '';
        return finish('timed-out', 'timeout', `No one approved it within ${seconds} seconds${limit}. ${why}${safer}`);
      }
      // The client left (Ctrl+C) or the approval UI failed: fail closed.
      return finish('denied', 'broker', `Not approved: ${(error as Error).message}. ${why}`);
    } finally {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientGone);
      if (!controller.signal.aborted) controller.abort(new Error('decided'));
      this.waiting.delete(request.id);
      this.changed();
    }
  }
}
