// A log cut from outside while the editor runs: the editor says so, and so does `four-eyes log verify` in its terminal.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { LogEntry } from '../../src/core/audit/entry';
import { fourEyesActive, openFourEyes, openTerminal, openWorkbench, screenshot, terminalShows, typeInTerminal, viewFrame, workbenchHost } from './support/workbench';

/** The log file Four Eyes keeps for a folder, as the CLI finds it once the extension has started there. */
async function logFileOf(page: Page, folder: string): Promise<string> {
  await fourEyesActive(page);
  const logs = JSON.parse(readFileSync(path.join(workbenchHost().home, '.four-eyes', 'logs.json'), 'utf8')) as Record<string, string>;
  const file = logs[folder];
  assert.ok(file, `no log recorded for ${folder}`);
  return file;
}

function entries(file: string): LogEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogEntry);
}

/** Waits until the log holds what `wanted` looks for, reading the file the editor writes. */
async function logShows(page: Page, file: string, wanted: (logged: LogEntry[]) => boolean, timeout = 30_000): Promise<LogEntry[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const logged = entries(file);
    if (wanted(logged)) return logged;
    if (Date.now() > deadline) throw new Error(`the log did not get there within ${timeout} ms: ${JSON.stringify(logged.map((entry) => [entry.seq, entry.commandLine]))}`);
    // The editor writes on its own schedule, with no event the test can see: look again shortly.
    await page.waitForTimeout(100);
  }
}

/** Runs the Four Eyes CLI in the editor's terminal, with the node and the CLI the editor gives every terminal. */
async function cli(page: Page, args: string): Promise<void> {
  await typeInTerminal(page, `ELECTRON_RUN_AS_NODE=1 "$FOUR_EYES_NODE" "$FOUR_EYES_CLI" ${args}`);
}

describe('an action log cut from outside', () => {
  let page: Page;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'four-eyes-e2e-cut-'));
    page = await openWorkbench(folder);
    await openTerminal(page);
  });
  after(async () => {
    await page.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('logs what the hook passes, reports a cut in the editor and in `four-eyes log verify`', async () => {
    const file = await logFileOf(page, folder);
    // An agent's hook passing four safe commands, decided in the hook process: each one reaches the log.
    for (const command of ['git status', 'npm test', 'ls -la', 'terraform version']) {
      const payload = JSON.stringify({ session_id: 'e2e', cwd: folder, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
      await cli(page, `hook claude-code <<< '${payload}'`);
    }
    const logged = await logShows(page, file, (all) => all.filter((entry) => entry.reported === 'hook').length === 4);
    const passes = logged.filter((entry) => entry.reported === 'hook');
    assert.deepEqual(
      passes.map((entry) => [entry.commandLine, entry.decision.kind, entry.decision.by, entry.actor.agent]),
      ['git status', 'npm test', 'ls -la', 'terraform version'].map((command) => [command, 'allowed', 'hook', 'claude-code']),
    );
    await cli(page, 'log verify');
    await terminalShows(page, /intact: [\d,]+ entr(y|ies) in 1 file, held to the head the running Four Eyes window anchored \(seq \d+\)/);

    // Cut from outside while the editor runs: the last two entries gone.
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    truncateSync(file, Buffer.byteLength(`${lines.slice(0, -2).join('\n')}\n`));
    const record = (await logShows(page, file, (all) => all.some((entry) => entry.integrity))).find((entry) => entry.integrity);
    const integrity = record?.integrity;
    assert.ok(record && integrity?.seqs && integrity.found, JSON.stringify(record));
    // The entries cut were the last two (or more, if one was written between reading and cutting).
    assert.deepEqual([integrity.kind, integrity.found.seq, record.seq], ['cut', integrity.seqs.from - 1, integrity.seqs.to + 1]);
    assert.ok(integrity.seqs.to - integrity.seqs.from >= 1 && integrity.found.seq === lines.length - 2, JSON.stringify(integrity));
    const range = `${integrity.seqs.from}–${integrity.seqs.to}`;
    await page.locator('.notifications-toasts', { hasText: `Four Eyes: the action log was cut. Entries ${range} were removed from outside Four Eyes` }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'log-cut-notification');

    await cli(page, 'log verify');
    await terminalShows(page, new RegExp(`cut after ${integrity.found.seq}: entries ${range} are gone; Four Eyes recorded it at seq ${record.seq}`));
    await terminalShows(page, /log: \S+action-log\.jsonl \(the log the running Four Eyes window writes\)/);

    // The record is a critical action in the Risk view's recent list.
    await openFourEyes(page);
    const risk = await viewFrame(page, 'Risk');
    await risk.getByText(`(action log entries ${range} removed)`).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'log-cut-risk-view');
  });
});
