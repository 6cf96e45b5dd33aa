// Every command the extension contributes, as one table; a test checks it against package.json.
import * as vscode from 'vscode';
import { runAgentTerminalCommand, type AgentTerminal } from './agentTerminal';
import type { Cosigning } from './cosign';
import { describeActor } from '../core/approval/actor';
import { describeGrant } from '../core/approval/grants';
import type { Assessment } from '../core/model/assessment';
import { formatAssessment } from '../core/risk/describe';
import type { LogStore } from '../node/audit/store';
import type { Broker } from '../node/broker/broker';
import { exportFormats, type ExportFormat } from '../protocol/views';
import type { ApprovalPrompter } from './approval';
import { commandIds, protectCommandIds, viewIds, type CommandId } from './contributions';
import type { Engine } from './engine';
import type { Protection } from './protection';
import { exportLog, openLogFile, verifyLog } from './logCommands';
import type { PolicyService } from './policy';
import { confirmApprovers, createWorkspacePolicy, trustWorkspacePolicy } from './policyCommands';
import { protectionHandlers } from './protectionCommands';
import { runDemoAgent } from './demo';
import { shown } from './visibleText';

function isExportFormat(value: unknown): value is ExportFormat {
  return (exportFormats as readonly unknown[]).includes(value);
}

function workspaceDirectory(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/** Ask for a command line (or take one from the caller), classify it and show why. */
async function checkCommandLine(engine: Engine, output: vscode.OutputChannel, given?: unknown): Promise<Assessment | undefined> {
  const line = typeof given === 'string' ? given : await vscode.window.showInputBox({ prompt: vscode.l10n.t('A command line to check'), placeHolder: 'terraform destroy -auto-approve', ignoreFocusOut: true });
  if (!line?.trim()) return undefined;
  const assessment = await engine.classify(line, workspaceDirectory());
  output.appendLine(formatAssessment(assessment));
  output.appendLine('');
  const [top] = [...assessment.findings].sort((a, b) => (a.level === assessment.level ? -1 : b.level === assessment.level ? 1 : 0));
  const summary = top ? `${assessment.level.toUpperCase()}: ${top.reason}` : vscode.l10n.t('No rule matched this command line.');
  void vscode.window.showInformationMessage(vscode.l10n.t({ message: '{0} Requires: {1}.', args: [summary, assessment.requires], comment: ['{0} is the risk and its reason; {1} is a policy keyword, left as is: allow, approve, approve-typed, two-person or deny'] }), vscode.l10n.t('Show Details')).then((choice) => {
    if (choice) output.show(true);
  });
  return assessment;
}

/** Pick a waiting command and show its approval dialog again. */
async function showPendingApprovals(prompter: ApprovalPrompter): Promise<void> {
  // One row per waiting entry: identical requests from one session wait, and are answered, together.
  const pending = prompter.waiting();
  if (pending.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: no commands are waiting for approval.'));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    pending.map(({ id, request, count }) => ({
      label: shown(request.assessment.commandLine),
      description: `${request.assessment.level} · ${shown(describeActor(request.actor))}${count > 1 ? ` · ×${count}` : ''}`,
      id,
    })),
    { title: vscode.l10n.t('Four Eyes: commands waiting for approval') },
  );
  if (picked) await prompter.reopen(picked.id);
}

/** List standing grants; picking one revokes it. */
async function showGrants(broker: Broker): Promise<void> {
  const grants = broker.grants.list();
  if (grants.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: no active grants. Every risky command is asked for.'));
    return;
  }
  const picked = await vscode.window.showQuickPick(
    grants.map((grant) => ({ label: shown(describeGrant(grant)), description: vscode.l10n.t('given by {0}', shown(grant.by)), id: grant.id })),
    { title: vscode.l10n.t('Four Eyes: active grants — pick one to revoke it') },
  );
  if (picked && broker.grants.revoke(picked.id)) void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: revoked {0}', picked.label));
}

/** What the commands act on, once start-up has built it. */
export interface CommandServices {
  readonly engine: Engine;
  readonly broker: Broker;
  readonly prompter: ApprovalPrompter;
  readonly protection: Protection;
  readonly log: LogStore;
  readonly policy: PolicyService;
  readonly cosigning: Cosigning;
  readonly agentTerminal: AgentTerminal;
}

/** Every command id the table answers. */
const allCommandIds: readonly CommandId[] = [...Object.values(commandIds), ...Object.values(protectCommandIds)];

/**
 * Registers every command at once, before start-up has built what they act on: a command run meanwhile (a person's,
 * or the one that activated the extension) waits for it rather than finding no command.
 */
export function registerCommands(context: vscode.ExtensionContext, output: vscode.OutputChannel, services: Promise<CommandServices>): void {
  const table = services.then((built) => commandTable(context, output, built));
  context.subscriptions.push(...allCommandIds.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await table)[id](...args))));
}

function commandTable(context: vscode.ExtensionContext, output: vscode.OutputChannel, services: CommandServices): Record<CommandId, (...args: unknown[]) => unknown> {
  const { engine, broker, prompter, protection, log, policy, cosigning, agentTerminal } = services;
  return {
    [commandIds.checkCommandLine]: (line?: unknown) => checkCommandLine(engine, output, line),
    [commandIds.showRisk]: () => vscode.commands.executeCommand(`${viewIds.risk}.focus`),
    [commandIds.showActionLog]: () => vscode.commands.executeCommand(`${viewIds.actionLog}.focus`),
    [commandIds.showPendingApprovals]: () => showPendingApprovals(prompter),
    [commandIds.showGrants]: () => showGrants(broker),
    // A failure is shown by verifyLog itself, once.
    [commandIds.verifyActionLog]: () => verifyLog(log).catch(() => undefined),
    [commandIds.exportActionLog]: (format?: unknown) => exportLog(log.read(), isExportFormat(format) ? format : undefined),
    [commandIds.openActionLog]: () => openLogFile(log),
    [commandIds.createWorkspacePolicy]: () => createWorkspacePolicy(),
    [commandIds.trustWorkspacePolicy]: () => trustWorkspacePolicy(policy),
    [commandIds.confirmApprovers]: () => confirmApprovers(policy),
    [commandIds.createApproverKey]: () => cosigning.keys.create(),
    [commandIds.cosignRequest]: (code?: unknown) => cosigning.cosign(typeof code === 'string' ? code : undefined),
    [commandIds.completeCosign]: (code?: unknown) => (typeof code === 'string' ? cosigning.complete(code) : cosigning.awaitResponse()),
    [commandIds.runDemoAgent]: (cwd?: unknown) => runDemoAgent(context, typeof cwd === 'string' ? cwd : undefined),
    [commandIds.sandboxAgentTerminal]: () => runAgentTerminalCommand(agentTerminal, true),
    [commandIds.unsandboxAgentTerminal]: () => runAgentTerminalCommand(agentTerminal, false),
    ...protectionHandlers(protection, agentTerminal),
  };
}
