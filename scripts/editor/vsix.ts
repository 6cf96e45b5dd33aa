// The .vsix a person would install: production bundles, packaged by vsce.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { createVSIX } from '@vscode/vsce';

export const root = path.resolve(__dirname, '..', '..');
export const extensionPackage = path.join(root, 'out', 'four-eyes.vsix');

export async function packageExtension(): Promise<string> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the production build failed');
  mkdirSync(path.dirname(extensionPackage), { recursive: true });
  await createVSIX({ cwd: root, packagePath: extensionPackage, dependencies: false });
  return extensionPackage;
}
