import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { openWorkbench, screenshot } from './support/workbench';

describe('Four Eyes in the workbench', () => {
  it('opens its view container from the activity bar, with the Risk and Action Log views', async () => {
    const page = await openWorkbench();
    try {
      await page.locator('.activitybar [aria-label^="Four Eyes"]').first().click({ timeout: 60_000 });
      const sidebar = page.locator('.part.sidebar');
      await sidebar.locator('.pane-header', { hasText: 'Risk' }).waitFor();
      await sidebar.locator('.pane-header', { hasText: 'Action Log' }).waitFor();
      // The view's own content lives in a webview: an iframe inside an iframe.
      const risk = page.frameLocator('iframe.webview').first().frameLocator('#active-frame').locator('[data-four-eyes-view="Risk"]');
      await risk.waitFor({ timeout: 60_000 });
      assert.match(await risk.innerText(), /Coming soon/);
      assert.ok(existsSync(await screenshot(page, 'views')));
    } finally {
      await page.close();
    }
  });
});
