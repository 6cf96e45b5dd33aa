import * as assert from 'node:assert/strict';
import { minimatch } from 'minimatch';
import { hookSpecs } from '../../src/core/hooks/install';
import { AgentActivity, agentActive, splitPattern, watchedPatterns, type WatchedPattern } from '../../src/core/tamper/watched';

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
