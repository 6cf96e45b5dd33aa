// The engine for agents' edit tools: the file's path by the edit rules, and code the edit plants in a file that runs by
// itself judged like a command, so a hook written with `Write` is judged as `printf … > .git/hooks/pre-commit` is.
import type { Assessment, Finding } from '../model/assessment';
import type { FileChange, FileEdit, Replacement } from '../model/edit';
import { higherLevel, type Level } from '../model/levels';
import { defaultPolicy } from '../policy/defaults';
import { assessEdit, type EditContext } from '../rules/edits';
import { plantedEdit, writingTool } from '../rules/planted';
import type { BashGrammar } from '../shell/grammar';
import { classifyCommandLine, requirementFor, ruleLevel, type ClassifyOptions } from './classify';
import { judgePlanted } from './planted';

/** A change as a client sent it, kept only when every part is text: the broker reads it off a socket. */
function wellFormed(change: unknown): FileChange | undefined {
  if (typeof change !== 'object' || change === null) return undefined;
  const { path, content, added, replacements } = change as Record<string, unknown>;
  if (typeof path !== 'string' || (content !== undefined && typeof content !== 'string') || (added !== undefined && typeof added !== 'string')) return undefined;
  if (replacements !== undefined && !(Array.isArray(replacements) && replacements.every((item) => typeof item === 'object' && item !== null && typeof (item as Replacement).old === 'string' && typeof (item as Replacement).new === 'string'))) return undefined;
  return change as FileChange;
}

export function classifyEdit(given: FileEdit, grammar: BashGrammar, options: ClassifyOptions = {}): Assessment {
  const change = wellFormed(given.change);
  const edit: FileEdit = { tool: String(given.tool), path: String(given.path), ...(change ? { change } : {}) };
  const policy = options.policy ?? defaultPolicy;
  const cwd = options.cwd ?? '/';
  const home = options.env?.HOME;
  const context: EditContext = { cwd, home, policy, ...(options.reader ? { reader: options.reader } : {}) };
  const assessed = assessEdit(edit.tool, edit.path, context, edit.change);
  const planted = edit.change === undefined && !writingTool(edit.tool) ? undefined : plantedEdit(edit.path, edit.change, { cwd, home, ...(options.reader ? { reader: options.reader } : {}), ...(policy.autorunPaths ? { autorunPaths: policy.autorunPaths } : {}) });
  if (!planted) return assessed;
  const classify = (text: string, at: string | undefined): Assessment => classifyCommandLine(text, grammar, { ...options, cwd: at, policy });
  const judged = judgePlanted(planted, classify, (rule, target) => ruleLevel(rule, policy, target), home);
  const findings: Finding[] = assessed.findings.filter((finding) => !finding.ruleId.startsWith('planted.'));
  const shown = assessed.commandLine;
  const span = { start: edit.tool.length + 1, end: shown.length };
  // Unread text in a file already asked about for its path says nothing more.
  if (judged && (planted.entries !== undefined || findings.length === 0)) {
    const { rule } = judged;
    findings.push({ ruleId: rule.id, level: judged.level, reason: rule.reason, saferAlternative: rule.saferAlternative, span, command: shown, via: [], target: judged.target });
    for (const finding of judged.findings) findings.push({ ...finding, span, via: [`planted in ${planted.path}`, ...finding.via] });
  }
  const level = findings.reduce<Level>((highest, finding) => higherLevel(highest, finding.level), 'none');
  const target = judged?.target;
  return { commandLine: shown, level, findings, commands: [], ...(target ? { target } : {}), requires: requirementFor(policy, level, target?.production === true) };
}
