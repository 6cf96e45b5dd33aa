// One transport per webview: checked messages in, typed messages out, nothing posted before the view says `ready`.
import * as vscode from 'vscode';
import { parseViewMessage, type HostMessage, type ViewMessage } from '../../protocol/views';

export class ViewChannel implements vscode.Disposable {
  private ready = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly view: vscode.WebviewView,
    handle: (message: ViewMessage) => void | Promise<void>,
    onReady: () => void,
  ) {
    const received = view.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseViewMessage(raw);
      if (!message) return;
      if (message.type === 'ready') {
        this.ready = true;
        onReady();
        return;
      }
      void Promise.resolve(handle(message)).catch((error: unknown) => void vscode.window.showErrorMessage(`Four Eyes: ${(error as Error).message}`));
    });
    // A hidden view's page is gone; the next one says `ready` again.
    const hidden = view.onDidChangeVisibility(() => {
      if (!view.visible) this.ready = false;
    });
    this.subscriptions = [received, hidden];
  }

  get visible(): boolean {
    return this.ready && this.view.visible;
  }

  post(message: HostMessage): void {
    if (this.ready) void this.view.webview.postMessage(message);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
