import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import * as path from 'node:path';
import type { NewEntry } from '../../src/core/audit/entry';
import { attribute } from '../../src/core/approval/actor';
import { classifySubject } from '../../src/core/risk/tools';
import { Broker, type ApprovalAnswer, type ApprovalRequest, type BrokerSettings } from '../../src/node/broker/broker';
import { BrokerUnreachable, requestBroker } from '../../src/node/broker/client';
import { ownClaim } from '../../src/node/broker/proof';
import { findBroker, register } from '../../src/node/broker/registry';
import { BrokerServer, type Endpoints } from '../../src/node/broker/server';
import { bashGrammar } from '../../src/node/grammar';
import type { Actor } from '../../src/core/model/actor';
import type { CheckParams } from '../../src/protocol/broker';
import { loadPolicy } from '../../src/core/policy/sources';

/** A broker as the extension runs it, with a person played by the test. */
async function startBroker(settings: Partial<BrokerSettings> = {}, actor?: Actor) {
  const grammar = await bashGrammar();
  const log: NewEntry[] = [];
  const waiting: { request: ApprovalRequest; answer: (answer: ApprovalAnswer) => void }[] = [];
  const asked: ((value: void) => void)[] = [];
  const broker = new Broker({
    classify: (commandLine, cwd, env, policy) => Promise.resolve(classifySubject(commandLine, grammar, { cwd, env, policy })),
    attribute: (params) => Promise.resolve(actor ?? attribute({ env: params.env, ...(params.agent ? { hook: { agent: params.agent, ...(params.session ? { session: params.session } : {}) } } : {}) })),
    policy: () => loadPolicy({ user: { humans: settings.humans ?? 'log', approvalTimeoutSeconds: settings.timeoutSeconds ?? 600 } }),
    approve: (request) =>
      new Promise((resolve) => {
        waiting.push({ request, answer: resolve });
        for (const notify of asked.splice(0)) notify();
      }),
    record: (entry) => log.push(entry),
  });
  const server = new BrokerServer((method, params, signal) =>
    method === 'check' ? broker.check(params as CheckParams, signal) : Promise.resolve({ version: 'test', roots: [] }),
  );
  const endpoints = await server.start();
  /** Resolves once a request is waiting for the person. */
  const nextApproval = async (): Promise<(typeof waiting)[number]> => {
    while (waiting.length === 0) await new Promise<void>((resolve) => asked.push(resolve));
    return waiting.shift() as (typeof waiting)[number];
  };
  return { broker, server, endpoints, log, nextApproval };
}

const agent = { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'session-1', HOME: '/home/dev' };

function check(endpoints: Endpoints, commandLine: string, env: Record<string, string> = agent): Promise<import('../../src/protocol/broker').CheckResult> {
  return requestBroker(endpoints, 'check', { channel: 'shim', commandLine, cwd: '/home/dev/project', env }, 30_000);
}

