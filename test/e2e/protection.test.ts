import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, pick, runCommand, screenshot, workbenchHost } from './support/workbench';

/** The person's Claude Code settings before Four Eyes touches them. */
const original = '{\n  "model": "opus",\n  "permissions": { "allow": ["Bash(npm test)"] }\n}\n';

function settingsFile(): string {
  return path.join(workbenchHost().home, '.claude', 'settings.json');
}

function settings(): string {
  return existsSync(settingsFile()) ? readFileSync(settingsFile(), 'utf8') : '';
}

/** The diff of the change and the modal asking about it; answers with `button`. */
async function confirmChange(page: Page, title: RegExp, button: 'Write' | 'Cancel'): Promise<string> {
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 60_000 });
  await page.locator('.tab', { hasText: title }).first().waitFor();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  const text = await dialog.innerText();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  return text;
}

describe('protecting an agent', () => {
  let page: Page;
  before(async () => {
    mkdirSync(path.dirname(settingsFile()), { recursive: true });
    writeFileSync(settingsFile(), original);
    page = await openWorkbench();
  });
  after(() => page.close());
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await screenshot(page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
      process.stderr.write(`notifications: ${await page.locator('.notifications-toasts').innerText().catch(() => '(none)')}\n`);
    }
  });

  it('shows the exact change as a diff and writes only after the person agrees', async () => {
    await runCommand(page, 'Four Eyes: Protect Claude Code');
    await pick(page, 'Just me');
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 60_000 });
    // The added lines of the diff carry the hook command.
    await page.locator('.monaco-diff-editor .editor.modified').getByText('hook claude-code').first().waitFor();
    await screenshot(page, 'protect-diff');
    const cancelled = await confirmChange(page, /Protect Claude Code/, 'Cancel');
    assert.match(cancelled, /Protect Claude Code\?/);
    assert.match(cancelled, /change ~\/\.claude\/settings\.json exactly as the diff shows/);
    assert.equal(settings(), original, 'nothing written without a yes');

    await runCommand(page, 'Four Eyes: Protect Claude Code');
    await pick(page, 'Just me');
    await confirmChange(page, /Protect Claude Code/, 'Write');
    await page.locator('.notifications-toasts', { hasText: 'Four Eyes protects Claude Code' }).waitFor();
    const written = JSON.parse(settings()) as { model: string; permissions: unknown; hooks: { PreToolUse: { hooks: { command: string; onFailure: string }[] }[] } };
    assert.equal(written.model, 'opus');
    assert.deepEqual(written.permissions, { allow: ['Bash(npm test)'] });
    // The launcher with `hook claude-code`, in a form that blocks with a reason when the launcher is gone.
    assert.match(written.hooks.PreToolUse[0].hooks[0].command, /\.four-eyes\/bin\/four-eyes'? hook claude-code\b/);
    assert.match(written.hooks.PreToolUse[0].hooks[0].command, /exit 2/);
    assert.equal(written.hooks.PreToolUse[0].hooks[0].onFailure, 'block');
    // The launcher the hook runs exists and is executable.
    const launcher = path.join(workbenchHost().home, '.four-eyes', 'bin', 'four-eyes');
    assert.ok(existsSync(launcher));
  });

  it('shows a removed hook as unprotected in the status bar and the panel, and repairs it', async () => {
    writeFileSync(settingsFile(), original);
    const warning = page.locator('.statusbar-item', { hasText: 'Claude Code unprotected' });
    await warning.waitFor({ timeout: 30_000 });
    await page.locator('.activitybar [aria-label^="Four Eyes"]').first().click();
    const risk = page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
    await risk.locator('[data-agent="claude-code"][data-status="unprotected"]').waitFor({ timeout: 60_000 });
    assert.match(await risk.locator('[data-agent="claude-code"]').innerText(), /unprotected \(hook removed\)/);
    await screenshot(page, 'unprotected');
    await runCommand(page, 'Four Eyes: Protect Claude Code');
    await pick(page, 'Just me');
    await confirmChange(page, /Protect Claude Code/, 'Write');
    await warning.waitFor({ state: 'hidden', timeout: 30_000 });
    await risk.locator('[data-agent="claude-code"][data-status="protected"]').waitFor({ timeout: 30_000 });
  });

  it('shows an agent whose settings switch its hooks off as unprotected, naming the file, and holds that change', async () => {
    const protectedText = settings();
    const withSwitch = JSON.stringify({ ...(JSON.parse(protectedText) as object), disableAllHooks: true }, null, 2);
    writeFileSync(settingsFile(), withSwitch);
    const risk = page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
    await risk.locator('[data-agent="claude-code"][data-status="unprotected"]').waitFor({ timeout: 60_000 });
    assert.match(await risk.locator('[data-agent="claude-code"]').innerText(), /unprotected \(hooks disabled by the agent’s settings\)/);
    await page.locator('.statusbar-item', { hasText: 'Claude Code unprotected' }).waitFor({ timeout: 30_000 });
    // With an agent protected, the change waits for Keep or Revert even though no agent command was logged.
    await risk.locator('[data-change][data-kind="changed"]', { hasText: '.claude/settings.json' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'hooks-disabled');
    writeFileSync(settingsFile(), protectedText);
    await risk.locator('[data-agent="claude-code"][data-status="protected"]').waitFor({ timeout: 60_000 });
  });

  it('removing protection gives the settings file back exactly as it was', async () => {
    await runCommand(page, 'Four Eyes: Remove Agent Protection');
    await pick(page, 'Claude Code');
    await confirmChange(page, /Remove Four Eyes from Claude Code/, 'Write');
    await page.locator('.notifications-toasts', { hasText: 'Four Eyes no longer protects Claude Code' }).waitFor();
    assert.equal(settings(), original);
  });

  it("runs agent mode's terminal in the sandbox only after the person saw the settings change, and takes it out again", async () => {
    const risk = page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
    const agentMode = (where: 'inside' | 'outside'): Promise<void> => risk.locator(`[data-sandbox-agent="vscode"][data-sandbox="${where}"]`).waitFor({ timeout: 30_000 });
    await agentMode('outside');
    await runCommand(page, "Four Eyes: Run Agent Mode's Terminal in the Sandbox");
    await page.locator('.monaco-diff-editor .editor.modified').getByText('ELECTRON_RUN_AS_NODE').first().waitFor();
    const cancelled = await confirmChange(page, /Run Agent Mode's Terminal in the Sandbox/, 'Cancel');
    assert.match(cancelled, /set chat\.tools\.terminal\.terminalProfile\.linux in your user settings exactly as the diff shows/);
    await agentMode('outside');

    await runCommand(page, "Four Eyes: Run Agent Mode's Terminal in the Sandbox");
    await confirmChange(page, /Run Agent Mode's Terminal in the Sandbox/, 'Write');
    await agentMode('inside');
    assert.match(await risk.locator('[data-sandbox-agent="vscode"]').innerText(), /Copilot agent mode: sandboxed/);

    await runCommand(page, "Four Eyes: Run Agent Mode's Terminal Outside the Sandbox");
    await confirmChange(page, /Run Agent Mode's Terminal Outside the Sandbox/, 'Write');
    await agentMode('outside');
  });
});
