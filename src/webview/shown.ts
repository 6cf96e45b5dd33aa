// Agents' text as the views show it: the one escaping function (core/text/visible.ts), with translated words for a cut part.
import * as l10n from '@vscode/l10n';
import { visible, visibleCommand, type Span } from '../core/text/visible';
import { element } from './dom';
import { formatNumber } from './format';

/** About this many characters of one field (a folder, a target, a reason) before the rest is counted instead. */
export const fieldLimit = 300;
const lineLimit = 400;
const commandLines = 12;

function omitted(count: number): string {
  return ` ${l10n.t({ message: '… {0} more characters …', args: [formatNumber(count)], comment: ['Stands for the part of a long text that is not shown'] })} `;
}

/** One field, escaped and cut; nothing for nothing. */
export function shown(text: string | undefined, limit = fieldLimit): string {
  return text === undefined ? '' : visible(text, { limit, omitted });
}

/** A command: one line, or numbered lines with the risky line first, each escaped and cut around its risky part. */
export function commandBlock(commandLine: string, risky?: Span, className = ''): HTMLElement {
  const { lines, more } = visibleCommand(commandLine, { limit: lineLimit, maxLines: commandLines, omitted, ...(risky ? { risky } : {}) });
  const classes = `command ${className}`.trim();
  if (lines.length === 1 && more === 0) return element('pre', { className: classes }, [element('code', {}, [lines[0].text])]);
  const rows = lines.map((line) =>
    element('span', { className: line.risky ? 'line risky' : 'line', data: { line: line.number } }, [element('span', { className: 'line-number' }, [String(line.number)]), line.text]),
  );
  const rest = more ? element('span', { className: 'line more' }, [more === 1 ? l10n.t('… 1 more line') : l10n.t('… {0} more lines', formatNumber(more))]) : null;
  return element('pre', { className: `${classes} lines`, title: l10n.t('{0} lines', formatNumber(lines.length + more)) }, [element('code', {}, [...rows, rest])]);
}
