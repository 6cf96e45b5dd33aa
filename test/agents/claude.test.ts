// Claude Code from the npm registry, driven by a fake model, with Four Eyes' hook put in by the project's installer:
// the command hook, and the HTTP hook served by the router.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { installAgent, type InstalledAgent } from './install';
import { deadPort, runClaude, type Sandbox } from './probe';
import { describeProtectedAgent } from './support/scenarios';
import type { Window } from './support/window';

let claude: InstalledAgent;

function protect(sandbox: Sandbox, hook: string): void {
  const settings = path.join(sandbox.home, hookSpecs['claude-code'].files.user ?? '');
  mkdirSync(path.dirname(settings), { recursive: true });
  // The person's own settings, which the installer keeps.
  const own = '{\n  "permissions": { "allow": ["Bash(npm test)"] }\n}\n';
  writeFileSync(settings, hookSpecs['claude-code'].add(own, hook));
}

const common = {
  agent: 'claude-code',
  install: () => void (claude = installAgent('@anthropic-ai/claude-code')),
  // `--allowedTools Bash`: the person let Claude run shell commands unasked, which is what Four Eyes is there for.
  run: (sandbox: Sandbox, env: NodeJS.ProcessEnv, command: string) => runClaude(claude, sandbox, { prompt: `RUN_SHELL: ${command} END_SHELL`, args: ['--allowedTools', 'Bash'], env }),
  session: (run: { json?: Record<string, unknown> }) => (typeof run.json?.session_id === 'string' ? run.json.session_id : undefined),
  shimKnowsSession: true,
};

describeProtectedAgent('Claude Code (real CLI), command hook `four-eyes hook claude-code`', {
  ...common,
  protect: (sandbox: Sandbox, window: Window) => protect(sandbox, hookCommand(window.launcher, 'claude-code')),
  failClosed: /needs a person's approval in VS Code, and no Four Eyes broker answered/,
});

describeProtectedAgent('Claude Code (real CLI), HTTP hook through the router (no process per tool call)', {
  ...common,
  protect: (sandbox: Sandbox, window: Window) => protect(sandbox, window.hookUrl('claude-code')),
  routerPort: deadPort,
  // The router is gone with the window: Claude cannot connect, and `onFailure: "block"` stops the command.
  failClosed: /blocking because onFailure is "block"|ECONNREFUSED/,
});
