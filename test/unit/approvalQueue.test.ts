import * as assert from 'node:assert/strict';
import { defaultLimits, describeBurst, RequestLimits, sessionKey, type Admission } from '../../src/core/approval/limit';
import { ApprovalQueue } from '../../src/core/approval/queue';

interface Request {
  readonly id: string;
}

function queue(dialogs = 1): ApprovalQueue<Request> {
  return new ApprovalQueue<Request>((request) => request.id, dialogs);
}

const ids = (entries: readonly { readonly id: string }[]): string[] => entries.map((entry) => entry.id);

describe('the approval queue', () => {
  it('opens one dialog at a time; the others wait for the earlier one to be answered', () => {
    const waiting = queue();
    for (let index = 1; index <= 200; index++) waiting.add({ id: `r${index}` }, 'claude session 1', `command ${index}`);
    const first = waiting.next();
    assert.deepEqual(ids(first), ['r1']);
    assert.deepEqual(waiting.next(), [], 'no second dialog while the first is on screen');
    assert.equal(waiting.list().length, 200);
    waiting.take(first[0]);
    waiting.closed(first[0]);
    assert.deepEqual(ids(waiting.next()), ['r2']);
  });

  it('never shows two dialogs for one session, even when more may be on screen', () => {
    const waiting = queue(3);
    waiting.add({ id: 'a1' }, 'a', 'one');
    waiting.add({ id: 'a2' }, 'a', 'two');
    waiting.add({ id: 'b1' }, 'b', 'one');
    assert.deepEqual(ids(waiting.next()), ['a1', 'b1']);
  });

  it('takes sessions in turn, so one flooding session does not starve another', () => {
    const waiting = queue();
    for (let index = 1; index <= 5; index++) waiting.add({ id: `a${index}` }, 'a', `a ${index}`);
    waiting.add({ id: 'b1' }, 'b', 'b 1');
    const [first] = waiting.next();
    assert.equal(first.id, 'a1');
    waiting.take(first);
    waiting.closed(first);
    assert.deepEqual(ids(waiting.next()), ['b1']);
  });

  it('collapses identical waiting requests into one entry that one answer settles', () => {
    const waiting = queue();
    const first = waiting.add({ id: 'r1' }, 's', 'terraform destroy in /infra');
    const second = waiting.add({ id: 'r2' }, 's', 'terraform destroy in /infra');
    const other = waiting.add({ id: 'r3' }, 'other session', 'terraform destroy in /infra');
    assert.equal(first, second);
    assert.notEqual(first, other, 'another session is another entry');
    assert.deepEqual(ids(first.items), ['r1', 'r2']);
    assert.equal(waiting.find('r2'), first, 'found by any of its requests');
    assert.deepEqual(ids(waiting.take(first)), ['r1', 'r2']);
    assert.deepEqual(ids(waiting.list()), ['r3']);
  });

  it('does not merge into an entry whose dialog is on screen, nor requests that must stay apart', () => {
    const waiting = queue();
    const shown = waiting.add({ id: 'r1' }, 's', 'same');
    waiting.next();
    assert.notEqual(waiting.add({ id: 'r2' }, 's', 'same'), shown, 'the person is reading a count that must not grow');
    const alone = waiting.add({ id: 'r3' }, 's', undefined);
    assert.notEqual(waiting.add({ id: 'r4' }, 's', undefined), alone, 'two-person requests are never merged');
  });

  it('drops a request that ended; the entry goes when its last request does, keeping its id meanwhile', () => {
    const waiting = queue();
    const entry = waiting.add({ id: 'r1' }, 's', 'same');
    waiting.add({ id: 'r2' }, 's', 'same');
    waiting.remove({ id: 'r1' });
    assert.equal(entry.id, 'r1', 'the Risk view keeps the same card');
    assert.deepEqual(ids(entry.items), ['r2']);
    waiting.remove({ id: 'r2' });
    assert.deepEqual(waiting.list(), []);
  });

  it('counts a dialog whose requests ended until it closes: a modal stays until the person answers it', () => {
    const waiting = queue();
    const entry = waiting.add({ id: 'r1' }, 's', 'one');
    waiting.add({ id: 'r2' }, 't', 'two');
    waiting.next();
    waiting.remove({ id: 'r1' });
    assert.deepEqual(waiting.next(), [], 'the ended one is still on screen');
    waiting.closed(entry);
    assert.deepEqual(ids(waiting.next()), ['r2']);
  });

  it('after "Decide in Risk View", keeps the session’s other requests in the view until none waits', () => {
    const waiting = queue();
    const first = waiting.add({ id: 'r1' }, 's', 'one');
    waiting.add({ id: 'r2' }, 's', 'two');
    waiting.next();
    waiting.closed(first, true);
    assert.deepEqual(waiting.next(), [], 'no dialog over the view the person chose');
    waiting.take(first);
    waiting.take(waiting.find('r2')!);
    waiting.add({ id: 'r3' }, 's', 'three');
    assert.deepEqual(ids(waiting.next()), ['r3'], 'a fresh request asks again');
  });

  it('shows a reopened entry again, before the others', () => {
    const waiting = queue();
    const first = waiting.add({ id: 'r1' }, 's', 'one');
    waiting.add({ id: 'r2' }, 't', 'two');
    waiting.next();
    waiting.closed(first, true);
    waiting.reopen(first);
    assert.deepEqual(ids(waiting.next()), ['r1']);
  });
});

