// Opens what a chip stands for: the file it came from (a selection at its lines) when it is still in
// the workspace; otherwise the text that was sent, in a read-only editor. An image or other file that
// is not gets a notice: the chat keeps the copy that was sent.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { attachmentOrigin } from '../../core/attachments/textParts';
import type { LineRange } from '../../core/attachments/textParts';
import { resolveWorkspaceFile } from '../../core/attachments/workspaceFile';
import type { PendingAttachment } from '../services';
import { workspaceRoots } from './workspaceRoots';

/**
 * The text of an attachment as it was sent, shown read-only under this scheme: an untitled editor
 * would ask to be saved when it is closed.
 */
const SENT_SCHEME = 'gemini-chat-sent';
const sentTexts = new Map<string, string>();

export function registerSentTextDocuments(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SENT_SCHEME, { provideTextDocumentContent: (uri) => sentTexts.get(uri.toString()) ?? '' });
}

export async function openAttachment(attachment: PendingAttachment, notice: (message: string) => void): Promise<void> {
  const { record } = attachment;
  const origin = attachmentOrigin(record.kind, record.detail);
  const uri = origin ? await workspaceFile(origin.path) : undefined;
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
    const shown = vscode.Uri.from({ scheme: SENT_SCHEME, path: `/${record.label.replace(/[\\/]/g, '_')} (as sent).md`, query: record.id });
    sentTexts.set(shown.toString(), sent);
    await vscode.window.showTextDocument(shown, { preview: true });
    return;
  }
  const where = origin ? vscode.l10n.t('{0} is not a file in this workspace', origin.path) : vscode.l10n.t('it did not come from a file');
  const keep = record.kind === 'image' ? vscode.l10n.t('Export Chat as Markdown writes the image that was sent beside the export.') : vscode.l10n.t('The chat keeps the copy that was sent.');
  notice(vscode.l10n.t('“{0}” cannot be opened: {1}. {2}', record.label, where, keep));
}

/**
 * The file at `displayPath` (absolute, or relative to a workspace folder, led by its name when there
 * are several), if it is in one of the workspace's folders, links resolved. Only there: a chat can be
 * imported, and a chip of someone else's chat must not open a file elsewhere on this machine.
 */
async function workspaceFile(displayPath: string): Promise<vscode.Uri | undefined> {
  const roots = workspaceRoots();
  const candidates = path.isAbsolute(displayPath)
    ? [displayPath]
    : roots.flatMap((root) => {
        const [first, ...rest] = displayPath.split('/');
        return [path.join(root.path, displayPath), ...(roots.length > 1 && first === root.name && rest.length ? [path.join(root.path, ...rest)] : [])];
      });
  for (const candidate of candidates) {
    const found = await resolveWorkspaceFile(candidate, roots).catch(() => undefined);
    if (found?.insideWorkspace) return vscode.Uri.file(found.realPath);
  }
  return undefined;
}

function rangeOf(document: vscode.TextDocument, lines: LineRange): vscode.Range {
  const last = Math.min(lines.endLine, document.lineCount) - 1;
  const first = Math.min(lines.startLine - 1, last);
  return new vscode.Range(first, 0, last, document.lineAt(last).text.length);
}
