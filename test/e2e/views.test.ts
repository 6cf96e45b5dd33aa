import * as assert from 'node:assert/strict';
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { chain, genesis } from '../../src/core/audit/chain';
import type { NewEntry } from '../../src/core/audit/entry';
import {
  fourEyesActive,
  openFourEyes,
  openTerminal,
  openWorkbench,
  outputChannelText,
  pick,
  recordFigures,
  runCommand,
  screenshot,
  terminalShows,
  typeInTerminal,
  viewFrame,
  workbenchHost,
} from './support/workbench';

function terraformCalls(): string {
  const { marker } = workbenchHost();
  return existsSync(marker) ? readFileSync(marker, 'utf8') : '';
}

/** The log file Four Eyes keeps for a folder, as the CLI finds it: from ~/.four-eyes/logs.json once the extension has started there. */
async function logFileOf(page: Page, folder: string): Promise<string> {
  await fourEyesActive(page);
  const index = path.join(workbenchHost().home, '.four-eyes', 'logs.json');
  const logs = JSON.parse(readFileSync(index, 'utf8')) as Record<string, string>;
  const file = logs[folder];
  assert.ok(file, `no log recorded for ${folder} in ${index}`);
  return file;
}

const agents = [
  { kind: 'agent', agent: 'claude-code', evidence: 'hook channel' },
  { kind: 'agent', agent: 'gemini', evidence: 'env GEMINI_CLI' },
  { kind: 'agent', agent: 'codex', evidence: 'hook channel' },
  { kind: 'human', evidence: 'terminal "bash"' },
] as const;
const samples = [
  { commandLine: 'npm test', level: 'none', decision: 'observed' },
  { commandLine: 'terraform apply -auto-approve', level: 'critical', decision: 'approved' },
  { commandLine: 'kubectl delete namespace payments', level: 'critical', decision: 'denied' },
  { commandLine: 'git push --force origin main', level: 'high', decision: 'timed-out' },
  { commandLine: 'rm -rf build', level: 'low', decision: 'allowed' },
  // The first rows come inside the view's HTML: a command line cannot end the element that carries them.
  { commandLine: "echo '</script><b id=injected>x</b>'", level: 'none', decision: 'observed' },
] as const;

