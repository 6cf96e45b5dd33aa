// Which open terminals carry Four Eyes' layers: shims reach terminals started after activation, observation needs shell integration.
import * as vscode from 'vscode';

export class TerminalLayers implements vscode.Disposable {
  /** Terminals opened while this extension ran, so their environment has the shims. */
  private readonly shimmed = new WeakSet<vscode.Terminal>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const changed = (): void => this.emitter.fire();
    this.subscriptions = [
      vscode.window.onDidOpenTerminal((terminal) => {
        this.shimmed.add(terminal);
        changed();
      }),
      vscode.window.onDidCloseTerminal(changed),
      vscode.window.onDidChangeTerminalShellIntegration(changed),
    ];
  }

  counts(): { shimmed: number; observed: number; total: number } {
    const terminals = vscode.window.terminals;
    return {
      shimmed: terminals.filter((terminal) => this.shimmed.has(terminal)).length,
      observed: terminals.filter((terminal) => terminal.shellIntegration !== undefined).length,
      total: terminals.length,
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }
}
