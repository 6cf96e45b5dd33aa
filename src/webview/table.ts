// A virtual table: a spacer as tall as every row, and only the rows on screen (plus a few) in the DOM.
import * as l10n from '@vscode/l10n';
import type { EntrySummary } from '../protocol/views';
import { element, icon } from './dom';
import { decisionBadge, levelBadge, outcomeKind, outcomeLabel, shortTime } from './format';
import { shown } from './shown';

/** Also sets `--row-height` for views.css; a fixed height is what lets a row's place be computed, not measured. */
export const rowHeight = 22;
// Rows kept beyond each edge, so a small scroll never shows a blank row before the next frame.
const overscan = 10;

export interface TableOptions {
  readonly row: (index: number) => EntrySummary | undefined;
  /** Rows `first`…`last` are about to be shown; fetch the ones not here yet. */
  readonly need: (first: number, last: number) => void;
  readonly open: (entry: EntrySummary) => void;
  readonly close: () => void;
  /** The scroll position or selection moved, so the view can save it. */
  readonly moved: () => void;
}

// Each column's class (the cell's CSS and tests' hook) and its heading.
const columns = [['time', l10n.t('Time')], ['actor', l10n.t('Actor')], ['level', l10n.t('Level')], ['decision', l10n.t('Decision')], ['command', l10n.t('Command')], ['target', l10n.t('Target')]] as const;

export class VirtualTable {
  /** The scroll container, and the table's one tab stop. */
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly header: HTMLElement;
  private readonly rendered = new Map<number, HTMLElement>();
  private total = 0;
  private frame = 0;
  selected: number | undefined;

