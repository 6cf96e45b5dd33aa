// Team export: when a collector is configured, each entry this window logs is also sent there, never in the way of the local log.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OtlpExporter } from '../node/audit/otlp';
import type { LogStore } from '../node/audit/store';
import { readSettings } from './config';

export function registerTelemetryExport(context: vscode.ExtensionContext, store: LogStore): void {
  let exporter: OtlpExporter | undefined;
  const problems = vscode.window.createOutputChannel(vscode.l10n.t('Four Eyes Team Export'));
  const configure = (): void => {
    void exporter?.dispose();
    exporter = undefined;
    const endpoint = readSettings()['telemetryExport.otlpEndpoint'];
    if (!endpoint) return;
    const folder = vscode.workspace.workspaceFolders?.[0];
    try {
      exporter = new OtlpExporter({
        endpoint,
        resource: { 'four_eyes.workspace': folder ? path.basename(folder.uri.fsPath) : 'no folder' },
        version: (context.extension.packageJSON as { version: string }).version,
        onProblem: (message) => problems.appendLine(`${new Date().toISOString()} ${message}`),
      });
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: team export is off: {0}', (error as Error).message));
    }
  };
  configure();
  const unsubscribe = store.onDidAppend((entry) => exporter?.add(entry));
  context.subscriptions.push(
    problems,
    { dispose: unsubscribe },
    { dispose: () => void exporter?.dispose() },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('fourEyes.telemetryExport')) configure();
    }),
  );
}
