// Extension entry: builds the services and registers each feature; nothing slow runs here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LogStore } from '../node/audit/store';
import { ApprovalPrompter } from './approval';
import { BrokerHost } from './brokerHost';
import { registerCommands } from './commands';
import { readSettings } from './config';
import { Engine } from './engine';
import { GateMemory, registerObservation } from './observation';
import { Protection, writeLauncher } from './protection';
import { startRouter } from './router';
import { registerStatusBar } from './statusBar';
import { applyToTerminals, writeShims } from './shims';
import { testInterface, type TestInterface } from './testInterface';
import { registerViews } from './views';

export async function activate(context: vscode.ExtensionContext): Promise<TestInterface | undefined> {
  try {
    // The engine loads its grammar on first use, so activation costs nothing measurable.
    const engine = new Engine();
    const log = new LogStore(path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'action-log.jsonl'));
    const prompter = new ApprovalPrompter();
    const gates = new GateMemory();
    const host = await BrokerHost.start(engine, prompter, log, gates);
    const router = await startRouter(host);
    const protection = new Protection(context.globalState, router.http);
    context.subscriptions.push(prompter, host, protection, { dispose: () => void router.stop() });
    registerCommands(context, engine, host.broker, prompter, protection);
    registerViews(context, protection);
    registerStatusBar(context, host.broker, protection);
    registerObservation(context, engine, log, gates);
    const cli = path.join(context.extensionPath, 'dist', 'cli.js');
    await writeLauncher(cli);
    const shims = readSettings().shims ? await writeShims(context) : undefined;
    applyToTerminals(context.environmentVariableCollection, shims, host.endpoints, cli);
    return testInterface(context.extensionMode, host, prompter, log, shims);
  } catch (error) {
    void vscode.window.showErrorMessage(`Four Eyes could not start: ${(error as Error).message}`);
    throw error;
  }
}

export function deactivate(): void {}
