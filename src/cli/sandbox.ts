// `four-eyes sandbox [--cwd DIR] [--allow-unsandboxed] -- COMMAND [ARGS…]`: runs a command (an agent CLI) where it cannot
// read credentials or write Four Eyes' files, with the shims first on PATH as in an editor terminal.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { scrubEnvironment } from '../core/sandbox/environment';
import { sandboxFilesystem, stateFoldersFor, type SandboxFilesystem } from '../core/sandbox/filesystem';
import { findLog } from '../node/audit/locate';
import { loadPolicyAt, organizationPolicyFile, readPolicySettings } from '../node/policy';
import { brokerOrWhy } from '../node/broker/registry';
import { notRun, openDoor, type Door } from '../node/sandbox/door';
import { leadingOptions } from './options';
import { doorVariableNames } from '../node/sandbox/wire';
import { sandboxStatus, runSandboxed } from '../node/sandbox/runtime';
import { stateDirectory } from '../node/state';
import { endpointVariables } from '../protocol/broker';

/** Set inside, so shims, hooks and the broker can tell a sandboxed process (a label: the kernel's answer is what counts). */
export const sandboxVariable = 'FOUR_EYES_SANDBOX';

interface SandboxArguments {
  cwd: string;
  allowUnsandboxed: boolean;
  argv: string[];
}

function parse(args: readonly string[]): SandboxArguments | string {
  const options = leadingOptions(args, ['--allow-unsandboxed']);
  if (options.unknown) return `unknown option ${options.unknown}`;
  return options.rest.length === 0 ? 'no command given' : { cwd: options.cwd, allowUnsandboxed: options.switches.has('--allow-unsandboxed'), argv: options.rest };
}

function list(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** Temporary folders, writable inside. */
function temporaryFolders(): string[] {
  return [...new Set([tmpdir(), '/tmp'])];
}

/** The rules for a command started in `cwd`, from this machine's places and the policy there. */
export function filesystemAt(cwd: string, env: Readonly<Record<string, string | undefined>>): SandboxFilesystem {
  const home = homedir();
  const settings = readPolicySettings();
  const loaded = loadPolicyAt({ cwd, env, settings, positions: false });
  const organization = organizationPolicyFile(settings, env);
  const log = findLog(cwd);
  return sandboxFilesystem({
    home,
    workspace: cwd,
    temporary: temporaryFolders(),
    stateDirectory: stateDirectory(),
    shims: env[endpointVariables.shims] || undefined,
    logFolder: log ? path.dirname(log) : undefined,
    policyFiles: organization ? [path.resolve(organization)] : [],
    credentials: loaded.policy.credentials,
    autorunPaths: loaded.policy.autorunPaths,
    sshFiles: list(path.join(home, '.ssh')),
    list,
  });
}

/** The environment inside: credentials out, the shims first on PATH, the sandbox and its door named; the broker only through the door. */
function environmentInside(filesystem: SandboxFilesystem, door: Door | undefined): { environment: Record<string, string>; removed: readonly string[] } {
  const { environment, removed } = scrubEnvironment(process.env, filesystem.denyRead);
  const shims = environment[endpointVariables.shims];
  const entries = (environment.PATH ?? '').split(path.delimiter).filter((entry) => entry && entry !== shims);
  if (shims) environment.PATH = [shims, ...entries].join(path.delimiter);
  environment[sandboxVariable] = '1';
  for (const name of [endpointVariables.socket, endpointVariables.http, endpointVariables.token]) delete environment[name];
  if (door) {
    environment[doorVariableNames.address] = door.address;
    environment[doorVariableNames.token] = door.token;
  }
  return { environment, removed };
}

/** The window's broker for a folder: the one this terminal names, else the registry's. */

function runUnsandboxed(argv: readonly string[], cwd: string, environment: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, env: environment, stdio: 'inherit' });
    child.once('error', (error) => {
      process.stderr.write(`four-eyes sandbox: ${argv[0]}: ${error.message}\n`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 0)));
  });
}

export async function sandbox(args: readonly string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`four-eyes sandbox: ${parsed}\nusage: four-eyes sandbox [--cwd DIR] [--allow-unsandboxed] -- COMMAND [ARGS…]\n`);
    return 2;
  }
  const filesystem = filesystemAt(parsed.cwd, process.env);
  const status = sandboxStatus({ dependencies: false });
  if (!status.available) {
    const { environment } = environmentInside(filesystem, undefined);
    if (!parsed.allowUnsandboxed) {
      process.stderr.write(`Four Eyes: no sandbox can run here (${status.reason}), so \`${parsed.argv[0]}\` was not started. Pass --allow-unsandboxed to run it anyway, with the person's credentials in reach.\n`);
      return notRun;
    }
    process.stderr.write(`Four Eyes: warning: no sandbox can run here (${status.reason}); running \`${parsed.argv[0]}\` unsandboxed, credentials in reach.\n`);
    return runUnsandboxed(parsed.argv, parsed.cwd, environment);
  }
  for (const folder of stateFoldersFor(parsed.argv)) mkdirSync(path.join(homedir(), folder), { recursive: true, mode: 0o700 });
  // Temp is writable inside too, but no one's PATH names a folder there; the workspace and agents' folders are the risk.
  const temporary = temporaryFolders();
  const agentWritable = filesystem.allowWrite.filter((folder) => !temporary.includes(folder));
  const door = await openDoor({ outside: { ...process.env }, broker: (cwd) => brokerOrWhy(cwd), agentWritable });
  try {
    const { environment } = environmentInside(filesystem, door);
    return await runSandboxed({ argv: parsed.argv, cwd: parsed.cwd, environment, filesystem });
  } catch (error) {
    // The runtime refused to start (a program it needs is missing): nothing ran.
    process.stderr.write(`Four Eyes: no sandbox can run here (${(error as Error).message.split('\n')[0]}), so \`${parsed.argv[0]}\` was not started.\n`);
    return notRun;
  } finally {
    await door.close();
  }
}
