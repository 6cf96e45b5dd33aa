// The broker's two doors: a Unix socket in a private folder (a named pipe on Windows) and a loopback HTTP endpoint.
// Both need the window's random token; each request can wait on its own for as long as a person takes.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { httpHookRefusal, type HookHandler } from './hookBody';
import { tcpPeer, unixPeer, type Peer, type PeerLookup } from './peer';
import type { Method, Methods, Response } from '../../protocol/broker';

/** `peer`: the requesting process as the kernel names it, looked up once per connection and only when asked. */
export type Handler = <M extends Method>(method: M, params: Methods[M]['params'], signal: AbortSignal, peer: PeerLookup) => Promise<Methods[M]['result']>;

function parse(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function idOf(request: unknown): number {
  const id = (request as { id?: unknown } | undefined)?.id;
  return typeof id === 'number' ? id : 0;
}

/** One lookup per connection, started on first need. */
function once(lookup: PeerLookup): PeerLookup {
  let found: Promise<Peer | undefined> | undefined;
  return (hint) => (found ??= lookup(hint).catch(() => undefined));
}

export interface Endpoints {
  readonly socket: string;
  readonly http: string;
  readonly token: string;
}

const methods: readonly Method[] = ['check', 'ping', 'head'];
/** Requests are small (the engine reads at most 32 KiB of a command line); anything bigger is not a client of ours. */
const maxRequestBytes = 1024 * 1024;

/** A folder only this user can enter, for the socket. */
function privateDirectory(): string {
  if (process.platform === 'win32') return '';
  const uid = process.getuid?.() ?? 0;
  const root = path.join(tmpdir(), `four-eyes-${uid}`);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700);
  const stat = statSync(root);
  if (stat.uid !== uid || (stat.mode & 0o077) !== 0) throw new Error(`${root} is not private to this user`);
  return root;
}

export class BrokerServer {
  private socketServer: Server | undefined;
  private httpServer: HttpServer | undefined;
  private readonly connections = new Set<Socket>();
  private readonly token = randomBytes(32).toString('hex');
  private socketPath = '';

  constructor(
    private readonly handle: Handler,
    private readonly hook?: HookHandler,
  ) {}

  private authorized(token: unknown): boolean {
    if (typeof token !== 'string' || token.length !== this.token.length) return false;
    return timingSafeEqual(Buffer.from(token), Buffer.from(this.token));
  }

  /** Validate and run one request; errors become error responses, never a crash. */
  private async answer(raw: unknown, signal: AbortSignal, peer: PeerLookup): Promise<Response> {
    const request = raw as { id?: unknown; method?: unknown; token?: unknown; params?: unknown };
    const id = typeof request?.id === 'number' ? request.id : 0;
    if (!this.authorized(request?.token)) return { id, error: { code: 'unauthorized', message: 'wrong or missing token' } };
    if (!methods.includes(request.method as Method) || typeof request.params !== 'object' || request.params === null) {
      return { id, error: { code: 'bad-request', message: 'expected {id, method, token, params}' } };
    }
    try {
      return { id, result: await this.handle(request.method as Method, request.params as never, signal, peer) };
    } catch (error) {
      return { id, error: { code: 'unavailable', message: (error as Error).message } };
    }
  }

  private async answerHook(agent: string, token: string, payload: unknown, signal: AbortSignal, peer: PeerLookup): Promise<[number, unknown]> {
    // Refusals are 200s carrying a denial the agent obeys: agents treat HTTP errors as "no objection" and run the tool.
    if (!this.authorized(token)) return [200, httpHookRefusal(agent, 'Four Eyes: not run. The hook did not present this window’s Four Eyes token.')];
    if (!this.hook) return [200, httpHookRefusal(agent, 'Four Eyes: not run. This broker serves no HTTP hooks.')];
    try {
      return [200, await this.hook(agent, payload, signal, peer)];
    } catch (error) {
      return [200, httpHookRefusal(agent, `Four Eyes: not run. ${(error as Error).message}`)];
    }
  }

