// Inside the sandbox, from Node: a call or a hook's question goes out through the door `four-eyes sandbox` keeps.
// The shims speak the same wire from bash (core/shims/door.ts); this side serves `four-eyes shim` and the hook.
import type { Socket } from 'node:net';
import { doorVariables } from '../../core/sandbox/door';
import { malformedCheckResult, type CheckParams, type CheckResult } from '../../protocol/broker';
import { doorMagic, doorVariableNames, hello } from './wire';

export interface DoorAddress {
  readonly host: string;
  readonly port: number;
  readonly token: string;
}

/** The door of the sandbox this process runs in, from the variables `four-eyes sandbox` set. */
export function doorOf(env: Readonly<Record<string, string | undefined>>): DoorAddress | undefined {
  const address = env[doorVariableNames.address];
  const token = env[doorVariableNames.token];
  const found = address ? /^(127\.0\.0\.1):(\d+)$/.exec(address) : null;
  return found && token ? { host: found[1], port: Number(found[2]), token } : undefined;
}

function open(door: DoorAddress, fields: readonly string[]): Promise<Socket> {
  // Required on first use: a hook that decides locally never loads `net`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { connect } = require('node:net') as typeof import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect(door.port, door.host, () => {
      socket.off('error', reject);
      socket.write(hello([doorMagic, ...fields]));
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => resolve(text));
    socket.once('close', () => resolve(text));
  });
}

/** Runs `argv` outside through the door; resolves to its exit code, or 126 after saying why nothing ran. */
export async function runThroughDoor(door: DoorAddress, argv: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>>, refuse: (reason: string) => number): Promise<number> {
  // A terminal's keystrokes are the person's, not the tool's: only piped input goes out (`kubectl apply -f -`).
  const input = !process.stdin.isTTY;
  // Pairs this call's connections; the token is what keeps others out.
  const id = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const pairs = Object.entries(doorVariables(env)).map(([name, value]) => `${name}=${value}`);
  let sockets: Socket[];
  try {
    sockets = await Promise.all([
      open(door, ['run', door.token, id, String(process.pid), cwd, input ? 'yes' : 'no', String(argv.length), ...argv, ...pairs, '']),
      open(door, ['err', door.token, id]),
      open(door, ['exit', door.token, id]),
      ...(input ? [open(door, ['in', door.token, id])] : []),
    ]);
  } catch (error) {
    return refuse(`the sandbox's door could not be reached (${(error as Error).message}); nothing ran`);
  }
  const [output, errors, exit, stdin] = sockets;
  if (stdin) process.stdin.pipe(stdin);
  // The streams are separate connections: the exit code may come before the last output, so wait for all three.
  const drained = (socket: Socket, into: NodeJS.WritableStream): Promise<void> =>
    new Promise((resolve) => {
      socket.pipe(into, { end: false });
      socket.once('close', () => resolve());
    });
  const [, , said] = await Promise.all([drained(output, process.stdout), drained(errors, process.stderr), readAll(exit)]);
  const code = Number(said.trim());
  process.stdin.unpipe();
  process.stdin.pause();
  for (const socket of sockets) socket.destroy();
  return Number.isInteger(code) ? code : refuse("the sandbox's door closed without an answer; nothing ran");
}

/** A hook's question to the broker, relayed by the door: the broker learns it comes from inside the sandbox. */
export async function checkThroughDoor(door: DoorAddress, params: CheckParams): Promise<CheckResult> {
  const socket = await open(door, ['check', door.token, String(process.pid), JSON.stringify(params)]);
  const line = await readAll(socket);
  let body: { answer?: CheckResult; failure?: string };
  try {
    body = JSON.parse(line) as typeof body;
  } catch {
    throw new Error("the sandbox's door closed without an answer");
  }
  if (body.answer === undefined) throw new Error(body.failure ?? 'the door answered something else');
  const malformed = malformedCheckResult(body.answer);
  if (malformed) throw new Error(`the broker's answer is not one Four Eyes gives (${malformed})`);
  return body.answer;
}
