// The two webview views in the Four Eyes activity-bar container, and the session activity the Risk view sums up.
import * as vscode from 'vscode';
import { Activity } from '../core/audit/activity';
import type { LogStore } from '../node/audit/store';
import { viewIds } from './contributions';
import { ActionLogView } from './views/actionLogView';
import { RiskView, type RiskSources } from './views/riskView';

/** How far back the Risk view looks for recent high-risk actions when a window opens. */
const recentLookback = 500;

export function registerViews(context: vscode.ExtensionContext, store: LogStore, sources: Omit<RiskSources, 'reveal' | 'activity' | 'onDidLog'>): RiskView {
  const activity = new Activity(new Date().toISOString());
  for (const entry of store.tail(recentLookback)) activity.add(entry);
  const logged = new vscode.EventEmitter<void>();
  const unsubscribe = store.onDidAppend((entry) => {
    activity.add(entry);
    logged.fire();
  });
  const actionLog = new ActionLogView(context.extensionUri, store);
  const risk = new RiskView(context.extensionUri, { ...sources, activity, onDidLog: logged.event, reveal: (seq) => actionLog.reveal(seq) });
  context.subscriptions.push(
    logged,
    { dispose: unsubscribe },
    actionLog,
    risk,
    vscode.window.registerWebviewViewProvider(viewIds.risk, risk),
    vscode.window.registerWebviewViewProvider(viewIds.actionLog, actionLog),
  );
  return risk;
}
