// The workspace policy's commands: *Create Workspace Policy* (a commented starter, never over the team's) and *Trust Workspace Policy*.
import * as vscode from 'vscode';
import { keyId } from '../core/cosign/keys';
import { visible } from '../core/text/visible';
import { starterPolicy } from '../core/policy/starter';
import type { PolicyService } from './policy';

export async function createWorkspacePolicy(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: open a folder first; the policy file belongs to its repository.'));
    return;
  }
  const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'four-eyes.json');
  const exists = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.vscode'));
    await vscode.workspace.fs.writeFile(file, Buffer.from(starterPolicy));
  }
  await vscode.window.showTextDocument(file);
  if (exists) void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: this folder already has a policy; it is open.'));
}

/** *Trust Workspace Policy*: after a modal that says what trusting means, pin the file's exact text. */
export async function trustWorkspacePolicy(policy: PolicyService): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: this folder is not trusted (Workspace Trust), so its policy can only tighten. Trust the folder first, then trust its policy.'));
    return;
  }
  const file = policy.workspaceFile;
  const text = file && (await vscode.workspace.fs.readFile(file).then((bytes) => new TextDecoder().decode(bytes), () => undefined));
  if (!file || text === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: this folder has no .vscode/four-eyes.json to trust.'));
    return;
  }
  const trust = vscode.l10n.t('Trust');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Trust this exact .vscode/four-eyes.json?'),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Trusting lets this file loosen the built-in and organization policy: it can lower rule levels, remove production markers and let commands run without approval. Only this exact content is trusted; any later change drops the trust until you trust it again.',
      ),
    },
    trust,
  );
  if (choice !== trust) return;
  await policy.setPin(text);
  void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: the workspace policy is trusted as it is now.'));
}

/** *Confirm Workspace Approvers*: a person reads each name with its key id, in a modal, before their co-signatures count. */
export async function confirmApprovers(policy: PolicyService): Promise<void> {
  const unconfirmed = policy.current.policy.unconfirmedApprovers;
  if (unconfirmed.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: every approver the workspace policy lists is confirmed.'));
    return;
  }
  const listed = unconfirmed.map((approver) => `${visible(approver.name)} (key ${keyIdOf(approver.publicKey)})`).join('\n');
  const confirm = vscode.l10n.t('Confirm');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Let these people co-sign two-person commands?'),
    {
      modal: true,
      detail: vscode.l10n.t(
        '{0}\n\nThe workspace policy lists them, and anyone who can write the workspace (an agent too) can add a name there. Confirm only keys you got from the people themselves: compare each key id with theirs.',
        listed,
      ),
    },
    confirm,
  );
  if (choice !== confirm) return;
  await policy.confirmApprovers(unconfirmed);
  void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: {0} confirmed as approvers.', unconfirmed.map((approver) => approver.name).join(', ')));
}

function keyIdOf(publicKey: string): string {
  try {
    return keyId(publicKey);
  } catch {
    return vscode.l10n.t('unreadable key');
  }
}
