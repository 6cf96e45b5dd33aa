// The Risk view: protection per agent and layer, approvals waiting (the same rules as the dialog), where commands would act, this session's actions, grants.
import * as vscode from 'vscode';
import { peersKnowable } from '../../node/broker/peer';
import { Activity } from '../../core/audit/activity';
import { describeActor } from '../../core/approval/actor';
import { describeGrant } from '../../core/approval/grants';
import { masking } from '../../core/text/mask';
import { hookSpecs } from '../../core/hooks/install';
import { shortWait } from '../../core/hooks/wait';
import { sandboxAgentLabel, sandboxAgents, sandboxGap, sandboxWays } from '../../core/hooks/sandboxing';
import type { ApprovalAnswer, Broker } from '../../node/broker/broker';
import type { RiskState, SandboxState, ViewMessage, WaitingApproval } from '../../protocol/views';
import type { AgentTerminal } from '../agentTerminal';
import { person, ruleGrantMinutes, type ApprovalPrompter, type TwoPersonFlow, type WaitingEntry } from '../approval';
import { confirmationWord, topFinding } from '../approvalDetail';
import type { BreakGlassNotices } from '../breakGlass';
import { readSettings } from '../config';
import { commandIds, type Settings } from '../contributions';
import type { Environment } from '../environment';
import type { Protection } from '../protection';
import { installedAgents } from '../protectionCommands';
import type { TamperWatch } from '../tamper';
import type { TerminalLayers } from '../terminals';
import { ViewChannel } from './channel';

export interface RiskSources {
  readonly broker: Broker;
  readonly prompter: ApprovalPrompter;
  readonly protection: Protection;
  /** Agent mode's terminal profile and whether a sandbox can run here. */
  readonly agentTerminal: Pick<AgentTerminal, 'state' | 'probe' | 'onDidChange'>;
  readonly environment: Environment;
  readonly terminals: TerminalLayers;
  readonly activity: Activity;
  /** Fires when the activity changed (an entry was logged). */
  readonly onDidLog: vscode.Event<void>;
  /** Show an entry in the Action Log view. */
  reveal(seq: number): Promise<void>;
  /** Watched files changed while an agent was protected or active. */
  readonly tamper?: Pick<TamperWatch, 'changes' | 'label' | 'keep' | 'revert' | 'showDiff' | 'onDidChange'>;
  /** Two-person commands: co-signing, and break-glass approvals waiting to be acknowledged. */
  readonly twoPerson?: { readonly cosigning: Pick<TwoPersonFlow, 'request'>; readonly notices: Pick<BreakGlassNotices, 'list' | 'acknowledge' | 'onDidChange'> };
}

function waiting(entry: WaitingEntry, timeoutSeconds: number): WaitingApproval {
  const { request } = entry;
  const { assessment, actor, params } = request;
  const top = topFinding(request);
  const critical = assessment.level === 'critical';
  const twoPerson = assessment.requires === 'two-person' ? (true as const) : undefined;
  const seconds = Math.min(timeoutSeconds, params.holdSeconds ?? Infinity);
  // Masked here: a secret in the command never reaches the webview, and the risky part is moved to match.
  const masked = masking(assessment.commandLine);
  return {
    id: entry.id,
    commandLine: masked.text,
    ...(top ? { risky: masked.span(top.span) } : {}),
    level: assessment.level,
    count: entry.count,
    inDialog: entry.inDialog,
    actor: describeActor(actor),
    evidence: actor.evidence,
    cwd: params.cwd,
    ...(assessment.target ? { target: assessment.target } : {}),
    reason: top ? `${top.ruleId}: ${top.reason}` : vscode.l10n.t('No rule matched.'),
    ...(top?.saferAlternative ? { saferAlternative: top.saferAlternative } : {}),
    ...(critical && !twoPerson ? { confirmation: confirmationWord(request) } : {}),
    grantsAllowed: !critical && !twoPerson,
    ...(twoPerson ? { twoPerson } : {}),
    receivedAt: request.receivedAt,
    deadline: request.receivedAt + seconds * 1000,
  };
}

