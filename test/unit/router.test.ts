import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { register } from '../../src/node/broker/registry';
import { BrokerServer } from '../../src/node/broker/server';
import type { HookHandler } from '../../src/node/broker/hookBody';
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

async function post(url: string, payload: unknown): Promise<{ status: number; body: Answer }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: response.status, body: (await response.json()) as Answer };
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

  /** A window: a broker for `root` whose hook handler says which window answered. */
  async function window(name: string, root: string): Promise<{ token: string; handle: HookHandler }> {
    const handle: HookHandler = () => Promise.resolve({ from: name });
    const server = new BrokerServer(() => Promise.reject(new Error('unused')), handle);
    const endpoints = await server.start();
    const unregister = register({ roots: [root], socket: endpoints.socket, http: endpoints.http, token: endpoints.token, pid: process.pid });
    cleanups.push(() => server.stop(), unregister);
    return { token: endpoints.token, handle };
  }

  it('keeps a per-user key, private to the user', () => {
    const key = hookKey();
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(hookKey(), key);
  });

  it('sends each call to the window whose folder holds the agent’s cwd, in-process for its own', async () => {
    const port = await freePort();
    const key = hookKey();
    const own = await window('own window', '/work/shop');
    await window('other window', '/work/billing');
    const router = new HookRouter({ port, key, local: own });
    cleanups.push(() => router.stop());
    assert.equal(await router.start(), true);
    assert.equal(await routerAnswers(port, key), true);
    assert.equal(await routerAnswers(port, 'f'.repeat(64)), false);
    const url = hookUrl('claude-code', port, key);
    assert.deepEqual((await post(url, { cwd: '/work/shop/infra', tool_name: 'Bash' })).body, { from: 'own window' });
    assert.deepEqual((await post(url, { cwd: '/work/billing', tool_name: 'Bash' })).body, { from: 'other window' });
  });

  it('denies when no window holds the folder, or the key is wrong — always with a 200 the agent obeys', async () => {
    const port = await freePort();
    const key = hookKey();
    const router = new HookRouter({ port, key });
    cleanups.push(() => router.stop());
    await router.start();
    const orphan = await post(hookUrl('claude-code', port, key), { cwd: '/elsewhere', tool_name: 'Bash', tool_input: { command: 'terraform destroy' } });
    assert.equal(orphan.status, 200);
    assert.equal(orphan.body.hookSpecificOutput?.permissionDecision, 'deny');
    assert.match(orphan.body.hookSpecificOutput?.permissionDecisionReason ?? '', /no Four Eyes broker answered/);
    const forged = await post(hookUrl('claude-code', port, 'a'.repeat(64)), { cwd: '/work/shop' });
    assert.equal(forged.body.hookSpecificOutput?.permissionDecision, 'deny');
    assert.match(forged.body.hookSpecificOutput?.permissionDecisionReason ?? '', /key/);
  });

  it('lets a second window take the port over when the first one closes', async () => {
    const port = await freePort();
    const key = hookKey();
    const first = new HookRouter({ port, key });
    const second = new HookRouter({ port, key });
    cleanups.push(() => first.stop(), () => second.stop());
    assert.equal(await first.start(), true);
    assert.equal(await second.start(), false);
    await first.stop();
    const deadline = Date.now() + 15_000;
    while (!second.listening && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(second.listening, true);
    assert.equal(await routerAnswers(port, key), true);
  });
});