/** A log as a busy team would have after months: written the way the log writes it, chained from the first entry. */
function writeLargeLog(file: string, count: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  assert.ok(!existsSync(file) || readFileSync(file, 'utf8') === '', 'the fresh folder has no entries yet');
  const start = Date.now() - count * 1000;
  const lines: string[] = [];
  let prev = genesis;
  for (let seq = 1; seq <= count; seq++) {
    const sample = samples[seq % samples.length];
    const entry: NewEntry = {
      id: `large-${seq}`,
      time: new Date(start + seq * 1000).toISOString(),
      actor: agents[seq % agents.length],
      channel: 'shim',
      commandLine: `${sample.commandLine} # ${seq}`,
      cwd: '/home/dev/project',
      assessment: { level: sample.level, rules: sample.level === 'none' ? [] : ['terraform.apply'], ...(seq % 3 ? {} : { target: { kind: 'kube-context', name: 'prod-eu', production: true, source: 'current-context in default kubeconfig' } }) },
      decision: { kind: sample.decision, by: 'policy', reason: 'generated for the 100,000-entry test' },
    };
    const chained = chain(entry, seq, prev);
    prev = chained.entry.hash;
    lines.push(chained.line);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  // On the disk before the view opens: 30 MB written back meanwhile would hold up the browser's own writes.
  const descriptor = openSync(file, 'r+');
  fsyncSync(descriptor);
  closeSync(descriptor);
}

describe('the Risk and Action Log views', () => {
  let page: Page;
  let log: Frame;
  let risk: Frame;
  before(async () => {
    page = await openWorkbench();
    await openTerminal(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(() => page.close());

  it('show the commands agents ran, labelled by agent, and filter by agent', async () => {
    // Two agents' commands through the shims (allowed and logged), each also seen running in the terminal.
    await typeInTerminal(page, 'CLAUDECODE=1 terraform init -input=false');
    await terminalShows(page, /fake terraform: init -input=false/);
    await typeInTerminal(page, 'GEMINI_CLI=1 terraform init -upgrade');
    await terminalShows(page, /fake terraform: init -upgrade/);
    // The shield in the status bar opens the Risk view, and with it the Action Log.
    await page.locator('.statusbar-item .codicon-shield').first().click();
    log = await viewFrame(page, 'Action Log');
    risk = await viewFrame(page, 'Risk');
    const rows = log.locator('[role="row"][data-seq]');
    await rows.filter({ hasText: 'terraform init -upgrade' }).first().waitFor();
    await log.locator('[data-actor="Claude Code"]').first().waitFor();
    await log.locator('[data-actor="Gemini CLI"]').first().waitFor();
    await screenshot(page, 'action-log');
    // Both pages run under a strict policy: nothing but this render's nonce may run or style.
    for (const view of [log, risk]) {
      const policy = (await view.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
      assert.match(policy, /default-src 'none'/);
      assert.match(policy, /script-src 'nonce-[A-Za-z0-9+/]{22}==';?/);
      assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    }

    await log.locator('[data-filter="actor"]').selectOption('Gemini CLI');
    await log.locator('[role="row"][data-actor="Claude Code"]').first().waitFor({ state: 'detached' });
    await log.locator('[role="row"][data-actor="Gemini CLI"]').first().waitFor();
    const actors: (string | null)[] = [];
    for (const row of await rows.all()) actors.push(await row.getAttribute('data-actor'));
    assert.ok(actors.length > 0);
    assert.deepEqual([...new Set(actors)], ['Gemini CLI']);

    // The details of an entry: what ran, who, the decision.
    await rows.filter({ hasText: 'terraform init -upgrade' }).first().click();
    const details = log.locator('[data-section="details"]');
    await details.filter({ hasText: 'terraform init -upgrade' }).waitFor();
    assert.match(await details.innerText(), /Gemini CLI/);
    assert.match(await details.innerText(), /allowed/);

    await log.locator('[data-action="verify"]').click();
    const banner = log.locator('[data-verified]');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('data-verified'), 'intact');
    assert.match(await banner.innerText(), /intact: \d+ entries in 1 file/);
    await log.locator('[data-filter="actor"]').selectOption('');
    await log.locator('[role="row"][data-actor="Claude Code"]').first().waitFor();
  });

  it('says per agent whether its commands run in the agent sandbox, and why not', async () => {
    const agentMode = risk.locator('[data-sandbox-agent="vscode"]');
    await agentMode.waitFor();
    assert.equal(await agentMode.getAttribute('data-sandbox'), 'outside');
    assert.match(await agentMode.innerText(), /Copilot agent mode: not sandboxed \(its terminal profile does not start the sandbox\)/);
    // A sandbox can run on this machine, so the view does not say that agents can read the credentials.
    assert.equal(await risk.locator('[data-sandbox="unavailable"]').isHidden(), true);
  });

  it('shows the production target in red, and a person approves a waiting command there with the typed confirmation', async () => {
    const environment = risk.locator('[data-section="environment"]');
    await environment.filter({ hasText: 'production' }).waitFor();
    assert.match(await environment.innerText(), /PRODUCTION/);
    await page.locator('.statusbar-item', { hasText: 'production' }).waitFor();

    const before = terraformCalls();
    await typeInTerminal(page, 'CLAUDECODE=1 terraform destroy -auto-approve');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Decide in Risk View' }).click();
    const card = risk.locator('[data-request-id]').filter({ hasText: 'terraform destroy -auto-approve' });
    await card.waitFor();
    assert.match(await card.innerText(), /Claude Code/);
    // The countdown says what happens when it runs out, in minutes and seconds.
    assert.match(await card.locator('.countdown').innerText(), /^\s*denied automatically in \d+:\d\d$/);
    const approve = card.locator('[data-action="approve-once"]');
    assert.ok(await approve.isDisabled(), 'a critical command cannot be approved before the target is typed');
    assert.equal(await card.locator('[data-action="approve-session"]').count(), 0, 'no standing grant for critical commands');
    await card.locator('input[data-confirm]').fill('productio');
    assert.ok(await approve.isDisabled());
    await card.locator('input[data-confirm]').fill('production');
    await screenshot(page, 'risk-view-waiting');
    await approve.click();
    await terminalShows(page, /fake terraform: destroy -auto-approve/);
    assert.equal(terraformCalls().slice(before.length), 'destroy -auto-approve\n');
    await card.waitFor({ state: 'detached' });

    // The decision is in the log and in the Risk view's recent high-risk actions.
    await log.locator('[role="row"][data-decision="approved"]').filter({ hasText: 'terraform destroy -auto-approve' }).first().waitFor();
    await risk.locator('[data-section="recent"]').filter({ hasText: 'terraform destroy -auto-approve' }).waitFor();
    await screenshot(page, 'risk-view');
  });

  it('exports the log as a Markdown table for a pull request description', async () => {
    const target = path.join(workbenchHost().results, 'action-log-export.md');
    rmSync(target, { force: true });
    await runCommand(page, 'Four Eyes: Export Action Log');
    await pick(page, 'Markdown table');
    // code-server's save dialog is a quick input holding a path.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    // The dialog fills in its suggestion after it opens; typing before that would be overwritten.
    for (let tries = 0; !(await input.inputValue()).endsWith('four-eyes-action-log.md'); tries++) {
      assert.ok(tries < 200, `the save dialog never suggested a file name: "${await input.inputValue()}"`);
      await page.waitForTimeout(50);
    }
    await input.fill(target);
    // Enter would open the highlighted entry of the folder listing; OK saves under the typed path.
    await page.locator('.quick-input-widget').getByRole('button', { name: 'OK' }).click();
    await page.locator('.notifications-toasts', { hasText: /Four Eyes: exported \d+ entries/ }).waitFor();
    const table = readFileSync(target, 'utf8');
    assert.match(table, /^\*\*Four Eyes action log:\*\* \d+ actions/);
    assert.match(table, /\| Time \| Agent \| Level \| Decision \| Outcome \| Command \| Target \|/);
    // One row per command: how it ended sits next to the decision.
    assert.match(table, /\| Claude Code \| critical \| approved by \S+ \| (exit \d+ after [\d.]+ s)? \| `terraform destroy -auto-approve` \| terraform-workspace production \*\*production\*\* \|/);
  });

  // Last: the Output panel takes the terminal's place.
  it('activates without waiting for its start-up, and says how long each took in its output channel', async () => {
    const said = await outputChannelText(page, 'Four Eyes', /activated\sin\s[\d.]+\sms\sand\swas\sready\sin\s[\d.]+\sms/);
    const [, activated, ready] = /activated\sin\s([\d.]+)\sms\sand\swas\sready\sin\s([\d.]+)\sms/.exec(said) ?? [];
    const figures = { 'extension.activate_ms': Number(activated), 'extension.ready_ms': Number(ready) };
    recordFigures(figures);
    process.stderr.write(`      extension.activate_ms ${activated}, extension.ready_ms ${ready}\n`);
    assert.ok(figures['extension.activate_ms'] <= figures['extension.ready_ms'], said);
  });
});

describe('the Action Log view at 100,000 entries', () => {
  it('shows the newest entries within a second of opening, and scrolls to the oldest', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-large-log-'));
    // A browser that has shown webviews before, as a person's has: the first webview a browser ever shows waits
    // about two seconds for code-server's service worker to install, whatever the view (desktop VS Code has none).
    const context = await workbenchHost().browser.newContext();
    const before = await openWorkbench(workbenchHost().workspace, context);
    await openFourEyes(before);
    await viewFrame(before, 'Risk');
    await before.close();
    const page = await openWorkbench(folder, context);
    try {
      writeLargeLog(await logFileOf(page, folder), 100_000);
      // From the person's click in the workbench to the first rows on screen, in the browser's own clocks.
      // Strings: the browser's globals are not in the test's Node types.
      await page.evaluate(`document.addEventListener('mousedown', (event) => { window.fourEyesClicked = performance.timeOrigin + event.timeStamp; }, { capture: true, once: true })`);
      await openFourEyes(page);
      const log = await viewFrame(page, 'Action Log');
      await log.locator('[role="row"][data-seq="100000"]').waitFor();
      const clicked = await page.evaluate<number>('window.fourEyesClicked');
      const shown = await log.evaluate<number>(`performance.timeOrigin + (performance.getEntriesByName('four-eyes:first-rows')[0]?.startTime ?? NaN)`);
      const elapsed = Math.round(shown - clicked);
      assert.ok(Number.isFinite(elapsed) && elapsed > 0, `measured ${elapsed}`);
      recordFigures({ 'view.open_100k_ms': elapsed });
      process.stderr.write(`      view.open_100k_ms ${elapsed}\n`);
      assert.match(await log.locator('[data-count]').innerText(), /100,000/);
      await log.locator('[role="row"]', { hasText: "echo '</script><b id=injected>x</b>'" }).first().waitFor();
      assert.equal(await log.locator('#injected').count(), 0);
      // Only what is on screen is in the page.
      assert.ok((await log.locator('[role="row"][data-seq]').count()) < 500);
      await log.locator('[role="row"][data-seq="100000"]').click();
      await page.keyboard.press('End');
      await log.locator('[role="row"][data-seq="1"]').waitFor();
      await screenshot(page, 'action-log-100k');
      // Verified in its worker thread, the whole log, with the same words as ever.
      await log.locator('[data-action="verify"]').click();
      await log.locator('[data-verified="intact"]', { hasText: /intact: 100,000 entries in 1 file/ }).waitFor({ timeout: 60_000 });
    } finally {
      await context.close();
    }
  });
});
