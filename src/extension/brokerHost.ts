// The broker as this window runs it: the engine classifies, terminals attribute, the dialog approves, the log records.
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { attribute } from '../core/approval/actor';
import type { HookHandler } from '../node/broker/hookBody';
import { httpHookHandler } from '../node/hooks/http';
import { Broker } from '../node/broker/broker';
import { register } from '../node/broker/registry';
import { BrokerServer, type Endpoints } from '../node/broker/server';
import type { LogStore } from '../node/audit/store';
import type { CheckParams } from '../protocol/broker';
import type { ApprovalPrompter } from './approval';
import { terminalFacts, terminalOf } from './attribution';
import type { Engine } from './engine';
import type { GateMemory } from './observation';
import type { PolicyService } from './policy';

export class BrokerHost implements vscode.Disposable {
  private constructor(
    readonly broker: Broker,
    private readonly server: BrokerServer,
    readonly endpoints: Endpoints,
    /** The HTTP hook decision, for the hook router to call in-process for this window's workspace. */
    readonly hookHandler: HookHandler,
    private readonly unregister: () => void,
  ) {}

  static async start(engine: Engine, policy: Pick<PolicyService, 'at'>, prompter: ApprovalPrompter, log: LogStore, gates: GateMemory): Promise<BrokerHost> {
    const broker = new Broker({
      policy: (cwd) => policy.at(cwd),
      classify: async (commandLine, cwd, env, merged) => {
        const assessment = await engine.classify(commandLine, cwd, env, merged);
        // Whatever the broker sees passed a gate, whatever it decides: observation must not call it a miss.
        gates.note(assessment.commands.map((command) => command.program));
        return assessment;
      },
      attribute: async (params: CheckParams) => {
        const terminal = params.pid === undefined ? undefined : await terminalOf(params.pid);
        return attribute({ ...(params.agent ? { hook: { agent: params.agent, ...(params.session ? { session: params.session } : {}) } } : {}), env: params.env, ...(terminal ? { terminal: terminalFacts(terminal) } : {}) });
      },
      approve: (request) => prompter.approve(request),
      record: (entry) => log.append(entry),
    });
    const hookHandler = httpHookHandler({ policy: (cwd) => policy.at(cwd), classify: (line, cwd, env, merged) => engine.classify(line, cwd, env, merged), check: (params, signal) => broker.check(params, signal), cwd: () => workspaceRoots()[0] ?? homedir() });
    const server = new BrokerServer(
      (method, params, signal) => {
        if (method === 'check') return broker.check(params as CheckParams, signal);
        return Promise.resolve({ version: '1', roots: workspaceRoots() });
      },
      hookHandler,
    );
    const endpoints = await server.start();
    const unregister = register({ roots: workspaceRoots(), socket: endpoints.socket, http: endpoints.http, token: endpoints.token, pid: process.pid });
    return new BrokerHost(broker, server, endpoints, hookHandler, unregister);
  }

  async stop(): Promise<void> {
    this.unregister();
    await this.server.stop();
  }

  dispose(): void {
    void this.stop();
  }
}

/** The window's folders on disk: brokers are found by these, and the CLI finds this window's log by them. */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => path.resolve(folder.uri.fsPath));
}
