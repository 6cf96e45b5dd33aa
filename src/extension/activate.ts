// Extension entry: builds the services and registers each feature (features arrive with their issues).
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
