// The door's wire: frames of a one-byte kind, a four-byte length and the bytes, so stdin, stdout, stderr and the
// answer share one loopback connection (the sandbox forbids Unix sockets, not loopback TCP).
import type { CheckParams, CheckResult } from '../../protocol/broker';

/** Set inside the sandbox by `four-eyes sandbox`: where its door listens, and the token every connection brings. */
export const doorVariableNames = { address: 'FOUR_EYES_DOOR', token: 'FOUR_EYES_DOOR_TOKEN' } as const;

/** What a client inside sends first. `run`: a shimmed tool's call; `check`: a hook's question, relayed. */
export type DoorHeader =
  | { readonly token: string; readonly kind: 'run'; readonly argv: readonly string[]; readonly cwd: string; readonly env: Readonly<Record<string, string>>; readonly pid: number; readonly stdin: boolean }
  | { readonly token: string; readonly kind: 'check'; readonly params: CheckParams; readonly pid: number };

/** What the door sends last: the tool's exit code, or 126 and why nothing ran; for a relayed check, the broker's answer. */
export type DoorExit = { readonly code: number; readonly reason?: string } | { readonly answer: CheckResult } | { readonly failure: string };

export const frameKinds = {
  /** Client → door, first: the request, JSON. */
  header: 0x68,
  /** Client → door: the tool's standard input, then its end. */
  input: 0x69,
  inputEnd: 0x65,
  /** Door → client: the tool's output. */
  output: 0x6f,
  error: 0x72,
  /** Door → client, last: `{ code }` (126 with a reason when nothing ran) or a relayed answer. */
  exit: 0x78,
} as const;

export type FrameKind = (typeof frameKinds)[keyof typeof frameKinds];

/** Headers are small (the engine reads at most 32 KiB of a line); a bigger frame is not from a client of ours. */
export const maxHeaderBytes = 1024 * 1024;
const maxFrameBytes = 16 * 1024 * 1024;

export function frame(kind: FrameKind, payload: Buffer | string = ''): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.alloc(5);
  head[0] = kind;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Calls `onFrame` for each whole frame read from `socket`; a frame past the limit ends the connection. */
/** A connection as far as reading frames goes. */
export interface FrameSource {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  destroy(): void;
}

export function readFrames(socket: FrameSource, onFrame: (kind: number, payload: Buffer) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (length > maxFrameBytes) {
        socket.destroy();
        return;
      }
      if (pending.length < 5 + length) return;
      const kind = pending[0];
      const payload = pending.subarray(5, 5 + length);
      pending = pending.subarray(5 + length);
      onFrame(kind, payload);
    }
  });
}
