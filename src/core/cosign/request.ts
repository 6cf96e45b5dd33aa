// A co-signature request: what a second person is asked to sign, as a code the requester copies to them.
import { createHash, randomBytes } from 'node:crypto';
import { decodeCode, encodeCode, Fields } from './code';

export interface CosignTarget {
  readonly kind: string;
  readonly name: string;
  readonly production: boolean;
}

export interface CosignRequest {
  readonly version: 1;
  /** The exact command line. */
  readonly commandLine: string;
  /** Relative to the workspace, '/'-separated, '.' for the root. */
  readonly cwd: string;
  readonly target?: CosignTarget;
  /** Who asked, e.g. "Claude Code". */
  readonly agent: string;
  /** e.g. "critical". */
  readonly level: string;
  /** The top rule's id. */
  readonly rule: string;
  /** The top rule's reason. */
  readonly reason: string;
  readonly requester: { readonly name: string; readonly keyId: string };
  /** 16 random bytes, base64url: makes each request, and so each response, usable once. */
  readonly nonce: string;
  /** ISO time. */
  readonly expires: string;
}

export type CosignRequestFields = Omit<CosignRequest, 'version' | 'nonce' | 'expires'>;

export const defaultRequestMinutes = 15;

const keyIdPattern = /^[0-9a-f]{16}$/;
const noncePattern = /^[A-Za-z0-9_-]{22}$/;

/** Copies only the request's own members, so a wider object passed in (an assessment's target) cannot change the hash. */
function pick(fields: CosignRequestFields, nonce: string, expires: string): CosignRequest {
  const { target, requester } = fields;
  return {
    version: 1,
    commandLine: fields.commandLine,
    cwd: fields.cwd,
    ...(target ? { target: { kind: target.kind, name: target.name, production: target.production } } : {}),
    agent: fields.agent,
    level: fields.level,
    rule: fields.rule,
    reason: fields.reason,
    requester: { name: requester.name, keyId: requester.keyId },
    nonce,
    expires,
  };
}

export function createRequest(fields: CosignRequestFields, options: { readonly now: number; readonly minutes?: number }): CosignRequest {
  // Caught here: a co-signer's copy would otherwise call the request code damaged.
  if (!keyIdPattern.test(fields.requester.keyId)) throw new Error(`requester.keyId must be 16 hex digits from keyId(), not "${fields.requester.keyId}"`);
  const expires = new Date(options.now + (options.minutes ?? defaultRequestMinutes) * 60_000).toISOString();
  return pick(fields, randomBytes(16).toString('base64url'), expires);
}

/** Members sorted at every depth, so equal values give equal text. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === 'function') return sorted((record.toJSON as () => unknown)());
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => [key, sorted(record[key])]),
  );
}

/** JSON with object keys sorted recursively, no whitespace and `undefined` members left out: the text that is hashed and signed. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

/** SHA-256 hex of the request's canonical JSON: what a response names and signs. */
export function requestHash(request: CosignRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

export function encodeRequest(request: CosignRequest): string {
  return encodeCode('request', canonicalJson(request));
}

function readTarget(fields: Fields): CosignTarget {
  const target = { kind: fields.string('kind'), name: fields.string('name'), production: fields.boolean('production') };
  fields.done();
  return target;
}

/** The request in a code a person pasted; throws an Error worded for them when it is not one or is damaged. */
export function decodeRequest(code: string): CosignRequest {
  const fields = new Fields('request', decodeCode('request', code));
  fields.version();
  const commandLine = fields.string('commandLine');
  const cwd = fields.string('cwd');
  const target = fields.has('target') ? readTarget(fields.object('target')) : undefined;
  const agent = fields.string('agent');
  const level = fields.string('level');
  const rule = fields.string('rule');
  const reason = fields.string('reason');
  const requesterFields = fields.object('requester');
  const requester = { name: requesterFields.string('name'), keyId: requesterFields.string('keyId', keyIdPattern, 'a key id (16 hex digits)') };
  requesterFields.done();
  const nonce = fields.string('nonce', noncePattern, 'a nonce (22 base64url characters)');
  const expires = fields.time('expires');
  fields.done();
  return pick({ commandLine, cwd, target, agent, level, rule, reason, requester }, nonce, expires);
}
