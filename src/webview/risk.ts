// The Risk view: approvals waiting, where commands would act, which agents are protected, and what happened this session.
import './l10n';
import * as l10n from '@vscode/l10n';
import { levels } from '../core/model/levels';
import type { Target } from '../core/model/assessment';
import type { AgentProtection, AgentSandbox, BreakGlassNotice, EntrySummary, FileChange, GrantSummary, RiskState } from '../protocol/views';
import { renderApprovals, showRefusal, tick } from './approvals';
import { button, element, icon, keyedChildren, type Child } from './dom';
import { decisionBadge, formatNumber, levelBadge, levelIcons, levelLabels, productionBadge, shortTime, targetKindLabels } from './format';
import { onMessage, post } from './host';
import { shown } from './shown';

const problems: Readonly<Record<AgentProtection['status'], string>> = {
  installed: '',
  missing: l10n.t('hook removed'),
  changed: l10n.t('hook changed'),
  unreadable: l10n.t('the agent cannot read its settings file'),
  disabled: l10n.t('hooks disabled by the agent’s settings'),
  'port-held': l10n.t('its hook port is held by another program; protect it again to use the command hook'),
};

// Why an agent runs outside the sandbox, as a clause after "not sandboxed".
const sandboxGaps: Readonly<Record<NonNullable<AgentSandbox['gap']>, string>> = {
  unsupported: l10n.t('agent not supported: Four Eyes cannot start its terminals in the sandbox'),
  'no-sandbox': l10n.t('no sandbox can run on this machine'),
  'setting-off': l10n.t('fourEyes.sandbox.agents or fourEyes.shims is off'),
  'profile-unset': l10n.t('its terminal profile does not start the sandbox'),
  'profile-outdated': l10n.t('its terminal profile points at another Four Eyes install'),
};

interface Section {
  readonly root: HTMLElement;
  readonly badge: HTMLElement;
  readonly list: HTMLElement;
  readonly empty: HTMLElement;
}

const root = document.getElementById('root')!;
const loading = element('p', { className: 'empty' }, [l10n.t('Loading…')]);
root.append(loading);

const breakGlass = section('break-glass', 'flame', l10n.t('Break glass'), 'ul', []);
const waiting = section('waiting', 'bell', l10n.t('Approvals waiting'), 'div', [l10n.t('No commands waiting.')]);
const changes = section('changes', 'diff', l10n.t('Protected files changed'), 'ul', []);
const environment = section('environment', 'target', l10n.t('Target environment'), 'ul', [l10n.t('No target detected for this workspace.')]);
const protection = section('protection', 'shield', l10n.t('Protection'), 'ul', [`${l10n.t('No agent is protected yet.')} `, button(l10n.t('Protect detected agents'), { action: 'protect', icon: 'shield' })]);
const layers = element('ul', { className: 'layers' });
protection.root.append(layers);
const sandbox = section('sandbox', 'lock', l10n.t('Agent sandbox'), 'ul', []);
// There only when no sandbox can run: then the credentials are in every agent's reach.
const sandboxMissing = element('p', { className: 'bad', data: { sandbox: 'unavailable' } });
sandbox.root.insertBefore(sandboxMissing, sandbox.list);
const counts = section('counts', 'graph', l10n.t('This session'), 'div', []);
const recent = section('recent', 'history', l10n.t('Recent high-risk'), 'ul', [l10n.t('No high or critical actions this session.')]);
const grants = section('grants', 'key', l10n.t('Active grants'), 'ul', [l10n.t('No grants: every risky command asks.')]);

root.addEventListener('click', (event) => {
  const target = (event.target as Element).closest<HTMLElement>('[data-action]');
  if (!target || target.closest('[data-section="waiting"]')) return;
  const action = target.dataset.action;
  if (action === 'protect') post({ type: 'protect' });
  else if (action === 'sandbox') post({ type: 'sandbox' });
  else if (action === 'relaunch') post({ type: 'relaunch', id: Number(target.dataset.terminal) });
  else if (action === 'reveal') post({ type: 'reveal', seq: Number(target.dataset.seq) });
  else if (action === 'revoke' && target instanceof HTMLButtonElement) {
    target.disabled = true;
    post({ type: 'revoke', id: target.dataset.grantId ?? '' });
  } else if (action === 'acknowledge' && target instanceof HTMLButtonElement) {
    target.disabled = true;
    post({ type: 'acknowledge', id: target.closest<HTMLElement>('[data-break-glass]')?.dataset.breakGlass ?? '' });
  } else if (action === 'keep' || action === 'revert' || action === 'diff') {
    const id = target.closest<HTMLElement>('[data-change]')?.dataset.change ?? '';
    if (action !== 'diff' && target instanceof HTMLButtonElement) target.disabled = true;
    post({ type: action, id });
  }
});

