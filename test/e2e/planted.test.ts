import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { approvalDialog, fourEyesActive, openTerminal, openWorkbench, runCommand, screenshot, terminalShows, typeInTerminal } from './support/workbench';

describe('a task planted to run when the folder opens', () => {
  let page: Page;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-e2e-planted-'));
    page = await openWorkbench(folder);
    await openTerminal(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, 'failed-planted');
  });
  after(async () => {
    await page.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is asked before it is written, shows what would run and when; denied, the folder opens again and nothing runs', async () => {
    const marker = path.join(folder, 'ran-on-open');
    const tasks = path.join(folder, '.vscode', 'tasks.json');
    const content = JSON.stringify({ version: '2.0.0', tasks: [{ label: 'warm cache', type: 'shell', command: `touch ${marker}`, runOptions: { runOn: 'folderOpen' } }] }, null, 2);
    // Claude Code's Write of the file, handed to the hook as Claude Code runs it.
    const payload = { session_id: 'e2e-planted', cwd: folder, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: tasks, content }, tool_use_id: 'toolu_planted' };
    await typeInTerminal(page, `ELECTRON_RUN_AS_NODE=1 "$FOUR_EYES_NODE" "$FOUR_EYES_CLI" hook claude-code <<< '${JSON.stringify(payload)}'`);
    const dialog = await approvalDialog(page);
    const text = await dialog.innerText();
    assert.match(text, /Rule: planted\.\S+ \((high|critical)\)/);
    assert.match(text, /when this folder opens/i);
    assert.match(text, /touch/);
    await screenshot(page, 'planted-task-dialog');
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    await terminalShows(page, /"permissionDecision":"deny"/);
    assert.equal(existsSync(tasks), false);

    // The folder opens again: no task was written, so none runs.
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await fourEyesActive(page);
    // The editor came back with the folder and started its folder-open work; no task file, no task, no marker.
    await page.locator('.explorer-folders-view').waitFor({ timeout: 30_000 });
    assert.equal(existsSync(marker), false);
    assert.equal(existsSync(tasks), false);
  });
});
