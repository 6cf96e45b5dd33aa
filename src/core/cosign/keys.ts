// Approver keys: Ed25519 pairs, the public half written `ed25519:<base64>` as the policy's `approvers` list holds it.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { approverKey } from '../policy/file';

const prefix = 'ed25519:';

export interface ApproverKeyPair {
  /** `ed25519:` and the raw 32-byte key in standard base64. */
  readonly publicKey: string;
  /** PKCS#8 PEM text. */
  readonly privateKey: string;
}

/** The policy form of a public key object. */
function written(key: KeyObject): string {
  const { x } = key.export({ format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519' || x === undefined) throw new Error('not an Ed25519 key');
  return prefix + Buffer.from(x, 'base64url').toString('base64');
}

export function generateApproverKey(): ApproverKeyPair {
  const pair = generateKeyPairSync('ed25519');
  return { publicKey: written(pair.publicKey), privateKey: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

/** The private key object for PEM text, with an error a person understands when it is not an Ed25519 private key. */
export function privateKeyObject(privateKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  } catch {
    throw new Error('This is not a private key: expected the PEM text `four-eyes cosign keygen` writes (-----BEGIN PRIVATE KEY-----).');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`This private key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not Ed25519: create an approver key with \`four-eyes cosign keygen\`.`);
  return key;
}

export function publicKeyOf(privateKeyPem: string): string {
  return written(createPublicKey(privateKeyObject(privateKeyPem)));
}

/** The raw 32 bytes of a key in policy form, or undefined when it is not one. */
function rawKey(publicKey: string): Buffer | undefined {
  return typeof publicKey === 'string' && approverKey.test(publicKey) ? Buffer.from(publicKey.slice(prefix.length), 'base64') : undefined;
}

/** The public key object for a key in policy form, or undefined when it is malformed (never throws). */
export function publicKeyObject(publicKey: string): KeyObject | undefined {
  const raw = rawKey(publicKey);
  if (!raw) return undefined;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** A short id people can read aloud and compare: the first 16 hex digits of SHA-256 over the raw key. */
export function keyId(publicKey: string): string {
  const raw = rawKey(publicKey);
  if (!raw) throw new Error('This is not an approver key: expected "ed25519:" and a 32-byte key in base64 (44 characters).');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}
