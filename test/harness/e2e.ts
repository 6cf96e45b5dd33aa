// `npm run test:e2e [files…]`: Playwright drives the real workbench, with the packaged .vsix installed in code-server.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { Browser } from 'playwright-core';
import { setWorkbenchHost } from '../e2e/support/workbench';
import { launchBrowser } from './browser';
import { createProfile, installExtension, startCodeServer, type CodeServer } from '../../scripts/editor/codeServer';
import { Deadline } from './deadline';
import { ensureTools } from '../../scripts/editor/tools';
import { packageExtension, root } from '../../scripts/editor/vsix';

const results = path.join(root, 'test-results');

function testFiles(requested: readonly string[]): string[] {
  if (requested.length) return requested.map((file) => path.resolve(file));
  const directory = path.join(root, 'test', 'e2e');
  return readdirSync(directory).filter((file) => file.endsWith('.test.ts')).sort().map((file) => path.join(directory, file));
}

async function main(requested: readonly string[]): Promise<number> {
  const started = Date.now();
  const files = testFiles(requested);
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`no such test file: ${missing.join(', ')}`);
  const deadline = new Deadline(Number(process.env.FOUR_EYES_TEST_TIMEOUT ?? 900), 'the e2e run');
  const vsix = await packageExtension();
  const tools = ensureTools();
  const marker = path.join(results, 'e2e-terraform-calls.txt');
  rmSync(marker, { force: true });
  // Terminals find the stand-in terraform (after the Four Eyes shims), which records its calls in the marker file.
  const profile = createProfile('e2e', { 'terminal.integrated.env.linux': { PATH: `${path.join(root, 'test', 'fixtures', 'bin')}:\${env:PATH}`, FOUR_EYES_TEST_MARKER: marker } });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    installExtension(tools, profile, vsix);
    server = await deadline.race(startCodeServer(tools, profile));
    browser = await deadline.race(launchBrowser(tools, profile));
    setWorkbenchHost({ browser, url: server.url, workspace: path.join(root, 'test', 'fixtures', 'workspace'), results, marker, home: profile.home, tools, vsix });
    const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec' });
    for (const file of files) mocha.addFile(file);
    const failures = await deadline.race(new Promise<number>((resolve) => mocha.run(resolve)));
    process.stderr.write(`[four-eyes test] e2e ${failures ? `failed (${failures})` : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${results}\n`);
    return failures ? 1 : 0;
  } finally {
    deadline.clear();
    await browser?.close().catch(() => undefined);
    await server?.stop();
    profile.remove();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[four-eyes test] ${(error as Error).message}\n`);
    process.exit(1);
  },
);
