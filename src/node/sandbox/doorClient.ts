// Inside the sandbox: a shimmed tool's call or a hook's question goes out through the door that `four-eyes sandbox` keeps.
import type { Socket } from 'node:net';
import type { CheckParams, CheckResult } from '../../protocol/broker';
import { doorVariableNames, frame, frameKinds, readFrames, type DoorExit, type DoorHeader } from './frames';

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

/** Sends `header` and feeds frames to `onFrame` until the door's last one; rejects when the connection ends first. */
function exchange(door: DoorAddress, header: DoorHeader, onFrame: (kind: number, payload: Buffer, socket: Socket) => void): Promise<DoorExit> {
  // Required on first use: a hook that decides locally never loads `net`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { connect } = require('node:net') as typeof import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect(door.port, door.host);
    let exit: DoorExit | undefined;
    socket.once('error', (error) => reject(new Error(`the sandbox's door could not be reached (${error.message})`)));
    socket.once('close', () => (exit ? resolve(exit) : reject(new Error("the sandbox's door closed without an answer"))));
    readFrames(socket, (kind, payload) => {
      if (kind !== frameKinds.exit) return onFrame(kind, payload, socket);
      try {
        exit = JSON.parse(payload.toString('utf8')) as DoorExit;
      } catch {
        socket.destroy();
      }
    });
    socket.write(frame(frameKinds.header, JSON.stringify(header)));
    onFrame(-1, Buffer.alloc(0), socket);
  });
}

/** Runs `argv` outside through the door; resolves to its exit code, or 126 after saying why nothing ran. */
export async function runThroughDoor(door: DoorAddress, argv: readonly string[], cwd: string, env: Readonly<Record<string, string>>, refuse: (reason: string) => number): Promise<number> {
  // A terminal's keystrokes are the person's, not the tool's: only piped input goes out (`kubectl apply -f -`).
  const stdin = !process.stdin.isTTY;
  let exit: DoorExit;
  try {
    exit = await exchange(door, { token: door.token, kind: 'run', argv, cwd, env, pid: process.pid, stdin }, (kind, payload, socket) => {
      if (kind === -1 && stdin) {
        process.stdin.on('data', (chunk: Buffer) => socket.write(frame(frameKinds.input, chunk)));
        process.stdin.once('end', () => socket.write(frame(frameKinds.inputEnd)));
        process.stdin.once('error', () => socket.write(frame(frameKinds.inputEnd)));
      } else if (kind === frameKinds.output) process.stdout.write(payload);
      else if (kind === frameKinds.error) process.stderr.write(payload);
    });
  } catch (error) {
    return refuse(`${(error as Error).message}; nothing ran`);
  } finally {
    process.stdin.pause();
    process.stdin.unref?.();
  }
  if ('code' in exit) return exit.reason !== undefined ? refuse(exit.reason) : exit.code;
  return refuse('the door answered something else');
}

/** A hook's question to the broker, relayed by the door: the broker learns it comes from inside the sandbox. */
export async function checkThroughDoor(door: DoorAddress, params: CheckParams): Promise<CheckResult> {
  const exit = await exchange(door, { token: door.token, kind: 'check', params, pid: process.pid }, () => undefined);
  if ('answer' in exit) return exit.answer;
  throw new Error('failure' in exit ? exit.failure : (exit.reason ?? 'the door answered something else'));
}
