// Writes the PATH shims and puts them first on PATH of every terminal this window starts, with the broker's address.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { launcherPath } from '../node/state';
import * as vscode from 'vscode';
import { agentPrograms, shimFiles } from '../core/shims/script';
import type { Endpoints } from '../node/broker/server';
import { endpointVariables } from '../protocol/broker';

/** Write the shims for this version of the extension (only files whose text changed) and return their folder. */
export async function writeShims(context: vscode.ExtensionContext): Promise<string> {
  const version = (context.extension.packageJSON as { version: string }).version;
  const directory = path.join(context.globalStorageUri.fsPath, 'shims', version);
  await mkdir(directory, { recursive: true });
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  // Only the person's own settings decide it: a workspace (which an agent can write) cannot take agents out of the sandbox.
  const agents = vscode.workspace.getConfiguration('fourEyes').inspect<boolean>('sandbox.agents')?.globalValue ?? true;
  // Tool shims ask through the launcher, which runs the CLI only as it was built (Windows has no such check yet).
  const launcher = process.platform === 'win32' ? {} : { launcher: launcherPath() };
  const files = shimFiles({ directory, node: process.execPath, cli, ...launcher }, { agents });
  // Agent shims turned off since the last start must go, or the agents would still start in the sandbox.
  if (!agents) await Promise.all(agentPrograms.map((program) => rm(path.join(directory, program), { force: true })));
  await Promise.all(
    Object.entries(files).map(async ([name, text]) => {
      const file = path.join(directory, name);
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current !== text) await writeFile(file, text);
      if (process.platform !== 'win32' && !name.includes('.')) await chmod(file, 0o755);
    }),
  );
  return directory;
}

/** Terminals started from now on get the shims first on PATH and the broker's address; shell rc files cannot push them down. */
export function applyToTerminals(collection: vscode.GlobalEnvironmentVariableCollection, shims: string | undefined, endpoints: Endpoints, cli: string): void {
  collection.clear();
  collection.description = new vscode.MarkdownString(
    vscode.l10n.t('Four Eyes: risky `terraform`, `kubectl`, `aws` and other infrastructure commands wait for your approval (PATH shims), and tools can reach its broker.'),
  );
  const options = { applyAtProcessCreation: true, applyAtShellIntegration: true };
  if (shims) collection.prepend('PATH', `${shims}${path.delimiter}`, options);
  collection.replace(endpointVariables.socket, endpoints.socket, options);
  collection.replace(endpointVariables.http, endpoints.http, options);
  collection.replace(endpointVariables.token, endpoints.token, options);
  collection.replace(endpointVariables.node, process.execPath, options);
  collection.replace(endpointVariables.cli, cli, options);
  if (shims) collection.replace(endpointVariables.shims, shims, options);
}
