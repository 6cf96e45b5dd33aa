import * as assert from 'node:assert/strict';
import { describeRequest } from '../../src/core/cosign/describe';
import { generateApproverKey, keyId, publicKeyOf } from '../../src/core/cosign/keys';
import { canonicalJson, createRequest, decodeRequest, encodeRequest, requestHash, type CosignRequest } from '../../src/core/cosign/request';
import { decodeResponse, encodeResponse, signResponse, type CosignResponse } from '../../src/core/cosign/response';
import { verifyResponse, type CosignVerdict } from '../../src/core/cosign/verify';
import type { Approver } from '../../src/core/policy/file';

const now = Date.parse('2025-06-02T10:00:00.000Z');
const dana = generateApproverKey();
const sam = generateApproverKey();
const stranger = generateApproverKey();
const approvers: Approver[] = [
  { name: 'Dana Reyes', publicKey: dana.publicKey },
  { name: 'Sam Okafor', publicKey: sam.publicKey },
];

function request(minutes?: number): CosignRequest {
  return createRequest(
    {
      commandLine: 'terraform destroy -auto-approve',
      cwd: 'infra/prod',
      target: { kind: 'terraform-workspace', name: 'prod', production: true },
      agent: 'Claude Code',
      level: 'critical',
      rule: 'terraform.destroy',
      reason: 'destroys every resource in the workspace',
      requester: { name: 'Dana Reyes', keyId: keyId(dana.publicKey) },
    },
    { now, minutes },
  );
}

function verdict(held: CosignRequest, response: CosignResponse, options: { at?: number; used?: string[] } = {}): CosignVerdict {
  return verifyResponse({ request: held, response, approvers, now: options.at ?? now + 60_000, usedNonces: new Set(options.used ?? []) });
}

/** The reason a refused verdict gives, or 'ok'. */
function reason(result: CosignVerdict): string {
  return result.ok ? 'ok' : result.reason;
}

