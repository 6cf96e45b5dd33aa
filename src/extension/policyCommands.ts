// *Create Workspace Policy*: the commented starter in `.vscode/four-eyes.json`, never over a policy the team already has.
import * as vscode from 'vscode';
import { starterPolicy } from '../core/policy/starter';

export async function createWorkspacePolicy(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Four Eyes: open a folder first; the policy file belongs to its repository.');
    return;
  }
  const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'four-eyes.json');
  const exists = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.vscode'));
    await vscode.workspace.fs.writeFile(file, Buffer.from(starterPolicy));
  }
  await vscode.window.showTextDocument(file);
  if (exists) void vscode.window.showInformationMessage('Four Eyes: this folder already has a policy; it is open.');
}
