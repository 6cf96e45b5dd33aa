// Talks to a broker over its socket: one request, one answer, as long as the answer takes.
import type { Method, Methods, Response } from '../../protocol/broker';

export interface BrokerAddress {
  readonly socket: string;
  readonly token: string;
}

export class BrokerUnreachable extends Error {}

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
      settled = true;
      clearTimeout(timer);
      socket.end();
      resolve(response.result);
    });
    socket.write(`${JSON.stringify({ id: 1, method, token: address.token, params })}\n`);
  });
}
