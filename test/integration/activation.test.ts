import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Assessment } from '../../src/core/model/assessment';

const extensionId = 'four-eyes.four-eyes';

describe('the extension in a real VS Code', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(extensionId);
    assert.ok(found, `${extensionId} is not loaded`);
    extension = found;
    await extension.activate();
  });

  it('activates', () => {
    assert.equal(extension.isActive, true);
  });

  it('registers every command it contributes', async () => {
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((command) => command.command);
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((command) => !registered.has(command)), []);
  });

  it('checks a command line with the risk engine', async () => {
    const assessment = await vscode.commands.executeCommand<Assessment>('fourEyes.checkCommandLine', 'kubectl --context prod-eu delete ns shop');
    assert.equal(assessment.level, 'critical');
    assert.equal(assessment.requires, 'approve-typed');
    assert.ok(assessment.findings.some((finding) => finding.ruleId === 'kubernetes.delete.namespace'));
    assert.equal(assessment.target?.name, 'prod-eu');
  });

  it('reads the workspace it runs in: a make target is judged by its recipe', async () => {
    const assessment = await vscode.commands.executeCommand<Assessment>('fourEyes.checkCommandLine', 'make destroy');
    assert.equal(assessment.level, 'critical');
    assert.deepEqual(assessment.findings.map((finding) => finding.ruleId), ['terraform.destroy']);
  });
});
