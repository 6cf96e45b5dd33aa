// Verify Action Log, Export Action Log and Open Log File: the commands and the Action Log view's buttons share these.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LogEntry } from '../core/audit/entry';
import { exportEntries } from '../core/audit/export';
import type { VerifyResult } from '../core/audit/verify';
import type { LogStore } from '../node/audit/store';
import type { ExportFormat } from '../protocol/views';

/** The export formats, translated when the pick is shown. */
function formats(): { format: ExportFormat; label: string; detail: string; extension: string }[] {
  return [
    { format: 'md', label: vscode.l10n.t('Markdown table'), detail: vscode.l10n.t('For a pull request description'), extension: 'md' },
    { format: 'csv', label: 'CSV', detail: vscode.l10n.t('For a spreadsheet'), extension: 'csv' },
    { format: 'json', label: 'JSON', detail: vscode.l10n.t('Every field of every entry'), extension: 'json' },
  ];
}

/** The torn lines skipped, as a sentence to append (with its leading space), or ''. */
function describeTorn(result: VerifyResult): string {
  if (!result.torn.length) return '';
  const lines = result.torn.map((line) => `${path.basename(line.file)}:${line.line}`).join(', ');
  return ` ${result.torn.length === 1 ? vscode.l10n.t('1 torn line (a crash mid-write) skipped: {0}.', lines) : vscode.l10n.t('{0} torn lines (a crash mid-write) skipped: {1}.', result.torn.length, lines)}`;
}

/** One line for people: intact with the count, or the first broken link. */
export function describeVerification(result: VerifyResult): string {
  const torn = describeTorn(result);
  if (result.intact) {
    const entries = result.entries.toLocaleString('en-US');
    return `${result.files === 1 ? vscode.l10n.t('Action log intact: {0} entries in 1 file.', entries) : vscode.l10n.t('Action log intact: {0} entries in {1} files.', entries, result.files)}${torn}`;
  }
  const broken = result.firstBroken;
  if (!broken) return `${vscode.l10n.t('Action log broken.')}${torn}`;
  const file = path.basename(broken.file);
  return `${broken.seq === undefined ? vscode.l10n.t('Action log broken at {0} line {1}: {2}.', file, broken.line, broken.reason) : vscode.l10n.t('Action log broken at {0} line {1} (seq {2}): {3}.', file, broken.line, broken.seq, broken.reason)}${torn}`;
}

export async function openLogFile(store: LogStore, file = store.file, line?: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const position = new vscode.Position(Math.max(0, (line ?? document.lineCount) - 1), 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: false });
}

export async function verifyLog(store: LogStore): Promise<VerifyResult> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Four Eyes: verifying the action log') }, () => Promise.resolve(store.verify()));
  const summary = describeVerification(result);
  if (result.intact) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: {0}', summary));
  } else {
    const open = vscode.l10n.t('Open at the Broken Line');
    void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: {0} Entries were edited, removed or reordered after they were written.', summary), open).then((choice) => {
      if (choice === open && result.firstBroken) void openLogFile(store, result.firstBroken.file, result.firstBroken.line);
    });
  }
  return result;
}

/** Ask for the format (unless given) and where to save; returns the file written. */
export async function exportLog(entries: readonly LogEntry[], format?: ExportFormat): Promise<vscode.Uri | undefined> {
  const chosen = format ? formats().find((candidate) => candidate.format === format) : await vscode.window.showQuickPick(formats(), { title: vscode.l10n.t('Four Eyes: export the action log as') });
  if (!chosen) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const suggested = `four-eyes-action-log.${chosen.extension}`;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Four Eyes: export {0} entries', entries.length.toLocaleString('en-US')),
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, suggested) } : {}),
    filters: { [chosen.label]: [chosen.extension] },
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, Buffer.from(exportEntries(entries, chosen.format)));
  const open = vscode.l10n.t('Open');
  void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: exported {0} entries to {1}.', entries.length.toLocaleString('en-US'), path.basename(target.fsPath)), open).then((choice) => {
    if (choice === open) void vscode.window.showTextDocument(target);
  });
  return target;
}
