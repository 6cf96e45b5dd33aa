// The broker as this window runs it: the engine classifies, terminals attribute, the dialog approves, the log records.
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hookReportEntry } from '../core/audit/hookReport';
import type { HookHandler } from '../node/broker/hookBody';
import { httpHookHandler } from '../node/hooks/http';
import { Broker } from '../node/broker/broker';
import { doorAware, identify, sameAgentTree, type Identity } from '../node/broker/identity';
import { ancestry, type Peer } from '../node/broker/peer';
import { ownClaim } from '../node/broker/proof';
import { register } from '../node/broker/registry';
import { BrokerServer, type Endpoints } from '../node/broker/server';
import type { LogStore } from '../node/audit/store';
import type { CheckParams } from '../protocol/broker';
import type { ApprovalPrompter } from './approval';
import { sharedProcesses, terminalAmong, terminalFacts } from './attribution';
import type { Engine } from './engine';
import type { GateMemory } from '../core/audit/gates';
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
    const identities = new WeakMap<CheckParams, Promise<Identity>>();
    const identityOf = (params: CheckParams, peer: Peer | undefined): Promise<Identity> => {
      let found = identities.get(params);
      if (!found) identities.set(params, (found = identify(params, peer, async (chain) => {
        const terminal = await terminalAmong(chain);
        return terminal && terminalFacts(terminal);
      })));
      return found;
    };
    const broker = new Broker({
      policy: (cwd) => policy.at(cwd),
      classify: async (commandLine, cwd, env, merged) => {
        const assessment = await engine.classify(commandLine, cwd, env, merged);
        // Whatever the broker sees passed a gate, whatever it decides: observation must not call it a miss.
        gates.note(assessment.commands.map((command) => command.program));
        return assessment;
      },
      // Who asks, from the kernel: the peer's environment and ancestry; what the client says of itself is a claim.
      attribute: async (params, peer) => (await identityOf(params, peer)).actor,
      environment: async (params, peer) => (await identityOf(params, peer)).env,
      lineage: (pid) => ancestry(pid),
      sameAgent: (earlier, pid) => sameAgentTree(earlier, pid, sharedProcesses),
      approve: (request) => prompter.approve(request),
      record: (entry) => {
        log.append(entry);
        gates.remember(entry);
      },
    });
    const hookHandler = httpHookHandler({
      policy: (cwd) => policy.at(cwd),
      classify: (line, cwd, env, merged) => engine.classify(line, cwd, env, merged),
      check: (params, signal, peer) => broker.check(params, signal, peer),
      cwd: () => workspaceRoots()[0] ?? homedir(),
      // Passes the HTTP hook decides in this process are logged here, as the command hook's are through its spool.
      report: (report) => log.append(hookReportEntry(report, randomUUID(), new Date().toISOString())),
    });
    const server = new BrokerServer(
      (method, params, signal, peer) => {
        if (method === 'check') return broker.check(params as CheckParams, signal, doorAware(params as CheckParams, peer));
        // `four-eyes log verify` reads the file this window writes and holds it to the head anchored outside it.
        if (method === 'head') {
          const head = log.head();
          return Promise.resolve({ file: log.file, roots: workspaceRoots(), ...(head ? { head } : {}) });
        }
        return Promise.resolve({ version: '1', roots: workspaceRoots() });
      },
      hookHandler,
    );
    const endpoints = await server.start();
    const unregister = register({ roots: workspaceRoots(), socket: endpoints.socket, http: endpoints.http, token: endpoints.token, ...ownClaim() });
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
