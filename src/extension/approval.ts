// The approval dialog: a modal that names the target, the rule, the command, where it runs and which agent asks.
// Enter never approves; critical commands need the target typed; only this UI (or the Risk view) can approve.
// One dialog at a time (core/approval/queue.ts): the other requests wait in the Risk view, identical ones as one entry.
import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { describeActor } from '../core/approval/actor';
import { sessionKey } from '../core/approval/limit';
import { ApprovalQueue, type QueueEntry } from '../core/approval/queue';
import type { ApprovalAnswer, ApprovalRequest } from '../node/broker/broker';
import { approvalDetail, confirmationWord, sameRequest } from './approvalDetail';
import { commandIds } from './contributions';
import { shown } from './visibleText';

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

interface Waiting {
  readonly request: ApprovalRequest;
  readonly settle: (answer: ApprovalAnswer) => void;
}

/** How a dialog ended: an answer, or none (the request waits on, in the Risk view when `review`). */
interface Outcome {
  readonly answer?: ApprovalAnswer;
  readonly review?: boolean;
}

/** A waiting entry as the Risk view lists it. */
export interface WaitingEntry {
  readonly id: string;
  /** The oldest request still waiting in it. */
  readonly request: ApprovalRequest;
  readonly count: number;
  readonly inDialog: boolean;
}

export class ApprovalPrompter implements vscode.Disposable {
  private readonly queue = new ApprovalQueue<Waiting>((waiting) => waiting.request.id);
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** The waiting list changed: a request came, left, joined an identical one, or got its dialog. */
  readonly onDidChange = this.changeEmitter.event;
  /** Set once co-signing is up; without it a two-person command cannot be approved here. */
  twoPerson: TwoPersonFlow | undefined;

  /** Queued for a dialog; resolves with the first answer from any approval surface. */
  approve(request: ApprovalRequest): Promise<ApprovalAnswer> {
    return new Promise((resolve) => {
      let settled = false;
      const waiting: Waiting = {
        request,
        settle: (answer) => {
          if (settled) return;
          settled = true;
          this.queue.remove(waiting);
          resolve(answer);
        },
      };
      // The broker aborts the signal when the request ends (timeout, client gone, or decided): it leaves the list at once.
      if (request.signal.aborted) return;
      request.signal.addEventListener('abort', () => {
        this.queue.remove(waiting);
        this.update();
      }, { once: true });
      this.queue.add(waiting, sessionKey(request.actor, request.params.channel), sameRequest(request));
      this.update();
    });
  }

  /** Everything waiting, oldest first, identical requests as one entry. */
  waiting(): WaitingEntry[] {
    return this.queue.list().filter((entry) => entry.items.length > 0).map((entry) => ({ id: entry.id, request: entry.items[0].request, count: entry.items.length, inDialog: entry.showing }));
  }

  /** The oldest request still waiting in the entry with this id (or holding a request with this id). */
  request(id: string): ApprovalRequest | undefined {
    return this.queue.find(id)?.items[0]?.request;
  }

  /** Answer an open request from another approval surface; identical requests waiting with it get the same answer. */
  answer(id: string, answer: ApprovalAnswer): boolean {
    const entry = this.queue.find(id);
    if (!entry || entry.items.length === 0) return false;
    this.settle(entry, answer);
    this.update();
    return true;
  }

  /** Show the dialog again for a request that is still waiting (from the list of waiting commands), before the others. */
  reopen(requestId: string): Promise<void> {
    const entry = this.queue.find(requestId);
    if (entry) this.queue.reopen(entry);
    this.update();
    return Promise.resolve();
  }

  private settle(entry: QueueEntry<Waiting>, answer: ApprovalAnswer): void {
    const [first, ...others] = this.queue.take(entry);
    first?.settle(answer);
    // One standing grant is enough for all of them.
    const plain: ApprovalAnswer = answer.decision === 'approve' ? { decision: 'approve', by: answer.by } : answer;
    for (const waiting of others) waiting.settle(plain);
  }

  private update(): void {
    for (const entry of this.queue.next()) void this.show(entry);
    this.changeEmitter.fire();
  }

  private async show(entry: QueueEntry<Waiting>): Promise<void> {
    // A modal cannot be closed for the person, but what follows it can: its input boxes close when the requests end.
    const ended = new vscode.CancellationTokenSource();
    const signals = entry.items.map((waiting) => waiting.request.signal);
    const onAbort = (): void => {
      if (entry.items.length === 0 || signals.every((signal) => signal.aborted)) ended.cancel();
    };
    for (const signal of signals) signal.addEventListener('abort', onAbort);
    let outcome: Outcome;
    try {
      outcome = await this.ask(entry, ended.token);
    } catch (error) {
      outcome = { answer: { decision: 'deny', by: 'Four Eyes', message: `the approval dialog failed: ${(error as Error).message}` } };
    } finally {
      for (const signal of signals) signal.removeEventListener('abort', onAbort);
      ended.dispose();
    }
    const open = entry.items.length > 0;
    this.queue.closed(entry, outcome.review);
    if (outcome.answer && open) this.settle(entry, outcome.answer);
    else if (outcome.answer) void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: that request had already been answered or had ended (timed out, or its agent stopped waiting), so your answer changed nothing.'));
    this.update();
  }

