// The Four Eyes views in the activity bar. Risk shows which agents are protected; the rest arrives with the views issue.
import * as vscode from 'vscode';
import { hookSpecs, type HookStatus } from '../core/hooks/install';
import { viewIds } from './contributions';
import type { Protection } from './protection';
import { escapeHtml, webviewHtml } from './webviewHtml';

class ActionLogView implements vscode.WebviewViewProvider {
  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = { enableScripts: false };
    const body = `<p data-four-eyes-view="Action Log">Every command agents run, with its risk and decision, will appear here. Coming soon.</p>`;
    view.webview.html = webviewHtml(view.webview, { title: 'Action Log', body });
  }
}

const problems: Record<HookStatus, string> = {
  installed: '',
  missing: 'hook removed',
  changed: 'hook changed',
  unreadable: 'the agent cannot read its settings file',
};

class RiskView implements vscode.WebviewViewProvider {
  constructor(private readonly protection: Protection) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = { enableScripts: false };
    const render = (): void => {
      const states = this.protection.states();
      const rows = states.map((state) => {
        const ok = state.status === 'installed';
        return `<li data-agent="${escapeHtml(state.agent)}" data-status="${ok ? 'protected' : 'unprotected'}"><strong>${escapeHtml(hookSpecs[state.agent].label)}</strong>: ${
          ok ? 'protected' : `<span class="bad">unprotected</span> (${problems[state.status]})`
        } <small>${escapeHtml(state.file)}</small></li>`;
      });
      const list = rows.length ? `<ul>${rows.join('')}</ul>` : '<p>No agent is protected yet. Run <strong>Four Eyes: Protect All Detected Agents</strong>.</p>';
      const body = `<section data-four-eyes-view="Risk"><h3>Agent protection</h3>${list}<p>Approvals waiting, grants and the current target environment will appear here. Coming soon.</p></section>`;
      view.webview.html = webviewHtml(view.webview, { title: 'Risk', body, style: '.bad { color: var(--vscode-errorForeground); font-weight: bold; } small { opacity: 0.7; }' });
    };
    render();
    const subscription = this.protection.onDidChange(render);
    view.onDidDispose(() => {
      subscription.dispose();
    });
  }
}

export function registerViews(context: vscode.ExtensionContext, protection: Protection): void {
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(viewIds.risk, new RiskView(protection)),
    vscode.window.registerWebviewViewProvider(viewIds.actionLog, new ActionLogView()),
  );
}
