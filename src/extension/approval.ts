// The approval dialog: a modal that names the agent, the command, where it runs and why it is risky.
// Enter never approves; critical commands need the target typed; only this UI (or the Risk view) can approve.
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { describeActor } from '../core/approval/actor';
import type { ApprovalAnswer, ApprovalRequest } from '../node/broker/broker';
import { commandIds } from './contributions';

/** The dialogs' button labels; a function, so each is translated when shown, and the choice is compared with the same text. */
export function approvalButtons() {
  return {
    denyWithMessage: vscode.l10n.t('Deny with Message…'),
    approveOnce: vscode.l10n.t('Approve Once'),
    approveSession: vscode.l10n.t('Approve for This Session'),
    approveRule: vscode.l10n.t('Approve This Rule for 15 Minutes'),
    review: vscode.l10n.t('Decide in Risk View'),
    deny: vscode.l10n.t('Deny'),
    requestCosign: vscode.l10n.t('Request Co-signature'),
    breakGlass: vscode.l10n.t('Break Glass…'),
  } as const;
}

/** What the dialog offers for a command that needs two people (`Cosigning` implements it). */
export interface TwoPersonFlow {
  request(request: ApprovalRequest): Promise<void>;
  breakGlass(request: ApprovalRequest): Promise<void>;
}

export const ruleGrantMinutes = 15;

export function person(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you';
  }
}

/** The word a person types to approve a critical command: the target's name, else the program. */
export function confirmationWord(request: ApprovalRequest): string {
  return request.assessment.target?.name ?? request.assessment.commands[0]?.program ?? 'approve';
}

export function approvalDetail(request: ApprovalRequest): string {
  const { assessment, actor, params } = request;
  const top = assessment.findings.find((finding) => finding.level === assessment.level);
  const risky = top ? assessment.commandLine.slice(top.span.start, top.span.end) : '';
  const target = assessment.target;
  const lines = [
    actor.session
      ? vscode.l10n.t('Agent: {0} (session {1}) — {2}', describeActor(actor), actor.session.slice(0, 8), actor.evidence)
      : vscode.l10n.t('Agent: {0} — {1}', describeActor(actor), actor.evidence),
    vscode.l10n.t('Command: {0}', assessment.commandLine),
    ...(risky && risky !== assessment.commandLine ? [vscode.l10n.t('Risky part: {0}', risky)] : []),
    vscode.l10n.t('Working directory: {0}', params.cwd),
    ...(target
      ? [target.production ? vscode.l10n.t('Target: {0} {1} — PRODUCTION', target.kind.replace(/-/g, ' '), target.name) : vscode.l10n.t('Target: {0} {1}', target.kind.replace(/-/g, ' '), target.name)]
      : []),
    ...(top ? [vscode.l10n.t('Rule: {0} ({1}) — {2}', top.ruleId, top.level, top.reason)] : []),
    ...(top?.saferAlternative ? [vscode.l10n.t('Safer: {0}', top.saferAlternative)] : []),
    assessment.requires === 'two-person'
      ? vscode.l10n.t('Two people: a second person from the policy’s approvers must co-sign it.')
      : assessment.level === 'critical'
        ? vscode.l10n.t('Critical: approving asks you to type "{0}".', confirmationWord(request))
        : '',
  ];
  return lines.filter(Boolean).join('\n');
}

export class ApprovalPrompter implements vscode.Disposable {
  /** Answers given elsewhere (the Risk view, a test's decision interface) for requests still open. */
  private readonly open = new Map<string, { request: ApprovalRequest; settle: (answer: ApprovalAnswer) => void }>();
  /** Set once co-signing is up; without it a two-person command cannot be approved here. */
  twoPerson: TwoPersonFlow | undefined;

