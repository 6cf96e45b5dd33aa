// `npm run icon`: render scripts/icon.svg to the 128×128 PNG the marketplace shows (it accepts no SVG icon).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from './editor/tools';
import { root } from './editor/vsix';

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<body style="margin:0;background:transparent">${readFileSync(path.join(root, 'scripts', 'icon.svg'), 'utf8')}</body>`);
  await page.locator('svg').screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
  await browser.close();
}

void main();
