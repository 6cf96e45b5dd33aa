// Two-person approval (DESIGN §6): the requester turns a waiting command into a code, a second person signs it in their
// own VS Code, and only a response that verifies against the command still waiting lets it run. No server.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { visible } from '../core/text/visible';
import { maskSecrets } from '../core/text/mask';
import type { NewEntry } from '../core/audit/entry';
import { describeActor } from '../core/approval/actor';
import { describeRequest } from '../core/cosign/describe';
import { createRequest, decodeRequest, defaultRequestMinutes, encodeRequest, requestHash, type CosignRequest } from '../core/cosign/request';
import { decodeResponse, encodeResponse, signResponse, type CosignDecision } from '../core/cosign/response';
import { verifyResponse } from '../core/cosign/verify';
import type { EffectivePolicy } from '../core/policy/layers';
import { targetKinds, type Target } from '../core/model/assessment';
import { isLevel } from '../core/model/levels';
import type { LogStore } from '../node/audit/store';
import type { ApprovalRequest } from '../node/broker/broker';
import { person, type ApprovalPrompter } from './approval';
import { ApproverKeys } from './approverKey';
import { readSettings } from './config';
import { removeShared, sharedFolder, sharedRequests, watchResponse, writeShared } from './cosignFolder';

/** Nonces of completed requests, kept until they expire: a response replayed later finds its nonce here. */
const usedNoncesKey = 'fourEyes.usedCosignNonces';
/** A break-glass reason shorter than this says nothing. */
export const breakGlassMinimum = 20;

interface Outstanding {
  readonly approval: ApprovalRequest;
  readonly request: CosignRequest;
  readonly hash: string;
}

export interface CosignSources {
  readonly prompter: ApprovalPrompter;
  readonly log: Pick<LogStore, 'append'>;
  readonly policy: () => EffectivePolicy;
  readonly workspace: string | undefined;
}

/** The co-signer's two buttons, translated when shown; the choice is compared with the same text. */
export function cosignButtons() {
  return { decline: vscode.l10n.t('Decline'), cosign: vscode.l10n.t('Co-sign') } as const;
}

/** Until the waiting command is denied for lack of an answer. */
function minutesLeft(approval: ApprovalRequest): number {
  const seconds = Math.min(readSettings().approvalTimeoutSeconds, approval.params.holdSeconds ?? Infinity);
  return (approval.receivedAt + seconds * 1000 - Date.now()) / 60_000;
}

export class Cosigning {
  readonly keys: ApproverKeys;
  private readonly outstanding = new Map<string, Outstanding>();

  constructor(
    private readonly state: vscode.Memento,
    secrets: vscode.SecretStorage,
    private readonly sources: CosignSources,
  ) {
    this.keys = new ApproverKeys(secrets);
  }

  /** *Request Co-signature*: the code for a second person; the command keeps waiting for their response. */
  async request(approval: ApprovalRequest): Promise<void> {
    let pending = [...this.outstanding.values()].find((candidate) => candidate.approval.id === approval.id);
    if (!pending) {
      const me = await this.keys.require(vscode.l10n.t('Requesting a co-signature'));
      if (!me || approval.signal.aborted) return;
      const { assessment } = approval;
      const top = assessment.findings.find((finding) => finding.level === assessment.level);
      const relative = this.sources.workspace ? path.relative(this.sources.workspace, approval.params.cwd) : approval.params.cwd;
      const request = createRequest(
        {
          // Masked: the request travels to a second person and may be left in a shared folder; they need to read it, not the secret.
          commandLine: maskSecrets(assessment.commandLine),
          cwd: relative === '' ? '.' : relative.split(path.sep).join('/'),
          ...(assessment.target ? { target: assessment.target } : {}),
          agent: describeActor(approval.actor),
          level: assessment.level,
          rule: top?.ruleId ?? '',
          reason: top?.reason ?? '',
          requester: { name: me.name, keyId: me.keyId },
        },
        // Never past the moment the waiting command is denied for lack of an answer: the approver sees the real deadline.
        { now: Date.now(), minutes: Math.min(defaultRequestMinutes, minutesLeft(approval)) },
      );
      pending = { approval, request, hash: requestHash(request) };
      const { hash } = pending;
      this.outstanding.set(hash, pending);
      const folder = sharedFolder();
      const watching = folder ? watchResponse(folder, hash, (code) => void this.complete(code)) : undefined;
      // An unwritable shared folder costs only the shortcut: the code can still be sent by hand.
      if (folder) await writeShared(folder, hash, 'request', encodeRequest(request)).catch((error: unknown) => void vscode.window.showWarningMessage(vscode.l10n.t('Four Eyes: could not write the request to the shared folder: {0}', (error as Error).message)));
      approval.signal.addEventListener('abort', () => {
        this.outstanding.delete(hash);
        watching?.dispose();
        if (folder) void removeShared(folder, hash);
      });
      this.record(approval, 'co-sign-requested', me.name, `${me.name} asked an approver to co-sign it (request ${hash.slice(0, 12)}).`, { requestHash: hash, requester: me.name });
    }
    const code = encodeRequest(pending.request);
    await vscode.env.clipboard.writeText(code);
    const sent = await vscode.window.showInputBox({
      title: vscode.l10n.t('Four Eyes: send this request code to an approver (copied). The command waits for their response.'),
      value: code,
      ignoreFocusOut: true,
    });
    if (sent !== undefined && !approval.signal.aborted) await this.awaitResponse();
  }

