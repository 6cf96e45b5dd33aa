import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const cli = path.resolve('dist/cli.js');

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `four-eyes sandbox -- sh -c SCRIPT`, asynchronously: the test's own HTTP server must keep answering meanwhile. */
function sandboxed(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<Result> {
  return new Promise((resolve) => {
    execFile(cli, ['sandbox', '--cwd', cwd, '--', 'sh', '-c', script], { env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

describe('four-eyes sandbox (a real bubblewrap sandbox)', function () {
  this.timeout(60_000);
  let root: string;
  let home: string;
  let workspace: string;
  let env: NodeJS.ProcessEnv;
  let server: Server;
  let port: number;

  before(async function () {
    assert.ok(existsSync(cli), 'build first: npm run build');
    if (process.platform === 'linux') {
      for (const program of ['bwrap', 'socat', 'rg']) {
        const found = spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
        assert.ok(found, `${program} is not installed, so the agent sandbox cannot run: npm test's setup installs it on Debian as root (apt-get install bubblewrap socat ripgrep)`);
      }
    }
    root = mkdtempSync(path.join(tmpdir(), 'four-eyes-sandbox-'));
    home = path.join(root, 'home');
    workspace = path.join(root, 'workspace');
    mkdirSync(path.join(home, '.aws'), { recursive: true });
    writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = not-for-agents\n');
    mkdirSync(path.join(home, '.four-eyes'), { recursive: true });
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(workspace, '.vscode', 'four-eyes.json'), '{ "version": 1 }\n');
    // The throwaway home holds ~/.four-eyes: no state folder or shims of the machine's own.
    env = { ...process.env, FOUR_EYES_STATE_DIR: undefined, FOUR_EYES_SHIMS: undefined, HOME: home, AWS_SECRET_ACCESS_KEY: 'not-for-agents', AWS_PROFILE: 'dev' };
    server = createServer((_request, response) => response.end('hello from outside'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  it('says whether a sandbox can run here, and runs one', async () => {
    const result = await sandboxed('echo inside', env, workspace);
    assert.equal(result.status, 0, `no sandbox here: ${result.stderr}`);
    assert.equal(result.stdout, 'inside\n');
  });

  it('cannot read ~/.aws/credentials', async () => {
    const result = await sandboxed('cat "$HOME/.aws/credentials"', env, workspace);
    assert.notEqual(result.status, 0);
    assert.doesNotMatch(result.stdout, /not-for-agents/);
  });

  it('cannot write the policy file or ~/.four-eyes, and can write the workspace', async () => {
    const result = await sandboxed('echo "{}" > .vscode/four-eyes.json; echo x > "$HOME/.four-eyes/x"; echo made > made.txt', env, workspace);
    assert.match(result.stderr, /four-eyes\.json: (Read-only file system|Permission denied|Operation not permitted)/);
    assert.match(result.stderr, /\.four-eyes\/x: (Read-only file system|Permission denied|Operation not permitted)/);
    assert.equal(readFileSync(path.join(workspace, '.vscode', 'four-eyes.json'), 'utf8'), '{ "version": 1 }\n');
    assert.ok(!existsSync(path.join(home, '.four-eyes', 'x')));
    assert.equal(readFileSync(path.join(workspace, 'made.txt'), 'utf8'), 'made\n');
  });

  it('gets no secret variables, and is told it is in the sandbox', async () => {
    const result = await sandboxed('env', env, workspace);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /AWS_SECRET_ACCESS_KEY/);
    assert.match(result.stdout, /^AWS_PROFILE=dev$/m);
    assert.match(result.stdout, /^FOUR_EYES_SANDBOX=1$/m);
  });

  it('puts the shims first on PATH', async () => {
    const shims = path.join(root, 'shims');
    mkdirSync(shims);
    const result = await sandboxed('echo "$PATH"', { ...env, FOUR_EYES_SHIMS: shims, PATH: `/usr/bin:${shims}:${env.PATH ?? ''}` }, workspace);
    assert.equal(result.stdout.split(':')[0], shims);
  });

  it('passes the exit code through', async () => {
    assert.equal((await sandboxed('exit 3', env, workspace)).status, 3);
  });

  it('reaches a loopback server outside: the network is not restricted', async () => {
    const fetch = `node -e 'require("http").get("http://127.0.0.1:${port}/", (r) => r.pipe(process.stdout)).on("error", (e) => { console.error(e.message); process.exit(7); })'`;
    const result = await sandboxed(fetch, env, workspace);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'hello from outside');
  });

  it('refuses with exit 126 when no sandbox can run, unless --allow-unsandboxed', () => {
    // A PATH with node and nothing else: the runtime finds no bwrap, as on a machine without it.
    const bin = path.join(root, 'bin-without-bwrap');
    mkdirSync(bin);
    for (const program of ['node', 'env', 'sh']) symlinkSync(program === 'node' ? process.execPath : spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).stdout.trim(), path.join(bin, program));
    const noTools = { ...env, PATH: bin };
    const refused = spawnSync(cli, ['sandbox', '--cwd', workspace, '--', 'true'], { env: noTools, encoding: 'utf8' });
    assert.equal(refused.status, 126);
    assert.match(refused.stderr, /no sandbox can run here .*bwrap|bubblewrap/i);
    const allowed = spawnSync(cli, ['sandbox', '--allow-unsandboxed', '--cwd', workspace, '--', process.execPath, '-e', 'process.exit(4)'], { env: noTools, encoding: 'utf8' });
    assert.equal(allowed.status, 4);
    assert.match(allowed.stderr, /warning: no sandbox can run here/);
  });
});
