// A real PostgreSQL server (Debian's package) on a loopback port, with a throwaway data folder, for the MCP agents test.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import * as path from 'node:path';

export interface Postgres {
  readonly port: number;
  /** A connection URL for `database` as the `app` superuser, no password (trust on loopback). */
  url(database: string): string;
  /** Run SQL in `database` with psql: the rows, one per line, columns split by `|`. */
  psql(database: string, sql: string): string;
  stop(): void;
}

/** The newest server's programs (`/usr/lib/postgresql/15/bin`); setup installs the package in CI. */
function serverPrograms(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error('no PostgreSQL server in /usr/lib/postgresql: `npm test` installs it on Debian as root (apt-get install postgresql)');
  return path.join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** initdb, then the server on 127.0.0.1:<free port>; the server refuses to run as root, so root runs it as `postgres`. */
export async function startPostgres(folder: string): Promise<Postgres> {
  const bin = serverPrograms();
  const data = path.join(folder, 'data');
  mkdirSync(folder, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(folder, uid, gid);
  }
  const run = (program: string, args: string[]): string => {
    const [command, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', path.join(bin, program), ...args] : [path.join(bin, program), ...args];
    const result = spawnSync(command, rest, { encoding: 'utf8', cwd: folder, timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`);
    return result.stdout;
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'app', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', path.join(folder, 'server.log'), '-w', '-o', `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const psql = (database: string, sql: string): string =>
    execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'app', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();
  return {
    port,
    url: (database) => `postgres://app@127.0.0.1:${port}/${database}?sslmode=disable`,
    psql,
    stop() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
