// Four Eyes as a VS Code window runs it, in the test process: broker, socket and HTTP endpoints, registry entry,
// hook router, launcher and PATH shims, with a scripted person answering the approval dialog.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { NewEntry } from '../../../src/core/audit/entry';
import { posixLauncher } from '../../../src/core/hooks/launcher';
import { cliHashesOnDisk } from '../../../src/node/launcherFile';
import { classifySubject, type Subject } from '../../../src/core/risk/tools';
import { diskReader } from '../../../src/node/files';
import { shimFiles } from '../../../src/core/shims/script';
import { Broker, type ApprovalAnswer, type ApprovalRequest } from '../../../src/node/broker/broker';
import { doorAware, identify, sameAgentTree } from '../../../src/node/broker/identity';
import { ancestry, type PeerLookup } from '../../../src/node/broker/peer';
import { register } from '../../../src/node/broker/registry';
import { httpHook } from '../../../src/core/hooks/install';
import { ownClaim } from '../../../src/node/broker/proof';
import { BrokerServer } from '../../../src/node/broker/server';
import { bashGrammar } from '../../../src/node/grammar';
import { httpHookHandler } from '../../../src/node/hooks/http';
import { HookRouter, hookKey, hookUrl } from '../../../src/node/hooks/router';
import type { CheckParams } from '../../../src/protocol/broker';
import { loadPolicyAt } from '../../../src/node/policy';
import type { EffectivePolicy } from '../../../src/core/policy/layers';

export const cli = path.resolve('dist/cli.js');
export const fixtureBin = path.resolve('test/fixtures/bin');

/** The agents run outside any editor terminal. */
const noTerminal = (): Promise<undefined> => Promise.resolve(undefined);

export interface Window {
  /** `~/.four-eyes/bin/four-eyes` in the agent's home, as the extension writes it. */
  readonly launcher: string;
  /** The shims folder, to put first on the agent's PATH as VS Code terminals do. */
  readonly shims: string;
  /** Every request that reached the broker, hooks and shims alike. */
  readonly checks: CheckParams[];
  /** Every request that waited for a person. */
  readonly asked: ApprovalRequest[];
  /** The action log. */
  readonly log: NewEntry[];
  /** How the person answers the next approval dialogs, in order. */
  answer(...answers: ApprovalAnswer[]): void;
  /** Claude Code's HTTP hook on this window's router, as Protection records it (the URL, and the key its header carries). */
  hookUrl(agent: string): string;
  /** The window closes: broker, registry entry and router go away. */
  close(): Promise<void>;
}

/**
 * Start a window for `project`. The registry lives in `<home>/.four-eyes`, where the launcher (run by the agent with
 * HOME=home) looks for it.
 */
export async function openWindow(home: string, project: string, options: { routerPort?: number } = {}): Promise<Window> {
  const state = path.join(home, '.four-eyes');
  process.env.FOUR_EYES_STATE_DIR = state;
  const grammar = await bashGrammar();
  const checks: CheckParams[] = [];
  const asked: ApprovalRequest[] = [];
  const log: NewEntry[] = [];
  const answers: ApprovalAnswer[] = [];
  // Files read from disk as the extension reads them: scripts a command runs, and the MCP servers agents configure.
  const reader = diskReader();
  const classify = (subject: Subject, cwd: string, env: Readonly<Record<string, string>>, policy?: EffectivePolicy) => Promise.resolve(classifySubject(subject, grammar, { cwd, env, reader, policy }));
  const broker = new Broker({
    classify,
    // Who asks, as the extension finds out: from the process the kernel names, its environment and ancestry.
    attribute: async (params, peer) => (await identify(params, peer, noTerminal)).actor,
    environment: async (params, peer) => (await identify(params, peer, noTerminal)).env,
    lineage: (pid) => ancestry(pid),
    sameAgent: (earlier, pid) => sameAgentTree(earlier, pid, () => ancestry(process.pid).then((chain) => new Set(chain))),
    // The window's policy as the extension loads it: the project's `.vscode/four-eyes.json` over the user's settings.
    policy: (cwd) => loadPolicyAt({ cwd, env: {}, settings: { humans: 'log', approvalTimeoutSeconds: 120 }, roots: [project] }),
    approve: (request) => {
      asked.push(request);
      const next = answers.shift();
      return next ? Promise.resolve(next) : Promise.reject(new Error('the test gave no answer for this dialog'));
    },
    record: (entry) => log.push(entry),
  });
  const check = (params: CheckParams, signal?: AbortSignal, peer?: PeerLookup) => {
    checks.push(params);
    return broker.check(params, signal, peer);
  };
  const handle = httpHookHandler({ policy: (cwd) => loadPolicyAt({ cwd, env: {}, settings: {}, roots: [project] }), classify, check, cwd: () => project });
  const server = new BrokerServer((method, params, signal, peer) => (method === 'check' ? check(params as CheckParams, signal, doorAware(params as CheckParams, peer)) : Promise.resolve({ version: 'test', roots: [project] })), handle);
  const endpoints = await server.start();
  // This process stands in for the editor's extension host: `npm run test:agents` starts it with the extension host's
  // entry point in its environment, as VS Code does, so hooks an agent's daemon runs (not our descendants) find it.
  const unregister = register({ roots: [project], socket: endpoints.socket, http: endpoints.http, token: endpoints.token, ...ownClaim() });
  const key = hookKey(state);
  const router = options.routerPort === undefined ? undefined : new HookRouter({ port: options.routerPort, key, local: { token: endpoints.token, http: endpoints.http, handle, roots: () => [project] } });
  if (router && !(await router.start())) throw new Error(`port ${options.routerPort} is taken`);

  const launcher = path.join(state, 'bin', 'four-eyes');
  mkdirSync(path.dirname(launcher), { recursive: true });
  writeFileSync(launcher, posixLauncher({ node: process.execPath, cli, trust: cliHashesOnDisk(cli) }), { mode: 0o755 });
  chmodSync(launcher, 0o755);
  const shims = path.join(state, 'shims');
  mkdirSync(shims, { recursive: true });
  for (const [name, text] of Object.entries(shimFiles({ directory: shims, node: process.execPath, cli }))) writeFileSync(path.join(shims, name), text, { mode: 0o755 });

  let closed = false;
  return {
    launcher,
    shims,
    checks,
    asked,
    log,
    answer: (...next) => answers.push(...next),
    hookUrl: (agent) => httpHook(hookUrl(agent, options.routerPort ?? 0), key),
    close: async () => {
      if (closed) return;
      closed = true;
      unregister();
      await router?.stop();
      await server.stop();
    },
  };
}
