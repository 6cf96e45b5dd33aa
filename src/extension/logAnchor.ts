// The action log held to a head anchored outside the files agents write: the MAC key and a copy of the head in
// SecretStorage, the anchor in global storage, the log's folder watched. A cut, a rewrite or an unvouched tail is
// recorded by the store (and so reaches the Risk view) and shown here; the hook's reports are taken into the log.
import { randomBytes } from 'node:crypto';
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Head, LogEntry } from '../core/audit/entry';
import type { HookReport } from '../core/audit/hookReport';
import { anchorFile, anchorName, LogAnchor, parseHead } from '../node/audit/anchor';
import { ingestHookReports } from '../node/audit/ingest';
import { findLog } from '../node/audit/locate';
import { spoolDirectory, unclaimedSpoolDirectory } from '../node/audit/spool';
import { LogStore } from '../node/audit/store';
import { commandIds } from './contributions';
import { openLogFile } from './logCommands';

const keySecret = 'fourEyes.actionLog.anchorKey';

function headSecret(logFile: string): string {
  return `fourEyes.actionLog.head.${anchorName(logFile)}`;
}

/** The MAC key every window shares; made by the first. Without SecretStorage, one for this session only. */
async function anchorKey(secrets: vscode.SecretStorage): Promise<Buffer> {
  try {
    const stored = await secrets.get(keySecret);
    if (stored) return Buffer.from(stored, 'base64');
    await secrets.store(keySecret, randomBytes(32).toString('base64'));
    // Two windows starting at once both store one: both take whichever was stored last.
    return Buffer.from((await secrets.get(keySecret)) ?? '', 'base64');
  } catch {
    return randomBytes(32);
  }
}

/**
 * The anchored head, copied to SecretStorage a moment after it moves (a keyring write per append would be too many):
 * an anchor file rolled back, or removed, while no window runs, does not take the log's end back with it.
 */
class HeadCopy implements vscode.Disposable {
  private pending: Head | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly name: string,
  ) {}

  note(head: Head): void {
    this.pending = head;
    this.timer ??= setTimeout(() => void this.flush(), 1000);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const head = this.pending;
    this.pending = undefined;
    if (!head) return;
    try {
      // Another window may have stored a later one.
      const stored = parseHead(await this.secrets.get(this.name));
      if (!stored || stored.seq < head.seq) await this.secrets.store(this.name, JSON.stringify(head));
    } catch {
      // No SecretStorage: the anchor file alone holds the head.
    }
  }

  dispose(): void {
    void this.flush();
  }
}

/** `13–20`, or `13`. */
function seqs(from: number, to: number): string {
  return from === to ? `${from}` : `${from}–${to}`;
}

function warning(entry: LogEntry): string | undefined {
  const integrity = entry.integrity;
  if (!integrity) return undefined;
  const found = integrity.found?.seq ?? 0;
  switch (integrity.kind) {
    case 'cut':
      return vscode.l10n.t('Four Eyes: the action log was cut. Entries {0} were removed from outside Four Eyes; the log records this at seq {1}.', seqs(found + 1, integrity.expected.seq), entry.seq);
    case 'rewritten':
      return vscode.l10n.t('Four Eyes: the action log was rewritten from outside Four Eyes: the entry at seq {0} is not the one Four Eyes wrote. The log records this at seq {1}.', integrity.expected.seq, entry.seq);
    case 'unvouched':
      return vscode.l10n.t('Four Eyes: the action log has entries {0} that no Four Eyes window anchored (a window that crashed, or another writer). The log records this at seq {1}.', seqs(integrity.expected.seq + 1, found), entry.seq);
  }
}

function warn(store: LogStore, entry: LogEntry): void {
  const message = warning(entry);
  if (!message) return;
  const show = vscode.l10n.t('Show Action Log');
  const open = vscode.l10n.t('Open Log File');
  void vscode.window.showWarningMessage(message, show, open).then((choice) => {
    if (choice === show) void vscode.commands.executeCommand(commandIds.showActionLog);
    if (choice === open) void openLogFile(store);
  });
}

/**
 * This window's log, anchored, and checked against its anchor before anything appends: a log cut while no window ran
 * is reported at start-up. Warnings are shown for each record the store makes from here on.
 */
export async function openAnchoredLog(context: vscode.ExtensionContext): Promise<LogStore> {
  const file = path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'action-log.jsonl');
  const key = await anchorKey(context.secrets);
  const floor = await Promise.resolve(context.secrets.get(headSecret(file))).then(parseHead, () => undefined);
  const anchor = new LogAnchor(file, anchorFile(context.globalStorageUri.fsPath, file), { key, ...(floor ? { floor } : {}) });
  const copy = new HeadCopy(context.secrets, headSecret(file));
  const store = new LogStore(file, { anchor, onDidAnchor: (head) => copy.note(head) });
  const unsubscribe = store.onDidAppend((entry) => warn(store, entry));
  context.subscriptions.push(
    copy,
    { dispose: unsubscribe },
    context.secrets.onDidChange((event) => {
      if (event.key === keySecret) void Promise.resolve(context.secrets.get(keySecret)).then((stored) => stored && anchor.setKey(Buffer.from(stored, 'base64')));
    }),
  );
  store.check();
  return store;
}

function inside(directory: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const relative = path.relative(root, directory);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

/**
 * Watches the log's folder: a change this window did not make (a cut, another window's append) is checked against the
 * anchor, and the hook's reports are taken into the log, at start-up and as they arrive. `roots`: the window's folders,
 * whose unclaimed reports (from before any window logged them) are this log's.
 */
export function registerLogWatch(context: vscode.ExtensionContext, store: LogStore, roots: readonly string[]): void {
  const spool = spoolDirectory(store.file);
  let failure: string | undefined;
  const run = (action: () => void): void => {
    try {
      action();
      failure = undefined;
    } catch (error) {
      // One message per distinct failure, not one per change of the folder.
      const message = (error as Error).message;
      if (message !== failure) void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes could not check the action log: {0}', message));
      failure = message;
    }
  };
  const take = (directory: string, accept?: (report: HookReport) => boolean): void => {
    for (let round = 0; round < 10 && ingestHookReports(store, directory, accept ? { accept } : {}).more; round++);
  };
  run(() => {
    mkdirSync(spool, { recursive: true, mode: 0o700 });
    take(spool);
    // Reports from before any window logged these folders; a folder logged by another window (a nested one) is theirs.
    take(unclaimedSpoolDirectory(), (report) => inside(report.cwd, roots) && (findLog(report.cwd) ?? store.file) === store.file);
  });
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      run(() => {
        store.check();
        take(spool);
      });
    }, 50);
  };
  const watchers: FSWatcher[] = [];
  for (const directory of [path.dirname(store.file), spool]) {
    try {
      const watcher = watch(directory, schedule);
      // The folder removed: stop watching it rather than let the error take the extension host down.
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // Not watchable: appends still check, and the next start-up takes the reports.
    }
  }
  context.subscriptions.push({
    dispose: () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  });
}
