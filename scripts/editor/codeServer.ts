// Start and stop a private code-server on 127.0.0.1: its own profile, its own process group, nothing left behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Editor } from './tools';

/** A throwaway VS Code profile: user data, extensions, config and temp folders. */
export interface Profile {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly log: string;
  /** HOME for code-server and everything it starts: agents' settings files land here, never in the real home. */
  readonly home: string;
  remove(): void;
}

/** Settings that make every run the same: no welcome page, no AI, no updates, terminal text in the DOM. */
const settings = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'terminal.integrated.enablePersistentSessions': false,
  'terminal.integrated.gpuAcceleration': 'off',
  'terminal.integrated.defaultProfile.linux': 'bash',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function createProfile(name: string, extraSettings: Record<string, unknown> = {}): Profile {
  const root = mkdtempSync(path.join(tmpdir(), `four-eyes-${name}-`));
  const profile = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    log: path.join(root, 'code-server.log'),
    home: path.join(root, 'home'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const folder of [path.join(profile.userData, 'User'), profile.extensions, profile.home, path.join(root, 'config'), path.join(root, 'data'), path.join(root, 'tmp')]) mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(profile.userData, 'User', 'settings.json'), JSON.stringify({ ...settings, ...extraSettings }, null, 2));
  return profile;
}

/** Environment for code-server and everything it starts: config, data and temp files stay in the profile. */
function environment(profile: Profile, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, HOME: profile.home, XDG_CONFIG_HOME: path.join(profile.root, 'config'), XDG_DATA_HOME: path.join(profile.root, 'data'), TMPDIR: path.join(profile.root, 'tmp'), ...extra };
}

function baseArguments(editor: Editor, profile: Profile): string[] {
  return [editor.codeServer, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, '--config', path.join(profile.root, 'config.yaml')];
}

/** Install a .vsix into the profile while no server runs. */
export function installExtension(editor: Editor, profile: Profile, vsix: string): void {
  const result = spawnSync(editor.node, [...baseArguments(editor, profile), '--install-extension', vsix, '--force'], { env: environment(profile, {}), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed: ${result.stderr || result.stdout}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  /** Stop the whole process group (server, extension host, pty host, shells). */
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, profile: Profile, deadline: number): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${readFileSync(profile.log, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} in time:\n${readFileSync(profile.log, 'utf8').slice(-2000)}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet: the next poll decides.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startCodeServer(editor: Editor, profile: Profile, options: { vscodeOptions?: readonly string[]; env?: NodeJS.ProcessEnv; port?: number } = {}): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const flags = ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--reconnection-grace-time', '5'];
  const passed = (options.vscodeOptions ?? []).flatMap((option) => ['--vscode-option', option]);
  const log = openSync(profile.log, 'a');
  // Its own process group (detached = setsid), so stopping it takes the pty host and every shell with it.
  const child = spawn(editor.node, [...baseArguments(editor, profile), ...flags, ...passed], { detached: true, stdio: ['ignore', log, log], env: environment(profile, options.env ?? {}) });
  const stop = async (): Promise<void> => {
    if (child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exited;
    // The leader can exit before its group: make sure nothing of the group survives.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
    clearTimeout(timer);
  };
  try {
    await waitForHealth(url, child, profile, Date.now() + 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stop };
}
