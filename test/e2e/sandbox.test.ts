import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { LogEntry } from '../../src/core/audit/entry';
import { demoSteps } from '../../src/core/demo/script';
import { root } from '../../scripts/editor/vsix';
import { connections, fourEyesProcesses } from './support/sockets';
import { approvalDialog, readmeScreenshot, runCommand, screenshot, viewFrame, widenSideBar, workbenchHost } from './support/workbench';


/** `npm start` as a person runs it, in its own process group so Ctrl+C can be sent to all of it. */
class Sandbox {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<void>;

  constructor() {
    this.child = spawn('npm', ['start'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  async url(timeoutMs: number): Promise<URL> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(this.output);
      if (found) return new URL(found[1]);
      if (this.child.exitCode !== null) throw new Error(`npm start exited with ${this.child.exitCode}:\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`npm start printed no URL in time:\n${this.output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** What a terminal does on Ctrl+C: SIGINT to every process of the foreground group. */
  interrupt(): void {
    process.kill(-this.child.pid!, 'SIGINT');
  }

  /** True once no process of the group is left (code-server runs in a group of its own, which the sandbox ends). */
  async groupEnded(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        process.kill(-this.child.pid!, 0);
      } catch {
        return true;
      }
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Whatever is left of the group, for a failed test's clean-up. */
  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** The extension host's log files in the sandbox profile (`<profile>/user-data/logs/<session>/exthost*`). */
function extensionHostLogs(profile: string): string[] {
  const logs = path.join(profile, 'user-data', 'logs');
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/exthost\.log$/.test(name)) found.push(file);
    }
  };
  walk(logs);
  return found;
}

/** The sandbox workspace's action log, as written to disk. */
function actionLog(profile: string): LogEntry[] {
  const storage = path.join(profile, 'user-data', 'User', 'workspaceStorage');
  const [folder] = readdirSync(storage).filter((name) => existsSync(path.join(storage, name, 'four-eyes.four-eyes', 'action-log.jsonl')));
  const text = readFileSync(path.join(storage, folder, 'four-eyes.four-eyes', 'action-log.jsonl'), 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line) as LogEntry);
}

describe('npm start: the sandbox', function () {
  // A cold start packages the extension and starts code-server; the first run on a machine also installs it.
  this.timeout(600_000);
  let sandbox: Sandbox;
  let page: Page;
  let workspace: string;
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page && !page.isClosed()) await screenshot(page, 'failed-sandbox').catch(() => undefined);
  });
  let sampler: NodeJS.Timeout | undefined;
  const network = { processes: 0, sockets: 0, outside: [] as string[] };

