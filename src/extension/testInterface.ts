// What integration tests may reach, and only when the test runner says so: approving from outside the UI
// is exactly what other extensions must never be able to do.
import * as vscode from 'vscode';
import type { LogStore } from '../node/audit/store';
import type { ApprovalAnswer, Broker } from '../node/broker/broker';
import type { Endpoints } from '../node/broker/server';
import type { ApprovalPrompter } from './approval';
import type { BrokerHost } from './brokerHost';

export interface TestInterface {
  readonly broker: Broker;
  readonly endpoints: Endpoints;
  readonly log: LogStore;
  readonly shims: string | undefined;
  /** The decision interface the approval surfaces use. */
  answer(requestId: string, answer: ApprovalAnswer): boolean;
  /** Stop the broker, to see the shims fail closed. */
  stopBroker(): Promise<void>;
}

export function testInterface(mode: vscode.ExtensionMode, host: BrokerHost, prompter: ApprovalPrompter, log: LogStore, shims: string | undefined): TestInterface | undefined {
  if (mode !== vscode.ExtensionMode.Test || process.env.FOUR_EYES_TEST !== 'integration') return undefined;
  return { broker: host.broker, endpoints: host.endpoints, log, shims, answer: (id, answer) => prompter.answer(id, answer), stopBroker: () => host.stop() };
}
