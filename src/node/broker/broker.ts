// The broker's decisions: classify, attribute, apply policy and grants, and wait for a person when the command needs one.
// It never takes a client's word for the risk, and nothing but the approval UI can approve.
import { randomUUID } from 'node:crypto';
import type { CosignRecord, DecisionKind, NewEntry } from '../../core/audit/entry';
import { describeActor } from '../../core/approval/actor';
import { Grants, type Grant } from '../../core/approval/grants';
import { describeBurst, RequestLimits, sessionKey } from '../../core/approval/limit';
import type { Assessment } from '../../core/model/assessment';
import { throughDoor } from '../../core/sandbox/door';
import { quoteArgv } from '../../core/shell/quote';
import type { Actor } from '../../core/model/actor';
import { levelRank, type Level } from '../../core/model/levels';
import { isWithin } from '../../core/model/paths';
import type { EffectivePolicy } from '../../core/policy/layers';
import type { Subject } from '../../core/risk/tools';
import type { LoadedPolicy } from '../../core/policy/sources';
import type { CheckParams, CheckResult } from '../../protocol/broker';
import type { Peer, PeerLookup } from './peer';

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
  /** A command line, or an MCP tool call. */
  classify(subject: Subject, cwd: string, env: Readonly<Record<string, string>>, policy: EffectivePolicy): Promise<Assessment>;
  /** Who sent it: from the peer the kernel names where there is one; `params`' own words are claims. */
  attribute(params: CheckParams, peer?: Peer): Promise<Actor>;
  /** The environment the command runs with: the peer's own where the kernel names it; `params.env` otherwise. */
  environment?(params: CheckParams, peer?: Peer): Promise<Readonly<Record<string, string>>>;
  /** A requesting process and its ancestors, nearest first, kept with a hook approval or grant (the process may exit). */
  lineage?(pid: number): Promise<readonly number[]>;
  /** Whether a requesting process belongs to the agent process tree `earlier` recorded: a hook approval or grant stays in it. */
  sameAgent?(earlier: readonly number[], pid: number): Promise<boolean>;
  /** Show the request to a person; only the UI implements this. */
  approve(request: ApprovalRequest): Promise<ApprovalAnswer>;
  record(entry: NewEntry): void;
  now?(): number;
}

class TimedOut extends Error {}

/** A command approved through an agent's hook, bound to what the person saw: the shim's call passes only if it is the same. */
interface HookApproval {
  readonly agent: string;
  readonly session?: string;
  readonly argv: string;
  readonly cwd: string;
  readonly level: Level;
  readonly target?: string;
  /** The process that asked through the hook and its ancestors: the shim's call must come from the same agent's tree. */
  readonly tree?: readonly number[];
  readonly until: number;
}

function targetKey(target: Assessment['target']): string | undefined {
  return target ? `${target.kind}:${target.name}:${target.production}` : undefined;
}

/** How long a command approved through a hook may then pass its PATH shim without asking again. */
const hookApprovalWindowMs = 2 * 60 * 1000;

export class Broker {
  readonly grants: Grants;
  private readonly waiting = new Map<string, ApprovalRequest>();
  /** Commands a hook request had approved, by agent session: the shim does not ask for them again. */
  private readonly hookApproved: HookApproval[] = [];
  private readonly listeners = new Set<() => void>();
  /** Requests for a person per agent session: past the rate, or with too many waiting, denied at once and logged once per burst. */
  private readonly limits = new RequestLimits();

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

  private rememberHookApproval(actor: Actor, assessment: Assessment, cwd: string, tree: readonly number[] | undefined): void {
    const until = this.now() + hookApprovalWindowMs;
    const target = targetKey(assessment.target);
    for (const command of assessment.commands) {
      this.hookApproved.push({
        agent: actor.agent ?? '',
        ...(actor.session ? { session: actor.session } : {}),
        argv: quoteArgv([command.program, ...command.args]),
        cwd,
        level: assessment.level,
        ...(target ? { target } : {}),
        ...(tree ? { tree } : {}),
        until,
      });
    }
  }

  /**
   * True when the same agent had exactly this command approved through its hook a moment ago, in that folder or one the
   * line `cd`s into, and
   * the shim sees it no riskier and on the same target as the person did; where the kernel names both processes, from
   * the same agent's process tree.
   */
  private async approvedThroughHook(actor: Actor, argv: string, cwd: string, assessment: Assessment, peer: Peer | undefined): Promise<boolean> {
    const now = this.now();
    while (this.hookApproved.length > 0 && this.hookApproved[0].until <= now) this.hookApproved.shift();
    const target = targetKey(assessment.target);
    for (const [index, entry] of this.hookApproved.entries()) {
      // Some agents put their session id in the command's environment, some do not: then the agent must match.
      if (entry.agent !== actor.agent || (actor.session !== undefined && entry.session !== actor.session) || entry.argv !== argv || !isWithin(cwd, entry.cwd)) continue;
      if (levelRank(assessment.level) > levelRank(entry.level) || entry.target !== target) continue;
      // VS Code's agent is the editor: its hook and its terminal meet only in the editor's own processes.
      const editorAgent = entry.agent === 'vscode';
      if (!editorAgent && entry.tree !== undefined && peer !== undefined && this.dependencies.sameAgent && !(await this.dependencies.sameAgent(entry.tree, peer.pid))) continue;
      // One approval, one run: the agent running the same line again is asked again.
      this.hookApproved.splice(index, 1);
      return true;
    }
    return false;
  }

