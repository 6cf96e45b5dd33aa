// Which open terminals carry Four Eyes' layers: shims reach terminals started after activation, observation needs shell integration.
import * as vscode from 'vscode';

/** A terminal opened before Four Eyes started: its environment has no shims until it is relaunched. */
export interface UnshimmedTerminal {
  readonly id: number;
  readonly name: string;
}

export class TerminalLayers implements vscode.Disposable {
  /** Terminals opened while this extension ran, or relaunched by it, so their environment has the shims. */
  private readonly shimmed = new WeakSet<vscode.Terminal>();
  /** Terminals already open when the shims were put in the environment (restored at start-up, or opened before). */
  private before: vscode.Terminal[] = [];
  private applied = false;
  private readonly ids = new WeakMap<vscode.Terminal, number>();
  private nextId = 1;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    const changed = (): void => this.emitter.fire();
    this.subscriptions = [
      vscode.window.onDidOpenTerminal((terminal) => {
        if (this.applied) this.shimmed.add(terminal);
        else this.before.push(terminal);
        changed();
      }),
      vscode.window.onDidCloseTerminal((terminal) => {
        const at = this.before.indexOf(terminal);
        if (at >= 0) this.before.splice(at, 1);
        changed();
      }),
      vscode.window.onDidChangeTerminalShellIntegration(changed),
    ];
  }

  /** The shims are in every new terminal's environment from now on: the terminals open now are the ones without them. */
  shimsApplied(): void {
    this.applied = true;
    this.before = vscode.window.terminals.filter((terminal) => !this.shimmed.has(terminal));
    this.emitter.fire();
  }

  counts(): { shimmed: number; observed: number; total: number } {
    const terminals = vscode.window.terminals;
    return {
      shimmed: terminals.filter((terminal) => this.shimmed.has(terminal)).length,
      observed: terminals.filter((terminal) => terminal.shellIntegration !== undefined).length,
      total: terminals.length,
    };
  }

  /** Open terminals without the shims: commands typed there, by a person or an agent, reach no gate but the hooks. */
  unshimmed(): UnshimmedTerminal[] {
    return this.before.filter((terminal) => !this.shimmed.has(terminal) && vscode.window.terminals.includes(terminal)).map((terminal) => ({ id: this.idOf(terminal), name: terminal.name }));
  }

  /** Relaunch one, as VS Code's own "relaunch" does: the same terminal, a new shell with the current environment (shims included). */
  async relaunch(id: number): Promise<boolean> {
    const terminal = this.before.find((candidate) => this.ids.get(candidate) === id);
    if (!terminal || !vscode.window.terminals.includes(terminal)) return false;
    terminal.show(false);
    await vscode.commands.executeCommand('workbench.action.terminal.relaunch');
    this.shimmed.add(terminal);
    this.emitter.fire();
    return true;
  }

  private idOf(terminal: vscode.Terminal): number {
    let id = this.ids.get(terminal);
    if (id === undefined) this.ids.set(terminal, (id = this.nextId++));
    return id;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }
}

/** Said once per window: terminals Four Eyes cannot gate until they are relaunched, with the relaunch a click away. */
export function announceUnshimmed(layers: TerminalLayers): void {
  const missing = layers.unshimmed();
  if (missing.length === 0) return;
  const names = missing.map((terminal) => `"${terminal.name}"`).join(', ');
  const relaunch = vscode.l10n.t('Relaunch');
  void vscode.window
    .showWarningMessage(vscode.l10n.t('Four Eyes: {0} opened before Four Eyes started have no PATH shims, so infrastructure tools run there without asking. Relaunch them to add the shims.', names), relaunch)
    .then(async (choice) => {
      if (choice === relaunch) for (const terminal of layers.unshimmed()) await layers.relaunch(terminal.id);
    });
}
