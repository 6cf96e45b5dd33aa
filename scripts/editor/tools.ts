// The real VS Code the sandbox and the tests run (code-server 4.139.1 = VS Code 1.139, on Node 24) and the tests' Chromium, cached outside the repo.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

export const versions = { node: '24.21.0', codeServer: '4.139.1' } as const;

export interface Editor {
  /** The Node 24 code-server needs. */
  readonly node: string;
  /** code-server's entry script, run with `node`. */
  readonly codeServer: string;
}

export interface Tools extends Editor {
  /** Chromium or Chrome for playwright-core. */
  readonly chromium: string;
}

export const cacheRoot = process.env.FOUR_EYES_TEST_CACHE ?? path.join(homedir(), '.cache', 'four-eyes-test');

function log(message: string): void {
  process.stderr.write(`[four-eyes] ${message}\n`);
}

function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

function debianAsRoot(): boolean {
  return existsSync('/etc/debian_version') && process.getuid?.() === 0;
}

/** apt-get install, refreshing the package lists once if they are missing or stale. */
function aptInstall(packages: readonly string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const first = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  if (first.status === 0) return;
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env });
}

function missingTool(what: string, install: string): never {
  throw new Error(`${what} is missing: ${install}`);
}

/** Chromium from CHROME_PATH, the usual places, or (Debian, as root) apt-get. */
export function findChromium(): string {
  const configured = process.env.CHROME_PATH;
  if (configured) return existsSync(configured) ? configured : missingTool(`CHROME_PATH (${configured})`, 'point it at a Chromium or Chrome executable');
  const found = chromiumCandidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  if (!debianAsRoot()) missingTool('Chromium', 'install chromium (Debian/Ubuntu: apt-get install chromium) or set CHROME_PATH');
  log('installing chromium with apt-get');
  aptInstall(['chromium']);
  return chromiumCandidates.find((candidate) => existsSync(candidate)) ?? missingTool('Chromium', 'apt-get install chromium did not provide /usr/bin/chromium');
}

/** Install into a scratch folder and rename it into place, so an interrupted install never looks finished. */
function cached(name: string, install: (into: string) => void): string {
  const target = path.join(cacheRoot, name);
  if (existsSync(path.join(target, '.complete'))) return target;
  mkdirSync(cacheRoot, { recursive: true });
  const scratch = `${target}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  install(scratch);
  writeFileSync(path.join(scratch, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(scratch, target);
  return target;
}

/**
 * The environment minus what an outer `npm test` passes to its children (npm_config_user_agent names Node 20,
 * and code-server's install script reads the Node version from it).
 */
function withoutNpmSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

function nodePackage(): string {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

function nodeBinary(directory: string): string {
  const root = path.join(directory, 'node_modules', nodePackage());
  return process.platform === 'win32' ? path.join(root, 'bin', 'node.exe') : path.join(root, 'bin', 'node');
}

/** Node 24 and code-server from the npm registry, installed once (about 4 minutes cold on 2 cores). */
export function ensureEditor(): Editor {
  const nodeDirectory = cached(`node-${versions.node}`, (into) => {
    log(`installing Node ${versions.node} from the npm registry`);
    run('npm', ['install', '--prefix', into, '--no-audit', '--no-fund', `${nodePackage()}@${versions.node}`]);
  });
  const node = nodeBinary(nodeDirectory);
  const codeServerDirectory = cached(`code-server-${versions.codeServer}`, (into) => {
    // code-server compiles kerberos against the system's gssapi headers.
    if (process.platform === 'linux' && !existsSync('/usr/include/gssapi/gssapi.h')) {
      if (!debianAsRoot()) missingTool('libkrb5-dev (gssapi headers)', 'install libkrb5-dev (Debian/Ubuntu: apt-get install libkrb5-dev)');
      log('installing libkrb5-dev with apt-get');
      aptInstall(['libkrb5-dev']);
    }
    log(`installing code-server ${versions.codeServer} from the npm registry (a few minutes, once)`);
    const nodeRoot = path.dirname(path.dirname(node));
    run('npm', ['install', '--prefix', into, '--no-audit', '--no-fund', `code-server@${versions.codeServer}`], {
      env: {
        ...withoutNpmSettings(process.env),
        // Its install scripts run npm again and check Node's major version, and build native modules against Node 24.
        PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
        npm_config_nodedir: nodeRoot,
        npm_config_dangerously_allow_all_scripts: 'true',
      },
    });
  });
  return { node, codeServer: path.join(codeServerDirectory, 'node_modules', 'code-server', 'out', 'node', 'entry.js') };
}

/** The editor and a browser to drive it. */
export function ensureTools(): Tools {
  const chromium = findChromium();
  return { chromium, ...ensureEditor() };
}
