import * as assert from 'node:assert/strict';
import { hooksSwitchedOff, tomlValues, type SwitchFile } from '../../src/core/hooks/switchedOff';
import type { HookAgent } from '../../src/core/hooks/adapters';

/** The files an agent would find, by the path its switch list names. */
function reading(files: Record<string, string>): (file: SwitchFile) => string | undefined {
  return (file) => files[`${file.scope}:${file.path}`];
}

function off(agent: HookAgent, files: Record<string, string>): string | undefined {
  const found = hooksSwitchedOff(agent, reading(files));
  return found && `${found.scope}:${found.path}`;
}

describe('an agent’s settings that switch its hooks off', () => {
  it('finds disableAllHooks in any of Claude Code’s settings files, comments and trailing commas and all', () => {
    assert.equal(off('claude-code', { 'workspace:.claude/settings.local.json': '{\n  // by the agent\n  "disableAllHooks": true,\n}' }), 'workspace:.claude/settings.local.json');
    assert.equal(off('claude-code', { 'user:.claude/settings.json': '{"disableAllHooks": true}' }), 'user:.claude/settings.json');
    assert.equal(off('claude-code', { 'user:.claude/settings.json': '{"disableAllHooks": false, "hooks": {}}' }), undefined);
    assert.equal(off('claude-code', { 'workspace:.claude/settings.json': '{"env": {"disableAllHooks": true}}' }), undefined, 'only the top-level switch counts');
  });

  it('finds Gemini CLI’s hooksConfig turned off or naming Four Eyes’ hook disabled', () => {
    assert.equal(off('gemini', { 'workspace:.gemini/settings.json': '{"hooksConfig": {"enabled": false}}' }), 'workspace:.gemini/settings.json');
    assert.equal(off('gemini', { 'user:.gemini/settings.json': '{"hooksConfig": {"disabled": ["four-eyes"]}}' }), 'user:.gemini/settings.json');
    assert.equal(off('gemini', { 'user:.gemini/settings.json': '{"hooksConfig": {"enabled": true, "disabled": ["lint"]}}' }), undefined);
  });

  it('finds Codex’s [features] hooks = false in config.toml', () => {
    assert.equal(off('codex', { 'user:.codex/config.toml': 'model = "o4"\n\n[features]\nhooks = false # off\n' }), 'user:.codex/config.toml');
    assert.equal(off('codex', { 'workspace:.codex/config.toml': 'features.codex_hooks = false\n' }), 'workspace:.codex/config.toml');
    assert.equal(off('codex', { 'user:.codex/config.toml': '[features]\nhooks = true\n[other]\nhooks = false\n' }), undefined);
  });

  it('finds disableAllHooks in Copilot CLI’s settings', () => {
    assert.equal(off('copilot-cli', { 'user:.copilot/settings.json': '{"disableAllHooks": true}' }), 'user:.copilot/settings.json');
  });

  it('reads TOML’s sections and dotted keys as one flat table', () => {
    assert.deepEqual(tomlValues('a = 1\n[features]\n"hooks" = false\n[ x.y ]\nz = "w"'), { a: '1', 'features.hooks': false, 'x.y.z': 'w' });
  });
});
