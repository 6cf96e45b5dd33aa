// Whether a co-signature response lets the request the broker holds go ahead: every check names its own failure.
import { verify } from 'node:crypto';
import type { Approver } from '../policy/file';
import { keyId, publicKeyObject } from './keys';
import { requestHash, type CosignRequest } from './request';
import { signedMessage, type CosignDecision, type CosignResponse } from './response';

export type CosignVerdict =
  | { readonly ok: true; readonly decision: CosignDecision; /** The name the policy's approvers list gives the key. */ readonly signer: string }
  | { readonly ok: false; readonly reason: string };

export interface VerifyInput {
  /** The broker's own copy, never one decoded from a code. */
  readonly request: CosignRequest;
  readonly response: CosignResponse;
  /** The merged policy's approvers. */
  readonly approvers: readonly Approver[];
  readonly now: number;
  /** Nonces of requests already completed on this machine. */
  readonly usedNonces: ReadonlySet<string>;
}

function signatureHolds(response: CosignResponse): boolean {
  const key = publicKeyObject(response.signer.publicKey);
  if (!key || typeof response.signature !== 'string') return false;
  try {
    return verify(null, signedMessage(response), key, Buffer.from(response.signature, 'base64'));
  } catch {
    return false;
  }
}

function refuse(reason: string): CosignVerdict {
  return { ok: false, reason };
}

/** Never throws: a malformed response is a refusal like any other. */
export function verifyResponse(input: VerifyInput): CosignVerdict {
  const { request, response, approvers, now, usedNonces } = input;
  if (typeof response !== 'object' || response === null || typeof response.signer !== 'object' || response.signer === null) return refuse('the response is not a co-signature');
  if (response.version !== 1) return refuse(`the response has an unknown format version (${String(response.version)})`);
  if (response.decision !== 'approve' && response.decision !== 'decline') return refuse(`the response's decision "${String(response.decision)}" is neither approve nor decline`);
  if (response.requestHash !== requestHash(request)) return refuse('the response is for a different request');
  if (!signatureHolds(response)) return refuse('the signature does not match: the response was altered, or not signed with the key it names');
  const signerId = keyId(response.signer.publicKey);
  const approver = approvers.find((candidate) => candidate.publicKey === response.signer.publicKey);
  if (!approver) return refuse(`the signing key ${signerId} ("${response.signer.name}") is not among the approvers confirmed for this editor`);
  if (signerId === request.requester.keyId) return refuse('you cannot co-sign your own request');
  const expires = Date.parse(request.expires);
  if (!(now < expires)) return refuse(`the request expired at ${request.expires}`);
  if (usedNonces.has(request.nonce)) return refuse('this request was already used: each co-signature lets one command run once');
  // The key id goes with the name everywhere it is shown or logged: a name alone is anyone's to type.
  return { ok: true, decision: response.decision, signer: `${approver.name} (key ${signerId})` };
}
