// An agent steered by someone who knows Four Eyes' source: forged lines in the dialog, and a flood of requests for a person.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Frame, Page } from 'playwright-core';
import { defaultLimits } from '../../src/core/approval/limit';
import type { RegistryEntry } from '../../src/protocol/broker';
import { approvalDialog, fourEyesActive, openTerminal, openWorkbench, recordFigures, screenshot, terminalShows, typeInTerminal, viewFrame, workbenchHost, TerraformCalls } from './support/workbench';

/** The stand-in's calls since this file's tests began: other files' approved runs are theirs. */
const terraform = new TerraformCalls();

/** The broker of the window open on the fixture workspace, from its registry file (this test runs another Node than the editor, so the hook's check of the runtime would refuse it). */
async function broker(page: Page): Promise<RegistryEntry> {
  await fourEyesActive(page);
  const { home, workspace } = workbenchHost();
  const directory = path.join(home, '.four-eyes', 'brokers');
  const entries = (): RegistryEntry[] => {
    try {
      return readdirSync(directory).map((name) => JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as RegistryEntry);
    } catch {
      return [];
    }
  };
  for (let tries = 0; ; tries++) {
    const entry = entries().find((each) => each.roots.includes(workspace));
    if (entry) return entry;
    assert.ok(tries < 100, 'the window never registered its broker');
    await page.waitForTimeout(100);
  }
}

/** The workspace's action log, as the CLI finds it. */
function logEntries(): { decision: { by: string; reason: string } }[] {
  const { home, workspace } = workbenchHost();
  const logs = JSON.parse(readFileSync(path.join(home, '.four-eyes', 'logs.json'), 'utf8')) as Record<string, string>;
  const file = logs[workspace];
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { decision: { by: string; reason: string } });
}

// A client like the shim, in its own process with an agent's markers in its environment: it sends `count` checks at once
// over the window's socket, prints each answer as a JSON line, and holds the others open until it is ended.
const floodClient = `
const net = require('node:net');
const [socket, token, cwd, count] = process.argv.slice(1);
for (let index = 0; index < Number(count); index++) {
  const client = net.connect(socket);
  let received = '';
  client.setEncoding('utf8');
  client.on('data', (chunk) => {
    received += chunk;
    if (!received.includes('\\n')) return;
    const response = JSON.parse(received.slice(0, received.indexOf('\\n')));
    process.stdout.write(JSON.stringify({ index, ...(response.result ?? { decision: 'error', reason: JSON.stringify(response.error) }) }) + '\\n');
    client.end();
  });
  client.on('error', () => undefined);
  // A quarter of them the same command: identical requests that reach a person wait as one entry.
  const argv = ['terraform', 'destroy', index % 4 === 0 ? '-target=module.same' : '-target=module.m' + index];
  client.write(JSON.stringify({ id: 1, method: 'check', token, params: { channel: 'shim', argv, cwd, env: { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'e2e-flood', HOME: process.env.HOME } } }) + '\\n');
}
`;

interface Answer {
  readonly index: number;
  readonly decision: string;
  readonly reason: string;
}

