// A co-signature response: the second person's signed decision on one request, as a code they send back.
import { sign } from 'node:crypto';
import { approverKey } from '../policy/file';
import { decodeCode, encodeCode, Fields } from './code';
import { privateKeyObject, publicKeyOf } from './keys';
import { canonicalJson, requestHash, type CosignRequest } from './request';

export type CosignDecision = 'approve' | 'decline';

export interface CosignResponse {
  readonly version: 1;
  /** `requestHash` of the request decided on. */
  readonly requestHash: string;
  readonly decision: CosignDecision;
  readonly signer: { readonly name: string; readonly publicKey: string };
  /** ISO time, as the signer's clock had it. */
  readonly signedAt: string;
  /** Base64 Ed25519 signature over `signedMessage` of the other members. */
  readonly signature: string;
}

export type UnsignedResponse = Omit<CosignResponse, 'signature'>;

// Domain separation: no other Four Eyes signature, present or future, can be passed off as a co-signature.
const domain = 'four-eyes-cosign-v1\n';

/** The bytes the signature covers. */
export function signedMessage(unsigned: UnsignedResponse): Buffer {
  const { version, requestHash, decision, signer, signedAt } = unsigned;
  return Buffer.from(domain + canonicalJson({ version, requestHash, decision, signer: { name: signer.name, publicKey: signer.publicKey }, signedAt }), 'utf8');
}

/** Throws when the private key is not an Ed25519 PEM key, with a message a person understands. */
export function signResponse(request: CosignRequest, decision: CosignDecision, signer: { readonly name: string; readonly privateKey: string }, now: number): CosignResponse {
  const unsigned: UnsignedResponse = {
    version: 1,
    requestHash: requestHash(request),
    decision,
    signer: { name: signer.name, publicKey: publicKeyOf(signer.privateKey) },
    signedAt: new Date(now).toISOString(),
  };
  return { ...unsigned, signature: sign(null, signedMessage(unsigned), privateKeyObject(signer.privateKey)).toString('base64') };
}

export function encodeResponse(response: CosignResponse): string {
  return encodeCode('response', canonicalJson(response));
}

/** The response in a code a person pasted; throws an Error worded for them when it is not one or is damaged. */
export function decodeResponse(code: string): CosignResponse {
  const fields = new Fields('response', decodeCode('response', code));
  fields.version();
  const hash = fields.string('requestHash', /^[0-9a-f]{64}$/, 'a SHA-256 hash');
  const decision = fields.string('decision', /^(approve|decline)$/, '"approve" or "decline"') as CosignDecision;
  const signerFields = fields.object('signer');
  const signer = { name: signerFields.string('name'), publicKey: signerFields.string('publicKey', approverKey, 'an ed25519 key') };
  signerFields.done();
  const signedAt = fields.time('signedAt');
  // 64 bytes in base64: 86 characters and two `=`.
  const signature = fields.string('signature', /^[A-Za-z0-9+/]{86}==$/, 'an Ed25519 signature');
  fields.done();
  return { version: 1, requestHash: hash, decision, signer, signedAt, signature };
}
