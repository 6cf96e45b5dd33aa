// Editor settings files hold much besides agents' and Four Eyes' gates: only a change to what could loosen a gate counts
// (the tamper watch holds those changes; an agent's edit that leaves them as they were is an everyday edit).
import { parse, type ParseError } from 'jsonc-parser';

/** Keys that switch Four Eyes off, let an agent approve itself, or change the terminals agents run in. */
const gateKeys = [
  /^fourEyes\./,
  /^chat\.(tools|agent|hooks|mcp|extensionTools)\b/,
  /^github\.copilot\.chat\.agent\./,
  /^(claudeCode|claude-code|cline|kiro|kiroAgent|windsurf|cursor)\b/i,
  /^terminal\.integrated\.(env|profiles|defaultProfile|automationProfile|shellIntegration)\./,
  /^security\.workspace\.trust\./,
  /^task\.allowAutomaticTasks$/,
];

/** The settings in `text` that matter to Four Eyes, as one comparable string; a file that does not parse matters whole. */
export function gateSettings(text: string | undefined): string {
  if (text === undefined) return '';
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || typeof value !== 'object' || value === null || Array.isArray(value)) return text;
  const kept = Object.entries(value as Record<string, unknown>).filter(([key]) => gateKeys.some((pattern) => pattern.test(key)));
  return JSON.stringify(kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An editor's settings file (a workspace's `.vscode/settings.json`, a user's `settings.json`), judged by its gate settings rather than whole. */
export function isEditorSettingsFile(path: string): boolean {
  return /[\\/]\.vscode[\\/]settings\.json$|[\\/]User[\\/]settings\.json$|[\\/]data[\\/]Machine[\\/]settings\.json$/.test(path);
}
