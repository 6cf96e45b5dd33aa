// The Action Log view: filters, a virtual table over every entry, details, export and verify.
import './l10n';
import * as l10n from '@vscode/l10n';
import { decisionKinds, type DecisionKind } from '../core/audit/entry';
import { isLevel } from '../core/model/levels';
import { logPageSize, type ExportFormat, type HostMessage, type LogFilter, type VerifiedOutcome } from '../protocol/views';
import { hideDetails, showDetails } from './details';
import { button, element, icon } from './dom';
import { decisionLabels, formatNumber } from './format';
import { initialMessage, loadState, onMessage, post, saveState } from './host';
import { PageCache } from './pages';
import { shown } from './shown';
import { VirtualTable } from './table';

/** What the view keeps while it is hidden: the filters as the controls hold them, and where it was. */
interface SavedState {
  readonly filters: Filters;
  readonly scrollTop: number;
  readonly selected?: number;
}

/** The controls' values: an empty string is "any". */
interface Filters {
  readonly actor: string;
  readonly level: string;
  readonly decision: string;
  readonly text: string;
  readonly time: string;
}

const windows: Readonly<Record<string, number>> = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };
const pageSize = logPageSize;
// Long enough to let a person finish a word, short enough to feel live.
const typingDelayMs = 150;
/** The banner's icon for each way a verification ends. */
const verifiedIcons: Readonly<Record<VerifiedOutcome, string>> = { intact: 'verified-filled', broken: 'error', cancelled: 'circle-slash', failed: 'error' };

const saved = loadState<SavedState>();
let filters: Filters = { actor: '', level: '', decision: '', text: '', time: '', ...saved.filters };
let since: number | undefined;

const root = document.getElementById('root')!;
const allAgents = l10n.t('All agents');
const loadingText = l10n.t('Loading…');
const actor = select('actor', l10n.t('Agent'), [['', allAgents]]);
const level = select('level', l10n.t('Level'), [['', l10n.t('Any level')], ['low', l10n.t('Low and above')], ['medium', l10n.t('Medium and above')], ['high', l10n.t('High and above')], ['critical', l10n.t('Critical')]]);
const decision = select('decision', l10n.t('Decision'), [['', l10n.t('Any decision')], ...decisionKinds.map((kind): [string, string] => [kind, decisionLabels[kind]])]);
const time = select('time', l10n.t('Time'), [['15m', l10n.t('Last 15 minutes')], ['1h', l10n.t('Last hour')], ['24h', l10n.t('Last 24 hours')], ['7d', l10n.t('Last 7 days')], ['', l10n.t('All time')]]);
const text = element('input', { data: { filter: 'text' }, attributes: { type: 'search', placeholder: l10n.t('Filter commands, folders, rules…'), 'aria-label': l10n.t('Filter text'), spellcheck: 'false' } });
const counter = element('span', { className: 'count', data: { count: '' }, attributes: { role: 'status' } }, [loadingText]);
const banner = element('div', { className: 'banner', attributes: { role: 'status' } });
banner.hidden = true;
const empty = element('p', { className: 'empty', data: { empty: '' } });
empty.hidden = true;
const details = element('section', { className: 'details', data: { section: 'details' }, attributes: { 'aria-label': l10n.t('Entry details'), tabindex: -1 } });
details.hidden = true;

const cache = new PageCache(pageSize, (request, offset, rows) => post({ type: 'query', request, filter: currentFilter(), offset, count: rows }));
const table = new VirtualTable({
  row: (index) => cache.row(index),
  need: (first, last) => cache.ensure(first, last),
  open: (entry) => post({ type: 'details', seq: entry.seq }),
  close: closeDetails,
  moved: remember,
});

// Names of file formats, the same in every language.
const formatNames: Readonly<Record<ExportFormat, string>> = { json: 'JSON', csv: 'CSV', md: 'Markdown' };
const exportButtons = (['json', 'csv', 'md'] as const).map((format) =>
  button(formatNames[format], { action: `export-${format}`, secondary: true, title: l10n.t({ message: 'Export the entries matching the filters as {0}', args: [format.toUpperCase()], comment: ['{0} is a file format: JSON, CSV or MD'] }) }),
);
root.append(
  element('div', { className: 'toolbar', attributes: { role: 'search' } }, [text, actor, level, decision, time]),
  element('div', { className: 'toolbar actions' }, [
    button(l10n.t('Verify'), { action: 'verify', icon: 'verified', secondary: true, title: l10n.t('Check that no entry was changed or removed') }),
    element('span', { className: 'group', attributes: { role: 'group', 'aria-labelledby': 'export-label' } }, [element('span', { className: 'group-label', attributes: { id: 'export-label' } }, [l10n.t('Export')]), ...exportButtons]),
    button(l10n.t('Open log file'), { action: 'open', icon: 'go-to-file', secondary: true }),
    counter,
  ]),
  banner,
  table.element,
  empty,
  details,
);

