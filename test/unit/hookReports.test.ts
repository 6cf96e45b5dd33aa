import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hookReportEntry, parseHookReport, type HookReport } from '../../src/core/audit/hookReport';
import type { Assessment } from '../../src/core/model/assessment';
import { loadPolicy } from '../../src/core/policy/sources';
import { ingestHookReports } from '../../src/node/audit/ingest';
import { rememberLog } from '../../src/node/audit/locate';
import { spoolDirectory, spoolHookReport, unclaimedSpoolDirectory } from '../../src/node/audit/spool';
import { LogStore } from '../../src/node/audit/store';
import { BrokerServer } from '../../src/node/broker/server';
import type { HookDependencies } from '../../src/node/hooks/decide';
import { decideHook } from '../../src/node/hooks/decide';
import { HookReporter } from '../../src/node/hooks/report';
import { httpHookHandler } from '../../src/node/hooks/http';
import { bashGrammar } from '../../src/node/grammar';
import { classifySubject } from '../../src/core/risk/tools';
import type { CheckResult } from '../../src/protocol/broker';

const cli = path.resolve('dist/cli.js');

function claudePayload(command: string, cwd: string): unknown {
  return { session_id: 'sess-1', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } };
}

function report(overrides: Partial<HookReport> = {}): HookReport {
  return { time: '2025-01-02T10:00:00.000Z', agent: 'claude-code', session: 'sess-1', cwd: '/home/user/shop', commandLine: 'git status', level: 'none', rules: [], decision: 'allowed', reason: 'none risk: the policy lets it through.', ...overrides };
}

