import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { approvalDialog, openTerminal, openWorkbench, screenshot, terminalShows, typeInTerminal, workbenchHost } from './support/workbench';

const command = 'CLAUDECODE=1 terraform destroy -auto-approve';

function terraformCalls(): string {
  const { marker } = workbenchHost();
  return existsSync(marker) ? readFileSync(marker, 'utf8') : '';
}

describe('the approval dialog', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
    await openTerminal(page);
  });
  after(() => page.close());

  it('names the agent, the command, the target and the rule, and Deny keeps the command from running', async () => {
    await typeInTerminal(page, command);
    const dialog = await approvalDialog(page);
    const text = await dialog.innerText();
    assert.match(text, /Claude Code wants to run a critical-risk command/);
    assert.match(text, /Command: terraform destroy -auto-approve/);
    assert.match(text, /Target: terraform workspace production — PRODUCTION/);
    assert.match(text, /Rule: terraform\.destroy \(critical\)/);
    assert.match(text, /Safer: terraform plan -destroy/);
    await page.locator('.statusbar-item', { hasText: '1 waiting' }).waitFor();
    await screenshot(page, 'approval-dialog');
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    await terminalShows(page, /Four Eyes: `terraform destroy -auto-approve` was not run: \S+ denied it\./);
    assert.equal(terraformCalls(), '');
  });

  it('never approves on Enter: Enter asks for a message to the agent instead', async () => {
    await typeInTerminal(page, command);
    await approvalDialog(page);
    await page.keyboard.press('Enter');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('run terraform plan -destroy first');
    await page.keyboard.press('Enter');
    await terminalShows(page, /denied it: "run terraform plan -destroy first"/);
    assert.equal(terraformCalls(), '');
  });

  it('approves a critical command only when the target is typed', async () => {
    await typeInTerminal(page, command);
    const dialog = await approvalDialog(page);
    await dialog.getByRole('button', { name: 'Approve Once' }).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('prod');
    await page.locator('.quick-input-widget').getByText('Type exactly: production').waitFor();
    await screenshot(page, 'typed-confirmation');
    await input.fill('production');
    await page.keyboard.press('Enter');
    await terminalShows(page, /fake terraform: destroy -auto-approve/);
    assert.equal(terraformCalls(), 'destroy -auto-approve\n');
  });
});
