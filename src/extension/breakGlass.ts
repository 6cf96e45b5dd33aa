// Break-glass approvals stay in front of people: each one waits in the Risk view until someone acknowledges it.
import * as vscode from 'vscode';
import type { LogEntry } from '../core/audit/entry';
import type { BreakGlassNotice } from '../protocol/views';

const stateKey = 'fourEyes.breakGlass';

export class BreakGlassNotices implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly unsubscribe: () => void;

  /** Kept in the workspace's state, so a reload does not clear them. */
  constructor(
    private readonly state: vscode.Memento,
    log: { onDidAppend(listener: (entry: LogEntry) => void): () => void },
  ) {
    this.unsubscribe = log.onDidAppend((entry) => {
      if (!entry.decision.breakGlass) return;
      const notice: BreakGlassNotice = { id: entry.id, time: entry.time, by: entry.decision.by, commandLine: entry.commandLine, reason: entry.decision.reason };
      void this.state.update(stateKey, [...this.list(), notice]).then(() => this.changeEmitter.fire());
    });
  }

  list(): BreakGlassNotice[] {
    return this.state.get<BreakGlassNotice[]>(stateKey, []);
  }

  async acknowledge(id: string): Promise<boolean> {
    const notices = this.list();
    const kept = notices.filter((notice) => notice.id !== id);
    if (kept.length === notices.length) return false;
    await this.state.update(stateKey, kept);
    this.changeEmitter.fire();
    return true;
  }

  dispose(): void {
    this.unsubscribe();
    this.changeEmitter.dispose();
  }
}
