// Gemini CLI from the npm registry, driven by a fake model, with Four Eyes' hook put in by the project's installer.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hookCommand, hookSpecs } from '../../src/core/hooks/install';
import { installAgent, type InstalledAgent } from './install';
import { geminiBaseSettings, runGemini, type Sandbox } from './probe';
import { describeProtectedAgent } from './support/scenarios';
import type { Window } from './support/window';

let gemini: InstalledAgent;

describeProtectedAgent('Gemini CLI (real CLI), command hook `four-eyes hook gemini`', {
  agent: 'gemini',
  install: () => void (gemini = installAgent('@google/gemini-cli')),
  protect(sandbox: Sandbox, window: Window) {
    const settings = path.join(sandbox.home, hookSpecs.gemini.files.user ?? '');
    mkdirSync(path.dirname(settings), { recursive: true });
    // The person's settings, with a comment: Gemini reads JSON with comments, and the installer keeps them.
    const own = `{\n  // keep Gemini offline in tests\n${JSON.stringify(geminiBaseSettings, null, 2).slice(2)}`;
    writeFileSync(settings, hookSpecs.gemini.add(own, hookCommand(window.launcher, 'gemini')));
  },
  // yolo: Gemini runs shell commands unasked, which is what Four Eyes is there for. runGemini would overwrite the settings.
  run: (sandbox: Sandbox, env: NodeJS.ProcessEnv, command: string) => runGemini(gemini, sandbox, { prompt: `RUN_SHELL: ${command} END_SHELL`, env, keepSettings: true }),
  failClosed: /needs a person's approval in VS Code, and no Four Eyes broker answered/,
  shimKnowsSession: true,
});
