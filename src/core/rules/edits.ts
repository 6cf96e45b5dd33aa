// File edits an agent's tools make (not shell commands): its own settings and hooks, Four Eyes' files, protected paths.
import type { Minimatch } from 'minimatch';
import type { Assessment, Finding, Requirement } from '../model/assessment';
import type { FileChange } from '../model/edit';
import { higherLevel, type Level } from '../model/levels';
import { joinPath, isWithin } from '../model/paths';
import { linkedPath, type FileReader } from '../model/reader';
import { gateSettings, isEditorSettingsFile } from './editorSettings';
import { changedText, plantedEdit, plantedRule, writingTool } from './planted';
import { rule, type Rule, type RulePack } from './rule';

const agentSettings = rule({
  id: 'edit.agent-settings',
  level: 'high',
  reason: 'Changes an agent’s own settings or hook files: an agent could switch its own gates off.',
});
const fourEyes = rule({ id: 'edit.four-eyes', level: 'high', reason: 'Changes Four Eyes’ policy, hooks or records.' });
const protectedPath = rule({ id: 'edit.protected-path', level: 'high', reason: 'Changes a protected path (Terraform state, production configuration).' });

// Relative to the workspace or to the home folder.
const agentFiles = [
  '.claude/settings*.json', '.claude/hooks/**', '.gemini/settings.json', '.cursor/hooks.json', '.github/hooks/**', '.copilot/**', '.codex/**',
  '.windsurf/hooks.json', '.codeium/windsurf/hooks.json', '.kiro/**', '.clinerules/hooks/**', 'Documents/Cline/Hooks/**', '.config/opencode/**', 'opencode.json', '.vscode/settings.json',
  '.config/Code/User/settings.json', '.config/Code - Insiders/User/settings.json', '.config/Cursor/User/settings.json', '.config/Windsurf/User/settings.json', '.config/Kiro/User/settings.json',
  '.vscode-server/data/Machine/settings.json', '.local/share/code-server/User/settings.json', 'Library/Application Support/Code/User/settings.json',
];
const fourEyesFiles = ['.vscode/four-eyes.json', '.four-eyes/**', '.vscode/extensions/*four-eyes*/**', '.vscode-server/extensions/*four-eyes*/**', '.local/share/code-server/extensions/*four-eyes*/**'];
const builtInProtected = ['**/*.tfstate', '**/*.tfstate.backup', '**/.terraform/environment'];

const compiled = new Map<string, Minimatch>();
function matches(relative: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    let matcher = compiled.get(pattern);
    if (!matcher) {
      // Required on first use: most processes never judge an edit.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Minimatch: Matcher } = require('minimatch') as typeof import('minimatch');
      matcher = new Matcher(pattern, { dot: true, nocase: process.platform !== 'linux' });
      compiled.set(pattern, matcher);
    }
    return matcher.match(relative);
  });
}

export interface EditContext {
  readonly cwd: string;
  readonly home: string | undefined;
  /** The merged policy's approval table, protected and autorun paths and raised levels: an edit is judged by the same policy as a command. */
  readonly policy: {
    readonly approval: Readonly<Record<Level, Requirement>>;
    readonly protectedPaths?: readonly string[];
    readonly autorunPaths?: readonly string[];
    readonly ruleLevels?: Readonly<Record<string, Level>>;
  };
  /** The file as it is, to see what an edit adds; without it every line the edit writes counts as new. */
  readonly reader?: FileReader;
}

/** Whose gate a file is part of: Four Eyes' own (policy, state, launcher, log), or an agent's hooks and settings. */
// Every written path of every command is looked up: the answer for a path in a folder is kept.
const guardedFiles = new Map<string, 'four-eyes' | 'agent-settings' | 'none'>();

export function guardedFile(absolute: string, cwd: string, home: string | undefined): 'four-eyes' | 'agent-settings' | undefined {
  const key = `${absolute}\0${cwd}\0${home ?? ''}`;
  const known = guardedFiles.get(key);
  if (known !== undefined) return known === 'none' ? undefined : known;
  if (guardedFiles.size > 4096) guardedFiles.clear();
  const found = guardedAnswer(absolute, cwd, home);
  guardedFiles.set(key, found ?? 'none');
  return found;
}

function guardedAnswer(absolute: string, cwd: string, home: string | undefined): 'four-eyes' | 'agent-settings' | undefined {
  const relatives = [absolute.slice(1)];
  if (isWithin(absolute, cwd)) relatives.push(absolute.slice(cwd.length + 1));
  if (home && isWithin(absolute, home)) relatives.push(absolute.slice(home.length + 1));
  if (relatives.some((relative) => matches(relative, fourEyesFiles))) return 'four-eyes';
  if (relatives.some((relative) => matches(relative, agentFiles))) return 'agent-settings';
  return undefined;
}

