// What integration tests may reach, and only when the test runner says so: approving from outside the UI
// is exactly what other extensions must never be able to do.
import * as vscode from 'vscode';
import type { LogStore } from '../node/audit/store';
import type { ApprovalAnswer, Broker } from '../node/broker/broker';
import type { Endpoints } from '../node/broker/server';
import type { TerminalProfile } from '../core/hooks/terminalProfile';
import type { RiskState } from '../protocol/views';
import type { AgentTerminal } from './agentTerminal';
import type { ApprovalPrompter } from './approval';
import type { BrokerHost } from './brokerHost';
import type { PolicyService } from './policy';
import type { RiskView } from './views/riskView';

export interface TestInterface {
  readonly broker: Broker;
  readonly endpoints: Endpoints;
  readonly log: LogStore;
  readonly shims: string | undefined;
  /** The policy in force; tests pin trust through it instead of the modal. */
  readonly policy: PolicyService;
  /** The decision interface the approval surfaces use. */
  answer(requestId: string, answer: ApprovalAnswer): boolean;
  /** Stop the broker, to see the shims fail closed. */
  stopBroker(): Promise<void>;
  /** What the Risk view shows now. */
  riskState(): RiskState;
  /** The profile *Run Agent Mode's Terminal in the Sandbox* writes, and the setting it writes it to. */
  agentTerminal(): { readonly setting: string | undefined; readonly profile: TerminalProfile };
}

export function testInterface(
  mode: vscode.ExtensionMode,
  host: BrokerHost,
  prompter: ApprovalPrompter,
  log: LogStore,
  shims: string | undefined,
  policy: PolicyService,
  views: { readonly risk: RiskView; readonly agentTerminal: AgentTerminal },
): TestInterface | undefined {
  if (mode !== vscode.ExtensionMode.Test || process.env.FOUR_EYES_TEST !== 'integration') return undefined;
  return {
    broker: host.broker,
    endpoints: host.endpoints,
    log,
    shims,
    policy,
    answer: (id, answer) => prompter.answer(id, answer),
    stopBroker: () => host.stop(),
    riskState: () => views.risk.state(),
    agentTerminal: () => ({ setting: views.agentTerminal.setting, profile: views.agentTerminal.profile() }),
  };
}
