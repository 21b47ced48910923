// The workspace's folders on disk, as the attachment checks take them. Only `file:` folders count:
// the checks resolve links on the local file system.
import * as vscode from 'vscode';
import type { WorkspaceRoot } from '../../core/attachments/workspaceFile';

export function workspaceRoots(): WorkspaceRoot[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, path: f.uri.fsPath }));
}
