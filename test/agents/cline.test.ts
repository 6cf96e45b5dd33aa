// The Cline CLI from the npm registry, driven by the fake OpenAI model, with Four Eyes' hook put in by the project's
// installer: once as a first run (the CLI runs the task itself) and once through the hub daemon a previous run left.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { installAgent, type InstalledAgent } from './install';
import type { Sandbox } from './probe';
import { clineTaskId, runCline } from './support/cline';
import { describeProtectedAgent } from './support/scenarios';
import type { Window } from './support/window';

let cline: InstalledAgent;

// `{"cancel":true,"errorMessage"}` aborts the whole task, and the CLI prints only this, in --json and in text alike:
// the errorMessage (Four Eyes' reason) reaches Cline's own log (~/.cline/data/logs/cline.log), not its output.
const aborted = /"type":"run_aborted","reason":"external_abort","message":"aborted by another client"/;

const common = {
  agent: 'cline',
  install: () => void (cline = installAgent('cline')),
  protect(sandbox: Sandbox, window: Window) {
    const file = path.join(sandbox.home, hookSpecs.cline.files.user ?? '');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, hookSpecs.cline.add(undefined, hookCommand(window.launcher, hookSpecs.cline.runs)), { mode: 0o755 });
    chmodSync(file, 0o755);
  },
  session: clineTaskId,
  denied: aborted,
  failClosed: aborted,
  // Cline's commands carry no task id in their environment, but CLINE_CONNECTOR_CLI_LAUNCH names the agent: the shim
  // matches the hook's approval by agent and command.
  shimKnowsSession: true,
};

describeProtectedAgent('Cline CLI (real CLI), first run: hook `Documents/Cline/Hooks/PreToolUse`', {
  ...common,
  run: (sandbox: Sandbox, env: NodeJS.ProcessEnv, command: string) => runCline(cline, sandbox, { prompt: `RUN_SHELL: ${command} END_SHELL`, env }),
});

describeProtectedAgent('Cline CLI (real CLI), through the hub daemon: hook `Documents/Cline/Hooks/PreToolUse`', {
  ...common,
  run: (sandbox: Sandbox, env: NodeJS.ProcessEnv, command: string) => runCline(cline, sandbox, { prompt: `RUN_SHELL: ${command} END_SHELL`, env, throughHub: true }),
});
