// This window's part in HTTP hooks: hold the fixed hook port when free, or register with the window that holds it,
// and tell Protection whether an agent can use the HTTP hook: not while a program that is not Four Eyes holds the port.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import type { HookAgent } from '../core/hooks/adapters';
import { claudeSupportsHttpHooks, httpHook, type HookPort } from '../core/hooks/install';
import { HookRouter, hookKey, hookUrl, portHolder, type RouterState } from '../node/hooks/router';
import { workspaceRoots, type BrokerHost } from './brokerHost';
import { readSettings } from './config';
import type { HttpHooks } from './protection';

function version(program: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(program, ['--version'], { timeout: 5000, shell: process.platform === 'win32' }, (error, stdout) => resolve(error ? '' : stdout));
  });
}

/** The port as Protection sees it, from the router's state. */
function portOf(state: RouterState): HookPort {
  return state === 'holding' || state === 'registered' ? 'four-eyes' : state === 'port-held' ? 'other-program' : 'unknown';
}

export async function startRouter(host: BrokerHost): Promise<{ http: HttpHooks; stop(): Promise<void> }> {
  const key = hookKey();
  const port = readSettings().hookPort;
  const router = new HookRouter({ port, key, local: { token: host.endpoints.token, http: host.endpoints.http, handle: host.hookHandler, roots: workspaceRoots } });
  const changed = new vscode.EventEmitter<void>();
  const unsubscribe = router.onDidChangeState(() => changed.fire());
  await router.start();
  const http: HttpHooks = {
    url: (agent: HookAgent) => httpHook(hookUrl(agent, port), key),
    // Only Claude Code has HTTP hooks, from the version that blocks when the hook fails.
    obeys: async (agent: HookAgent) => agent === 'claude-code' && claudeSupportsHttpHooks(await version('claude')),
    // Asked again when the router does not know yet (another window holds the port and this one is registering).
    port: async () => {
      const known = portOf(router.state);
      if (known !== 'unknown') return known;
      const holder = await portHolder(port, key);
      return holder === 'four-eyes' ? 'four-eyes' : holder === 'other-program' ? 'other-program' : 'unknown';
    },
    portNow: () => portOf(router.state),
    onDidChange: changed.event,
  };
  return {
    http,
    stop: async () => {
      unsubscribe();
      changed.dispose();
      await router.stop();
    },
  };
}
