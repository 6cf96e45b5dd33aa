import * as assert from 'node:assert/strict';
import { sandboxAgents, sandboxGap, type SandboxFacts } from '../../src/core/hooks/sandboxing';
import { agentTerminalProfile, agentTerminalSettings, profileState, settingsText } from '../../src/core/hooks/terminalProfile';

const places = { node: '/opt/code/code', cli: '/ext/dist/cli.js', bash: '/bin/bash', integrationScript: '/opt/code/out/shellIntegration-bash.sh' };

describe("VS Code agent mode's terminal profile through the sandbox", () => {
  it("is the setting VS Code's run_in_terminal tool reads", () => {
    assert.deepEqual(agentTerminalSettings, { linux: 'chat.tools.terminal.terminalProfile.linux', darwin: 'chat.tools.terminal.terminalProfile.osx' });
  });

  it('starts bash with VS Code’s own integration script inside `four-eyes sandbox`, the editor’s runtime running as node', () => {
    assert.deepEqual(agentTerminalProfile(places), {
      path: '/opt/code/code',
      args: ['/ext/dist/cli.js', 'sandbox', '--', '/usr/bin/env', '-u', 'ELECTRON_RUN_AS_NODE', '/bin/bash', '--init-file', '/opt/code/out/shellIntegration-bash.sh'],
      env: { ELECTRON_RUN_AS_NODE: '1', VSCODE_INJECTION: '1', AI_AGENT: 'copilot_agent' },
    });
  });

  it('tells this install’s profile from another install’s and from anything else', () => {
    const expected = agentTerminalProfile(places);
    assert.equal(profileState(JSON.parse(JSON.stringify(expected)), expected), 'sandboxed');
    assert.equal(profileState({ ...expected, env: { AI_AGENT: 'copilot_agent', VSCODE_INJECTION: '1', ELECTRON_RUN_AS_NODE: '1' } }, expected), 'sandboxed', 'key order does not matter');
    assert.equal(profileState(agentTerminalProfile({ ...places, cli: '/old/dist/cli.js' }), expected), 'outdated');
    assert.equal(profileState({ path: '/bin/bash' }, expected), 'other');
    assert.equal(profileState({ ...expected, args: ['/ext/dist/cli.js', 'sandbox', '--allow-unsandboxed', '--', 'bash'] }, expected), 'outdated');
    for (const value of [undefined, null, '', 'bash', { args: [] }]) assert.equal(profileState(value, expected), 'other');
  });

  it('shows the setting as settings.json would hold it, for the diff', () => {
    assert.equal(settingsText('a.b', undefined), '{\n}\n');
    assert.equal(settingsText('a.b', { path: '/bin/bash' }), '{\n  "a.b": {\n    "path": "/bin/bash"\n  }\n}\n');
  });
});

describe('which agent is in the sandbox, and why not', () => {
  const everything: SandboxFacts = { available: true, cliShims: true, profile: 'sandboxed' };
  const gaps = (facts: SandboxFacts): Record<string, string | undefined> => Object.fromEntries(sandboxAgents.map((agent) => [agent, sandboxGap(agent, facts)]));

  it('puts agent mode and the agent CLIs in it, never the editors whose terminals Four Eyes cannot redirect', () => {
    assert.deepEqual(gaps(everything), {
      vscode: undefined,
      'claude-code': undefined,
      gemini: undefined,
      codex: undefined,
      'copilot-cli': undefined,
      opencode: undefined,
      cline: 'unsupported',
      cursor: 'unsupported',
      windsurf: 'unsupported',
      kiro: 'unsupported',
    });
  });

  it('says no sandbox for every supported agent where none can run', () => {
    const said = gaps({ ...everything, available: false });
    assert.deepEqual(new Set(Object.values(said)), new Set(['no-sandbox', 'unsupported']));
    assert.equal(said.vscode, 'no-sandbox');
    assert.equal(said['claude-code'], 'no-sandbox');
  });

  it('names the setting or the profile that keeps an agent out', () => {
    assert.equal(sandboxGap('claude-code', { ...everything, cliShims: false }), 'setting-off');
    assert.equal(sandboxGap('vscode', { ...everything, cliShims: false }), undefined);
    assert.equal(sandboxGap('vscode', { ...everything, profile: 'other' }), 'profile-unset');
    assert.equal(sandboxGap('vscode', { ...everything, profile: 'outdated' }), 'profile-outdated');
  });
});
