// The merged policy this window enforces: reads the organisation file, the user settings and `.vscode/four-eyes.json`, keeps the trust pin, reloads on change.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { parsePolicyFile } from '../core/policy/file';
import { approverPin, trustState, type IgnoredSetting, type LayerName, type TrustState } from '../core/policy/layers';
import type { Approver } from '../core/policy/file';
import { loadPolicy, type LoadedPolicy, type PolicySources } from '../core/policy/sources';
import { loadPolicyAt, workspacePolicyPath, writePolicySettings, type PolicyAt, type PolicySettings } from '../node/policy';
import { readSettings, readUserPolicy } from './config';
import type { PolicySource } from './languageClient';

/** The person's trust in one exact text of the workspace policy. */
export interface PolicyPin {
  readonly digest: string;
  readonly text: string;
}

const pinKey = 'fourEyes.trustedWorkspacePolicy';
/** Workspace approvers a person confirmed (`approverPin`): in the extension's own storage, which no workspace file reaches. */
const approversKey = 'fourEyes.confirmedApprovers';
const trustedScheme = 'four-eyes-trusted-policy';

type Organization = PolicySources['organization'];

/** The layer's name in "the … policy". */
function describeLayer(layer: LayerName): string {
  switch (layer) {
    case 'defaults':
      return vscode.l10n.t({ message: 'built-in', comment: ['A policy layer, as in "the built-in policy"'] });
    case 'organization':
      return vscode.l10n.t({ message: 'organization', comment: ['A policy layer, as in "the organization policy"'] });
    case 'user':
      return vscode.l10n.t({ message: 'user', comment: ['A policy layer, as in "the user policy"'] });
    case 'workspace':
      return vscode.l10n.t({ message: 'workspace', comment: ['A policy layer, as in "the workspace policy"'] });
  }
}

