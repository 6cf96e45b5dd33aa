// Sandbox only: once Four Eyes is active, show the sandbox README, open the Four Eyes views and start the demo agent (once).
const path = require('node:path');
const vscode = require('vscode');

exports.activate = async (context) => {
  if (context.workspaceState.get('demoStarted')) return;
  await context.workspaceState.update('demoStarted', true);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(path.join(folder, 'README.md')));
  // Four Eyes is a dependency, so it is active by now: its shims reach the demo terminal.
  await vscode.commands.executeCommand('workbench.view.extension.fourEyes');
  // The agent works in the sandbox workspace, where terraform, kubectl and aws are stand-ins too.
  await vscode.commands.executeCommand('fourEyes.runDemoAgent', folder);
};
