// Diagnostics on the risky commands of the scripts agents run: which file kinds, and a range, severity and message per finding.
import type { Assessment, Finding } from '../model/assessment';
import type { Level } from '../model/levels';
import type { Span } from '../model/span';
import type { ScriptCommand } from './command';
import { justfileCommands } from './justfile';
import { makefileCommands } from './makefile';
import { packageJsonCommands } from './packageJson';
import { shellCommands } from './shell';
import { tasksCommands } from './tasks';
import { workflowCommands } from './workflow';

export type ScriptKind = 'tasks' | 'package-json' | 'makefile' | 'justfile' | 'shell' | 'workflow';

export type Severity = 'information' | 'warning' | 'error';

export interface ScriptDiagnostic {
  /** Document offsets (UTF-16), end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly level: Level;
  readonly severity: Severity;
  readonly message: string;
  readonly ruleId: string;
  readonly saferAlternative?: string;
}

const extractors: Record<ScriptKind, (text: string) => ScriptCommand[]> = {
  tasks: tasksCommands,
  'package-json': packageJsonCommands,
  makefile: makefileCommands,
  justfile: justfileCommands,
  shell: shellCommands,
  workflow: workflowCommands,
};

const severities: Partial<Record<Level, Severity>> = { medium: 'information', high: 'warning', critical: 'error' };

/** Which kind of script a file is, from its path (either separator); undefined for files that are not checked. */
export function scriptKind(path: string): ScriptKind | undefined {
  const normalized = path.replace(/\\/g, '/');
  const name = normalized.slice(normalized.lastIndexOf('/') + 1);
  if (name === 'tasks.json' && normalized.endsWith('.vscode/tasks.json')) return 'tasks';
  if (name === 'package.json') return 'package-json';
  if (/^(?:GNUmakefile|makefile|Makefile)$/.test(name) || name.endsWith('.mk')) return 'makefile';
  if (/^\.?justfile$/i.test(name) || name.endsWith('.just')) return 'justfile';
  if (/\.(?:sh|bash)$/.test(name)) return 'shell';
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(normalized)) return 'workflow';
  return undefined;
}

/** The risky commands of a script file; `classify` is injected so the caller picks the policy and caches results. */
export function diagnose(path: string, text: string, classify: (commandLine: string) => Assessment): ScriptDiagnostic[] {
  const kind = scriptKind(path);
  if (!kind) return [];
  const diagnostics: ScriptDiagnostic[] = [];
  const seen = new Set<string>();
  // Scripts repeat themselves (`cd ..`, `set -e`, the same deploy line per stage): each distinct command is classified once.
  const assessments = new Map<string, Assessment>();
  // One statement at a time: a long script never reaches the parser whole, and a caller's cache keys stay small.
  for (const command of extractors[kind](text)) {
    let assessment = assessments.get(command.commandLine);
    if (!assessment) {
      assessment = classify(command.commandLine);
      assessments.set(command.commandLine, assessment);
    }
    for (const finding of assessment.findings) {
      const severity = severities[finding.level];
      if (!severity) continue;
      const { start, end } = documentRange(command, finding.span);
      // Per-OS task variants and repeated findings name the same place once.
      const key = `${start}:${end}:${finding.ruleId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push({
        start,
        end,
        level: finding.level,
        severity,
        message: message(finding),
        ruleId: finding.ruleId,
        ...(finding.saferAlternative ? { saferAlternative: finding.saferAlternative } : {}),
      });
    }
  }
  return diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
}

function documentRange(command: ScriptCommand, span: Span): { start: number; end: number } {
  const last = command.commandLine.length;
  const from = Math.min(Math.max(span.start, 0), Math.max(last - 1, 0));
  const to = Math.min(Math.max(span.end, from + 1), last);
  const start = command.map(from);
  // Through the last character that follows in the document: a task's per-OS command sits after the shared args.
  let end = start;
  for (let index = from; index < to; index++) {
    const offset = command.map(index);
    if (offset < end - 1) break;
    end = Math.max(end, offset + 1);
  }
  return { start, end: Math.max(end, start + 1) };
}

function message(finding: Finding): string {
  const target = finding.target?.production ? ` (production ${finding.target.kind} ${finding.target.name})` : '';
  return `${finding.level}: ${finding.ruleId}: ${finding.reason}${target}`;
}