  private serveConnection(socket: Socket): void {
    this.connections.add(socket);
    const controller = new AbortController();
    const accepted = process.hrtime.bigint();
    const peer = once((hint) => unixPeer(socket, hint, accepted));
    // A client that disconnects (Ctrl+C on the shim) withdraws its waiting requests.
    socket.on('close', () => {
      this.connections.delete(socket);
      controller.abort(new Error('the client disconnected'));
    });
    socket.on('error', () => socket.destroy());
    // Counted as bytes arrive: a client that never sends a newline is cut off at the limit, not buffered without end.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let trusted = false;
    let ended = false;
    socket.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let newline = chunk.indexOf(10); newline !== -1 && !ended; newline = chunk.indexOf(10, start)) {
        pending.push(chunk.subarray(start, newline));
        const line = Buffer.concat(pending).toString('utf8');
        pending = [];
        pendingBytes = 0;
        start = newline + 1;
        if (line.length > maxRequestBytes) return void socket.destroy();
        if (line.trim() === '') continue;
        const parsed = parse(line);
        const authorized = this.authorized((parsed as { token?: unknown } | undefined)?.token);
        // The first request must carry the window's token: a stranger's connection ends before anything more is read.
        if (!trusted && !authorized) {
          ended = true;
          socket.end(`${JSON.stringify({ id: idOf(parsed), error: { code: parsed === undefined ? 'bad-request' : 'unauthorized', message: parsed === undefined ? 'not JSON' : 'wrong or missing token' } })}\n`);
          return;
        }
        trusted = true;
        if (parsed === undefined) {
          socket.write(`${JSON.stringify({ id: 0, error: { code: 'bad-request', message: 'not JSON' } })}\n`);
          continue;
        }
        void this.answer(parsed, controller.signal, peer).then((response) => {
          if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
        });
      }
      if (ended) return;
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxRequestBytes) return void socket.destroy();
      if (start < chunk.length) pending.push(chunk.subarray(start));
    });
  }

  /** Keep-alive connections carry many requests from one process: one lookup per connection. */
  private readonly httpPeers = new WeakMap<Socket, PeerLookup>();

  private httpPeer(request: IncomingMessage): PeerLookup {
    const socket = request.socket;
    let peer = this.httpPeers.get(socket);
    if (!peer) {
      const local = socket.localPort;
      const remote = socket.remotePort;
      const accepted = process.hrtime.bigint();
      this.httpPeers.set(socket, (peer = once((hint) => (local && remote ? tcpPeer(local, remote, accepted, hint) : Promise.resolve(undefined)))));
    }
    return peer;
  }

  private serveHttp(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = /^\/v1\/(\w+)$/.exec(url.pathname)?.[1];
    const hookAgent = /^\/v1\/hooks\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (request.method !== 'POST' || (!method && !hookAgent)) {
      response.writeHead(404).end();
      return;
    }
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort(new Error('the client disconnected'));
    });
    const peer = this.httpPeer(request);
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      let params: unknown;
      try {
        params = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad-request', message: 'not JSON' } }));
        return;
      }
      const token = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      if (hookAgent) {
        void this.answerHook(hookAgent, token, params, controller.signal, peer).then(([status, body]) => {
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        });
        return;
      }
      void this.answer({ id: 0, method, token, params }, controller.signal, peer).then((answer) => {
        const status = 'error' in answer ? (answer.error.code === 'unauthorized' ? 401 : answer.error.code === 'bad-request' ? 400 : 503) : 200;
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify('error' in answer ? { error: answer.error } : answer.result));
      });
    });
  }

  async start(): Promise<Endpoints> {
    const name = `broker-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.socketPath = process.platform === 'win32' ? `\\\\.\\pipe\\four-eyes-${name}` : path.join(privateDirectory(), `${name}.sock`);
    this.socketServer = createServer((socket) => this.serveConnection(socket));
    await new Promise<void>((resolve, reject) => {
      this.socketServer!.once('error', reject);
      this.socketServer!.listen(this.socketPath, () => resolve());
    });
    if (process.platform !== 'win32') chmodSync(this.socketPath, 0o600);
    this.httpServer = createHttpServer((request, response) => this.serveHttp(request, response));
    // Requests wait for people: no server-side timeouts, the broker's own timeout answers.
    this.httpServer.requestTimeout = 0;
    this.httpServer.headersTimeout = 60_000;
    const port = await new Promise<number>((resolve, reject) => {
      this.httpServer!.once('error', reject);
      this.httpServer!.listen(0, '127.0.0.1', () => {
        const address = this.httpServer!.address();
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
    return { socket: this.socketPath, http: `http://127.0.0.1:${port}`, token: this.token };
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    await Promise.all([
      new Promise<void>((resolve) => (this.socketServer ? this.socketServer.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => {
        if (!this.httpServer) return resolve();
        this.httpServer.closeAllConnections();
        this.httpServer.close(() => resolve());
      }),
    ]);
    if (this.socketPath && process.platform !== 'win32') rmSync(this.socketPath, { force: true });
  }
}
