// The question asked before a file that the attach policy flags (a likely secret, outside the
// workspace, an untrusted workspace) is attached.
import * as vscode from 'vscode';

/** Asks a yes/no question in a modal dialog; true only for an explicit yes. */
export async function confirm(question: string, yes: string, detail?: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(question, { modal: true, ...(detail ? { detail } : {}) }, yes)) === yes;
}
