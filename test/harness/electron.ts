// `npm run test:electron`: the same integration suites through @vscode/test-electron, which downloads VS Code (needs internet).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  for (const args of [['scripts/build.mjs'], ['scripts/build.mjs', '--integration-tests']]) {
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed`);
  }
  await runTests({
    version: process.env.FOUR_EYES_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [path.join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { FOUR_EYES_TEST: 'integration' },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`[four-eyes test] ${(error as Error).message}\n`);
  process.exit(1);
});
