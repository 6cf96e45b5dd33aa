// Starts the language server that marks risky commands in scripts and checks the team's policy file; it runs in its own process, so the extension host stays quick.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { PolicySources } from '../core/policy/sources';
import { policyNotification, type PolicyParams } from '../protocol/language';

/** The files agents run commands from (DESIGN §9), and the workspace policy file. */
const documents = [
  '**/{Makefile,makefile,GNUmakefile,justfile,Justfile,.justfile}',
  '**/package.json',
  '**/*.{sh,bash}',
  '**/.vscode/tasks.json',
  '**/.github/workflows/*.{yml,yaml}',
  '**/.vscode/four-eyes.json',
];

/** The policy layers as the broker sees them, and when they change. */
export interface PolicySource {
  sources(): PolicySources;
  readonly onDidChange: vscode.Event<void>;
}

/** The server merges the layers `policy` gives, as the broker does; until the first notification it uses the built-in policy. */
export function startLanguageClient(context: vscode.ExtensionContext, policy: PolicySource): void {
  const module = path.join(context.extensionPath, 'dist', 'server.js');
  const server: ServerOptions = { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } };
  const options: LanguageClientOptions = { documentSelector: documents.map((pattern) => ({ scheme: 'file', pattern })) };
  const client = new LanguageClient('fourEyes', 'Four Eyes', server, options);
  context.subscriptions.push({ dispose: () => void client.stop() });
  const sendPolicy = (): void => {
    if (!client.isRunning()) return;
    const params: PolicyParams = policy.sources();
    void client.sendNotification(policyNotification, params);
  };
  context.subscriptions.push(policy.onDidChange(sendPolicy));
  // Not awaited: activation must not wait for a second process to start; the client reports a failed start itself.
  void client.start().then(sendPolicy, () => undefined);
}
