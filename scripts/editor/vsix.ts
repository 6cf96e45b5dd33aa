// The .vsix a person would install: production bundles, packaged by vsce.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { createVSIX, type IPackageOptions } from '@vscode/vsce';

export const root = path.resolve(__dirname, '..', '..');
export const extensionPackage = path.join(root, 'out', 'four-eyes.vsix');

/** vsce prints the package's whole file tree: keep it for when packaging fails, print one line when it works. */
export async function packageQuietly(options: IPackageOptions & { packagePath: string }): Promise<string> {
  const saved = { log: console.log, info: console.info, warn: console.warn };
  const lines: string[] = [];
  console.log = console.info = console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  try {
    await createVSIX(options);
  } catch (error) {
    process.stderr.write(`${lines.join('\n')}\n`);
    throw error;
  } finally {
    Object.assign(console, saved);
  }
  const kilobytes = statSync(options.packagePath).size / 1024;
  const size = kilobytes < 1024 ? `${kilobytes.toFixed(0)} KB` : `${(kilobytes / 1024).toFixed(2)} MB`;
  process.stderr.write(`[four-eyes] packaged ${path.relative(root, options.packagePath)} (${size})\n`);
  return options.packagePath;
}

export async function packageExtension(): Promise<string> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the production build failed');
  mkdirSync(path.dirname(extensionPackage), { recursive: true });
  return packageQuietly({ cwd: root, packagePath: extensionPackage, dependencies: false });
}
