// How fast one agent session may ask for a person: past its rate, or with too many of its requests already waiting,
// a request is denied at once instead of waiting, and a burst of such denials is logged once, not once per request.
import type { Actor, Channel } from '../model/actor';

export interface Rate {
  readonly perSecond: number;
  readonly burst: number;
}

export interface LimitSettings {
  /** Requests for a person one agent session may send. */
  readonly session: Rate;
  /** Every session together: a fresh session id per request gains an attacker nothing. */
  readonly overall: Rate;
  /** Requests waiting at once, from one session and from all. */
  readonly waitingPerSession: number;
  readonly waitingOverall: number;
  /** A burst of denials ends after this long without one; the next denial is logged again. */
  readonly quietMs: number;
}

// A person answers a few requests a minute; an agent that runs tools in parallel sends a handful at once.
export const defaultLimits: LimitSettings = { session: { perSecond: 20, burst: 40 }, overall: { perSecond: 50, burst: 100 }, waitingPerSession: 50, waitingOverall: 500, quietMs: 10_000 };

/** A run of denials for one session (or for all): the first is logged, the others point to its entry. */
export interface Burst {
  readonly scope: 'session' | 'overall';
  readonly cause: 'rate' | 'waiting';
  /** Set by the caller once the first denial is logged. */
  entryId?: string;
  denied: number;
  last: number;
}

export type Admission =
  | { readonly admitted: true; /** The request stopped waiting. */ release(): void }
  | { readonly admitted: false; readonly burst: Burst; /** The burst's first denial: the one to log. */ readonly first: boolean };

/** Whose requests are counted together: the agent's session, or (no session) the agent or person on that channel. */
export function sessionKey(actor: Actor, channel: Channel): string {
  return JSON.stringify([actor.kind, actor.agent ?? '', actor.session ?? `(${channel})`]);
}

interface Bucket {
  tokens: number;
  at: number;
  waiting: number;
  burst?: Burst;
}

const everyone = '\u0000overall';

export class RequestLimits {
  private readonly buckets = new Map<string, Bucket>();
  private admissions = 0;

  constructor(private readonly settings: LimitSettings = defaultLimits) {}

  /** Admit a request for a person from `key` at `now` (ms), or say which burst of denials it belongs to. */
  admit(key: string, now: number): Admission {
    if (++this.admissions % 256 === 0) this.prune(now);
    const session = this.bucket(key, this.settings.session, now);
    const overall = this.bucket(everyone, this.settings.overall, now);
    const refusal: ['session' | 'overall', 'rate' | 'waiting'] | undefined =
      session.waiting >= this.settings.waitingPerSession ? ['session', 'waiting']
      : overall.waiting >= this.settings.waitingOverall ? ['overall', 'waiting']
      : session.tokens < 1 ? ['session', 'rate']
      : overall.tokens < 1 ? ['overall', 'rate']
      : undefined;
    if (refusal) {
      const holder = refusal[0] === 'session' ? session : overall;
      const ongoing = holder.burst && now - holder.burst.last <= this.settings.quietMs ? holder.burst : undefined;
      const burst = ongoing ?? { scope: refusal[0], cause: refusal[1], denied: 0, last: now };
      burst.denied++;
      burst.last = now;
      holder.burst = burst;
      return { admitted: false, burst, first: ongoing === undefined };
    }
    session.tokens--;
    overall.tokens--;
    session.waiting++;
    overall.waiting++;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        session.waiting--;
        overall.waiting--;
      },
    };
  }

  private bucket(key: string, rate: Rate, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: rate.burst, at: now, waiting: 0 };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(rate.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rate.perSecond);
    bucket.at = now;
    return bucket;
  }

  /** Forget sessions with nothing waiting, a full bucket and no burst going on: a session id per request must not grow the map. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (key === everyone || bucket.waiting > 0) continue;
      const full = bucket.tokens + ((now - bucket.at) / 1000) * this.settings.session.perSecond >= this.settings.session.burst;
      if (full && (!bucket.burst || now - bucket.burst.last > this.settings.quietMs)) this.buckets.delete(key);
    }
  }
}

/** Why a request was denied without asking, in the broker's words (English, like every reason it logs and answers). */
export function describeBurst(burst: Burst, who: string, settings: LimitSettings = defaultLimits): string {
  const whose = burst.scope === 'session' ? `${who} (this agent session)` : 'all agents together';
  const what =
    burst.cause === 'rate'
      ? `${whose} asked for approval more than ${burst.scope === 'session' ? settings.session.perSecond : settings.overall.perSecond} times a second`
      : `${whose} already had ${burst.scope === 'session' ? settings.waitingPerSession : settings.waitingOverall} commands waiting for a person`;
  return `Denied at once, without asking: ${what}. Until it slows down, more requests are denied the same way and logged once, in this burst's first entry.`;
}
