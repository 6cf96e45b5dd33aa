import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chain, genesis } from '../../src/core/audit/chain';
import type { LogEntry, NewEntry } from '../../src/core/audit/entry';
import { exportEntries } from '../../src/core/audit/export';
import { GateMemory } from '../../src/core/audit/gates';
import { LogIndex } from '../../src/core/audit/query';
import { Activity } from '../../src/core/audit/activity';
import { verifyFiles } from '../../src/node/audit/verifyFiles';
import { newEntry } from './support/entries';

const demo = { kind: 'agent' as const, agent: 'four-eyes-demo', evidence: 'AI_AGENT in the terminal' };

/** What a demo agent's run logs: each gate's decision, and what the terminal saw end. */
function demoRun(): NewEntry[] {
  const observed = (index: number, overrides: Partial<NewEntry>): NewEntry =>
    newEntry(index, { actor: demo, channel: 'terminal', terminal: 'terminal "Demo agent"', decision: { kind: 'observed', by: 'observation', reason: 'seen running' }, ...overrides });
  return [
    observed(1, { commandLine: 'terraform plan', assessment: { level: 'none', rules: [] }, result: { exitCode: 0, durationMs: 40 } }),
    newEntry(2, { actor: demo, channel: 'shim', commandLine: 'terraform apply -auto-approve', decision: { kind: 'approved', by: 'Priya', reason: 'Approved by Priya.' } }),
    observed(3, { commandLine: 'terraform apply -auto-approve', completes: ['entry-2'], decision: { kind: 'observed', by: 'observation', reason: 'how the gated command ended' }, result: { exitCode: 0, durationMs: 1200 } }),
    newEntry(4, { actor: demo, channel: 'shim', commandLine: 'kubectl delete deployment checkout -n checkout', decision: { kind: 'denied', by: 'Priya', reason: 'Priya denied it.' } }),
    observed(5, { commandLine: 'kubectl delete deployment checkout -n checkout', completes: ['entry-4'], result: { exitCode: 126, durationMs: 3000 } }),
    observed(6, { commandLine: 'rm -rf ~/other-project', decision: { kind: 'gate-miss', by: 'observation', reason: 'ran without passing a Four Eyes gate' }, result: { exitCode: 0, durationMs: 5 } }),
  ];
}

function chainedLines(entries: readonly NewEntry[]): { entry: LogEntry; line: string }[] {
  let prev = genesis;
  return entries.map((entry, index) => {
    const link = chain(entry, index + 1, prev);
    prev = link.entry.hash;
    return link;
  });
}

function chained(entries: readonly NewEntry[]): LogEntry[] {
  return chainedLines(entries).map((link) => link.entry);
}

describe('one story per command', () => {
  it('finds the gate entry of a command a terminal saw end, once, by its words in the line the terminal ran', () => {
    const gates = new GateMemory();
    const started = Date.now();
    gates.remember({ id: 'apply', commandLine: 'terraform apply -auto-approve', channel: 'shim' }, started + 10);
    gates.remember({ id: 'typed', commandLine: 'terraform apply -auto-approve', channel: 'terminal' }, started + 10);
    gates.remember({ id: 'delete', commandLine: "kubectl delete ns 'pay ments'", channel: 'hook' }, started + 20);
    assert.deepEqual(gates.claim('CLAUDECODE=1 terraform apply -auto-approve', started), ['apply']);
    assert.deepEqual(gates.claim('terraform apply -auto-approve', started), [], 'given out once');
    // Another command's words, or a run that began well after the gate decided, are not this command.
    assert.deepEqual(gates.claim('kubectl delete ns other', started), []);
    assert.deepEqual(gates.claim("kubectl delete ns 'pay ments'", started + 60_000), []);
    assert.deepEqual(gates.claim("kubectl delete ns 'pay ments' && echo done", started), ['delete']);
  });

  it('folds how a gated command ended into its entry: one row per command, the outcome on it, a gate miss a row of its own', () => {
    const index = new LogIndex();
    index.add(chained(demoRun()));
    const { rows, total } = index.query({}, 0, 50);
    assert.equal(total, 4);
    assert.deepEqual(
      rows.map((row) => [row.commandLine, row.decision, row.outcome]),
      [
        ['rm -rf ~/other-project', 'gate-miss', undefined],
        ['kubectl delete deployment checkout -n checkout', 'denied', { ran: false, exitCode: 126, durationMs: 3000 }],
        ['terraform apply -auto-approve', 'approved', { ran: true, exitCode: 0, durationMs: 1200 }],
        ['terraform plan', 'observed', undefined],
      ],
    );
    assert.deepEqual(index.outcome(2), { ran: true, exitCode: 0, durationMs: 1200 });
    // The filter reads the outcome too.
    assert.deepEqual(index.query({ text: 'not run' }, 0, 50).rows.map((row) => row.seq), [4]);
    assert.deepEqual(index.query({ decision: 'observed' }, 0, 50).rows.map((row) => row.seq), [1]);
  });

  it('says "not run" for a denial no terminal saw, and keeps a record whose gate entry is not in the log as its own row', () => {
    const index = new LogIndex();
    const [, , , denied, refused] = chained(demoRun());
    index.add([denied]);
    assert.deepEqual(index.query({}, 0, 10).rows[0].outcome, { ran: false });
    const orphan = new LogIndex();
    orphan.add([refused]);
    assert.equal(orphan.query({}, 0, 10).total, 1, 'nothing is lost');
  });

  it('exports one row per command with its outcome in CSV and Markdown, and every chained record in JSON', () => {
    const index = new LogIndex();
    const all = chained(demoRun());
    index.add(all);
    const entries = index.matching({ actor: 'Demo agent' });
    assert.deepEqual(JSON.parse(exportEntries(entries, 'json')), all);
    const csv = exportEntries(entries, 'csv').trim().split('\r\n');
    assert.equal(csv.length, 5);
    const outcome = csv[0].split(',').indexOf('outcome');
    assert.deepEqual(csv.slice(1).map((line) => line.split(',')[outcome]), ['', 'exit 0 after 1.2 s', 'not run', '']);
    const markdown = exportEntries(entries, 'md');
    assert.match(markdown, /\| approved by Priya \| exit 0 after 1\.2 s \| `terraform apply -auto-approve` \|/);
    assert.match(markdown, /\| denied by Priya \| not run \| `kubectl delete deployment checkout -n checkout` \|/);
    assert.match(markdown, /^\*\*Four Eyes action log:\*\* 4 actions/);
  });

  it('keeps the outcome a chained record of its own: the log verifies, and the Risk view counts the command once', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-outcome-'));
    try {
      const links = chainedLines(demoRun());
      const all = links.map((link) => link.entry);
      const file = path.join(folder, 'log.jsonl');
      writeFileSync(file, `${links.map((link) => link.line).join('\n')}\n`);
      assert.equal(verifyFiles([file]).intact, true);
      const activity = new Activity('2025-01-01T00:00:00.000Z');
      for (const entry of all) activity.add(entry);
      assert.equal(activity.counts().byAgent[0].count, 4);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
