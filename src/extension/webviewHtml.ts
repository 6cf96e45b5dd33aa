// Every webview's HTML comes from here: a strict CSP with a fresh nonce, built assets only, nothing inline.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { viewRoots } from '../protocol/views';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]);
}

export type ViewName = keyof typeof viewRoots;

/** Scripts on, and nothing readable but the built view assets. */
export function viewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'dist', 'codicons')] };
}

const scripts = new Map<string, string>();

/**
 * The view's script, read once and put in the page under the nonce: fetching it through the webview's service worker
 * costs the first rows about 150 ms. `</script` inside it cannot end the element early.
 */
function script(extensionUri: vscode.Uri, view: ViewName): string {
  const file = vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.js`).fsPath;
  let text = scripts.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
    scripts.set(file, text);
  }
  return text;
}

/** The page for one view: its root element, the codicons, the shared styles and the view's script, all under this render's nonce. */
export function viewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: ViewName): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...parts: string[]): string => escapeHtml(webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...parts)).toString());
  const source = webview.cspSource;
  const policy = [`default-src 'none'`, `style-src ${source} 'nonce-${nonce}'`, `font-src ${source}`, `img-src ${source}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(viewRoots[view])}</title>
<link rel="stylesheet" nonce="${nonce}" href="${asset('codicons', 'codicon.css')}">
<link rel="stylesheet" nonce="${nonce}" href="${asset('webview', 'views.css')}">
</head>
<body>
<main id="root" data-four-eyes-view="${escapeHtml(viewRoots[view])}"></main>
<script nonce="${nonce}">${script(extensionUri, view)}</script>
</body>
</html>`;
}
