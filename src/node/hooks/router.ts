// The fixed loopback address agents' HTTP hooks post to (their settings hold one URL, while every window's broker
// has its own port): whichever window holds the port passes each call to the window whose workspace holds its cwd.
// Other windows register with the holder over a connection they keep open, and the kernel vouches for each; nothing
// read from disk is ever an address the router forwards to. The key travels in a header, never in the URL.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as path from 'node:path';
import { hookKeyHeader } from '../../core/hooks/install';
import { httpHookRefusal, type HookHandler } from '../broker/hookBody';
import { listeningTcpInodes, peersKnowable, tcpPeer, type Peer, type PeerLookup } from '../broker/peer';
import { disproof, ownClaim } from '../broker/proof';
import { closestRoot } from '../broker/registry';
import { stateDirectory } from '../state';
import { unreachableReason } from './decide';

const maxBodyBytes = 8 * 1024 * 1024;
const retryMs = 5_000;
const pingTimeoutMs = 2_000;

/** The per-user key every HTTP hook sends in its header: without it, other users of the machine could put requests to our brokers. */
export function hookKey(directory = stateDirectory()): string {
  const file = path.join(directory, 'hook-key');
  try {
    const key = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(key)) return key;
  } catch {
    // First use: made below.
  }
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** The URL an agent's HTTP hook posts to; its key goes in the `hookKeyHeader` header. */
export function hookUrl(agent: string, port: number): string {
  return `http://127.0.0.1:${port}/four-eyes/hook/${agent}`;
}

/** What only a router holding `key` can say to `nonce`. */
export function pingProof(key: string, nonce: string): string {
  return createHmac('sha256', key).update(`four-eyes-router-ping\0${nonce}`).digest('hex');
}

/** Who answers on the hook port: Four Eyes (a window holding the key), another program, or nobody. */
export type PortHolder = 'four-eyes' | 'other-program' | 'nobody';

/** Asks the port a question only the real router can answer (an HMAC of a fresh nonce under the key); the key itself is never sent. */
export async function portHolder(port: number, key: string): Promise<PortHolder> {
  const nonce = randomBytes(32).toString('hex');
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${port}/four-eyes/ping?nonce=${nonce}`, { signal: AbortSignal.timeout(pingTimeoutMs) });
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    return code === 'ECONNREFUSED' ? 'nobody' : 'other-program';
  }
  try {
    const proof = ((await response.json()) as { proof?: unknown }).proof;
    return response.ok && typeof proof === 'string' && same(proof, pingProof(key, nonce)) ? 'four-eyes' : 'other-program';
  } catch {
    return 'other-program';
  }
}

/** True when Four Eyes (this window or another) answers on the port, proven by the ping's challenge. */
export async function routerAnswers(port: number, key: string): Promise<boolean> {
  return (await portHolder(port, key)) === 'four-eyes';
}

function same(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** This window's broker: calls for its own workspace are decided in-process; the rest is what it registers elsewhere. */
export interface RouterWindow {
  readonly token: string;
  readonly handle: HookHandler;
  /** Its broker's loopback HTTP address (`http://127.0.0.1:PORT`), which a holder forwards its calls to. */
  readonly http?: string;
  readonly roots: () => readonly string[];
}

export interface RouterOptions {
  readonly port: number;
  readonly key: string;
  readonly local?: RouterWindow;
}

/** `holding`: this window has the port; `registered`: another window has it and routes our calls to us; `port-held`: a program that is not Four Eyes has it. */
export type RouterState = 'starting' | 'holding' | 'registered' | 'port-held' | 'waiting';

/** A window registered with the holder, kept while its connection stays open. */
interface Registration {
  readonly roots: readonly string[];
  readonly http: string;
  readonly token: string;
}

const loopbackHttp = /^http:\/\/127\.0\.0\.1:(\d{1,5})$/;

