// The door's wire, simple enough for bash's /dev/tcp: each connection opens with NUL-terminated fields, then carries
// one stream. A run takes three or four connections (its stdout, stderr, exit code and, when piped, its stdin), so no
// stream needs framing and a shim needs no Node to use the door.

/** First field of every connection. */
export const doorMagic = 'four-eyes-door/1';

/** Set inside the sandbox by `four-eyes sandbox`: where its door listens, and the token every connection brings. */
export const doorVariableNames = { address: 'FOUR_EYES_DOOR', token: 'FOUR_EYES_DOOR_TOKEN' } as const;

/**
 * `run`: token, id, pid, cwd, `yes`|`no` (stdin follows on an `in` connection), argc, argv…, then `NAME=value` fields
 * until an empty one; the connection then carries the tool's stdout. `err`, `exit`, `in`: token, id; they carry
 * stderr, the exit code as one line, and stdin. `check`: token, pid, a hook's CheckParams as JSON; the answer comes
 * back as one JSON line.
 */
export type DoorHello =
  | { readonly role: 'run'; readonly token: string; readonly id: string; readonly pid: number; readonly cwd: string; readonly input: boolean; readonly argv: readonly string[]; readonly env: Readonly<Record<string, string>> }
  | { readonly role: 'err' | 'exit' | 'in'; readonly token: string; readonly id: string }
  | { readonly role: 'check'; readonly token: string; readonly pid: number; readonly params: string };

/** Hellos are small (the engine reads at most 32 KiB of a command line); a bigger one is not from a client of ours. */
export const maxHelloBytes = 1024 * 1024;

/** Parses a hello from the bytes read so far: the hello and the bytes after it, `undefined` to wait for more, `null` when it can never be one. */
export function parseHello(bytes: Buffer): { readonly hello: DoorHello; readonly rest: Buffer } | undefined | null {
  const fields: string[] = [];
  let start = 0;
  const field = (): string | undefined => {
    const end = bytes.indexOf(0, start);
    if (end < 0) return undefined;
    const text = bytes.subarray(start, end).toString('utf8');
    start = end + 1;
    fields.push(text);
    return text;
  };
  const want = (count: number): boolean => {
    for (let index = 0; index < count; index++) if (field() === undefined) return false;
    return true;
  };
  const incomplete = (): undefined | null => (bytes.length > maxHelloBytes ? null : undefined);
  if (!want(2)) return incomplete();
  if (fields[0] !== doorMagic) return null;
  const role = fields[1];
  if (role === 'err' || role === 'exit' || role === 'in') {
    if (!want(2)) return incomplete();
    return { hello: { role, token: fields[2], id: fields[3] }, rest: bytes.subarray(start) };
  }
  if (role === 'check') {
    if (!want(3)) return incomplete();
    return { hello: { role, token: fields[2], pid: Number(fields[3]), params: fields[4] }, rest: bytes.subarray(start) };
  }
  if (role !== 'run') return null;
  if (!want(6)) return incomplete();
  const [, , token, id, pid, cwd, input, count] = fields;
  const argc = Number(count);
  if (!Number.isInteger(argc) || argc < 1 || argc > 100_000) return null;
  if (!want(argc)) return incomplete();
  const argv = fields.slice(8, 8 + argc);
  const env: Record<string, string> = {};
  for (;;) {
    const pair = field();
    if (pair === undefined) return incomplete();
    if (pair === '') break;
    const equals = pair.indexOf('=');
    if (equals > 0) env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return { hello: { role, token, id, pid: Number(pid), cwd, input: input === 'yes', argv, env }, rest: bytes.subarray(start) };
}

/** A hello as the client writes it. */
export function hello(fields: readonly string[]): Buffer {
  return Buffer.from(fields.map((text) => `${text}\0`).join(''), 'utf8');
}
