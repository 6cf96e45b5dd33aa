import * as assert from 'node:assert/strict';
import { minimatch } from 'minimatch';
import { hookSpecs } from '../../src/core/hooks/install';
import { AgentActivity, agentActive, splitPattern, watchedPatterns, type WatchedPattern } from '../../src/core/tamper/watched';
import { gateSettings, isEditorSettings } from '../../src/core/tamper/settings';

const places = { workspace: '/work/app', home: '/home/dev', shims: '/state/shims/1.0.0' };
const joined = (pattern: WatchedPattern): string => [pattern.root, pattern.directory, pattern.glob].filter(Boolean).join('/');

describe('the tamper watch’s files', () => {
  const watched = watchedPatterns(places).map(joined);

  it('watches the workspace policy, agents’ settings and hook folders, and the shim directory', () => {
    for (const expected of [
      '/work/app/.vscode/four-eyes.json',
      '/work/app/.claude/settings*.json',
      '/home/dev/.claude/settings*.json',
      '/work/app/.github/hooks/**',
      '/work/app/.cursor/hooks.json',
      '/home/dev/.gemini/settings.json',
      '/work/app/.codex/hooks.json',
      '/work/app/.clinerules/hooks/**',
      '/work/app/.windsurf/hooks.json',
      '/work/app/.kiro/hooks/**',
      '/state/shims/1.0.0/**',
    ]) assert.ok(watched.includes(expected), expected);
    assert.ok(!watched.includes('/home/dev/.vscode/four-eyes.json'), 'the policy file is the workspace’s');
  });

  it('covers every agent’s user and workspace hook file, each watched once', () => {
    const covers = (root: string, relative: string): boolean => watched.some((pattern) => minimatch(`${root}/${relative}`, pattern, { dot: true }));
    for (const spec of Object.values(hookSpecs)) {
      if (spec.files.workspace) assert.ok(covers(places.workspace, spec.files.workspace), `${spec.label} workspace`);
      if (spec.files.user) assert.ok(covers(places.home, spec.files.user), `${spec.label} user`);
    }
    assert.equal(new Set(watched).size, watched.length, 'no duplicates');
    assert.ok(!watched.includes('/work/app/.github/hooks/four-eyes.json'), 'inside a watched folder already');
    assert.ok(!watched.includes('/home/dev/.claude/settings.json'), 'matched by settings*.json already');
  });

  it('watches Four Eyes’ launcher, hook key and policy settings, the installed CLI, the editor’s settings and the agents’ switches', () => {
    const all = watchedPatterns({ ...places, state: '/home/dev/.four-eyes', extension: '/home/dev/.vscode/extensions/four-eyes-0.1.0', editorSettings: '/home/dev/.config/Code/User/settings.json' });
    const files = (file: string): boolean => all.some((pattern) => minimatch(file, joined(pattern), { dot: true }));
    for (const file of [
      '/home/dev/.four-eyes/bin/four-eyes',
      '/home/dev/.four-eyes/hook-key',
      '/home/dev/.four-eyes/policy-settings.json',
      '/home/dev/.vscode/extensions/four-eyes-0.1.0/dist/cli.js',
      '/home/dev/.vscode/extensions/four-eyes-0.1.0/dist/four-eyes-cli.js',
      '/home/dev/.config/Code/User/settings.json',
      '/work/app/.vscode/settings.json',
      '/home/dev/.codex/config.toml',
      '/work/app/.claude/settings.local.json',
      '/home/dev/.copilot/settings.json',
    ]) assert.ok(files(file), file);
    // Four Eyes writes these all the time: the log is anchored and the registry is checked, so they are not held.
    for (const file of ['/home/dev/.four-eyes/brokers/1-ab.json', '/home/dev/.four-eyes/hook-reports/x.json', '/home/dev/.four-eyes/cache/cli.v8']) assert.ok(!files(file), file);
  });

  it('leaves out what is not there: no workspace folder, shims off', () => {
    const scopes = new Set(watchedPatterns({ workspace: undefined, home: '/home/dev', shims: undefined }).map((pattern) => pattern.scope));
    assert.deepEqual([...scopes], ['home']);
  });

  it('splits a pattern into the folder a watcher starts from and the glob below it', () => {
    assert.deepEqual(splitPattern('.github/hooks/**'), { directory: '.github/hooks', glob: '**' });
    assert.deepEqual(splitPattern('.claude/settings*.json'), { directory: '.claude', glob: 'settings*.json' });
    assert.deepEqual(splitPattern('Documents/Cline/Hooks/PreToolUse'), { directory: 'Documents/Cline/Hooks', glob: 'PreToolUse' });
    assert.deepEqual(splitPattern('opencode.json'), { directory: '', glob: 'opencode.json' });
  });
});

