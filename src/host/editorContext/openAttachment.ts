// Opens what a chip stands for: the file it came from (a selection at its lines) when it is still
// there; otherwise the text that was sent, in an untitled editor. An image or other file that is gone
// gets a notice: the chat keeps the copy that was sent.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { attachmentOrigin } from '../../core/attachments/textParts';
import type { LineRange } from '../../core/attachments/textParts';
import type { PendingAttachment } from '../services';

export async function openAttachment(attachment: PendingAttachment, notice: (message: string) => void): Promise<void> {
  const { record } = attachment;
  const origin = attachmentOrigin(record.kind, record.detail);
  const uri = origin ? await existingFile(origin.path) : undefined;
  const isText = record.kind === 'selection' || record.kind === 'text';
  if (uri && isText) {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, ...(origin?.lines ? { selection: rangeOf(document, origin.lines) } : {}) });
    return;
  }
  if (uri) {
    await vscode.commands.executeCommand('vscode.open', uri);
    return;
  }
  const sent = attachment.parts.map((p) => p.text ?? '').join('');
  if (isText && sent) {
    const document = await vscode.workspace.openTextDocument({ content: sent, language: 'markdown' });
    await vscode.window.showTextDocument(document, { preview: true });
    return;
  }
  const where = origin ? vscode.l10n.t('it is no longer at {0}', origin.path) : vscode.l10n.t('it did not come from a file');
  const keep = record.kind === 'image' ? vscode.l10n.t('Export Chat as Markdown writes the image that was sent beside the export.') : vscode.l10n.t('The chat keeps the copy that was sent.');
  notice(vscode.l10n.t('“{0}” cannot be opened: {1}. {2}', record.label, where, keep));
}

/** The file at `displayPath` (absolute, or relative to a workspace folder, led by its name when there are several). */
async function existingFile(displayPath: string): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const candidates = path.isAbsolute(displayPath)
    ? [vscode.Uri.file(displayPath)]
    : folders.flatMap((f) => {
        const [first, ...rest] = displayPath.split('/');
        return [vscode.Uri.joinPath(f.uri, displayPath), ...(folders.length > 1 && first === f.name && rest.length ? [vscode.Uri.joinPath(f.uri, ...rest)] : [])];
      });
  for (const uri of candidates) {
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) return uri;
    } catch {
      // not there: the next candidate
    }
  }
  return undefined;
}

function rangeOf(document: vscode.TextDocument, lines: LineRange): vscode.Range {
  const last = Math.min(lines.endLine, document.lineCount) - 1;
  const first = Math.min(lines.startLine - 1, last);
  return new vscode.Range(first, 0, last, document.lineAt(last).text.length);
}
