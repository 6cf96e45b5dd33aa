import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { approvalDialog, fourEyesActive, openTerminal, openWorkbench, screenshot, TerraformCalls, terminalShows, typeInTerminal, viewFrame, workbenchHost } from './support/workbench';

const secret = 's3cret';
// A password as an option's value and one in a URL: neither may show on screen or reach the log.
const command = `CLAUDECODE=1 terraform destroy -auto-approve -var db_password=${secret} -var database_url=postgres://app:${secret}@prod-db/shop`;
const masked = 'terraform destroy -auto-approve -var db_password=**** -var database_url=postgres://app:****@prod-db/shop';

describe('secrets in a command', () => {
  let page: Page;
  const calls = new TerraformCalls();
  before(async () => {
    page = await openWorkbench();
    await openTerminal(page);
    calls.start();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, `failed-secrets-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(() => page.close());

  it('are masked in the approval dialog, the Action Log and the log on disk', async () => {
    await typeInTerminal(page, command);
    const dialog = await approvalDialog(page, /terraform destroy/);
    const text = await dialog.innerText();
    assert.ok(!text.includes(secret), text);
    assert.ok(text.includes(`Command: ${masked}`), text);
    assert.match(text, /Target: terraform workspace production — PRODUCTION/);
    await screenshot(page, 'secrets-masked-dialog');
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    await terminalShows(page, /Four Eyes: `terraform destroy -auto-approve -var db_password=\*\*\*\* .*` was not run/);
    assert.equal(calls.since(), '');

    await page.locator('.statusbar-item .codicon-shield').first().click();
    const log = await viewFrame(page, 'Action Log');
    const row = log.locator('[role="row"][data-decision="denied"]').filter({ hasText: 'db_password=****' }).first();
    await row.waitFor();
    assert.ok(!(await row.innerText()).includes(secret));
    await row.click();
    const details = log.locator('[data-section="details"]').filter({ hasText: 'db_password=****' });
    await details.waitFor();
    const shown = await details.innerText();
    assert.ok(!shown.includes(secret), shown);
    assert.ok(shown.includes('postgres://app:****@prod-db/shop'), shown);
    assert.ok(!(await log.locator('body').innerText()).includes(secret));

    // The log on disk holds only the masked text, and its chain is intact.
    await fourEyesActive(page);
    const logs = JSON.parse(readFileSync(path.join(workbenchHost().home, '.four-eyes', 'logs.json'), 'utf8')) as Record<string, string>;
    const file = logs[workbenchHost().workspace];
    assert.ok(file, `no log for ${workbenchHost().workspace}`);
    const onDisk = readFileSync(file, 'utf8');
    assert.ok(onDisk.includes('db_password=****'), 'the denial is logged');
    assert.ok(!onDisk.includes(secret), 'no secret on disk');
    await log.locator('[data-action="verify"]').click();
    const banner = log.locator('[data-verified]');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('data-verified'), 'intact');
  });
});
