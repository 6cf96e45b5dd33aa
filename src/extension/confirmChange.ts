// Every change Four Eyes makes to a person's files or settings is shown as a diff and confirmed before it is written.
import * as vscode from 'vscode';

const previewScheme = 'four-eyes-preview';

export interface ProposedChange {
  /** The action, already translated: "Protect Claude Code". */
  readonly title: string;
  /** Names the diff's two sides (a file path, or a settings file's name). */
  readonly path: string;
  /** What changes, as the diff's title shows it: `~/.claude/settings.json`, "User settings". */
  readonly place: string;
  /** Undefined: the file does not exist (before) or will be deleted (after). */
  readonly before: string | undefined;
  readonly after: string | undefined;
  /** The modal's sentence saying exactly what will be written, already translated. */
  readonly detail: string;
}

export class ChangeConfirmation implements vscode.Disposable {
  private readonly previews = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(previewScheme, { provideTextDocumentContent: (uri) => this.previews.get(uri.toString()) ?? '' });

  /** Show the change as a diff and ask; true only when the person chose to write. */
  async confirm(change: ProposedChange): Promise<boolean> {
    const stamp = Date.now().toString(36);
    const left = vscode.Uri.from({ scheme: previewScheme, path: change.path, query: `current-${stamp}` });
    const right = vscode.Uri.from({ scheme: previewScheme, path: change.path, query: `proposed-${stamp}` });
    this.previews.set(left.toString(), change.before ?? '');
    this.previews.set(right.toString(), change.after ?? '');
    try {
      await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('{0}: {1} (now ↔ after)', change.title, change.place), { preview: true });
      const write = vscode.l10n.t('Write');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t({ message: '{0}?', args: [change.title], comment: ['A question: {0} is the action, e.g. "Protect Claude Code"'] }),
        { modal: true, detail: change.detail },
        write,
      );
      return choice === write;
    } finally {
      this.previews.delete(left.toString());
      this.previews.delete(right.toString());
      for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
        if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === right.toString()) await vscode.window.tabGroups.close(tab);
      }
    }
  }

  dispose(): void {
    this.registration.dispose();
  }
}
