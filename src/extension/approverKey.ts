// A person's approver key: the Ed25519 private half in VS Code's SecretStorage, the public half for the team policy.
import * as vscode from 'vscode';
import { generateApproverKey, keyId, publicKeyOf } from '../core/cosign/keys';
import { person } from './approval';

const secretKey = 'fourEyes.approverKey';

export interface ApproverIdentity {
  readonly name: string;
  readonly privateKey: string;
  readonly publicKey: string;
  readonly keyId: string;
}

/** The line the policy's `approvers` list takes. */
export function approverLine(identity: Pick<ApproverIdentity, 'name' | 'publicKey'>): string {
  return JSON.stringify({ name: identity.name, publicKey: identity.publicKey });
}

export class ApproverKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async current(): Promise<ApproverIdentity | undefined> {
    const stored = await this.secrets.get(secretKey);
    if (!stored) return undefined;
    const { name, privateKey } = JSON.parse(stored) as { name: string; privateKey: string };
    const publicKey = publicKeyOf(privateKey);
    return { name, privateKey, publicKey, keyId: keyId(publicKey) };
  }

  /** *Create My Approver Key*: a new key, or, when there is one, show it or replace it (rotation). */
  async create(): Promise<ApproverIdentity | undefined> {
    const existing = await this.current();
    if (existing) {
      const show = vscode.l10n.t('Show My Public Key');
      const replace = vscode.l10n.t('Replace With a New Key');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Four Eyes: you already have an approver key ({0}).', existing.keyId),
        { modal: true, detail: vscode.l10n.t('A new key replaces it at once: co-signatures made with the old key stop counting when the team policy lists the new one instead.') },
        show,
        replace,
      );
      if (choice === show) await this.show(existing);
      if (choice !== replace) return choice === show ? existing : undefined;
    }
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Four Eyes: your name as approvers will see it'),
      value: existing?.name ?? person(),
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('A name is needed')),
    });
    if (!name?.trim()) return undefined;
    const pair = generateApproverKey();
    await this.secrets.store(secretKey, JSON.stringify({ name: name.trim(), privateKey: pair.privateKey }));
    const identity = { name: name.trim(), privateKey: pair.privateKey, publicKey: pair.publicKey, keyId: keyId(pair.publicKey) };
    await this.show(identity);
    return identity;
  }

  /** Copies the policy line and shows it, selectable, until dismissed. */
  async show(identity: ApproverIdentity): Promise<void> {
    const line = approverLine(identity);
    await vscode.env.clipboard.writeText(line);
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Four Eyes: your approver key {0} (copied). Add this line to "approvers" in the team policy.', identity.keyId),
      value: line,
      ignoreFocusOut: true,
    });
  }

  /** The key, creating one first when the person agrees; `purpose` is shown, already translated. */
  async require(purpose: string): Promise<ApproverIdentity | undefined> {
    const existing = await this.current();
    if (existing) return existing;
    const create = vscode.l10n.t('Create My Approver Key');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Four Eyes: {0} needs your approver key, and you have none yet.', purpose), { modal: true }, create);
    return choice === create ? this.create() : undefined;
  }
}