/** An edit of an editor's settings whose text is known and leaves every gate setting as it was: an everyday edit. */
function leavesGates(absolute: string, change: FileChange | undefined, reader: FileReader | undefined): boolean {
  if (!change || !isEditorSettingsFile(absolute)) return false;
  const texts = changedText(absolute, change, reader);
  // A file that may be there but was not read could hold gate settings the edit drops.
  if (texts === undefined || (texts.before === undefined && reader?.exists?.(absolute) !== false)) return false;
  return gateSettings(texts.before ?? '{}') === gateSettings(texts.after);
}

/** The rule an edit of `path` breaks, if any. */
function editRule(path: string, context: EditContext, change: FileChange | undefined): Rule | undefined {
  const written = joinPath(context.cwd, path);
  // An edit through a link (`notes.json` → `~/.claude/settings.json`) changes the file the link points at: that one is judged.
  const linked = linkedPath(context.reader, written);
  const found = editRuleAt(written, context, change);
  return found ?? (linked === undefined ? undefined : editRuleAt(linked, context, change));
}

function editRuleAt(absolute: string, context: EditContext, change: FileChange | undefined): Rule | undefined {
  const guarded = guardedFile(absolute, context.cwd, context.home);
  if (guarded === 'four-eyes') return fourEyes;
  if (guarded === 'agent-settings' && !leavesGates(absolute, change, context.reader)) return agentSettings;
  // Protected paths match any tail of the path, as they do for commands: `infra/**` holds from a nested folder too.
  // A pattern starting `**/` matches some tail exactly when it matches the whole path, so only the others see each tail.
  const patterns = [...builtInProtected, ...(context.policy.protectedPaths ?? [])];
  const parts = absolute.split('/').filter(Boolean);
  if (matches(parts.join('/'), patterns)) return protectedPath;
  const anchored = patterns.filter((pattern) => !pattern.startsWith('**/'));
  if (anchored.length && parts.some((_part, start) => start > 0 && matches(parts.slice(start).join('/'), anchored))) return protectedPath;
  return undefined;
}

/** A finding of `rule` on the edit, at its level as the policy raised it. */
function editFinding(found: Rule, commandLine: string, tool: string, policy: EditContext['policy']): Finding {
  const level = higherLevel(found.level, policy.ruleLevels?.[found.id] ?? 'none');
  return { ruleId: found.id, level, reason: found.reason, saferAlternative: found.saferAlternative, span: { start: tool.length + 1, end: commandLine.length }, command: commandLine, via: [], target: undefined };
}

/**
 * An assessment of a tool's file write, shaped like a command's so the broker, dialog and log treat both alike. With
 * the `change` the call carries, code it plants in a file that runs by itself is judged by what it adds (`planted.ts`).
 */
export function assessEdit(tool: string, path: string, context: EditContext, change?: FileChange): Assessment {
  const found = editRule(path, context, change);
  const commandLine = `${tool} ${path}`;
  // A call without the text it writes is planting only if its tool writes: reads of a hook or ~/.bashrc stay allowed.
  const plantedContext = { cwd: context.cwd, home: context.home, ...(context.reader ? { reader: context.reader } : {}), ...(context.policy.autorunPaths ? { autorunPaths: context.policy.autorunPaths } : {}) };
  const linked = linkedPath(context.reader, joinPath(context.cwd, path));
  const planted = change === undefined && !writingTool(tool) ? undefined : (plantedEdit(path, change, plantedContext) ?? (linked === undefined ? undefined : plantedEdit(linked, change, plantedContext)));
  const findings = [
    ...(found ? [editFinding(found, commandLine, tool, context.policy)] : []),
    // Unread text in a file already asked about for its path says nothing more.
    ...(planted && (planted.entries !== undefined || !found) ? [editFinding(plantedRule(planted.place, planted.path, planted.entries), commandLine, tool, context.policy)] : []),
  ];
  const level = findings.reduce<Level>((highest, finding) => higherLevel(highest, finding.level), 'none');
  return { commandLine, level, findings, commands: [], requires: context.policy.approval[level] };
}

export const editsPack: RulePack = {
  name: 'edit',
  title: 'File edits by agent tools',
  programs: [],
  rules: [agentSettings, fourEyes, protectedPath],
  check: () => [],
};
