// The Action Log's details panel: everything one entry recorded, with each rule's reason and safer alternative.
import * as l10n from '@vscode/l10n';
import type { LogEntry } from '../core/audit/entry';
import type { Outcome } from '../core/audit/outcome';
import type { RuleDetail } from '../protocol/views';
import { button, element, type Child } from './dom';
import { decisionBadge, duration, fullTime, levelBadge, outcomeLabel, productionBadge, targetKindLabels } from './format';
import { commandBlock, shown } from './shown';

/** Fills `panel` with the entry and shows it. */
export function showDetails(panel: HTMLElement, entry: LogEntry, rules: readonly RuleDetail[], actor: string, outcome?: Outcome): void {
  const { assessment, decision, result } = entry;
  const target = assessment.target;
  const close = button(l10n.t('Close'), { action: 'close-details', icon: 'close', secondary: true, title: l10n.t('Close details (Escape)') });
  close.classList.add('icon-only');
  panel.dataset.seq = String(entry.seq);
  panel.replaceChildren(
    element('header', {}, [element('h2', {}, [l10n.t('Entry #{0}', entry.seq)]), levelBadge(assessment.level), decisionBadge(decision.kind), close]),
    element('dl', {}, [
      // Target first, so nothing written in the command can pass for it.
      ...row(l10n.t('Target'), target ? [`${targetKindLabels[target.kind] ?? shown(target.kind)} `, element('strong', { className: target.production ? 'production' : '' }, [shown(target.name)]), target.production ? productionBadge() : null, element('small', {}, [` ${shown(target.source)}`])] : []),
      ...row(l10n.t('Reason'), [shown(decision.reason)]),
    ]),
    commandBlock(entry.commandLine),
    element('dl', {}, [
      ...row(l10n.t('Time'), [fullTime(entry.time)]),
      ...row(l10n.t('Folder'), entry.cwd ? [shown(entry.cwd)] : []),
      ...row(l10n.t('Terminal'), entry.terminal ? [shown(entry.terminal)] : []),
      ...row(l10n.t('Actor'), [element('strong', {}, [shown(actor)]), ` · ${shown(entry.actor.evidence)}`, entry.actor.session ? ` · ${l10n.t({ message: 'session {0}', args: [shown(entry.actor.session)], comment: ['{0} is the agent session the command ran in, an id'] })}` : null]),
      ...row(l10n.t('Channel'), [shown(entry.channel)]),
      ...row(l10n.t('Decision'), [l10n.t({ message: '{0} by {1}', args: [shown(decision.kind), shown(decision.by)], comment: ['{0} is the decision as the log records it, e.g. approved; {1} is who decided'] }), decision.grant ? ` ${l10n.t('(grant {0})', shown(decision.grant))}` : null]),
      ...row(l10n.t('Outcome'), outcome ? [outcomeLabel(outcome)] : []),
      ...row(l10n.t('Result'), result ? [result.exitCode === undefined ? null : l10n.t('exit code {0}', result.exitCode), result.exitCode !== undefined && result.durationMs !== undefined ? ' · ' : null, result.durationMs === undefined ? null : duration(result.durationMs)] : []),
      ...row(l10n.t({ message: 'Seq', comment: ['Short for the sequence number of the entry in the log'] }), [String(entry.seq)]),
      ...row(l10n.t('Hash'), [element('code', { title: entry.hash }, [entry.hash.slice(0, 12)]), ' ← ', element('code', { title: entry.prev }, [entry.prev.slice(0, 12)])]),
    ]),
    element('h3', {}, [rules.length ? l10n.t('Rules') : l10n.t('No rule matched')]),
    element('ul', { className: 'rules' }, rules.map((rule) =>
      element('li', { data: { rule: rule.id } }, [
        rule.level ? levelBadge(rule.level) : null,
        element('code', {}, [shown(rule.id)]),
        rule.reason ? element('p', {}, [shown(rule.reason)]) : null,
        rule.saferAlternative ? element('p', { className: 'safer' }, [`${l10n.t('Safer:')} `, element('code', {}, [shown(rule.saferAlternative)])]) : null,
      ]),
    )),
  );
  panel.hidden = false;
}

export function hideDetails(panel: HTMLElement): void {
  panel.hidden = true;
  panel.replaceChildren();
  delete panel.dataset.seq;
}

// A field left out when it has nothing to say, rather than shown empty.
function row(term: string, value: readonly Child[]): HTMLElement[] {
  if (!value.some((part) => part !== null && part !== '')) return [];
  return [element('dt', {}, [term]), element('dd', {}, value)];
}
