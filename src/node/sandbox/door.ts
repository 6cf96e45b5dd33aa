// The door out of the sandbox (DESIGN §2a), kept by `four-eyes sandbox` outside it: a shimmed tool inside asks here,
// the broker decides, and only an allowed call runs, out here, with the person's credentials, exactly as asked.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import * as path from 'node:path';
import { doorRefusal, doorVariables } from '../../core/sandbox/door';
import { quoteArgv } from '../../core/shell/quote';
import { forwardedVariables, type CheckParams, type CheckResult } from '../../protocol/broker';
import { requestBroker, type BrokerAddress } from '../broker/client';
import { realProgram } from '../program';
import { peersKnowable, tcpPeer } from '../broker/peer';
import { doorVariableNames, frame, frameKinds, maxHeaderBytes, readFrames, type DoorExit, type DoorHeader } from './frames';

/** Exit code when nothing ran, as the shims use it. */
export const notRun = 126;

/** Long enough for the broker's own timeout (10 minutes by default) to answer first. */
const answerTimeoutMs = 15 * 60 * 1000;
const headerTimeoutMs = 10_000;

export interface DoorOptions {
  /** The person's environment out here: what allowed tools run with, PATH included. */
  readonly outside: Readonly<Record<string, string | undefined>>;
  /** The window's broker for a working directory, if one runs. */
  readonly broker: (cwd: string) => BrokerAddress | undefined;
}

export interface Door {
  /** `127.0.0.1:port`. */
  readonly address: string;
  readonly token: string;
  close(): Promise<void>;
}

function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseHeader(payload: Buffer): DoorHeader | undefined {
  try {
    const header = JSON.parse(payload.toString('utf8')) as DoorHeader;
    if (header.kind === 'run' && Array.isArray(header.argv) && header.argv.every((arg) => typeof arg === 'string') && typeof header.cwd === 'string' && typeof header.env === 'object') return header;
    if (header.kind === 'check' && typeof header.params === 'object' && header.params !== null) return header;
  } catch {
    // Not a client of ours.
  }
  return undefined;
}

function pick(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

/** The environment an allowed tool runs with: the person's own, with only the inside's choice of profile, workspace or project. */
function runEnvironment(outside: Readonly<Record<string, string | undefined>>, inside: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(outside)) if (value !== undefined) env[name] = value;
  for (const name of Object.values(doorVariableNames)) delete env[name];
  delete env.ELECTRON_RUN_AS_NODE;
  return { ...env, ...doorVariables(inside) };
}

