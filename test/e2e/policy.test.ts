import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { fourEyesActive, openWorkbench, quickOpen, screenshot, workbenchHost } from './support/workbench';

/** A team policy that tries to let critical commands through with a plain click, and to lower a built-in rule. */
const loosening = '{\n  "version": 1,\n  "approval": { "critical": "approve" },\n  "rules": [{ "id": "terraform.destroy", "level": "low" }]\n}\n';

/** Put the cursor at a line and column (both from 1) through Quick Open's go-to-line. */
async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
}

/** Open a file by its absolute path through Quick Open, as a person would. */
async function openFile(page: Page, file: string): Promise<void> {
  await quickOpen(page, file, path.basename(file));
  await page.locator('.tab.active', { hasText: path.basename(file) }).waitFor();
}

describe('the team policy file in the editor', () => {
  let page: Page;
  let settings: string;
  let createdSettings: boolean;
  let file: string;
  before(async () => {
    settings = path.join(workbenchHost().workspace, '.vscode');
    createdSettings = !existsSync(settings);
    file = path.join(settings, 'four-eyes.json');
    // The fixture folder is shared by every suite: the file exists only for this one.
    mkdirSync(settings, { recursive: true });
    writeFileSync(file, loosening);
    page = await openWorkbench();
    await fourEyesActive(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await page.close();
    rmSync(createdSettings ? settings : file, { recursive: true, force: true });
  });

  it('marks a loosening as ignored, naming the lower layer, in the editor and the Problems panel', async () => {
    await openFile(page, file);
    const editor = page.locator('.monaco-editor[data-uri$="four-eyes.json"]').first();
    await editor.locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'lower layer: defaults' }).first();
    await problem.waitFor({ timeout: 30_000 });
    assert.match(await problem.innerText(), /Ignored: approval\.critical: "approve"/);
    await screenshot(page, 'policy-ignored-loosening');
  });

  it('completes the policy file from its schema', async () => {
    const editor = page.locator('.monaco-editor[data-uri$="four-eyes.json"]').first();
    await editor.locator('.view-line', { hasText: '"version"' }).click();
    // A new property line inside the top-level object.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'protectedPaths' }).first();
    await suggestion.waitFor({ timeout: 60_000 });
    await screenshot(page, 'policy-schema-completion');
    await page.keyboard.press('Escape');
    // Leave the file as it was on disk, so closing it asks nothing.
    await page.keyboard.press('Control+Z');
  });

  it('hovers a rule with the built-in rule it changes, and completes built-in rule ids', async () => {
    // Line 4, just after `"terraform.` in the rule's id.
    await goTo(page, 4, 32);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: /Built-in rule: level critical/ }).first();
    await hover.waitFor({ timeout: 30_000 });
    assert.match(await hover.innerText(), /Ignored: it would lower the built-in rule "terraform\.destroy"/);
    await screenshot(page, 'policy-rule-hover');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget .monaco-list-row', { hasText: 'terraform.apply' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'policy-rule-id-completion');
    await page.keyboard.press('Escape');
  });
});
