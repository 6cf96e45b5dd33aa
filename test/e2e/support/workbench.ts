// What e2e tests share: the browser, the code-server with the packaged extension installed, and helpers in a person's terms.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import type { Tools } from '../../../scripts/editor/tools';

export interface WorkbenchHost {
  readonly browser: Browser;
  readonly url: string;
  /** The fixture workspace folder. */
  readonly workspace: string;
  /** Where screenshots go (kept as a CI artifact). */
  readonly results: string;
  /** The file the stand-in terraform (test/fixtures/bin) appends each call to. */
  readonly marker: string;
  /** code-server's HOME, where agents' user settings live. */
  readonly home: string;
  /** For a second person's own code-server: the tools and the packaged extension. */
  readonly tools: Tools;
  readonly vsix: string;
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

/** Open the workbench on a folder, in a fresh browser unless `context` is given, and wait until it is ready for input. */
export async function openWorkbench(folder = workbenchHost().workspace, context?: BrowserContext): Promise<Page> {
  const { browser, url } = workbenchHost();
  const viewport = { width: 1400, height: 900 };
  const page = context ? await context.newPage() : await browser.newPage({ viewport });
  await page.setViewportSize(viewport);
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

/** The README's pictures come from this run: save a screenshot under docs/images/ as well. */
export async function readmeScreenshot(page: Page, name: string, part?: Locator): Promise<void> {
  const file = part ? path.join(workbenchHost().results, `readme-${name}.png`) : await screenshot(page, `readme-${name}`);
  if (part) await part.screenshot({ path: file });
  mkdirSync(readmeImages, { recursive: true });
  copyFileSync(file, path.join(readmeImages, `${name}.png`));
}

export const readmeImages = path.resolve(__dirname, '..', '..', '..', 'docs', 'images');

/** Drag the side bar's edge to make it `pixels` wider, as a person does to see a view's columns. */
export async function widenSideBar(page: Page, pixels: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the side bar is not shown');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + pixels, y, { steps: 5 });
  await page.mouse.up();
}

const activeTerminal = '.terminal-wrapper.active .xterm-rows';

/** Wait until Four Eyes is active (its shield is in the status bar): terminals opened before it get no shims. */
export async function fourEyesActive(page: Page): Promise<void> {
  await page.locator('.statusbar-item .codicon-shield').first().waitFor({ timeout: 120_000 });
}

/** Open a terminal from the keyboard, once Four Eyes is active, and wait for its prompt. */
export async function openTerminal(page: Page): Promise<void> {
  await fourEyesActive(page);
  await page.keyboard.press('Control+Backquote');
  await page.locator(activeTerminal).filter({ hasText: /[#$]/ }).waitFor({ timeout: 30_000 });
}

/** Type a command line into the active terminal and press Enter. */
export async function typeInTerminal(page: Page, commandLine: string): Promise<void> {
  const terminal = page.locator('.terminal-wrapper.active .xterm');
  // While VS Code relaunches a terminal (its environment changed), the old and the new one share the wrapper for a moment.
  for (const deadline = Date.now() + 15_000; (await terminal.count()) > 1 && Date.now() < deadline; ) await page.waitForTimeout(100);
  await terminal.last().click();
  await page.keyboard.type(commandLine);
  await page.keyboard.press('Enter');
}

/** Wait until the active terminal shows text matching `pattern`. */
export async function terminalShows(page: Page, pattern: RegExp, timeout = 60_000): Promise<void> {
  await page.locator(activeTerminal).filter({ hasText: pattern }).last().waitFor({ timeout });
}

/** Type into the quick input until a row showing `rowText` is listed, then take it with Enter. */
export async function quickOpen(page: Page, typed: string, rowText: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first();
  // Right after start-up the workbench may not take F1 yet: ask again until the row is listed.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 10_000 }).catch(() => undefined);
    await input.fill(typed);
    try {
      await row.waitFor({ timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
  await page.keyboard.press('Enter');
}

/** Run a command from the Command Palette by its title, as a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await quickOpen(page, `>${title}`, title);
}

/** The Output panel's text for the channel named exactly `name`, opened as a person opens it, once it matches `pattern`. */
export async function outputChannelText(page: Page, name: string, pattern: RegExp): Promise<string> {
  await runCommand(page, 'Output: Show Output Channels...');
  const label = page.locator('.quick-input-widget .monaco-list-row .label-name').filter({ hasText: new RegExp(`^${name}$`) });
  await label.first().click();
  const text = page.locator('.part.panel .monaco-editor .view-lines').filter({ hasText: pattern }).first();
  await text.waitFor({ timeout: 60_000 });
  return text.innerText();
}

/** Pick an item in the open quick pick by its label. */
export async function pick(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor();
  await row.click();
}

/** The approval dialog (one whose text matches `text`, if given), once it is on screen. */
export async function approvalDialog(page: Page, text?: string | RegExp, timeout = 60_000): Promise<Locator> {
  const dialog = page.locator('.monaco-dialog-box', text === undefined ? {} : { hasText: text });
  await dialog.waitFor({ timeout });
  return dialog;
}

/** Open the Four Eyes container from the activity bar. */
export async function openFourEyes(page: Page): Promise<void> {
  await page.locator('.activitybar [aria-label^="Four Eyes"]').first().click({ timeout: 60_000 });
}

/** The frame holding one of the Four Eyes views (a webview: an iframe inside an iframe), once its page has rendered. */
export async function viewFrame(page: Page, name: 'Risk' | 'Action Log', timeout = 60_000): Promise<Frame> {
  const root = `[data-four-eyes-view="${name}"]`;
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator(root).count().catch(() => 0)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`the ${name} view did not render within ${timeout} ms`);
    // The page inside a frame renders after the frame attaches, with no event the test can see: look again shortly.
    await page.waitForTimeout(50);
  }
}

/** Add figures measured in the browser to test-results/figures.json, next to the screenshots. */
export function recordFigures(figures: Record<string, number>): void {
  const file = path.join(workbenchHost().results, 'figures.json');
  const known = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {};
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...known, ...figures }, null, 2)}\n`);
}

/** The stand-in terraform's calls from the moment `start()` is called: each e2e file counts only its own approved runs. */
export class TerraformCalls {
  private earlier = '';

  private all(): string {
    const { marker } = workbenchHost();
    return existsSync(marker) ? readFileSync(marker, 'utf8') : '';
  }

  start(): void {
    this.earlier = this.all();
  }

  since(): string {
    return this.all().slice(this.earlier.length);
  }
}