describe('hook decisions in the log', () => {
  let root: string;
  let state: string;
  let workspace: string;
  let store: LogStore;
  let savedState: string | undefined;

  function runHook(payload: unknown, env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, 'hook', 'claude-code'], { env: { PATH: process.env.PATH, HOME: root, FOUR_EYES_STATE_DIR: state, ...env }, ...(cwd ? { cwd } : {}) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
      child.stdin.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    });
  }

  before(() => assert.ok(existsSync(cli), 'build first: npm run build'));
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-hookreports-'));
    state = path.join(root, 'state');
    workspace = path.join(root, 'shop');
    mkdirSync(workspace, { recursive: true });
    savedState = process.env.FOUR_EYES_STATE_DIR;
    process.env.FOUR_EYES_STATE_DIR = state;
    store = new LogStore(path.join(root, 'storage', 'action-log.jsonl'));
  });
  afterEach(() => {
    if (savedState === undefined) delete process.env.FOUR_EYES_STATE_DIR;
    else process.env.FOUR_EYES_STATE_DIR = savedState;
    store.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('spools a command the hook passes for the folder’s log, without loading node:crypto, and the window chains it as the hook’s report', async () => {
    rememberLog([workspace], store.file);
    const trace = path.join(root, 'trace.js');
    writeFileSync(trace, "process.on('exit', () => require('fs').writeSync(2, 'modules: ' + process.moduleLoadList.filter((name) => /crypto/.test(name)).join(',') + '\\n'));");
    const result = await runHook(claudePayload('terraform version', workspace), { NODE_OPTIONS: `--require ${trace}` });
    assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', 'modules: \n']);
    assert.equal(readdirSync(spoolDirectory(store.file)).length, 1);
    assert.deepEqual(ingestHookReports(store, spoolDirectory(store.file)), { taken: 1, skipped: 0, more: false });
    assert.deepEqual(readdirSync(spoolDirectory(store.file)), []);
    const [entry] = store.read();
    assert.deepEqual(
      { actor: entry.actor, channel: entry.channel, commandLine: entry.commandLine, cwd: entry.cwd, assessment: entry.assessment, decision: { kind: entry.decision.kind, by: entry.decision.by }, reported: entry.reported },
      { actor: { kind: 'agent', agent: 'claude-code', session: 'sess-1', evidence: 'hook report' }, channel: 'hook', commandLine: 'terraform version', cwd: workspace, assessment: { level: 'none', rules: [] }, decision: { kind: 'allowed', by: 'hook' }, reported: 'hook' },
    );
    assert.match(entry.decision.reason, /decided by the hook without asking the broker/);
    assert.equal(store.verify().intact, true);
  });

  it('reports a denial when no broker answers, and nothing for a decision the broker made and logged', async () => {
    rememberLog([workspace], store.file);
    const denied = await runHook(claudePayload('terraform destroy -auto-approve', workspace));
    assert.match(denied.stdout, /"permissionDecision":"deny"/);
    ingestHookReports(store, spoolDirectory(store.file));
    const [entry] = store.read();
    assert.deepEqual([entry.decision.kind, entry.assessment.level, entry.assessment.rules, entry.reported], ['denied', 'critical', ['terraform.destroy'], 'hook']);
    assert.match(entry.decision.reason, /no Four Eyes broker answered/);

    const answer: CheckResult = { decision: 'allow', approved: true, reason: 'Approved by Dana.', entryId: 'e-1', level: 'critical' };
    const handler = (method: string): Promise<unknown> => (method === 'check' ? Promise.resolve(answer) : Promise.reject(new Error('not in this test')));
    const server = new BrokerServer(handler as never);
    const endpoints = await server.start();
    try {
      const approved = await runHook(claudePayload('terraform destroy -auto-approve', workspace), { FOUR_EYES_SOCKET: endpoints.socket, FOUR_EYES_TOKEN: endpoints.token });
      assert.match(approved.stdout, /"permissionDecision":"allow"/);
    } finally {
      await server.stop();
    }
    assert.deepEqual(readdirSync(spoolDirectory(store.file)), [], 'the broker logs its own decisions');
  });

  it('logs each call it denied because it could not read it: input that is not JSON, and a shell tool without its command', async () => {
    rememberLog([workspace], store.file);
    const garbage = await runHook('{"tool_name": "Bash", "tool_input": {"command": "rm -rf /"', {}, workspace);
    assert.match(garbage.stdout, /"permissionDecision":"deny".*could not read this tool call \(the hook input is not JSON/);
    const empty = await runHook({ session_id: 'sess-2', cwd: workspace, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 7 } });
    assert.match(empty.stdout, /"permissionDecision":"deny".*its Bash call carries no command/);
    assert.deepEqual(ingestHookReports(store, spoolDirectory(store.file)), { taken: 2, skipped: 0, more: false });
    const entries = store.read().sort((a, b) => a.commandLine.localeCompare(b.commandLine));
    assert.deepEqual(
      entries.map((entry) => [entry.commandLine, entry.decision.kind, entry.decision.by, entry.assessment.level, entry.reported]),
      [
        ['(a tool call Four Eyes could not read: its Bash call carries no command)', 'denied', 'hook', 'high', 'hook'],
        [`(a tool call Four Eyes could not read: the hook input is not JSON Four Eyes can read: ${entries[1].commandLine.split('can read: ')[1]}`, 'denied', 'hook', 'high', 'hook'],
      ],
    );
    assert.match(entries[0].decision.reason, /Denied by the hook: Four Eyes could not read the tool call/);
    assert.equal(entries[0].actor.kind === 'agent' && entries[0].actor.session, 'sess-2');
  });

  it('reads a report of a call it could not read, and nothing that is two kinds at once', () => {
    const withoutCommand: HookReport = { time: '2025-01-02T10:00:00.000Z', agent: 'vscode', cwd: '/home/user/shop', unreadable: 'it names no tool', level: 'high', rules: [], decision: 'denied', reason: 'Denied by the hook.' };
    assert.deepEqual(parseHookReport(JSON.stringify(withoutCommand)), withoutCommand);
    assert.equal(hookReportEntry(withoutCommand, 'id', '2025-01-02T10:00:01.000Z').commandLine, '(a tool call Four Eyes could not read: it names no tool)');
    assert.equal(parseHookReport(JSON.stringify({ ...withoutCommand, commandLine: 'ls' })), undefined);
    assert.equal(parseHookReport(JSON.stringify({ ...withoutCommand, unreadable: 7 })), undefined);
  });

  it('keeps a report for a folder no window has logged until a window whose folders hold it starts', async () => {
    const result = await runHook(claudePayload('ls -la', workspace));
    assert.equal(result.status, 0);
    assert.equal(readdirSync(unclaimedSpoolDirectory()).length, 1);
    const elsewhere = new LogStore(path.join(root, 'other-storage', 'action-log.jsonl'));
    const otherRoots = [path.join(root, 'other')];
    const within = (roots: string[]) => (spooled: HookReport) => roots.some((folder) => spooled.cwd === folder || spooled.cwd.startsWith(`${folder}${path.sep}`));
    assert.equal(ingestHookReports(elsewhere, unclaimedSpoolDirectory(), { accept: within(otherRoots) }).taken, 0);
    assert.equal(readdirSync(unclaimedSpoolDirectory()).length, 1, 'left for its own window');
    assert.equal(ingestHookReports(store, unclaimedSpoolDirectory(), { accept: within([workspace]) }).taken, 1);
    assert.equal(store.read()[0].commandLine, 'ls -la');
    elsewhere.close();
  });

  it('reads the spool as claims: what is not a report is dropped, and a report never becomes the broker’s decision', () => {
    const spool = spoolDirectory(store.file);
    mkdirSync(spool, { recursive: true });
    const forged = { ...report({ commandLine: 'terraform destroy', level: 'critical', decision: 'allowed', reason: 'Approved by alice.' }), channel: 'shim', by: 'alice', reported: undefined, seq: 1 };
    writeFileSync(path.join(spool, '000000000000001-1-0.json'), JSON.stringify(forged));
    writeFileSync(path.join(spool, '000000000000002-1-0.json'), 'not json');
    writeFileSync(path.join(spool, '000000000000003-1-0.json'), JSON.stringify(report({ level: 'extreme' as never })));
    writeFileSync(path.join(spool, '000000000000004-1-0.json'), JSON.stringify(report({ commandLine: 'x'.repeat(300 * 1024) })));
    writeFileSync(path.join(spool, 'notes.txt'), 'not a report name');
    assert.deepEqual(ingestHookReports(store, spool), { taken: 1, skipped: 3, more: false });
    const [entry] = store.read();
    assert.deepEqual([entry.channel, entry.decision.by, entry.reported, entry.actor.evidence], ['hook', 'hook', 'hook', 'hook report']);
    assert.deepEqual(readdirSync(spool), ['notes.txt']);
  });

  it('takes a report once, and one left claimed by a window that died', () => {
    rememberLog([workspace], store.file);
    for (let index = 0; index < 5; index++) spoolHookReport(report({ cwd: workspace, commandLine: `echo ${index}` }));
    const spool = spoolDirectory(store.file);
    const [first] = readdirSync(spool).sort();
    // A window that died between claiming and chaining (no process has pid 2^22 + 1 here).
    writeFileSync(path.join(spool, `.${first}.4194305.claimed`), JSON.stringify(report({ cwd: workspace, commandLine: 'echo claimed' })));
    rmSync(path.join(spool, first));
    const second = new LogStore(store.file);
    assert.equal(ingestHookReports(store, spool, { limit: 3 }).more, true);
    ingestHookReports(second, spool);
    assert.deepEqual(
      store.read().map((entry) => entry.commandLine),
      ['echo claimed', 'echo 1', 'echo 2', 'echo 3', 'echo 4'],
    );
    assert.deepEqual(readdirSync(spool), []);
    second.close();
  });

  it('logs what Claude Code’s HTTP hook passes in the broker’s process, and nothing more for what the broker decided', async () => {
    const grammar = await bashGrammar();
    const reported: HookReport[] = [];
    const handle = httpHookHandler({
      policy: () => loadPolicy({ user: {} }),
      classify: (line, cwd, env, policy) => Promise.resolve(classifySubject(line, grammar, { cwd, env, policy })),
      check: () => Promise.resolve({ decision: 'deny', approved: false, reason: 'Dana denied it.', entryId: 'e1', level: 'critical' }),
      cwd: () => root,
      report: (found) => reported.push(found),
    });
    await handle('claude-code', claudePayload('git status', root), new AbortController().signal);
    await handle('claude-code', claudePayload('terraform destroy -auto-approve', root), new AbortController().signal);
    assert.deepEqual(reported.map((found) => [found.commandLine, found.decision]), [['git status', 'allowed']]);
  });

  it('dates a report from the future when it was taken', () => {
    const entry = hookReportEntry(report({ time: '2999-01-01T00:00:00.000Z' }), 'id-1', '2025-01-02T10:00:05.000Z');
    assert.equal(entry.time, '2025-01-02T10:00:05.000Z');
    assert.equal(parseHookReport(JSON.stringify(report({ agent: 'Not An Agent' }))), undefined);
    assert.equal(parseHookReport(JSON.stringify({ ...report(), commandLine: undefined })), undefined, 'a command or an edit');
    assert.deepEqual(parseHookReport(JSON.stringify({ ...report(), commandLine: undefined, edit: { tool: 'Write', paths: ['a.ts'] } }))?.edit, { tool: 'Write', paths: ['a.ts'] });
  });

  describe('the reporter around the hook’s decision', () => {
    const policy = loadPolicy({ user: {} });
    const assessment = (level: Assessment['level'], requires: Assessment['requires']): Assessment => ({ commandLine: '', level, findings: level === 'none' ? [] : [{ ruleId: 'test.rule', level, reason: 'test', span: { start: 0, end: 1 }, command: '', via: [], target: undefined, saferAlternative: undefined }], commands: [], requires });

    async function decide(payload: unknown, dependencies: Partial<HookDependencies>): Promise<HookReport[]> {
      const spooled: HookReport[] = [];
      const reporter = new HookReporter('claude-code', payload, '/fallback', { HOME: '/home/user' }, (spooledReport) => spooled.push(spooledReport));
      const watched = reporter.watch({ policy: () => policy, classify: () => Promise.resolve(assessment('none', 'allow')), check: () => Promise.reject(new Error('no broker')), ...dependencies });
      reporter.report(await decideHook('claude-code', payload, { HOME: '/home/user' }, '/fallback', watched));
      return spooled;
    }

    it('reports passes and denials it made, and leaves the broker’s and reads alone', async () => {
      const [pass] = await decide(claudePayload('git status', '/work'), {});
      assert.deepEqual([pass.decision, pass.level, pass.commandLine, pass.cwd, pass.session], ['allowed', 'none', 'git status', '/work', 'sess-1']);
      const [denied] = await decide(claudePayload('git push --force', '/work'), { classify: () => Promise.resolve(assessment('high', 'approve')) });
      assert.deepEqual([denied.decision, denied.level, denied.rules], ['denied', 'high', ['test.rule']]);
      assert.match(denied.reason, /no Four Eyes broker answered \(no broker\)/);
      const answered: CheckResult = { decision: 'deny', approved: false, reason: 'Dana denied it.', entryId: 'e', level: 'high' };
      assert.deepEqual(await decide(claudePayload('git push --force', '/work'), { classify: () => Promise.resolve(assessment('high', 'approve')), check: () => Promise.resolve(answered) }), []);
      assert.deepEqual(await decide({ cwd: '/work', tool_name: 'Glob', tool_input: { pattern: '*.ts' } }, {}), []);
    });

    it('reports an edit by its files, judged as the hook judged them', async () => {
      const [edit] = await decide({ cwd: '/work', session_id: 's', tool_name: 'Write', tool_input: { file_path: '/work/src/a.ts', content: '' } }, {});
      assert.deepEqual([edit.decision, edit.edit, edit.commandLine], ['allowed', { tool: 'Write', paths: ['/work/src/a.ts'] }, undefined]);
      assert.equal(hookReportEntry(edit, 'id', new Date().toISOString()).commandLine, 'Write /work/src/a.ts');
    });

    it('never lets a report that cannot be written change the answer', () => {
      const reporter = new HookReporter('claude-code', claudePayload('ls', '/work'), '/fallback', {}, () => {
        throw new Error('read-only home');
      });
      const output = { stdout: '', stderr: '', exitCode: 0 };
      assert.equal(reporter.report(output), output);
    });
  });
});
