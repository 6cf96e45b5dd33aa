// The fixed loopback address agents' HTTP hooks post to (their settings hold one URL, while every window's broker
// has its own port): whichever window holds the port passes each call to the broker whose workspace holds its cwd.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as path from 'node:path';
import { findBroker } from '../broker/registry';
import { httpHookRefusal, type HookHandler } from '../broker/hookBody';
import { tcpPeer, type Peer, type PeerLookup } from '../broker/peer';
import { stateDirectory } from '../state';
import { unreachableReason } from './decide';


const maxBodyBytes = 8 * 1024 * 1024;
const retryMs = 5_000;

/** The per-user key in every hook URL: without it, other users of the machine could put requests to our brokers. */
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

export function hookUrl(agent: string, port: number, key: string): string {
  return `http://127.0.0.1:${port}/four-eyes/hook/${agent}?key=${key}`;
}

/** True when Four Eyes (this window or another) answers on the port. */
export async function routerAnswers(port: number, key: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/four-eyes/ping?key=${key}`, { signal: AbortSignal.timeout(2000) });
    return response.ok && ((await response.json()) as { fourEyes?: unknown }).fourEyes === true;
  } catch {
    return false;
  }
}

function same(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export interface RouterOptions {
  readonly port: number;
  readonly key: string;
  /** This window's broker token and hook handler: calls for its own workspace are decided in-process. */
  readonly local?: { readonly token: string; readonly handle: HookHandler };
}

export class HookRouter {
  private server: Server | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: RouterOptions) {}

  /** Take the port now or, while another window holds it, keep trying, so that one window always answers. */
  start(): Promise<boolean> {
    return new Promise((resolve) => {
      const server = createServer((request, response) => void this.serve(request, response));
      server.requestTimeout = 0;
      server.once('error', () => {
        server.close();
        if (!this.stopped) this.retry = setTimeout(() => void this.start(), retryMs).unref();
        resolve(false);
      });
      server.listen(this.options.port, '127.0.0.1', () => {
        this.server = server;
        resolve(true);
      });
    });
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // So a window can tell that the port is held by Four Eyes (another window), not some other program.
    if (request.method === 'GET' && url.pathname === '/four-eyes/ping' && same(url.searchParams.get('key') ?? '', this.options.key)) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"fourEyes":true}');
      return;
    }
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
      body = await this.route(agent, url.searchParams.get('key') ?? '', await readBody(request), controller.signal, peer);
    } catch (error) {
      body = httpHookRefusal(agent, `Four Eyes: not run. ${(error as Error).message}`);
    }
    // Always 200: agents run the tool on an HTTP error unless told otherwise.
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async route(agent: string, key: string, text: string, signal: AbortSignal, peer: PeerLookup): Promise<unknown> {
    if (!same(key, this.options.key)) return httpHookRefusal(agent, 'Four Eyes: not run. The hook URL does not carry this user’s Four Eyes key.');
    const payload = JSON.parse(text || '{}') as { cwd?: unknown };
    const cwd = typeof payload.cwd === 'string' ? payload.cwd : '';
    const broker = cwd ? findBroker(cwd) : undefined;
    if (!broker) return httpHookRefusal(agent, unreachableReason(`no Four Eyes broker is running for ${cwd || 'this agent'}`));
    const local = this.options.local;
    if (local && same(broker.token, local.token)) return local.handle(agent, payload, signal, peer);
    try {
      const forwarded = await fetch(`${broker.http}/v1/hooks/${agent}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${broker.token}`, 'content-type': 'application/json' },
        body: text,
        signal,
      });
      return (await forwarded.json());
    } catch (error) {
      return httpHookRefusal(agent, unreachableReason((error as Error).message));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Agents keep connections alive; without this, close waits for them.
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
