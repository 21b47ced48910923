// What to call the document a selection comes from, in its chip and in the text sent with it. A file
// is its name and its path in the workspace; the Output panel's document is a channel, which VS Code
// names internally after the extension that writes it (`<publisher>.<name>.<Channel>.log`, or
// `extension-output-<publisher>.<name>-#<n>-<Channel>` in older versions): the user knows it by the
// channel's name, as the panel's list shows it.
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface DocumentName {
  /** Short: the chip's label and the block's heading. */
  fileName: string;
  /** Where it is: the workspace-relative path, or what the user knows it as. */
  displayPath: string;
}

/** The channel's name in an Output document's internal name. */
export function outputChannelName(internal: string, extensionIds: readonly string[]): string {
  let name = internal.replace(/\.log$/i, '');
  const older = /^extension-output-.+?-#\d+-(.+)$/.exec(name);
  if (older?.[1]) return older[1];
  // The longest extension id that prefixes it (one id may prefix another).
  const owner = extensionIds.filter((id) => name.toLowerCase().startsWith(`${id.toLowerCase()}.`)).sort((a, b) => b.length - a.length)[0];
  if (owner) name = name.slice(owner.length + 1);
  return name || internal;
}

export function documentName(document: vscode.TextDocument): DocumentName {
  if (document.uri.scheme === 'output') {
    const channel = outputChannelName(path.basename(document.uri.path), vscode.extensions.all.map((e) => e.id));
    const name = `${channel} (Output)`;
    return { fileName: name, displayPath: name };
  }
  // A notebook's cells are documents of their own: each is named by its notebook and its place in it
  // (two cells' selections of the same lines are two attachments, not one).
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cell = notebook.getCells().find((c) => c.document === document);
    if (!cell) continue;
    const where = ` cell ${cell.index + 1}`;
    return { fileName: path.posix.basename(notebook.uri.path) + where, displayPath: workspacePath(notebook.uri) + where };
  }
  const displayPath = document.isUntitled ? document.fileName : workspacePath(document.uri);
  return { fileName: path.basename(document.fileName), displayPath };
}

/**
 * The path in the workspace of a file. A document of another scheme over a workspace file (the saved
 * side of a diff, a notebook) is named by that file's path too, not by its full path on disk.
 */
function workspacePath(uri: vscode.Uri): string {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.find((f) => uri.path.startsWith(`${f.uri.path.replace(/\/$/, '')}/`));
  const inWorkspace = folder && uri.scheme !== folder.uri.scheme ? folder.uri.with({ path: uri.path }) : uri;
  return vscode.workspace.asRelativePath(inWorkspace, folders.length > 1);
}