describe('broker', () => {
  let running: Awaited<ReturnType<typeof startBroker>> | undefined;
  afterEach(async () => {
    await running?.server.stop();
    running = undefined;
  });

  it('listens on a socket in a folder only this user can enter, and on loopback HTTP', async () => {
    running = await startBroker();
    const { endpoints } = running;
    if (process.platform !== 'win32') {
      assert.equal(statSync(path.dirname(endpoints.socket)).mode & 0o777, 0o700);
      assert.equal(statSync(endpoints.socket).mode & 0o777, 0o600);
    }
    assert.match(endpoints.http, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(endpoints.token, /^[0-9a-f]{64}$/);
  });

  it('answers at once when no approval is needed, and records who asked', async () => {
    running = await startBroker();
    const result = await check(running.endpoints, 'terraform plan -out=tfplan');
    assert.equal(result.decision, 'allow');
    assert.equal(running.log.length, 1);
    assert.deepEqual(running.log[0].actor, { kind: 'agent', agent: 'claude-code', session: 'session-1', evidence: 'environment CLAUDECODE' });
    assert.equal(running.log[0].decision.kind, 'allowed');
  });

  it('refuses requests without the window’s token', async () => {
    running = await startBroker();
    await assert.rejects(requestBroker({ socket: running.endpoints.socket, token: 'x'.repeat(64) }, 'ping', {}, 5000), /unauthorized/);
    const response = await fetch(`${running.endpoints.http}/v1/check`, { method: 'POST', body: JSON.stringify({ channel: 'hook', commandLine: 'ls', cwd: '/', env: {} }) });
    assert.equal(response.status, 401);
  });

  it('holds a risky command until a person decides, and runs nothing the person denies', async () => {
    running = await startBroker();
    const pending = check(running.endpoints, 'terraform destroy -auto-approve');
    const approval = await running.nextApproval();
    assert.equal(approval.request.assessment.level, 'critical');
    assert.equal(approval.request.actor.agent, 'claude-code');
    assert.equal(running.broker.pending().length, 1);
    approval.answer({ decision: 'deny', by: 'Dana', message: 'use plan first' });
    const result = await pending;
    assert.equal(result.decision, 'deny');
    assert.match(result.reason, /^Dana denied it: "use plan first"\. terraform\.destroy: Destroys .* Safer: terraform plan -destroy\.$/);
    assert.equal(running.broker.pending().length, 0);
    assert.equal(running.log[0].decision.kind, 'denied');
    assert.equal(running.log[0].decision.by, 'Dana');
  });

  it('lets the approved command run, over HTTP as well', async () => {
    running = await startBroker();
    const pending = fetch(`${running.endpoints.http}/v1/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.endpoints.token}` },
      body: JSON.stringify({ channel: 'hook', commandLine: 'kubectl delete pod web-1', cwd: '/home/dev/project', env: {}, agent: 'gemini', session: 's2' }),
    });
    const approval = await running.nextApproval();
    assert.equal(approval.request.actor.agent, 'gemini');
    approval.answer({ decision: 'approve', by: 'Dana' });
    const response = await pending;
    assert.equal(response.status, 200);
    const result = (await response.json()) as { decision: string; reason: string };
    assert.equal(result.decision, 'allow');
    assert.match(result.reason, /^Approved by Dana for Gemini CLI\. kubernetes\.delete: /);
  });

  it('denies when no one answers in time', async () => {
    running = await startBroker({ timeoutSeconds: 0.2 });
    const result = await check(running.endpoints, 'helm uninstall web');
    assert.equal(result.decision, 'deny');
    assert.match(result.reason, /^No one approved it within 0.2 seconds\. helm\.uninstall: /);
    assert.equal(running.log[0].decision.kind, 'timed-out');
    assert.equal(running.broker.pending().length, 0);
  });

  it('withdraws a request whose client went away', async () => {
    running = await startBroker();
    const pending = requestBroker(running.endpoints, 'check', { channel: 'shim', commandLine: 'helm uninstall web', cwd: '/', env: agent }, 300);
    const approval = await running.nextApproval();
    await assert.rejects(pending, BrokerUnreachable);
    const broker = running.broker;
    await new Promise<void>((resolve) => {
      if (broker.pending().length === 0) resolve();
      const stop = broker.onDidChangePending(() => {
        if (broker.pending().length > 0) return;
        stop();
        resolve();
      });
    });
    assert.equal(approval.request.signal.aborted, true);
    assert.equal(running.log[0].decision.kind, 'denied');
  });

  it('lets a person’s own commands run and logs them, unless told to ask', async () => {
    const person: Actor = { kind: 'human', evidence: 'terminal "bash" opened by a person' };
    running = await startBroker({ humans: 'log' }, person);
    const logged = await check(running.endpoints, 'helm uninstall web', {});
    assert.equal(logged.decision, 'allow');
    assert.match(logged.reason, /^Your own command, logged\./);
    await running.server.stop();
    running = await startBroker({ humans: 'approve' }, person);
    const asked = check(running.endpoints, 'helm uninstall web', {});
    (await running.nextApproval()).answer({ decision: 'deny', by: 'Dana' });
    assert.equal((await asked).decision, 'deny');
  });

  it('asks about a person’s critical command even under humans: "log"', async () => {
    const person: Actor = { kind: 'human', evidence: 'terminal "bash" opened by a person' };
    running = await startBroker({ humans: 'log' }, person);
    const asked = check(running.endpoints, 'terraform destroy -auto-approve', {});
    const approval = await running.nextApproval();
    assert.equal(approval.request.assessment.level, 'critical');
    approval.answer({ decision: 'deny', by: 'Dana' });
    assert.equal((await asked).decision, 'deny');
  });

  it('passes a shim only for what the person approved at the hook: not on another target, a riskier reading, or another folder', async () => {
    running = await startBroker();
    const approveAtHook = async (commandLine: string, env: Record<string, string>): Promise<void> => {
      const hooked = requestBroker(running!.endpoints, 'check', { channel: 'hook', agent: 'claude-code', session: 'session-1', commandLine, cwd: '/home/dev/project', env }, 30_000);
      (await running!.nextApproval()).answer({ decision: 'approve', by: 'Dana' });
      assert.equal((await hooked).decision, 'allow');
    };
    const shim = (argv: string[], cwd: string, env: Record<string, string>) => requestBroker(running!.endpoints, 'check', { channel: 'shim', argv, cwd, env }, 30_000);
    const sync = ['aws', 's3', 'sync', './site', 's3://shop-site', '--delete'];
    // The hook saw no profile; the command then runs with AWS_PROFILE=production: a different target, asked again.
    await approveAtHook(sync.join(' '), agent);
    const production = shim(sync, '/home/dev/project', { ...agent, AWS_PROFILE: 'production' });
    const asked = await running.nextApproval();
    assert.equal(asked.request.assessment.target?.production, true);
    asked.answer({ decision: 'deny', by: 'Dana' });
    assert.equal((await production).decision, 'deny');
    // Another folder (outside the approved one) is asked again too.
    const elsewhere = shim(sync, '/srv/other', agent);
    (await running.nextApproval()).answer({ decision: 'deny', by: 'Dana' });
    assert.equal((await elsewhere).decision, 'deny');
    // Exactly what was approved passes without a second dialog.
    assert.equal((await shim(sync, '/home/dev/project', agent)).decision, 'allow');
    assert.equal(running.log.at(-1)?.decision.by, 'hook');
  });

  it('treats a command with no terminal and no agent marker like an agent’s', async () => {
    running = await startBroker();
    const pending = check(running.endpoints, 'helm uninstall web', {});
    const approval = await running.nextApproval();
    assert.equal(approval.request.actor.kind, 'unknown');
    approval.answer({ decision: 'deny', by: 'Dana' });
    assert.equal((await pending).decision, 'deny');
  });

  it('remembers a session grant for the same command, but never for critical ones', async () => {
    running = await startBroker();
    const first = check(running.endpoints, 'kubectl rollout undo deployment/web');
    (await running.nextApproval()).answer({ decision: 'approve', by: 'Dana', grant: { kind: 'session' } });
    assert.equal((await first).decision, 'allow');
    const again = await check(running.endpoints, 'kubectl rollout undo deployment/web');
    assert.equal(again.decision, 'allow');
    assert.equal(running.log[1].decision.by, 'grant');
    assert.equal(running.broker.grants.list().length, 1);
    const critical = check(running.endpoints, 'terraform destroy');
    (await running.nextApproval()).answer({ decision: 'approve', by: 'Dana', grant: { kind: 'session' } });
    await critical;
    assert.equal(running.broker.grants.list().length, 1, 'no grant for a critical command');
  });

  it('does not ask twice: a command approved through a hook passes its shim for the same agent session', async () => {
    running = await startBroker();
    const hooked = requestBroker(running.endpoints, 'check', { channel: 'hook', agent: 'claude-code', session: 'session-1', commandLine: 'cd infra && terraform destroy -auto-approve', cwd: '/home/dev/project', env: agent }, 30_000);
    (await running.nextApproval()).answer({ decision: 'approve', by: 'Dana' });
    assert.equal((await hooked).decision, 'allow');
    const shim = await requestBroker(running.endpoints, 'check', { channel: 'shim', argv: ['terraform', 'destroy', '-auto-approve'], cwd: '/home/dev/project/infra', env: agent }, 30_000);
    assert.equal(shim.decision, 'allow');
    assert.equal(running.log[1].decision.by, 'hook');
    // One approval, one run: the same line through the shim again is asked again.
    const again = requestBroker(running.endpoints, 'check', { channel: 'shim', argv: ['terraform', 'destroy', '-auto-approve'], cwd: '/home/dev/project/infra', env: agent }, 30_000);
    (await running.nextApproval()).answer({ decision: 'deny', by: 'Dana' });
    assert.equal((await again).decision, 'deny');
    // Another session, or another command, is asked again.
    const other = requestBroker(running.endpoints, 'check', { channel: 'shim', argv: ['terraform', 'destroy', '-auto-approve'], cwd: '/', env: { ...agent, CLAUDE_CODE_SESSION_ID: 'session-2' } }, 30_000);
    (await running.nextApproval()).answer({ decision: 'deny', by: 'Dana' });
    assert.equal((await other).decision, 'deny');
  });

  it('cuts off a connection past the request limit as the bytes arrive, and one whose first line lacks the token', async () => {
    running = await startBroker();
    const { connect } = await import('node:net');
    const flood = connect(running.endpoints.socket);
    const closed = new Promise<number>((resolve) => {
      let sent = 0;
      flood.on('close', () => resolve(sent));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = (): void => {
        while (!flood.destroyed && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!flood.write(chunk)) return void flood.once('drain', pump);
        }
      };
      flood.on('error', () => undefined);
      pump();
    });
    // Closed long before 64 MB: the broker stopped at about its 1 MB limit.
    assert.ok((await closed) < 16 * 1024 * 1024);
    const stranger = connect(running.endpoints.socket);
    const answers: string[] = [];
    stranger.on('data', (data: Buffer) => answers.push(data.toString()));
    const ended = new Promise<void>((resolve) => stranger.on('close', () => resolve()));
    stranger.write(`${JSON.stringify({ id: 1, method: 'ping', token: 'wrong', params: {} })}\n${JSON.stringify({ id: 2, method: 'ping', token: running.endpoints.token, params: {} })}\n`);
    await ended;
    assert.deepEqual(answers.join('').trim().split('\n').map((line) => (JSON.parse(line) as { id: number; error?: { code: string } }).error?.code), ['unauthorized']);
    // The broker still answers everyone else.
    assert.equal((await check(running.endpoints, 'git status')).decision, 'allow');
  });

  it('answers and records 200 concurrent requests, losing none', async () => {
    running = await startBroker();
    const commands = Array.from({ length: 200 }, (_, index) => `kubectl config use-context dev-${index}`);
    const results = await Promise.all(commands.map((command) => check(running!.endpoints, command)));
    assert.equal(results.filter((result) => result.decision === 'allow').length, 200);
    assert.equal(running.log.length, 200);
    assert.deepEqual(new Set(running.log.map((entry) => entry.commandLine)), new Set(commands));
  });
});

