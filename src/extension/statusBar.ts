// The shield in the status bar: how many commands wait for a person. Click to see them.
import * as vscode from 'vscode';
import type { Broker } from '../node/broker/broker';
import { commandIds } from './contributions';

export function registerStatusBar(context: vscode.ExtensionContext, broker: Broker): void {
  const item = vscode.window.createStatusBarItem('fourEyes.status', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Four Eyes';
  item.command = commandIds.showPendingApprovals;
  const update = (): void => {
    const waiting = broker.pending().length;
    item.text = waiting ? `$(shield) ${waiting} waiting` : '$(shield)';
    item.tooltip = waiting ? `Four Eyes: ${waiting} command${waiting === 1 ? '' : 's'} waiting for your approval` : 'Four Eyes: no commands waiting';
    item.backgroundColor = waiting ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  update();
  item.show();
  const unsubscribe = broker.onDidChangePending(update);
  context.subscriptions.push(item, { dispose: unsubscribe });
}