onMessage((message) => {
  if (message.type === 'state') render(message.state);
  else if (message.type === 'refused') showRefusal(waiting.list, message.id, message.reason);
});
setInterval(() => tick(waiting.list), 1000);

function render(state: RiskState): void {
  if (loading.isConnected) {
    loading.remove();
    root.append(breakGlass.root, waiting.root, changes.root, environment.root, protection.root, sandbox.root, counts.root, recent.root, grants.root);
  }
  rows(breakGlass.list, state.breakGlass, (notice) => notice.id, breakGlassRow);
  show(breakGlass, state.breakGlass.length);
  // A banner: there only while a break-glass approval waits to be acknowledged.
  breakGlass.root.hidden = state.breakGlass.length === 0;
  breakGlass.root.classList.toggle('attention', state.breakGlass.length > 0);

  renderApprovals(waiting.list, state.waiting);
  show(waiting, state.waiting.length);
  waiting.root.classList.toggle('attention', state.waiting.length > 0);

  rows(changes.list, state.changes, (change) => change.id, changeRow);
  show(changes, state.changes.length);
  // Shown only while a change waits: there is nothing to say otherwise.
  changes.root.hidden = state.changes.length === 0;
  changes.root.classList.toggle('attention', state.changes.length > 0);

  rows(environment.list, state.environment, (target) => `${target.kind}:${target.name}`, targetRow);
  show(environment, state.environment.length);
  environment.badge.classList.toggle('production', state.environment.some((target) => target.production));

  rows(protection.list, state.agents, (agent) => agent.agent, agentRow);
  show(protection, state.agents.length);
  const unprotected = state.agents.filter((agent) => agent.status !== 'installed').length;
  protection.badge.textContent = unprotected ? l10n.t('{0} unprotected', unprotected) : '';
  protection.badge.classList.toggle('bad', unprotected > 0);
  const { shims, observation, identity } = state.layers;
  layers.replaceChildren(
    element('li', { data: { layer: 'shims' } }, [icon(shims.enabled ? 'terminal' : 'circle-slash'), shimsText(shims.enabled, shims.terminals)]),
    // Terminals from before Four Eyes started: nothing typed there is gated by the shims until they are relaunched.
    ...shims.missing.map((terminal) => {
      const relaunch = button(l10n.t('Relaunch'), { action: 'relaunch', icon: 'debug-restart', secondary: true });
      relaunch.dataset.terminal = String(terminal.id);
      return element('li', { className: 'bad', data: { layer: 'unshimmed' } }, [icon('warning', 'bad'), l10n.t('Terminal "{0}" has no shims: it was open before Four Eyes started.', shown(terminal.name)), relaunch]);
    }),
    element('li', { data: { layer: 'observation' } }, [icon('eye'), observationText(observation.terminals, observation.total)]),
    element('li', { data: { layer: 'identity' } }, [
      icon(identity.fromKernel ? 'verified' : 'warning'),
      identity.fromKernel
        ? l10n.t('Who asks: named by the operating system')
        : l10n.t('Who asks: this system cannot name the requesting process, so every request is treated as an agent’s'),
    ]),
  );

  rows(sandbox.list, state.sandbox.agents, (agent) => agent.agent, sandboxRow);
  show(sandbox, state.sandbox.agents.length);
  const outside = state.sandbox.agents.filter((agent) => agent.gap !== undefined).length;
  sandbox.badge.textContent = outside ? l10n.t('{0} outside', outside) : '';
  sandbox.badge.classList.toggle('bad', outside > 0);
  sandboxMissing.hidden = state.sandbox.available;
  sandboxMissing.replaceChildren(
    icon('warning', 'bad'),
    l10n.t('No agent sandbox can run here ({0}): agents can read your credentials (~/.aws, ~/.kube, …) and reach production without Four Eyes.', shown(state.sandbox.reason ?? '')),
  );

  renderCounts(state.counts);

  rows(recent.list, state.recent, (entry) => String(entry.seq), recentRow);
  show(recent, state.recent.length);

  rows(grants.list, state.grants, (grant) => grant.id, grantRow);
  show(grants, state.grants.length);
}

// Whole sentences per plural case, so a translation can change every word around the number.
function shimsText(enabled: boolean, terminals: number): string {
  if (!enabled) return l10n.t('PATH shims: off');
  return terminals === 1 ? l10n.t('PATH shims: on in 1 terminal') : l10n.t('PATH shims: on in {0} terminals', formatNumber(terminals));
}

function observationText(reporting: number, total: number): string {
  return total === 1 ? l10n.t('Observation: {0} of 1 terminal report their commands', reporting) : l10n.t('Observation: {0} of {1} terminals report their commands', reporting, formatNumber(total));
}

