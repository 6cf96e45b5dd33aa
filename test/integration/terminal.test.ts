import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TerminalLayers } from '../../src/extension/terminals';
import { next, run, shellIntegration } from './support/shell';

describe('terminals and tasks in a real VS Code', () => {
  it('reports a terminal command’s exit code through shell integration', async () => {
    const terminal = vscode.window.createTerminal({ name: 'four-eyes integration', shellPath: '/bin/bash' });
    try {
      const integration = terminal.shellIntegration ?? (await next(vscode.window.onDidChangeTerminalShellIntegration, (change) => change.terminal === terminal)).shellIntegration;
      const ended = next(vscode.window.onDidEndTerminalShellExecution, (end) => end.terminal === terminal);
      const execution = integration.executeCommand("bash -c 'exit 3'");
      const end = await ended;
      assert.equal(end.execution, execution);
      assert.equal(end.exitCode, 3);
      assert.equal(end.execution.commandLine.value, "bash -c 'exit 3'");
    } finally {
      terminal.dispose();
    }
  });

  it('observes a task’s process and its exit code', async () => {
    const task = new vscode.Task({ type: 'shell', label: 'four-eyes exit 4' }, vscode.TaskScope.Workspace, 'four-eyes exit 4', 'four-eyes', new vscode.ShellExecution('exit 4'));
    const started = next(vscode.tasks.onDidStartTaskProcess, (start) => start.execution.task.name === task.name);
    const ended = next(vscode.tasks.onDidEndTaskProcess, (end) => end.execution.task.name === task.name);
    await vscode.tasks.executeTask(task);
    const start = await started;
    assert.ok(start.processId > 0);
    const end = await ended;
    assert.equal(end.exitCode, 4);
  });
});

describe('terminals without the shims, in a real VS Code', () => {
  it('are listed until relaunched, and the relaunched shell has the shims on PATH', async () => {
    // Open before the layers learned the shims were applied: as a terminal restored at start-up is.
    const terminal = vscode.window.createTerminal({ name: 'opened before Four Eyes', shellPath: '/bin/bash' });
    await shellIntegration(terminal);
    const layers = new TerminalLayers();
    try {
      layers.shimsApplied();
      const listed = layers.unshimmed().find((found) => found.name === 'opened before Four Eyes');
      assert.ok(listed, JSON.stringify(layers.unshimmed()));
      // One opened from now on has them.
      const later = vscode.window.createTerminal({ name: 'opened after', shellPath: '/bin/bash' });
      await shellIntegration(later);
      assert.ok(!layers.unshimmed().some((found) => found.name === 'opened after'));
      later.dispose();
      assert.equal(await layers.relaunch(listed.id), true);
      assert.ok(!layers.unshimmed().some((found) => found.name === 'opened before Four Eyes'));
      const { output } = await run(terminal, 'printenv PATH');
      assert.match(output, /four-eyes\.four-eyes[\\/]shims/);
    } finally {
      layers.dispose();
      terminal.dispose();
    }
  });
});
