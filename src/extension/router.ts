// This window's part in HTTP hooks: hold the fixed hook port when free (or keep trying), and tell Protection when
// an agent can use the HTTP hook instead of spawning the launcher on every tool call.
import { execFile } from 'node:child_process';
import type { HookAgent } from '../core/hooks/adapters';
import { claudeSupportsHttpHooks } from '../core/hooks/install';
import { HookRouter, hookKey, hookUrl, routerAnswers } from '../node/hooks/router';
import type { BrokerHost } from './brokerHost';
import { readSettings } from './config';
import type { HttpHooks } from './protection';

function version(program: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(program, ['--version'], { timeout: 5000, shell: process.platform === 'win32' }, (error, stdout) => resolve(error ? '' : stdout));
  });
}

export async function startRouter(host: BrokerHost): Promise<{ http: HttpHooks; stop(): Promise<void> }> {
  const key = hookKey();
  const port = readSettings().hookPort;
  const router = new HookRouter({ port, key, local: { token: host.endpoints.token, handle: host.hookHandler } });
  await router.start();
  const http: HttpHooks = {
    url: (agent: HookAgent) => hookUrl(agent, port, key),
    // Only Claude Code has HTTP hooks, from the version that blocks when the hook fails, and only when Four Eyes holds the port.
    supported: async (agent: HookAgent) => agent === 'claude-code' && claudeSupportsHttpHooks(await version('claude')) && (router.listening || (await routerAnswers(port, key))),
  };
  return { http, stop: () => router.stop() };
}