function flood(entry: RegistryEntry, count: number): { child: ChildProcess; answers: Answer[]; answered: (count: number) => Promise<void> } {
  const { home, workspace } = workbenchHost();
  const child = spawn(process.execPath, ['-e', floodClient, entry.socket, entry.token, workspace, String(count)], {
    env: { PATH: process.env.PATH, HOME: home, CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'e2e-flood' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const answers: Answer[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    answers.push(JSON.parse(line) as Answer);
    for (const wake of waiters.splice(0)) wake();
  });
  const answered = async (wanted: number): Promise<void> => {
    while (answers.length < wanted) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { child, answers, answered };
}

describe('an agent steered by an attacker', () => {
  let page: Page;
  before(async () => {
    terraform.start();
    page = await openWorkbench();
    await openTerminal(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(() => page.close());

  it('shows forged "Target:" lines escaped, as numbered lines of the command, after the real target and rule', async () => {
    // Through the PATH shim, as an agent's terminal runs it: bash's $'…' puts real newlines, an ANSI escape and an RLO in one argument.
    const forged = String.raw`CLAUDECODE=1 terraform destroy -auto-approve -var $'note=ok\nWorking directory: /tmp/sandbox\nTarget: terraform workspace sandbox\nRule: none (low) \u2014 harmless\e[2K\u202e'`;
    await typeInTerminal(page, forged);
    const dialog = await approvalDialog(page, /wants to run/);
    const text = await dialog.innerText();
    const lines = text.split('\n').map((line) => line.trim());
    const index = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    assert.equal(lines.find((line) => line.startsWith('Target:')), 'Target: terraform workspace production — PRODUCTION', text);
    assert.ok(index(/^Target: terraform workspace production/) < index(/^Rule: terraform\.destroy \(critical\)/), text);
    assert.ok(index(/^Rule: terraform\.destroy/) < index(/^Command, 4 lines/), text);
    assert.ok(index(/^Command, 4 lines/) < index(/^Working directory: /), text);
    // The forged lines are numbered lines of the command, never fields of their own.
    assert.match(text, /^\s*1\. terraform destroy -auto-approve -var 'note=ok$/m);
    assert.match(text, /^\s*2\. Working directory: \/tmp\/sandbox$/m);
    assert.match(text, /^\s*3\. Target: terraform workspace sandbox$/m);
    assert.match(text, /^\s*4\. Rule: none \(low\) — harmless\\u001b\[2K\\u202e'$/m);
    assert.equal(lines.filter((line) => /^(Target|Rule|Working directory):/.test(line)).length, 3, text);
    assert.doesNotMatch(text, /[\u001b\u202e]/);
    await screenshot(page, 'forged-lines-dialog');

    // The Risk view shows the same, in the same order.
    await dialog.getByRole('button', { name: 'Decide in Risk View' }).click();
    const risk = await viewFrame(page, 'Risk');
    const card = risk.locator('[data-request-id]').filter({ hasText: 'sandbox' });
    await card.waitFor();
    const fields: string[] = [];
    for (const part of await card.locator('[data-field], pre.command').all()) fields.push((await part.getAttribute('data-field')) ?? 'command');
    assert.deepEqual(fields.slice(0, 3), ['target', 'reason', 'command']);
    assert.match(await card.locator('[data-field="target"]').innerText(), /production/);
    const numbered = await card.locator('pre.command .line').allInnerTexts();
    assert.equal(numbered.length, 4);
    assert.match(numbered[2], /^3\s*Target: terraform workspace sandbox$/);
    assert.match(numbered[3], /\\u001b\[2K\\u202e'$/);
    assert.equal(await card.locator('input[data-confirm]').getAttribute('data-confirm'), 'production');
    await screenshot(page, 'forged-lines-risk-view');
    await card.locator('[data-action="deny"]').click();
    await terminalShows(page, /was not run: \S+ denied it\./);
    await card.waitFor({ state: 'detached' });
    assert.equal(terraform.since(), '');
  });

  it('meets 200 requests at once from one agent session with one dialog, a queue in the Risk view, and an editor that still answers', async () => {
    const entry = await broker(page);
    // The shield opens the Risk view, where the queue will show.
    await page.locator('.statusbar-item .codicon-shield').first().click();
    const risk: Frame = await viewFrame(page, 'Risk');
    const started = Date.now();
    const { child, answers, answered } = flood(entry, 200);
    try {
      // Every request is either answered (denied at once, past the session's burst) or waiting for a person.
      await answered(1);
      let waiting = 0;
      for (let tries = 0; answers.length + waiting < 200; tries++) {
        assert.ok(tries < 600, `${answers.length} answered and ${waiting} waiting of 200`);
        await page.waitForTimeout(100);
        waiting = Number(/(\d+) waiting/.exec(await page.locator('.statusbar-item', { hasText: 'waiting' }).first().innerText().catch(() => ''))?.[1] ?? 0);
      }
      const floodSeconds = (Date.now() - started) / 1000;
      recordFigures({ floodSeconds, floodWaiting: waiting, floodDenied: answers.length });
      assert.ok(waiting <= defaultLimits.waitingPerSession, `${waiting} of 200 wait for a person`);
      const denied = answers.filter((answer) => answer.decision === 'deny');
      assert.equal(denied.length, answers.length, 'no answer but denials came before a person answered');
      const why = /^Denied at once, without asking: Claude Code \(this agent session\) (asked for approval more than 20 times a second|already had 50 commands waiting for a person)\./;
      assert.ok(denied.every((answer) => why.test(answer.reason)), denied[0]?.reason);
      assert.equal(logEntries().filter((logged) => logged.decision.by === 'rate limit').length, 1, 'the burst is logged once');

      // One dialog; the rest wait in the Risk view, the identical ones as one entry.
      const dialog = await approvalDialog(page, /wants to run/);
      assert.equal(await page.locator('.monaco-dialog-box').count(), 1);
      const cards = risk.locator('[data-section="waiting"] [data-request-id]');
      await risk.locator('[data-section="waiting"] h2 .count', { hasText: /^\d+$/ }).waitFor();
      await risk.locator('[data-field="queue"]', { hasText: /identical requests: one answer answers all of them/ }).first().waitFor();
      const shown = await cards.count();
      assert.ok(shown > 1 && shown < waiting, `${shown} entries for ${waiting} waiting requests`);
      assert.equal(await risk.locator('[data-field="queue"].dialog').count(), 1, 'one entry is in the dialog');
      await screenshot(page, 'flood-one-dialog');

      // Answered, the dialog makes way for the next one, still only one.
      const firstText = await dialog.innerText();
      await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
      await page.waitForFunction(`document.querySelector('.monaco-dialog-box')?.innerText.split('\\n').length > 1 && document.querySelector('.monaco-dialog-box').innerText !== ${JSON.stringify(firstText)}`);
      assert.equal(await page.locator('.monaco-dialog-box').count(), 1);
    } finally {
      // The agent stops waiting: every request ends, and their entries leave the Risk view.
      child.kill();
    }
    await risk.locator('[data-section="waiting"] [data-request-id]').first().waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.statusbar-item', { hasText: 'waiting' }).waitFor({ state: 'detached' });
    // VS Code cannot close a modal for the person; answering one whose request ended says so and changes nothing.
    const stale = page.locator('.monaco-dialog-box');
    await stale.getByRole('button', { name: 'Deny', exact: true }).click();
    await page.locator('.notification-toast', { hasText: 'that request had already been answered or had ended' }).waitFor();
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no dialog is left queued behind it');
    // The editor still answers at once: the Command Palette opens.
    const opening = Date.now();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    const paletteMs = Date.now() - opening;
    assert.ok(paletteMs < 5000, `the Command Palette took ${paletteMs} ms`);
    await page.keyboard.press('Escape');
    assert.equal(terraform.since(), '');
  });
});
