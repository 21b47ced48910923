import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Wired up by the host modules as they land.
}

export function deactivate(): void {}
