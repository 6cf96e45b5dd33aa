// Every webview's HTML comes from here: a strict CSP with a fresh nonce, theme colours, nothing inline.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]);
}

/** A page whose only style and script are the ones carrying this render's nonce. */
export function webviewHtml(webview: vscode.Webview, page: { title: string; body: string; style?: string }): string {
  const nonce = randomBytes(16).toString('base64');
  const policy = [`default-src 'none'`, `style-src ${webview.cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">
body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 12px; }
${page.style ?? ''}
</style>
</head>
<body>
${page.body}
</body>
</html>`;
}
