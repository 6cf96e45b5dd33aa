import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { LogEntry } from '../../src/core/audit/entry';
import { createProfile, installExtension, startCodeServer, type CodeServer, type Profile } from '../../scripts/editor/codeServer';
import { keyId } from '../../src/core/cosign/keys';
import { fourEyesActive, openTerminal, openWorkbench, runCommand, screenshot, terminalShows, typeInTerminal, viewFrame, workbenchHost } from './support/workbench';

const input = (page: Page) => page.locator('.quick-input-widget input');

/** *Create My Approver Key* under `name`; returns the line for the policy's approvers, as the person would copy it. */
async function createKey(page: Page, name: string): Promise<string> {
  await runCommand(page, 'Four Eyes: Create My Approver Key');
  await nameBox(page);
  await input(page).fill(name);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Add this line to "approvers"' }).waitFor();
  const line = await input(page).inputValue();
  await page.keyboard.press('Escape');
  return line;
}

/** Waits for the box asking for the approver's name: the palette's own input may linger until then. */
async function nameBox(page: Page): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: 'your name as approvers will see it' }).waitFor();
}

/** The value an input box shows once its title matches. */
async function shownCode(page: Page, title: RegExp): Promise<string> {
  await page.locator('.quick-input-widget', { hasText: title }).waitFor({ timeout: 30_000 });
  return input(page).inputValue();
}

