// Who asks, in the real editor: the broker believes the process the kernel names, not what the client says of itself.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { approvalDialog, openFourEyes, openTerminal, openWorkbench, TerraformCalls, terminalShows, typeInTerminal, viewFrame } from './support/workbench';

/** The stand-in's calls since this file's tests began: other files' approved runs are theirs. */
const terraform = new TerraformCalls();

/** A client that sends `check` itself, claiming the pid in argv[2] (the person's shell) and an empty environment. */
const claimant = `
const socket = require('node:net').connect(process.env.FOUR_EYES_SOCKET);
const params = { channel: 'shim', commandLine: 'helm uninstall web', cwd: process.cwd(), env: {}, pid: Number(process.argv[2]) };
socket.write(JSON.stringify({ id: 1, method: 'check', token: process.env.FOUR_EYES_TOKEN, params }) + '\\n');
socket.on('data', (data) => { console.log('claimant answer: ' + JSON.parse(data).result.reason); socket.end(); });
`;

describe('who asks, judged by the process', () => {
  let page: Page;
  let folder: string;
  before(async () => {
    terraform.start();
    folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-e2e-identity-'));
    writeFileSync(path.join(folder, 'claim.js'), claimant);
    page = await openWorkbench();
    await openTerminal(page);
  });
  after(async () => {
    await page.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('asks about a person’s own critical production command under the default settings', async () => {
    await typeInTerminal(page, 'terraform destroy -auto-approve');
    const dialog = await approvalDialog(page);
    const text = await dialog.innerText();
    assert.match(text, /terraform destroy -auto-approve/);
    assert.match(text, /production/i);
    assert.doesNotMatch(text, /Claude Code/);
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    await terminalShows(page, /Four Eyes: `terraform destroy -auto-approve` was not run: \S+ denied it\./);
    assert.equal(terraform.since(), '');
  });

  it('judges a client that claims the person’s shell and an empty environment by its own environment: Claude Code', async () => {
    await typeInTerminal(page, `CLAUDECODE=1 ELECTRON_RUN_AS_NODE=1 "$FOUR_EYES_NODE" ${path.join(folder, 'claim.js')} $$`);
    const dialog = await approvalDialog(page);
    const text = await dialog.innerText();
    assert.match(text, /Claude Code/);
    assert.match(text, /helm uninstall web/);
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    await terminalShows(page, /claimant answer: .*denied it/);
  });

  it('says in the Risk view that the operating system names who asks', async () => {
    await openFourEyes(page);
    const risk = await viewFrame(page, 'Risk');
    await risk.locator('[data-layer="identity"]', { hasText: 'Who asks: named by the operating system' }).waitFor();
  });
});
