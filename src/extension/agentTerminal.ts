// *Run Agent Mode's Terminal in the Sandbox* and its undo: VS Code agent mode's terminal profile (user settings) started
// through `four-eyes sandbox`, written only after the person saw the change as a diff and confirmed it.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { agentTerminalProfile, agentTerminalSettings, bashIntegrationScript, profileState, settingsText, type ProfileState, type TerminalProfile } from '../core/hooks/terminalProfile';
import { sandboxStatus, type SandboxStatus } from '../node/sandbox/runtime';
import type { ChangeConfirmation } from './confirmChange';

/** The setting's user value before Four Eyes first wrote it, so the undo gives it back. */
const previousKey = 'fourEyes.agentTerminalProfile.previous';

/** Whether a sandbox can run here: probed once (it starts bubblewrap), again when a command asks. */
export class SandboxProbe {
  private known: SandboxStatus | undefined;

  get status(): SandboxStatus {
    return (this.known ??= sandboxStatus());
  }

  refresh(): SandboxStatus {
    this.known = undefined;
    return this.status;
  }
}

/** An absolute bash: the person's own shell when it is bash, otherwise the system's. */
function bash(): string {
  if (path.basename(vscode.env.shell) === 'bash' && path.isAbsolute(vscode.env.shell)) return vscode.env.shell;
  return ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/opt/homebrew/bin/bash'].find((candidate) => existsSync(candidate)) ?? '/bin/bash';
}

export type AgentTerminalResult = 'written' | 'unchanged' | 'cancelled' | 'refused';

export class AgentTerminal {
  readonly onDidChange: vscode.Event<void>;
  /** Told after each write the person confirmed, so the tamper watch takes it as Four Eyes' own. */
  afterWrite: (() => void) | undefined;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly confirmation: ChangeConfirmation,
    private readonly cli: string,
    readonly probe: SandboxProbe,
  ) {
    this.onDidChange = (listener, thisArgs, disposables) =>
      vscode.workspace.onDidChangeConfiguration((change) => {
        if (this.setting && change.affectsConfiguration(this.setting)) listener.call(thisArgs, undefined);
      }, undefined, disposables);
  }

  /** The setting agent mode reads on this platform; undefined where Four Eyes has no sandbox (Windows). */
  get setting(): string | undefined {
    return process.platform === 'linux' || process.platform === 'darwin' ? agentTerminalSettings[process.platform] : undefined;
  }

  /** The profile Four Eyes writes: this editor's runtime and CLI, VS Code's own bash integration script. */
  profile(): TerminalProfile {
    return agentTerminalProfile({ node: process.execPath, cli: this.cli, bash: bash(), integrationScript: path.join(vscode.env.appRoot, ...bashIntegrationScript) });
  }

  /** Whether the setting in force (any scope) is this Four Eyes' sandbox. */
  state(): ProfileState {
    return this.setting ? profileState(vscode.workspace.getConfiguration().get(this.setting), this.profile()) : 'other';
  }

  /** Write the profile to the user settings, after the diff; refused (with a message) where no sandbox can run. */
  async sandbox(): Promise<AgentTerminalResult> {
    const status = this.probe.refresh();
    const setting = this.setting;
    if (!setting || !status.available) {
      const reason = status.reason ?? vscode.l10n.t('no agent sandbox on this system');
      void vscode.window.showErrorMessage(vscode.l10n.t("Four Eyes cannot run agent mode's terminal in a sandbox here: {0}. Nothing was changed; agents can still reach your credentials.", reason));
      return 'refused';
    }
    const profile = this.profile();
    if (!existsSync(profile.args?.at(-1) ?? '')) {
      void vscode.window.showErrorMessage(vscode.l10n.t("Four Eyes cannot find VS Code's shell integration script ({0}), which agent mode needs in its terminal. Nothing was changed.", profile.args?.at(-1) ?? ''));
      return 'refused';
    }
    const current = vscode.workspace.getConfiguration().inspect(setting)?.globalValue;
    if (profileState(current, profile) === 'sandboxed') return this.warnIfOverridden(setting, 'unchanged');
    const title = vscode.l10n.t("Run Agent Mode's Terminal in the Sandbox");
    const detail = vscode.l10n.t('Four Eyes will set {0} in your user settings exactly as the diff shows. No other setting changes.', setting);
    if (!(await this.confirmation.confirm({ title, path: `/User/${setting}.json`, place: vscode.l10n.t('User settings'), before: settingsText(setting, current), after: settingsText(setting, profile), detail }))) return 'cancelled';
    // The value before Four Eyes' first write is what the undo gives back; a rewrite over an outdated one keeps it.
    if (this.memento.get(previousKey) === undefined && profileState(current, profile) === 'other') await this.memento.update(previousKey, { value: current });
    await vscode.workspace.getConfiguration().update(setting, profile, vscode.ConfigurationTarget.Global);
    this.afterWrite?.();
    return this.warnIfOverridden(setting, 'written');
  }

  /** Give the setting back its value from before Four Eyes wrote it, after the diff. */
  async unsandbox(): Promise<AgentTerminalResult> {
    const setting = this.setting;
    if (!setting) return 'unchanged';
    const current = vscode.workspace.getConfiguration().inspect(setting)?.globalValue;
    if (profileState(current, this.profile()) === 'other') return 'unchanged';
    const previous = this.memento.get<{ value?: unknown }>(previousKey)?.value;
    const title = vscode.l10n.t("Run Agent Mode's Terminal Outside the Sandbox");
    const detail = vscode.l10n.t('Four Eyes will set {0} in your user settings back to what it was, exactly as the diff shows. No other setting changes.', setting);
    if (!(await this.confirmation.confirm({ title, path: `/User/${setting}.json`, place: vscode.l10n.t('User settings'), before: settingsText(setting, current), after: settingsText(setting, previous), detail }))) return 'cancelled';
    await vscode.workspace.getConfiguration().update(setting, previous, vscode.ConfigurationTarget.Global);
    this.afterWrite?.();
    await this.memento.update(previousKey, undefined);
    return 'written';
  }

  /** A workspace's own value wins over the user's: say so, since agent mode then runs outside the sandbox. */
  private warnIfOverridden(setting: string, result: AgentTerminalResult): AgentTerminalResult {
    const inspected = vscode.workspace.getConfiguration().inspect(setting);
    if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) {
      void vscode.window.showWarningMessage(vscode.l10n.t("This workspace sets {0} itself, which wins over your user settings: agent mode's terminal here does not run in the sandbox.", setting));
    }
    return result;
  }
}

/** The two commands' notifications. */
export async function runAgentTerminalCommand(agentTerminal: AgentTerminal, inside: boolean): Promise<AgentTerminalResult> {
  const result = inside ? await agentTerminal.sandbox() : await agentTerminal.unsandbox();
  if (result === 'written' || result === 'unchanged') {
    const message = inside
      ? vscode.l10n.t("Four Eyes: agent mode's new terminals run in the sandbox: they cannot read your credentials or change Four Eyes' files.")
      : vscode.l10n.t("Four Eyes: agent mode's terminals no longer run in the sandbox.");
    void vscode.window.showInformationMessage(message);
  }
  return result;
}
