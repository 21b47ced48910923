// The yes/no questions asked before something that cannot be undone or that the user should weigh:
// rewinding, deleting a chat, clearing the API key, attaching a file the attach policy flags.
import * as vscode from 'vscode';

/** Asks a yes/no question in a modal dialog; true only for an explicit yes. */
export async function confirm(question: string, yes: string, detail?: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(question, { modal: true, ...(detail ? { detail } : {}) }, yes)) === yes;
}
