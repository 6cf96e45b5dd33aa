// The door out of the sandbox (DESIGN §2a), kept by `four-eyes sandbox` outside it: a shimmed tool inside asks here,
// the broker decides, and only an allowed call runs, out here, with the person's credentials, exactly as asked.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { constants } from 'node:os';
import * as path from 'node:path';
import { doorRefusal, doorVariables } from '../../core/sandbox/door';
import { isWithin } from '../../core/model/paths';
import { quoteArgv } from '../../core/shell/quote';
import { visible } from '../../core/text/visible';
import { forwardedVariables, type CheckParams, type CheckResult } from '../../protocol/broker';
import { BrokerLink, type BrokerAddress } from '../broker/client';
import { loopbackPeerBelow, peersKnowable } from '../broker/peer';
import { realProgram } from '../program';
import { doorVariableNames, parseHello, type DoorHello } from './wire';

/** Exit code when nothing ran, as the shims use it. */
export const notRun = 126;

/** Long enough for the broker's own timeout (10 minutes by default) to answer first. */
const answerTimeoutMs = 15 * 60 * 1000;
/** A run's other connections come at once; one that does not is a client gone wrong. */
const joinTimeoutMs = 10_000;

export interface DoorOptions {
  /** The person's environment out here: what allowed tools run with, PATH included. */
  readonly outside: Readonly<Record<string, string | undefined>>;
  /** The window's broker for a working directory, if one runs. */
  /** The window's broker for a folder, or why there is none a person could answer through. */
  readonly broker: (cwd: string) => BrokerAddress | string;
  /** Folders the agent inside can write (the workspace, its state folders): no program out here is taken from them. */
  readonly agentWritable: readonly string[];
}

export interface Door {
  /** `127.0.0.1:port`. */
  readonly address: string;
  readonly token: string;
  close(): Promise<void>;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function pick(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

/**
 * PATH without the folders the agent can write or that depend on the cwd it chose (`node_modules/.bin`, `.`): a
 * `terraform` or `kubectl-x` plugin planted there would otherwise run out here with the credentials.
 */
function trustedPath(path: string, agentWritable: readonly string[]): string {
  return path
    .split(':')
    .filter((folder) => folder.startsWith('/') && !agentWritable.some((root) => isWithin(folder, root)))
    .join(':');
}

/** The environment an allowed tool runs with: the person's own, with only the inside's choice of profile, workspace or project. */
function runEnvironment(options: DoorOptions, inside: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.outside)) if (value !== undefined) env[name] = value;
  env.PATH = trustedPath(env.PATH ?? '', options.agentWritable);
  for (const name of Object.values(doorVariableNames)) delete env[name];
  delete env.ELECTRON_RUN_AS_NODE;
  return { ...env, ...doorVariables(inside) };
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The process that holds the other end of `socket`, among this process's descendants: everything in the sandbox
 * descends from the launcher, and a pid a client sends is its pid in the sandbox's namespace, not out here.
 */
function askerOf(socket: Socket, port: number): number | undefined {
  const remote = socket.remotePort;
  return remote === undefined ? undefined : loopbackPeerBelow(port, remote, process.pid)?.pid;
}

type RunHello = Extract<DoorHello, { role: 'run' }>;

/** One call through the door: its connections as they arrive, then the broker's answer, then the tool. */
class Run {
  readonly streams = new Map<'err' | 'exit' | 'in', { socket: Socket; rest: Buffer }>();
  private child: ChildProcess | undefined;
  /** The broker's link while this call waits for its answer. */
  private asking: BrokerLink | undefined;
  private done = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly door: DoorState,
    readonly hello: RunHello,
    private readonly socket: Socket,
  ) {
    this.timer = setTimeout(() => this.abandon(), joinTimeoutMs);
    socket.once('close', () => this.gone());
  }

