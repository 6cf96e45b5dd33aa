// The real agent CLIs from the npm registry, pinned and installed once into a cache outside the repo.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** Pinned versions (see docs/agents/claude-code-and-gemini.md for what was measured with them). */
export const agentVersions = {
  '@anthropic-ai/claude-code': '2.1.332',
  '@google/gemini-cli': '0.61.0',
  '@openai/codex': '0.171.0',
  '@github/copilot': '1.0.102',
  cline: '3.0.65',
  // Not an agent: the MCP server the MCP agents test gives them, a real one that runs SQL on a real PostgreSQL.
  '@bytebase/dbhub': '1.4.0',
} as const;

export type AgentPackage = keyof typeof agentVersions;

export const cacheRoot = process.env.FOUR_EYES_TEST_CACHE ?? path.join(homedir(), '.cache', 'four-eyes-test');

/** Where each package's executable lives inside its install folder, and whether it must be run with `node`. */
const executables: Record<AgentPackage, { readonly bin: string; readonly node: boolean; readonly noVersionFlag?: boolean }> = {
  // A native binary: the postinstall script (install.cjs) copies it from the platform package
  // (@anthropic-ai/claude-code-linux-x64 and friends) over bin/claude.exe. Without the script it is a stub.
  '@anthropic-ai/claude-code': { bin: path.join('node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe'), node: false },
  // One bundled JavaScript file, runs on Node 20.
  '@google/gemini-cli': { bin: path.join('node_modules', '@google', 'gemini-cli', 'bundle', 'gemini.js'), node: true },
  // Node wrappers that start native binaries from platform packages (docs/agents/other-agents.md).
  '@openai/codex': { bin: path.join('node_modules', '@openai', 'codex', 'bin', 'codex.js'), node: true },
  '@github/copilot': { bin: path.join('node_modules', '@github', 'copilot', 'npm-loader.js'), node: true },
  cline: { bin: path.join('node_modules', 'cline', 'bin', 'cline'), node: false },
  // It starts a server for any flag but `--help`: its package.json says the version.
  '@bytebase/dbhub': { bin: path.join('node_modules', '@bytebase', 'dbhub', 'dist', 'index.js'), node: true, noVersionFlag: true },
};

export interface InstalledAgent {
  readonly name: AgentPackage;
  readonly version: string;
  /** The folder the package was installed into (npm --prefix). */
  readonly directory: string;
  /** The program to run: a native executable or a script. */
  readonly executable: string;
  /** The command and leading arguments to spawn it with (`node script` for JavaScript CLIs). */
  readonly command: readonly [string, ...string[]];
}

function log(message: string): void {
  process.stderr.write(`[four-eyes agents] ${message}\n`);
}

/** The environment minus what an outer `npm test` passes to its children (it would reach the inner npm's config). */
function withoutNpmSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

/** Install one package (pinned) unless the cache already holds a finished install; returns its executable. */
export function installAgent(name: AgentPackage): InstalledAgent {
  const version = agentVersions[name];
  const directory = path.join(cacheRoot, 'agents', `${name}@${version}`);
  const { bin, node } = executables[name];
  const executable = path.join(directory, bin);
  if (!existsSync(path.join(directory, '.complete'))) {
    mkdirSync(path.dirname(directory), { recursive: true });
    const scratch = `${directory}.partial-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const started = Date.now();
    log(`installing ${name}@${version} into ${directory}`);
    const result = spawnSync('npm', ['install', '--prefix', scratch, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `${name}@${version}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...withoutNpmSettings(process.env),
        // npm 11 skips install scripts unless allowed; Claude Code's postinstall puts the native binary in place.
        npm_config_dangerously_allow_all_scripts: 'true',
      },
    });
    if (result.status !== 0) {
      rmSync(scratch, { recursive: true, force: true });
      throw new Error(`npm install ${name}@${version} failed (${result.error?.message ?? `exit ${result.status}`})`);
    }
    // Copilot unpacks 235 MB on its first start, even for --version: into the test cache, never the real home.
    const env = { ...process.env, COPILOT_PKG_CACHE_HOME: path.join(cacheRoot, 'copilot') };
    const check = executables[name].noVersionFlag
      ? { status: 0, stdout: (JSON.parse(readFileSync(path.join(scratch, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version, stderr: '', error: undefined }
      : spawnSync(node ? process.execPath : path.join(scratch, bin), [...(node ? [path.join(scratch, bin)] : []), '--version'], { encoding: 'utf8', timeout: 60_000, env });
    if (check.status !== 0 || !check.stdout.includes(version)) {
      rmSync(scratch, { recursive: true, force: true });
      throw new Error(`${name}@${version} installed but \`--version\` said: ${check.stdout}${check.stderr}${check.error?.message ?? ''}`);
    }
    writeFileSync(path.join(scratch, '.complete'), `${new Date().toISOString()} ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    rmSync(directory, { recursive: true, force: true });
    renameSync(scratch, directory);
    log(`installed ${name}@${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { name, version, directory, executable, command: node ? [process.execPath, executable] : [executable] };
}

/** Both agents. */
export function installAgents(): { claude: InstalledAgent; gemini: InstalledAgent } {
  return { claude: installAgent('@anthropic-ai/claude-code'), gemini: installAgent('@google/gemini-cli') };
}

if (require.main === module) {
  const agents = installAgents();
  for (const agent of Object.values(agents)) process.stdout.write(`${agent.name}@${agent.version} ${agent.command.join(' ')}\n`);
}
