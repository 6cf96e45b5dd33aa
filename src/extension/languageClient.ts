// Starts the language server that marks risky commands in scripts; it runs in its own process, so the extension host stays quick.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The files agents run commands from (DESIGN §9). */
const scripts = [
  '**/{Makefile,makefile,GNUmakefile,justfile,Justfile,.justfile}',
  '**/package.json',
  '**/*.{sh,bash}',
  '**/.vscode/tasks.json',
  '**/.github/workflows/*.{yml,yaml}',
];

export function startLanguageClient(context: vscode.ExtensionContext): void {
  const module = path.join(context.extensionPath, 'dist', 'server.js');
  const server: ServerOptions = { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } };
  const options: LanguageClientOptions = { documentSelector: scripts.map((pattern) => ({ scheme: 'file', pattern })) };
  const client = new LanguageClient('fourEyes', 'Four Eyes', server, options);
  context.subscriptions.push({ dispose: () => void client.stop() });
  // Not awaited: activation must not wait for a second process to start.
  void client.start();
}