  /** *Complete Co-signature*: paste an approver's response; a bad one is explained and the command keeps waiting. */
  async awaitResponse(): Promise<boolean> {
    const code = await vscode.window.showInputBox({
      title: vscode.l10n.t('Four Eyes: paste the approver’s response code'),
      placeHolder: 'FE1-SIG-…',
      ignoreFocusOut: true,
    });
    return code ? this.complete(code) : false;
  }

  /** Verifies a response against the request still waiting, and answers it. */
  async complete(code: string): Promise<boolean> {
    let failure: string;
    try {
      const response = decodeResponse(code);
      const pending = this.outstanding.get(response.requestHash);
      if (!pending) failure = vscode.l10n.t('no command is waiting for this response here (it was decided, timed out, or the response is for another request)');
      else {
        const verdict = verifyResponse({ request: pending.request, response, approvers: this.sources.policy().approvers, now: Date.now(), usedNonces: this.usedNonces() });
        if (verdict.ok) {
          await this.useNonce(pending.request);
          this.outstanding.delete(pending.hash);
          const folder = sharedFolder();
          if (folder) await removeShared(folder, pending.hash);
          const cosign = { requestHash: pending.hash, requester: pending.request.requester.name, signer: verdict.signer };
          const answered =
            verdict.decision === 'approve'
              ? this.sources.prompter.answer(pending.approval.id, { decision: 'approve', by: pending.request.requester.name, cosign })
              : this.sources.prompter.answer(pending.approval.id, { decision: 'deny', by: verdict.signer, message: `${verdict.signer} declined to co-sign ${cosign.requester}'s request`, cosign });
          if (answered)
            void vscode.window.showInformationMessage(
              verdict.decision === 'approve' ? vscode.l10n.t('Four Eyes: {0} co-signed; the command runs.', verdict.signer) : vscode.l10n.t('Four Eyes: {0} declined; the command is denied.', verdict.signer),
            );
          return answered;
        }
        failure = verdict.reason;
      }
    } catch (error) {
      failure = (error as Error).message;
    }
    void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: the co-signature was not accepted: {0}. The command is still waiting.', failure));
    return false;
  }

