import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fourEyesActive, openTerminal, openWorkbench, runCommand, screenshot, terminalShows, typeInTerminal, viewFrame } from './support/workbench';

describe('terminals opened before Four Eyes started', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
    await openTerminal(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, 'failed-terminals');
  });
  after(() => page.close());

  it('are listed in the Risk view with Relaunch and named once in a notification; Relaunch gives them the shims', async () => {
    await typeInTerminal(page, 'echo opened-before-reload');
    await terminalShows(page, /opened-before-reload/);
    // The window reloads: the terminal comes back with its old shell, before Four Eyes starts again.
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await fourEyesActive(page);
    const toast = page.locator('.notification-toast', { hasText: 'opened before Four Eyes started have no PATH shims' });
    await toast.waitFor({ timeout: 30_000 });
    assert.equal(await toast.count(), 1);
    await page.locator('.statusbar-item .codicon-shield').first().click();
    const risk = await viewFrame(page, 'Risk');
    const unshimmed = risk.locator('[data-layer="unshimmed"]');
    await unshimmed.first().waitFor({ timeout: 30_000 });
    assert.match(await unshimmed.first().innerText(), /has no shims: it was open before Four Eyes started/);
    await screenshot(page, 'unshimmed-terminal');
    await unshimmed.first().getByRole('button', { name: 'Relaunch' }).click();
    await unshimmed.first().waitFor({ state: 'detached', timeout: 30_000 });
    // The relaunched shell, once its prompt is back, has the shims on PATH.
    await page.locator('.terminal-wrapper.active .xterm-rows').filter({ hasText: /workspace[#$]\s*$/m, hasNotText: 'opened-before-reload' }).last().waitFor({ timeout: 60_000 });
    await typeInTerminal(page, 'echo SHIMS-$(printenv PATH | tr : "\\n" | grep -c four-eyes.four-eyes/shims)');
    await terminalShows(page, /^SHIMS-1/m);
  });
});
