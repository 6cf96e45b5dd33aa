import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { askAgent, chatShows, openCopilotEditor, type CopilotEditor } from './support/copilot';
import { approvalDialog, pick, runCommand, screenshot } from './support/workbench';

/** VS Code's own card asking to run a terminal command ("Run bash command?"). */
const vscodeCard = /Run \w+ command\?/;

async function protect(page: Page): Promise<void> {
  await runCommand(page, 'Four Eyes: Protect Copilot Agent Mode');
  await pick(page, 'Just me');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Write', exact: true }).click();
  // Protect then offers agent mode's terminal in the sandbox, a change of its own: not in these tests.
  const sandbox = page.locator('.monaco-dialog-box', { hasText: /Terminal in the Sandbox\?/ });
  await sandbox.waitFor({ timeout: 30_000 });
  await sandbox.getByRole('button', { name: 'Cancel', exact: true }).click();
}

describe('Copilot agent mode: the real Copilot Chat 0.67 in VS Code 1.139, driven by a scripted model on 127.0.0.1', () => {
  let editor: CopilotEditor;
  let page: Page;
  before(async function () {
    this.timeout(300_000);
    editor = await openCopilotEditor();
    page = editor.page;
  });
  after(async () => editor?.close());
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    await screenshot(page, `failed-copilot-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
    process.stderr.write(`model saw: ${JSON.stringify(editor.model.requests.map((request) => request.reply)).slice(-3000)}\n`);
  });

  it('with the hook from Protect, denies terraform destroy before it runs, and the chat shows Four Eyes’ reason', async () => {
    await protect(page);
    const hookFile = path.join(editor.profile.home, '.copilot', 'hooks', 'four-eyes.json');
    assert.ok(existsSync(hookFile), 'Protect wrote VS Code’s user hook file');
    assert.match(readFileSync(hookFile, 'utf8'), /hook vscode/);
    await askAgent(page, 'Tear it down. RUN_SHELL: terraform destroy -auto-approve END_SHELL');
    const dialog = await approvalDialog(page, /terraform destroy -auto-approve/);
    const text = await dialog.innerText();
    assert.match(text, /Copilot agent mode wants to run a critical-risk command/);
    await screenshot(page, 'copilot-approval-dialog');
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    const answer = await chatShows(page, /Four Eyes/);
    assert.match(await answer.innerText(), /denied/i);
    await screenshot(page, 'copilot-chat-denied');
    assert.equal(editor.terraformCalls(), '', 'the stand-in terraform never ran');
  });

  it('with the hook, a command the person approves in Four Eyes runs once, and VS Code does not ask again', async () => {
    await askAgent(page, 'Tear it down. RUN_SHELL: terraform destroy -auto-approve END_SHELL');
    const dialog = await approvalDialog(page, /terraform destroy -auto-approve/);
    await approveOnce(page, dialog);
    await chatShows(page, /fake terraform: destroy -auto-approve/);
    assert.equal(await page.getByText(vscodeCard).filter({ visible: true }).count(), 0, 'VS Code showed no confirmation of its own');
    assert.equal(editor.terraformCalls(), 'destroy -auto-approve\n');
  });

  it('runs a safe command (git status) with no Four Eyes prompt', async () => {
    await askAgent(page, 'Check the tree. RUN_SHELL: git status END_SHELL');
    // Four Eyes has no objection, so VS Code's own setting decides: by default it asks.
    await allowInVsCode(page);
    await chatShows(page, /The tool said:/);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no Four Eyes dialog');
  });

  it('with the hook removed, the shims on the agent’s terminal hold terraform destroy: the dialog names Copilot agent mode, and Deny keeps it from running', async () => {
    await runCommand(page, 'Four Eyes: Remove Agent Protection');
    await pick(page, 'Copilot agent mode');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    await page.locator('.notifications-toasts', { hasText: 'Four Eyes no longer protects Copilot agent mode' }).waitFor();
    const calls = editor.terraformCalls();
    await askAgent(page, 'Tear it down. RUN_SHELL: terraform destroy -auto-approve END_SHELL');
    // Without the hook, VS Code's own card asks whether the agent may run the command at all.
    await allowInVsCode(page);
    const held = await approvalDialog(page, /terraform destroy -auto-approve/);
    assert.match(await held.innerText(), /Copilot agent mode wants to run a critical-risk command/);
    await screenshot(page, 'copilot-shim-dialog');
    await held.getByRole('button', { name: 'Deny', exact: true }).click();
    await chatShows(page, /was not run/);
    assert.equal(editor.terraformCalls(), calls, 'the stand-in terraform did not run');
  });

  it('with the hook removed, Approve in Four Eyes runs it once', async () => {
    const calls = editor.terraformCalls();
    await askAgent(page, 'Tear it down. RUN_SHELL: terraform destroy -auto-approve END_SHELL');
    await allowInVsCode(page);
    const held = await approvalDialog(page, /terraform destroy -auto-approve/);
    await approveOnce(page, held);
    await chatShows(page, /fake terraform: destroy -auto-approve/);
    assert.equal(editor.terraformCalls(), `${calls}destroy -auto-approve\n`);
  });

  it('with agent mode’s terminal in the sandbox, the agent cannot read the credentials, and an approved command still runs through the door', async () => {
    const credentials = path.join(editor.profile.home, '.aws', 'credentials');
    mkdirSync(path.dirname(credentials), { recursive: true });
    writeFileSync(credentials, '[default]\naws_secret_access_key = e2e-secret-not-for-agents\n');
    await runCommand(page, "Four Eyes: Run Agent Mode's Terminal in the Sandbox");
    const dialog = page.locator('.monaco-dialog-box', { hasText: /Terminal in the Sandbox\?/ });
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Write', exact: true }).click();
    // Back from the settings diff to the agent's chat.
    await page.locator('.tabs-container .tab', { hasText: /RUN_SHELL/ }).last().click();

    await askAgent(page, `Read it. RUN_SHELL: cat ${credentials} END_SHELL`);
    await allowInVsCode(page);
    const answer = await chatShows(page, /The tool said:/);
    assert.doesNotMatch(await answer.innerText(), /e2e-secret-not-for-agents/);
    assert.doesNotMatch(JSON.stringify(editor.model.requests.map((request) => request.body)), /e2e-secret-not-for-agents/, 'the secret never reached the model');

    const calls = editor.terraformCalls();
    await askAgent(page, 'Tear it down. RUN_SHELL: terraform destroy -auto-approve END_SHELL');
    await allowInVsCode(page);
    const held = await approvalDialog(page, /terraform destroy -auto-approve/);
    assert.match(await held.innerText(), /Copilot agent mode wants to run/);
    await approveOnce(page, held);
    await chatShows(page, /fake terraform: destroy -auto-approve/);
    assert.equal(editor.terraformCalls(), `${calls}destroy -auto-approve\n`);
  });
});

/** VS Code's own "Run … command?" card: Allow. */
async function allowInVsCode(page: Page): Promise<void> {
  await page.getByText(vscodeCard).filter({ visible: true }).first().waitFor({ timeout: 60_000 });
  await page.getByText('Allow', { exact: true }).filter({ visible: true }).first().click();
}

/** Approve Once in Four Eyes' dialog, typing the target where a critical command asks for it. */
async function approveOnce(page: Page, dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Approve Once' }).click();
  const title = page.locator('.quick-input-widget', { hasText: /to approve this critical command/ }).first();
  if (!(await title.waitFor({ timeout: 5000 }).then(() => true, () => false))) return;
  const target = /type "([^"]+)" to approve/.exec(await title.innerText())?.[1] ?? '';
  await page.locator('.quick-input-widget input').fill(target);
  await page.keyboard.press('Enter');
}
