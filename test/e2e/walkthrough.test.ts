import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { approvalDialog, fourEyesActive, openWorkbench, pick, runCommand, screenshot } from './support/workbench';

describe('the getting-started walkthrough', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
    await fourEyesActive(page);
  });
  after(() => page.close());

  it('walks through protecting agents, an approval, a team policy and the log', async () => {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await pick(page, 'Get started with Four Eyes');
    const steps = page.locator('.getting-started-step .step-title');
    await steps.first().waitFor({ timeout: 30_000 });
    assert.deepEqual(await steps.allInnerTexts(), ['Protect your agents', 'See what an approval looks like', 'Share a team policy', 'Read the log']);
    await screenshot(page, 'walkthrough');
  });

  it("starts the demo agent from its step, and the agent's first risky command waits for a person", async () => {
    await page.locator('.getting-started-step', { hasText: 'See what an approval looks like' }).click();
    await page.getByRole('button', { name: 'Run the Demo Agent' }).click();
    const dialog = await approvalDialog(page, 'Demo agent wants to run', 90_000);
    assert.match(await dialog.innerText(), /Command: terraform apply -auto-approve/);
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    // Closing its terminal stops the demo agent before its next command.
    await runCommand(page, 'Terminal: Kill the Active Terminal Instance');
  });
});