for (const [control, name] of [[actor, 'actor'], [level, 'level'], [decision, 'decision'], [time, 'time'], [text, 'text']] as const) control.value = filters[name];
for (const control of [actor, level, decision, time]) control.addEventListener('change', applyFilters);
let typing = 0;
text.addEventListener('input', () => {
  clearTimeout(typing);
  typing = window.setTimeout(applyFilters, typingDelayMs);
});
root.addEventListener('click', (event) => {
  const action = (event.target as Element).closest<HTMLElement>('button[data-action]')?.dataset.action;
  if (action === 'verify') {
    banner.hidden = false;
    banner.removeAttribute('data-verified');
    banner.replaceChildren(icon('loading', 'codicon-modifier-spin'), ` ${l10n.t('Verifying the log…')}`);
    post({ type: 'verify' });
  } else if (action?.startsWith('export-')) post({ type: 'export', format: action.slice('export-'.length) as ExportFormat, filter: currentFilter() });
  else if (action === 'open') post({ type: 'open' });
  else if (action === 'close-details') closeDetails();
});
details.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeDetails();
});

const firstRowsMark = 'four-eyes:first-rows';

// Restored once the first page says how many rows there are.
let restore: SavedState | undefined = saved.filters ? (saved as SavedState) : undefined;
startQuery();
// The unfiltered log's first page comes with the page; a filtered one is asked for at once.
const initial = initialMessage();
if (initial?.type === 'page' && !filtering()) {
  cache.seed(initial);
  showPage(initial);
}
onMessage(receive);
cache.ensure(0, pageSize - 1);

function showPage(message: HostMessage & { type: 'page' }): void {
  table.setTotal(message.total);
  updateActors(message.actors);
  counter.textContent = message.total === 1 ? l10n.t('1 entry') : l10n.t('{0} entries', formatNumber(message.total));
  empty.hidden = message.total > 0;
  empty.textContent = filtering() ? l10n.t('No entries match these filters.') : l10n.t('No entries yet. Commands run in this workspace appear here.');
  table.element.hidden = message.total === 0;
  if (restore) {
    table.element.scrollTop = restore.scrollTop;
    if (restore.selected !== undefined) table.selected = Math.min(restore.selected, message.total - 1);
    restore = undefined;
  }
  table.render();
  // A User Timing mark: the e2e test (or a person profiling) reads when rows first showed.
  if (message.rows.length && !performance.getEntriesByName(firstRowsMark).length) performance.mark(firstRowsMark);
}

function receive(message: HostMessage): void {
  switch (message.type) {
    case 'page':
      if (cache.receive(message)) showPage(message);
      return;
    case 'changed':
      startQuery();
      cache.refresh();
      table.render();
      // An empty table asks for nothing when it renders; the new entries may be its first.
      if (!cache.total) cache.ensure(0, pageSize - 1);
      return;
    case 'entry':
      showDetails(details, message.entry, message.rules, message.actor, message.outcome);
      return;
    case 'select': {
      const index = cache.indexOf(message.seq);
      if (index !== undefined) table.select(index);
      post({ type: 'details', seq: message.seq });
      return;
    }
    case 'verified':
      banner.hidden = false;
      banner.dataset.verified = message.outcome;
      banner.replaceChildren(icon(verifiedIcons[message.outcome]), element('span', {}, [message.summary]));
      return;
    default:
      return;
  }
}

function applyFilters(): void {
  clearTimeout(typing);
  filters = { actor: actor.value, level: level.value, decision: decision.value, text: text.value, time: time.value };
  remember();
  closeDetails();
  startQuery();
  cache.clear();
  counter.textContent = loadingText;
  table.reset();
  cache.ensure(0, pageSize - 1);
}

/** The filter as the protocol has it. */
function currentFilter(): LogFilter {
  return {
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(isLevel(filters.level) ? { level: filters.level } : {}),
    ...(decisionKinds.includes(filters.decision as DecisionKind) ? { decision: filters.decision as DecisionKind } : {}),
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    ...(since === undefined ? {} : { since }),
  };
}

// A time window becomes an instant when rows are queried afresh, and stays put while pages of them load,
// so every page answers the same filter (and the host's cache of it holds).
function startQuery(now = Date.now()): void {
  const span = windows[filters.time];
  since = span ? now - span : undefined;
}

function filtering(): boolean {
  return Object.keys(currentFilter()).length > 0;
}

function closeDetails(): void {
  const hadFocus = details.contains(document.activeElement);
  hideDetails(details);
  if (hadFocus) table.element.focus();
}

let saving = 0;
// Scrolling fires on every frame; the position is saved a little later, once.
function remember(): void {
  if (saving) return;
  saving = window.setTimeout(() => {
    saving = 0;
    saveState<SavedState>({ filters, scrollTop: table.element.scrollTop, selected: table.selected });
  }, 200);
}

function updateActors(actors: readonly string[]): void {
  const wanted = ['', ...actors];
  if (filters.actor && !actors.includes(filters.actor)) wanted.push(filters.actor);
  const have = Array.from(actor.options, (option) => option.value);
  if (have.join('\n') === wanted.join('\n')) return;
  actor.replaceChildren(...wanted.map((value) => element('option', { attributes: { value } }, [value ? shown(value) : allAgents])));
  actor.value = filters.actor;
}

function select(name: keyof Filters, label: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  return element('select', { data: { filter: name }, attributes: { 'aria-label': label }, title: label }, options.map(([value, optionLabel]) => element('option', { attributes: { value } }, [optionLabel])));
}
