// Talks to a broker over its socket: one request, one answer, as long as the answer takes.
import { connect } from 'node:net';
import * as readline from 'node:readline';
import type { Method, Methods, Response } from '../../protocol/broker';

export interface BrokerAddress {
  readonly socket: string;
  readonly token: string;
}

export class BrokerUnreachable extends Error {}

export function requestBroker<M extends Method>(address: BrokerAddress, method: M, params: Methods[M]['params'], timeoutMs: number): Promise<Methods[M]['result']> {
  return new Promise((resolve, reject) => {
    const socket = connect(address.socket);
    const lines = readline.createInterface({ input: socket, crlfDelay: Infinity });
    const timer = setTimeout(() => fail(new BrokerUnreachable(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    let settled = false;
    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    // readline re-emits the socket's errors: both must be heard, or an unreachable broker crashes the client.
    socket.once('error', (error) => fail(new BrokerUnreachable(error.message)));
    lines.once('error', (error: Error) => fail(new BrokerUnreachable(error.message)));
    socket.once('close', () => fail(new BrokerUnreachable('the broker closed the connection')));
    lines.once('line', (line) => {
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