/** Why a registration's body is not one a window sends, or the registration. */
function registrationOf(text: string): Registration & { pid: number; started?: string } {
  const body = JSON.parse(text || '{}') as Record<string, unknown>;
  const roots = body.roots;
  if (!Array.isArray(roots) || !roots.every((root) => typeof root === 'string')) throw new Error('the registration names no folders');
  if (typeof body.http !== 'string' || !loopbackHttp.test(body.http)) throw new Error('the registration names no loopback address');
  if (typeof body.token !== 'string' || !/^[0-9a-f]{64}$/.test(body.token)) throw new Error('the registration has no token');
  if (typeof body.pid !== 'number') throw new Error('the registration names no process');
  return { roots, http: body.http, token: body.token, pid: body.pid, ...(typeof body.started === 'string' ? { started: body.started } : {}) };
}

export class HookRouter {
  private server: Server | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private current: RouterState = 'starting';
  private readonly registrations = new Set<Registration>();
  private registration: ClientRequest | undefined;
  private readonly listeners = new Set<(state: RouterState) => void>();

  constructor(private readonly options: RouterOptions) {}

  get state(): RouterState {
    return this.current;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  /** Called whenever the state changes; returns the function that stops it. */
  onDidChangeState(listener: (state: RouterState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: RouterState): void {
    if (this.current === state) return;
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }

  /** Take the port now; while another window holds it, register with it; while another program holds it, keep trying. */
  async start(): Promise<boolean> {
    if (await this.hold()) return true;
    await this.join();
    return false;
  }

  private hold(): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve(false);
      const server = createServer((request, response) => void this.serve(request, response));
      server.requestTimeout = 0;
      server.once('error', () => {
        server.close();
        resolve(false);
      });
      server.listen(this.options.port, '127.0.0.1', () => {
        if (this.stopped) {
          server.close();
          return resolve(false);
        }
        this.server = server;
        this.set('holding');
        resolve(true);
      });
    });
  }

  private later(delayMs: number): void {
    clearTimeout(this.retry);
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.hold().then((held) => (held ? undefined : this.join())), delayMs).unref();
  }

  /** The port is taken: by Four Eyes (register there), by another program (say so, try again), or freed meanwhile. */
  private async join(): Promise<void> {
    if (this.stopped) return;
    const holder = await portHolder(this.options.port, this.options.key);
    if (this.stopped) return;
    if (holder === 'other-program') {
      this.set('port-held');
      return this.later(retryMs);
    }
    if (holder === 'nobody') return this.later(100 + Math.floor(Math.random() * 300));
    const local = this.options.local;
    if (!local?.http) {
      this.set('waiting');
      return this.later(retryMs);
    }
    this.register(local, local.http);
  }

  /** Register with the holder over a connection kept open: when it ends (the holder's window closed), take the port or register again. */
  private register(local: RouterWindow, http: string): void {
    this.set('waiting');
    const body = JSON.stringify({ roots: local.roots(), http, token: local.token, ...ownClaim() });
    const request = httpRequest({ host: '127.0.0.1', port: this.options.port, path: '/four-eyes/register', method: 'POST', headers: { [hookKeyHeader]: this.options.key, 'content-type': 'application/json' } });
    this.registration = request;
    let ended = false;
    let answered = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      if (this.registration === request) this.registration = undefined;
      if (this.stopped) return;
      this.set('waiting');
      this.later(50 + Math.floor(Math.random() * 300));
    };
    request.on('response', (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('"registered":true')) this.set('registered');
      });
      response.on('close', end);
      response.on('error', end);
    });
    request.on('error', end);
    request.on('close', () => {
      if (!answered) end();
    });
    request.end(body);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // So a window can tell that the port is held by Four Eyes (another window), not some other program.
    if (request.method === 'GET' && url.pathname === '/four-eyes/ping') {
      const nonce = url.searchParams.get('nonce') ?? '';
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ fourEyes: true, proof: /^[0-9a-f]{64}$/.test(nonce) ? pingProof(this.options.key, nonce) : '' }));
      return;
    }
    if (request.method === 'POST' && url.pathname === '/four-eyes/register') return this.admit(request, response);
    const agent = /^\/four-eyes\/hook\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (request.method !== 'POST' || !agent) {
      response.writeHead(404).end();
      return;
    }
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) controller.abort(new Error('the agent went away'));
    });
    let body: unknown;
    try {
      const local = request.socket.localPort;
      const remote = request.socket.remotePort;
      const peer = (): Promise<Peer | undefined> => (local && remote ? tcpPeer(local, remote) : Promise.resolve(undefined));
      body = await this.route(agent, url, request.headers[hookKeyHeader], await readBody(request), controller.signal, peer);
    } catch (error) {
      body = httpHookRefusal(agent, `Four Eyes: not run. ${(error as Error).message}`);
    }
    // Always 200: agents run the tool on an HTTP error unless told otherwise.
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** Another window registering: its key, then the kernel's word that the caller is that window's editor process holding its broker's port. */
  private async admit(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refuse = (reason: string): void => void response.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ registered: false, reason }));
    const key = request.headers[hookKeyHeader];
    if (typeof key !== 'string' || !same(key, this.options.key)) return refuse('wrong or missing key');
    let registration: ReturnType<typeof registrationOf>;
    try {
      registration = registrationOf(await readBody(request));
    } catch (error) {
      return refuse((error as Error).message);
    }
    const local = request.socket.localPort;
    const remote = request.socket.remotePort;
    if (peersKnowable()) {
      const peer = local && remote ? await tcpPeer(local, remote, process.hrtime.bigint(), registration.pid) : undefined;
      if (peer?.pid !== registration.pid) return refuse('the registering process is not the one the registration names');
    }
    const port = Number(loopbackHttp.exec(registration.http)?.[1]);
    const problem = disproof(registration, () => listeningTcpInodes(port));
    if (problem) return refuse(problem);
    if (response.destroyed) return;
    const held: Registration = { roots: registration.roots, http: registration.http, token: registration.token };
    this.registrations.add(held);
    response.on('close', () => this.registrations.delete(held));
    response.writeHead(200, { 'content-type': 'application/x-ndjson' }).write('{"registered":true}\n');
  }

  private async route(agent: string, url: URL, header: string | string[] | undefined, text: string, signal: AbortSignal, peer: PeerLookup): Promise<unknown> {
    const reinstall = 'Reinstall protection (Four Eyes: Protect Claude Code) so the hook sends the key as Four Eyes now expects.';
    if (url.searchParams.has('key')) return httpHookRefusal(agent, `Four Eyes: not run. This hook sends Four Eyes' key in its URL, where logs keep it, and Four Eyes no longer accepts it there. ${reinstall}`);
    if (typeof header !== 'string') return httpHookRefusal(agent, `Four Eyes: not run. This hook sends no Four Eyes key header. ${reinstall}`);
    if (!same(header, this.options.key)) return httpHookRefusal(agent, `Four Eyes: not run. The hook's key is not this user's Four Eyes key. ${reinstall}`);
    const payload = JSON.parse(text || '{}') as { cwd?: unknown };
    const cwd = typeof payload.cwd === 'string' ? payload.cwd : '';
    const target = this.windowFor(cwd);
    if (!target) return httpHookRefusal(agent, unreachableReason(`no Four Eyes window holds ${cwd || 'this agent’s folder'}`));
    if (target === 'local') return this.options.local!.handle(agent, payload, signal, peer);
    try {
      const forwarded = await fetch(`${target.http}/v1/hooks/${agent}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body: text,
        signal,
      });
      return await forwarded.json();
    } catch (error) {
      return httpHookRefusal(agent, unreachableReason((error as Error).message));
    }
  }

  /** This window or a registered one, whichever workspace holds `cwd` most closely. */
  private windowFor(cwd: string): 'local' | Registration | undefined {
    let best: { target: 'local' | Registration; length: number } | undefined;
    const consider = (target: 'local' | Registration, roots: readonly string[]): void => {
      const root = cwd ? closestRoot(cwd, roots) : undefined;
      if (root && (!best || root.length > best.length)) best = { target, length: root.length };
    };
    if (this.options.local) consider('local', this.options.local.roots());
    for (const registration of this.registrations) consider(registration, registration.roots);
    return best?.target;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.registration?.destroy();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Agents keep connections alive, and registered windows hold theirs open; without this, close waits for them.
    server.closeAllConnections();
    await closed;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) request.destroy(new Error('the hook input is larger than 8 MB'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
