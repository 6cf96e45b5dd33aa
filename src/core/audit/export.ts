// Action log entries as JSON, CSV for a spreadsheet, or a Markdown table to paste into a pull request.
// JSON is read by programs and keeps every entry and field as logged, secrets masked (as the log masks them, for
// entries written before it did); CSV and Markdown are read by people: one row per command with how it ended, and every
// text through the one escaping function (secrets, line breaks, controls, bidi and zero-width characters, terminal
// escapes).
import { describeActor } from '../approval/actor';
import { visible } from '../text/visible';
import type { ExportFormat } from './summary';
import { maskEntry, type LogEntry } from './entry';
import { foldOutcomes, outcomeText, type FoldedEntry } from './outcome';

const csvColumns: readonly [string, (entry: LogEntry, row: FoldedEntry) => string | number | undefined][] = [
  ['seq', (entry) => entry.seq],
  ['time', (entry) => entry.time],
  ['actor', (entry) => describeActor(entry.actor)],
  ['agent', (entry) => entry.actor.agent],
  ['session', (entry) => entry.actor.session],
  ['channel', (entry) => entry.channel],
  ['command', (entry) => entry.commandLine],
  ['cwd', (entry) => entry.cwd],
  ['terminal', (entry) => entry.terminal],
  ['level', (entry) => entry.assessment.level],
  ['rules', (entry) => entry.assessment.rules.join(' ')],
  ['target', (entry) => entry.assessment.target && `${entry.assessment.target.kind} ${entry.assessment.target.name}`],
  ['production', (entry) => entry.assessment.target && String(entry.assessment.target.production)],
  ['decision', (entry) => entry.decision.kind],
  ['by', (entry) => entry.decision.by],
  ['grant', (entry) => entry.decision.grant],
  ['reason', (entry) => entry.decision.reason],
  ['outcome', (_entry, row) => outcomeText(row.outcome)],
  ['exit_code', (entry, row) => row.outcome?.exitCode ?? entry.result?.exitCode],
  ['duration_ms', (entry, row) => row.outcome?.durationMs ?? entry.result?.durationMs],
  ['hash', (entry) => entry.hash],
];

// What a spreadsheet would start a formula with, after any spaces it skips: ASCII and full-width `= + - @`.
const formulaStart = /^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/** RFC 4180 on the escaped text, plus a leading `'` on text a spreadsheet would run as a formula (`=HYPERLINK(…)` in a command line). */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const escaped = visible(value);
  const text = formulaStart.test(escaped) ? `'${escaped}` : escaped;
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(entries: readonly LogEntry[]): string {
  const rows = [csvColumns.map(([name]) => name).join(',')];
  for (const row of foldOutcomes(entries)) rows.push(csvColumns.map(([, cell]) => csvCell(cell(row.entry, row))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

/** Escaped: a line break would end the table row, so it shows as `\n`, like every other character that hides or moves text. */
function oneLine(text: string): string {
  return visible(text);
}

/** Plain text in a table cell: Markdown and HTML punctuation escaped, so an agent's text cannot format the page. */
function markdownText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>&|~]/g, '\\$&');
}

/** A code span fenced by more backticks than the command holds in a row; `|` escaped, which GitHub honours inside spans. */
function markdownCode(text: string): string {
  const line = oneLine(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space inside the fence, which Markdown then strips.
  const padding = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${line}${padding}${fence}`;
}

function markdownTarget(entry: LogEntry): string {
  const target = entry.assessment.target;
  if (!target) return '';
  return `${markdownText(`${target.kind} ${target.name}`)}${target.production ? ' **production**' : ''}`;
}

function markdown(all: readonly LogEntry[]): string {
  const rows = foldOutcomes(all);
  const entries = rows.map((row) => row.entry);
  const risky = entries.filter((entry) => entry.assessment.level === 'high' || entry.assessment.level === 'critical').length;
  const denied = entries.filter((entry) => entry.decision.kind === 'denied').length;
  const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const lines = [
    `**Four Eyes action log:** ${plural(entries.length, 'action')}, ${risky} high or critical, ${denied} denied`,
    '',
    '| Time | Agent | Level | Decision | Outcome | Command | Target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { entry, outcome } of rows) {
    const time = entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const decision = `${entry.decision.kind} by ${entry.decision.by}`;
    lines.push(`| ${markdownText(time)} | ${markdownText(describeActor(entry.actor))} | ${entry.assessment.level} | ${markdownText(decision)} | ${markdownText(outcomeText(outcome))} | ${markdownCode(entry.commandLine)} | ${markdownTarget(entry)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function exportEntries(entries: readonly LogEntry[], format: ExportFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(entries.map(maskEntry), null, 2)}\n`;
    case 'csv':
      return csv(entries);
    case 'md':
      return markdown(entries);
  }
}
