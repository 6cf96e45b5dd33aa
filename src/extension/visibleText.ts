// Agents' text as this window shows it: the one escaping function (core/text/visible.ts), with translated words for a cut part.
import * as vscode from 'vscode';
import { visible, visibleCommand, type Span } from '../core/text/visible';

/** About this many characters of one field (a folder, a target, a reason) before the rest is counted instead. */
export const fieldLimit = 300;
const lineLimit = 400;
const commandLines = 8;

function omitted(count: number): string {
  return ` ${vscode.l10n.t({ message: '… {0} more characters …', args: [count.toLocaleString()], comment: ['Stands for the part of a long text that is not shown'] })} `;
}

/** One field, escaped and cut. */
export function shown(text: string, limit = fieldLimit): string {
  return visible(text, { limit, omitted });
}

/** A command in the dialog's words: one line, or a numbered list with the risky line first. */
export function shownCommand(commandLine: string, risky?: Span): string[] {
  const { lines, more } = visibleCommand(commandLine, { limit: lineLimit, maxLines: commandLines, omitted, ...(risky ? { risky } : {}) });
  if (lines.length === 1 && more === 0) return [vscode.l10n.t('Command: {0}', lines[0].text)];
  const total = lines.length + more;
  return [
    lines[0].risky && lines[0].number !== 1 ? vscode.l10n.t('Command, {0} lines, the risky line first:', total) : vscode.l10n.t('Command, {0} lines:', total),
    ...lines.map((line) => `  ${line.number}. ${line.text}`),
    ...(more ? [`  ${more === 1 ? vscode.l10n.t('… 1 more line') : vscode.l10n.t('… {0} more lines', more)}`] : []),
  ];
}
