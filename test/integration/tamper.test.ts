import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TamperWatch } from '../../src/extension/tamper';

/** Resolves once `check` holds, looked at after each change the watch reports. */
function until(watch: TamperWatch, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const subscription = watch.onDidChange(() => {
      if (!check()) return;
      subscription.dispose();
      resolve();
    });
  });
}

describe('tamper watch in a real VS Code: agents’ settings changed while an agent is active wait for Keep or Revert', () => {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const settings = path.join(workspace, '.claude', 'settings.json');
  const hooks = path.join(workspace, '.github', 'hooks');
  const original = '{\n  "hooks": {}\n}\n';
  // Folders this suite creates in the fixture workspace, removed afterwards.
  const created = ['.claude', '.github'].map((folder) => path.join(workspace, folder)).filter((folder) => !existsSync(folder));
  let active = true;
  // Each time the watch asks whether an agent is active, so a change it took silently can be waited for.
  let asked: (() => void) | undefined;
  let watch: TamperWatch;

  before(() => {
    assert.ok(workspace, 'a workspace folder is open');
    mkdirSync(path.dirname(settings), { recursive: true });
    writeFileSync(settings, original);
    watch = new TamperWatch({
      workspace,
      home: undefined,
      shims: undefined,
      agentActive: () => {
        asked?.();
        return active;
      },
    });
  });

  after(async () => {
    watch.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const folder of created) rmSync(folder, { recursive: true, force: true });
  });

  it('reports a change to .claude/settings.json made while an agent is active, shows it as a diff, and reverts it', async () => {
    writeFileSync(settings, '{\n  "hooks": {},\n  "disableAllHooks": true\n}\n');
    await until(watch, () => watch.changes().length === 1);
    const [change] = watch.changes();
    assert.deepEqual([change.file, change.kind], [settings, 'changed']);
    assert.equal(watch.label(settings), path.join('.claude', 'settings.json'));

    assert.ok(await watch.showDiff(change.id));
    const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(diff instanceof vscode.TabInputTextDiff, 'a diff editor is open');
    assert.equal(diff.modified.fsPath, settings);
    assert.equal((await vscode.workspace.openTextDocument(diff.original)).getText(), original, 'the left side is the snapshot');

    assert.ok(await watch.revert(change.id));
    assert.equal(readFileSync(settings, 'utf8'), original);
    assert.deepEqual(watch.changes(), []);
  });

  it('keeps a change: it stops waiting and becomes the snapshot', async () => {
    const kept = '{\n  "hooks": { "PreToolUse": [] }\n}\n';
    writeFileSync(settings, kept);
    await until(watch, () => watch.changes().length === 1);
    assert.ok(watch.keep(watch.changes()[0].id));
    assert.deepEqual(watch.changes(), []);
    assert.equal(readFileSync(settings, 'utf8'), kept);

    // A later change is measured from what was kept: reverting it gives the kept text back.
    writeFileSync(settings, '{}\n');
    await until(watch, () => watch.changes().length === 1);
    await watch.revert(watch.changes()[0].id);
    assert.equal(readFileSync(settings, 'utf8'), kept);
  });

  it('reverts a hook file an agent created, folder and all, by deleting it', async () => {
    const file = path.join(hooks, 'agent.json');
    // The folder and its file at once: the editor's watcher may report the folder alone.
    mkdirSync(hooks, { recursive: true });
    writeFileSync(file, '{ "hooks": {} }\n');
    await until(watch, () => watch.changes().some((change) => change.file === file));
    const change = watch.changes().find((candidate) => candidate.file === file)!;
    assert.equal(change.kind, 'created');
    await watch.revert(change.id);
    assert.equal(existsSync(file), false);
    assert.deepEqual(watch.changes(), []);
  });

  // Decided: with no agent active a change is a person's own edit. It is not reported; it silently becomes the snapshot.
  it('takes a change made while no agent is active as the new snapshot, without reporting it', async () => {
    const byPerson = '{\n  "hooks": {},\n  "model": "opus"\n}\n';
    active = false;
    const consulted = new Promise<void>((resolve) => (asked = resolve));
    writeFileSync(settings, byPerson);
    await consulted;
    asked = undefined;
    assert.deepEqual(watch.changes(), []);

    active = true;
    writeFileSync(settings, '{ "disableAllHooks": true }\n');
    await until(watch, () => watch.changes().length === 1);
    await watch.revert(watch.changes()[0].id);
    assert.equal(readFileSync(settings, 'utf8'), byPerson, 'reverting goes back to the person’s edit, not the first snapshot');
  });
});

describe('tamper watch in a real VS Code: the editor’s settings, Four Eyes’ launcher and its installed CLI', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'four-eyes-tamper-'));
  const user = path.join(root, 'User', 'settings.json');
  const state = path.join(root, 'state');
  const launcher = path.join(state, 'bin', 'four-eyes');
  const extension = path.join(root, 'extension');
  const bundle = path.join(extension, 'dist', 'cli.js');
  let watch: TamperWatch;

  before(() => {
    mkdirSync(path.dirname(user), { recursive: true });
    writeFileSync(user, '{\n  "editor.fontSize": 14,\n  "fourEyes.shims": true\n}\n');
    mkdirSync(path.dirname(launcher), { recursive: true });
    writeFileSync(launcher, '#!/bin/sh\nexec node cli.js "$@"\n', { mode: 0o755 });
    mkdirSync(path.dirname(bundle), { recursive: true });
    writeFileSync(bundle, 'require("./four-eyes-cli.js");\n');
    watch = new TamperWatch({ workspace: undefined, home: undefined, shims: undefined, state, extension, editorSettings: user, agentActive: () => true });
  });

  after(() => {
    watch.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('lets a change to a setting that touches no gate through, and holds one that switches Four Eyes off', async () => {
    const fontOnly = '{\n  "editor.fontSize": 16,\n  "fourEyes.shims": true\n}\n';
    writeFileSync(user, fontOnly);
    // The watch looks over its files every two seconds at the latest: by then the font change is the snapshot.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.deepEqual(watch.changes(), [], 'a font size is nobody’s gate');
    writeFileSync(user, '{\n  "editor.fontSize": 16,\n  "fourEyes.shims": false\n}\n');
    await until(watch, () => watch.changes().some((change) => change.file === user));
    const change = watch.changes().find((candidate) => candidate.file === user)!;
    assert.ok(await watch.revert(change.id));
    assert.equal(readFileSync(user, 'utf8'), fontOnly, 'the font change was the person’s and stays');
  });

  it('holds an overwritten launcher and an edited CLI bundle, and reverts them byte for byte', async () => {
    const launcherBefore = readFileSync(launcher, 'utf8');
    const bundleBefore = readFileSync(bundle, 'utf8');
    writeFileSync(launcher, '#!/bin/sh\nexit 0\n');
    writeFileSync(bundle, 'process.exit(0);\n');
    await until(watch, () => [launcher, bundle].every((file) => watch.changes().some((change) => change.file === file)));
    for (const change of watch.changes().filter((candidate) => candidate.file === launcher || candidate.file === bundle)) assert.ok(await watch.revert(change.id));
    assert.equal(readFileSync(launcher, 'utf8'), launcherBefore);
    assert.equal(readFileSync(bundle, 'utf8'), bundleBefore);
  });
});
