import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The Four Eyes diagnostics of a document once the language server has published some. */
function fourEyesDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Four Eyes');
  if (ours().length) return Promise.resolve(ours());
  return new Promise((resolve) => {
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString()) || !ours().length) return;
      listener.dispose();
      resolve(ours());
    });
  });
}

describe('the language server in a real VS Code', () => {
  before(async () => {
    await vscode.extensions.getExtension('four-eyes.four-eyes')?.activate();
  });

  it('marks terraform destroy in a Makefile recipe as critical, and leaves terraform plan alone', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'Makefile');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await fourEyesDiagnostics(uri);
    assert.equal(diagnostics.length, 1, diagnostics.map((diagnostic) => diagnostic.message).join('\n'));
    const [destroy] = diagnostics;
    assert.equal(destroy.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(destroy.range), 'terraform destroy -auto-approve');
    assert.match(destroy.message, /critical: terraform\.destroy/);
  });
});
