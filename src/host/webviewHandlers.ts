// What the host does for each (already checked) message from the webview. The table is typed by
// Handlers<WebviewToHost>, so a message type without a handler fails the type check.
import * as vscode from 'vscode';
import type { Handlers, UserAction, WebviewToHost } from '../shared/protocol';
import type { HostRuntime } from './hostRuntime';
import { deleteChat, renameChat, rewindTo, selectModel, setApiKey } from './chatCommands';
import { COMMAND_IDS } from './contributions';
import { isOpenableLink } from './openableLink';
import { findWorkspaceFile, parseWorkspaceLink } from './workspaceLink';
import { openAttachment } from './editorContext/openAttachment';
import { workspaceRoots } from './editorContext/workspaceRoots';

export function createWebviewHandlers(rt: HostRuntime): Handlers<WebviewToHost, unknown> {
  const c = rt.controller;
  const ready = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    await rt.ready;
    return fn();
  };
  // A dialog or input box opened from the view takes the focus, and VS Code gives it to the editor when
  // it closes. It comes back to the view: to the message box once the dialog did its work, to the button
  // that opened it when the user cancelled.
  const thenBack = async (dialog: Promise<boolean>): Promise<void> => {
    const done = await dialog;
    await rt.view.reveal(true);
    if (done) c.focusComposer();
    else c.returnFocus();
  };
  const noAttachments = () => c.notice('info', vscode.l10n.t('Adding files is not available yet.'));
  return {
    'webview/ready': () => ready(() => c.postSnapshot()),
    'snapshot/request': () => ready(() => c.postSnapshot()),
    'prompt/send': (m) => ready(() => c.send(m.text, m.at)),
    'prompt/stop': () => c.stop(),
    'composer/draft': (m) => ready(() => c.keepDraft(m.chatId, m.text, m.at)),
    'attachment/pick': () => (rt.attachmentSource ? thenBack(rt.attachmentSource.pick()) : noAttachments()),
    'attachment/remove': (m) => c.removeAttachment(m.id),
    'attachment/open': (m) =>
      ready(async () => {
        const attachment = c.attachment(m.id, m.exchangeId);
        if (attachment) await openAttachment(attachment, (message) => c.notice('info', message), (sha) => rt.store.readAttachment(sha));
      }),
    'attachment/bytes': (m) =>
      rt.attachmentSource ? rt.attachmentSource.fromBytes(m.name, m.mimeType, Buffer.from(m.base64, 'base64')) : noAttachments(),
    'attachment/uris': (m) => (rt.attachmentSource ? rt.attachmentSource.fromUris(m.uris) : noAttachments()),
    'turn/retry': (m) => ready(() => c.retry(m.exchangeId)),
    'turn/regenerate': (m) => ready(() => c.regenerate(m.exchangeId)),
    'turn/rewind': (m) => thenBack(rewindTo(rt, m.exchangeId)),
    'turn/edit': (m) => ready(() => c.edit(m.exchangeId)),
    'turn/candidate': (m) => ready(() => c.selectCandidate(m.exchangeId, m.index)),
    'edit/cancel': () => c.cancelEdit(),
    // As the command does: the keyboard goes to the new chat's message box.
    'chat/new': () =>
      ready(async () => {
        await c.newChat();
        c.focusComposer();
      }),
    'chat/switch': (m) => ready(() => c.switchTo(m.chatId)),
    'chat/rename': (m) => thenBack(renameChat(rt, m.chatId)),
    'chat/delete': (m) => thenBack(deleteChat(rt, m.chatId)),
    'link/open': async (m) => {
      if (isOpenableLink(m.href)) {
        await vscode.env.openExternal(vscode.Uri.parse(m.href, true));
        return;
      }
      const link = parseWorkspaceLink(m.href);
      if (!link) {
        rt.log.warn('refused to open a link that is not http(s), mailto or a path');
        c.notice('warning', vscode.l10n.t('Only web and mail links, and links to files of this workspace, can be opened from the chat.'));
        return;
      }
      const found = await findWorkspaceFile(link, workspaceRoots().map((root) => root.path));
      if (!found || found.folder) {
        c.notice('info', found ? vscode.l10n.t('“{0}” is a folder: a link from the chat opens a file.', link.path) : vscode.l10n.t('“{0}” is not a file of this workspace, so the link cannot open it.', link.path));
        return;
      }
      // A line: the cursor at its start; lines: all of them selected.
      const lines = link.lines && new vscode.Range(link.lines.start - 1, 0, link.lines.end > link.lines.start ? link.lines.end : link.lines.start - 1, 0);
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(found.path), { preview: true, ...(lines ? { selection: lines } : {}) });
    },
    'code/copy': async (m) => {
      await vscode.env.clipboard.writeText(m.code);
    },
    'code/insert': async (m) => {
      const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
      if (!editor) {
        c.notice('info', vscode.l10n.t('Open a file in an editor first, then Insert at Cursor.'));
        return;
      }
      // At every cursor, the code's lines indented as the line each goes into, and the cursor after it
      // rather than the code left selected. A code block's text ends with its last line's end: not
      // inserted, so the line the cursor is on goes on after the code.
      const lines = m.code.replace(/\r?\n$/, '').split(/\r?\n/);
      const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      const inserted = await editor
        .edit((edit) => {
          for (const selection of editor.selections) {
            const indent = /^[ \t]*/.exec(editor.document.lineAt(selection.start.line).text)?.[0] ?? '';
            edit.replace(selection, lines.map((line, i) => (i === 0 || line === '' ? line : indent + line)).join(eol));
          }
        })
        .then(
          (done) => done,
          (err: unknown) => {
            rt.log.warn(`Insert at Cursor: the edit failed: ${(err as Error).message}`);
            return false;
          },
        );
      if (!inserted) {
        c.notice('info', vscode.l10n.t('Nothing was inserted: the editor did not take the change (it may be read-only).'));
        return;
      }
      editor.selections = editor.selections.map((selection) => new vscode.Selection(selection.end, selection.end));
    },
    'action/run': (m) => {
      if (m.action === 'setApiKey') return thenBack(setApiKey(rt));
      if (m.action === 'selectModel') return thenBack(selectModel(rt));
      return runAction(rt, m.action);
    },
  };
}

/** The actions that do not open a dialog. */
async function runAction(rt: HostRuntime, action: Exclude<UserAction, 'setApiKey' | 'selectModel'>): Promise<void> {
  switch (action) {
    case 'retry': {
      await rt.ready;
      const last = rt.controller.shownChat.exchanges.at(-1);
      if (last) await rt.controller.retry(last.id);
      return;
    }
    case 'useSettings':
      await rt.ready;
      await rt.controller.useCurrentSettings();
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:gemini-chat.gemini-chat');
      return;
    case 'showLogs':
      await vscode.commands.executeCommand(COMMAND_IDS.showLogs);
      return;
  }
}
