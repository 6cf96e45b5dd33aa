// The Action Log view: the host holds the entries and answers pages of rows, so a 100,000-entry log costs the page only what it shows.
import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { foldOutcomes, rowOutcome } from '../../core/audit/outcome';
import { actorLabel, LogIndex, summarize } from '../../core/audit/query';
import { rulesById } from '../../core/rules/packs';
import { readEntriesGradually } from '../../node/audit/logFiles';
import type { LogStore } from '../../node/audit/store';
import { logPageSize, type HostMessage, type ViewMessage } from '../../protocol/views';
import { viewIds } from '../contributions';
import { describeOutcome, exportLog, isCancelled, openLogFile, verifyLog } from '../logCommands';
import { ViewChannel } from './channel';

/** The most rows one page may ask for. */
const pageLimit = 1000;

/** How long to gather appends before telling the view, so a burst re-renders once. */
const settleMs = 100;

export class ActionLogView implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly channel: ViewChannel;
  /** The whole log, once loaded; `loading` while it is read. */
  private index: LogIndex | undefined;
  private loading: Promise<LogIndex> | undefined;
  private watcher: FSWatcher | undefined;
  private scheduled: NodeJS.Timeout | undefined;
  /** An entry to open once the view is ready (from the Risk view). */
  private selecting: number | undefined;
  /** How many entries the page's own first rows count (a page shown again starts with them again). */
  private started: number | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: LogStore,
  ) {
    this.channel = new ViewChannel(extensionUri, 'actionLog', (message) => this.handle(message), () => this.ready());
    this.unsubscribe = store.onDidAppend((entry) => {
      if (this.index?.add([entry])) this.schedule();
    });
  }

  /** The page comes with its first rows, so a long log shows them without a round trip. */
  resolveWebviewView(view: vscode.WebviewView): void {
    const first = this.firstPage(0, 0, logPageSize);
    this.started = first.total;
    this.channel.attach(view, first);
  }

  /** Show an entry's details, opening the view first. */
  async reveal(seq: number): Promise<void> {
    this.selecting = seq;
    await vscode.commands.executeCommand(`${viewIds.actionLog}.focus`);
    if (this.channel.visible) this.ready();
  }

  private ready(): void {
    // Entries appended since the page was made.
    if (this.index && this.index.size !== this.started) this.channel.post({ type: 'changed', count: this.index.size });
    this.load();
    if (this.selecting !== undefined) {
      this.channel.post({ type: 'select', seq: this.selecting });
      this.selecting = undefined;
    }
  }

  /**
   * The newest rows, read from the end of the file, while the whole log loads: a long log opens at once. Seqs count
   * entries from 1, so the last one is the total until the load (which then tells the view) says otherwise.
   */
  private firstPage(request: number, offset: number, count: number): HostMessage & { type: 'page' } {
    const tail = this.store.tail(offset + count);
    const newest = [...tail].reverse();
    const rows = foldOutcomes(tail).reverse().slice(offset).map(({ entry, outcome }) => summarize(entry, outcome));
    const actors = [...new Set(rows.map((row) => row.actor))].sort();
    return { type: 'page', request, total: newest[0]?.seq ?? 0, offset, rows, actors };
  }

  /** Reads the whole log, once the page is up (it would slow the page's making), and tells the view when it has. */
  private load(): void {
    if (this.loading) return;
    this.entries().then(
      (index) => this.channel.post({ type: 'changed', count: index.size }),
      (error: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes could not read the action log: {0}', (error as Error).message)),
    );
  }

  /** Loaded on first use, a batch at a time; then kept current by this window's appends and, for other windows', by watching the file. */
  private entries(): Promise<LogIndex> {
    this.loading ??= (async () => {
      const index = new LogIndex();
      await readEntriesGradually(this.store.files(), (entries) => index.add(entries));
      // Entries appended while the files were read.
      index.add(this.store.readAfter(index.lastSeq));
      this.index = index;
      try {
        this.watcher = watch(path.dirname(this.store.file), () => this.schedule(true));
      } catch {
        // No watching (the folder is gone): this window's own entries still arrive.
      }
      return index;
    })().catch((error: unknown) => {
      // The next query tries again.
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private schedule(fromDisk = false): void {
    if (this.scheduled) {
      if (!fromDisk) return;
      clearTimeout(this.scheduled);
    }
    this.scheduled = setTimeout(() => {
      this.scheduled = undefined;
      const index = this.index;
      if (!index) return;
      if (fromDisk) index.add(this.store.readAfter(index.lastSeq));
      this.channel.post({ type: 'changed', count: index.size });
    }, settleMs);
  }

  private async handle(message: ViewMessage): Promise<void> {
    switch (message.type) {
      case 'query': {
        const count = Math.min(message.count, pageLimit);
        if (!this.index && Object.keys(message.filter).length === 0 && message.offset + count <= pageLimit) {
          this.channel.post(this.firstPage(message.request, message.offset, count));
          return this.load();
        }
        const index = await this.entries();
        const page = index.query(message.filter, message.offset, count);
        this.channel.post({ type: 'page', request: message.request, total: page.total, offset: message.offset, rows: page.rows, actors: index.actors() });
        return;
      }
      case 'details': {
        const index = await this.entries();
        const entry = index.get(message.seq);
        if (!entry) return;
        const outcome = rowOutcome(entry.decision.kind, index.outcome(message.seq));
        const rules = entry.assessment.rules.map((id) => {
          const rule = rulesById.get(id);
          return { id, ...(rule ? { level: rule.level, reason: rule.reason, ...(rule.saferAlternative ? { saferAlternative: rule.saferAlternative } : {}) } : {}) };
        });
        this.channel.post({ type: 'entry', entry, rules, actor: actorLabel(entry.actor), ...(outcome ? { outcome } : {}) });
        return;
      }
      case 'verify': {
        try {
          const outcome = await verifyLog(this.store);
          this.channel.post({ type: 'verified', outcome: isCancelled(outcome) ? 'cancelled' : outcome.intact ? 'intact' : 'broken', summary: describeOutcome(outcome) });
        } catch (error) {
          this.channel.post({ type: 'verified', outcome: 'failed', summary: vscode.l10n.t('Could not verify the action log: {0}', (error as Error).message) });
        }
        return;
      }
      case 'export':
        await exportLog((await this.entries()).matching(message.filter), message.format);
        return;
      case 'open':
        return openLogFile(this.store);
      default:
        return;
    }
  }

  dispose(): void {
    this.unsubscribe();
    this.watcher?.close();
    clearTimeout(this.scheduled);
    this.channel.dispose();
  }
}