function section(name: string, iconName: string, title: string, listTag: 'ul' | 'div', empty: readonly Child[]): Section {
  const badge = element('span', { className: 'count' });
  const list = element(listTag, { className: 'list' });
  const emptyElement = element('div', { className: 'empty' }, empty);
  const sectionRoot = element('section', { data: { section: name }, attributes: { 'aria-labelledby': `heading-${name}` } }, [
    element('h2', { attributes: { id: `heading-${name}` } }, [icon(iconName), element('span', {}, [title]), badge]),
    list,
    emptyElement,
  ]);
  return { root: sectionRoot, badge, list, empty: emptyElement };
}

function show(target: Section, length: number): void {
  target.empty.hidden = length > 0;
  target.list.hidden = length === 0;
  if (target !== protection && target !== sandbox) target.badge.textContent = length ? String(length) : '';
}

// What each keyed row was last drawn from, so an unchanged row is left alone.
const drawn = new WeakMap<HTMLElement, string>();

/** Keyed rows whose content is rebuilt only when its data changed, so a focused row or button keeps focus. */
function rows<Item>(container: HTMLElement, items: readonly Item[], key: (item: Item) => string, content: (item: Item) => HTMLElement): void {
  keyedChildren(
    container,
    items,
    key,
    (item) => {
      const created = content(item);
      drawn.set(created, JSON.stringify(item));
      return created;
    },
    (existing, item) => {
      const data = JSON.stringify(item);
      if (drawn.get(existing) === data) return;
      const fresh = content(item);
      existing.replaceChildren(...Array.from(fresh.childNodes));
      for (const attribute of Array.from(existing.attributes)) if (attribute.name !== 'data-key') existing.removeAttribute(attribute.name);
      for (const attribute of Array.from(fresh.attributes)) existing.setAttribute(attribute.name, attribute.value);
      drawn.set(existing, data);
    },
  );
}

function targetRow(target: Target): HTMLElement {
  return element('li', { className: target.production ? 'production' : '', data: { kind: target.kind, production: String(target.production) } }, [
    icon(target.production ? 'warning' : 'target'),
    element('span', { className: 'kind' }, [targetKindLabels[target.kind] ?? target.kind]),
    ' ',
    element('strong', {}, [shown(target.name)]),
    target.production ? productionBadge() : null,
    element('small', { className: 'source' }, [shown(target.source)]),
  ]);
}

function agentRow(agent: AgentProtection): HTMLElement {
  const protectedNow = agent.status === 'installed';
  return element('li', { data: { agent: agent.agent, status: protectedNow ? 'protected' : 'unprotected' } }, [
    icon(protectedNow ? 'pass' : 'error', protectedNow ? 'good' : 'bad'),
    element('strong', {}, [agent.label]),
    ': ',
    protectedNow ? l10n.t('protected') : element('span', { className: 'bad' }, [l10n.t('unprotected')]),
    protectedNow ? null : ` (${problems[agent.status]})`,
    agent.hookWait
      ? element('small', { className: 'wait' }, [
          l10n.t({
            message: 'hook timeout {0} s: shorter than the approval wait, so unanswered commands are denied at {1} s',
            args: [formatNumber(agent.hookWait.seconds), formatNumber(agent.hookWait.deniedAtSeconds)],
            comment: ['{0}: how long the agent waits for its hook; {1}: when Four Eyes denies a command no one answered'],
          }),
        ])
      : null,
    element('small', { className: 'file' }, [shown(agent.switchedOffBy ?? agent.file)]),
  ]);
}

function sandboxRow(agent: AgentSandbox): HTMLElement {
  const inside = agent.gap === undefined;
  const fixable = agent.gap === 'profile-unset' || agent.gap === 'profile-outdated';
  return element('li', { data: { sandboxAgent: agent.agent, sandbox: inside ? 'inside' : 'outside', gap: agent.gap ?? '' } }, [
    icon(inside ? 'lock' : 'unlock', inside ? 'good' : 'bad'),
    element('strong', {}, [agent.label]),
    ': ',
    inside
      ? agent.way === 'cli'
        ? l10n.t('sandboxed when started from an editor terminal')
        : l10n.t('sandboxed')
      : element('span', { className: 'bad' }, [l10n.t('not sandboxed')]),
    inside ? null : ` (${sandboxGaps[agent.gap ?? 'unsupported']})`,
    fixable ? button(l10n.t('Sandbox its terminal'), { action: 'sandbox', icon: 'lock', secondary: true, title: l10n.t("Run Agent Mode's Terminal in the Sandbox (you see the change first)") }) : null,
  ]);
}

