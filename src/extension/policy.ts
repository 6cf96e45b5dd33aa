// The merged policy this window enforces: reads the organisation file, the user settings and `.vscode/four-eyes.json`, keeps the trust pin, reloads on change.
import * as vscode from 'vscode';
import { parsePolicyFile } from '../core/policy/file';
import { trustState, type IgnoredSetting, type LayerName, type TrustState } from '../core/policy/layers';
import { loadPolicy, type LoadedPolicy, type PolicySources } from '../core/policy/sources';
import { readSettings, readUserPolicy } from './config';
import type { PolicySource } from './languageClient';

/** The person's trust in one exact text of the workspace policy. */
export interface PolicyPin {
  readonly digest: string;
  readonly text: string;
}

const pinKey = 'fourEyes.trustedWorkspacePolicy';
const trustedScheme = 'four-eyes-trusted-policy';
export const workspacePolicyPath = ['.vscode', 'four-eyes.json'] as const;

type Organization = PolicySources['organization'];

function describeLayer(layer: LayerName): string {
  return layer === 'defaults' ? 'built-in' : layer;
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
  private reported = { ignored: '', changedDigest: '', organizationError: '' };
  private queue: Promise<void> = Promise.resolve();
  private queued = false;

  private constructor(private readonly state: vscode.Memento) {
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
  static async start(state: vscode.Memento): Promise<PolicyService> {
    const service = new PolicyService(state);
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
      await this.load().catch((error: unknown) => void vscode.window.showErrorMessage(`Four Eyes could not reload its policy: ${(error as Error).message}`));
    });
    return this.queue;
  }

  private pin(): PolicyPin | undefined {
    const pin = this.state.get<PolicyPin>(pinKey);
    return pin && typeof pin.digest === 'string' && typeof pin.text === 'string' ? pin : undefined;
  }

  private async load(): Promise<void> {
    const settings = readSettings();
    const organization = await this.readOrganization(settings.organizationPolicy.trim() || process.env.FOUR_EYES_ORG_POLICY?.trim() || '');
    const file = this.workspaceFile;
    const text = file && (await readText(file));
    const pin = this.pin();
    const trust = text === undefined ? undefined : trustState(text, pin?.digest).state;
    const sources: PolicySources = {
      ...(organization ? { organization } : {}),
      user: readUserPolicy(),
      // An untrusted folder's policy can only tighten, whatever was pinned before.
      ...(file && text !== undefined ? { workspace: { file: file.fsPath, text, trusted: trust === 'trusted' && vscode.workspace.isTrusted } } : {}),
    };
    this.snapshot = sources;
    this.loaded = loadPolicy(sources);
    this.workspaceTrust = trust;
    this.changed.fire();
    if (trust === 'changed' && pin && file && text !== undefined) this.reportTrustDropped(pin, file, text);
    this.reportIgnored(this.loaded.ignored);
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
    const broken = text === undefined ? 'it cannot be read' : parsePolicyFile(text).problems.some((problem) => problem.kind === 'syntax') ? 'it is not valid JSON' : undefined;
    if (broken === undefined && text !== undefined) {
      this.organization = { file, text };
      this.reported.organizationError = '';
      return this.organization;
    }
    const message = `Four Eyes: the organization policy ${file} is not applied because ${broken ?? 'it is broken'}; ${this.organization ? 'the last version read stays in force' : 'the built-in policy applies'}.`;
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
    const listed = ignored.map((setting) => `${setting.what} in the ${describeLayer(setting.layer)} policy (the ${describeLayer(setting.lowerLayer)} policy stands)`).join('; ');
    const workspace = ignored.some((setting) => setting.layer === 'workspace');
    const actions = [...(workspace ? ['Trust This File'] : []), 'Open Policy'];
    void vscode.window.showWarningMessage(`Four Eyes ignored ${ignored.length === 1 ? 'a setting that would loosen' : `${ignored.length} settings that would loosen`} a lower policy: ${listed}.`, ...actions).then((choice) => {
      if (choice === 'Trust This File') void vscode.commands.executeCommand('fourEyes.trustWorkspacePolicy');
      else if (choice === 'Open Policy') void this.openPolicy(ignored[0].layer);
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
    void vscode.window.showWarningMessage('Four Eyes: the workspace policy changed since you trusted it, so it can only tighten again. Trust it again after reading the changes.', 'Show Changes').then((choice) => {
      if (!choice) return;
      const trusted = vscode.Uri.from({ scheme: trustedScheme, path: file.path, query: pin.digest });
      void vscode.commands.executeCommand('vscode.diff', trusted, file, `${workspacePolicyPath.join('/')}: trusted ↔ now`);
    });
  }

  dispose(): void {
    this.organizationWatch?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
