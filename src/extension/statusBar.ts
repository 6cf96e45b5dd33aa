// The shield in the status bar: commands waiting for a person, production in reach, agents that lost their hook. A click opens the Risk view.
import * as vscode from 'vscode';
import { hookSpecs } from '../core/hooks/install';
import type { Broker } from '../node/broker/broker';
import { commandIds } from './contributions';
import type { Environment } from './environment';
import type { Protection } from './protection';

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
      waiting ? `${waiting} waiting` : '',
      production.length ? `$(flame) ${production.map((target) => target.name).join(', ')}` : '',
      unprotected.length ? `${unprotected.join(', ')} unprotected` : '',
    ].filter(Boolean);
    item.text = `$(shield) ${parts.join(' · ')}`.trimEnd();
    item.tooltip = [
      waiting ? `Four Eyes: ${waiting} command${waiting === 1 ? '' : 's'} waiting for your approval` : 'Four Eyes: no commands waiting',
      ...production.map((target) => `Production: ${target.kind.replace(/-/g, ' ')} ${target.name} (${target.source})`),
      ...(unprotected.length ? [`Hook removed or changed: ${unprotected.join(', ')}. Their commands no longer wait for Four Eyes.`] : []),
      'Click to open the Risk view.',
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
