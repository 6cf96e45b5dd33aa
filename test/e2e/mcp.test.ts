import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { approvalDialog, openTerminal, openWorkbench, screenshot, terminalShows, typeInTerminal, viewFrame, workbenchHost } from './support/workbench';

describe('an MCP tool call in the dialog and the Action Log', () => {
  let page: Page;
  before(async () => {
    page = await openWorkbench();
    await openTerminal(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, 'failed-mcp');
  });
  after(() => page.close());

  it('shows the server, the tool and its arguments, not a made-up command, and Deny tells the agent no', async () => {
    // Claude Code's hook payload for dbhub's execute_sql (test/fixtures/hooks), handed to the hook as Claude Code runs it.
    const payload = { session_id: 'e2e-mcp-0001', cwd: workbenchHost().workspace, hook_event_name: 'PreToolUse', tool_name: 'mcp__dbhub__execute_sql', tool_input: { sql: 'DROP TABLE orders' }, tool_use_id: 'toolu_e2e' };
    await typeInTerminal(page, `ELECTRON_RUN_AS_NODE=1 "$FOUR_EYES_NODE" "$FOUR_EYES_CLI" hook claude-code <<< '${JSON.stringify(payload)}'`);
    const dialog = await approvalDialog(page);
    const text = await dialog.innerText();
    assert.match(text, /MCP tool: execute_sql on server dbhub/);
    assert.match(text, /dbhub › execute_sql \{"sql":"DROP TABLE orders"\}/);
    assert.match(text, /Target: database host prod-db\.internal\/shop — PRODUCTION/);
    assert.match(text, /Rule: database\.sql\.drop-table \(critical\)/);
    await screenshot(page, 'mcp-dialog');
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    await terminalShows(page, /"permissionDecision":"deny","permissionDecisionReason":"Four Eyes: not run\. \S+ denied it/);

    await page.locator('.statusbar-item .codicon-shield').first().click();
    const log = await viewFrame(page, 'Action Log');
    const row = log.locator('[role="row"][data-seq]').filter({ hasText: 'dbhub › execute_sql' }).first();
    await row.waitFor();
    // The entry's details: the call as it reads, the agent, the decision.
    await row.click();
    const details = log.locator('[data-section="details"]').filter({ hasText: 'dbhub › execute_sql' });
    await details.waitFor();
    const said = await details.innerText();
    assert.match(said, /\{"sql":"DROP TABLE orders"\}/);
    assert.match(said, /Claude Code/);
    assert.match(said, /denied/);
  });
});
