// Where commands run from the workspace would act now, re-read every few seconds: `kubectl config use-context` changes it behind our back.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { currentEnvironment } from '../core/risk/environment';
import type { Target } from '../core/model/assessment';
import { diskReader } from '../node/files';

const pollMs = 5000;

export class Environment implements vscode.Disposable {
  private current: Target[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), pollMs);
    this.timer.unref();
  }

  get targets(): readonly Target[] {
    return this.current;
  }

  refresh(): void {
    const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
    const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    let next: Target[];
    try {
      next = currentEnvironment({ cwd: folder?.uri.fsPath ?? homedir(), home: homedir(), env, reader: diskReader() });
    } catch {
      // An unreadable kubeconfig is no reason to stop: the broker reads it again for each command.
      next = [];
    }
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.emitter.fire();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.emitter.dispose();
  }
}
