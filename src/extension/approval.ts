// The approval dialog: a modal that names the agent, the command, where it runs and why it is risky.
// Enter never approves; critical commands need the target typed; only this UI (or the Risk view) can approve.
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { describeActor } from '../core/approval/actor';
import type { ApprovalAnswer, ApprovalRequest } from '../node/broker/broker';
import { commandIds } from './contributions';

export const approvalButtons = {
  denyWithMessage: 'Deny with Message…',
  approveOnce: 'Approve Once',
  approveSession: 'Approve for This Session',
  approveRule: 'Approve This Rule for 15 Minutes',
  review: 'Decide in Risk View',
  deny: 'Deny',
  requestCosign: 'Request Co-signature',
  breakGlass: 'Break Glass…',
} as const;

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
    `Agent: ${describeActor(actor)}${actor.session ? ` (session ${actor.session.slice(0, 8)})` : ''} — ${actor.evidence}`,
    `Command: ${assessment.commandLine}`,
    ...(risky && risky !== assessment.commandLine ? [`Risky part: ${risky}`] : []),
    `Working directory: ${params.cwd}`,
    ...(target ? [`Target: ${target.kind.replace(/-/g, ' ')} ${target.name}${target.production ? ' — PRODUCTION' : ''}`] : []),
    ...(top ? [`Rule: ${top.ruleId} (${top.level}) — ${top.reason}`] : []),
    ...(top?.saferAlternative ? [`Safer: ${top.saferAlternative}`] : []),
    assessment.requires === 'two-person'
      ? 'Two people: a second person from the policy’s approvers must co-sign it.'
      : assessment.level === 'critical'
        ? `Critical: approving asks you to type "${confirmationWord(request)}".`
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
    // The first button is the one Enter presses: it must not approve.
    const buttons: vscode.MessageItem[] = [
      { title: approvalButtons.denyWithMessage },
      { title: approvalButtons.approveOnce },
      ...(critical ? [] : [{ title: approvalButtons.approveSession }, { title: approvalButtons.approveRule }]),
      { title: approvalButtons.review },
      { title: approvalButtons.deny, isCloseAffordance: true },
    ];
    const title = `Four Eyes: ${describeActor(request.actor)} wants to run a ${request.assessment.level}-risk command`;
    const choice = await vscode.window.showWarningMessage(title, { modal: true, detail: approvalDetail(request) }, ...buttons);
    if (request.signal.aborted) return undefined;
    switch (choice?.title) {
      case approvalButtons.approveOnce:
      case approvalButtons.approveSession:
      case approvalButtons.approveRule: {
        if (critical && !(await this.typedConfirmation(request))) return { decision: 'deny', by, message: 'the typed confirmation did not match' };
        if (choice.title === approvalButtons.approveSession) return { decision: 'approve', by, grant: { kind: 'session' } };
        if (choice.title === approvalButtons.approveRule) return { decision: 'approve', by, grant: { kind: 'rule', minutes: ruleGrantMinutes } };
        return { decision: 'approve', by };
      }
      default:
        return this.reviewOrDeny(choice?.title, by);
    }
  }

  /** A command one person cannot approve alone: ask for a co-signature, break glass, or deny. */
  private async askTwoPerson(request: ApprovalRequest): Promise<ApprovalAnswer | undefined> {
    const by = person();
    const buttons: vscode.MessageItem[] = [
      { title: approvalButtons.denyWithMessage },
      { title: approvalButtons.requestCosign },
      { title: approvalButtons.breakGlass },
      { title: approvalButtons.review },
      { title: approvalButtons.deny, isCloseAffordance: true },
    ];
    const title = `Four Eyes: ${describeActor(request.actor)} wants to run a production-critical command that needs two people`;
    const choice = await vscode.window.showWarningMessage(title, { modal: true, detail: approvalDetail(request) }, ...buttons);
    if (request.signal.aborted) return undefined;
    const flow = this.twoPerson;
    switch (choice?.title) {
      case approvalButtons.requestCosign:
      case approvalButtons.breakGlass:
        if (!flow) return { decision: 'deny', by: 'Four Eyes', message: 'co-signing is not available in this window' };
        // The command keeps waiting: the flow answers it when the response (or the reason) comes.
        await (choice.title === approvalButtons.requestCosign ? flow.request(request) : flow.breakGlass(request));
        return undefined;
      default:
        return this.reviewOrDeny(choice?.title, by);
    }
  }

  /** The choices both dialogs share: decide in the Risk view, or deny (with a message). */
  private async reviewOrDeny(title: string | undefined, by: string): Promise<ApprovalAnswer | undefined> {
    if (title === approvalButtons.review) {
      // The request keeps waiting, until its timeout, for an answer in the Risk view.
      await vscode.commands.executeCommand(commandIds.showRisk);
      return undefined;
    }
    if (title !== approvalButtons.denyWithMessage) return { decision: 'deny', by };
    const message = await vscode.window.showInputBox({ title: 'Four Eyes: a message for the agent', prompt: 'Why it was denied, or what to do instead', ignoreFocusOut: true });
    return { decision: 'deny', by, ...(message ? { message } : {}) };
  }

  private async typedConfirmation(request: ApprovalRequest): Promise<boolean> {
    const word = confirmationWord(request);
    const typed = await vscode.window.showInputBox({
      title: `Four Eyes: type "${word}" to approve this critical command`,
      prompt: request.assessment.commandLine,
      placeHolder: word,
      ignoreFocusOut: true,
      validateInput: (value) => (value === word || value === '' ? undefined : `Type exactly: ${word}`),
    });
    return typed === word && !request.signal.aborted;
  }

  dispose(): void {
    for (const { settle } of this.open.values()) settle({ decision: 'deny', by: 'Four Eyes', message: 'VS Code is closing' });
  }
}
