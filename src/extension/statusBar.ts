// The shield in the status bar: commands waiting for a person, production in reach, agents that lost their hook. A click opens the Risk view.
import * as vscode from 'vscode';
import { hookSpecs } from '../core/hooks/install';
import type { Broker } from '../node/broker/broker';
import { commandIds } from './contributions';
import type { Environment } from './environment';
import type { Protection } from './protection';
import { shown } from './visibleText';

export function registerStatusBar(context: vscode.ExtensionContext, broker: Broker, protection: Protection, environment: Environment): void {
  const item = vscode.window.createStatusBarItem('fourEyes.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Four Eyes';
  item.command = commandIds.showRisk;
  const update = (): void => {
    const waiting = broker.pending().length;
    // Being on main is everyday work: the marker is for infrastructure in production, the Risk view lists the branch.
    const production = environment.targets.filter((target) => target.production && target.kind !== 'git-branch');
    const unprotected = [...new Set(protection.states().filter((state) => state.status !== 'installed').map((state) => hookSpecs[state.agent].label))];
    const parts = [
      waiting ? vscode.l10n.t('{0} waiting', waiting) : '',
      // `$(…)` in a name would draw an icon: `\$(` is how the status bar shows it as text.
      production.length ? `$(flame) ${production.map((target) => shown(target.name, 60).replace(/\$\(/g, '\\$(')).join(', ')}` : '',
      unprotected.length ? vscode.l10n.t('{0} unprotected', unprotected.join(', ')) : '',
    ].filter(Boolean);
    item.text = `$(shield) ${parts.join(' · ')}`.trimEnd();
    item.tooltip = [
      waiting === 0
        ? vscode.l10n.t('Four Eyes: no commands waiting')
        : waiting === 1
          ? vscode.l10n.t('Four Eyes: 1 command waiting for your approval')
          : vscode.l10n.t('Four Eyes: {0} commands waiting for your approval', waiting),
      ...production.map((target) => vscode.l10n.t('Production: {0} {1} ({2})', target.kind.replace(/-/g, ' '), shown(target.name), shown(target.source))),
      ...(unprotected.length ? [vscode.l10n.t('Hook removed or changed: {0}. Their commands no longer wait for Four Eyes.', unprotected.join(', '))] : []),
      vscode.l10n.t('Click to open the Risk view.'),
    ].join('\n');
    item.backgroundColor = production.length
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : waiting || unprotected.length
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
  };
  update();
  item.show();
  const unsubscribe = broker.onDidChangePending(update);
  context.subscriptions.push(item, { dispose: unsubscribe }, protection.onDidChange(update), environment.onDidChange(update));
}