  /** A grant for this request that was given to this agent's process tree (where the kernel names both processes). */
  private async grantFor(assessment: Assessment, actor: Actor, peer: Peer | undefined): Promise<Grant | undefined> {
    for (const grant of this.grants.candidates(assessment, actor)) {
      const tree = grant.scope.kind === 'session' ? grant.scope.tree : undefined;
      if (tree !== undefined && peer !== undefined && this.dependencies.sameAgent && !(await this.dependencies.sameAgent(tree, peer.pid))) continue;
      return grant;
    }
    return undefined;
  }

  /** `peer`: the requesting process as the kernel names it, looked up by the server that accepted the connection. */
  async check(params: CheckParams, signal?: AbortSignal, peer?: PeerLookup): Promise<CheckResult> {
    const given = params.commandLine ?? quoteArgv(params.argv ?? []);
    const client = await peer?.(params.pid);
    // Taken now: the requesting process may be gone by the time its approval is used.
    const tree = client && (await this.dependencies.lineage?.(client.pid));
    const loaded = this.dependencies.policy(params.cwd);
    const policy = loaded.policy;
    const env = (await this.dependencies.environment?.(params, client)) ?? params.env;
    const classified = await this.dependencies.classify(params.edit ?? params.mcp ?? given, params.cwd, env, policy);
    // An edit or a tool call is logged as it is shown (tool and path; server, tool and arguments), never as an empty line.
    const commandLine = params.edit || params.mcp ? classified.commandLine : given;
    // What runs outside the sandbox with the person's credentials must not load what the agent chose unseen.
    const assessment = params.channel === 'sandbox' && params.argv ? throughDoor(classified, params.argv, policy) : classified;
    const actor = await this.dependencies.attribute(params, client);
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
        ...(params.mcp ? { mcp: { server: (classified.call ?? params.mcp).server, tool: (classified.call ?? params.mcp).tool } } : {}),
        assessment: { level: assessment.level, rules, ...(assessment.target ? { target: assessment.target } : {}) },
        decision: { kind, by, reason, ...(grant ? { grant: grant.id } : {}), ...extra },
      });
      const allowed = kind === 'allowed' || kind === 'approved';
      if (params.channel === 'hook' && kind === 'approved' && actor.agent) this.rememberHookApproval(actor, assessment, params.cwd, tree);
      return { decision: allowed ? 'allow' : 'deny', approved: kind === 'approved', reason, entryId: id, level: assessment.level, ...(assessment.target ? { target: assessment.target } : {}) };
    };
    const top = assessment.findings.find((finding) => finding.level === assessment.level);
    const why = top ? `${top.ruleId}: ${top.reason}` : 'No rule matched.';
    const safer = top?.saferAlternative ? ` Safer: ${top.saferAlternative}.` : '';
    if (loaded.broken) return finish('denied', 'policy', `The policy that applies here has an error, and a policy read by halves is not enforced: ${loaded.broken}. Fix it, then try again.`);
    if (assessment.requires === 'deny') return finish('denied', 'policy', `The policy forbids it. ${why}${safer}`);
    if (assessment.requires === 'two-person' && policy.unconfirmedApprovers.length > 0) {
      const listed = policy.unconfirmedApprovers.map((approver) => `"${approver.name}"`).join(', ');
      return finish('denied', 'policy', `Not run: it needs two people, and the workspace policy lists approvers no one has confirmed in the editor (${listed}). A person must confirm them (Four Eyes: Confirm Workspace Approvers) before anyone can co-sign. ${why}`);
    }
    if (assessment.requires === 'allow') return finish('allowed', 'policy', `${assessment.level} risk: ${why}`);
    // A person's critical command is asked all the same: whatever passes for a person must not pass everything.
    if (actor.kind === 'human' && settings.humans === 'log' && assessment.level !== 'critical') return finish('allowed', 'policy', `Your own command, logged. ${why}`);
    if ((params.channel === 'shim' || params.channel === 'sandbox') && params.argv && (await this.approvedThroughHook(actor, quoteArgv(params.argv), params.cwd, assessment, client))) {
      return finish('approved', 'hook', `Approved moments ago through ${describeActor(actor)}'s hook. ${why}`);
    }
    const grant = await this.grantFor(assessment, actor, client);
    if (grant) return finish('approved', 'grant', `Approved earlier by ${grant.by}. ${why}`, grant);
    return this.waitForPerson(assessment, actor, params, tree, settings, signal, finish, why, safer);
  }

  private async waitForPerson(
    assessment: Assessment,
    actor: Actor,
    params: CheckParams,
    tree: readonly number[] | undefined,
    settings: BrokerSettings,
    clientSignal: AbortSignal | undefined,
    finish: (kind: DecisionKind, by: string, reason: string, grant?: Grant, extra?: Pick<NewEntry['decision'], 'cosign' | 'breakGlass'>) => CheckResult,
    why: string,
    safer: string,
  ): Promise<CheckResult> {
    const admission = this.limits.admit(sessionKey(actor, params.channel), this.now());
    if (!admission.admitted) {
      const reason = `${describeBurst(admission.burst, describeActor(actor))} ${why}`;
      if (!admission.first) return { decision: 'deny', approved: false, reason, entryId: admission.burst.entryId ?? '', level: assessment.level, ...(assessment.target ? { target: assessment.target } : {}) };
      const result = finish('denied', 'rate limit', reason);
      admission.burst.entryId = result.entryId;
      return result;
    }
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
              ? { kind: 'session', commandLine: assessment.commandLine, agent: actor.agent ?? actor.kind, ...(actor.session ? { session: actor.session } : {}), ...(tree ? { tree } : {}) }
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
      admission.release();
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientGone);
      if (!controller.signal.aborted) controller.abort(new Error('decided'));
      this.waiting.delete(request.id);
      this.changed();
    }
  }
}
