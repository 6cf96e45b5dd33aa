// Extension entry: registers the commands at once and builds the rest in the background, so activating costs nothing
// measurable; every feature starts in the order it always did.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { rememberLog } from '../node/audit/locate';
import { AgentTerminal, SandboxProbe } from './agentTerminal';
import { ApprovalPrompter } from './approval';
import { BreakGlassNotices } from './breakGlass';
import { Cosigning } from './cosign';
import { BrokerHost, workspaceRoots } from './brokerHost';
import { registerCommands, type CommandServices } from './commands';
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
import { announceUnshimmed, TerminalLayers } from './terminals';
import { testInterface, type TestInterface } from './testInterface';
import { registerViews } from './views';

/** What start-up builds before any feature is registered; the commands act on part of it. */
interface Services extends CommandServices {
  readonly host: BrokerHost;
  readonly gates: GateMemory;
  readonly environment: Environment;
  readonly terminals: TerminalLayers;
  readonly cli: string;
}

export function activate(context: vscode.ExtensionContext): Promise<TestInterface | undefined> {
  const entered = performance.now();
  const output = vscode.window.createOutputChannel('Four Eyes');
  context.subscriptions.push(output);
  const services = buildServices(context);
  registerCommands(context, output, services);
  const started = services.then((built) => registerFeatures(context, built));
  const activatedMs = performance.now() - entered;
  const reported = started.then(
    (api) => {
      output.appendLine(vscode.l10n.t('Four Eyes activated in {0} ms and was ready in {1} ms.', activatedMs.toFixed(1), (performance.now() - entered).toFixed(1)));
      return api;
    },
    (error: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes could not start: {0}', (error as Error).message));
      throw error;
    },
  );
  // Integration tests reach the services through what activation returns, so there activation waits for them.
  if (context.extensionMode === vscode.ExtensionMode.Test) return reported;
  reported.catch(() => undefined);
  return Promise.resolve(undefined);
}

async function buildServices(context: vscode.ExtensionContext): Promise<Services> {
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
  return { engine, broker: host.broker, prompter, protection, log, policy, cosigning, agentTerminal, host, gates, environment, terminals, cli };
}

async function registerFeatures(context: vscode.ExtensionContext, services: Services): Promise<TestInterface | undefined> {
  const { engine, host, prompter, protection, log, policy, cosigning, agentTerminal, gates, environment, terminals, cli } = services;
  if (!(await writeLauncher(cli))) void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: its program files were changed after installation, so every agent hook is refused. Reinstall the Four Eyes extension.'));
  const shims = readSettings().shims ? await writeShims(context) : undefined;
  // Before the status bar shows the shield: a terminal opened once it shows already gets the shims.
  applyToTerminals(context.environmentVariableCollection, shims, host.endpoints, cli);
  terminals.shimsApplied();
  if (shims) announceUnshimmed(terminals);
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
}

export function deactivate(): void {}
