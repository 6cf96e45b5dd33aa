// One transport per view: its page, checked messages in, typed messages out, nothing posted before the page says `ready`.
import * as vscode from 'vscode';
import { parseViewMessage, type HostMessage, type ViewMessage } from '../../protocol/views';
import { viewHtml, viewOptions, type ViewName } from '../webviewHtml';

export class ViewChannel implements vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly name: ViewName,
    private readonly handle: (message: ViewMessage) => void | Promise<void>,
    private readonly onReady: () => void,
  ) {}

  /** From `resolveWebviewView`: a new page for the view, starting with `initial`; it says `ready` once its script runs. */
  attach(view: vscode.WebviewView, initial?: HostMessage): void {
    this.detach();
    this.view = view;
    view.webview.options = viewOptions(this.extensionUri);
    view.webview.html = viewHtml(view.webview, this.extensionUri, this.name, initial);
    this.subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // A hidden view's page is gone; the next one says `ready` again.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => this.detach()),
    ];
  }

  get visible(): boolean {
    return this.ready && this.view?.visible === true;
  }

  post(message: HostMessage): void {
    if (this.ready) void this.view?.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseViewMessage(raw);
    if (!message) return;
    if (message.type === 'ready') {
      this.ready = true;
      this.onReady();
      return;
    }
    void Promise.resolve(this.handle(message)).catch((error: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('Four Eyes: {0}', (error as Error).message)));
  }

  private detach(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
    this.view = undefined;
    this.ready = false;
  }

  dispose(): void {
    this.detach();
  }
}