describe('broker registry', () => {
  it('finds the window whose workspace holds the working directory, ignoring dead windows', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'four-eyes-registry-'));
    // Sockets this process holds, as a window's broker does: entries count only for the process that listens on them.
    const servers = ['a', 'b'].map(() => createServer());
    const [a, b] = ['a.sock', 'b.sock'].map((name) => path.join(directory, name));
    await Promise.all(servers.map((server, index) => new Promise<void>((resolve) => server.listen(index ? b : a, resolve))));
    try {
      const remove = register({ roots: ['/work/app'], socket: a, http: 'http://127.0.0.1:1', token: 'a'.repeat(64), ...ownClaim() }, directory);
      register({ roots: ['/work'], socket: b, http: 'http://127.0.0.1:2', token: 'b'.repeat(64), ...ownClaim() }, directory);
      register({ roots: ['/work/app/sub'], socket: a, http: 'http://127.0.0.1:3', token: 'c'.repeat(64), pid: 2 ** 22 + 7 }, directory);
      assert.equal(findBroker('/work/app/sub/x', directory)?.token, 'a'.repeat(64));
      assert.equal(findBroker('/work/other', directory)?.socket, b);
      assert.equal(findBroker('/elsewhere', directory), undefined);
      if (process.platform !== 'win32') for (const file of readdirSync(directory).filter((name) => name.endsWith('.json'))) assert.equal(statSync(path.join(directory, file)).mode & 0o777, 0o600);
      remove();
      assert.equal(findBroker('/work/app/sub/x', directory)?.socket, b);
    } finally {
      for (const server of servers) server.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('broker: commands that need two people', () => {
  /** A broker whose every risky command needs two people, answered by `answer`. */
  async function twoPersonBroker(answer: ApprovalAnswer, workspace?: { file: string; text: string; trusted: boolean }) {
    const grammar = await bashGrammar();
    const log: NewEntry[] = [];
    const broker = new Broker({
      classify: (commandLine, cwd, env, policy) => Promise.resolve({ ...classifySubject(commandLine, grammar, { cwd, env, policy }), requires: 'two-person' as const }),
      attribute: (params) => Promise.resolve(attribute({ env: params.env })),
      policy: () => loadPolicy({ user: { humans: 'log', approvalTimeoutSeconds: 600 }, ...(workspace ? { workspaces: [workspace] } : {}) }),
      approve: () => Promise.resolve(answer),
      record: (entry) => log.push(entry),
    });
    const result = await broker.check({ channel: 'shim', commandLine: 'terraform destroy -auto-approve', cwd: '/home/dev/project', env: agent });
    return { result, entry: log[0] };
  }

  it('denies before asking anyone while the workspace lists approvers no person confirmed', async () => {
    const approvers = [{ name: 'Mallory', publicKey: `ed25519:${Buffer.alloc(32, 7).toString('base64')}` }];
    const { result, entry } = await twoPersonBroker({ decision: 'approve', by: 'Dana', cosign: { requestHash: 'h', requester: 'Dana', signer: 'Mallory' } }, { file: '/w/.vscode/four-eyes.json', text: JSON.stringify({ approvers }), trusted: true });
    assert.equal(result.decision, 'deny');
    assert.match(result.reason, /approvers no one has confirmed in the editor \("Mallory"\)/);
    assert.equal(entry.decision.by, 'policy');
  });

  it('denies a plain approval: one person alone cannot approve it, from any surface', async () => {
    const { result, entry } = await twoPersonBroker({ decision: 'approve', by: 'alice' });
    assert.equal(result.decision, 'deny');
    assert.match(result.reason, /needs a second person's co-signature/);
    assert.equal(entry.decision.kind, 'denied');
  });

  it('runs it with a verified co-signature, and logs both names', async () => {
    const { result, entry } = await twoPersonBroker({ decision: 'approve', by: 'alice', cosign: { requestHash: 'ab'.repeat(32), requester: 'alice', signer: 'Dana' } });
    assert.equal(result.decision, 'allow');
    assert.match(result.reason, /Approved by alice, co-signed by Dana/);
    assert.deepEqual(entry.decision.cosign, { requestHash: 'ab'.repeat(32), requester: 'alice', signer: 'Dana' });
  });

  it('marks a break-glass approval in the log, with the typed reason', async () => {
    const { result, entry } = await twoPersonBroker({ decision: 'approve', by: 'alice', breakGlass: 'database is down and the on-call approver is unreachable' });
    assert.equal(result.decision, 'allow');
    assert.equal(entry.decision.breakGlass, true);
    assert.match(entry.decision.reason, /^BREAK-GLASS by alice without a second person: "database is down/);
  });
});
