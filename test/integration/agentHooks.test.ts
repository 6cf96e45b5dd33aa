import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hookKeyHeader } from '../../src/core/hooks/install';
import type { TestInterface } from '../../src/extension/testInterface';
import { nextApproval } from './support/approvals';

/** What an agent's command hook does: run the launcher with the call on stdin. */
function launcher(agent: string, payload: unknown): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(homedir(), '.four-eyes', 'bin', 'four-eyes'), ['hook', agent]);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout }));
    child.stdin.end(JSON.stringify(payload));
  });
}

describe('agent hooks in a real VS Code: the launcher and the HTTP hook reach this window’s broker', () => {
  let api: TestInterface;
  const workspace = (): string => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';


  before(async () => {
    api = (await vscode.extensions.getExtension('four-eyes.four-eyes')?.activate()) as TestInterface;
    assert.ok(api, 'the test interface is there');
  });

  it('lets a safe command through the launcher without asking anyone, and the log has the hook’s own report of it', async () => {
    const before = api.log.read().length;
    const result = await launcher('claude-code', { session_id: 's-safe', cwd: workspace(), hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform version' } });
    assert.deepEqual(result, { status: 0, stdout: '' });
    // The hook decided alone: its report reaches the log as the hook's, never as a decision of the broker's.
    let added = api.log.read().slice(before);
    for (const deadline = Date.now() + 15_000; added.length === 0 && Date.now() < deadline; added = api.log.read().slice(before)) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(
      added.map((entry) => [entry.commandLine, entry.decision.kind, entry.decision.by, entry.reported, entry.actor.session]),
      [['terraform version', 'allowed', 'hook', 'hook', 's-safe']],
    );
  });

  it('holds a destructive command from the launcher until the person approves, then tells the agent to run it', async () => {
    const asked = nextApproval(api);
    const answer = launcher('gemini', { session_id: 's-gemini', cwd: workspace(), hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'kubectl delete namespace shop' } });
    const request = await asked;
    assert.deepEqual([request.actor.agent, request.actor.session, request.params.channel], ['gemini', 's-gemini', 'hook']);
    api.answer(request.id, { decision: 'approve', by: 'integration test' });
    const result = await answer;
    assert.equal(result.status, 0);
    assert.equal((JSON.parse(result.stdout) as { decision: string }).decision, 'allow');
  });

  it('serves Claude Code’s HTTP hook on the fixed port and denies what the person denies', async () => {
    const port = vscode.workspace.getConfiguration('fourEyes').get<number>('hookPort');
    const key = readFileSync(path.join(homedir(), '.four-eyes', 'hook-key'), 'utf8').trim();
    const asked = nextApproval(api);
    // The key travels in a header, as the installed hook sends it; never in the URL.
    const response = fetch(`http://127.0.0.1:${port}/four-eyes/hook/claude-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [hookKeyHeader]: key },
      body: JSON.stringify({ session_id: 's-http', cwd: workspace(), hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve' } }),
    });
    const request = await asked;
    assert.deepEqual([request.actor.agent, request.actor.session], ['claude-code', 's-http']);
    api.answer(request.id, { decision: 'deny', by: 'integration test', message: 'plan first' });
    const body = (await (await response).json()) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(body.hookSpecificOutput.permissionDecision, 'deny');
    assert.match(body.hookSpecificOutput.permissionDecisionReason, /integration test denied it: "plan first"/);
    const entry = api.log.read().find((logged) => logged.actor.session === 's-http');
    assert.deepEqual([entry?.channel, entry?.actor.agent, entry?.decision.kind], ['hook', 'claude-code', 'denied']);
  });
});