/** The window's folders on disk, whose policy applies wherever a command runs. */
function folderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export class PolicyService implements vscode.Disposable, PolicySource {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Watchers of the organisation file, rebuilt when its path changes. */
  private organizationWatch: vscode.Disposable | undefined;
  private organizationPath = '';
  /** The organisation file as last read successfully: a file that goes missing or breaks never loosens the policy. */
  private organization: Organization;
  private snapshot: PolicySources = { user: {} };
  private loaded: LoadedPolicy = loadPolicy({ user: {} });
  private workspaceTrust: TrustState | undefined;
  /** The settings as written for the CLI: the loader merges with the same ones here and in every hook. */
  private settings: PolicySettings = {};
  private reported = { ignored: '', changedDigest: '', organizationError: '', settingsError: '', unconfirmed: '' };
  private queue: Promise<void> = Promise.resolve();
  private queued = false;

  private constructor(
    private readonly state: vscode.Memento,
    private readonly confirmations: vscode.Memento = state,
  ) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, workspacePolicyPath.join('/')));
      // Creating or deleting `.vscode/` together with the file may report only the folder.
      const parent = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, workspacePolicyPath[0]), false, true, false);
      const reload = (): void => void this.reload();
      this.disposables.push(watcher, parent, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload), parent.onDidCreate(reload), parent.onDidDelete(reload));
    }
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((document) => {
        const file = this.workspaceFile;
        if (file && document.uri.toString() === file.toString()) void this.reload();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('fourEyes')) void this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.reload()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      vscode.workspace.registerTextDocumentContentProvider(trustedScheme, { provideTextDocumentContent: () => this.pin()?.text ?? '' }),
    );
  }

  /** Build the service with the policy already loaded, so the first decision uses it. */
  static async start(state: vscode.Memento, confirmations?: vscode.Memento): Promise<PolicyService> {
    const service = new PolicyService(state, confirmations);
    await service.reload();
    return service;
  }

  /** The merged policy in force, with what was ignored and each file's problems. */
  get current(): LoadedPolicy {
    return this.loaded;
  }

  /** The inputs `current` was merged from, for the language server and anything else merging the same way. */
  sources(): PolicySources {
    return this.snapshot;
  }

  /** `.vscode/four-eyes.json` of the first folder, whether or not it exists. */
  get workspaceFile(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, ...workspacePolicyPath);
  }

  /** Whether the workspace file is the pinned text (`undefined` when there is no file). Workspace Trust is a separate condition. */
  get workspaceTrustState(): TrustState | undefined {
    return this.workspaceTrust;
  }

  /** Trust exactly `text` (or nothing, with `undefined`) and apply it; resolves once the policy is reloaded. */
  async setPin(text: string | undefined): Promise<void> {
    await this.state.update(pinKey, text === undefined ? undefined : ({ digest: trustState(text, undefined).digest, text } satisfies PolicyPin));
    this.reported.changedDigest = '';
    await this.reload();
  }

  /** Read every layer again. Calls while one is waiting share it; fires `onDidChange` when done. */
  reload(): Promise<void> {
    if (this.queued) return this.queue;
    this.queued = true;
    this.queue = this.queue.then(async () => {
      this.queued = false;
      await this.load().catch((error: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes could not reload its policy: {0}', (error as Error).message)));
    });
    return this.queue;
  }

  private pin(): PolicyPin | undefined {
    const pin = this.state.get<PolicyPin>(pinKey);
    return pin && typeof pin.digest === 'string' && typeof pin.text === 'string' ? pin : undefined;
  }

  /** The merged policy at `cwd`: the window's file and any nested one on the way, over the same layers as `current`. */
  at(cwd: string, positions = false): PolicyAt {
    return loadPolicyAt({ cwd, env: process.env, settings: this.settings, roots: folderPaths(), organization: this.organization ?? null, positions, confirmedApprovers: this.confirmedApprovers() });
  }

  private confirmedApprovers(): string[] {
    const stored = this.confirmations.get<unknown>(approversKey);
    return Array.isArray(stored) ? stored.filter((pin): pin is string => typeof pin === 'string') : [];
  }

  /** The person confirmed these workspace approvers (name and key as shown); reloads so co-signatures by them count. */
  async confirmApprovers(approvers: readonly Approver[]): Promise<void> {
    await this.confirmations.update(approversKey, [...new Set([...this.confirmedApprovers(), ...approvers.map(approverPin)])]);
    this.reported.unconfirmed = '';
    await this.reload();
  }

  private async load(): Promise<void> {
    const settings = readSettings();
    const organization = await this.readOrganization(settings.organizationPolicy.trim() || process.env.FOUR_EYES_ORG_POLICY?.trim() || '');
    const file = this.workspaceFile;
    const pin = this.pin();
    // An untrusted folder's policy can only tighten, whatever was pinned before.
    const pinned = file && pin && vscode.workspace.isTrusted ? { [file.fsPath]: pin.digest } : {};
    this.settings = { ...(organization ? { organizationPolicy: organization.file } : {}), ...readUserPolicy(), trusted: pinned };
    this.share();
    const loaded = this.at(folderPaths()[0] ?? homedir(), true);
    const text = file && loaded.sources.workspaces?.find((workspace) => workspace.file === file.fsPath)?.text;
    const trust = text === undefined ? undefined : trustState(text, pin?.digest).state;
    this.snapshot = loaded.sources;
    this.loaded = loaded;
    this.workspaceTrust = trust;
    this.changed.fire();
    if (trust === 'changed' && pin && file && text !== undefined) this.reportTrustDropped(pin, file, text);
    this.reportIgnored(this.loaded.ignored);
    this.reportUnconfirmed(this.loaded.policy.unconfirmedApprovers);
  }

  private reportUnconfirmed(approvers: readonly Approver[]): void {
    const key = approvers.map(approverPin).join('\n');
    if (key === this.reported.unconfirmed) return;
    this.reported.unconfirmed = key;
    if (approvers.length === 0) return;
    const confirm = vscode.l10n.t('Confirm Approvers…');
    const message = vscode.l10n.t('Four Eyes: the workspace policy lists approvers you have not confirmed ({0}). Until you confirm them, commands that need two people are denied.', approvers.map((approver) => approver.name).join(', '));
    void vscode.window.showWarningMessage(message, confirm).then((choice) => {
      if (choice === confirm) void vscode.commands.executeCommand('fourEyes.confirmApprovers');
    });
  }

  /** Write the settings for hooks and the CLI; a write that fails is said once. */
  private share(): void {
    try {
      // Pins stay in the editor: the file is an agent's to write, so hooks read only what tightens from it.
      writePolicySettings({ ...this.settings, trusted: {} });
      this.reported.settingsError = '';
    } catch (error) {
      const message = vscode.l10n.t('Four Eyes could not share the policy settings with agents\' hooks ({0}); hooks judge with the files alone until it can.', (error as Error).message);
      if (this.reported.settingsError === message) return;
      this.reported.settingsError = message;
      void vscode.window.showWarningMessage(message);
    }
  }

  /** The organisation layer: the file at `file`, or the last good one when it cannot be read or parsed. */
  private async readOrganization(file: string): Promise<Organization> {
    if (file !== this.organizationPath) {
      // The previous file's policy stays until the new one reads well: pointing the setting at a broken file must not loosen anything.
      this.organizationPath = file;
      this.organizationWatch?.dispose();
      this.organizationWatch = file ? this.watchOrganization(file) : undefined;
    }
    if (!file) return (this.organization = undefined);
    const text = await readText(vscode.Uri.file(file));
    const broken = text === undefined ? vscode.l10n.t('it cannot be read') : parsePolicyFile(text).problems.some((problem) => problem.kind === 'syntax') ? vscode.l10n.t('it is not valid JSON') : undefined;
    if (broken === undefined && text !== undefined) {
      this.organization = { file, text };
      this.reported.organizationError = '';
      return this.organization;
    }
    const because = broken ?? vscode.l10n.t('it is broken');
    const message = this.organization
      ? vscode.l10n.t('Four Eyes: the organization policy {0} is not applied because {1}; the last version read stays in force.', file, because)
      : vscode.l10n.t('Four Eyes: the organization policy {0} is not applied because {1}; the built-in policy applies.', file, because);
    if (this.reported.organizationError !== message) {
      this.reported.organizationError = message;
      void vscode.window.showErrorMessage(message);
    }
    return this.organization;
  }

  private watchOrganization(file: string): vscode.Disposable {
    const uri = vscode.Uri.file(file);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop() ?? ''));
    const reload = (): void => void this.reload();
    return vscode.Disposable.from(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
  }

  private reportIgnored(ignored: readonly IgnoredSetting[]): void {
    const key = JSON.stringify(ignored.map((setting) => [setting.layer, setting.what, setting.lowerLayer]));
    if (key === this.reported.ignored) return;
    this.reported.ignored = key;
    if (ignored.length === 0) return;
    const listed = ignored.map((setting) => vscode.l10n.t('{0} in the {1} policy (the {2} policy stands)', setting.what, describeLayer(setting.layer), describeLayer(setting.lowerLayer))).join('; ');
    const workspace = ignored.some((setting) => setting.layer === 'workspace');
    const trust = vscode.l10n.t('Trust This File');
    const open = vscode.l10n.t('Open Policy');
    const actions = [...(workspace ? [trust] : []), open];
    const message =
      ignored.length === 1
        ? vscode.l10n.t('Four Eyes ignored a setting that would loosen a lower policy: {0}.', listed)
        : vscode.l10n.t('Four Eyes ignored {0} settings that would loosen a lower policy: {1}.', ignored.length, listed);
    void vscode.window.showWarningMessage(message, ...actions).then((choice) => {
      if (choice === trust) void vscode.commands.executeCommand('fourEyes.trustWorkspacePolicy');
      else if (choice === open) void this.openPolicy(ignored[0].layer);
    });
  }

  private async openPolicy(layer: LayerName): Promise<void> {
    const file = layer === 'workspace' ? this.workspaceFile : layer === 'organization' && this.organization ? vscode.Uri.file(this.organization.file) : undefined;
    if (file) await vscode.window.showTextDocument(file);
    else await vscode.commands.executeCommand('workbench.action.openSettings', 'fourEyes');
  }

  private reportTrustDropped(pin: PolicyPin, file: vscode.Uri, text: string): void {
    const digest = trustState(text, undefined).digest;
    if (this.reported.changedDigest === digest) return;
    this.reported.changedDigest = digest;
    void vscode.window.showWarningMessage(vscode.l10n.t('Four Eyes: the workspace policy changed since you trusted it, so it can only tighten again. Trust it again after reading the changes.'), vscode.l10n.t('Show Changes')).then((choice) => {
      if (!choice) return;
      const trusted = vscode.Uri.from({ scheme: trustedScheme, path: file.path, query: pin.digest });
      void vscode.commands.executeCommand('vscode.diff', trusted, file, vscode.l10n.t('{0}: trusted ↔ now', workspacePolicyPath.join('/')));
    });
  }

  dispose(): void {
    this.organizationWatch?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