  private async ask(entry: QueueEntry<Waiting>, ended: vscode.CancellationToken): Promise<Outcome> {
    const request = entry.items[0]?.request;
    if (!request) return {};
    if (request.assessment.requires === 'two-person') return this.askTwoPerson(request, ended);
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
    const title = vscode.l10n.t({ message: 'Four Eyes: {0} wants to run a {1}-risk command', args: [shown(describeActor(request.actor)), request.assessment.level], comment: ['{0} is the agent; {1} is the risk level as the rules name it: low, medium, high or critical'] });
    const choice = await vscode.window.showWarningMessage(title, { modal: true, detail: approvalDetail(request, entry.items.length) }, ...buttons);
    switch (choice?.title) {
      case labels.approveOnce:
      case labels.approveSession:
      case labels.approveRule: {
        if (ended.isCancellationRequested) return { answer: { decision: 'approve', by } };
        if (critical && !(await this.typedConfirmation(request, ended))) return ended.isCancellationRequested ? {} : { answer: { decision: 'deny', by, message: 'the typed confirmation did not match' } };
        if (choice.title === labels.approveSession) return { answer: { decision: 'approve', by, grant: { kind: 'session' } } };
        if (choice.title === labels.approveRule) return { answer: { decision: 'approve', by, grant: { kind: 'rule', minutes: ruleGrantMinutes } } };
        return { answer: { decision: 'approve', by } };
      }
      default:
        return this.reviewOrDeny(choice?.title, by, ended);
    }
  }

  /** A command one person cannot approve alone: ask for a co-signature, break glass, or deny. */
  private async askTwoPerson(request: ApprovalRequest, ended: vscode.CancellationToken): Promise<Outcome> {
    const by = person();
    const labels = approvalButtons();
    const buttons: vscode.MessageItem[] = [
      { title: labels.denyWithMessage },
      { title: labels.requestCosign },
      { title: labels.breakGlass },
      { title: labels.review },
      { title: labels.deny, isCloseAffordance: true },
    ];
    const title = vscode.l10n.t('Four Eyes: {0} wants to run a production-critical command that needs two people', shown(describeActor(request.actor)));
    const choice = await vscode.window.showWarningMessage(title, { modal: true, detail: approvalDetail(request) }, ...buttons);
    const flow = this.twoPerson;
    switch (choice?.title) {
      case labels.requestCosign:
      case labels.breakGlass:
        if (ended.isCancellationRequested) return { answer: { decision: 'deny', by } };
        if (!flow) return { answer: { decision: 'deny', by: 'Four Eyes', message: 'co-signing is not available in this window' } };
        // The command keeps waiting: the flow answers it when the response (or the reason) comes; the next dialog need not wait for that.
        void (choice.title === labels.requestCosign ? flow.request(request) : flow.breakGlass(request)).catch(
          (error: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: {0}', (error as Error).message)),
        );
        return { review: true };
      default:
        return this.reviewOrDeny(choice?.title, by, ended);
    }
  }

  /** The choices both dialogs share: decide in the Risk view, or deny (with a message). */
  private async reviewOrDeny(title: string | undefined, by: string, ended: vscode.CancellationToken): Promise<Outcome> {
    const labels = approvalButtons();
    if (title === labels.review) {
      // The request keeps waiting, until its timeout, for an answer in the Risk view; so do its session's next ones.
      await vscode.commands.executeCommand(commandIds.showRisk);
      return { review: true };
    }
    if (title !== labels.denyWithMessage || ended.isCancellationRequested) return { answer: { decision: 'deny', by } };
    const message = await vscode.window.showInputBox({ title: vscode.l10n.t('Four Eyes: a message for the agent'), prompt: vscode.l10n.t('Why it was denied, or what to do instead'), ignoreFocusOut: true }, ended);
    return { answer: { decision: 'deny', by, ...(message ? { message } : {}) } };
  }

  /** The escaped word, compared exactly: no trimming, no case or Unicode folding. */
  private async typedConfirmation(request: ApprovalRequest, ended: vscode.CancellationToken): Promise<boolean> {
    const word = confirmationWord(request);
    const typed = await vscode.window.showInputBox(
      {
        title: vscode.l10n.t('Four Eyes: type "{0}" to approve this critical command', word),
        prompt: shown(request.assessment.commandLine),
        placeHolder: word,
        ignoreFocusOut: true,
        validateInput: (value) => (value === word || value === '' ? undefined : vscode.l10n.t('Type exactly: {0}', word)),
      },
      ended,
    );
    return typed === word && !ended.isCancellationRequested;
  }

  dispose(): void {
    for (const entry of [...this.queue.list()]) this.settle(entry, { decision: 'deny', by: 'Four Eyes', message: 'VS Code is closing' });
    this.changeEmitter.dispose();
  }
}