class Connection {
  private child: ChildProcess | undefined;
  /** Input that came before the tool started. */
  private readonly early: Buffer[] = [];
  private inputEnded = false;
  private done = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: DoorOptions,
    private readonly token: string,
    private readonly port: number,
  ) {}

  start(): void {
    const accepted = process.hrtime.bigint();
    const timer = setTimeout(() => this.socket.destroy(), headerTimeoutMs);
    let header: DoorHeader | undefined;
    readFrames(this.socket, (kind, payload) => {
      if (header === undefined) {
        clearTimeout(timer);
        header = kind === frameKinds.header && payload.length <= maxHeaderBytes ? parseHeader(payload) : undefined;
        if (!header || !sameToken(header.token, this.token)) return void this.socket.destroy();
        void this.serve(header, accepted).catch((error: unknown) => this.refuse(`the door failed: ${(error as Error).message}`));
      } else if (kind === frameKinds.input) this.input(payload);
      else if (kind === frameKinds.inputEnd) this.endInput();
    });
    this.socket.on('error', () => undefined);
    // The shim went away (Ctrl+C, the agent's own timeout): so does the tool.
    this.socket.on('close', () => {
      if (this.done || !this.child) return;
      this.child.kill('SIGTERM');
      setTimeout(() => this.child?.kill('SIGKILL'), 5000).unref();
    });
  }

  private input(payload: Buffer): void {
    if (this.child?.stdin) this.child.stdin.write(payload);
    else this.early.push(payload);
  }

  private endInput(): void {
    this.inputEnded = true;
    this.child?.stdin?.end();
  }

  private finish(exit: DoorExit): void {
    if (this.done) return;
    this.done = true;
    this.socket.end(frame(frameKinds.exit, JSON.stringify(exit)));
  }

  private refuse(reason: string): void {
    this.finish({ code: notRun, reason });
  }

  /** The process inside that asked, by the kernel's table of connections; it claims its pid, the kernel confirms it. */
  private async asker(header: DoorHeader, accepted: bigint): Promise<number | undefined> {
    const remote = this.socket.remotePort;
    if (remote === undefined) return undefined;
    return (await tcpPeer(this.port, remote, accepted, typeof header.pid === 'number' ? header.pid : undefined))?.pid;
  }

  private async serve(header: DoorHeader, accepted: bigint): Promise<void> {
    const inside = await this.asker(header, accepted);
    if (inside === undefined && peersKnowable()) return this.refuse('Four Eyes could not tell which process asked');
    const cwd = header.kind === 'run' ? header.cwd : header.params.cwd;
    const address = this.options.broker(cwd);
    if (header.kind === 'check') {
      if (!address) return this.finish({ failure: `no Four Eyes broker is running for ${cwd}` });
      const params: CheckParams = { ...header.params, pid: process.pid, ...(inside !== undefined ? { inside } : {}) };
      return requestBroker(address, 'check', params, answerTimeoutMs).then(
        (answer) => this.finish({ answer }),
        (error: unknown) => this.finish({ failure: (error as Error).message }),
      );
    }
    const refusal = doorRefusal(header.argv);
    if (refusal) return this.refuse(refusal);
    if (!path.isAbsolute(cwd) || !isFolder(cwd)) return this.refuse(`its working directory ${cwd} is not a folder out here`);
    if (!address) return this.refuse(`no Four Eyes broker is running for ${cwd}, so no one can approve it. Open this folder in VS Code with Four Eyes.`);
    const env = runEnvironment(this.options.outside, header.env);
    const params: CheckParams = { channel: 'sandbox', argv: header.argv, cwd, env: pick(env, forwardedVariables), pid: process.pid, ...(inside !== undefined ? { inside } : {}) };
    let answer: CheckResult;
    try {
      answer = await requestBroker(address, 'check', params, answerTimeoutMs);
    } catch (error) {
      return this.refuse(`the Four Eyes broker in VS Code could not be reached (${(error as Error).message}); a person must approve this in VS Code.`);
    }
    if (answer.decision !== 'allow') return this.refuse(answer.reason);
    if (this.socket.destroyed) return;
    this.run(header.argv, cwd, env, header.stdin);
  }

  private run(argv: readonly string[], cwd: string, env: Record<string, string>, stdin: boolean): void {
    const [program, ...args] = argv;
    const real = realProgram(program, env.PATH ?? '');
    if (!real) return this.refuse(`no ${program} on the person's PATH outside the sandbox`);
    const child = spawn(real, args, { cwd, env, stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    this.child = child;
    for (const chunk of this.early.splice(0)) child.stdin?.write(chunk);
    if (this.inputEnded) child.stdin?.end();
    child.stdin?.on('error', () => undefined);
    const relay = (stream: NodeJS.ReadableStream | null, kind: typeof frameKinds.output | typeof frameKinds.error): void => {
      stream?.on('data', (chunk: Buffer) => {
        // The shim reads slower than the tool writes: hold the tool, not the memory.
        if (!this.socket.write(frame(kind, chunk))) {
          stream.pause();
          this.socket.once('drain', () => stream.resume());
        }
      });
    };
    relay(child.stdout, frameKinds.output);
    relay(child.stderr, frameKinds.error);
    child.once('error', (error) => this.refuse(`${quoteArgv(argv)}: ${error.message}`));
    child.once('close', (code, signal) => this.finish({ code: code ?? 128 + (signal ? signalNumber(signal) : 0) }));
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:os') as typeof import('node:os')).constants.signals[signal] ?? 0;
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** Opens the door on loopback: the sandbox keeps loopback TCP, and every connection must bring the token. */
export function openDoor(options: DoorOptions): Promise<Door> {
  const token = randomBytes(24).toString('hex');
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const port = (server.address() as { port: number }).port;
    new Connection(socket, options, token, port).start();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        address: `127.0.0.1:${port}`,
        token,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
