// The Action Log's details panel: everything one entry recorded, with each rule's reason and safer alternative.
import type { LogEntry } from '../core/audit/entry';
import type { RuleDetail } from '../protocol/views';
import { button, element, type Child } from './dom';
import { decisionBadge, duration, fullTime, levelBadge, productionBadge, targetKindLabels } from './format';

/** Fills `panel` with the entry and shows it. */
export function showDetails(panel: HTMLElement, entry: LogEntry, rules: readonly RuleDetail[], actor: string): void {
  const { assessment, decision, result } = entry;
  const target = assessment.target;
  const close = button('Close', { action: 'close-details', icon: 'close', secondary: true, title: 'Close details (Escape)' });
  close.classList.add('icon-only');
  panel.dataset.seq = String(entry.seq);
  panel.replaceChildren(
    element('header', {}, [element('h2', {}, [`Entry #${entry.seq}`]), levelBadge(assessment.level), decisionBadge(decision.kind), close]),
    element('pre', { className: 'command' }, [element('code', {}, [entry.commandLine])]),
    element('dl', {}, [
      ...row('Time', [fullTime(entry.time)]),
      ...row('Folder', entry.cwd ? [entry.cwd] : []),
      ...row('Terminal', entry.terminal ? [entry.terminal] : []),
      ...row('Actor', [element('strong', {}, [actor]), ` · ${entry.actor.evidence}`, entry.actor.session ? ` · session ${entry.actor.session}` : null]),
      ...row('Channel', [entry.channel]),
      ...row('Target', target ? [`${targetKindLabels[target.kind] ?? target.kind} `, element('strong', { className: target.production ? 'production' : '' }, [target.name]), target.production ? productionBadge() : null, element('small', {}, [` ${target.source}`])] : []),
      ...row('Decision', [`${decision.kind} by ${decision.by}`, decision.grant ? ` (grant ${decision.grant})` : null]),
      ...row('Reason', [decision.reason]),
      ...row('Result', result ? [result.exitCode === undefined ? null : `exit code ${result.exitCode}`, result.exitCode !== undefined && result.durationMs !== undefined ? ' · ' : null, result.durationMs === undefined ? null : duration(result.durationMs)] : []),
      ...row('Seq', [String(entry.seq)]),
      ...row('Hash', [element('code', { title: entry.hash }, [entry.hash.slice(0, 12)]), ' ← ', element('code', { title: entry.prev }, [entry.prev.slice(0, 12)])]),
    ]),
    element('h3', {}, [rules.length ? 'Rules' : 'No rule matched']),
    element('ul', { className: 'rules' }, rules.map((rule) =>
      element('li', { data: { rule: rule.id } }, [
        rule.level ? levelBadge(rule.level) : null,
        element('code', {}, [rule.id]),
        rule.reason ? element('p', {}, [rule.reason]) : null,
        rule.saferAlternative ? element('p', { className: 'safer' }, ['Safer: ', element('code', {}, [rule.saferAlternative])]) : null,
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
