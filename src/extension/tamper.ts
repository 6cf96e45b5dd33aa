// Tamper watch: Four Eyes' policy, agents' settings and hook files and the shims are snapshotted and watched; a change
// made while an agent is active waits in the Risk view as a diff until a person keeps or reverts it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import * as vscode from 'vscode';
import { AgentActivity, watchedPatterns, type WatchedPattern } from '../core/tamper/watched';
import { gateSettings, isEditorSettings } from '../core/tamper/settings';
import { stateDirectory } from '../node/state';
import { wrotePolicySettings } from '../node/policy';
import type { LogEntry } from '../core/audit/entry';
import type { ApprovalRequest } from '../node/broker/broker';

export type ChangeKind = 'changed' | 'created' | 'deleted';

/** A watched file that changed while an agent was protected or active, waiting for a person. */
export interface PendingChange {
  readonly id: string;
  /** Absolute path. */
  readonly file: string;
  readonly kind: ChangeKind;
  /** Epoch ms of the latest change. */
  readonly at: number;
}

/** The file as it was when last kept; absent from the map when it did not exist. */
interface Snapshot {
  readonly text: string;
  readonly mode: number;
}

/** Writes Four Eyes makes itself (Protect / Unprotect): `Protection` satisfies it. */
export interface OwnWrites {
  /** Whether Four Eyes itself last wrote `text` to `file` (undefined: deleted it). */
  wrote(file: string, text: string | undefined): boolean;
}

export interface TamperOptions {
  readonly workspace: string | undefined;
  readonly home: string | undefined;
  readonly shims: string | undefined;
  readonly state?: string;
  readonly extension?: string;
  readonly editorSettings?: string;
  /** An agent is protected, logged a command lately or has a request waiting. */
  agentActive(): boolean;
  readonly ownWrites?: OwnWrites;
  readonly clock?: () => number;
}

const snapshotScheme = 'four-eyes-snapshot';
/** A `**` folder is read this deep and this wide at most: the shims and hook folders hold a few files. */
const walkDepth = 4;
const walkFiles = 500;
/** File events can be lost (a folder created together with its files); the watched files are also looked over this often. */
const sweepMs = 2000;

function read(file: string): Snapshot | undefined {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return undefined;
    return { text: readFileSync(file, 'utf8'), mode: stat.mode & 0o777 };
  } catch {
    return undefined;
  }
}

/** What changes when a file is written, replaced, deleted or chmod-ed; '' when there is no file. */
function stamp(file: string): string {
  try {
    const stat = statSync(file);
    return stat.isFile() ? `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.mode}` : '';
  } catch {
    return '';
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The files a pattern matches now. */
function existing(pattern: WatchedPattern): string[] {
  const directory = path.join(pattern.root, ...pattern.directory.split('/').filter(Boolean));
  const found: string[] = [];
  const walk = (folder: string, depth: number, glob: string): void => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      if (found.length >= walkFiles) return;
      const file = path.join(folder, name);
      if (glob === '**' && depth < walkDepth && isDirectory(file)) walk(file, depth + 1, glob);
      else if (glob === '**' || minimatch(name, glob, { dot: true })) found.push(file);
    }
  };
  walk(directory, 0, pattern.glob);
  return found;
}

function display(file: string): string {
  const home = homedir();
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  if (folder) return path.relative(folder.uri.fsPath, file);
  return file.startsWith(`${home}${path.sep}`) ? `~${file.slice(home.length)}` : file;
}