describe('the editor settings that touch a gate', () => {
  it('counts a change to Four Eyes’ settings, agents’ auto-approval or the agent terminal, and nothing else', () => {
    const before = '{\n  // mine\n  "editor.fontSize": 14,\n  "fourEyes.shims": true,\n}';
    assert.equal(gateSettings(before), gateSettings('{"editor.fontSize": 16, "workbench.colorTheme": "x", "fourEyes.shims": true}'), 'font and theme do not matter');
    for (const changed of [
      '{"editor.fontSize": 14, "fourEyes.shims": false}',
      '{"editor.fontSize": 14}',
      '{"fourEyes.shims": true, "chat.tools.autoApprove": true}',
      '{"fourEyes.shims": true, "chat.tools.terminal.terminalProfile.linux": {"path": "/bin/bash"}}',
      '{"fourEyes.shims": true, "github.copilot.chat.agent.terminal.allowList": {"terraform": true}}',
      '{"fourEyes.shims": true, "terminal.integrated.env.linux": {"PATH": "/usr/bin"}}',
      '{"fourEyes.shims": true, "security.workspace.trust.enabled": false}',
    ]) assert.notEqual(gateSettings(before), gateSettings(changed), changed);
    assert.notEqual(gateSettings(before), gateSettings('{"fourEyes.shims": true'), 'a file the editor cannot read counts whole');
  });

  it('knows an editor settings file from the other watched files', () => {
    assert.equal(isEditorSettings('/work/app/.vscode/settings.json', undefined), true);
    assert.equal(isEditorSettings('/home/dev/.config/Code/User/settings.json', '/home/dev/.config/Code/User/settings.json'), true);
    assert.equal(isEditorSettings('/home/dev/.claude/settings.json', '/home/dev/.config/Code/User/settings.json'), false);
  });
});

describe('whether an agent is active', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  const minutesAgo = (minutes: number): number => now - minutes * 60_000;

  it('is while an agent logged a command in the last ten minutes or has a request waiting', () => {
    assert.equal(agentActive(minutesAgo(3), 0, now), true);
    assert.equal(agentActive(minutesAgo(10), 0, now), true);
    assert.equal(agentActive(minutesAgo(11), 0, now), false);
    assert.equal(agentActive(undefined, 0, now), false);
    assert.equal(agentActive(minutesAgo(60), 1, now), true);
  });

  it('takes the latest agent entry from the log, not a person’s', () => {
    const at = (minutes: number): string => new Date(minutesAgo(minutes)).toISOString();
    const activity = new AgentActivity([{ time: at(30), actor: { kind: 'agent', agent: 'claude-code', evidence: 'hook channel' } }]);
    assert.equal(activity.active(0, now), false);
    activity.add({ time: at(1), actor: { kind: 'human', evidence: 'terminal "bash"' } });
    assert.equal(activity.active(0, now), false, 'a person typing is not an agent');
    activity.add({ time: at(2), actor: { kind: 'agent', agent: 'gemini', evidence: 'env GEMINI_CLI' } });
    assert.equal(activity.active(0, now), true);
    activity.add({ time: at(40), actor: { kind: 'agent', agent: 'codex', evidence: 'hook channel' } });
    assert.equal(activity.active(0, now), true, 'an older entry read late does not move the time back');
  });
});
