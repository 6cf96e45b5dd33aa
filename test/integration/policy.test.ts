import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Assessment } from '../../src/core/model/assessment';
import type { PolicyService } from '../../src/extension/policy';
import type { TestInterface } from '../../src/extension/testInterface';

/** Resolve once the service has reloaded into a state that passes `test` (at once if it already does). */
function until(policy: PolicyService, test: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const listener = policy.onDidChange(() => {
      if (!test()) return;
      listener.dispose();
      resolve();
    });
    if (test()) {
      listener.dispose();
      resolve();
    }
  });
}

function check(commandLine: string): Thenable<Assessment> {
  return vscode.commands.executeCommand<Assessment>('fourEyes.checkCommandLine', commandLine);
}

// Loosens both the plain and the production requirement: the fixture's terraform workspace is `production`.
const loosening = JSON.stringify({ version: 1, approval: { critical: 'allow', productionCritical: 'allow' } }, undefined, 2);

describe('the workspace policy in a real VS Code', () => {
  let api: TestInterface;
  let folder: vscode.Uri;
  let file: vscode.Uri;
  let createdDirectory = false;

  /** Write the policy file and wait until the service has read exactly this text, through its own watcher. */
  async function writePolicy(text: string): Promise<void> {
    const read = until(api.policy, () => api.policy.sources().workspaces?.at(-1)?.text === text);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    await read;
  }

  before(async () => {
    const extension = vscode.extensions.getExtension('four-eyes.four-eyes');
    assert.ok(extension);
    api = (await extension.activate()) as TestInterface;
    assert.ok(api?.policy, 'the test interface has the policy service');
    const workspace = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspace);
    folder = vscode.Uri.joinPath(workspace.uri, '.vscode');
    file = vscode.Uri.joinPath(folder, 'four-eyes.json');
    createdDirectory = await vscode.workspace.fs.stat(folder).then(
      () => false,
      () => true,
    );
    if (createdDirectory) await vscode.workspace.fs.createDirectory(folder);
  });

  after(async () => {
    // The fixture folder is shared with the other suites: leave it as it was.
    await api.policy.setPin(undefined);
    const removed = until(api.policy, () => api.policy.sources().workspaces === undefined);
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    if (createdDirectory) await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
    await removed;
  });

  it('applies a team rule to the next check, without a reload', async () => {
    assert.notEqual((await check('make deploy-now')).level, 'critical');
    await writePolicy(JSON.stringify({ version: 1, rules: [{ id: 'team.deploy', match: { commandLine: 'make deploy*' }, level: 'critical' }] }, undefined, 2));
    const assessment = await check('make deploy-now');
    assert.equal(assessment.level, 'critical');
    assert.ok(assessment.findings.some((finding) => finding.ruleId === 'team.deploy'));
  });

  it('ignores and reports a policy that loosens the built-in one', async () => {
    await writePolicy(loosening);
    const ignored = api.policy.current.ignored.find((setting) => setting.what.startsWith('approval.critical'));
    assert.ok(ignored, JSON.stringify(api.policy.current.ignored));
    assert.equal(ignored.layer, 'workspace');
    assert.equal(ignored.lowerLayer, 'defaults');
    assert.equal(api.policy.sources().workspaces?.at(-1)?.trusted, false);
    const assessment = await check('terraform destroy');
    assert.equal(assessment.level, 'critical');
    assert.notEqual(assessment.requires, 'allow');
  });

  it('lets the exact trusted text loosen, and drops the trust when the file changes', async () => {
    await api.policy.setPin(loosening);
    assert.equal(api.policy.workspaceTrustState, 'trusted');
    assert.equal(api.policy.sources().workspaces?.at(-1)?.trusted, true);
    assert.equal(api.policy.current.ignored.length, 0, JSON.stringify(api.policy.current.ignored));
    assert.equal((await check('terraform destroy')).requires, 'allow');

    await writePolicy(`${loosening}\n`);
    assert.equal(api.policy.workspaceTrustState, 'changed');
    assert.equal(api.policy.sources().workspaces?.at(-1)?.trusted, false);
    assert.ok(api.policy.current.ignored.some((setting) => setting.what.startsWith('approval.critical') && setting.lowerLayer === 'defaults'));
    assert.notEqual((await check('terraform destroy')).requires, 'allow');
  });
});
