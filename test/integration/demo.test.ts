import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('the demo agent', () => {
  it('does not start when the PATH shims are off: its stand-ins would run with no one asked', async () => {
    const settings = vscode.workspace.getConfiguration('fourEyes');
    await settings.update('shims', false, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('fourEyes.runDemoAgent');
      assert.deepEqual(vscode.window.terminals.map((terminal) => terminal.name).filter((name) => name === 'Four Eyes demo agent'), []);
    } finally {
      await settings.update('shims', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