  /** *Co-sign Request*, in the second person's VS Code: the same details as the dialog, then a signed answer. */
  async cosign(given?: string): Promise<string | undefined> {
    const folder = sharedFolder();
    const chosen = given === undefined ? await this.pickRequest(folder) : { code: given, shared: false };
    if (!chosen?.code) return undefined;
    const { code } = chosen;
    let request: CosignRequest;
    try {
      request = decodeRequest(code);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: {0}', (error as Error).message));
      return undefined;
    }
    const now = Date.now();
    if (Date.parse(request.expires) <= now) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: this request expired at {0}; ask for a new one.', request.expires));
      return undefined;
    }
    const me = await this.keys.require(vscode.l10n.t('Co-signing'));
    if (!me) return undefined;
    if (me.keyId === request.requester.keyId) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: this is your own request; a second person has to co-sign it.'));
      return undefined;
    }
    const labels = cosignButtons();
    // The first button is the one Enter presses: it must not approve.
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t({ message: 'Four Eyes: {0} asks you to co-sign a {1}-risk command', args: [request.requester.name, request.level], comment: ['{0} is a person; {1} is the risk level as the rules name it: low, medium, high or critical'] }),
      { modal: true, detail: describeRequest(request, now).join('\n') },
      { title: labels.decline },
      { title: labels.cosign },
    );
    if (!choice) return undefined;
    const decision: CosignDecision = choice.title === labels.cosign ? 'approve' : 'decline';
    const response = signResponse(request, decision, { name: me.name, privateKey: me.privateKey }, Date.now());
    this.recordCosign(request, decision, me.name);
    const answer = encodeResponse(response);
    // A request taken from the shared folder is answered there, where the requester's Four Eyes picks it up.
    if (folder && chosen.shared) await writeShared(folder, requestHash(request), 'response', answer);
    await vscode.env.clipboard.writeText(answer);
    await vscode.window.showInputBox({
      title:
        decision === 'approve'
          ? vscode.l10n.t('Four Eyes: you co-signed. Send this response code back to {0} (copied).', request.requester.name)
          : vscode.l10n.t('Four Eyes: you declined. Send this response code back to {0} (copied).', request.requester.name),
      value: answer,
      ignoreFocusOut: true,
    });
    return answer;
  }

  /** The requests waiting in the shared folder to choose from, or a pasted code. */
  private async pickRequest(folder: string | undefined): Promise<{ code: string | undefined; shared: boolean } | undefined> {
    const paste = async (): Promise<{ code: string | undefined; shared: boolean }> => ({
      code: await vscode.window.showInputBox({ title: vscode.l10n.t('Four Eyes: paste the co-signature request code'), placeHolder: 'FE1-REQ-…', ignoreFocusOut: true }),
      shared: false,
    });
    const now = Date.now();
    const shared = (folder ? sharedRequests(folder) : []).flatMap((code) => {
      try {
        const request = decodeRequest(code);
        return Date.parse(request.expires) > now ? [{ code, request }] : [];
      } catch {
        return [];
      }
    });
    if (shared.length === 0) return paste();
    const pasteItem = { label: `$(clippy) ${vscode.l10n.t('Paste a request code…')}`, code: undefined };
    const detail = (request: CosignRequest): string => {
      const expires = vscode.l10n.t('expires {0}', new Date(request.expires).toLocaleTimeString());
      if (!request.target) return expires;
      const name = visible(request.target.name);
      return `${request.target.production ? vscode.l10n.t('{0} (production)', name) : name} · ${expires}`;
    };
    const picked = await vscode.window.showQuickPick(
      [...shared.map(({ code, request }) => ({ label: visible(request.commandLine, { limit: 200 }), description: vscode.l10n.t('{0} for {1}', visible(request.requester.name), visible(request.agent)), detail: detail(request), code })), pasteItem],
      { title: vscode.l10n.t('Four Eyes: requests waiting in the shared folder') },
    );
    if (!picked) return undefined;
    return picked.code === undefined ? paste() : { code: picked.code, shared: true };
  }

  /** Break glass: one person approves a two-person command alone, with a typed reason; it is logged and flagged. */
  async breakGlass(approval: ApprovalRequest): Promise<void> {
    const reason = await vscode.window.showInputBox({
      title: vscode.l10n.t('Four Eyes: break glass — approve without a second person'),
      prompt: vscode.l10n.t('Why can this not wait for an approver? At least {0} characters; the log and the Risk view show it.', breakGlassMinimum),
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length >= breakGlassMinimum ? undefined : vscode.l10n.t('{0} more characters', breakGlassMinimum - value.trim().length)),
    });
    if (!reason || reason.trim().length < breakGlassMinimum || approval.signal.aborted) return;
    this.sources.prompter.answer(approval.id, { decision: 'approve', by: person(), breakGlass: reason.trim() });
  }

  private record(approval: ApprovalRequest, kind: 'co-sign-requested', by: string, reason: string, cosign: NewEntry['decision']['cosign']): void {
    const { assessment } = approval;
    this.sources.log.append({
      id: randomUUID(),
      time: new Date().toISOString(),
      actor: approval.actor,
      channel: approval.params.channel,
      commandLine: assessment.commandLine,
      cwd: approval.params.cwd,
      assessment: { level: assessment.level, rules: [...new Set(assessment.findings.map((finding) => finding.ruleId))], ...(assessment.target ? { target: assessment.target } : {}) },
      decision: { kind, by, reason, ...(cosign ? { cosign } : {}) },
    });
  }

  /** The co-signer's own log says what they signed, for whom. */
  private recordCosign(request: CosignRequest, decision: CosignDecision, me: string): void {
    const hash = requestHash(request);
    const kind = targetKinds.find((known) => known === request.target?.kind);
    const target: Target | undefined = request.target && kind ? { kind, name: request.target.name, production: request.target.production, source: `${request.requester.name}'s request` } : undefined;
    this.sources.log.append({
      id: randomUUID(),
      time: new Date().toISOString(),
      actor: { kind: 'human', evidence: 'Four Eyes: Co-sign Request' },
      channel: 'cosign',
      commandLine: request.commandLine,
      cwd: request.cwd,
      assessment: { level: isLevel(request.level) ? request.level : 'critical', rules: request.rule ? [request.rule] : [], ...(target ? { target } : {}) },
      decision: {
        kind: decision === 'approve' ? 'co-signed' : 'co-sign-declined',
        by: me,
        reason: `${me} ${decision === 'approve' ? 'co-signed' : 'declined'} ${request.requester.name}'s request for ${request.agent} (request ${hash.slice(0, 12)}).`,
        cosign: { requestHash: hash, requester: request.requester.name, signer: me },
      },
    });
  }

  private usedNonces(): Set<string> {
    return new Set(this.state.get<{ nonce: string }[]>(usedNoncesKey, []).map((used) => used.nonce));
  }

  private async useNonce(request: CosignRequest): Promise<void> {
    const now = Date.now();
    const kept = this.state.get<{ nonce: string; expires: string }[]>(usedNoncesKey, []).filter((used) => Date.parse(used.expires) > now);
    await this.state.update(usedNoncesKey, [...kept, { nonce: request.nonce, expires: request.expires }]);
  }
}
