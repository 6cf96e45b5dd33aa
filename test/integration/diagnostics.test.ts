import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The Four Eyes diagnostics of a document once the language server has published some that satisfy `ready`. */
function fourEyesDiagnostics(uri: vscode.Uri, ready = (found: vscode.Diagnostic[]): boolean => found.length > 0): Promise<vscode.Diagnostic[]> {
  const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Four Eyes');
  if (ready(ours())) return Promise.resolve(ours());
  return new Promise((resolve) => {
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString()) || !ready(ours())) return;
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

  it('reports a workspace policy that loosens as ignored, with a Warning naming the lower layer', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const settings = vscode.Uri.joinPath(folder.uri, '.vscode');
    const hadSettings = await vscode.workspace.fs.stat(settings).then(() => true, () => false);
    const uri = vscode.Uri.joinPath(settings, 'four-eyes.json');
    // The fixture folder is shared by every suite: the file exists only for this test.
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "version": 1,\n  "approval": { "critical": "approve" }\n}\n'));
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostics = await fourEyesDiagnostics(uri, (found) => found.some((diagnostic) => diagnostic.code === 'ignored'));
      const ignored = diagnostics.filter((diagnostic) => diagnostic.code === 'ignored');
      assert.equal(ignored.length, 1, diagnostics.map((diagnostic) => diagnostic.message).join('\n'));
      assert.equal(ignored[0].severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(document.getText(ignored[0].range), '"approve"');
      assert.match(ignored[0].message, /^Ignored: approval\.critical: "approve".*\(lower layer: defaults\)/);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(hadSettings ? uri : settings, { recursive: true });
    }
  });

  it('re-checks an open Makefile when the workspace policy adds a rule, and again when the file goes', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const makefile = vscode.Uri.joinPath(folder.uri, 'Makefile');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(makefile));
    const ruled = (found: vscode.Diagnostic[]): boolean => found.some((diagnostic) => diagnostic.code === 'team.plan');
    await fourEyesDiagnostics(makefile, (found) => found.length > 0 && !ruled(found));
    const settings = vscode.Uri.joinPath(folder.uri, '.vscode');
    const hadSettings = await vscode.workspace.fs.stat(settings).then(() => true, () => false);
    const uri = vscode.Uri.joinPath(settings, 'four-eyes.json');
    const rule = { id: 'team.plan', match: { commandLine: 'terraform plan*' }, level: 'high', reason: 'Plans read the production state' };
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify({ version: 1, rules: [rule] }, undefined, 2)));
    try {
      const diagnostics = await fourEyesDiagnostics(makefile, ruled);
      const plan = diagnostics.find((diagnostic) => diagnostic.code === 'team.plan');
      assert.ok(plan);
      // The fixture's Terraform workspace is production, which raises the rule's high to critical.
      assert.match(plan.message, /^critical: team\.plan: Plans read the production state/);
      assert.equal(vscode.window.activeTextEditor?.document.getText(plan.range), 'terraform plan');
    } finally {
      await vscode.workspace.fs.delete(hadSettings ? uri : settings, { recursive: true });
    }
    await fourEyesDiagnostics(makefile, (found) => found.length > 0 && !ruled(found));
  });
});