function logEntries(home: string, folder: string): LogEntry[] {
  const logs = JSON.parse(readFileSync(path.join(home, '.four-eyes', 'logs.json'), 'utf8')) as Record<string, string>;
  const file = logs[folder];
  assert.ok(file, `no log for ${folder}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogEntry);
}

function terraformCalls(): string {
  const { marker } = workbenchHost();
  return existsSync(marker) ? readFileSync(marker, 'utf8') : '';
}

describe('two people: a production-critical command runs only with a second person’s co-signature', () => {
  // Al works in the fixture workspace (Terraform workspace "production"); Bea has her own code-server, profile and keys.
  let second: CodeServer;
  let profile: Profile;
  let al: Page;
  let bea: Page;
  let beaLine: string;
  const beaFolder = mkdtempSync(path.join(tmpdir(), 'four-eyes-bea-'));
  // The folder both share for requests and responses (a synced folder, in real life).
  const shared = mkdtempSync(path.join(tmpdir(), 'four-eyes-shared-'));
  const alSettings = path.join(path.dirname(workbenchHost().home), 'user-data', 'User', 'settings.json');
  let alSettingsBefore: string;
  const workspace = workbenchHost().workspace;
  const policy = path.join(workspace, '.vscode', 'four-eyes.json');
  const createdSettings = !existsSync(path.dirname(policy));

  before(async function () {
    this.timeout(240_000);
    const { tools, vsix, browser } = workbenchHost();
    profile = createProfile('e2e-bea', { 'fourEyes.cosign.sharedFolder': shared });
    alSettingsBefore = readFileSync(alSettings, 'utf8');
    writeFileSync(alSettings, JSON.stringify({ ...(JSON.parse(alSettingsBefore) as object), 'fourEyes.cosign.sharedFolder': shared }, null, 2));
    installExtension(tools, profile, vsix);
    second = await startCodeServer(tools, profile);
    bea = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await bea.goto(`${second.url}/?folder=${encodeURIComponent(beaFolder)}`);
    await fourEyesActive(bea);
    al = await openWorkbench();
    await fourEyesActive(al);

    beaLine = await createKey(bea, 'Bea');
    assert.match(beaLine, /^\{"name":"Bea","publicKey":"ed25519:[A-Za-z0-9+/]{43}="\}$/);
    await createKey(al, 'Al');
    // The team lists Bea as an approver: production-critical commands now need two people.
    mkdirSync(path.dirname(policy), { recursive: true });
    writeFileSync(policy, `{\n  "version": 1,\n  "approvers": [${beaLine}]\n}\n`);
    // A workspace file is an agent's to write: Al confirms Bea, name and key id, before her co-signatures count.
    await al.locator('.notifications-toasts', { hasText: 'lists approvers you have not confirmed (Bea)' }).waitFor({ timeout: 60_000 });
    await runCommand(al, 'Four Eyes: Confirm Workspace Approvers');
    const confirm = al.locator('.monaco-dialog-box', { hasText: 'Let these people co-sign two-person commands?' });
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /Bea \(key [0-9a-f]{16}\)/);
    await confirm.getByRole('button', { name: 'Confirm', exact: true }).click();
    await al.locator('.notifications-toasts', { hasText: 'Bea confirmed as approvers' }).waitFor();
    await openTerminal(al);
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    const name = this.currentTest.title.slice(0, 30).replace(/\W+/g, '-');
    await screenshot(al, `failed-al-${name}`);
    await screenshot(bea, `failed-bea-${name}`);
  });
  after(async () => {
    await al?.close();
    await bea?.close();
    await second?.stop();
    profile?.remove();
    rmSync(createdSettings ? path.dirname(policy) : policy, { recursive: true, force: true });
    rmSync(beaFolder, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
    writeFileSync(alSettings, alSettingsBefore);
  });

  /** How Al's log names Bea: her name with her key's id, as every surface shows an approver. */
  const beaSigner = (): string => `Bea (key ${keyId((JSON.parse(beaLine) as { publicKey: string }).publicKey)})`;

  /** Al's agent runs the destroy; Al asks for a co-signature and gets the request code. */
  async function request(): Promise<string> {
    // A clear screen: what the terminal shows next is this command's outcome.
    await typeInTerminal(al, 'clear');
    await typeInTerminal(al, 'CLAUDECODE=1 terraform destroy -auto-approve');
    const dialog = al.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    assert.match(await dialog.innerText(), /needs two people/);
    assert.equal(await dialog.getByRole('button', { name: 'Approve Once' }).count(), 0, 'one person alone cannot approve it');
    await dialog.getByRole('button', { name: 'Request Co-signature' }).click();
    const code = await shownCode(al, /send this request code to an approver/);
    assert.match(code, /^FE1-REQ-/);
    await al.keyboard.press('Enter');
    await al.locator('.quick-input-widget', { hasText: 'paste the approver' }).waitFor();
    return code;
  }

  /** Bea opens the request in her own VS Code, sees the details and answers; returns her response code. */
  async function answer(code: string, choice: 'Co-sign' | 'Decline', via: 'paste' | 'shared folder'): Promise<string> {
    await runCommand(bea, 'Four Eyes: Co-sign Request');
    // The request is also in the shared folder: Bea picks it there, or pastes the code Al sent her.
    const listed = bea.locator('.quick-input-widget .monaco-list-row', { hasText: 'terraform destroy -auto-approve' }).first();
    await listed.waitFor();
    assert.match(await listed.innerText(), /Al for Claude Code/);
    if (via === 'shared folder') await listed.click();
    else {
      await bea.locator('.quick-input-widget .monaco-list-row', { hasText: 'Paste a request code' }).click();
      await bea.locator('.quick-input-widget', { hasText: 'paste the co-signature request code' }).waitFor();
      await input(bea).fill(code);
      await bea.keyboard.press('Enter');
    }
    const dialog = bea.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const details = await dialog.innerText();
    assert.match(details, /Al asks you to co-sign a critical-risk command/);
    assert.match(details, /Command: terraform destroy -auto-approve/);
    assert.match(details, /Target: terraform workspace production — PRODUCTION/);
    assert.match(details, /Rule: terraform\.destroy/);
    assert.match(details, /Agent: Claude Code/);
    await screenshot(bea, `two-person-bea-${choice === 'Co-sign' ? 'cosign' : 'decline'}`);
    await dialog.getByRole('button', { name: choice, exact: true }).click();
    const response = await shownCode(bea, /Send this response code back to Al/);
    assert.match(response, /^FE1-SIG-/);
    await bea.keyboard.press('Escape');
    return response;
  }

  it('runs once Bea co-signs in her window and Al completes it, with both names in both logs', async () => {
    const before = terraformCalls();
    const code = await request();
    assert.equal(terraformCalls(), before, 'nothing runs while the co-signature is outstanding');
    const response = await answer(code, 'Co-sign', 'paste');
    await input(al).fill(response);
    await al.keyboard.press('Enter');
    await terminalShows(al, /fake terraform: destroy -auto-approve/);
    assert.equal(terraformCalls().slice(before.length), 'destroy -auto-approve\n');
    await screenshot(al, 'two-person-al-completed');

    const alLog = logEntries(workbenchHost().home, workspace);
    const requested = alLog.filter((entry) => entry.decision.kind === 'co-sign-requested').at(-1);
    const approved = alLog.filter((entry) => entry.decision.kind === 'approved' && entry.commandLine === 'terraform destroy -auto-approve').at(-1);
    assert.equal(requested?.decision.by, 'Al');
    assert.deepEqual(approved?.decision.cosign, { requestHash: requested?.decision.cosign?.requestHash, requester: 'Al', signer: beaSigner() });
    assert.match(approved?.decision.reason ?? '', /Approved by Al, co-signed by Bea/);
    const beaLog = logEntries(profile.home, beaFolder);
    const signed = beaLog.find((entry) => entry.decision.kind === 'co-signed');
    assert.deepEqual(signed?.decision.cosign, { requestHash: requested?.decision.cosign?.requestHash, requester: 'Al', signer: 'Bea' });
  });

  it('is denied when Bea declines, the request and the answer going through the shared folder', async () => {
    const before = terraformCalls();
    const code = await request();
    assert.deepEqual(readdirSync(shared).map((file) => readFileSync(path.join(shared, file), 'utf8').trim()), [code]);
    await answer(code, 'Decline', 'shared folder');
    // Al pastes nothing: his Four Eyes finds Bea's answer beside the request.
    await terminalShows(al, /declined to co-sign/);
    await al.keyboard.press('Escape');
    assert.deepEqual(readdirSync(shared), [], 'the shared folder is tidied up');
    assert.equal(terraformCalls(), before);
    const denied = logEntries(workbenchHost().home, workspace)
      .filter((entry) => entry.decision.kind === 'denied' && entry.commandLine === 'terraform destroy -auto-approve')
      .at(-1);
    assert.equal(denied?.decision.by, beaSigner());
    assert.deepEqual([denied?.decision.cosign?.requester, denied?.decision.cosign?.signer], ['Al', beaSigner()]);
    assert.ok(logEntries(profile.home, beaFolder).some((entry) => entry.decision.kind === 'co-sign-declined' && entry.decision.by === 'Bea'));
  });

  it('replaces a key on request: the new public key differs and the old one is gone', async () => {
    await runCommand(bea, 'Four Eyes: Create My Approver Key');
    const dialog = bea.locator('.monaco-dialog-box');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /you already have an approver key/);
    await dialog.getByRole('button', { name: 'Replace With a New Key' }).click();
    await nameBox(bea);
    assert.equal(await input(bea).inputValue(), 'Bea');
    await bea.keyboard.press('Enter');
    const line = await shownCode(bea, /Add this line to "approvers"/);
    await bea.keyboard.press('Escape');
    assert.notEqual(line, beaLine);
    assert.match(line, /^\{"name":"Bea","publicKey":"ed25519:/);
  });

  it('lets Al break glass alone with a typed reason, marks it in the log, and keeps a banner until acknowledged', async () => {
    const before = terraformCalls();
    await typeInTerminal(al, 'clear');
    await typeInTerminal(al, 'CLAUDECODE=1 terraform destroy -auto-approve');
    const dialog = al.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Break Glass…' }).click();
    await input(al).waitFor();
    await input(al).fill('too short');
    await al.locator('.quick-input-widget', { hasText: 'more characters' }).waitFor();
    await al.keyboard.press('Enter');
    assert.equal(terraformCalls(), before, 'a short reason approves nothing');
    const reason = 'state is corrupt and the on-call approver is unreachable';
    await input(al).fill(reason);
    await al.keyboard.press('Enter');
    await terminalShows(al, /fake terraform: destroy -auto-approve/);
    assert.equal(terraformCalls().slice(before.length), 'destroy -auto-approve\n');

    // The broker's entry; the terminal's own record of the run may come after it.
    const entry = logEntries(workbenchHost().home, workspace)
      .filter((candidate) => candidate.decision.kind === 'approved' && candidate.commandLine === 'terraform destroy -auto-approve')
      .at(-1);
    assert.equal(entry?.decision.breakGlass, true);
    assert.match(entry?.decision.reason ?? '', new RegExp(`^BREAK-GLASS by \\S+ without a second person: "${reason}"`));

    await al.locator('.statusbar-item .codicon-shield').first().click();
    const risk = await viewFrame(al, 'Risk');
    const banner = risk.locator('[data-section="break-glass"] [data-break-glass]');
    await banner.filter({ hasText: reason }).waitFor();
    const log = await viewFrame(al, 'Action Log');
    await log.locator('[role="row"] [data-break-glass]').first().waitFor();
    await screenshot(al, 'two-person-break-glass');
    // Still there after the window reloads: only a person's acknowledgement clears it.
    await al.reload();
    await fourEyesActive(al);
    await al.locator('.statusbar-item .codicon-shield').first().click();
    const reloaded = await viewFrame(al, 'Risk');
    const again = reloaded.locator('[data-section="break-glass"] [data-break-glass]').filter({ hasText: reason });
    await again.waitFor();
    await again.locator('[data-action="acknowledge"]').click();
    await again.waitFor({ state: 'detached' });
    assert.ok(await reloaded.locator('[data-section="break-glass"]').isHidden());
  });
});