describe('the request limits', () => {
  const key = sessionKey({ kind: 'agent', agent: 'claude-code', session: 'abc', evidence: 'hook channel' }, 'hook');
  const denied = (admission: Admission): boolean => !admission.admitted;

  it('keys by agent session, or by agent and channel without one', () => {
    assert.notEqual(key, sessionKey({ kind: 'agent', agent: 'claude-code', session: 'other', evidence: 'x' }, 'hook'));
    assert.equal(sessionKey({ kind: 'human', evidence: 'terminal' }, 'shim'), sessionKey({ kind: 'human', evidence: 'another terminal' }, 'shim'));
    assert.notEqual(sessionKey({ kind: 'human', evidence: 'terminal' }, 'shim'), sessionKey({ kind: 'human', evidence: 'terminal' }, 'hook'));
  });

  it('admits a burst, then about the rate per second, and denies the rest at once', () => {
    const limits = new RequestLimits();
    const now = 1_000_000;
    const first = Array.from({ length: 200 }, () => limits.admit(key, now));
    assert.equal(first.filter((admission) => admission.admitted).length, defaultLimits.session.burst);
    assert.equal(denied(limits.admit(key, now + 10)), true);
    for (const admission of first) if (admission.admitted) admission.release();
    const later = Array.from({ length: 100 }, () => limits.admit(key, now + 1000));
    assert.equal(later.filter((admission) => admission.admitted).length, defaultLimits.session.perSecond);
  });

  it('marks only the first denial of a burst for the log, and starts a new burst after a quiet spell', () => {
    const limits = new RequestLimits();
    const now = 5_000_000;
    const admissions = Array.from({ length: 19_004 }, (_, index) => limits.admit(key, now + Math.floor(index / 800) * 1000));
    const firsts = admissions.filter((admission) => !admission.admitted && admission.first);
    assert.equal(firsts.length, 1, '19,004 requests in 25 s: one log entry');
    const refused = admissions.find((admission) => !admission.admitted);
    assert.ok(refused && !refused.admitted);
    assert.equal(refused.burst.denied, admissions.filter(denied).length);
    const afterQuiet = Array.from({ length: 100 }, () => limits.admit(key, now + 60_000));
    assert.equal(afterQuiet.filter((admission) => !admission.admitted && admission.first).length, 1);
  });

  it('caps requests waiting per session; a finished one makes room', () => {
    const limits = new RequestLimits({ ...defaultLimits, session: { perSecond: 1000, burst: 1000 }, waitingPerSession: 3 });
    const held = [limits.admit(key, 0), limits.admit(key, 0), limits.admit(key, 0)];
    const refused = limits.admit(key, 0);
    assert.ok(!refused.admitted && refused.burst.cause === 'waiting');
    const first = held[0];
    assert.ok(first.admitted);
    first.release();
    first.release();
    assert.equal(limits.admit(key, 0).admitted, true);
    assert.equal(limits.admit(key, 0).admitted, false);
  });

  it('limits all sessions together: a fresh session id per request gains nothing', () => {
    const limits = new RequestLimits();
    const admitted = Array.from({ length: 1000 }, (_, index) => limits.admit(sessionKey({ kind: 'agent', agent: 'x', session: `s${index}`, evidence: 'hook channel' }, 'hook'), 0)).filter((admission) => admission.admitted);
    assert.equal(admitted.length, defaultLimits.overall.burst);
  });

  it('says why, in words an agent and a person read', () => {
    assert.match(describeBurst({ scope: 'session', cause: 'rate', denied: 1, last: 0 }, 'Claude Code'), /^Denied at once, without asking: Claude Code \(this agent session\) asked for approval more than 20 times a second\./);
    assert.match(describeBurst({ scope: 'overall', cause: 'waiting', denied: 1, last: 0 }, 'Claude Code'), /all agents together already had 500 commands waiting/);
  });
});