  before(async () => {
    sandbox = new Sandbox();
    const url = await sandbox.url(540_000);
    workspace = url.searchParams.get('folder')!;
    // From now on, every quarter second: which hosts Four Eyes' processes in the sandbox talk to.
    const profile = path.dirname(workspace);
    sampler = setInterval(() => {
      const pids = fourEyesProcesses(profile);
      const now = connections(pids);
      network.processes = Math.max(network.processes, pids.length);
      network.sockets = Math.max(network.sockets, now.sockets);
      network.outside.push(...now.outside);
    }, 250);
    page = await workbenchHost().browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url.href);
  });

  after(async () => {
    clearInterval(sampler);
    await page?.close();
    sandbox?.kill();
  });

  it('prints a loopback URL of a real VS Code opened on the demo workspace', async () => {
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    assert.ok(existsSync(path.join(workspace, 'main.tf')));
    assert.equal(readFileSync(path.join(workspace, '.terraform', 'environment'), 'utf8').trim(), 'production');
  });

  it("shows the demo agent's first risky command in an approval dialog, labelled and aimed at production", async () => {
    const dialog = await approvalDialog(page, /Demo agent wants to run/, 120_000);
    const text = await dialog.innerText();
    assert.match(text, /Four Eyes: Demo agent wants to run a critical-risk command/);
    assert.match(text, /Command: terraform apply -auto-approve/);
    assert.match(text, /Target: terraform workspace production — PRODUCTION/);
    await readmeScreenshot(page, 'approval-dialog');
    // Approved with the typed target, the stand-in runs and changes nothing.
    await dialog.getByRole('button', { name: 'Approve Once' }).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('production');
    await page.keyboard.press('Enter');
    await page.locator('.terminal-wrapper.active .xterm-rows').filter({ hasText: /Apply complete! \(Four Eyes demo: nothing was changed\)/ }).waitFor({ timeout: 60_000 });
  });

  it('keeps denied commands from running and logs everything the agent ran under its name', async () => {
    const kubectl = await approvalDialog(page, /Demo agent wants to run/, 120_000);
    assert.match(await kubectl.innerText(), /Command: kubectl delete deployment checkout -n checkout/);
    await kubectl.getByRole('button', { name: 'Deny', exact: true }).click();
    const aws = await approvalDialog(page, /Demo agent wants to run/, 120_000);
    assert.match(await aws.innerText(), /Command: aws s3 rm s3:\/\/acme-prod-assets --recursive/);
    await aws.getByRole('button', { name: 'Deny', exact: true }).click();
    await page.locator('.notification-toast', { hasText: 'The demo agent is done' }).waitFor({ timeout: 60_000 });
    const terminals = await page.locator('.xterm-rows').allInnerTexts();
    assert.ok(terminals.some((text) => text.includes('aws s3 rm')));
    assert.doesNotMatch(terminals.join('\n'), /nothing was deleted/);

    // The sandbox opened the Four Eyes views itself; clicking the shield would close them.
    await runCommand(page, 'Four Eyes: Show Action Log');
    const log = await viewFrame(page, 'Action Log');
    const rows = log.locator('[role="row"][data-actor="Demo agent"]');
    for (const step of ['aws s3 rm s3://acme-prod-assets --recursive', 'kubectl delete deployment checkout -n checkout']) await rows.filter({ hasText: step }).first().waitFor({ timeout: 30_000 });
    // Every step is in the log on disk under the agent's name, and the risky ones with the person's decision.
    const entries = actionLog(path.dirname(workspace));
    for (const step of demoSteps) assert.ok(entries.some((entry) => entry.commandLine === step && entry.actor.agent === 'four-eyes-demo'), `no Demo agent entry for ${step}`);
    const decided = entries.filter((entry) => entry.decision.kind === 'approved' || entry.decision.kind === 'denied').map((entry) => `${entry.decision.kind} ${entry.commandLine}`);
    assert.deepEqual(decided, ['approved terraform apply -auto-approve', 'denied kubectl delete deployment checkout -n checkout', 'denied aws s3 rm s3://acme-prod-assets --recursive']);
    const risk = await viewFrame(page, 'Risk');
    await risk.getByText('prod-eu-west-1').first().waitFor({ timeout: 30_000 });
    await widenSideBar(page, 420);
    await page.waitForTimeout(500);
    await readmeScreenshot(page, 'views', page.locator('.part.sidebar'));
  });

  it('one row per command: each step of the demo agent once, with its decision and how it ended, and a gate miss as its own row', async () => {
    const log = await viewFrame(page, 'Action Log');
    const rows = log.locator('[role="row"][data-actor="Demo agent"]');
    // The gated steps carry their outcome: the approved one ran, the denied ones never did.
    await rows.filter({ hasText: 'terraform apply -auto-approve' }).and(log.locator('[data-outcome="succeeded"]')).waitFor({ timeout: 30_000 });
    for (const step of ['kubectl delete deployment checkout -n checkout', 'aws s3 rm s3://acme-prod-assets --recursive']) {
      const row = rows.filter({ hasText: step });
      await row.and(log.locator('[data-outcome="not-run"]')).waitFor({ timeout: 30_000 });
      assert.match(await row.innerText(), /Denied\s*· not run/);
    }
    // Every step is one row, whether a gate decided it or it was only seen running.
    for (const step of demoSteps) assert.equal(await rows.filter({ hasText: step }).count(), 1, `rows for ${step}`);
    assert.equal(await rows.count(), demoSteps.length);
    // On disk, the outcome is a chained record naming the entry it completes.
    const entries = actionLog(path.dirname(workspace));
    const apply = entries.find((entry) => entry.commandLine === 'terraform apply -auto-approve' && entry.decision.kind === 'approved');
    assert.ok(entries.some((entry) => apply && entry.completes?.includes(apply.id) && entry.result?.exitCode === 0));

    // A risky command an agent ran past every gate (no hook here, and git has no shim) stays a loud row of its own.
    // Typed in the demo agent's own terminal (its environment names the agent); focused from the keyboard, as the
    // terminal's command decorations cover it for a click.
    const echoed = page.locator('.terminal-wrapper.active .xterm-rows').filter({ hasText: 'git push --force origin main' });
    for (let tries = 0; !(await echoed.count()); tries++) {
      assert.ok(tries < 3, 'the demo agent’s terminal never took the command');
      await runCommand(page, 'Terminal: Focus Terminal');
      // Keys sent while the command palette is still closing are lost: wait for the terminal to hold the focus, clear the line.
      await page.locator('.terminal-wrapper.active .xterm.focus').waitFor({ timeout: 10_000 });
      await page.keyboard.press('Control+U');
      await page.keyboard.type('git push --force origin main', { delay: 20 });
      await echoed.first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await page.keyboard.press('Enter');
    const miss = log.locator('[role="row"][data-decision="gate-miss"]').filter({ hasText: 'git push --force origin main' });
    await miss.waitFor({ timeout: 30_000 });
    assert.equal(await miss.count(), 1);
  });

  it('installed the packaged extension into a clean VS Code, where it activated with no error in the extension host log', () => {
    const logs = extensionHostLogs(path.dirname(workspace));
    assert.ok(logs.length > 0, 'no extension host log');
    const text = logs.map((file) => readFileSync(file, 'utf8')).join('\n');
    assert.match(text, /_doActivateExtension four-eyes\.four-eyes, startup: false, activationEvent: 'onStartupFinished'/);
    // A record is a timestamped line and the stack lines under it: an error anywhere in Four Eyes' code names its folder.
    const records = text.split(/\n(?=\d{4}-\d\d-\d\d )/);
    assert.deepEqual(records.filter((record) => /\[error\]/.test(record) && /four-eyes/.test(record)), []);
  });

  it('sends nothing anywhere: the extension host Four Eyes runs in, its language server and its CLI talked to loopback only', () => {
    clearInterval(sampler);
    // The extension host's connection to code-server and the broker's sockets are there to be seen: the sampler saw some.
    // The extension host and the language server at least, each seen with the sockets it holds.
    assert.ok(network.processes >= 2 && network.sockets > 0, JSON.stringify(network));
    assert.deepEqual([...new Set(network.outside)], []);
  });

  it('stops on Ctrl+C: code-server ends, no process is left and the throwaway profile is removed', async () => {
    const port = Number(new URL(page.url()).port);
    await page.close();
    sandbox.interrupt();
    // npm itself ends on the signal, as it does in a terminal; the sandbox finishes stopping what it started.
    await sandbox.exited;
    assert.ok(await sandbox.groupEnded(30_000), `processes left in the group:\n${sandbox.output.slice(-2000)}`);
    assert.match(sandbox.output, /Ctrl\+C: stopping\n.*stopped; nothing it did is kept/s);
    assert.equal(existsSync(path.dirname(workspace)), false);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
  });
});