export class RiskView implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly channel: ViewChannel;
  private scheduled: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Agents installed here, looked up again when protection changes (it reads PATH and the home folder). */
  private installed: Set<string> | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly sources: RiskSources,
  ) {
    this.channel = new ViewChannel(extensionUri, 'risk', (message) => this.handle(message), () => this.post());
    const update = (): void => this.schedule();
    this.subscriptions.push(
      { dispose: sources.broker.onDidChangePending(update) },
      sources.prompter.onDidChange(update),
      { dispose: sources.broker.grants.onDidChange(update) },
      sources.protection.onDidChange(() => {
        this.installed = undefined;
        update();
      }),
      sources.agentTerminal.onDidChange(update),
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (change.affectsConfiguration('fourEyes.sandbox.agents') || change.affectsConfiguration('fourEyes.shims')) update();
      }),
      sources.environment.onDidChange(update),
      sources.terminals.onDidChange(update),
      sources.onDidLog(update),
    );
    if (sources.tamper) this.subscriptions.push(sources.tamper.onDidChange(update));
    if (sources.twoPerson) this.subscriptions.push(sources.twoPerson.notices.onDidChange(update));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.channel.attach(view);
  }

  state(): RiskState {
    const { broker, protection, environment, terminals, activity } = this.sources;
    const settings = readSettings();
    const layers = terminals.counts();
    return {
      agents: protection.states().map((state) => {
        // Read at each refresh (activation, and whenever the file changes): an edited timeout shows at once.
        const hookWait = shortWait(state.agent, state.content, settings.approvalTimeoutSeconds);
        return {
          agent: state.agent,
          label: hookSpecs[state.agent].label,
          status: state.status,
          file: state.file,
          ...(state.switchedOffBy ? { switchedOffBy: state.switchedOffBy } : {}),
          ...(hookWait ? { hookWait } : {}),
        };
      }),
      sandbox: this.sandbox(settings),
      layers: { shims: { enabled: settings.shims, terminals: settings.shims ? layers.shimmed : 0, missing: settings.shims ? terminals.unshimmed() : [] }, observation: { terminals: layers.observed, total: layers.total }, identity: { fromKernel: peersKnowable() } },
      waiting: this.sources.prompter.waiting().map((entry) => waiting(entry, settings.approvalTimeoutSeconds)),
      environment: [...environment.targets],
      counts: activity.counts(),
      recent: activity.recent(),
      grants: broker.grants.list().map((grant) => ({
        id: grant.id,
        description: describeGrant(grant),
        by: grant.by,
        ...(grant.scope.kind === 'rule' ? { until: grant.scope.until } : {}),
      })),
      changes: (this.sources.tamper?.changes() ?? []).map((change) => ({ id: change.id, file: this.sources.tamper?.label(change.file) ?? change.file, kind: change.kind, at: change.at })),
      breakGlass: this.sources.twoPerson?.notices.list() ?? [],
    };
  }

  /** Each agent installed or protected here, and VS Code agent mode always: in the sandbox, or why not. */
  private sandbox(settings: Settings): SandboxState {
    const { agentTerminal, protection } = this.sources;
    const status = agentTerminal.probe.status;
    const facts = { available: status.available, cliShims: settings.shims && settings['sandbox.agents'], profile: agentTerminal.state() };
    const installed = (this.installed ??= installedAgents());
    const protectedAgents = new Set<string>(protection.states().map((state) => state.agent));
    const agents = sandboxAgents
      .filter((agent) => agent === 'vscode' || installed.has(agent) || protectedAgents.has(agent))
      .map((agent) => {
        const gap = sandboxGap(agent, facts);
        return { agent, label: sandboxAgentLabel(agent), way: sandboxWays[agent], ...(gap ? { gap } : {}) };
      });
    return { available: status.available, ...(status.reason ? { reason: status.reason } : {}), agents };
  }

  /** Changes come in bursts (a decision changes pending, grants and the log at once): one state per burst. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      this.post();
    }, 30);
  }

  private post(): void {
    if (this.channel.visible) this.channel.post({ type: 'state', state: this.state() });
  }

  private async handle(message: ViewMessage): Promise<void> {
    switch (message.type) {
      case 'approve':
        return this.approve(message.id, message.choice, message.typed);
      case 'deny': {
        const answer: ApprovalAnswer = { decision: 'deny', by: person(), ...(message.message ? { message: message.message } : {}) };
        if (!this.sources.prompter.answer(message.id, answer)) this.refuse(message.id, vscode.l10n.t('It was already decided.'));
        return;
      }
      case 'revoke':
        if (this.sources.broker.grants.revoke(message.id)) void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: grant revoked.'));
        return;
      case 'protect':
        await vscode.commands.executeCommand(commandIds.protectAll);
        return;
      case 'sandbox':
        await vscode.commands.executeCommand(commandIds.sandboxAgentTerminal);
        return;
      case 'relaunch':
        await this.sources.terminals.relaunch(message.id);
        return;
      case 'reveal':
        return this.sources.reveal(message.seq);
      case 'keep':
        this.sources.tamper?.keep(message.id);
        return;
      case 'cosign': {
        const request = this.sources.prompter.request(message.id);
        if (!request) return this.refuse(message.id, vscode.l10n.t('It was already decided.'));
        if (!this.sources.twoPerson) return this.refuse(message.id, vscode.l10n.t('Co-signing is not available in this window.'));
        return this.sources.twoPerson.cosigning.request(request);
      }
      case 'acknowledge':
        await this.sources.twoPerson?.notices.acknowledge(message.id);
        return;
      case 'revert':
        if (await this.sources.tamper?.revert(message.id)) void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: change reverted.'));
        return;
      case 'diff':
        await this.sources.tamper?.showDiff(message.id);
        return;
      default:
        return;
    }
  }

  /** The dialog's rules: critical commands need the (escaped) word typed exactly and get no standing grant; one answer answers an entry's identical requests. */
  private approve(id: string, choice: 'once' | 'session' | 'rule', typed: string | undefined): void {
    const request = this.sources.prompter.request(id);
    if (!request) return this.refuse(id, vscode.l10n.t('It was already decided.'));
    if (request.assessment.requires === 'two-person') return this.refuse(id, vscode.l10n.t('It needs a second person: request a co-signature.'));
    if (request.assessment.level === 'critical') {
      if (choice !== 'once') return this.refuse(id, vscode.l10n.t('Critical commands are approved one at a time.'));
      const word = confirmationWord(request);
      if (typed !== word) return this.refuse(id, vscode.l10n.t('Type "{0}" exactly to approve.', word));
    }
    const grant = choice === 'session' ? { grant: { kind: 'session' as const } } : choice === 'rule' ? { grant: { kind: 'rule' as const, minutes: ruleGrantMinutes } } : {};
    if (!this.sources.prompter.answer(id, { decision: 'approve', by: person(), ...grant })) this.refuse(id, vscode.l10n.t('It was already decided.'));
  }

  private refuse(id: string, reason: string): void {
    this.channel.post({ type: 'refused', id, reason });
  }

  dispose(): void {
    clearTimeout(this.scheduled);
    this.channel.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
