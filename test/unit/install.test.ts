import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { hookAgents, type HookAgent } from '../../src/core/hooks/adapters';
import { agentHookTimeoutSeconds, brokerHoldSeconds, hookDeadlineMs } from '../../src/core/hooks/deadline';
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
    assert.equal(settings.hooks.BeforeTool[1].hooks[0].command, command);
    assert.match(command, new RegExp(`^sh -c '${launcher} hook gemini \\|\\| `));
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
    assert.ok(command.startsWith(`sh -c ''\\''/Users/Dana Smith/Library/four-eyes'\\'' hook cursor || `), command);
    assert.ok(isFourEyesCommand(command));
    // Windows runs the .cmd launcher as it is, and Cline's script checks the launcher itself.
    assert.equal(hookCommand('C:\\Users\\dana\\.four-eyes\\bin\\four-eyes.cmd', 'cursor'), `'C:\\Users\\dana\\.four-eyes\\bin\\four-eyes.cmd' hook cursor`);
    assert.equal(hookCommand('$HOME/.four-eyes/bin/four-eyes', 'cline'), '"$HOME/.four-eyes/bin/four-eyes" hook cline');
  });
});

describe('how long each agent waits for its hook', () => {
  /** The wait written into `agent`'s hook file, in seconds, read back as the agent reads it. */
  function writtenWaitSeconds(agent: HookAgent): number | undefined {
    const file = parse(hookSpecs[agent].add(undefined, hookCommand(launcher, agent))) as Record<string, unknown>;
    const entries = JSON.stringify(file);
    const found = /"timeout":(\d+)/.exec(entries);
    if (!found) return undefined;
    // Gemini alone counts in milliseconds (docs/agents/claude-code-and-gemini.md).
    return agent === 'gemini' ? Number(found[1]) / 1000 : Number(found[1]);
  }

  it('is written into every hook file that has a timeout, in that agent’s unit, as the hook’s deadline assumes', () => {
    for (const agent of Object.keys(agentHookTimeoutSeconds) as (keyof typeof agentHookTimeoutSeconds)[]) {
      assert.equal(writtenWaitSeconds(agent), agentHookTimeoutSeconds[agent], agent);
      // Longer than the broker's default 10 minutes, so the person's answer normally comes first.
      assert.ok(agentHookTimeoutSeconds[agent] > 600, agent);
    }
    const gemini = parse(hookSpecs.gemini.add(undefined, hookCommand(launcher, 'gemini'))) as { hooks: { BeforeTool: { hooks: { timeout: number }[] }[] } };
    assert.equal(gemini.hooks.BeforeTool[0].hooks[0].timeout, agentHookTimeoutSeconds.gemini * 1000);
  });

  it('makes the hook deny a clear margin (a tenth, at least 5 s) before each agent stops waiting, Cline’s fixed limits included', () => {
    for (const agent of hookAgents) {
      const waits = agent === 'cline' ? 120_000 : agent === 'windsurf' ? 900_000 : agentHookTimeoutSeconds[agent] * 1000;
      const deadline = hookDeadlineMs(agent);
      assert.ok(deadline <= waits - 5000 && deadline <= waits * 0.9, `${agent}: answers at ${deadline} ms of ${waits}`);
      assert.ok(deadline >= waits * 0.8, `${agent}: still holds most of the wait for the person`);
      // The broker's dialog closes before the hook gives up, so its denial (and log entry) comes first.
      assert.ok(brokerHoldSeconds(deadline) * 1000 < deadline, agent);
    }
    // The Cline extension stops waiting at 30 s: the call says so, and the hook answers by 25 s.
    assert.ok(hookDeadlineMs('cline', 25_000) <= 25_000);
  });

  it('reports a Four Eyes entry whose wait was shortened as changed: the agent would run the tool while the person decides', () => {
    const command = hookCommand(launcher, 'codex');
    const installed = hookSpecs.codex.add(undefined, command);
    assert.equal(hookSpecs.codex.status(installed, command), 'installed');
    const shortened = installed.replace(`"timeout": ${agentHookTimeoutSeconds.codex}`, '"timeout": 3');
    assert.notEqual(shortened, installed);
    assert.equal(hookSpecs.codex.status(shortened, command), 'changed');
    // Key order is the person's business.
    const reordered = JSON.stringify({ hooks: { PreToolUse: [{ hooks: [{ timeout: agentHookTimeoutSeconds.codex, command, type: 'command' }], matcher: 'Bash|apply_patch|mcp__.*' }] } });
    assert.equal(hookSpecs.codex.status(reordered, command), 'installed');
    // An entry from before MCP calls were judged lets every MCP tool through unasked.
    assert.equal(hookSpecs.codex.status(reordered.replace('|mcp__.*', ''), command), 'changed');
  });

  it('hooks MCP calls too: the matchers take every server’s tools, and Cursor and Windsurf get their MCP event next to the shell one', () => {
    const claude = JSON.parse(hookSpecs['claude-code'].add(undefined, hookCommand(launcher, 'claude-code'))) as { hooks: { PreToolUse: { matcher: string }[] } };
    const matcher = new RegExp(claude.hooks.PreToolUse[0].matcher);
    for (const tool of ['Bash', 'Write', 'mcp__dbhub__execute_sql', 'mcp__github__merge_pull_request']) assert.match(tool, matcher);
    const gemini = JSON.parse(hookSpecs.gemini.add(undefined, hookCommand(launcher, 'gemini'))) as { hooks: { BeforeTool: { matcher: string }[] } };
    assert.match('mcp_dbhub_execute_sql', new RegExp(gemini.hooks.BeforeTool[0].matcher));
    for (const [agent, events] of [['cursor', ['beforeShellExecution', 'beforeMCPExecution']], ['windsurf', ['pre_run_command', 'pre_mcp_tool_use']]] as const) {
      const command = hookCommand(launcher, agent);
      const installed = hookSpecs[agent].add('{"hooks": {"stop": [{"command": "notify"}]}}', command);
      const hooks = (JSON.parse(installed) as { hooks: Record<string, { command: string }[]> }).hooks;
      for (const event of events) assert.equal(hooks[event]?.[0]?.command, command, `${agent} ${event}`);
      assert.equal(hookSpecs[agent].status(installed, command), 'installed');
      assert.equal(hookSpecs[agent].entries(installed).length, 2);
      // Only the shell event, as an older Four Eyes wrote it: MCP calls would pass, so it is shown as changed.
      const shellOnly = JSON.stringify({ hooks: { ...hooks, [events[1]]: undefined } });
      assert.equal(hookSpecs[agent].status(shellOnly, command), 'changed');
      assert.deepEqual((JSON.parse(hookSpecs[agent].remove(installed) ?? 'null') as { hooks: unknown }).hooks, { stop: [{ command: 'notify' }] });
      assert.equal(hookSpecs[agent].remove(hookSpecs[agent].add(undefined, command)), undefined);
    }
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
