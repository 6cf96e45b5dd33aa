// The words and icons both views use for levels, decisions, targets and times.
import * as l10n from '@vscode/l10n';
import type { DecisionKind } from '../core/audit/entry';
import type { Outcome } from '../core/audit/outcome';
import type { TargetKind } from '../core/model/assessment';
import type { Level } from '../core/model/levels';
import { element, icon } from './dom';

export const levelLabels: Readonly<Record<Level, string>> = { none: l10n.t('None'), low: l10n.t('Low'), medium: l10n.t('Medium'), high: l10n.t('High'), critical: l10n.t('Critical') };

export const levelIcons: Readonly<Record<Level, string>> = { none: 'circle-outline', low: 'info', medium: 'warning', high: 'flame', critical: 'error' };

export const decisionLabels: Readonly<Record<DecisionKind, string>> = {
  allowed: l10n.t('Allowed'),
  approved: l10n.t('Approved'),
  denied: l10n.t('Denied'),
  'timed-out': l10n.t('Timed out'),
  observed: l10n.t('Observed'),
  'gate-miss': l10n.t('Gate miss'),
  'co-sign-requested': l10n.t('Co-sign requested'),
  'co-signed': l10n.t('Co-signed'),
  'co-sign-declined': l10n.t('Co-sign declined'),
};

const decisionIcons: Readonly<Record<DecisionKind, string>> = {
  allowed: 'check',
  approved: 'pass',
  denied: 'circle-slash',
  'timed-out': 'clock',
  observed: 'eye',
  'gate-miss': 'debug-disconnect',
  'co-sign-requested': 'organization',
  'co-signed': 'workspace-trusted',
  'co-sign-declined': 'workspace-untrusted',
};

export const targetKindLabels: Readonly<Record<TargetKind, string>> = {
  'kube-context': l10n.t('kube context'),
  'terraform-workspace': l10n.t('Terraform workspace'),
  'aws-profile': l10n.t('AWS profile'),
  'gcp-project': l10n.t('GCP project'),
  'azure-subscription': l10n.t('Azure subscription'),
  'azure-resource-group': l10n.t('Azure resource group'),
  'pulumi-stack': l10n.t('Pulumi stack'),
  'database-host': l10n.t('database host'),
  'docker-context': l10n.t('Docker context'),
  app: l10n.t('app'),
  'api-host': l10n.t('API host'),
  'ssh-host': l10n.t('SSH host'),
  'git-branch': l10n.t('git branch'),
};

/** A level as an icon and a word, coloured by level; narrow layouts may hide the word with CSS. */
export function levelBadge(level: Level): HTMLSpanElement {
  return element('span', { className: `badge level level-${level}`, data: { level } }, [icon(levelIcons[level]), element('span', { className: 'label' }, [levelLabels[level]])]);
}

export function decisionBadge(decision: DecisionKind): HTMLSpanElement {
  return element('span', { className: `decision decision-${decision}` }, [icon(decisionIcons[decision]), element('span', { className: 'label' }, [decisionLabels[decision]])]);
}

export function productionBadge(): HTMLSpanElement {
  return element('span', { className: 'badge production' }, [l10n.t('PRODUCTION')]);
}

// Formatters are costly to build and rows are formatted on every scroll frame.
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dated = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Today's times as a clock, older ones with their date. */
export function shortTime(time: string | number, now = new Date()): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return date.toDateString() === now.toDateString() ? clock.format(date) : dated.format(date);
}

export function fullTime(time: string | number): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? String(time) : full.format(date);
}

/** `4:05` left, or `1:02:03` for long waits. */
export function countdown(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

export function duration(milliseconds: number): string {
  if (milliseconds < 1000) return l10n.t({ message: '{0} ms', args: [Math.round(milliseconds)], comment: ['Milliseconds'] });
  if (milliseconds < 60_000) return l10n.t({ message: '{0} s', args: [(milliseconds / 1000).toFixed(1)], comment: ['Seconds'] });
  return countdown(milliseconds);
}

const numbers = new Intl.NumberFormat();

/** A count as the person's locale writes it; the sentence around it is chosen per plural case by the caller. */
export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** How a command ended, in a word or two: `not run`, `exit 0 · 1.2 s`. */
export function outcomeLabel(outcome: Outcome): string {
  if (!outcome.ran) return l10n.t({ message: 'not run', comment: ['A command that never ran: denied, or refused by the shim'] });
  const exit = outcome.exitCode === undefined ? l10n.t({ message: 'ran', comment: ['A command that ran, its exit code unknown'] }) : l10n.t('exit {0}', outcome.exitCode);
  return outcome.durationMs === undefined ? exit : `${exit} · ${duration(outcome.durationMs)}`;
}

/** For the row's data: what a test or a style can tell apart. */
export function outcomeKind(outcome: Outcome): 'not-run' | 'succeeded' | 'failed' | 'ran' {
  if (!outcome.ran) return 'not-run';
  return outcome.exitCode === undefined ? 'ran' : outcome.exitCode === 0 ? 'succeeded' : 'failed';
}
