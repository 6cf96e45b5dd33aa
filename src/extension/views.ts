// The Four Eyes views in the activity bar. Their content arrives with the views issue; until then they say so.
import * as vscode from 'vscode';
import { viewIds, type ViewId } from './contributions';
import { escapeHtml, webviewHtml } from './webviewHtml';

const placeholders: Record<ViewId, { title: string; text: string }> = {
  [viewIds.risk]: { title: 'Risk', text: 'Protection status, approvals waiting and the current target environment will appear here.' },
  [viewIds.actionLog]: { title: 'Action Log', text: 'Every command agents run, with its risk and decision, will appear here.' },
};

class PlaceholderView implements vscode.WebviewViewProvider {
  constructor(private readonly content: { title: string; text: string }) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = { enableScripts: false };
    const body = `<p data-four-eyes-view="${escapeHtml(this.content.title)}">${escapeHtml(this.content.text)} Coming soon.</p>
<p>Meanwhile, run <strong>Four Eyes: Check a Command Line</strong> from the Command Palette.</p>`;
    view.webview.html = webviewHtml(view.webview, { title: this.content.title, body });
  }
}

export function registerViews(context: vscode.ExtensionContext): void {
  for (const [id, content] of Object.entries(placeholders)) {
    context.subscriptions.push(vscode.window.registerWebviewViewProvider(id, new PlaceholderView(content)));
  }
}
