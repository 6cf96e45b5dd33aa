// Protect agents by installing their hooks: every write is shown as a diff and confirmed first, recorded so that
// uninstalling gives the old file back, and watched so that a removed or changed hook shows as unprotected.
import { readFileSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HookAgent } from '../core/hooks/adapters';
import { chooseHook, hookCommand, hookSpecs, protectionStatus, uninstalledContent, type HookPort, type HookScope, type InstallRecord, type ProtectionStatus } from '../core/hooks/install';
import type { CliTrust } from '../core/hooks/launcher';
import { hooksSwitchedOff, switchFiles, type SwitchFile } from '../core/hooks/switchedOff';
import { cliHashesOnDisk, makeCodeCache, writeLauncherFile } from '../node/launcherFile';
import { launcherPath } from '../node/state';
import type { ChangeConfirmation } from './confirmChange';

/** A hook file Four Eyes wrote, and the agents it protects there (VS Code and the Copilot CLI share theirs). */
interface Installed extends InstallRecord {
  /** Each protected agent and the exact command (or HTTP hook URL) written for it. */
  readonly hooks: Partial<Record<HookAgent, string>>;
  readonly scope: HookScope;
}

/** Where HTTP hooks reach this user's Four Eyes: the router's port and key. */
export interface HttpHooks {
  /** The HTTP hook as recorded: its URL and the key its header carries. */
  readonly url: (agent: HookAgent) => string;
  /** Whether the agent installed here obeys Four Eyes' HTTP hook (asks the program for its version). */
  readonly obeys: (agent: HookAgent) => Promise<boolean>;
  /** Who holds the hook port, asked now (a challenge only Four Eyes' router answers). */
  readonly port: () => Promise<HookPort>;
  /** Who holds it as last seen, for the Risk view. */
  readonly portNow: () => HookPort;
  readonly onDidChange: vscode.Event<void>;
}

export interface ProtectionState {
  readonly agent: HookAgent;
  readonly scope: HookScope;
  readonly file: string;
  readonly status: ProtectionStatus;
  /** With `disabled`: the settings file that turns the agent's hooks off. */
  readonly switchedOffBy?: string;
  /** The file as it is now, for what its entries ask of the agent (`core/hooks/wait.ts`). */
  readonly content?: string;
}

const recordsKey = 'fourEyes.hookInstalls';

/** The SHA-256 of dist/cli.js and dist/four-eyes-cli.js as this extension was built (scripts/build.mjs). */
declare const fourEyesCliHashes: Pick<CliTrust, 'loader' | 'bundle'>;

/**
 * Write the launcher agents' hooks run, pointing at this extension's CLI and runtime and vouching for its files as built,
 * so a CLI changed on disk (before this activation or after) is refused; then, in the background, a code cache for it.
 * False when the files on disk are not the built ones: every hook is refused until Four Eyes is reinstalled.
 */
