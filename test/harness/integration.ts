// `npm run test:integration`: the integration suites inside a real VS Code (code-server) opened by headless Chromium.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { createProfile, freePort, startCodeServer, type CodeServer } from '../../scripts/editor/codeServer';
import { Deadline } from './deadline';
import { reportPrefix } from '../integration/index';
import { ensureTools } from '../../scripts/editor/tools';

const root = path.resolve(__dirname, '..', '..');
const workspace = path.join(root, 'test', 'fixtures', 'workspace');

function bundleSuites(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--integration-tests'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('bundling the integration suites failed');
  const extension = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (extension.status !== 0) throw new Error('building the extension failed');
}

const consoleLog = path.join(root, 'test-results', 'integration-console.log');

/** The smoke-test driver forwards the workbench's console: mocha's lines go to stdout, the rest to a log file. */
function printLog(type: string, args: unknown): void {
  const text = format(...(Array.isArray(args) ? (args as unknown[]) : [args]));
  for (const line of text.split('\n')) {
    if (line.startsWith(reportPrefix)) process.stdout.write(`${line.slice(reportPrefix.length)}\n`);
    else appendFileSync(consoleLog, `${type}: ${line}\n`);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const deadline = new Deadline(Number(process.env.FOUR_EYES_TEST_TIMEOUT ?? 600), 'the integration run');
  bundleSuites();
  mkdirSync(path.dirname(consoleLog), { recursive: true });
  rmSync(consoleLog, { force: true });
  const tools = ensureTools();
  // Its own HTTP hook port: a Four Eyes in the developer's own editor may hold the default one.
  const profile = createProfile('integration', { 'fourEyes.hookPort': await freePort() });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await deadline.race(startCodeServer(tools, profile, { vscodeOptions: ['enable-smoke-test-driver'] }));
    browser = await deadline.race(launchBrowser(tools, profile));
    const page = await browser.newPage();
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.exposeFunction('codeAutomationLog', printLog);
    const remote = (file: string): string => `vscode-remote://127.0.0.1:${server!.port}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(path.join(root, 'out', 'test', 'integration', 'index.js'))],
      ['extensionEnvironment', JSON.stringify({ FOUR_EYES_TEST: 'integration' })],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await deadline.race(exited);
    process.stderr.write(`[four-eyes test] integration suites ${code === 0 ? 'passed' : `failed (exit ${code}); the workbench console is in ${consoleLog}`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return code;
  } finally {
    deadline.clear();
    await browser?.close().catch(() => undefined);
    await server?.stop();
    profile.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[four-eyes test] ${(error as Error).message}\n`);
    process.exit(1);
  },
);
