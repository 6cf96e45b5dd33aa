import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openTerminal, openWorkbench, screenshot, terminalShows, typeInTerminal, viewFrame, workbenchHost } from './support/workbench';

const original = '{\n  "permissions": { "allow": [] }\n}\n';

describe('agents’ settings changed while an agent works, in the Risk view', () => {
  let page: Page;
  let risk: Frame;
  const workspace = workbenchHost().workspace;
  const settings = path.join(workspace, '.claude', 'settings.json');
  const hook = path.join(workspace, '.github', 'hooks', 'agent.json');
  // Folders this suite creates in the shared fixture workspace, removed afterwards.
  const created = ['.claude', '.github'].map((folder) => path.join(workspace, folder)).filter((folder) => !existsSync(folder));

  before(async () => {
    // There before the window opens: the watch takes it as it is.
    mkdirSync(path.dirname(settings), { recursive: true });
    writeFileSync(settings, original);
    page = await openWorkbench();
    await openTerminal(page);
    // An agent at work: Claude Code's command goes through the shims and into the log.
    await typeInTerminal(page, 'CLAUDECODE=1 terraform init -input=false');
    await terminalShows(page, /fake terraform: init -input=false/);
    await page.locator('.statusbar-item .codicon-shield').first().click();
    risk = await viewFrame(page, 'Risk');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await page.close();
    for (const folder of created) rmSync(folder, { recursive: true, force: true });
  });

  it('shows the agent’s edit of .claude/settings.json as a diff, and Revert puts the file back', async () => {
    // What an agent's shell tool would run to switch Claude Code's hooks off.
    await typeInTerminal(page, `printf '{ "disableAllHooks": true }\\n' > .claude/settings.json`);
    const change = risk.locator('[data-section="changes"] [data-change]').filter({ hasText: path.join('.claude', 'settings.json') });
    await change.waitFor({ timeout: 30_000 });
    assert.equal(await change.getAttribute('data-kind'), 'changed');
    assert.match(await change.innerText(), /while an agent was protected or active/);
    await screenshot(page, 'risk-view-protected-file-changed');

    await change.locator('[data-action="diff"]').click();
    await page.locator('.tab.active', { hasText: 'settings.json (before ↔ now)' }).waitFor();
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.filter({ hasText: 'disableAllHooks' }).waitFor();
    await diff.filter({ hasText: 'permissions' }).waitFor();
    await screenshot(page, 'risk-view-protected-file-diff');

    await change.locator('[data-action="revert"]').click();
    await change.waitFor({ state: 'detached' });
    await page.locator('.notifications-toasts', { hasText: 'Four Eyes: change reverted.' }).waitFor();
    assert.equal(readFileSync(settings, 'utf8'), original);
  });

  it('shows a hook file the agent created, folder and all, and Keep leaves it in place', async () => {
    await typeInTerminal(page, `mkdir -p .github/hooks && printf '{ "hooks": {} }\\n' > .github/hooks/agent.json`);
    const change = risk.locator('[data-section="changes"] [data-change]').filter({ hasText: path.join('.github', 'hooks', 'agent.json') });
    await change.waitFor({ timeout: 30_000 });
    assert.equal(await change.getAttribute('data-kind'), 'created');
    await change.locator('[data-action="keep"]').click();
    await change.waitFor({ state: 'detached' });
    assert.equal(readFileSync(hook, 'utf8'), '{ "hooks": {} }\n');
  });
});
