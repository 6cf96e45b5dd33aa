// Verify Action Log, Export Action Log and Open Log File: the commands and the Action Log view's buttons share these.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LogEntry } from '../core/audit/entry';
import { exportEntries } from '../core/audit/export';
import type { VerifyResult } from '../core/audit/verify';
import type { LogStore } from '../node/audit/store';
import type { ExportFormat } from '../protocol/views';

const formats: { format: ExportFormat; label: string; detail: string; extension: string }[] = [
  { format: 'md', label: 'Markdown table', detail: 'For a pull request description', extension: 'md' },
  { format: 'csv', label: 'CSV', detail: 'For a spreadsheet', extension: 'csv' },
  { format: 'json', label: 'JSON', detail: 'Every field of every entry', extension: 'json' },
];

/** One line for people: intact with the count, or the first broken link. */
export function describeVerification(result: VerifyResult): string {
  const files = `${result.files} file${result.files === 1 ? '' : 's'}`;
  const torn = result.torn.length ? ` ${result.torn.length} torn line${result.torn.length === 1 ? '' : 's'} (a crash mid-write) skipped: ${result.torn.map((line) => `${path.basename(line.file)}:${line.line}`).join(', ')}.` : '';
  if (result.intact) return `Action log intact: ${result.entries.toLocaleString('en-US')} entries in ${files}.${torn}`;
  const broken = result.firstBroken;
  return broken
    ? `Action log broken at ${path.basename(broken.file)} line ${broken.line}${broken.seq === undefined ? '' : ` (seq ${broken.seq})`}: ${broken.reason}.${torn}`
    : `Action log broken.${torn}`;
}

export async function openLogFile(store: LogStore, file = store.file, line?: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const position = new vscode.Position(Math.max(0, (line ?? document.lineCount) - 1), 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: false });
}

export async function verifyLog(store: LogStore): Promise<VerifyResult> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Four Eyes: verifying the action log' }, () => Promise.resolve(store.verify()));
  const summary = describeVerification(result);
  if (result.intact) {
    void vscode.window.showInformationMessage(`Four Eyes: ${summary}`);
  } else {
    const open = 'Open at the Broken Line';
    void vscode.window.showErrorMessage(`Four Eyes: ${summary} Entries were edited, removed or reordered after they were written.`, open).then((choice) => {
      if (choice === open && result.firstBroken) void openLogFile(store, result.firstBroken.file, result.firstBroken.line);
    });
  }
  return result;
}

/** Ask for the format (unless given) and where to save; returns the file written. */
export async function exportLog(entries: readonly LogEntry[], format?: ExportFormat): Promise<vscode.Uri | undefined> {
  const chosen = format ? formats.find((candidate) => candidate.format === format) : await vscode.window.showQuickPick(formats, { title: 'Four Eyes: export the action log as' });
  if (!chosen) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const suggested = `four-eyes-action-log.${chosen.extension}`;
  const target = await vscode.window.showSaveDialog({
    title: `Four Eyes: export ${entries.length.toLocaleString('en-US')} entries`,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, suggested) } : {}),
    filters: { [chosen.label]: [chosen.extension] },
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, Buffer.from(exportEntries(entries, chosen.format)));
  const open = 'Open';
  void vscode.window.showInformationMessage(`Four Eyes: exported ${entries.length.toLocaleString('en-US')} entries to ${path.basename(target.fsPath)}.`, open).then((choice) => {
    if (choice === open) void vscode.window.showTextDocument(target);
  });
  return target;
}
