// *Four Eyes: Run the Demo Agent*: a terminal where a scripted agent runs safe and risky commands against harmless stand-ins.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { demoEnvironment, demoSteps } from '../core/demo/script';
import { writeDemoFolder } from '../node/demo';
import { readSettings } from './config';
import { commandIds } from './contributions';

const shellIntegrationWaitMs = 20_000;
/** A pause between commands, so a person can follow what the agent does. */
const pauseMs = 1500;

function shellIntegrationOf(terminal: vscode.Terminal): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(undefined), shellIntegrationWaitMs);
    const subscription = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal === terminal) finish(event.shellIntegration);
    });
    function finish(value: vscode.TerminalShellIntegration | undefined): void {
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    }
  });
}

/** Run one command as agents in the editor do (through shell integration) and wait for it to end; false if the terminal closed. */
function runStep(terminal: vscode.Terminal, integration: vscode.TerminalShellIntegration, commandLine: string): Promise<boolean> {
  return new Promise((resolve) => {
    const execution = integration.executeCommand(commandLine);
    const subscriptions = [
      vscode.window.onDidEndTerminalShellExecution((event) => {
        if (event.execution === execution) finish(true);
      }),
      vscode.window.onDidCloseTerminal((closed) => {
        if (closed === terminal) finish(false);
      }),
    ];
    function finish(value: boolean): void {
      for (const subscription of subscriptions) subscription.dispose();
      resolve(value);
    }
  });
}

/** `cwd`: where the agent works; its own empty folder unless a caller (the sandbox) names a folder of stand-ins. */
export async function runDemoAgent(context: vscode.ExtensionContext, cwd?: string): Promise<void> {
  if (process.platform === 'win32') {
    void vscode.window.showInformationMessage(vscode.l10n.t('The Four Eyes demo agent needs a POSIX shell (Linux or macOS); on Windows, try it in WSL.'));
    return;
  }
  // Its commands wait for a person through the PATH shims; without them the stand-ins would just run.
  if (!readSettings().shims) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The Four Eyes demo agent shows the PATH shims at work, and they are off. Turn on the setting fourEyes.shims first.'));
    return;
  }
  const folder = path.join(context.globalStorageUri.fsPath, 'demo');
  writeDemoFolder(folder);
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('Four Eyes demo agent'),
    cwd: cwd ?? path.join(folder, 'work'),
    env: demoEnvironment(folder, process.env.PATH ?? ''),
    iconPath: new vscode.ThemeIcon('robot'),
  });
  terminal.show();
  const integration = await shellIntegrationOf(terminal);
  if (!integration) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The Four Eyes demo agent runs its commands through shell integration, which this terminal did not start. Check the setting terminal.integrated.shellIntegration.enabled.'));
    return;
  }
  for (const step of demoSteps) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    if (!(await runStep(terminal, integration, step))) return;
  }
  const show = vscode.l10n.t('Show Action Log');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('The demo agent is done. Everything it ran, and what you decided, is in the Action Log.'), show);
  if (choice === show) await vscode.commands.executeCommand(commandIds.showActionLog);
}
