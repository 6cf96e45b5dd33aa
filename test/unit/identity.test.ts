// The broker believes the process, not its words: peers named by the kernel, attribution from their own environment
// and ancestry, claims kept as claims. Real processes connect over the real socket and loopback HTTP.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { identify, sameAgentTree } from '../../src/node/broker/identity';
import { ancestry, peersKnowable, type Peer } from '../../src/node/broker/peer';
import { BrokerServer, type Endpoints } from '../../src/node/broker/server';
import type { CheckParams } from '../../src/protocol/broker';

/** A process that sends one `check` with whatever it chooses to claim, over the socket or HTTP, and waits. */
function client(endpoints: Endpoints, params: Partial<CheckParams>, env: NodeJS.ProcessEnv, door: 'socket' | 'http' = 'socket'): ChildProcess {
  const body = JSON.stringify({ channel: 'shim', commandLine: 'terraform destroy -auto-approve', cwd: '/tmp', env: {}, ...params });
  const script =
    door === 'socket'
      ? `const s = require('node:net').connect(${JSON.stringify(endpoints.socket)}); s.write(JSON.stringify({ id: 1, method: 'check', token: ${JSON.stringify(endpoints.token)}, params: ${body} }) + '\\n'); s.on('data', () => s.end());`
      : `fetch(${JSON.stringify(`${endpoints.http}/v1/check`)}, { method: 'POST', headers: { authorization: 'Bearer ${endpoints.token}' }, body: ${JSON.stringify(body)} }).then((r) => r.text());`;
  return spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' });
}

