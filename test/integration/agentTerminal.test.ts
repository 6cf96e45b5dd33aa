import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { next, run } from './support/shell';
import type { TestInterface } from '../../src/extension/testInterface';

/** A made-up key in the throwaway HOME code-server runs with: what an agent must not read. */
const secret = 'four-eyes-test-secret-do-not-leak';


function until(check: () => boolean, event: vscode.Event<unknown>): Promise<void> {
  return check() ? Promise.resolve() : next(event, check).then(() => undefined);
}

describe('agent mode’s terminal in the sandbox, in a real VS Code', () => {
  let api: TestInterface;
  let agent: vscode.Terminal;
  let person: vscode.Terminal;
  let setting: string;
  let createdFolder = false;
  const credentials = path.join(homedir(), '.aws', 'credentials');
  const workspace = (): string => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const policyFolder = (): string => path.join(workspace(), '.vscode');
  const policyFile = (): string => path.join(policyFolder(), 'four-eyes.json');
  const policy = '{ "version": 1 }\n';

  before(async () => {
    api = (await vscode.extensions.getExtension('four-eyes.four-eyes')?.activate()) as TestInterface;
    assert.ok(api, 'the test interface is there');
    assert.ok(homedir().includes('four-eyes'), `the tests run with a throwaway HOME, not ${homedir()}`);
    mkdirSync(path.dirname(credentials), { recursive: true });
    writeFileSync(credentials, `[default]\naws_access_key_id = AKIAFOUREYESTEST\naws_secret_access_key = ${secret}\n`);
    createdFolder = !statSync(policyFolder(), { throwIfNoEntry: false });
    mkdirSync(policyFolder(), { recursive: true });
    writeFileSync(policyFile(), policy);
    const configured = api.agentTerminal();
    assert.ok(configured.setting, 'this platform has an agent terminal setting');
    setting = configured.setting;
    const { profile } = configured;
    // The terminal agent mode's run_in_terminal tool creates from the profile setting: path, args and env as written.
    agent = vscode.window.createTerminal({ name: 'Copilot agent mode (sandbox)', cwd: workspace(), shellPath: profile.path, shellArgs: [...(profile.args ?? [])], env: { ...profile.env } });
    person = vscode.window.createTerminal({ name: 'my terminal', cwd: workspace(), shellPath: '/bin/bash' });
  });

  after(async () => {
    agent?.dispose();
    person?.dispose();
    rmSync(path.join(homedir(), '.aws'), { recursive: true, force: true });
    // The fixture folder is shared with the other suites: leave it as it was.
    const removed = until(() => api.policy.sources().workspaces === undefined, api.policy.onDidChange);
    rmSync(createdFolder ? policyFolder() : policyFile(), { recursive: true, force: true });
    await removed;
    if (setting) await vscode.workspace.getConfiguration().update(setting, undefined, vscode.ConfigurationTarget.Global);
  });

  it('runs the shell with shell integration, so agent mode sees each command end and reads its output, inside the sandbox', async () => {
    const result = await run(agent, 'echo "sandbox=$FOUR_EYES_SANDBOX"');
    assert.equal(result.exitCode, 0);
    assert.match(result.output, /sandbox=1/);
  });

  it('cannot read the credentials in ~/.aws', async () => {
    const result = await run(agent, 'cat ~/.aws/credentials');
    assert.notEqual(result.exitCode, 0);
    assert.doesNotMatch(result.output, new RegExp(secret));
  });

  it('cannot rewrite the workspace policy .vscode/four-eyes.json, nor delete it', async () => {
    const written = await run(agent, `echo '{ "version": 1, "approvals": {} }' > .vscode/four-eyes.json`);
    assert.notEqual(written.exitCode, 0);
    const removed = await run(agent, 'rm -f .vscode/four-eyes.json');
    assert.notEqual(removed.exitCode, 0);
    assert.equal(readFileSync(policyFile(), 'utf8'), policy);
  });

  it('cannot write to the action log', async () => {
    const before = readFileSync(api.log.file, 'utf8');
    const result = await run(agent, `printf '{"forged":true}\\n' >> '${api.log.file.replace(/'/g, `'\\''`)}'`);
    assert.notEqual(result.exitCode, 0);
    const after = readFileSync(api.log.file, 'utf8');
    assert.ok(after.startsWith(before), 'the log was not rewritten');
    // Observation logs the command line itself; the forged line must not be there as a line of its own.
    assert.ok(!after.split('\n').includes('{"forged":true}'), 'the forged line reached the log');
  });

  it('leaves the person’s own terminal as it was: it reads the credentials', async () => {
    const result = await run(person, 'cat ~/.aws/credentials; echo "sandbox=${FOUR_EYES_SANDBOX:-none}"');
    assert.equal(result.exitCode, 0);
    assert.match(result.output, new RegExp(secret));
    assert.match(result.output, /sandbox=none/);
  });

  it('shows in the Risk view whether agent mode’s terminal runs in the sandbox', async () => {
    const agentMode = (): { gap?: string } | undefined => api.riskState().sandbox.agents.find((row) => row.agent === 'vscode');
    const state = api.riskState().sandbox;
    assert.equal(state.available, true, `a sandbox can run here: ${state.reason ?? ''}`);
    assert.equal(agentMode()?.gap, 'profile-unset');
    await vscode.workspace.getConfiguration().update(setting, api.agentTerminal().profile, vscode.ConfigurationTarget.Global);
    assert.deepEqual(agentMode(), { agent: 'vscode', label: 'Copilot agent mode', way: 'terminal-profile' });
  });
});
