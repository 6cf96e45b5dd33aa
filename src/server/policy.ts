// The open policy file (`.vscode/four-eyes.json`): what the schema cannot say — problems, ignored loosenings, rule hovers, rule id completion.
import * as path from 'node:path';
import { getLocation } from 'jsonc-parser';
import { isWithin } from '../core/model/paths';
import { CompletionItemKind, DiagnosticSeverity, type CompletionItem, type Diagnostic, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicyFile, policyLocation, type PolicyRule, type RuleMatch } from '../core/policy/file';
import type { LoadedPolicy, PolicySources } from '../core/policy/sources';
import { levels, type Level } from '../core/model/levels';
import { rulesById } from '../core/rules/packs';
import { maskSecrets } from '../core/text/mask';

/** Whether a document is a workspace policy file, by its URI. */
export function isPolicyDocument(uri: string): boolean {
  return /\/\.vscode\/four-eyes\.json$/.test(uri);
}

/**
 * The sources with the document's live text as the workspace layer. The pin covers one exact text, so an edited
 * file is untrusted until it is trusted again.
 */
export function withLiveWorkspace(sources: PolicySources, file: string, text: string): PolicySources {
  const saved = sources.workspaces?.find((workspace) => workspace.file === file);
  const trusted = saved?.trusted === true && saved.text === text;
  const others = (sources.workspaces ?? []).filter((workspace) => workspace.file !== file && !isWithin(path.dirname(path.dirname(workspace.file)), path.dirname(path.dirname(file))));
  return { ...sources, workspaces: [...others, { file, text, trusted }] };
}

/** Parse problems of the file, and the settings left out because they would loosen a lower layer, named with that layer. */
export function policyDiagnostics(document: TextDocument, loaded: LoadedPolicy): Diagnostic[] {
  const range = (offset: number, length: number): Diagnostic['range'] => ({ start: document.positionAt(offset), end: document.positionAt(offset + length) });
  const { problems } = parsePolicyFile(document.getText());
  const diagnostics: Diagnostic[] = problems.map((problem) => ({
    range: range(problem.offset, problem.length),
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'Four Eyes',
    code: problem.kind,
    message: problem.message,
  }));
  for (const ignored of loaded.ignored) {
    if (ignored.layer !== 'workspace' || ignored.offset === undefined) continue;
    diagnostics.push({
      range: range(ignored.offset, ignored.length ?? 0),
      severity: DiagnosticSeverity.Warning,
      source: 'Four Eyes',
      code: 'ignored',
      message: `Ignored: ${ignored.what}: ${ignored.why} (lower layer: ${ignored.lowerLayer}). Trust this file (Four Eyes: Trust Workspace Policy) to apply it.`,
    });
  }
  return diagnostics.sort((a, b) => document.offsetAt(a.range.start) - document.offsetAt(b.range.start));
}

/** A custom rule's match, in words. */
export function describeMatch(match: RuleMatch): string {
  const parts = [
    match.program !== undefined ? `the program matches \`${match.program}\`` : undefined,
    match.subcommand !== undefined ? `the subcommand matches \`${match.subcommand}\`` : undefined,
    match.args !== undefined ? `the arguments match ${match.args.map((pattern) => `\`${pattern}\``).join(' or ')}` : undefined,
    match.commandLine !== undefined ? `the whole command matches \`${match.commandLine}\`` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length ? `Matches a command when ${parts.join(' and ')}.` : 'Matches no command.';
}

/** The hover text of a rule as the file states it, with the built-in rule it changes and whether it is ignored. */
export function ruleHoverText(rule: PolicyRule, ignoredWhy?: string): string {
  const lines = [`**Four Eyes rule \`${rule.id}\`** — level **${rule.level}**`];
  if (rule.reason !== undefined) lines.push(rule.reason);
  const builtIn = rulesById.get(rule.id);
  if (builtIn) lines.push(`Built-in rule: level **${builtIn.level}** — ${builtIn.reason}`);
  if (rule.match) lines.push(describeMatch(rule.match));
  else if (builtIn) lines.push(`Sets the level of the built-in rule wherever it fires.`);
  if (ignoredWhy !== undefined) lines.push(`Ignored: ${ignoredWhy}.`);
  return lines.join('\n\n');
}

/** Hover on a rule of the policy file: which rule the cursor is in, and what it means. */
export function policyHover(
  document: TextDocument,
  position: Position,
  loaded: LoadedPolicy,
  matches: (ruleId: string) => readonly { readonly commandLine: string; readonly level: string }[] = () => [],
): Hover | null {
  const offset = document.offsetAt(position);
  const { policy } = parsePolicyFile(document.getText());
  const index = policy.rules.findIndex((_rule, candidate) => {
    const at = policy.locations.get(policyLocation.rule(candidate));
    return at !== undefined && at.offset <= offset && offset <= at.offset + at.length;
  });
  if (index === -1) return null;
  const level = policy.locations.get(policyLocation.ruleLevel(index));
  const ignored = level && loaded.ignored.find((candidate) => candidate.layer === 'workspace' && candidate.offset === level.offset);
  const found = matches(policy.rules[index].id);
  const examples = found.length
    ? `\n\nMatches in this workspace's scripts:\n${found.map((match) => `- \`${maskSecrets(match.commandLine).replace(/`/g, "'")}\` — ${match.level}`).join('\n')}`
    : '';
  return { contents: { kind: 'markdown', value: `${ruleHoverText(policy.rules[index], ignored ? ignored.why : undefined)}${examples}` } };
}

const levelMeanings: Record<Level, string> = {
  none: 'Nothing to watch.',
  low: 'Logged; runs without asking.',
  medium: 'Logged and shown; runs without asking by default.',
  high: 'Waits for a person by default.',
  critical: 'Waits for a person who types to confirm, by default.',
};

/** Completion inside a rule's `"id"` (built-in rule ids) or `"level"` (level names) value; empty elsewhere. */
export function policyCompletions(document: TextDocument, position: Position): CompletionItem[] {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const location = getLocation(text, offset);
  if (location.isAtPropertyKey || !location.matches(['rules', '*', '*'])) return [];
  const key = location.path[2];
  // Inside a string the whole string is replaced; after `"id": ` the value is inserted with its quotes.
  const node = location.previousNode?.type === 'string' ? location.previousNode : undefined;
  if (node && (offset <= node.offset || (offset >= node.offset + node.length && node.length > 1 && text[node.offset + node.length - 1] === '"'))) return [];
  const range = node ? { start: document.positionAt(node.offset), end: document.positionAt(node.offset + node.length) } : { start: position, end: position };
  const item = (label: string, kind: CompletionItemKind, detail: string, documentation: string): CompletionItem => ({
    label,
    kind,
    detail,
    documentation,
    filterText: JSON.stringify(label),
    textEdit: { range, newText: JSON.stringify(label) },
  });
  if (key === 'id') return [...rulesById.values()].map((rule) => item(rule.id, CompletionItemKind.Value, `built-in rule, ${rule.level}`, rule.reason));
  if (key === 'level') return levels.map((level) => item(level, CompletionItemKind.EnumMember, `level ${level}`, levelMeanings[level]));
  return [];
}
