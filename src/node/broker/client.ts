// Talks to a broker over its socket: one request, one answer, as long as the answer takes.
import { malformedCheckResult, type Method, type Methods, type Response } from '../../protocol/broker';

export interface BrokerAddress {
  readonly socket: string;
  readonly token: string;
}

export class BrokerUnreachable extends Error {}

/** A broker's result as the method promises it; a malformed answer to `check` is an error, which every caller denies on. */
function checked<M extends Method>(method: M, result: unknown): Methods[M]['result'] {
  const malformed = method === 'check' ? malformedCheckResult(result) : undefined;
  if (malformed) throw new BrokerUnreachable(`the broker's answer is not one Four Eyes gives (${malformed})`);
  return result as Methods[M]['result'];
}

export function requestBroker<M extends Method>(address: BrokerAddress, method: M, params: Methods[M]['params'], timeoutMs: number): Promise<Methods[M]['result']> {
  // Required on first use: hooks decide safe commands without a broker, and loading `net` costs every process a few ms.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { connect } = require('node:net') as typeof import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect(address.socket);
    const timer = setTimeout(() => fail(new BrokerUnreachable(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    let settled = false;
    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    socket.once('error', (error) => fail(new BrokerUnreachable(error.message)));
    socket.once('close', () => fail(new BrokerUnreachable('the broker closed the connection')));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end < 0 || settled) return;
      const line = received.slice(0, end);
      let response: Response<M>;
      try {
        response = JSON.parse(line) as Response<M>;
      } catch {
        return fail(new BrokerUnreachable('the broker sent something that is not JSON'));
      }
      if ('error' in response) return fail(new BrokerUnreachable(`${response.error.code}: ${response.error.message}`));
      let result: Methods[M]['result'];
      try {
        result = checked(method, response.result);
      } catch (error) {
        return fail(error as Error);
      }
      settled = true;
      clearTimeout(timer);
      socket.end();
      resolve(result);
    });
    socket.write(`${JSON.stringify({ id: 1, method, token: address.token, params })}\n`);
  });
}

/**
 * One connection kept open for many requests, answered by id: the broker names the peer once per connection, so a
 * client that asks often (the sandbox's door) pays for that once. Closing it withdraws every request still waiting.
 */
export class BrokerLink {
  private socket: import('node:net').Socket | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { method: Method; resolve: (result: never) => void; reject: (error: Error) => void }>();

  constructor(private readonly address: BrokerAddress) {}

  private connect(): import('node:net').Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { connect } = require('node:net') as typeof import('node:net');
    const socket = connect(this.address.socket);
    this.socket = socket;
    const fail = (error: Error): void => {
      if (this.socket === socket) this.socket = undefined;
      for (const entry of this.waiting.values()) entry.reject(new BrokerUnreachable(error.message));
      this.waiting.clear();
    };
    socket.once('error', fail);
    socket.once('close', () => fail(new Error('the broker closed the connection')));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      for (let end = received.indexOf('\n'); end >= 0; end = received.indexOf('\n')) {
        const line = received.slice(0, end);
        received = received.slice(end + 1);
        let response: Response;
        try {
          response = JSON.parse(line) as Response;
        } catch {
          socket.destroy();
          return;
        }
        const entry = this.waiting.get(response.id);
        if (!entry) continue;
        this.waiting.delete(response.id);
        if ('error' in response) entry.reject(new BrokerUnreachable(`${response.error.code}: ${response.error.message}`));
        else {
          try {
            entry.resolve(checked(entry.method, response.result) as never);
          } catch (error) {
            entry.reject(error as Error);
          }
        }
      }
    });
    return socket;
  }

  request<M extends Method>(method: M, params: Methods[M]['params'], timeoutMs: number): Promise<Methods[M]['result']> {
    const socket = this.connect();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new BrokerUnreachable(`no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const settle = <T>(done: (value: T) => void) => (value: T): void => {
        clearTimeout(timer);
        done(value);
      };
      this.waiting.set(id, { method, resolve: settle(resolve), reject: settle(reject) });
      socket.write(`${JSON.stringify({ id, method, token: this.address.token, params })}\n`);
    });
  }

  /** Withdraws every waiting request (the broker closes their dialogs); the next request connects again. */
  close(): void {
    this.socket?.destroy();
  }
}
