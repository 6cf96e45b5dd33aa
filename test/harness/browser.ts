// Headless Chromium for playwright-core, with everything it writes kept in the test profile.
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Profile } from '../../scripts/editor/codeServer';
import type { Tools } from '../../scripts/editor/tools';

export function launchBrowser(tools: Tools, profile: Profile): Promise<Browser> {
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    // No sandbox as root; no background networking on a machine without internet.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile.root, 'chromium-config'), XDG_CACHE_HOME: path.join(profile.root, 'chromium-cache') },
  });
}
