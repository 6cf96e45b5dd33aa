import * as assert from 'node:assert/strict';
import { Activity } from '../../src/core/audit/activity';
import { chain, genesis } from '../../src/core/audit/chain';
import type { LogEntry, NewEntry } from '../../src/core/audit/entry';
import { LogIndex } from '../../src/core/audit/query';
import { parseViewMessage } from '../../src/protocol/views';
import { newEntry } from './support/entries';

function chained(entries: readonly NewEntry[]): LogEntry[] {
  let prev = genesis;
  return entries.map((entry, index) => {
    const result = chain(entry, index + 1, prev);
    prev = result.entry.hash;
    return result.entry;
  });
}

const gemini = { kind: 'agent', agent: 'gemini', evidence: 'env GEMINI_CLI' } as const;
const person = { kind: 'human', evidence: 'terminal "bash"' } as const;

describe('the Action Log view’s rows', () => {
  const entries = chained([
    newEntry(1),
    newEntry(2, { actor: gemini, commandLine: 'terraform init', assessment: { level: 'none', rules: [] }, decision: { kind: 'allowed', by: 'policy', reason: 'none risk' } }),
    newEntry(3, { actor: person, commandLine: 'rm -rf build', assessment: { level: 'low', rules: ['filesystem.rm'] }, decision: { kind: 'observed', by: 'observation', reason: 'seen running' } }),
    newEntry(4, { actor: gemini, commandLine: 'terraform destroy', assessment: { level: 'critical', rules: ['terraform.destroy'] }, decision: { kind: 'denied', by: 'alice', reason: 'alice denied it' } }),
  ]);
  const index = new LogIndex();
  index.add(entries);

  it('pages newest first and counts what matches', () => {
    const page = index.query({}, 0, 2);
    assert.equal(page.total, 4);
    assert.deepEqual(page.rows.map((row) => row.seq), [4, 3]);
    assert.deepEqual(index.query({}, 3, 10).rows.map((row) => row.seq), [1]);
    assert.deepEqual(index.query({}, 9, 10).rows, []);
  });

  it('filters by agent, level and above, decision, text and time', () => {
    const seqs = (filter: Parameters<LogIndex['query']>[0]): number[] => index.query(filter, 0, 100).rows.map((row) => row.seq);
    assert.deepEqual(seqs({ actor: 'Gemini CLI' }), [4, 2]);
    assert.deepEqual(seqs({ actor: 'you' }), [3]);
    assert.deepEqual(seqs({ level: 'high' }), [4, 1]);
    assert.deepEqual(seqs({ decision: 'denied' }), [4]);
    assert.deepEqual(seqs({ text: 'TERRAFORM' }), [4, 2]);
    assert.deepEqual(seqs({ text: 'filesystem.rm' }), [3], 'rule ids are searched');
    assert.deepEqual(seqs({ text: 'shop-prod' }), [1], 'targets are searched');
    assert.deepEqual(seqs({ since: Date.parse(entries[2].time) }), [4, 3]);
    assert.deepEqual(seqs({ actor: 'Gemini CLI', level: 'critical' }), [4]);
  });

  it('summarises rows with the actor’s label, the target and production', () => {
    const [row] = index.query({ text: 'kubectl' }, 0, 1).rows;
    assert.deepEqual(row, {
      seq: 1,
      time: entries[0].time,
      actor: 'Claude Code',
      channel: 'hook',
      commandLine: entries[0].commandLine,
      level: 'high',
      decision: 'approved',
      target: { name: 'shop-prod', production: true },
    });
    assert.deepEqual(index.actors(), ['Claude Code', 'Gemini CLI', 'you']);
  });

  it('finds an entry by seq, skips entries it already holds, and sees new ones in the next query', () => {
    assert.equal(index.get(3)?.commandLine, 'rm -rf build');
    assert.equal(index.get(9), undefined);
    assert.equal(index.add(entries.slice(2)), 0);
    const before = index.query({ actor: 'Gemini CLI' }, 0, 10).total;
    const [next] = chained([...entries, newEntry(5, { actor: gemini })]).slice(4);
    assert.equal(index.add([next]), 1);
    assert.equal(index.query({ actor: 'Gemini CLI' }, 0, 10).total, before + 1);
    assert.deepEqual(index.matching({ actor: 'Gemini CLI' }).map((entry) => entry.seq), [2, 4, 5], 'export is oldest first');
  });
});

describe('the Risk view’s session activity', () => {
  it('counts this session’s entries by level and actor, and keeps the latest high-risk ones, older ones included', () => {
    const entries = chained([
      newEntry(1, { time: '2026-01-01T09:00:00.000Z' }),
      newEntry(2, { time: '2026-01-01T10:00:01.000Z', actor: gemini, assessment: { level: 'none', rules: [] } }),
      newEntry(3, { time: '2026-01-01T10:00:02.000Z', assessment: { level: 'critical', rules: ['terraform.destroy'] } }),
    ]);
    const activity = new Activity('2026-01-01T10:00:00.000Z');
    for (const entry of entries) activity.add(entry);
    activity.add(entries[2]);
    const counts = activity.counts();
    assert.deepEqual(counts.byLevel, { none: 1, low: 0, medium: 0, high: 0, critical: 1 }, 'the entry seen twice counts once');
    assert.deepEqual(counts.byAgent, [{ actor: 'Claude Code', count: 1 }, { actor: 'Gemini CLI', count: 1 }]);
    assert.deepEqual(activity.recent().map((row) => row.seq), [3, 1]);
  });
});

describe('messages from a view', () => {
  it('takes the protocol’s messages and refuses anything else', () => {
    assert.deepEqual(parseViewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseViewMessage({ type: 'sandbox' }), { type: 'sandbox' });
    assert.deepEqual(parseViewMessage({ type: 'relaunch', id: 2 }), { type: 'relaunch', id: 2 });
    assert.equal(parseViewMessage({ type: 'relaunch', id: '2' }), undefined);
    assert.ok(parseViewMessage({ type: 'approve', id: 'r1', choice: 'once', typed: 'production' }));
    assert.ok(parseViewMessage({ type: 'query', request: 1, offset: 0, count: 200, filter: { actor: 'Claude Code', since: 5 } }));
    assert.equal(parseViewMessage({ type: 'approve', id: 'r1', choice: 'forever' }), undefined);
    assert.equal(parseViewMessage({ type: 'approve', id: 7, choice: 'once' }), undefined);
    assert.equal(parseViewMessage({ type: 'query', request: 1, offset: 0, count: 200, filter: { since: 'yesterday' } }), undefined);
    assert.equal(parseViewMessage({ type: 'export', format: 'xlsx', filter: {} }), undefined);
    assert.equal(parseViewMessage({ type: 'runCommand', command: 'rm -rf /' }), undefined);
    assert.equal(parseViewMessage('ready'), undefined);
    assert.equal(parseViewMessage(null), undefined);
  });

  it('takes Keep, Revert and Diff of a watched file’s change only with a string id', () => {
    for (const type of ['keep', 'revert', 'diff']) {
      assert.deepEqual(parseViewMessage({ type, id: 'change-1' }), { type, id: 'change-1' });
      assert.equal(parseViewMessage({ type, id: 1 }), undefined, `${type} with a number id`);
      assert.equal(parseViewMessage({ type }), undefined, `${type} without an id`);
    }
  });
});
