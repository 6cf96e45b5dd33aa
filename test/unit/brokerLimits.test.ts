import * as assert from 'node:assert/strict';
import type { NewEntry } from '../../src/core/audit/entry';
import { attribute } from '../../src/core/approval/actor';
import { defaultLimits } from '../../src/core/approval/limit';
import { loadPolicy } from '../../src/core/policy/sources';
import { classifySubject } from '../../src/core/risk/tools';
import { Broker, type ApprovalRequest } from '../../src/node/broker/broker';
import { bashGrammar } from '../../src/node/grammar';
import type { CheckParams } from '../../src/protocol/broker';

/** A broker whose person never answers: every request that needs one waits until the test lets it go. */
async function quietBroker() {
  const grammar = await bashGrammar();
  const log: NewEntry[] = [];
  const asked: ApprovalRequest[] = [];
  const broker = new Broker({
    classify: (commandLine, cwd, env, policy) => Promise.resolve(classifySubject(commandLine, grammar, { cwd, env, policy })),
    attribute: (params) => Promise.resolve(attribute({ env: params.env, ...(params.agent ? { hook: { agent: params.agent, ...(params.session ? { session: params.session } : {}) } } : {}) })),
    policy: () => loadPolicy({ user: { humans: 'log', approvalTimeoutSeconds: 600 } }),
    approve: (request) => {
      asked.push(request);
      return new Promise(() => undefined);
    },
    record: (entry) => log.push(entry),
  });
  return { broker, log, asked };
}

const flood = (index: number, session = 'flood'): CheckParams => ({ channel: 'hook', agent: 'claude-code', session, commandLine: `kubectl delete pod api-${index}`, cwd: '/home/dev/project', env: { HOME: '/home/dev' } });

describe('the broker under a flood of requests for a person', () => {
  it('asks about a burst, denies the rest at once with the reason, and logs the burst once', async () => {
    const { broker, log, asked } = await quietBroker();
    const clients = Array.from({ length: 200 }, () => new AbortController());
    const results = Array.from({ length: 200 }, (_, index) => broker.check(flood(index), clients[index].signal));
    const settled = await Promise.race([Promise.all(results.slice(defaultLimits.session.burst)), new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), 5000))]);
    assert.notEqual(settled, 'slow', 'the denied ones are answered at once');
    assert.ok(asked.length >= defaultLimits.session.burst && asked.length < 100, `${asked.length} asked`);
    assert.equal(broker.pending().length, asked.length);
    const denied = (await Promise.all(results.slice(asked.length))).filter((result) => result.decision === 'deny');
    assert.equal(denied.length, 200 - asked.length);
    assert.match(denied[0].reason, /Denied at once, without asking: Claude Code \(this agent session\) asked for approval more than 20 times a second/);
    const logged = log.filter((entry) => entry.decision.by === 'rate limit');
    assert.equal(logged.length, 1, 'one log entry for the burst');
    assert.ok(denied.every((result) => result.entryId === logged[0].id), 'every denial points to the burst’s entry');
    // The clients give up: the waiting requests end and make room.
    for (const client of clients) client.abort();
    await Promise.all(results);
    assert.equal(broker.pending().length, 0);
    assert.ok(asked.every((request) => request.signal.aborted), 'each dialog is told its request ended');
  });

  it('keeps one session’s flood from denying another session', async function () {
    this.timeout(5000);
    const { broker, asked } = await quietBroker();
    const clients = Array.from({ length: 101 }, () => new AbortController());
    const results = Array.from({ length: 100 }, (_, index) => broker.check(flood(index), clients[index].signal));
    const other = broker.check(flood(0, 'calm'), clients[100].signal);
    while (!asked.some((request) => request.actor.session === 'calm')) await new Promise((resolve) => setImmediate(resolve));
    for (const client of clients) client.abort();
    assert.equal((await other).decision, 'deny');
    await Promise.all(results);
  });
});