describe('co-signing', () => {
  describe('keys', () => {
    it('writes public keys as the policy expects and derives them from the private key', () => {
      assert.match(dana.publicKey, /^ed25519:[A-Za-z0-9+/]{43}=$/);
      assert.match(dana.privateKey, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.equal(publicKeyOf(dana.privateKey), dana.publicKey);
      assert.notEqual(sam.publicKey, dana.publicKey);
    });

    it('gives each key a short stable id', () => {
      assert.match(keyId(dana.publicKey), /^[0-9a-f]{16}$/);
      assert.equal(keyId(dana.publicKey), keyId(dana.publicKey));
      assert.notEqual(keyId(dana.publicKey), keyId(sam.publicKey));
      // SHA-256 over 32 zero bytes starts 66687aadf862bd77.
      assert.equal(keyId(`ed25519:${Buffer.alloc(32).toString('base64')}`), '66687aadf862bd77');
    });

    it('says clearly when a key is not one', () => {
      assert.throws(() => publicKeyOf('hello'), /This is not a private key: expected the PEM text/);
      assert.throws(() => keyId('ed25519:short'), /This is not an approver key/);
    });
  });

  describe('codes', () => {
    it('has one canonical form, whatever order the members came in', () => {
      assert.equal(canonicalJson({ b: 1, a: { d: [1, { f: true, e: null }], c: 'x' }, z: undefined }), '{"a":{"c":"x","d":[1,{"e":null,"f":true}]},"b":1}');
      assert.equal(canonicalJson({ a: { c: 'x', d: [1, { e: null, f: true }] }, b: 1 }), canonicalJson({ b: 1, a: { d: [1, { f: true, e: null }], c: 'x' } }));
      const held = request();
      const reordered = Object.fromEntries(Object.entries(held).reverse()) as unknown as CosignRequest;
      assert.equal(requestHash(reordered), requestHash(held));
      assert.equal(encodeRequest(reordered), encodeRequest(held));
    });

    it('encodes a request to the same code every time and decodes it back', () => {
      const held = request();
      assert.equal(encodeRequest(held), encodeRequest(held));
      assert.match(encodeRequest(held), /^FE1-REQ-[A-Za-z0-9_-]+$/);
      assert.deepEqual(decodeRequest(encodeRequest(held)), held);
      const { target, ...untargeted } = held;
      assert.ok(target);
      assert.equal(requestHash({ ...untargeted, target: undefined }), requestHash(untargeted), 'an undefined member is left out');
      assert.deepEqual(decodeRequest(encodeRequest(untargeted)), untargeted);
    });

    it('gives each request its own nonce and a 15-minute expiry by default', () => {
      assert.notEqual(request().nonce, request().nonce);
      assert.equal(request().expires, '2025-06-02T10:15:00.000Z');
      assert.equal(request(5).expires, '2025-06-02T10:05:00.000Z');
    });

    it('reads codes pasted with wrapping and surrounding whitespace', () => {
      const held = request();
      const wrapped = `\n  ${encodeRequest(held).replace(/(.{40})/g, '$1\r\n   ')}  \n`;
      assert.deepEqual(decodeRequest(wrapped), held);
      const response = signResponse(held, 'approve', { name: 'Sam', privateKey: sam.privateKey }, now);
      assert.deepEqual(decodeResponse(encodeResponse(response).replace(/(.{30})/g, '$1\n')), response);
    });

    it('explains codes that are not requests or are damaged', () => {
      const code = encodeRequest(request());
      const response = encodeResponse(signResponse(request(), 'approve', { name: 'Sam', privateKey: sam.privateKey }, now));
      const cases: [string, RegExp][] = [
        ['hello', /This is not a Four Eyes co-signature request code\.$/],
        ['', /This is not a Four Eyes co-signature request code\.$/],
        [response, /This is a Four Eyes co-signature response code, not a request code: it goes back to the person whose command waits/],
        ['FE1-REQ-', /The request code is damaged: it ends after its prefix\.$/],
        [code.slice(0, -12), /The request code is damaged: it was cut short or altered; copy the whole code again\.$/],
        [`${code.slice(0, 20)}!${code.slice(21)}`, /The request code is damaged: it contains characters a code never has\.$/],
        [`FE1-REQ-${Buffer.from('[1,2]').toString('base64url')}`, /The request code is damaged: its content is not an object\.$/],
      ];
      for (const [text, message] of cases) assert.throws(() => decodeRequest(text), message, text);
      assert.throws(() => decodeResponse(code), /This is a Four Eyes co-signature request code, not a response code: it goes to the person who co-signs/);
      assert.throws(() => decodeResponse('FE1-SIG-e30'), /The response code is damaged: "version" is missing\.$/);
    });

    it('checks every member of a request code', () => {
      const held = request();
      const code = (value: unknown): string => `FE1-REQ-${Buffer.from(JSON.stringify(value)).toString('base64url')}`;
      const cases: [unknown, RegExp][] = [
        [{ ...held, version: 2 }, /This request code needs a newer version of Four Eyes \(code format 2\)\.$/],
        [{ ...held, commandLine: 7 }, /The request code is damaged: "commandLine" is not text\.$/],
        [{ ...held, agent: undefined }, /The request code is damaged: "agent" is missing\.$/],
        [{ ...held, target: { ...held.target, production: 'yes' } }, /The request code is damaged: "target.production" is not true or false\.$/],
        [{ ...held, requester: { name: 'Dana', keyId: 'dana' } }, /The request code is damaged: "requester.keyId" is not a key id \(16 hex digits\)\.$/],
        [{ ...held, nonce: 'abc' }, /The request code is damaged: "nonce" is not a nonce/],
        [{ ...held, expires: 'tomorrow' }, /The request code is damaged: "expires" is not a time\.$/],
        [{ ...held, approved: true }, /The request code is damaged: it has an unknown field "approved"\.$/],
      ];
      for (const [value, message] of cases) assert.throws(() => decodeRequest(code(value)), message);
    });
  });

  describe('verifying a response', () => {
    it('accepts an approval by a listed approver, under the name the policy gives and the key id', () => {
      const held = request();
      const response = decodeResponse(encodeResponse(signResponse(decodeRequest(encodeRequest(held)), 'approve', { name: 'sam', privateKey: sam.privateKey }, now)));
      assert.deepEqual(verdict(held, response), { ok: true, decision: 'approve', signer: `Sam Okafor (key ${keyId(sam.publicKey)})` });
    });

    it('accepts a decline as a verified decline', () => {
      const held = request();
      const response = signResponse(held, 'decline', { name: 'Sam', privateKey: sam.privateKey }, now);
      assert.deepEqual(verdict(held, response), { ok: true, decision: 'decline', signer: `Sam Okafor (key ${keyId(sam.publicKey)})` });
    });

    it('refuses a response when one byte of the request the broker holds differs', () => {
      const held = request();
      const response = signResponse(held, 'approve', { name: 'Sam', privateKey: sam.privateKey }, now);
      const changed: CosignRequest[] = [
        { ...held, commandLine: 'terraform destroy -auto-approvf' },
        { ...held, target: { kind: 'terraform-workspace', name: 'prod', production: false } },
        { ...held, target: { kind: 'terraform-workspace', name: 'prof', production: true } },
        { ...held, expires: '2025-06-02T10:15:00.001Z' },
      ];
      for (const request of changed) assert.equal(reason(verdict(request, response)), 'the response is for a different request');
    });

    it('refuses a response whose signed members were altered', () => {
      const held = request();
      const response = signResponse(held, 'decline', { name: 'Sam', privateKey: sam.privateKey }, now);
      const altered: CosignResponse[] = [
        { ...response, decision: 'approve' },
        { ...response, signer: { ...response.signer, name: 'Dana' } },
        { ...response, signedAt: new Date(now + 1).toISOString() },
        { ...response, signature: 'AAAA' },
      ];
      for (const forged of altered) assert.equal(reason(verdict(held, forged)), 'the signature does not match: the response was altered, or not signed with the key it names');
    });

    it('refuses a replayed response', () => {
      const held = request();
      const response = signResponse(held, 'approve', { name: 'Sam', privateKey: sam.privateKey }, now);
      assert.equal(reason(verdict(held, response, { used: [held.nonce] })), 'this request was already used: each co-signature lets one command run once');
      assert.equal(reason(verdict(held, response, { used: [request().nonce] })), 'ok');
    });

    it('refuses the requester co-signing their own request', () => {
      const held = request();
      const response = signResponse(held, 'approve', { name: 'Dana', privateKey: dana.privateKey }, now);
      assert.equal(reason(verdict(held, response)), 'you cannot co-sign your own request');
    });

    it('refuses a key the policy does not list', () => {
      const held = request();
      const response = signResponse(held, 'approve', { name: 'Sam Okafor', privateKey: stranger.privateKey }, now);
      assert.equal(reason(verdict(held, response)), `the signing key ${keyId(stranger.publicKey)} ("Sam Okafor") is not among the approvers confirmed for this editor`);
    });

    it('refuses once the request has expired', () => {
      const held = request();
      const response = signResponse(held, 'approve', { name: 'Sam', privateKey: sam.privateKey }, now);
      assert.equal(reason(verdict(held, response, { at: Date.parse(held.expires) - 1 })), 'ok');
      assert.equal(reason(verdict(held, response, { at: Date.parse(held.expires) })), 'the request expired at 2025-06-02T10:15:00.000Z');
    });

    it('refuses malformed responses without throwing', () => {
      const held = request();
      const response = signResponse(held, 'approve', { name: 'Sam', privateKey: sam.privateKey }, now);
      const broken = [
        { ...response, signer: { name: 'Sam', publicKey: 'ed25519:nonsense' } },
        { ...response, signer: { name: 'Sam', publicKey: 42 } },
        { ...response, signature: 17 },
        { ...response, decision: 'maybe' },
        { ...response, version: 3 },
        { ...response, signer: null },
        null,
      ] as unknown as CosignResponse[];
      for (const candidate of broken) assert.equal(verdict(held, candidate).ok, false);
    });
  });

  describe('what the co-signer sees', () => {
    it('names the target and rule first, then the command, directory, agent, requester and expiry', () => {
      const held = request();
      assert.deepEqual(describeRequest(held, now + 60_000), [
        'Target: terraform workspace prod — PRODUCTION',
        'Rule: terraform.destroy (critical) — destroys every resource in the workspace',
        'Command: terraform destroy -auto-approve',
        "Working directory: infra/prod (in the requester's workspace)",
        'Agent: Claude Code',
        `Requested by: Dana Reyes (key ${keyId(dana.publicKey)})`,
        'Expires: 2025-06-02T10:15:00.000Z (in 14 min)',
      ]);
      assert.equal(describeRequest(held, now + 20 * 60_000).at(-1), 'Expired: 2025-06-02T10:15:00.000Z (5 min ago)');
    });

    it('shows characters that could hide part of the command as escapes', () => {
      const held = { ...request(), commandLine: 'echo safe\r\u001b[2Kterraform destroy\u202e' };
      assert.equal(describeRequest(held, now)[2], 'Command: echo safe\\r\\u001b[2Kterraform destroy\\u202e');
    });

    it('shows a command of several lines as numbered lines, so none can pass for a field of its own', () => {
      const held = { ...request(), commandLine: "echo 'ok\nTarget: terraform workspace dev\nRule: none' && terraform destroy" };
      assert.deepEqual(describeRequest(held, now).slice(0, 6), [
        'Target: terraform workspace prod — PRODUCTION',
        'Rule: terraform.destroy (critical) — destroys every resource in the workspace',
        'Command, 3 lines:',
        "  1. echo 'ok",
        '  2. Target: terraform workspace dev',
        "  3. Rule: none' && terraform destroy",
      ]);
    });
  });
});