  /** Shown for each request; resolves with the first answer from any approval surface. */
  approve(request: ApprovalRequest): Promise<ApprovalAnswer> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (answer: ApprovalAnswer): void => {
        if (settled) return;
        settled = true;
        this.open.delete(request.id);
        resolve(answer);
      };
      this.open.set(request.id, { request, settle });
      request.signal.addEventListener('abort', () => this.open.delete(request.id));
      void this.ask(request).then(
        (answer) => {
          if (answer) settle(answer);
        },
        (error: unknown) => settle({ decision: 'deny', by: 'Four Eyes', message: `the approval dialog failed: ${(error as Error).message}` }),
      );
    });
  }

  /** Answer an open request from another approval surface. */
  answer(requestId: string, answer: ApprovalAnswer): boolean {
    const open = this.open.get(requestId);
    open?.settle(answer);
    return open !== undefined;
  }

  /** Show the dialog again for a request that is still waiting (from the status bar). */
  async reopen(requestId: string): Promise<void> {
    const open = this.open.get(requestId);
    if (!open) return;
    const answer = await this.ask(open.request);
    if (answer) open.settle(answer);
  }

  private async ask(request: ApprovalRequest): Promise<ApprovalAnswer | undefined> {
    if (request.assessment.requires === 'two-person') return this.askTwoPerson(request);
    const critical = request.assessment.level === 'critical';
    const by = person();
    const labels = approvalButtons();
    // The first button is the one Enter presses: it must not approve.
    const buttons: vscode.MessageItem[] = [
      { title: labels.denyWithMessage },
      { title: labels.approveOnce },
      ...(critical ? [] : [{ title: labels.approveSession }, { title: labels.approveRule }]),
      { title: labels.review },
      { title: labels.deny, isCloseAffordance: true },
    ];
    const title = vscode.l10n.t({ message: 'Four Eyes: {0} wants to run a {1}-risk command', args: [describeActor(request.actor), request.assessment.level], comment: ['{0} is the agent; {1} is the risk level as the rules name it: low, medium, high or critical'] });
    const choice = await vscode.window.showWarningMessage(title, { modal: true, detail: approvalDetail(request) }, ...buttons);
    if (request.signal.aborted) return undefined;
    switch (choice?.title) {
      case labels.approveOnce:
      case labels.approveSession:
      case labels.approveRule: {
        if (critical && !(await this.typedConfirmation(request))) return { decision: 'deny', by, message: 'the typed confirmation did not match' };
        if (choice.title === labels.approveSession) return { decision: 'approve', by, grant: { kind: 'session' } };
        if (choice.title === labels.approveRule) return { decision: 'approve', by, grant: { kind: 'rule', minutes: ruleGrantMinutes } };
        return { decision: 'approve', by };
      }
      default:
        return this.reviewOrDeny(choice?.title, by);
    }
  }

  /** A command one person cannot approve alone: ask for a co-signature, break glass, or deny. */
  private async askTwoPerson(request: ApprovalRequest): Promise<ApprovalAnswer | undefined> {
    const by = person();
    const labels = approvalButtons();
    const buttons: vscode.MessageItem[] = [
      { title: labels.denyWithMessage },
      { title: labels.requestCosign },
      { title: labels.breakGlass },
      { title: labels.review },
      { title: labels.deny, isCloseAffordance: true },
    ];
    const title = vscode.l10n.t('Four Eyes: {0} wants to run a production-critical command that needs two people', describeActor(request.actor));
    const choice = await vscode.window.showWarningMessage(title, { modal: true, detail: approvalDetail(request) }, ...buttons);
    if (request.signal.aborted) return undefined;
    const flow = this.twoPerson;
    switch (choice?.title) {
      case labels.requestCosign:
      case labels.breakGlass:
        if (!flow) return { decision: 'deny', by: 'Four Eyes', message: 'co-signing is not available in this window' };
        // The command keeps waiting: the flow answers it when the response (or the reason) comes.
        await (choice.title === labels.requestCosign ? flow.request(request) : flow.breakGlass(request));
        return undefined;
      default:
        return this.reviewOrDeny(choice?.title, by);
    }
  }

  /** The choices both dialogs share: decide in the Risk view, or deny (with a message). */
  private async reviewOrDeny(title: string | undefined, by: string): Promise<ApprovalAnswer | undefined> {
    const labels = approvalButtons();
    if (title === labels.review) {
      // The request keeps waiting, until its timeout, for an answer in the Risk view.
      await vscode.commands.executeCommand(commandIds.showRisk);
      return undefined;
    }
    if (title !== labels.denyWithMessage) return { decision: 'deny', by };
    const message = await vscode.window.showInputBox({ title: vscode.l10n.t('Four Eyes: a message for the agent'), prompt: vscode.l10n.t('Why it was denied, or what to do instead'), ignoreFocusOut: true });
    return { decision: 'deny', by, ...(message ? { message } : {}) };
  }

  private async typedConfirmation(request: ApprovalRequest): Promise<boolean> {
    const word = confirmationWord(request);
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Four Eyes: type "{0}" to approve this critical command', word),
      prompt: request.assessment.commandLine,
      placeHolder: word,
      ignoreFocusOut: true,
      validateInput: (value) => (value === word || value === '' ? undefined : vscode.l10n.t('Type exactly: {0}', word)),
    });
    return typed === word && !request.signal.aborted;
  }

  dispose(): void {
    for (const { settle } of this.open.values()) settle({ decision: 'deny', by: 'Four Eyes', message: 'VS Code is closing' });
  }
}
