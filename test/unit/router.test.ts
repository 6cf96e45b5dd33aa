import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BrokerServer } from '../../src/node/broker/server';
import type { HookHandler } from '../../src/node/broker/hookBody';
import { hookKeyHeader } from '../../src/core/hooks/install';
import { HookRouter, hookKey, hookUrl, routerAnswers } from '../../src/node/hooks/router';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

type Answer = { hookSpecificOutput?: { permissionDecision: string; permissionDecisionReason: string }; from?: string };

async function post(url: string, payload: unknown, key?: string): Promise<{ status: number; body: Answer }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { [hookKeyHeader]: key } : {}) }, body: JSON.stringify(payload) });
  return { status: response.status, body: (await response.json()) as Answer };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the HTTP hook router (one fixed port for every window)', () => {
  let state: string;
  let previous: string | undefined;
  const cleanups: (() => unknown)[] = [];
  before(() => {
    state = mkdtempSync(path.join(tmpdir(), 'four-eyes-router-'));
    previous = process.env.FOUR_EYES_STATE_DIR;
    process.env.FOUR_EYES_STATE_DIR = state;
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (previous === undefined) delete process.env.FOUR_EYES_STATE_DIR;
    else process.env.FOUR_EYES_STATE_DIR = previous;
    rmSync(state, { recursive: true, force: true });
  });

  /** A window: a broker for `root` whose hook handler says which window answered, and its router on `port`. */
  async function window(name: string, root: string, port: number): Promise<HookRouter> {
    const handle: HookHandler = () => Promise.resolve({ from: name });
    const server = new BrokerServer(() => Promise.reject(new Error('unused')), handle);
    const endpoints = await server.start();
    const router = new HookRouter({ port, key: hookKey(), local: { token: endpoints.token, http: endpoints.http, handle, roots: () => [root] } });
    cleanups.push(() => server.stop(), () => router.stop());
    await router.start();
    return router;
  }

  it('keeps a per-user key, private to the user', () => {
    const key = hookKey();
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(hookKey(), key);
  });

  it('sends each call to the window whose folder holds the agent’s cwd: its own in-process, another window’s through its registration', async () => {
    const port = await freePort();
    const key = hookKey();
    const own = await window('own window', '/work/shop', port);
    const other = await window('other window', '/work/billing', port);
    assert.equal(own.state, 'holding');
    await until(() => other.state === 'registered', 'the second window registers');
    assert.equal(await routerAnswers(port, key), true);
    assert.equal(await routerAnswers(port, 'f'.repeat(64)), false);
    const url = hookUrl('claude-code', port);
    assert.doesNotMatch(url, /key/);
    assert.deepEqual((await post(url, { cwd: '/work/shop/infra', tool_name: 'Bash' }, key)).body, { from: 'own window' });
    assert.deepEqual((await post(url, { cwd: '/work/billing', tool_name: 'Bash' }, key)).body, { from: 'other window' });
  });

  it('denies when no window holds the folder, or the key header is wrong or missing — always with a 200 the agent obeys', async () => {
    const port = await freePort();
    const key = hookKey();
    const router = new HookRouter({ port, key });
    cleanups.push(() => router.stop());
    await router.start();
    const url = hookUrl('claude-code', port);
    const orphan = await post(url, { cwd: '/elsewhere', tool_name: 'Bash', tool_input: { command: 'terraform destroy' } }, key);
    assert.equal(orphan.status, 200);
    assert.equal(orphan.body.hookSpecificOutput?.permissionDecision, 'deny');
    assert.match(orphan.body.hookSpecificOutput?.permissionDecisionReason ?? '', /no Four Eyes broker answered \(no Four Eyes window holds \/elsewhere\)/);
    for (const forged of ['a'.repeat(64), undefined]) {
      const answer = await post(url, { cwd: '/work/shop' }, forged);
      assert.equal(answer.body.hookSpecificOutput?.permissionDecision, 'deny');
      assert.match(answer.body.hookSpecificOutput?.permissionDecisionReason ?? '', /key.*Reinstall protection/);
    }
  });

  it('when the holder’s window closes, another window takes the port and the rest register with it', async () => {
    const port = await freePort();
    const key = hookKey();
    const first = await window('first', '/work/one', port);
    const second = await window('second', '/work/two', port);
    const third = await window('third', '/work/three', port);
    await until(() => second.state === 'registered' && third.state === 'registered', 'both register');
    await first.stop();
    await until(() => [second.state, third.state].sort().join() === 'holding,registered', 'one holds, the other registers again');
    const url = hookUrl('claude-code', port);
    assert.deepEqual((await post(url, { cwd: '/work/two' }, key)).body, { from: 'second' });
    assert.deepEqual((await post(url, { cwd: '/work/three/x' }, key)).body, { from: 'third' });
    assert.equal((await post(url, { cwd: '/work/one' }, key)).body.hookSpecificOutput?.permissionDecision, 'deny');
  });
});
