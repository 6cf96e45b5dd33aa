// Codex CLI from the npm registry, driven by the fake OpenAI endpoint, with Four Eyes' hook put in by the project's
// installer and trusted through Codex's own app-server (no --dangerously-bypass-hook-trust).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { trustFourEyesCodexHooks } from '../../src/node/hooks/codexTrust';
import { installAgent, type InstalledAgent } from './install';
import type { Sandbox } from './probe';
import { codexEnv, codexThread, runCodex } from './support/codex';
import { describeProtectedAgent } from './support/scenarios';
import type { Window } from './support/window';

let codex: InstalledAgent;

const hooksFile = (sandbox: Sandbox): string => path.join(sandbox.home, hookSpecs.codex.files.user ?? '');
const ownHookLog = (sandbox: Sandbox): string => path.join(sandbox.root, 'own-hook.log');

describeProtectedAgent('Codex CLI (real CLI), command hook `four-eyes hook codex`', {
  agent: 'codex',
  install: () => void (codex = installAgent('@openai/codex')),
  protect(sandbox: Sandbox, window: Window) {
    const file = hooksFile(sandbox);
    mkdirSync(path.dirname(file), { recursive: true });
    // The person's own hook, which the installer keeps and which Four Eyes must not trust on their behalf.
    const own = JSON.stringify({ hooks: { PostToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `echo ran >> '${ownHookLog(sandbox)}'` }] }] } }, null, 2);
    writeFileSync(file, hookSpecs.codex.add(own, hookCommand(window.launcher, hookSpecs.codex.runs)));
  },
  async run(sandbox: Sandbox, env: NodeJS.ProcessEnv, command: string) {
    const commands = [hookCommand(path.join(sandbox.home, '.four-eyes', 'bin', 'four-eyes'), hookSpecs.codex.runs)];
    const trusted = await trustFourEyesCodexHooks({ command: codex.command, cwd: sandbox.project, env: codexEnv(sandbox, env), commands });
    assert.deepEqual(
      trusted.map((hook) => [hook.key, hook.previously]),
      [[`${hooksFile(sandbox)}:pre_tool_use:0:0`, 'untrusted']],
    );
    assert.doesNotMatch(readFileSync(path.join(sandbox.home, '.codex', 'config.toml'), 'utf8'), /post_tool_use/, 'the person’s own hook stays untrusted');
    // danger-full-access: in workspace-write, Codex's sandbox keeps the PATH shim from the broker (seccomp: connect EPERM;
    // PID namespace: the registry's broker pid looks dead), so the shim refuses even what the person approved.
    // allow_login_shell=false: else Codex takes PATH from a login shell, which Debian's /etc/profile resets (shims lost).
    const result = await runCodex(codex, sandbox, { prompt: `RUN_SHELL: ${command} END_SHELL`, sandboxMode: 'danger-full-access', args: ['-c', 'allow_login_shell=false'], env });
    assert.ok(!existsSync(ownHookLog(sandbox)), 'Codex ran the untrusted hook of the person’s own');
    return result;
  },
  session: codexThread,
  failClosed: /needs a person's approval in VS Code, and no Four Eyes broker answered/,
  shimKnowsSession: true,
});
