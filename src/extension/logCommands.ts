// Verify Action Log, Export Action Log and Open Log File: the commands and the Action Log view's buttons share these.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LogEntry } from '../core/audit/entry';
import { exportEntries } from '../core/audit/export';
import { failed, judgeLog, type Verdict } from '../core/audit/verdict';
import type { RecordedIntegrity, VerifyResult } from '../core/audit/verify';
import type { LogStore } from '../node/audit/store';
import type { VerifyProgress } from '../node/audit/verifyFiles';
import { verifyInThread } from '../node/audit/verifyThread';
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

/** A verification and its verdict against the anchored head; `intact` is the verdict's. */
export interface Verification extends VerifyResult {
  readonly verdict: Verdict;
}

/** `13–20`, or `13`. */
function seqs(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}

function describeRecord(record: RecordedIntegrity): string {
  const { integrity, seq, time } = record;
  const when = new Date(time).toLocaleString();
  const found = integrity.found?.seq ?? 0;
  switch (integrity.kind) {
    case 'cut':
      return vscode.l10n.t('Action log cut after seq {0}: entries {1} were removed from outside Four Eyes, which recorded it at seq {2} ({3}).', found, seqs(found + 1, integrity.expected.seq), seq, when);
    case 'rewritten':
      return vscode.l10n.t('Action log rewritten from outside Four Eyes: the entry at seq {0} was not the one Four Eyes wrote; it recorded this at seq {1} ({2}).', integrity.expected.seq, seq, when);
    case 'unvouched':
      return vscode.l10n.t('Action log entries {0} were not anchored by any Four Eyes window (one that crashed, or another writer); Four Eyes recorded it at seq {1} ({2}).', seqs(integrity.expected.seq + 1, found), seq, when);
  }
}

/** One line for people: intact with the count, the first broken link, or what happened to the log's end. */
export function describeVerification(result: Verification): string {
  const torn = describeTorn(result);
  const verdict = result.verdict;
  switch (verdict.kind) {
    case 'intact': {
      const entries = result.entries.toLocaleString('en-US');
      const counted = result.files === 1 ? vscode.l10n.t('Action log intact: {0} entries in 1 file.', entries) : vscode.l10n.t('Action log intact: {0} entries in {1} files.', entries, result.files);
      const anchored = verdict.anchored ? ` ${vscode.l10n.t('It ends at the head Four Eyes anchored outside it (seq {0}).', verdict.anchored.seq)}` : '';
      return `${counted}${anchored}${torn}`;
    }
    case 'broken': {
      const broken = verdict.at;
      const file = path.basename(broken.file);
      return `${broken.seq === undefined ? vscode.l10n.t('Action log broken at {0} line {1}: {2}.', file, broken.line, broken.reason) : vscode.l10n.t('Action log broken at {0} line {1} (seq {2}): {3}.', file, broken.line, broken.seq, broken.reason)}${torn}`;
    }
    case 'recorded':
      return `${describeRecord(verdict.record)}${torn}`;
    case 'cut':
      return `${vscode.l10n.t('Action log cut after seq {0}: Four Eyes anchored seq {1}, so entries {2} are gone.', verdict.after, verdict.anchored.seq, seqs(verdict.after + 1, verdict.anchored.seq))}${torn}`;
    case 'rewritten':
      return `${vscode.l10n.t('Action log rewritten: the entry at seq {0} is not the one Four Eyes anchored.', verdict.at)}${torn}`;
  }
}

export async function openLogFile(store: LogStore, file = store.file, line?: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const position = new vscode.Position(Math.max(0, (line ?? document.lineCount) - 1), 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: false });
}

/** Where to show a failed verification: the broken line, the store's record, or the log's end. */
function failedAt(verdict: Verdict): { file?: string; line?: number } {
  if (verdict.kind === 'broken') return verdict.at;
  if (verdict.kind === 'recorded') return verdict.record;
  return {};
}

/** A verification a person stopped: how far it got. It vouches for nothing, so it is never intact. */
export interface CancelledVerification {
  readonly cancelled: true;
  readonly intact: false;
  readonly progress: VerifyProgress;
}

/** What *Verify Action Log* ends with. */
export type VerifyOutcome = Verification | CancelledVerification;

export function isCancelled(outcome: VerifyOutcome): outcome is CancelledVerification {
  return 'cancelled' in outcome;
}

/** How much of the log was read, as a whole percentage. */
function percent(progress: VerifyProgress): number {
  return progress.total > 0 ? Math.min(100, Math.floor((progress.bytes / progress.total) * 100)) : 0;
}

/** `describeVerification`, or what a cancelled one got through. */
export function describeOutcome(outcome: VerifyOutcome): string {
  if (!isCancelled(outcome)) return describeVerification(outcome);
  return vscode.l10n.t('Verification cancelled after {0} entries ({1}% of the log): it says nothing about whether the log is intact.', outcome.progress.entries.toLocaleString('en-US'), percent(outcome.progress));
}

/** The chain checked in its thread, under a notification that shows how far it got and can stop it. */
async function verifyWithProgress(store: LogStore): Promise<VerifyOutcome> {
  const title = vscode.l10n.t('Four Eyes: verifying the action log');
  return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token): Promise<VerifyOutcome> => {
    const { files, options, anchored } = store.toVerify();
    const stop = new AbortController();
    const cancelled = token.onCancellationRequested(() => stop.abort());
    let shown = 0;
    try {
      const onProgress = (done: VerifyProgress): void => {
        const reached = percent(done);
        progress.report({ message: vscode.l10n.t('{0} entries checked ({1}%)', done.entries.toLocaleString('en-US'), reached), increment: reached - shown });
        shown = reached;
      };
      const verified = await verifyInThread(files, options, { onProgress, signal: stop.signal });
      if (verified.kind === 'cancelled') return { cancelled: true, intact: false, progress: verified.progress };
      const verdict = judgeLog(verified.result, anchored);
      return { ...verified.result, intact: !failed(verdict), verdict };
    } finally {
      cancelled.dispose();
    }
  });
}

/**
 * Checks the chain in a worker thread, with a notification that shows how far it got and can stop it. The anchored
 * head is read here first, as `LogStore.verifyAnchored()` reads it.
 */
export async function verifyLog(store: LogStore): Promise<VerifyOutcome> {
  const outcome = await verifyWithProgress(store).catch((error: unknown) => {
    void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes could not verify the action log: {0}', (error as Error).message));
    throw error;
  });
  if (isCancelled(outcome)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Four Eyes: {0}', describeOutcome(outcome)));
    return outcome;
  }
  const verification = outcome;
  const summary = describeVerification(verification);
  if (verification.intact) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Four Eyes: {0}', summary));
  } else {
    const open = vscode.l10n.t('Open at the Broken Line');
    const at = failedAt(verification.verdict);
    const message = verification.verdict.kind === 'broken' ? vscode.l10n.t('Four Eyes: {0} Entries were edited, removed or reordered after they were written.', summary) : vscode.l10n.t('Four Eyes: {0}', summary);
    void vscode.window.showErrorMessage(message, open).then((choice) => {
      if (choice === open) void openLogFile(store, at.file, at.line);
    });
  }
  return verification;
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
