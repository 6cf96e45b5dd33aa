// Settings that turn an agent's hooks off wholesale, whatever its hook file says: the hook is there and never runs.
import { parse } from 'jsonc-parser';
import type { HookAgent } from './adapters';

/** One settings file an agent reads: relative to the home folder (`user`), the workspace, or absolute (`system`). */
export interface SwitchFile {
  readonly scope: 'user' | 'workspace' | 'system';
  readonly path: string;
  readonly format: 'json' | 'toml';
  /** Whether the file's values mean hooks are off. */
  readonly off: (settings: Readonly<Record<string, unknown>>) => boolean;
}

const disableAll = (settings: Readonly<Record<string, unknown>>): boolean => settings.disableAllHooks === true;

// Gemini CLI reads `hooksConfig.enabled` (0.61: `enableHooks: settings.hooksConfig.enabled`) and skips hook names it lists as disabled.
const geminiOff = (settings: Readonly<Record<string, unknown>>): boolean => {
  const config = settings.hooksConfig;
  if (typeof config !== 'object' || config === null) return false;
  const { enabled, disabled } = config as { enabled?: unknown; disabled?: unknown };
  return enabled === false || (Array.isArray(disabled) && disabled.some((name) => typeof name === 'string' && /four-eyes/i.test(name)));
};

// Codex: `[features] hooks = false` (or the older `codex_hooks`).
const codexOff = (settings: Readonly<Record<string, unknown>>): boolean => settings['features.hooks'] === false || settings['features.codex_hooks'] === false;

/** Where each agent can be told to run no hooks at all; agents without such a switch are absent. */
export const switchFiles: Partial<Record<HookAgent, readonly SwitchFile[]>> = {
  'claude-code': [
    { scope: 'user', path: '.claude/settings.json', format: 'json', off: disableAll },
    { scope: 'workspace', path: '.claude/settings.json', format: 'json', off: disableAll },
    { scope: 'workspace', path: '.claude/settings.local.json', format: 'json', off: disableAll },
    { scope: 'system', path: '/etc/claude-code/managed-settings.json', format: 'json', off: disableAll },
  ],
  gemini: [
    { scope: 'user', path: '.gemini/settings.json', format: 'json', off: geminiOff },
    { scope: 'workspace', path: '.gemini/settings.json', format: 'json', off: geminiOff },
    { scope: 'system', path: '/etc/gemini-cli/settings.json', format: 'json', off: geminiOff },
  ],
  codex: [
    { scope: 'user', path: '.codex/config.toml', format: 'toml', off: codexOff },
    { scope: 'workspace', path: '.codex/config.toml', format: 'toml', off: codexOff },
  ],
  'copilot-cli': [
    { scope: 'user', path: '.copilot/settings.json', format: 'json', off: disableAll },
    { scope: 'user', path: '.copilot/config.json', format: 'json', off: disableAll },
  ],
};

/** TOML's flat keys as `section.key`, with the booleans and strings a switch needs; the rest is skipped. */
export function tomlValues(text: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      section = header[1].replace(/["'\s]/g, '');
      continue;
    }
    const pair = /^([\w.\-"']+)\s*=\s*(.+)$/.exec(line);
    if (!pair) continue;
    const key = pair[1].replace(/["'\s]/g, '');
    const value = pair[2].trim();
    values[section ? `${section}.${key}` : key] = value === 'true' ? true : value === 'false' ? false : value.replace(/^["']|["']$/g, '');
  }
  return values;
}

function values(file: SwitchFile, text: string): Record<string, unknown> {
  if (file.format === 'toml') return tomlValues(text);
  const value: unknown = parse(text, [], { allowTrailingComma: true, disallowComments: false });
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The first of the agent's settings files that turns its hooks off; `read` gives a file's text, undefined when absent. */
export function hooksSwitchedOff(agent: HookAgent, read: (file: SwitchFile) => string | undefined): SwitchFile | undefined {
  return (switchFiles[agent] ?? []).find((file) => {
    const text = read(file);
    return text !== undefined && file.off(values(file, text));
  });
}
