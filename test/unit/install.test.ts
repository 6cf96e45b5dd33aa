import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { hookAgents } from '../../src/core/hooks/adapters';
import { chooseHook, claudeSupportsHttpHooks, hookCommand, hookKeyHeader, hookSpecs, httpHook, isFourEyesCommand, protectionStatus, uninstalledContent, type HookPort, type HookScope } from '../../src/core/hooks/install';

const launcher = '/home/dev/.vscode/globalStorage/four-eyes.four-eyes/bin/four-eyes';

describe('installing agent hooks', () => {
  it('adds the hook to existing settings without losing anything, comments included', () => {
    const original = `{
  // my model
  "model": "gemini-3.8-flash",
  "hooks": {
    "BeforeTool": [
      { "matcher": "run_shell_command", "hooks": [{ "type": "command", "command": "my-own-guard" }] }
    ]
  },
  "tools": { "allowed": ["run_shell_command(npm test)"] }
}
`;
    // Gemini CLI reads settings with comments; the hook goes in beside them.
    const spec = hookSpecs.gemini;
    const command = hookCommand(launcher, 'gemini');
    const installed = spec.add(original, command);
    assert.match(installed, /\/\/ my model/);
    const settings = parse(installed) as { model: string; hooks: { BeforeTool: { matcher: string; hooks: { command: string; timeout: number }[] }[] }; tools: unknown };
    assert.equal(settings.model, 'gemini-3.8-flash');
    assert.deepEqual(settings.tools, { allowed: ['run_shell_command(npm test)'] });
    assert.equal(settings.hooks.BeforeTool.length, 2);
    assert.equal(settings.hooks.BeforeTool[0].hooks[0].command, 'my-own-guard');
    assert.equal(settings.hooks.BeforeTool[1].hooks[0].command, `${launcher} hook gemini`);
    assert.ok(settings.hooks.BeforeTool[1].hooks[0].timeout >= 600_000, 'the agent must wait longer than the broker (milliseconds)');
    assert.equal(spec.status(installed, command), 'installed');
    // Idempotent: installing twice changes nothing.
    assert.equal(spec.add(installed, command), installed);
    // Uninstalling gives back the original exactly when the file is as Four Eyes left it…
    assert.equal(uninstalledContent(spec, installed, { previous: original, written: installed }), original);
    // …and otherwise removes only Four Eyes' entry, keeping comments and everything else.
    const edited = installed.replace('"gemini-3.8-flash"', '"gemini-3.8-pro"');
    const removed = uninstalledContent(spec, edited, { previous: original, written: installed }) ?? '';
    assert.match(removed, /\/\/ my model/);
    assert.deepEqual(parse(removed), { ...(parse(original) as object), model: 'gemini-3.8-pro' });
  });

  it('changes nothing but what it adds: the person’s own lines keep their layout', () => {
    const original = '{\n  "model": "opus",\n  "permissions": { "allow": ["Bash(npm test)"] }\n}\n';
    const installed = hookSpecs['claude-code'].add(original, hookCommand(launcher, 'claude-code'));
    assert.ok(installed.startsWith('{\n  "model": "opus",\n  "permissions": { "allow": ["Bash(npm test)"] },\n  "hooks": {\n'), installed);
  });

  it('refuses to put a hook in a file the agent cannot read, and reports such a file as unprotected', () => {
    const command = hookCommand(launcher, 'claude-code');
    // Claude Code ignores a settings file with a comment, hooks and all.
    const commented = '{\n  // mine\n  "model": "opus"\n}\n';
    assert.throws(() => hookSpecs['claude-code'].add(commented, command), /comments or trailing commas, so the agent ignores all of it/);
    const installed = hookSpecs['claude-code'].add('{"model": "opus"}', command);
    assert.equal(hookSpecs['claude-code'].status(installed.replace('{', '{\n  // later, by hand'), command), 'unreadable');
    assert.throws(() => hookSpecs.gemini.add('{"model": ', hookCommand(launcher, 'gemini')), /a JSON error/);
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

  it('is written as an HTTP hook that blocks on failure, the key in a header and not the URL, and found again as Four Eyes’', () => {
    const url = 'http://127.0.0.1:47321/four-eyes/hook/claude-code';
    const key = 'a'.repeat(64);
    const installed = hookSpecs['claude-code'].add(undefined, httpHook(url, key));
    const hook = (parse(installed) as { hooks: { PreToolUse: { hooks: Record<string, unknown>[] }[] } }).hooks.PreToolUse[0].hooks[0];
    assert.deepEqual(hook, { type: 'http', url, headers: { [hookKeyHeader]: key }, timeout: 900, onFailure: 'block' });
    assert.equal(hookSpecs['claude-code'].status(installed, httpHook(url, key)), 'installed');
    // A new key (the key file made again) leaves the installed hook sending the old one: changed, so the person reinstalls.
    assert.equal(hookSpecs['claude-code'].status(installed, httpHook(url, 'b'.repeat(64))), 'changed');
    // An older install's key in the URL is Four Eyes' hook, but not the one to have now.
    const old = hookSpecs['claude-code'].add(undefined, `${url}?key=${key}`);
    assert.equal(hookSpecs['claude-code'].status(old, httpHook(url, key)), 'changed');
    // Switching to the command hook replaces the HTTP one rather than adding a second hook.
    const command = hookCommand(launcher, 'claude-code');
    const switched = hookSpecs['claude-code'].add(installed, command);
    assert.equal((parse(switched) as { hooks: { PreToolUse: unknown[] } }).hooks.PreToolUse.length, 1);
    assert.equal(hookSpecs['claude-code'].status(switched, command), 'installed');
  });
});

describe('a hook port held by another program', () => {
  const http = httpHook('http://127.0.0.1:47321/four-eyes/hook/claude-code', 'a'.repeat(64));
  const command = hookCommand('/home/dana/.four-eyes/bin/four-eyes', 'claude-code');

  it('shows an installed HTTP hook as unprotected (port held), and leaves command hooks and other problems as they are', () => {
    assert.equal(protectionStatus('installed', http, 'other-program'), 'port-held');
    assert.equal(protectionStatus('installed', http, 'four-eyes'), 'installed');
    assert.equal(protectionStatus('installed', http, 'unknown'), 'installed');
    assert.equal(protectionStatus('installed', command, 'other-program'), 'installed');
    assert.equal(protectionStatus('missing', http, 'other-program'), 'missing');
  });

  it('installs the command hook then, and the HTTP hook only where the agent obeys it and Four Eyes answers on the port', () => {
    const choose = (port: HookPort, obeysHttp = true, scope: HookScope = 'user'): string => chooseHook({ scope, obeysHttp, port, http, command });
    assert.equal(choose('other-program'), command);
    assert.equal(choose('unknown'), command);
    assert.equal(choose('four-eyes'), http);
    assert.equal(choose('four-eyes', false), command);
    assert.equal(choose('four-eyes', true, 'workspace'), command);
  });
});
