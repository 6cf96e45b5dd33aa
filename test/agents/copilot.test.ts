// GitHub Copilot CLI from the npm registry, offline on a fake model (BYOK), with Four Eyes' hook put in by the project's
// installer: the VS Code form in ~/.copilot/hooks, which the Copilot CLI runs too.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { installAgent, type InstalledAgent } from './install';
import type { Sandbox } from './probe';
import { copilotSession, runCopilot } from './support/copilot';
import { describeProtectedAgent } from './support/scenarios';
import type { Window } from './support/window';

let copilot: InstalledAgent;
const spec = hookSpecs['copilot-cli'];

describeProtectedAgent(`Copilot CLI (real CLI), hook \`four-eyes hook ${spec.runs}\` in ~/.copilot/hooks`, {
  agent: 'copilot-cli',
  install: () => void (copilot = installAgent('@github/copilot')),
  protect(sandbox: Sandbox, window: Window) {
    const file = path.join(sandbox.home, spec.files.user ?? '');
    mkdirSync(path.dirname(file), { recursive: true });
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    writeFileSync(file, spec.add(existing, hookCommand(window.launcher, spec.runs)));
  },
  // --allow-all-tools: the person let Copilot run tools unasked, which is what Four Eyes is there for.
  run: (sandbox: Sandbox, env: NodeJS.ProcessEnv, command: string) => runCopilot(copilot, sandbox, { prompt: `RUN_SHELL: ${command} END_SHELL`, args: ['--allow-all-tools'], env }),
  session: copilotSession,
  failClosed: /needs a person's approval in VS Code, and no Four Eyes broker answered/,
  // The command's environment has COPILOT_AGENT_SESSION_ID, equal to the hook payload's session_id (measured).
  shimKnowsSession: true,
});