export async function writeLauncher(cli: string): Promise<boolean> {
  const settings = { node: process.execPath, cli, trust: fourEyesCliHashes };
  await writeLauncherFile(settings);
  let intact: boolean;
  try {
    const onDisk = cliHashesOnDisk(cli);
    intact = onDisk.loader === settings.trust.loader && onDisk.bundle === settings.trust.bundle;
  } catch {
    intact = false;
  }
  // The cache only speeds hooks up: made after activation, then vouched for by a rewritten launcher. None on Windows (no check there).
  if (intact && process.platform !== 'win32') {
    void makeCodeCache(settings)
      .then((cache) => (cache ? writeLauncherFile({ ...settings, trust: { ...settings.trust, cache } }) : undefined))
      .catch(() => undefined);
  }
  return intact;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readPath(file: string | undefined): string | undefined {
  return file === undefined ? undefined : readText(file);
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file')?.uri.fsPath;
}

/** Where a switch file is for this window; undefined for a workspace file with no folder open. */
function switchPath(file: SwitchFile): string | undefined {
  if (file.scope === 'system') return process.platform === 'win32' ? undefined : file.path;
  const base = file.scope === 'user' ? homedir() : workspaceFolder();
  return base === undefined ? undefined : path.join(base, file.path);
}

function tilde(file: string): string {
  const home = homedir();
  return file.startsWith(`${home}${path.sep}`) ? `~${file.slice(home.length)}` : file;
}

export class Protection implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [];
  /** What Four Eyes last wrote to each hook file (undefined: deleted it), so the tamper watch does not report it. */
  private readonly written = new Map<string, string | undefined>();
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly confirmation: ChangeConfirmation,
    private readonly http?: HttpHooks,
  ) {
    this.disposables.push(this.changeEmitter);
    // A port taken by another program turns HTTP hooks unprotected, and freed or regained protected again.
    if (http) this.disposables.push(http.onDidChange(() => this.changeEmitter.fire()));
    for (const file of Object.keys(this.records())) this.watch(file);
    // A settings file that turns an agent's hooks off changes its state as much as its hook file does.
    for (const files of Object.values(switchFiles)) for (const file of files) this.watchPath(switchPath(file));
  }

  /** The hook file for `agent` in `scope`, or undefined when the scope has no file (no workspace folder open). */
  file(agent: HookAgent, scope: HookScope): string | undefined {
    const relative = hookSpecs[agent].files[scope];
    const base = scope === 'user' ? homedir() : workspaceFolder();
    return relative && base ? path.join(base, relative) : undefined;
  }

  /**
   * What the hook file runs: the HTTP hook in user settings when the agent obeys it (no process per tool call) and
   * Four Eyes' router answers on the port, otherwise the launcher; files in a repository name it through $HOME.
   */
  async hookFor(agent: HookAgent, scope: HookScope): Promise<string> {
    const command = this.command(agent, scope);
    if (scope !== 'user' || !this.http) return command;
    const [obeysHttp, port] = await Promise.all([this.http.obeys(agent), this.http.port()]);
    return chooseHook({ scope, obeysHttp, port, http: this.http.url(agent), command });
  }

  command(agent: HookAgent, scope: HookScope): string {
    const launcher = launcherPath();
    const home = homedir();
    const portable = scope === 'workspace' && process.platform !== 'win32' && !process.env.FOUR_EYES_STATE_DIR && launcher.startsWith(`${home}${path.sep}`);
    return hookCommand(portable ? `$HOME${launcher.slice(home.length)}` : launcher, hookSpecs[agent].runs);
  }

  private records(): Record<string, Installed> {
    return this.memento.get<Record<string, Installed>>(recordsKey, {});
  }

  private async saveRecord(file: string, record: Installed | undefined): Promise<void> {
    const records = { ...this.records() };
    if (record) records[file] = record;
    else delete records[file];
    await this.memento.update(recordsKey, records);
    if (record) this.watch(file);
    else {
      this.watchers.get(file)?.dispose();
      this.watchers.delete(file);
    }
    this.changeEmitter.fire();
  }

  private watchPath(file: string | undefined): void {
    if (file !== undefined) this.watch(file);
  }

  private watch(file: string): void {
    if (this.watchers.has(file)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    const fire = (): void => this.changeEmitter.fire();
    this.watchers.set(file, vscode.Disposable.from(watcher, watcher.onDidChange(fire), watcher.onDidCreate(fire), watcher.onDidDelete(fire)));
  }

  /** Every agent Four Eyes protects, with whether its hook is still there as written, not switched off, and (an HTTP hook) reaches Four Eyes. */
  states(): ProtectionState[] {
    const port = this.http?.portNow() ?? 'unknown';
    return Object.entries(this.records()).flatMap(([file, record]) =>
      Object.entries(record.hooks).map(([name, hook]): ProtectionState => {
        const agent = name as HookAgent;
        const content = readText(file);
        const status = protectionStatus(hookSpecs[agent].status(content, hook ?? ''), hook ?? '', port);
        const switchedOff = status === 'installed' ? hooksSwitchedOff(agent, (switchFile) => readPath(switchPath(switchFile))) : undefined;
        const by = switchedOff && switchPath(switchedOff);
        const state = { agent, scope: record.scope, file, ...(content === undefined ? {} : { content }) };
        return by ? { ...state, status: 'disabled', switchedOffBy: by } : { ...state, status };
      }),
    );
  }

  /** Show `before` ↔ `after` as a diff and ask; true only when the person chose to write. `title` is shown, already translated. */
  private confirm(title: string, file: string, before: string | undefined, after: string | undefined): Promise<boolean> {
    const detail =
      after === undefined
        ? vscode.l10n.t('Four Eyes will delete {0} exactly as the diff shows. Nothing else in the file changes.', tilde(file))
        : before === undefined
          ? vscode.l10n.t('Four Eyes will create {0} exactly as the diff shows. Nothing else in the file changes.', tilde(file))
          : vscode.l10n.t('Four Eyes will change {0} exactly as the diff shows. Nothing else in the file changes.', tilde(file));
    return this.confirmation.confirm({ title, path: file, place: tilde(file), before, after, detail });
  }

  /** Whether Four Eyes itself last wrote `text` to `file` (undefined: deleted it). */
  wrote(file: string, text: string | undefined): boolean {
    return this.written.has(file) && this.written.get(file) === text;
  }

  private async write(file: string, content: string | undefined, executable: boolean): Promise<void> {
    this.written.set(file, content);
    if (content === undefined) {
      await rm(file, { force: true });
      return;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content, executable ? { mode: 0o755 } : {});
    if (executable && process.platform !== 'win32') await chmod(file, 0o755);
  }

  /** Install `agent`'s hook in `scope`; says what happened in words for a notification. */
  async protect(agent: HookAgent, scope: HookScope): Promise<'written' | 'unchanged' | 'cancelled'> {
    const spec = hookSpecs[agent];
    const file = this.file(agent, scope);
    if (!file) throw new Error(scope === 'workspace' ? vscode.l10n.t('{0} has no workspace hook file (open a folder first)', spec.label) : vscode.l10n.t('{0} has no user hook file', spec.label));
    const before = readText(file);
    const hook = await this.hookFor(agent, scope);
    const after = spec.add(before, hook);
    const record = this.records()[file];
    const hooks = { ...record?.hooks, [agent]: hook };
    if (after === before) {
      // Already there (by hand, or from another agent sharing the file): uninstalling takes only the hook out.
      await this.saveRecord(file, { previous: record ? record.previous : before === undefined ? undefined : spec.remove(before), written: after, hooks, scope });
      return 'unchanged';
    }
    if (!(await this.confirm(vscode.l10n.t('Protect {0}', spec.label), file, before, after))) return 'cancelled';
    await this.write(file, after, spec.executable ?? false);
    // The content before Four Eyes first touched the file is what uninstalling gives back.
    await this.saveRecord(file, { previous: record ? record.previous : before, written: after, hooks, scope });
    return 'written';
  }

  /** Remove `agent`'s hook from every file it was installed in. */
  async unprotect(agent: HookAgent): Promise<'written' | 'cancelled' | 'not-protected'> {
    const files = Object.entries(this.records()).filter(([, record]) => record.hooks[agent] !== undefined);
    if (files.length === 0) return 'not-protected';
    for (const [file, record] of files) {
      const others = Object.fromEntries(Object.entries(record.hooks).filter(([other]) => other !== agent));
      // Another agent reads the same entry (VS Code and the Copilot CLI): keep it for them.
      if (Object.keys(others).length > 0) {
        await this.saveRecord(file, { ...record, hooks: others });
        continue;
      }
      const current = readText(file);
      const after = current === undefined ? undefined : uninstalledContent(hookSpecs[agent], current, record);
      if (after !== current && !(await this.confirm(vscode.l10n.t('Remove Four Eyes from {0}', hookSpecs[agent].label), file, current, after))) return 'cancelled';
      if (after !== current) await this.write(file, after, false);
      await this.saveRecord(file, undefined);
    }
    return 'written';
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
