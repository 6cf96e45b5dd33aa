import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { hookAgents } from '../../src/core/hooks/adapters';
import { claudeSupportsHttpHooks, hookCommand, hookSpecs, isFourEyesCommand, uninstalledContent } from '../../src/core/hooks/install';

const launcher = '/home/dev/.vscode/globalStorage/four-eyes.four-eyes/bin/four-eyes';

describe('installing agent hooks', () => {
  it('adds the hook to existing Claude Code settings without losing anything, comments included', () => {
    const original = `{
  // my model
  "model": "sonnet",
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "my-own-guard" }] }
    ]
  },
  "permissions": { "allow": ["Bash(npm test)"] }
}
`;
    const command = hookCommand(launcher, 'claude-code');
    const installed = hookSpecs['claude-code'].add(original, command);
    assert.match(installed, /\/\/ my model/);
    const settings = parse(installed) as { model: string; hooks: { PreToolUse: { matcher: string; hooks: { command: string; timeout: number }[] }[] }; permissions: unknown };
    assert.equal(settings.model, 'sonnet');
    assert.deepEqual(settings.permissions, { allow: ['Bash(npm test)'] });
    assert.equal(settings.hooks.PreToolUse.length, 2);
    assert.equal(settings.hooks.PreToolUse[0].hooks[0].command, 'my-own-guard');
    assert.equal(settings.hooks.PreToolUse[1].hooks[0].command, `${launcher} hook claude-code`);
    assert.ok(settings.hooks.PreToolUse[1].hooks[0].timeout >= 600, 'the agent must wait longer than the broker');
    assert.equal(hookSpecs['claude-code'].status(installed, command), 'installed');
    // Idempotent: installing twice changes nothing.
    assert.equal(hookSpecs['claude-code'].add(installed, command), installed);
    // Uninstalling gives back the original exactly when the file is as Four Eyes left it…
    assert.equal(uninstalledContent(hookSpecs['claude-code'], installed, { previous: original, written: installed }), original);
    // …and otherwise removes only Four Eyes' entry, keeping comments and everything else.
    const edited = installed.replace('"sonnet"', '"opus"');
    const removed = uninstalledContent(hookSpecs['claude-code'], edited, { previous: original, written: installed }) ?? '';
    assert.match(removed, /\/\/ my model/);
    assert.deepEqual(parse(removed), { ...(parse(original) as object), model: 'opus' });
  });

  it('creates the file when there is none, and removes it again when nothing else is left', () => {
    for (const agent of hookAgents) {
      const spec = hookSpecs[agent];
      const command = hookCommand(launcher, agent);
      const created = spec.add(undefined, command);
      assert.equal(spec.status(created, command), 'installed', agent);
      assert.equal(spec.status(undefined, command), 'missing', agent);
      assert.equal(spec.remove(created), undefined, agent);
    }
  });

  it('tells a changed hook (another launcher path) from a missing one', () => {
    const installed = hookSpecs.gemini.add('{"general": {"disableAutoUpdate": true}}', hookCommand('/old/path/four-eyes', 'gemini'));
    assert.equal(hookSpecs.gemini.status(installed, hookCommand(launcher, 'gemini')), 'changed');
    const updated = hookSpecs.gemini.add(installed, hookCommand(launcher, 'gemini'));
    assert.equal(hookSpecs.gemini.status(updated, hookCommand(launcher, 'gemini')), 'installed');
    assert.equal((parse(updated) as { hooks: { BeforeTool: unknown[] } }).hooks.BeforeTool.length, 1);
    assert.deepEqual(parse(hookSpecs.gemini.remove(updated) ?? ''), { general: { disableAutoUpdate: true } });
  });

  it('refuses to overwrite a Cline hook script that is not Four Eyes’', () => {
    assert.throws(() => hookSpecs.cline.add('#!/bin/sh\nexec my-guard\n', hookCommand(launcher, 'cline')), /not Four Eyes/);
  });

  it('quotes a launcher path with spaces', () => {
    const command = hookCommand('/Users/Dana Smith/Library/four-eyes', 'cursor');
    assert.equal(command, `'/Users/Dana Smith/Library/four-eyes' hook cursor`);
    assert.ok(isFourEyesCommand(command));
  });
});

describe('Claude Code’s HTTP hook', () => {
  it('is used only from the version that blocks when the hook fails', () => {
    assert.equal(claudeSupportsHttpHooks('2.1.332 (Claude Code)'), true);
    assert.equal(claudeSupportsHttpHooks('2.1.295 (Claude Code)'), true);
    assert.equal(claudeSupportsHttpHooks('2.1.294 (Claude Code)'), false);
    assert.equal(claudeSupportsHttpHooks('2.1.63'), false);
    assert.equal(claudeSupportsHttpHooks('3.0.0'), true);
    assert.equal(claudeSupportsHttpHooks('claude: command not found'), false);
  });

  it('is written as an HTTP hook that blocks on failure, and found again as Four Eyes’', () => {
    const url = 'http://127.0.0.1:47321/four-eyes/hook/claude-code?key=abc';
    const installed = hookSpecs['claude-code'].add(undefined, url);
    const hook = (parse(installed) as { hooks: { PreToolUse: { hooks: Record<string, unknown>[] }[] } }).hooks.PreToolUse[0].hooks[0];
    assert.deepEqual(hook, { type: 'http', url, timeout: 900, onFailure: 'block' });
    assert.equal(hookSpecs['claude-code'].status(installed, url), 'installed');
    // Switching to the command hook replaces the HTTP one rather than adding a second hook.
    const command = hookCommand(launcher, 'claude-code');
    const switched = hookSpecs['claude-code'].add(installed, command);
    assert.equal((parse(switched) as { hooks: { PreToolUse: unknown[] } }).hooks.PreToolUse.length, 1);
    assert.equal(hookSpecs['claude-code'].status(switched, command), 'installed');
  });
});
