// Standing permissions a person gave in the approval dialog: this command for this agent session, or a rule for N minutes.
// Never for critical: every critical command is asked anew.
import type { Actor } from '../model/actor';
import type { Assessment } from '../model/assessment';
import { levelRank } from '../model/levels';
import { maskSecrets } from '../text/mask';

export type GrantScope =
  | { readonly kind: 'session'; readonly commandLine: string; readonly agent: string; readonly session?: string; /** The process the person approved for, with its ancestors: the grant stays in its agent's process tree. */ readonly tree?: readonly number[] }
  | { readonly kind: 'rule'; readonly ruleIds: readonly string[]; readonly agent?: string; readonly until: number };

export interface Grant {
  readonly id: string;
  readonly scope: GrantScope;
  readonly createdAt: number;
  /** Who gave it, for the log and the list of grants. */
  readonly by: string;
}

/** The findings a grant has to cover: everything that would otherwise need a person. */
function riskyRules(assessment: Assessment): string[] {
  return assessment.findings.filter((finding) => levelRank(finding.level) >= levelRank('high')).map((finding) => finding.ruleId);
}

export class Grants {
  private readonly grants = new Map<string, Grant>();
  private readonly listeners = new Set<() => void>();
  private counter = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Subscribe to changes (added, revoked, expired on read). Returns the unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Grant for a request; refuses (returns undefined) when the command is critical. */
  add(scope: GrantScope, assessment: Assessment, by: string): Grant | undefined {
    if (assessment.level === 'critical') return undefined;
    const grant: Grant = { id: `grant-${++this.counter}`, scope, createdAt: this.now(), by };
    this.grants.set(grant.id, grant);
    this.changed();
    return grant;
  }

  revoke(id: string): boolean {
    const removed = this.grants.delete(id);
    if (removed) this.changed();
    return removed;
  }

  /** Active grants, expired ones dropped. */
  list(): Grant[] {
    const now = this.now();
    let expired = false;
    for (const [id, grant] of this.grants) {
      if (grant.scope.kind === 'rule' && grant.scope.until <= now) {
        this.grants.delete(id);
        expired = true;
      }
    }
    if (expired) this.changed();
    return [...this.grants.values()];
  }

  /** The grant that lets this request run without asking, if any. */
  match(assessment: Assessment, actor: Actor): Grant | undefined {
    return this.candidates(assessment, actor)[0];
  }

  /** Every grant whose scope covers this request; the caller may still check the process tree. */
  candidates(assessment: Assessment, actor: Actor): Grant[] {
    if (assessment.level === 'critical') return [];
    const rules = riskyRules(assessment);
    return this.list().filter((grant) => {
      const scope = grant.scope;
      if (scope.kind === 'session') {
        return scope.commandLine === assessment.commandLine && scope.agent === actor.agent && (scope.session === undefined || scope.session === actor.session);
      }
      return (scope.agent === undefined || scope.agent === actor.agent) && rules.length > 0 && rules.every((rule) => scope.ruleIds.includes(rule));
    });
  }
}

export function describeGrant(grant: Grant, now: number = Date.now()): string {
  const scope = grant.scope;
  if (scope.kind === 'session') return `${maskSecrets(scope.commandLine)} — for ${scope.agent}${scope.session ? ` session ${scope.session.slice(0, 8)}` : ''}`;
  const minutes = Math.max(0, Math.ceil((scope.until - now) / 60_000));
  return `${scope.ruleIds.join(', ')} — ${scope.agent ? `for ${scope.agent}, ` : ''}${minutes} min left`;
}
