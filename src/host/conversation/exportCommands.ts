// Export Chat as Markdown…, Copy Chat as Markdown, Export Chat as JSON…, Import Chat from JSON….
// Files are written through vscode.workspace.fs so they work wherever the workspace lives.
import * as vscode from 'vscode';
import { addUploadedBytes, chatToJson, leftOutNote } from '../../core/export/chatJson';
import { exportFileName } from '../../core/export/exportFileName';
import { importChatFile } from '../../core/export/jsonImport';
import { chatToMarkdown } from '../../core/export/markdownExport';
import type { ChatRecord } from '../../core/transcript';
import { importedTitle } from '../../core/titles';
import type { HostServices } from '../services';
import { asTyped } from '../pickText';

/** A chat export is at most a few MB; anything far larger is not one, and would freeze the host. */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** The open chat, when it has something to export (a new chat has no message yet). */
async function openChat(services: HostServices, doing: 'export' | 'copy' = 'export'): Promise<ChatRecord | undefined> {
  const chat = await services.chats.activeChat();
  if (chat && chat.exchanges.length > 0) return chat;
  void vscode.window.showInformationMessage(`This chat has no messages yet: there is nothing to ${doing}.`);
  return undefined;
}

async function saveTarget(title: string, extension: string, filterName: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = exportFileName(title, extension);
  return vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
    filters: { [filterName]: [extension] },
    saveLabel: 'Export',
    title: `Export “${title}” as ${filterName}`,
  });
}

const utf8 = new TextEncoder();

export async function exportMarkdown(services: HostServices): Promise<void> {
  const chat = await openChat(services);
  if (!chat) return;
  const target = await saveTarget(chat.title, 'md', 'Markdown');
  if (!target) return;
  const docName = target.path.split('/').pop()!.replace(/\.[^.]*$/, '');
  const { markdown, assets } = await chatToMarkdown(chat, {
    exportedAt: Date.now(),
    assetsDir: `${docName}-files`,
    readAttachment: (sha) => services.store.readAttachment(sha),
  });
  const folder = vscode.Uri.joinPath(target, '..');
  for (const asset of assets) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, ...asset.path.split('/')), asset.bytes);
  await vscode.workspace.fs.writeFile(target, utf8.encode(markdown));
  const open = await vscode.window.showInformationMessage(`Exported “${chat.title}” to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
  if (open) await vscode.window.showTextDocument(target);
}

export async function copyMarkdown(services: HostServices): Promise<void> {
  const chat = await openChat(services, 'copy');
  if (!chat) return;
  const { markdown } = await chatToMarkdown(chat, { exportedAt: Date.now() });
  await vscode.env.clipboard.writeText(markdown);
  void vscode.window.showInformationMessage(`Copied “${chat.title}” as Markdown.`);
}

export async function exportJson(services: HostServices): Promise<void> {
  const chat = await openChat(services);
  if (!chat) return;
  const target = await saveTarget(chat.title, 'json', 'JSON');
  if (!target) return;
  const json = chatToJson(chat, Date.now());
  const missing = await addUploadedBytes(json, (sha) => services.store.readAttachment(sha));
  await vscode.workspace.fs.writeFile(target, utf8.encode(`${JSON.stringify(json, null, 2)}\n`));
  const exported = `Exported “${chat.title}” to ${vscode.workspace.asRelativePath(target)}.`;
  // The file holds the conversation as Gemini is sent it: it says what it leaves out.
  const leftOut = leftOutNote(chat);
  const notes = [
    ...(leftOut ? [`${leftOut} Export Chat as Markdown keeps everything shown.`] : []),
    ...(missing.length ? [`The bytes of ${missing.map((label) => `“${label}”`).join(', ')} are no longer kept with the chat: the file refers to Gemini's copy, which expires.`] : []),
  ];
  const open = notes.length
    ? await vscode.window.showWarningMessage([exported, ...notes].join(' '), 'Open')
    : await vscode.window.showInformationMessage(exported, 'Open');
  if (open) await vscode.window.showTextDocument(target);
}

export async function importJson(services: HostServices): Promise<void> {
  const [source] =
    (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { JSON: ['json'] }, openLabel: 'Import', title: 'Import a Chat from JSON' })) ?? [];
  if (!source) return;
  try {
    const { size } = await vscode.workspace.fs.stat(source);
    if (size > MAX_IMPORT_BYTES) throw new Error(`This file is ${Math.round(size / 1024 / 1024)} MB, too large to be a chat export.`);
    // A large export (images inside) takes seconds to read and check: the status bar says so meanwhile.
    const record = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: asTyped(`Importing ${source.path.split('/').pop()}…`) }, async () => {
      const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(source));
      const { chat, files } = importChatFile(text, { defaultModel: services.config.current().model, now: Date.now() });
      for (const bytes of files.values()) await services.store.writeAttachment(bytes);
      return chat;
    });
    // Imported back beside the chat it was exported from, it would be listed twice under one title.
    record.title = importedTitle(record.title, new Set((await services.store.list()).map((c) => c.title)));
    await services.chats.createFrom(record);
    await services.view.reveal(true);
    void vscode.window.showInformationMessage(`Imported “${record.title}” from ${source.path.split('/').pop()}.`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Could not import ${source.path.split('/').pop()}: ${message}`);
  }
}