export class TamperWatch implements vscode.Disposable {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly pending = new Map<string, PendingChange>();
  /** Each file's stamp when last looked at, for the sweep. */
  private readonly stamps = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private readonly patterns: WatchedPattern[];
  // Tells this watch's snapshot documents from another instance's.
  private readonly token = `${process.pid}-${Date.now().toString(36)}`;
  private nextId = 1;
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly options: TamperOptions) {
    this.patterns = watchedPatterns(options);
    for (const pattern of this.patterns) {
      for (const file of existing(pattern)) this.snapshot(file);
      const watcher = vscode.workspace.createFileSystemWatcher(this.relativePattern(pattern));
      const seen = (uri: vscode.Uri): void => this.seen(uri.fsPath);
      this.disposables.push(watcher, watcher.onDidChange(seen), watcher.onDidCreate(seen), watcher.onDidDelete(seen));
    }
    const sweeping = setInterval(() => this.sweep(), sweepMs);
    this.disposables.push({ dispose: () => clearInterval(sweeping) });
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(snapshotScheme, {
        // Another instance's documents are left to it.
        provideTextDocumentContent: (uri) => {
          const [token, id] = uri.query.split(':');
          if (token !== this.token) return undefined;
          const change = this.find(id ?? '');
          return (change && this.snapshots.get(change.file)?.text) ?? '';
        },
      }),
    );
  }

  /** Workspace files through the workspace folder (the editor's own watcher), others from their folder. */
  private relativePattern(pattern: WatchedPattern): vscode.RelativePattern {
    const folder = pattern.scope === 'workspace' ? vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.fsPath === pattern.root) : undefined;
    if (folder) return new vscode.RelativePattern(folder, pattern.directory ? `${pattern.directory}/${pattern.glob}` : pattern.glob);
    return new vscode.RelativePattern(vscode.Uri.file(path.join(pattern.root, ...pattern.directory.split('/').filter(Boolean))), pattern.glob);
  }

  private snapshot(file: string): void {
    this.stamps.set(file, stamp(file));
    const current = read(file);
    if (current) this.snapshots.set(file, current);
    else this.snapshots.delete(file);
  }

  /** Pending changes, oldest first. */
  changes(): PendingChange[] {
    return [...this.pending.values()].sort((a, b) => a.at - b.at);
  }

  /** The file as the Risk view names it: workspace-relative or under `~`. */
  label(file: string): string {
    return display(file);
  }

  /** Looks at every watched file whose stamp moved since it was last looked at. */
  private sweep(): void {
    const files = new Set([...this.snapshots.keys(), ...this.pending.keys()]);
    for (const pattern of this.patterns) for (const file of existing(pattern)) files.add(file);
    for (const file of files) if (stamp(file) !== (this.stamps.get(file) ?? '')) this.seen(file);
  }

  private seen(file: string): void {
    // A folder's event may stand for the files created with it.
    if (isDirectory(file)) return this.sweep();
    this.stamps.set(file, stamp(file));
    const before = this.snapshots.get(file);
    const now = read(file);
    const pending = this.pending.get(file);
    // In an editor settings file only the keys that touch a gate count (`core/tamper/settings.ts`).
    const same = isEditorSettings(file, this.options.editorSettings) ? gateSettings(now?.text) === gateSettings(before?.text) : now?.text === before?.text;
    if (same) {
      // Back as it was (reverted, or edited back by hand), or nothing that matters changed: nothing to decide any more.
      if (now?.text !== before?.text) this.snapshot(file);
      if (pending && this.pending.delete(file)) this.changeEmitter.fire();
      return;
    }
    // Four Eyes' own writes, and what people change while no agent is active, become the new snapshot silently.
    if (this.options.ownWrites?.wrote(file, now?.text) || (!pending && !this.options.agentActive())) {
      this.snapshot(file);
      if (pending && this.pending.delete(file)) this.changeEmitter.fire();
      return;
    }
    const kind: ChangeKind = before === undefined ? 'created' : now === undefined ? 'deleted' : 'changed';
    this.pending.set(file, { id: pending?.id ?? `change-${this.nextId++}`, file, kind, at: (this.options.clock ?? Date.now)() });
    this.changeEmitter.fire();
  }

  /** Four Eyes changed the editor's settings after the person confirmed a diff: that is the new snapshot. */
  adoptEditorSettings(): void {
    const file = this.options.editorSettings;
    if (file === undefined) return;
    this.snapshot(file);
    if (this.pending.delete(file)) this.changeEmitter.fire();
  }

  /** Accept the change: the file as it is now is the new snapshot. */
  keep(id: string): boolean {
    const change = this.find(id);
    if (!change) return false;
    this.snapshot(change.file);
    this.pending.delete(change.file);
    this.changeEmitter.fire();
    return true;
  }

  /** Undo the change: write the snapshot back, or delete a file that was created. */
  async revert(id: string): Promise<boolean> {
    const change = this.find(id);
    if (!change) return false;
    const before = this.snapshots.get(change.file);
    if (before === undefined) await rm(change.file, { force: true });
    else {
      await mkdir(path.dirname(change.file), { recursive: true });
      await writeFile(change.file, before.text, { mode: before.mode });
      if (process.platform !== 'win32') await chmod(change.file, before.mode);
    }
    this.pending.delete(change.file);
    this.changeEmitter.fire();
    return true;
  }

  /** Snapshot ↔ the file now, in a diff editor. */
  async showDiff(id: string): Promise<boolean> {
    const change = this.find(id);
    if (!change) return false;
    const name = `/${path.basename(change.file)}`;
    const snapshot = vscode.Uri.from({ scheme: snapshotScheme, path: name, query: `${this.token}:${change.id}` });
    const current = change.kind === 'deleted' ? vscode.Uri.from({ scheme: snapshotScheme, path: name, query: `${this.token}:deleted` }) : vscode.Uri.file(change.file);
    const title = change.kind === 'deleted' ? vscode.l10n.t('{0} (before ↔ deleted)', display(change.file)) : vscode.l10n.t('{0} (before ↔ now)', display(change.file));
    await vscode.commands.executeCommand('vscode.diff', snapshot, current, title, { preview: true });
    return true;
  }

  private find(id: string): PendingChange | undefined {
    return [...this.pending.values()].find((change) => change.id === id);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Log entries and waiting requests, as far as telling whether an agent is at work goes. */
export interface AgentSignals {
  tail(count: number): LogEntry[];
  onDidAppend(listener: (entry: LogEntry) => void): () => void;
  pending(): ApprovalRequest[];
}

/** Whether an agent is active: an agent's entry in the log within the last minutes, or an agent's request waiting. */
export function agentActivity(signals: AgentSignals, clock: () => number = Date.now): { active(): boolean } & vscode.Disposable {
  const activity = new AgentActivity(signals.tail(50));
  const unsubscribe = signals.onDidAppend((entry) => activity.add(entry));
  return {
    active: () => activity.active(signals.pending().filter((request) => request.actor.kind === 'agent').length, clock()),
    dispose: unsubscribe,
  };
}

export interface TamperSources {
  readonly log: Pick<AgentSignals, 'tail' | 'onDidAppend'>;
  readonly broker: Pick<AgentSignals, 'pending'>;
  readonly ownWrites?: OwnWrites;
  readonly shims: string | undefined;
  /** Whether any agent's hook is installed: its files are held then even before it runs a command. */
  readonly protectedAgents?: () => boolean;
}

/** Watch the first workspace folder, the home folder, the shims, Four Eyes' state and install, and the editor's settings. */
export function registerTamperWatch(context: vscode.ExtensionContext, sources: TamperSources): TamperWatch {
  const activity = agentActivity({ tail: (count) => sources.log.tail(count), onDidAppend: (listener) => sources.log.onDidAppend(listener), pending: () => sources.broker.pending() });
  const watch = new TamperWatch({
    workspace: vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file')?.uri.fsPath,
    home: homedir(),
    shims: sources.shims,
    state: stateDirectory(),
    extension: context.extensionPath,
    // globalStorage is `<user data>/User/globalStorage/<extension>`: the user settings file sits two folders up.
    editorSettings: path.join(context.globalStorageUri.fsPath, '..', '..', 'settings.json'),
    agentActive: () => sources.protectedAgents?.() === true || activity.active(),
    // The policy settings file is this window's own write as much as a hook file is.
    ownWrites: { wrote: (file, text) => sources.ownWrites?.wrote(file, text) === true || wrotePolicySettings(file, text) },
  });
  context.subscriptions.push(activity, watch);
  return watch;
}
