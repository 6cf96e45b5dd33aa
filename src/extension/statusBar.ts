// The shield in the status bar: how many commands wait for a person, and which protected agents lost their hook.
import * as vscode from 'vscode';
import { hookSpecs } from '../core/hooks/install';
import type { Broker } from '../node/broker/broker';
import { commandIds } from './contributions';
import type { Protection } from './protection';

export function registerStatusBar(context: vscode.ExtensionContext, broker: Broker, protection: Protection): void {
  const item = vscode.window.createStatusBarItem('fourEyes.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Four Eyes';
  const update = (): void => {
    const waiting = broker.pending().length;
    const unprotected = [...new Set(protection.states().filter((state) => state.status !== 'installed').map((state) => hookSpecs[state.agent].label))];
    const parts = [waiting ? `${waiting} waiting` : '', unprotected.length ? `${unprotected.join(', ')} unprotected` : ''].filter(Boolean);
    item.text = `$(shield) ${parts.join(' · ')}`.trimEnd();
    item.tooltip = [
      waiting ? `Four Eyes: ${waiting} command${waiting === 1 ? '' : 's'} waiting for your approval` : 'Four Eyes: no commands waiting',
      ...(unprotected.length ? [`Hook removed or changed: ${unprotected.join(', ')}. Their commands no longer wait for Four Eyes.`] : []),
    ].join('\n');
    item.command = waiting || !unprotected.length ? commandIds.showPendingApprovals : commandIds.showProtection;
    item.backgroundColor = waiting || unprotected.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  update();
  item.show();
  const unsubscribe = broker.onDidChangePending(update);
  context.subscriptions.push(item, { dispose: unsubscribe }, protection.onDidChange(update));
}
