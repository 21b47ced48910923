// Opens what a chip stands for: the file it came from (a selection at its lines) when it is still in
// the workspace; otherwise the copy that was sent (text, an image, any file the chat kept the bytes
// of), read-only, in the editor VS Code has for it. Only a file the chat has no bytes of (a reference
// in an imported history) gets a notice instead.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { attachmentOrigin } from '../../core/attachments/textParts';
import type { LineRange } from '../../core/attachments/textParts';
import { resolveWorkspaceFile } from '../../core/attachments/workspaceFile';
import type { PendingAttachment } from '../services';
import { workspaceRoots } from './workspaceRoots';

/**
 * Copies as sent are served read-only under this scheme (an untitled editor would ask to be saved when
 * it is closed), each while an editor shows it.
 */
const SENT_SCHEME = 'gemini-chat-sent';

class SentCopies implements vscode.FileSystemProvider {
  private readonly copies = new Map<string, Uint8Array>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  keep(uri: vscode.Uri, bytes: Uint8Array): void {
    this.copies.set(uri.toString(), bytes);
  }

  /** Drops the copies whose last editor was closed. */
  forgetClosed(closed: readonly vscode.Tab[]): void {
    const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map(tabUri));
    for (const uri of closed.map(tabUri)) if (uri && !open.has(uri)) this.copies.delete(uri);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.read(uri).byteLength, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.read(uri);
  }

  private read(uri: vscode.Uri): Uint8Array {
    const bytes = this.copies.get(uri.toString());
    if (!bytes) throw vscode.FileSystemError.FileNotFound(uri);
    return bytes;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

function tabUri(tab: vscode.Tab): string | undefined {
  const input = tab.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri.toString() : undefined;
}

const sentCopies = new SentCopies();

export function registerSentCopies(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerFileSystemProvider(SENT_SCHEME, sentCopies, { isReadonly: true, isCaseSensitive: true }),
    vscode.window.tabGroups.onDidChangeTabs((e) => sentCopies.forgetClosed(e.closed)),
  );
}

/** "photo.png" → "/photo (as sent).png": the name says what it is, the extension picks the editor. */
function sentCopyUri(label: string, id: string, extension?: string): vscode.Uri {
  const name = label.replace(/[\\/]/g, '_');
  const dot = name.lastIndexOf('.');
  const [stem, ext] = extension !== undefined || dot <= 0 ? [name, extension ?? ''] : [name.slice(0, dot), name.slice(dot)];
  return vscode.Uri.from({ scheme: SENT_SCHEME, path: `/${stem} (as sent)${ext}`, query: id });
}

/**
 * `readKept`: the bytes the chat keeps by their sha256 (a file that went through the Files API has no
 * inline copy in the message).
 */
export async function openAttachment(attachment: PendingAttachment, notice: (message: string) => void, readKept: (sha256: string) => Promise<Uint8Array | undefined>): Promise<void> {
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
    const shown = sentCopyUri(record.label, record.id, '.md');
    sentCopies.keep(shown, Buffer.from(sent));
    await vscode.window.showTextDocument(shown, { preview: true });
    return;
  }
  const bytes = isText ? undefined : await sentBytes(attachment, readKept);
  if (bytes) {
    const shown = sentCopyUri(record.label, record.id);
    sentCopies.keep(shown, bytes);
    await vscode.commands.executeCommand('vscode.open', shown, { preview: true });
    return;
  }
  const where = origin ? vscode.l10n.t('{0} is not a file in this workspace', origin.path) : vscode.l10n.t('it did not come from a file');
  notice(vscode.l10n.t('“{0}” cannot be opened: {1}, and this chat has only a reference to it, not its bytes.', record.label, where));
}

/** The bytes of a file as sent: inline in the message, kept beside the chat, or (unsent) in the box. */
async function sentBytes(attachment: PendingAttachment, readKept: (sha256: string) => Promise<Uint8Array | undefined>): Promise<Uint8Array | undefined> {
  const inline = attachment.parts.find((p) => p.inlineData)?.inlineData?.data;
  if (inline) return Buffer.from(inline, 'base64');
  if (attachment.bytes) return attachment.bytes;
  return attachment.record.sha256 ? readKept(attachment.record.sha256).catch(() => undefined) : undefined;
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
