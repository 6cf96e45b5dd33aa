// Every webview's HTML comes from here: a strict CSP with a fresh nonce, built assets only, put in the page under the nonce.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { initialMessageId, l10nBundleId, viewRoots, type HostMessage } from '../protocol/views';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]);
}

export type ViewName = keyof typeof viewRoots;

/** Scripts on, and nothing readable but the built view assets. */
export function viewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'dist', 'codicons')] };
}

const assets = new Map<string, string>();

/**
 * A built asset, read once and put in the page under the nonce: fetching a script or a stylesheet (which holds up the
 * script after it) through the webview's service worker costs the first rows 100 to 150 ms each.
 */
function inline(extensionUri: vscode.Uri, ...parts: string[]): string {
  const file = vscode.Uri.joinPath(extensionUri, 'dist', ...parts).fsPath;
  let text = assets.get(file);
  if (text === undefined) {
    // `</script` or `</style` inside cannot end the element early.
    text = readFileSync(file, 'utf8').replace(/<\/(script|style)/gi, '<\\/$1');
    assets.set(file, text);
  }
  return text;
}

/** Data the page reads from its own HTML, as JSON that stays inside its script element: `<` never appears as itself. */
function embedded(id: string, data: object | undefined): string {
  return data ? `<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>\n` : '';
}

/**
 * The page for one view: its root element, the codicons, the shared styles and the view's script, all under this
 * render's nonce, the message it starts with, if any, and the translations of its text unless VS Code runs in English.
 */
export function viewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: ViewName, initial?: HostMessage): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...parts: string[]): string => escapeHtml(webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...parts)).toString());
  const source = webview.cspSource;
  // Undefined in English: the page's own strings are the English ones.
  const translations = vscode.l10n.bundle;
  const policy = [`default-src 'none'`, `style-src ${source} 'nonce-${nonce}'`, `font-src ${source}`, `img-src ${source}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="${translations ? escapeHtml(vscode.env.language) : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(viewRoots[view])}</title>
<style nonce="${nonce}">${inline(extensionUri, 'codicons', 'codicon.css').replace('url("./codicon.ttf', `url("${asset('codicons', 'codicon.ttf')}`)}</style>
<style nonce="${nonce}">${inline(extensionUri, 'webview', 'views.css')}</style>
</head>
<body>
<main id="root" data-four-eyes-view="${escapeHtml(viewRoots[view])}"></main>
${embedded(l10nBundleId, translations)}${embedded(initialMessageId, initial)}<script nonce="${nonce}">${inline(extensionUri, 'webview', `${view}.js`)}</script>
</body>
</html>`;
}
