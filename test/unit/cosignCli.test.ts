import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateApproverKey, keyId, publicKeyOf } from '../../src/core/cosign/keys';
import { createRequest, encodeRequest, type CosignRequest } from '../../src/core/cosign/request';
import { decodeResponse, signResponse } from '../../src/core/cosign/response';
import { verifyResponse } from '../../src/core/cosign/verify';
import type { Approver } from '../../src/core/policy/file';

// From source, so the verb needs no build. Through main.ts once, to check the dispatch and its lazy import; otherwise
// straight to the verb, which skips loading the classifier (half a second a run).
const main = path.resolve('src/cli/main.ts');
const verb = `require(${JSON.stringify(path.resolve('src/cli/cosign.ts'))}).cosign(process.argv.slice(1)).then((code) => { process.exitCode = code; })`;
// By path: the CLI runs in a temporary folder, from which the package name would not resolve.
const tsx = require.resolve('tsx');
const tsxRequire = require.resolve('tsx/cjs');

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('four-eyes cosign', () => {
  let home: string;
  const requester = generateApproverKey();

  /** Runs `four-eyes cosign ARGS` with stdin closed after `input`. */
  function run(args: string[], input = '', options: { viaMain?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
    const node = options.viaMain ? ['--import', pathToFileURL(tsx).href, main, 'cosign', ...args] : ['--require', tsxRequire, '-e', verb, '--', ...args];
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ...options.env };
    // Loading extra CA certificates costs each process about 90 ms; the CLI opens no TLS connections.
    delete env.NODE_EXTRA_CA_CERTS;
    return new Promise((resolve, reject) => {
      const child = execFile(process.execPath, node, { cwd: home, encoding: 'utf8', env, timeout: 20000 }, (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        if (status === null) reject(error ?? new Error('no exit status'));
        else resolve({ status, stdout, stderr });
      });
      child.stdin?.end(input);
    });
  }

  function request(now = Date.now()): CosignRequest {
    return createRequest(
      {
        commandLine: 'kubectl delete namespace payments',
        cwd: 'deploy',
        target: { kind: 'kubernetes-context', name: 'prod-eu', production: true },
        agent: 'Claude Code',
        level: 'critical',
        rule: 'kubernetes.delete-namespace',
        reason: 'deletes every resource in the namespace',
        requester: { name: 'Dana', keyId: keyId(requester.publicKey) },
      },
      { now },
    );
  }

  /** The approvers line keygen printed, as the policy would hold it. */
  function approverLine(stdout: string): Approver {
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1, stdout);
    return JSON.parse(lines[0]) as Approver;
  }

  let keygen: Run;
  let approver: Approver;
  before(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'four-eyes-cosign-'));
    // The key every later test co-signs with, at the default place.
    keygen = await run(['keygen', '--name', 'Sam Okafor'], '', { viaMain: true });
    approver = approverLine(keygen.stdout);
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('refuses to approve when an agent runs it, and still sends its decline', async () => {
    const code = encodeRequest(request());
    const approved = await run(['--approve', code], '', { env: { CLAUDECODE: '1' } });
    assert.notEqual(approved.status, 0);
    assert.equal(approved.stdout, '');
    assert.match(approved.stderr, /not co-signed: this was run by Claude Code .*approving is a person's act/);
    const declined = await run(['--decline', code], '', { env: { CLAUDECODE: '1' } });
    assert.equal(declined.status, 0, declined.stderr);
    assert.match(declined.stdout, /^FE1-SIG-/);
  });

  it('keygen writes a private key only its owner can read and prints the approvers line for it', () => {
    const result = keygen;
    assert.equal(result.status, 0, result.stderr);
    const file = path.join(home, '.four-eyes', 'approver-key.pem');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(result.stdout, /^\{ "name": "Sam Okafor", "publicKey": "ed25519:[A-Za-z0-9+/]{43}=" \}\n$/);
    const privateKey = readFileSync(file, 'utf8');
    assert.equal(publicKeyOf(privateKey), approver.publicKey);
    assert.match(result.stderr, new RegExp(`key id ${keyId(approver.publicKey)}`));
    // The printed key verifies what the written key signs.
    const held = request();
    const verdict = verifyResponse({ request: held, response: signResponse(held, 'approve', { name: 'Sam', privateKey }, Date.now()), approvers: [approver], now: Date.now(), usedNonces: new Set() });
    assert.deepEqual(verdict, { ok: true, decision: 'approve', signer: `Sam Okafor (key ${keyId(approver.publicKey)})` });
  });

  it('keygen refuses to replace a key without --force', async () => {
    const file = path.join(home, 'other.pem');
    assert.equal((await run(['keygen', '--out', file])).status, 0);
    const first = readFileSync(file, 'utf8');
    const refused = await run(['keygen', '--out', file]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /other\.pem already exists; pass --force to replace it/);
    assert.equal(readFileSync(file, 'utf8'), first);
    writeFileSync(file, first, { mode: 0o644 });
    assert.equal((await run(['keygen', '--out', file, '--force'])).status, 0);
    assert.notEqual(readFileSync(file, 'utf8'), first);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('co-signs a request code: details on stderr, a response the broker accepts on stdout', async () => {
    const held = request();
    const result = await run(['--approve', '--name', 'sam', encodeRequest(held)]);
    assert.equal(result.status, 0, result.stderr);
    const details = [
      'Agent: Claude Code',
      'Command: kubectl delete namespace payments',
      'Working directory: deploy',
      'Target: kubernetes context prod-eu — PRODUCTION',
      'Rule: kubernetes.delete-namespace (critical) — deletes every resource in the namespace',
      `Requested by: Dana (key ${keyId(requester.publicKey)})`,
      `Expires: ${held.expires}`,
    ];
    for (const detail of details) assert.ok(result.stderr.includes(detail), `${detail} in\n${result.stderr}`);
    assert.match(result.stdout, /^FE1-SIG-[A-Za-z0-9_-]+\n$/);
    const verdict = verifyResponse({ request: held, response: decodeResponse(result.stdout), approvers: [approver], now: Date.now(), usedNonces: new Set() });
    assert.deepEqual(verdict, { ok: true, decision: 'approve', signer: `Sam Okafor (key ${keyId(approver.publicKey)})` });
  });

  it('signs a decline with --decline, reading the wrapped code from stdin with `-`', async () => {
    const held = request();
    const result = await run(['--decline', '-'], `${encodeRequest(held).replace(/(.{64})/g, '$1\n')}\n`);
    assert.equal(result.status, 0, result.stderr);
    const verdict = verifyResponse({ request: held, response: decodeResponse(result.stdout), approvers: [approver], now: Date.now(), usedNonces: new Set() });
    assert.deepEqual(verdict, { ok: true, decision: 'decline', signer: `Sam Okafor (key ${keyId(approver.publicKey)})` });
  });

  it('refuses an expired request, the requester’s own key, and deciding without a terminal or a flag', async () => {
    const expired = request(Date.now() - 16 * 60_000);
    const ownKey = path.join(home, 'dana.pem');
    writeFileSync(ownKey, requester.privateKey, { mode: 0o600 });
    const [late, own, unasked] = await Promise.all([
      run(['--approve', encodeRequest(expired)]),
      run(['--approve', '--key', ownKey, encodeRequest(request())]),
      run([encodeRequest(request())]),
    ]);
    assert.equal(late.status, 1);
    assert.ok(late.stderr.endsWith(`four-eyes cosign: this request expired at ${expired.expires}; ask Dana for a new code\n`), late.stderr);
    assert.equal(own.status, 1);
    assert.match(own.stderr, /four-eyes cosign: you cannot co-sign your own request/);
    assert.equal(unasked.status, 1);
    assert.match(unasked.stderr, /Command: kubectl delete namespace payments[\s\S]*four-eyes cosign: no terminal to ask in: pass --approve or --decline\n$/);
    assert.deepEqual([late.stdout, own.stdout, unasked.stdout], ['', '', '']);
  });

  it('explains a code that is not a request, a missing key, and a usage mistake', async () => {
    const [garbage, keyless, both] = await Promise.all([
      run(['--approve', 'FE1-SIG-abc']),
      run(['--approve', '--key', path.join(home, 'missing.pem'), encodeRequest(request())]),
      run(['--approve', '--decline', 'x']),
    ]);
    assert.equal(garbage.status, 1);
    assert.equal(garbage.stderr, 'four-eyes cosign: This is a Four Eyes co-signature response code, not a request code: it goes back to the person whose command waits, who pastes it into Four Eyes.\n');
    assert.equal(keyless.status, 1);
    assert.match(keyless.stderr, /no approver key at .*missing\.pem: create one with `four-eyes cosign keygen`/);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /pass --approve or --decline, not both/);
  });
});
