import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { attribute } from '../../src/core/approval/actor';
import { classifySubject } from '../../src/core/risk/tools';
import { Broker, type ApprovalAnswer, type ApprovalRequest } from '../../src/node/broker/broker';
import { BrokerServer, type Endpoints } from '../../src/node/broker/server';
import { bashGrammar } from '../../src/node/grammar';
import { httpHookHandler } from '../../src/node/hooks/http';
import type { CheckParams } from '../../src/protocol/broker';
import { loadPolicy } from '../../src/core/policy/sources';

const cli = path.resolve('dist/cli.js');

function runHook(agent: string, payload: unknown, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'hook', agent], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
  });
}

function claudePayload(command: string, cwd: string): unknown {
  return { session_id: 'sess-1', transcript_path: '/tmp/t.jsonl', cwd, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command, description: 'test' }, tool_use_id: 'toolu_1' };
}

describe('four-eyes hook (the process an agent runs)', () => {
  let state: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    assert.ok(existsSync(cli), 'build first: npm run build');
    state = mkdtempSync(path.join(tmpdir(), 'four-eyes-hook-'));
    env = { PATH: process.env.PATH, HOME: state, FOUR_EYES_STATE_DIR: path.join(state, 'state') };
  });
  after(() => rmSync(state, { recursive: true, force: true }));

  it('lets safe commands through at once, with no broker at all', async () => {
    const result = await runHook('claude-code', claudePayload('terraform plan', state), env);
    assert.deepEqual(result, { status: 0, stdout: '', stderr: '' });
    const gemini = await runHook('gemini', { session_id: 's', cwd: state, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'ls -la' } }, env);
    assert.equal(gemini.status, 0);
  });

  it('denies in the agent’s own format when no broker answers: fail closed', async () => {
    const claude = await runHook('claude-code', claudePayload('terraform destroy -auto-approve', state), env);
    assert.equal(claude.status, 0);
    const answer = JSON.parse(claude.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(answer.hookSpecificOutput.permissionDecision, 'deny');
    assert.match(answer.hookSpecificOutput.permissionDecisionReason, /needs a person's approval in VS Code, and no Four Eyes broker answered/);
    const gemini = await runHook('gemini', { cwd: state, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'kubectl delete ns shop' } }, env);
    assert.equal((JSON.parse(gemini.stdout) as { decision: string }).decision, 'deny');
    const windsurf = await runHook('windsurf', { agent_action_name: 'pre_run_command', tool_info: { command_line: 'rm -rf /', cwd: state } }, env);
    assert.equal(windsurf.status, 2);
    assert.match(windsurf.stderr, /Four Eyes/);
  });

  it('never exits 1: unreadable input and unknown agents are denials too', async () => {
    const garbage = await runHook('claude-code', 'not json', env);
    assert.equal(garbage.status, 0);
    assert.equal((JSON.parse(garbage.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'deny');
    const unknown = await runHook('no-such-agent', {}, env);
    assert.equal(unknown.status, 2);
  });

  it('leaves tools that run nothing alone, and asks about edits of an agent’s own settings', async () => {
    const read = await runHook('claude-code', { cwd: state, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: 'README.md' } }, env);
    assert.deepEqual(read, { status: 0, stdout: '', stderr: '' });
    const edit = await runHook('claude-code', { cwd: state, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: path.join(state, '.claude', 'settings.json'), content: '{}' } }, env);
    assert.equal((JSON.parse(edit.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'deny');
  });

  describe('with a broker', () => {
    let server: BrokerServer;
    let endpoints: Endpoints;
    const requests: ApprovalRequest[] = [];
    const answers: ((answer: ApprovalAnswer) => void)[] = [];
    let notify: () => void = () => undefined;

    before(async () => {
      const grammar = await bashGrammar();
      const broker = new Broker({
        classify: (line, cwd, commandEnv, policy) => Promise.resolve(classifySubject(line, grammar, { cwd, env: commandEnv, policy })),
        attribute: (params) => Promise.resolve(attribute({ env: params.env, ...(params.agent ? { hook: { agent: params.agent, ...(params.session ? { session: params.session } : {}) } } : {}) })),
        policy: () => loadPolicy({ user: { humans: 'log', approvalTimeoutSeconds: 60 } }),
        approve: (request) =>
          new Promise((resolve) => {
            requests.push(request);
            answers.push(resolve);
            notify();
          }),
        record: () => undefined,
      });
      server = new BrokerServer(
        (method, params, signal) => (method === 'check' ? broker.check(params as CheckParams, signal) : Promise.resolve({ version: 'test', roots: [] })),
        httpHookHandler({ policy: () => loadPolicy({ user: {} }), classify: (line, cwd, commandEnv, policy) => Promise.resolve(classifySubject(line, grammar, { cwd, env: commandEnv, policy })), check: (params, signal) => broker.check(params, signal), cwd: () => state }),
      );
      endpoints = await server.start();
    });
    after(() => server.stop());

    const post = async (agent: string, payload: unknown, token = endpoints.token): Promise<{ status: number; body: { hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string } } }> => {
      const response = await fetch(`${endpoints.http}/v1/hooks/${agent}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      return { status: response.status, body: (await response.json()) as never };
    };

    it('serves Claude Code’s HTTP hook: safe commands pass at once, risky ones wait for the person', async () => {
      const before = requests.length;
      assert.deepEqual(await post('claude-code', claudePayload('terraform version', state)), { status: 200, body: {} });
      assert.equal(requests.length, before, 'no approval asked for a safe command');
      const pending = post('claude-code', claudePayload('kubectl delete namespace shop', state));
      await asked();
      assert.deepEqual([requests.at(-1)?.actor.agent, requests.at(-1)?.params.channel], ['claude-code', 'hook']);
      answers.shift()?.({ decision: 'deny', by: 'Dana' });
      const denied = await pending;
      assert.equal(denied.status, 200);
      assert.equal(denied.body.hookSpecificOutput?.permissionDecision, 'deny');
      assert.match(denied.body.hookSpecificOutput?.permissionDecisionReason ?? '', /Dana denied it/);
    });

    it('answers a wrong token or an agent without HTTP hooks with a denial, never an error the agent would ignore', async () => {
      const forged = await post('claude-code', claudePayload('terraform destroy', state), 'f'.repeat(64));
      assert.equal(forged.status, 200);
      assert.equal(forged.body.hookSpecificOutput?.permissionDecision, 'deny');
      assert.match(forged.body.hookSpecificOutput?.permissionDecisionReason ?? '', /token/);
      const windsurf = await post('windsurf', { agent_action_name: 'pre_run_command', tool_info: { command_line: 'rm -rf /', cwd: state } });
      assert.match(JSON.stringify(windsurf.body), /use the command hook/);
    });

    const asked = (): Promise<void> => new Promise((resolve) => (answers.length ? resolve() : (notify = resolve)));

    it('holds until the person decides, labels the agent and session, then answers', async () => {
      const brokerEnv = { ...env, FOUR_EYES_SOCKET: endpoints.socket, FOUR_EYES_TOKEN: endpoints.token };
      const denied = runHook('claude-code', claudePayload('terraform destroy -auto-approve', state), brokerEnv);
      await asked();
      assert.deepEqual([requests[0].actor.agent, requests[0].actor.session, requests[0].params.channel], ['claude-code', 'sess-1', 'hook']);
      answers.shift()?.({ decision: 'deny', by: 'Dana', message: 'plan first' });
      const deny = JSON.parse((await denied).stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
      assert.equal(deny.hookSpecificOutput.permissionDecision, 'deny');
      assert.match(deny.hookSpecificOutput.permissionDecisionReason, /^Four Eyes: not run\. Dana denied it: "plan first"\. terraform\.destroy: .* Safer: terraform plan -destroy\.$/);

      const approved = runHook('claude-code', claudePayload('terraform destroy -auto-approve', state), brokerEnv);
      await asked();
      answers.shift()?.({ decision: 'approve', by: 'Dana' });
      const allow = JSON.parse((await approved).stdout) as { hookSpecificOutput: { permissionDecision: string } };
      assert.equal(allow.hookSpecificOutput.permissionDecision, 'allow');
    });
  });
});
