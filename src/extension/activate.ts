// Extension entry: builds the services and registers each feature; nothing slow runs here.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Engine } from './engine';
import { registerViews } from './views';

export function activate(context: vscode.ExtensionContext): void {
  try {
    // The engine loads its grammar on first use, so activation costs nothing measurable.
    const engine = new Engine();
    registerCommands(context, engine);
    registerViews(context);
  } catch (error) {
    void vscode.window.showErrorMessage(`Four Eyes could not start: ${(error as Error).message}`);
    throw error;
  }
}

export function deactivate(): void {}