function renderCounts(sessionCounts: RiskState['counts']): void {
  const byLevel = element('div', { className: 'levels' }, [...levels].reverse().map((level) =>
    element('span', { className: `badge level level-${level}`, data: { level }, title: `${levelLabels[level]}: ${sessionCounts.byLevel[level]}` }, [
      icon(levelIcons[level]),
      element('span', { className: 'label' }, [levelLabels[level]]),
      element('strong', {}, [sessionCounts.byLevel[level]]),
    ]),
  ));
  const byAgent = sessionCounts.byAgent.length
    ? element('ul', { className: 'agents' }, sessionCounts.byAgent.map((row) => element('li', { data: { actor: row.actor } }, [element('span', {}, [shown(row.actor)]), element('strong', {}, [row.count])])))
    : element('p', { className: 'empty' }, [l10n.t('No commands yet.')]);
  counts.list.replaceChildren(element('p', { className: 'since' }, [l10n.t({ message: 'Since {0}', args: [shortTime(sessionCounts.since)], comment: ['{0} is a time'] })]), byLevel, byAgent);
  counts.empty.hidden = true;
}

function recentRow(entry: EntrySummary): HTMLElement {
  const row = element('button', { className: 'entry', data: { action: 'reveal', seq: entry.seq, level: entry.level }, attributes: { type: 'button', title: l10n.t('Show #{0} in the Action Log', entry.seq) } }, [
    element('span', { className: 'time' }, [shortTime(entry.time)]),
    element('span', { className: 'actor' }, [shown(entry.actor)]),
    levelBadge(entry.level),
    decisionBadge(entry.decision),
    element('code', { className: `command ${entry.target?.production ? 'production' : ''}`.trim() }, [shown(entry.commandLine)]),
  ]);
  return element('li', {}, [row]);
}

// One sentence per kind of change: translations of the verb may need other words around it.
const changeSentences: Readonly<Record<FileChange['kind'], (time: string) => string>> = {
  changed: (time) => l10n.t({ message: 'changed at {0} while an agent was protected or active', args: [time], comment: ['Said of a protected file; {0} is a time'] }),
  created: (time) => l10n.t({ message: 'created at {0} while an agent was protected or active', args: [time], comment: ['Said of a protected file; {0} is a time'] }),
  deleted: (time) => l10n.t({ message: 'deleted at {0} while an agent was protected or active', args: [time], comment: ['Said of a protected file; {0} is a time'] }),
};

function changeRow(change: FileChange): HTMLElement {
  return element('li', { data: { change: change.id, kind: change.kind } }, [
    icon(change.kind === 'deleted' ? 'diff-removed' : change.kind === 'created' ? 'diff-added' : 'diff-modified', 'bad'),
    element('div', { className: 'change' }, [
      element('code', { className: 'file' }, [shown(change.file)]),
      element('small', {}, [changeSentences[change.kind](shortTime(change.at))]),
    ]),
    element('span', { className: 'actions' }, [
      button(l10n.t('Diff'), { action: 'diff', icon: 'diff', secondary: true, title: l10n.t('Show the change to {0}', shown(change.file)) }),
      button(l10n.t('Keep'), { action: 'keep', icon: 'check', secondary: true, title: l10n.t('Keep the change to {0}', shown(change.file)) }),
      button(l10n.t('Revert'), { action: 'revert', icon: 'discard', title: l10n.t('Put {0} back as it was', shown(change.file)) }),
    ]),
  ]);
}

function breakGlassRow(notice: BreakGlassNotice): HTMLElement {
  return element('li', { data: { breakGlass: notice.id } }, [
    icon('flame', 'bad'),
    element('div', { className: 'notice' }, [
      element('code', { className: 'command production' }, [shown(notice.commandLine)]),
      element('small', {}, [l10n.t({ message: '{0} approved it alone at {1}: {2}', args: [shown(notice.by), shortTime(notice.time), shown(notice.reason)], comment: ['{0} is a person; {1} is a time; {2} is the reason they gave'] })]),
    ]),
    button(l10n.t('Acknowledge'), { action: 'acknowledge', icon: 'check', title: l10n.t('I have seen this break-glass approval') }),
  ]);
}

function grantRow(grant: GrantSummary): HTMLElement {
  const by = l10n.t({ message: 'by {0}', args: [shown(grant.by)], comment: ['{0} is the person who granted it'] });
  const until = grant.until === undefined ? '' : ` · ${l10n.t({ message: 'until {0}', args: [shortTime(grant.until)], comment: ['{0} is a time'] })}`;
  const revoke = button(l10n.t('Revoke'), { action: 'revoke', secondary: true, title: l10n.t('Revoke: {0}', shown(grant.description)) });
  revoke.dataset.grantId = grant.id;
  return element('li', { data: { grant: grant.id } }, [
    icon('key'),
    element('div', { className: 'grant' }, [element('span', {}, [shown(grant.description)]), element('small', {}, [`${by}${until}`])]),
    revoke,
  ]);
}