  constructor(private readonly options: TableOptions) {
    this.header = element('div', { className: 'row head', attributes: { role: 'row', 'aria-rowindex': 1 } }, columns.map(([name, heading]) =>
      element('span', { className: `cell ${name}`, attributes: { role: 'columnheader' } }, [heading]),
    ));
    this.spacer = element('div', { className: 'spacer', attributes: { role: 'rowgroup' } });
    this.element = element('div', { className: 'table', attributes: { role: 'grid', tabindex: 0, 'aria-label': l10n.t('Action log entries, newest first'), 'aria-rowcount': 1 } }, [
      element('div', { attributes: { role: 'rowgroup' }, className: 'header' }, [this.header]),
      this.spacer,
    ]);
    this.element.style.setProperty('--row-height', `${rowHeight}px`);
    this.element.addEventListener('scroll', () => {
      this.schedule();
      options.moved();
    }, { passive: true });
    this.element.addEventListener('keydown', (event) => this.key(event));
    this.element.addEventListener('click', (event) => {
      const row = (event.target as Element).closest<HTMLElement>('[data-index]');
      if (!row) return;
      this.select(Number(row.dataset.index));
      this.openSelected();
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  setTotal(total: number): void {
    if (total === this.total) return;
    this.total = total;
    this.spacer.style.height = `${total * rowHeight}px`;
    this.element.setAttribute('aria-rowcount', String(total + 1));
    if (this.selected !== undefined && this.selected >= total) this.selected = total ? total - 1 : undefined;
    this.schedule();
  }

  /** Draws the window now; rows whose data arrived are filled in. */
  render(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const { first, last } = this.window();
    const from = Math.max(0, first - overscan);
    const to = Math.min(this.total - 1, last + overscan);
    for (const [index, row] of this.rendered) {
      if (index >= from && index <= to) continue;
      row.remove();
      this.rendered.delete(index);
    }
    for (let index = from; index <= to; index++) {
      const entry = this.options.row(index);
      let row = this.rendered.get(index);
      if (!row) {
        row = element('div', { className: 'row', attributes: { role: 'row', id: `row-${index}`, 'aria-rowindex': index + 2 }, data: { index } });
        row.style.transform = `translateY(${index * rowHeight}px)`;
        this.spacer.append(row);
        this.rendered.set(index, row);
      }
      if (row.dataset.seq !== (entry ? String(entry.seq) : undefined)) fill(row, entry);
      const selected = index === this.selected;
      row.classList.toggle('selected', selected);
      row.setAttribute('aria-selected', String(selected));
    }
    if (this.selected !== undefined && this.rendered.has(this.selected)) this.element.setAttribute('aria-activedescendant', `row-${this.selected}`);
    else this.element.removeAttribute('aria-activedescendant');
    if (this.total) this.options.need(from, to);
  }

  /** Selects a row and scrolls it into view. */
  select(index: number): void {
    if (!this.total) return;
    this.selected = Math.max(0, Math.min(this.total - 1, index));
    const top = this.selected * rowHeight;
    const visible = this.element.clientHeight - this.header.offsetHeight;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + rowHeight > this.element.scrollTop + visible) this.element.scrollTop = top + rowHeight - visible;
    this.render();
    this.options.moved();
  }

  /** Forgets the selection and goes back to the newest entry, for a new filter. */
  reset(): void {
    this.selected = undefined;
    this.element.scrollTop = 0;
    for (const row of this.rendered.values()) row.remove();
    this.rendered.clear();
    this.schedule();
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  /** The rows at least partly visible below the sticky header. */
  private window(): { first: number; last: number } {
    const top = this.element.scrollTop;
    const visible = Math.max(rowHeight, this.element.clientHeight - this.header.offsetHeight);
    return { first: Math.floor(top / rowHeight), last: Math.ceil((top + visible) / rowHeight) - 1 };
  }

  private openSelected(): void {
    const entry = this.selected === undefined ? undefined : this.options.row(this.selected);
    if (entry) this.options.open(entry);
  }

  private key(event: KeyboardEvent): void {
    const { first, last } = this.window();
    const page = Math.max(1, last - first);
    // With nothing selected yet, the first move selects the top visible row.
    const step = (by: number): number => (this.selected === undefined ? first : this.selected + by);
    const moves: Record<string, number> = {
      ArrowDown: step(1),
      ArrowUp: step(-1),
      PageDown: step(page),
      PageUp: step(-page),
      Home: 0,
      End: this.total - 1,
    };
    if (event.key in moves) this.select(moves[event.key]);
    else if (event.key === 'Enter') this.openSelected();
    else if (event.key === 'Escape') this.options.close();
    else return;
    event.preventDefault();
  }
}

function fill(row: HTMLElement, entry: EntrySummary | undefined): void {
  if (!entry) {
    row.replaceChildren(element('span', { className: 'cell loading', attributes: { role: 'gridcell' } }, ['…']));
    row.classList.add('placeholder');
    for (const name of ['seq', 'actor', 'level', 'decision', 'production', 'outcome']) delete row.dataset[name];
    return;
  }
  row.classList.remove('placeholder');
  Object.assign(row.dataset, { seq: String(entry.seq), actor: entry.actor, level: entry.level, decision: entry.decision });
  if (entry.outcome) row.dataset.outcome = outcomeKind(entry.outcome);
  else delete row.dataset.outcome;
  const production = entry.target?.production ?? false;
  // Only the target cell turns red; a class named `production` would colour the whole row.
  row.toggleAttribute('data-production', production);
  const cell = (name: string, children: (Node | string)[], title?: string): HTMLElement => element('span', { className: `cell ${name}`, attributes: { role: 'gridcell' }, title }, children);
  const actor = shown(entry.actor);
  const command = shown(entry.commandLine);
  const target = shown(entry.target?.name);
  row.replaceChildren(
    cell('time', [shortTime(entry.time)], entry.time),
    cell('actor', [actor], actor),
    cell('level', [levelBadge(entry.level)]),
    // The decision and, for a gated command, how it ended: one row per command.
    cell('decision', entry.outcome ? [decisionBadge(entry.decision), element('span', { className: 'outcome' }, [` · ${outcomeLabel(entry.outcome)}`])] : [decisionBadge(entry.decision)]),
    // In front of the command, the one cell every width shows.
    cell('command', entry.breakGlass ? [element('span', { className: 'break-glass', data: { breakGlass: '' }, attributes: { title: l10n.t('Break glass: approved without a second person') } }, [icon('flame'), `${l10n.t('BREAK GLASS')} `]), command] : [command], command),
    cell('target', entry.target ? [target] : [], entry.target ? `${target}${production ? ` ${l10n.t('(production)')}` : ''}` : undefined),
  );
}