  join(role: 'err' | 'exit' | 'in', socket: Socket, rest: Buffer): void {
    this.streams.set(role, { socket, rest });
    if (role !== 'in') socket.once('close', () => this.gone());
    if (this.streams.has('err') && this.streams.has('exit') && (!this.hello.input || this.streams.has('in'))) {
      clearTimeout(this.timer);
      void this.serve().catch((error: unknown) => this.refuse(`the door failed: ${(error as Error).message}`));
    }
  }

  private abandon(): void {
    this.door.runs.delete(this.hello.id);
    this.socket.destroy();
    for (const { socket } of this.streams.values()) socket.destroy();
  }

  /** The shim went away (Ctrl+C, the agent's own timeout): so does the tool. */
  private gone(): void {
    if (this.done) return;
    clearTimeout(this.timer);
    // Its dialog must close: the link withdraws what waits on it (other calls waiting then are refused, and ask again).
    this.asking?.close();
    if (!this.child) return;
    this.child.kill('SIGTERM');
    setTimeout(() => this.child?.kill('SIGKILL'), 5000).unref();
  }

  private finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.door.runs.delete(this.hello.id);
    this.socket.end();
    this.streams.get('err')?.socket.end();
    this.streams.get('in')?.socket.destroy();
    this.streams.get('exit')?.socket.end(`${code}\n`);
  }

  private refuse(reason: string): void {
    this.streams.get('err')?.socket.write(`Four Eyes: \`${visible(quoteArgv(this.hello.argv))}\` was not run: ${visible(reason)}\n`);
    this.finish(notRun);
  }

  /** The process inside that asked, by the kernel's table of connections. */
  private asker(): number | undefined {
    return askerOf(this.socket, this.door.port);
  }

  private async serve(): Promise<void> {
    const { argv, cwd } = this.hello;
    const refusal = doorRefusal(argv);
    if (refusal) return this.refuse(refusal);
    const inside = this.asker();
    if (inside === undefined && peersKnowable()) return this.refuse('Four Eyes could not tell which process asked');
    if (!path.isAbsolute(cwd) || !isFolder(cwd)) return this.refuse(`its working directory ${cwd} is not a folder out here`);
    const address = this.door.options.broker(cwd);
    if (typeof address === 'string') return this.refuse(address);
    const env = runEnvironment(this.door.options, this.hello.env);
    const params: CheckParams = { channel: 'sandbox', argv, cwd, env: pick(env, forwardedVariables), pid: process.pid, ...(inside !== undefined ? { inside } : {}) };
    let answer: CheckResult;
    this.asking = linkTo(this.door, address);
    try {
      answer = await this.asking.request('check', params, answerTimeoutMs);
    } catch (error) {
      return this.refuse(`the Four Eyes broker in VS Code could not be reached (${(error as Error).message}); a person must approve this in VS Code.`);
    } finally {
      this.asking = undefined;
    }
    if (answer.decision !== 'allow') return this.refuse(answer.reason);
    if (this.done) return;
    this.run(argv, cwd, env);
  }

  private run(argv: readonly string[], cwd: string, env: Record<string, string>): void {
    const [program, ...args] = argv;
    const real = realProgram(program, env.PATH ?? '');
    if (!real) return this.refuse(`no ${program} on the person's PATH outside the sandbox`);
    const input = this.streams.get('in');
    const child = spawn(real, args, { cwd, env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    this.child = child;
    if (input && child.stdin) {
      child.stdin.on('error', () => undefined);
      if (input.rest.length > 0) child.stdin.write(input.rest);
      input.socket.pipe(child.stdin);
    }
    const err = this.streams.get('err')?.socket;
    child.stdout?.pipe(this.socket, { end: false });
    if (err) child.stderr?.pipe(err, { end: false });
    child.once('error', (error) => this.refuse(`${program}: ${error.message}`));
    child.once('close', (code, signal) => this.finish(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  }
}

interface DoorState {
  readonly options: DoorOptions;
  readonly token: string;
  readonly port: number;
  /** Runs waiting for, or using, their connections, by the id the client chose. */
  readonly runs: Map<string, Run>;
  /** Connections that came before their run's. */
  readonly early: Map<string, { role: 'err' | 'exit' | 'in'; socket: Socket; rest: Buffer }[]>;
  /** One kept-open connection per broker: the broker names the door once, not once per call. */
  readonly links: Map<string, BrokerLink>;
}

function linkTo(state: DoorState, address: BrokerAddress): BrokerLink {
  let link = state.links.get(address.socket);
  if (!link) state.links.set(address.socket, (link = new BrokerLink(address)));
  return link;
}

/** A hook's question, relayed to the broker with the asking process the kernel named. */
async function relay(state: DoorState, hello: Extract<DoorHello, { role: 'check' }>, socket: Socket): Promise<void> {
  const answer = (body: unknown): void => void socket.end(`${JSON.stringify(body)}\n`);
  let params: CheckParams;
  try {
    params = JSON.parse(hello.params) as CheckParams;
  } catch {
    return answer({ failure: 'the question was not JSON' });
  }
  const inside = askerOf(socket, state.port);
  const address = state.options.broker(params.cwd);
  if (typeof address === 'string') return answer({ failure: address });
  const link = linkTo(state, address);
  const withdraw = (): void => link.close();
  // The hook went away (its agent stopped waiting): its dialog must close, so the link withdraws what waits on it.
  socket.once('close', withdraw);
  try {
    const result = await link.request('check', { ...params, pid: process.pid, ...(inside !== undefined ? { inside } : {}) }, answerTimeoutMs);
    socket.off('close', withdraw);
    answer({ answer: result });
  } catch (error) {
    socket.off('close', withdraw);
    answer({ failure: (error as Error).message });
  }
}

function accept(state: DoorState, socket: Socket): void {
  let read = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), joinTimeoutMs);
  socket.on('error', () => undefined);
  const onData = (chunk: Buffer): void => {
    read = Buffer.concat([read, chunk]);
    const parsed = parseHello(read);
    if (parsed === undefined) return;
    clearTimeout(timer);
    socket.off('data', onData);
    if (parsed === null || !sameToken(parsed.hello.token, state.token)) return void socket.destroy();
    const { hello, rest } = parsed;
    if (hello.role === 'check') return void relay(state, hello, socket);
    if (hello.role === 'run') {
      if (state.runs.has(hello.id)) return void socket.destroy();
      const run = new Run(state, hello, socket);
      state.runs.set(hello.id, run);
      for (const early of state.early.get(hello.id)?.splice(0) ?? []) run.join(early.role, early.socket, early.rest);
      state.early.delete(hello.id);
      return;
    }
    // Stdin waits in the socket until the tool starts.
    if (hello.role === 'in') socket.pause();
    const run = state.runs.get(hello.id);
    if (run) return run.join(hello.role, socket, rest);
    const entry = { role: hello.role, socket, rest };
    const waiting = state.early.get(hello.id) ?? [];
    waiting.push(entry);
    state.early.set(hello.id, waiting);
    setTimeout(() => {
      const at = waiting.indexOf(entry);
      if (at < 0) return;
      waiting.splice(at, 1);
      socket.destroy();
    }, joinTimeoutMs).unref();
  };
  socket.on('data', onData);
}

/** Opens the door on loopback: the sandbox forbids Unix sockets but keeps loopback TCP, and every connection must bring the token. */
export function openDoor(options: DoorOptions): Promise<Door> {
  const token = randomBytes(24).toString('hex');
  const sockets = new Set<Socket>();
  let state: DoorState | undefined;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (state) accept(state, socket);
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      state = { options, token, port, runs: new Map(), early: new Map(), links: new Map() };
      resolve({
        address: `127.0.0.1:${port}`,
        token,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            for (const link of state?.links.values() ?? []) link.close();
            server.close(() => done());
          }),
      });
    });
  });
}
