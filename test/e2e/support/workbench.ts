// What e2e tests share: the browser, the code-server with the packaged extension installed, and helpers in a person's terms.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';

export interface WorkbenchHost {
  readonly browser: Browser;
  readonly url: string;
  /** The fixture workspace folder. */
  readonly workspace: string;
  /** Where screenshots go (kept as a CI artifact). */
  readonly results: string;
  /** The file the stand-in terraform (test/fixtures/bin) appends each call to. */
  readonly marker: string;
}

let host: WorkbenchHost | undefined;

/** Called by the e2e runner before any test. */
export function setWorkbenchHost(value: WorkbenchHost): void {
  host = value;
}

export function workbenchHost(): WorkbenchHost {
  if (!host) throw new Error('e2e tests run through `npm run test:e2e`, which starts code-server and the browser');
  return host;
}

/** Open the workbench on a folder and wait until it is ready for input. */
export async function openWorkbench(folder = workbenchHost().workspace): Promise<Page> {
  const { browser, url } = workbenchHost();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  return page;
}

/** Save a screenshot under test-results/ and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(workbenchHost().results, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

const activeTerminal = '.terminal-wrapper.active .xterm-rows';

/** Open a terminal from the keyboard and wait for its prompt. */
export async function openTerminal(page: Page): Promise<void> {
  await page.keyboard.press('Control+Backquote');
  await page.locator(activeTerminal).filter({ hasText: /[#$]/ }).waitFor({ timeout: 30_000 });
}

/** Type a command line into the active terminal and press Enter. */
export async function typeInTerminal(page: Page, commandLine: string): Promise<void> {
  await page.locator('.terminal-wrapper.active .xterm').click();
  await page.keyboard.type(commandLine);
  await page.keyboard.press('Enter');
}

/** Wait until the active terminal shows text matching `pattern`. */
export async function terminalShows(page: Page, pattern: RegExp, timeout = 60_000): Promise<void> {
  await page.locator(activeTerminal).filter({ hasText: pattern }).waitFor({ timeout });
}