describe('who asks, from the kernel', function () {
  this.timeout(20_000);
  if (!peersKnowable()) return;
  let server: BrokerServer | undefined;
  afterEach(async () => server?.stop());

  /** A broker that identifies each request as the extension does, with no terminals. */
  async function identifying(): Promise<{ endpoints: Endpoints; next: () => Promise<{ peer: Peer | undefined; identity: Awaited<ReturnType<typeof identify>> }> }> {
    const seen: { peer: Peer | undefined; identity: Awaited<ReturnType<typeof identify>> }[] = [];
    const waiting: (() => void)[] = [];
    server = new BrokerServer(async (_method, params, _signal, peer) => {
      const found = await peer();
      seen.push({ peer: found, identity: await identify(params as CheckParams, found, () => Promise.resolve(undefined)) });
      for (const wake of waiting.splice(0)) wake();
      return { decision: 'deny', approved: false, reason: 'test', entryId: 'e', level: 'none' } as never;
    });
    const endpoints = await server.start();
    const next = async (): Promise<(typeof seen)[number]> => {
      while (seen.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      return seen.shift()!;
    };
    return { endpoints, next };
  }

  it('names the process on the socket, whatever pid it claims', async () => {
    const { endpoints, next } = await identifying();
    const child = client(endpoints, { pid: 1 }, {});
    const { peer } = await next();
    assert.equal(peer?.pid, child.pid);
  });

  it('judges a client whose own environment says Claude Code as Claude Code, though it claims a person’s pid and an empty environment', async () => {
    const { endpoints, next } = await identifying();
    client(endpoints, { pid: process.pid, env: {} }, { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'real-session', AWS_PROFILE: 'production' });
    const { identity } = await next();
    assert.equal(identity.actor.kind, 'agent');
    assert.equal(identity.actor.agent, 'claude-code');
    assert.equal(identity.actor.session, 'real-session');
    assert.deepEqual(identity.actor.declared, { pid: process.pid });
    // The environment the command runs with is the process's own, not the empty one it sent.
    assert.equal(identity.env.AWS_PROFILE, 'production');
  });

  it('finds the agent among the ancestors when the client strips its own markers', async () => {
    const { endpoints, next } = await identifying();
    // A process started with CLAUDECODE whose child runs with `env -u CLAUDECODE`.
    const body = JSON.stringify({ channel: 'shim', commandLine: 'terraform destroy', cwd: '/tmp', env: {} });
    const inner = `const s = require('node:net').connect(${JSON.stringify(endpoints.socket)}); s.write(JSON.stringify({ id: 1, method: 'check', token: ${JSON.stringify(endpoints.token)}, params: ${body} }) + '\\n'); s.on('data', () => s.end());`;
    const outer = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(inner)}], { env: { PATH: process.env.PATH }, stdio: 'ignore' }).on('exit', () => {});`;
    spawn(process.execPath, ['-e', outer], { env: { PATH: process.env.PATH, CLAUDECODE: '1' }, stdio: 'ignore' });
    const { identity } = await next();
    assert.equal(identity.actor.agent, 'claude-code');
    assert.match(identity.actor.evidence, /ancestor/);
  });

  it('finds an agent CLI among the ancestors by its command line, with no marker in any environment', async () => {
    const { endpoints, next } = await identifying();
    const body = JSON.stringify({ channel: 'shim', commandLine: 'terraform destroy', cwd: '/tmp', env: {} });
    const inner = `const s = require('node:net').connect(${JSON.stringify(endpoints.socket)}); s.write(JSON.stringify({ id: 1, method: 'check', token: ${JSON.stringify(endpoints.token)}, params: ${body} }) + '\\n'); s.on('data', () => s.end());`;
    const outer = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(inner)}], { env: { PATH: process.env.PATH }, stdio: 'ignore' }).on('exit', () => {});`;
    // The agent's own process shows as `claude` (as its launcher names it); nothing in any environment says so.
    spawn('bash', ['-c', 'exec -a claude "$0" -e "$1"', process.execPath, outer], { env: { PATH: process.env.PATH }, stdio: 'ignore' });
    const { identity } = await next();
    assert.equal(identity.actor.agent, 'claude-code');
    assert.match(identity.actor.evidence, /ancestor/);
  });

  it('takes a request from inside the agent sandbox as an agent’s, even in a terminal a person opened and with no marker', async () => {
    const seen: Awaited<ReturnType<typeof identify>>[] = [];
    server = new BrokerServer(async (_method, params, _signal, peer) => {
      seen.push(await identify(params as CheckParams, await peer(), () => Promise.resolve({ name: 'bash', hidden: false })));
      return { decision: 'deny', approved: false, reason: 'test', entryId: 'e', level: 'none' } as never;
    });
    const http = await server.start();
    const body = JSON.stringify({ channel: 'shim', commandLine: 'terraform destroy', cwd: '/tmp', env: {} });
    // Unix sockets may be out of reach inside a sandbox; loopback HTTP is not.
    const script = `fetch(${JSON.stringify(`${http.http}/v1/check`)}, { method: 'POST', headers: { authorization: 'Bearer ${http.token}' }, body: ${JSON.stringify(body)} }).then((r) => r.text());`;
    const child = spawn('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-user-try', '--unshare-pid', '--proc', '/proc', process.execPath, '-e', script], { env: { PATH: process.env.PATH }, stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(seen.length, 1);
    assert.equal(seen[0].actor.kind, 'agent');
    assert.match(seen[0].actor.evidence, /inside the agent sandbox/);
  });

  it('names the process behind a loopback HTTP request too', async () => {
    const { endpoints, next } = await identifying();
    const child = client(endpoints, {}, { GEMINI_CLI: '1' }, 'http');
    const { peer, identity } = await next();
    assert.equal(peer?.pid, child.pid);
    assert.equal(identity.actor.agent, 'gemini');
  });

  it('without the kernel’s word a request is never a person’s, and a claim to be an agent is kept as one', async () => {
    const none = await identify({ channel: 'shim', cwd: '/', env: {} }, undefined, () => Promise.resolve({ name: 'bash', hidden: false }));
    assert.equal(none.actor.kind, 'unknown');
    const claimed = await identify({ channel: 'hook', agent: 'codex', session: 's', cwd: '/', env: {} }, undefined, () => Promise.resolve(undefined));
    assert.deepEqual([claimed.actor.kind, claimed.actor.agent, claimed.actor.declared], ['agent', 'codex', { agent: 'codex', session: 's' }]);
  });

  it('tells one agent’s process tree from processes that only share a terminal', async () => {
    const parent = spawn(process.execPath, ['-e', `const { spawn } = require('node:child_process'); for (let i = 0; i < 2; i++) spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' }); setTimeout(() => {}, 5000);`], { stdio: 'ignore' });
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
    try {
      // Node takes its time to start on a busy machine: wait for both children rather than a fixed while.
      const childrenOf = (): number[] => {
        const listed = spawnSync('ps', ['-o', 'pid=', '--ppid', String(parent.pid)], { encoding: 'utf8' }).stdout.trim();
        return listed ? listed.split(/\s+/).map(Number) : [];
      };
      let children = childrenOf();
      for (let waited = 0; children.length < 2 && waited < 10_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        children = childrenOf();
      }
      assert.equal(children.length, 2);
      const nothingShared = (): Promise<ReadonlySet<number>> => Promise.resolve(new Set<number>());
      const first = await ancestry(children[0]);
      assert.equal(await sameAgentTree(first, children[1], nothingShared), true);
      // The test process is where the stranger meets them, as a terminal's shell would be.
      assert.equal(await sameAgentTree(first, stranger.pid!, () => Promise.resolve(new Set([process.pid]))), false);
    } finally {
      parent.kill();
      stranger.kill();
    }
  });
});
