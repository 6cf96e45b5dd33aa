// Extension entry: builds the services and registers each feature; nothing slow runs here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { rememberLog } from '../node/audit/locate';
import { AgentTerminal, SandboxProbe } from './agentTerminal';
import { ApprovalPrompter } from './approval';
import { BreakGlassNotices } from './breakGlass';
import { Cosigning } from './cosign';
import { BrokerHost, workspaceRoots } from './brokerHost';
import { registerCommands } from './commands';
import { ChangeConfirmation } from './confirmChange';
import { readSettings } from './config';
import { Engine } from './engine';
import { Environment } from './environment';
import { GateMemory } from '../core/audit/gates';
import { registerObservation } from './observation';
import { openAnchoredLog, registerLogWatch } from './logAnchor';
import { startLanguageClient } from './languageClient';
import { PolicyService } from './policy';
import { Protection, writeLauncher } from './protection';
import { startRouter } from './router';
import { registerStatusBar } from './statusBar';
import { applyToTerminals, writeShims } from './shims';
import { registerTamperWatch } from './tamper';
import { registerTelemetryExport } from './telemetry';
import { TerminalLayers } from './terminals';
import { testInterface, type TestInterface } from './testInterface';
import { registerViews } from './views';

export async function activate(context: vscode.ExtensionContext): Promise<TestInterface | undefined> {
  try {
    const policy = await PolicyService.start(context.workspaceState, context.globalState);
    // The engine loads its grammar on first use, so activation costs nothing measurable.
    const engine = new Engine(() => policy.current.policy);
    // Held to a head anchored outside it from the start: a log cut while no window ran is reported before anything appends.
    const log = await openAnchoredLog(context);
    // So `four-eyes log verify` run in the workspace finds this log without VS Code.
    rememberLog(workspaceRoots(), log.file);
    const prompter = new ApprovalPrompter();
    const gates = new GateMemory();
    const host = await BrokerHost.start(engine, policy, prompter, log, gates);
    const router = await startRouter(host);
    const confirmation = new ChangeConfirmation();
    const protection = new Protection(context.globalState, confirmation, router.http);
    const cli = path.join(context.extensionPath, 'dist', 'cli.js');
    const agentTerminal = new AgentTerminal(context.globalState, confirmation, cli, new SandboxProbe());
    const environment = new Environment();
    const terminals = new TerminalLayers();
    context.subscriptions.push(policy, prompter, host, confirmation, protection, environment, terminals, { dispose: () => void router.stop() }, { dispose: () => log.close() });
    const cosigning = new Cosigning(context.globalState, context.secrets, { prompter, log, policy: () => policy.current.policy, workspace: workspaceRoots()[0] });
    prompter.twoPerson = cosigning;
    registerCommands(context, engine, host.broker, prompter, protection, log, policy, cosigning, agentTerminal);
    if (!(await writeLauncher(cli))) void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: its program files were changed after installation, so every agent hook is refused. Reinstall the Four Eyes extension.'));
    const shims = readSettings().shims ? await writeShims(context) : undefined;
    // Before the status bar shows the shield: a terminal opened once it shows already gets the shims.
    applyToTerminals(context.environmentVariableCollection, shims, host.endpoints, cli);
    const tamper = registerTamperWatch(context, { log, broker: host.broker, ownWrites: protection, shims, protectedAgents: () => protection.states().length > 0 });
    agentTerminal.afterWrite = () => tamper.adoptEditorSettings();
    const notices = new BreakGlassNotices(context.workspaceState, log);
    context.subscriptions.push(notices);
    const risk = registerViews(context, log, { broker: host.broker, prompter, protection, agentTerminal, environment, terminals, tamper, twoPerson: { cosigning, notices } });
    registerLogWatch(context, log, workspaceRoots());
    registerStatusBar(context, host.broker, protection, environment);
    registerObservation(context, engine, log, gates);
    registerTelemetryExport(context, log);
    startLanguageClient(context, policy);
    return testInterface(context.extensionMode, host, prompter, log, shims, policy, { risk, agentTerminal });
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes could not start: {0}', (error as Error).message));
    throw error;
  }
}

export function deactivate(): void {}
