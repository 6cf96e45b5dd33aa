// The text codes people pass between machines: a prefix and base64url JSON, checked field by field when read back.

export type CodeKind = 'request' | 'response';

export const codePrefixes: Record<CodeKind, string> = { request: 'FE1-REQ-', response: 'FE1-SIG-' };

const otherKind: Record<CodeKind, CodeKind> = { request: 'response', response: 'request' };

/** Where a code of the wrong kind belongs, so a person who pasted it into the wrong place knows where it goes. */
const belongs: Record<CodeKind, string> = {
  request: 'it goes to the person who co-signs, who runs `four-eyes cosign` with it',
  response: 'it goes back to the person whose command waits, who pastes it into Four Eyes',
};

export function encodeCode(kind: CodeKind, json: string): string {
  return codePrefixes[kind] + Buffer.from(json, 'utf8').toString('base64url');
}

/** A decoding failure, worded for the person who pasted the code. */
export function damaged(kind: CodeKind, detail: string): Error {
  return new Error(`The ${kind} code is damaged: ${detail}.`);
}

/** The JSON value inside a code; tolerates surrounding whitespace and line breaks from wrapped text. */
export function decodeCode(kind: CodeKind, code: string): unknown {
  const text = typeof code === 'string' ? code.replace(/\s+/g, '') : '';
  if (!text.startsWith(codePrefixes[kind])) {
    const other = otherKind[kind];
    if (text.startsWith(codePrefixes[other])) throw new Error(`This is a Four Eyes co-signature ${other} code, not a ${kind} code: ${belongs[other]}.`);
    throw new Error(`This is not a Four Eyes co-signature ${kind} code.`);
  }
  const body = text.slice(codePrefixes[kind].length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw damaged(kind, body ? 'it contains characters a code never has' : 'it ends after its prefix');
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw damaged(kind, 'it was cut short or altered; copy the whole code again');
  }
}

/** Reads one JSON object's members strictly: each of the expected type, none missing, none unknown. */
export class Fields {
  private readonly seen = new Set<string>();
  private readonly record: Record<string, unknown>;

  constructor(
    private readonly kind: CodeKind,
    value: unknown,
    private readonly path: string = '',
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged(kind, `${path ? `"${path}"` : 'its content'} is not an object`);
    this.record = value as Record<string, unknown>;
  }

  private name(key: string): string {
    return `"${this.path ? `${this.path}.` : ''}${key}"`;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.record, key);
  }

  private take(key: string): unknown {
    this.seen.add(key);
    if (!this.has(key)) throw damaged(this.kind, `${this.name(key)} is missing`);
    return this.record[key];
  }

  string(key: string, pattern?: RegExp, expected = 'text'): string {
    const value = this.take(key);
    if (typeof value !== 'string' || (pattern && !pattern.test(value))) throw damaged(this.kind, `${this.name(key)} is not ${expected}`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.take(key);
    if (typeof value !== 'boolean') throw damaged(this.kind, `${this.name(key)} is not true or false`);
    return value;
  }

  /** The format version, read first so a newer code gets a message about versions, not about fields. */
  version(): 1 {
    const value = this.take('version');
    if (typeof value === 'number' && Number.isInteger(value) && value > 1) throw new Error(`This ${this.kind} code needs a newer version of Four Eyes (code format ${value}).`);
    if (value !== 1) throw damaged(this.kind, '"version" is not 1');
    return 1;
  }

  /** A UTC time as `Date.toISOString` writes it. */
  time(key: string): string {
    const value = this.string(key, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'a time');
    if (Number.isNaN(Date.parse(value))) throw damaged(this.kind, `${this.name(key)} is not a time`);
    return value;
  }

  object(key: string): Fields {
    return new Fields(this.kind, this.take(key), this.path ? `${this.path}.${key}` : key);
  }

  /** Call once every member was read: an unknown member would change the hash the other side computes. */
  done(): void {
    const unknown = Object.keys(this.record).find((key) => !this.seen.has(key));
    if (unknown !== undefined) throw damaged(this.kind, `it has an unknown field ${this.name(unknown)}`);
  }
}
