// The programs the agent sandbox needs (bubblewrap, and socat and ripgrep for @anthropic-ai/sandbox-runtime), and the
// PostgreSQL server the MCP agents test runs, installed with apt-get on Debian as root.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Each program the sandbox runs on Linux, and the Debian package that has it. */
export const sandboxPrograms = [
  { program: 'bwrap', debianPackage: 'bubblewrap' },
  { program: 'socat', debianPackage: 'socat' },
  { program: 'rg', debianPackage: 'ripgrep' },
];

function onPath(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/** apt-get install, refreshing the package lists once when the first try fails (missing or stale lists). */
export function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env }).status === 0;
  if (install()) return true;
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  return install();
}

/** Installs what is missing where it can (Debian, root); elsewhere says what to install. Returns the programs still missing. */
export function ensureSandboxPrograms(log = (line) => process.stderr.write(`[four-eyes] ${line}\n`)) {
  if (process.platform !== 'linux') return [];
  const missing = sandboxPrograms.filter((entry) => !onPath(entry.program));
  if (missing.length === 0) return [];
  const packages = missing.map((entry) => entry.debianPackage);
  if (existsSync('/etc/debian_version') && process.getuid?.() === 0) {
    log(`installing the agent sandbox's programs with apt-get: ${packages.join(' ')}`);
    aptInstall(packages);
  } else log(`the agent sandbox needs ${packages.join(', ')}: install them (Debian/Ubuntu: apt-get install ${packages.join(' ')})`);
  return sandboxPrograms.filter((entry) => !onPath(entry.program)).map((entry) => entry.program);
}

/** Debian's PostgreSQL server programs (`initdb`, `pg_ctl`), newest version first; undefined when none is installed. */
export function postgresBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(`${root}/${name}/bin/initdb`)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? undefined : `${root}/${newest}/bin`;
}

/** The PostgreSQL server the MCP agents test starts on a loopback port: installed on Debian as root, else said. */
export function ensurePostgres(log = (line) => process.stderr.write(`[four-eyes] ${line}\n`)) {
  if (process.platform !== 'linux' || postgresBin() !== undefined) return postgresBin();
  if (existsSync('/etc/debian_version') && process.getuid?.() === 0) {
    log('installing PostgreSQL with apt-get for the MCP agents test: postgresql');
    aptInstall(['postgresql']);
  } else log('the MCP agents test needs a PostgreSQL server: install it (Debian/Ubuntu: apt-get install postgresql)');
  return postgresBin();
}
