// The commands' user interface (quick picks, input boxes, confirmations), shared by the command
// palette, the view's title bar and the webview's buttons.
import * as vscode from 'vscode';
import type { HostRuntime } from './hostRuntime';
import { COMMAND_IDS } from './contributions';
import { validateApiKeyInput } from './credentials';
import { pickModel } from './modelPicker';
import { readSettings, SECTION } from './settings';
import { confirm } from './confirm';
import { shortQuestion } from '../core/titles';
import { asTyped } from './pickText';

interface ChatItem extends vscode.QuickPickItem {
  id: string;
}

function chatItems(rt: HostRuntime): ChatItem[] {
  const active = rt.controller.activeChatId;
  return rt.store.list().map((c) => ({
    id: c.id,
    label: asTyped(c.title),
    description: `${c.model}${c.id === active ? ` · ${vscode.l10n.t('open')}` : ''}${rt.controller.isAnswering(c.id) ? ` · ${vscode.l10n.t('answering…')}` : ''}`,
    detail:
      c.exchanges === 1
        ? vscode.l10n.t('1 exchange · {0}', new Date(c.updatedAt).toLocaleString())
        : vscode.l10n.t('{0} exchanges · {1}', c.exchanges, new Date(c.updatedAt).toLocaleString()),
  }));
}

/** The item for the new chat's unsent message (see unsentNewChat): its id is never a chat's. */
const NEW_CHAT_ITEM = ' new chat';

async function unsentNewChatItem(rt: HostRuntime): Promise<ChatItem | undefined> {
  const unsent = await rt.controller.unsentNewChat();
  if (!unsent) return undefined;
  const files = unsent.files === 0 ? '' : unsent.files === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', unsent.files);
  return {
    id: NEW_CHAT_ITEM,
    label: vscode.l10n.t('New Chat'),
    description: vscode.l10n.t('not sent yet'),
    detail: asTyped([unsent.text.length > 80 ? `${unsent.text.slice(0, 79)}…` : unsent.text, files].filter(Boolean).join(' · ')),
  };
}

/**
 * `preferAnother`: the chat highlighted first is the most recent one that is not open (switching to the
 * open one does nothing). `withUnsent`: a new chat's message not sent yet is listed too (to switch to).
 */
async function pickChat(rt: HostRuntime, placeholder: string, preferAnother = false, withUnsent = false): Promise<string | undefined> {
  // Chats another window on this workspace started since this one loaded are listed too.
  await rt.controller.refreshChats();
  const unsent = withUnsent ? await unsentNewChatItem(rt) : undefined;
  const items = [...(unsent ? [unsent] : []), ...chatItems(rt)];
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Gemini Chat: there are no saved chats yet.'));
    return undefined;
  }
  const pick = vscode.window.createQuickPick<ChatItem>();
  pick.items = items;
  pick.placeholder = placeholder;
  pick.matchOnDescription = true;
  const another = preferAnother ? items.find((i) => i.id !== rt.controller.activeChatId && i.id !== NEW_CHAT_ITEM) : undefined;
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.id);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
    if (another) pick.activeItems = [another];
  });
}

export async function switchChat(rt: HostRuntime): Promise<void> {
  await rt.ready;
  const id = await pickChat(rt, vscode.l10n.t('Switch to a chat'), true, true);
  if (!id) return;
  if (id === NEW_CHAT_ITEM) await rt.controller.newChat();
  else await rt.controller.switchTo(id);
  await showChatView(rt);
}

/** After a command from the palette changed the open chat: the view shows it, ready to type in. */
async function showChatView(rt: HostRuntime): Promise<void> {
  await rt.view.reveal(true);
  rt.controller.focusComposer();
}

/** Each dialog below resolves true when the user went ahead, false when they cancelled it. */
export async function renameChat(rt: HostRuntime, chatId?: string): Promise<boolean> {
  await rt.ready;
  const id = chatId ?? rt.controller.activeChatId ?? (await pickChat(rt, vscode.l10n.t('Rename which chat?')));
  if (!id) return false;
  const current = id === rt.controller.shownChat.id ? rt.controller.shownChat.title : rt.store.list().find((c) => c.id === id)?.title;
  const title = await vscode.window.showInputBox({
    title: vscode.l10n.t('Rename Chat'),
    value: current ?? '',
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A chat needs a title.')),
  });
  if (!title?.trim()) return false;
  await rt.controller.rename(id, title);
  return true;
}

export async function deleteChat(rt: HostRuntime, chatId?: string): Promise<boolean> {
  await rt.ready;
  // As Rename: the open chat (the question names it), or a chat picked when the open one is not saved yet.
  const id = chatId ?? rt.controller.activeChatId ?? (await pickChat(rt, vscode.l10n.t('Delete which chat?')));
  if (!id) return false;
  const title = rt.store.list().find((c) => c.id === id)?.title ?? rt.controller.shownChat.title;
  const question = [vscode.l10n.t('Delete the chat "{0}"?', title)];
  if (rt.controller.isAnswering(id)) question.push(vscode.l10n.t('The answer still arriving will be stopped.'));
  else if (rt.controller.isSending(id)) question.push(vscode.l10n.t('The message waiting for its files to upload will not be sent.'));
  const unsent = await rt.controller.unsentIn(id);
  if (unsent) question.push(unsentGoesToo(unsent));
  question.push(vscode.l10n.t('This cannot be undone.'));
  if (!(await confirm(question.join(' '), vscode.l10n.t('Delete')))) return false;
  await rt.controller.delete(id);
  return true;
}

/**
 * "Rewind to here" from the view: a click beside Edit that removes turns for good, so it asks first,
 * saying how many go.
 */
export async function rewindTo(rt: HostRuntime, exchangeId: string): Promise<boolean> {
  await rt.ready;
  // Counted with what other windows added after it: they go too.
  await rt.controller.catchUp();
  const exchanges = rt.controller.shownChat.exchanges;
  const at = exchanges.findIndex((e) => e.id === exchangeId);
  if (at < 0) return false;
  const after = exchanges.length - at - 1;
  const asked = shortQuestion(exchanges[at]!);
  const question =
    after === 0
      ? vscode.l10n.t('Rewind to “{0}”? This exchange is removed from the chat and from what Gemini is sent next. This cannot be undone.', asked)
      : after === 1
        ? vscode.l10n.t('Rewind to “{0}”? This exchange and the one after it are removed from the chat and from what Gemini is sent next. This cannot be undone.', asked)
        : vscode.l10n.t('Rewind to “{0}”? This exchange and the {1} after it are removed from the chat and from what Gemini is sent next. This cannot be undone.', asked, after);
  if (!(await confirm(question, vscode.l10n.t('Rewind')))) return false;
  await rt.controller.rewind(exchangeId);
  return true;
}

/** What a chat's message box holds that deleting the chat loses. */
function unsentGoesToo({ text, files }: { text: string; files: number }): string {
  if (text && files) return files === 1 ? vscode.l10n.t('The message typed in it and its file go too.') : vscode.l10n.t('The message typed in it and its {0} files go too.', files);
  if (text) return vscode.l10n.t('The message typed in it and not sent goes too.');
  return files === 1 ? vscode.l10n.t('The file attached in its message box goes too.') : vscode.l10n.t('The {0} files attached in its message box go too.', files);
}

/** A question as a dialog names it: its first 80 characters, or the files it carried. */
/**
 * Rewind Last Exchange. A finished answer is removed for good, so it asks first, naming the question;
 * an answer still arriving is taken back at once, its question put back in the message box.
 */
export async function rewindLast(rt: HostRuntime): Promise<void> {
  await rt.ready;
  const c = rt.controller;
  await c.catchUp();
  const last = c.shownChat.exchanges.at(-1);
  if (!last) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Gemini Chat: this chat is already empty.'));
    return;
  }
  if (c.answeringExchangeId !== last.id) {
    const question = vscode.l10n.t('Rewind the last exchange? “{0}” and its answer are removed from the chat and from what Gemini is sent next. This cannot be undone.', shortQuestion(last));
    if (!(await confirm(question, vscode.l10n.t('Rewind')))) return;
  }
  // Only what the user was asked about (the chat may have changed while the question was open).
  if (c.shownChat.exchanges.at(-1)?.id !== last.id) return;
  await c.rewindLast();
  await showChatView(rt);
}

export async function setApiKey(rt: HostRuntime): Promise<boolean> {
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('Gemini Chat: Set API Key'),
    prompt: vscode.l10n.t('Your Gemini API key from Google AI Studio. It is kept in VS Code\'s secret storage.'),
    password: true,
    ignoreFocusOut: true,
    validateInput: validateApiKeyInput,
  });
  if (!key) return false;
  await rt.credentials.store(key);
  await rt.refreshCredentials();
  rt.log.info('API key stored in secret storage');
  rt.controller.notice('info', vscode.l10n.t('API key saved.'));
  return true;
}

/** Asks first: a key cleared by a slip of the palette has to be found and pasted again. */
export async function clearApiKey(rt: HostRuntime): Promise<void> {
  const fallback = rt.credentials.environmentSource();
  const cleared = await confirm(
    vscode.l10n.t('Clear the Gemini API key kept in VS Code?'),
    vscode.l10n.t('Clear API Key'),
    fallback
      ? vscode.l10n.t('The key in the {0} environment variable is used instead.', fallback)
      : vscode.l10n.t('Messages cannot be sent until a key is set again (Gemini Chat: Set API Key).'),
  );
  if (!cleared) return;
  await rt.credentials.clear();
  await rt.refreshCredentials();
  rt.log.info('API key removed from secret storage');
  void vscode.window.showInformationMessage(
    fallback
      ? vscode.l10n.t('Gemini Chat: API key cleared. The {0} environment variable is still used.', fallback)
      : vscode.l10n.t('Gemini Chat: API key cleared.'),
  );
}

export async function selectModel(rt: HostRuntime): Promise<boolean> {
  await rt.ready;
  const settings = readSettings();
  const current = rt.controller.shownChat.model || settings.model;
  const model = await pickModel(async (onRetry) => {
    const client = await rt.clients.get();
    if (!client) throw new Error(vscode.l10n.t('no API key set'));
    return client.models.list({ onRetry });
  }, current);
  if (!model) return false;
  // The choice applies to the chat that is open, at once (a Send right after the pick must use it: the
  // settings write can take a while), and becomes the default for new chats.
  await rt.controller.setChatModel(model);
  // Written where it wins: a trusted workspace's own setting would hide a user setting.
  const config = vscode.workspace.getConfiguration(SECTION);
  const inWorkspace = vscode.workspace.isTrusted && config.inspect<string>('model')?.workspaceValue !== undefined;
  await config.update('model', model, inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  return true;
}

export function registerCommands(rt: HostRuntime): vscode.Disposable[] {
  const c = rt.controller;
  const run = (id: string, fn: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await fn(...args);
      } catch (err) {
        rt.log.error(`${id} failed: ${(err as Error).message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Gemini Chat: {0}', (err as Error).message));
      }
    });
  const asId = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return [
    run(COMMAND_IDS.open, async () => {
      await rt.ready;
      await showChatView(rt);
    }),
    run(COMMAND_IDS.newChat, async () => {
      await rt.ready;
      await c.newChat();
      await showChatView(rt);
    }),
    run(COMMAND_IDS.switchChat, () => switchChat(rt)),
    run(COMMAND_IDS.renameChat, (id) => renameChat(rt, asId(id))),
    run(COMMAND_IDS.deleteChat, (id) => deleteChat(rt, asId(id))),
    run(COMMAND_IDS.stop, () => c.stop()),
    run(COMMAND_IDS.rewindLast, () => rewindLast(rt)),
    run(COMMAND_IDS.selectModel, () => selectModel(rt)),
    run(COMMAND_IDS.useSettings, async () => {
      await rt.ready;
      await c.useCurrentSettings();
      await showChatView(rt);
    }),
    run(COMMAND_IDS.setApiKey, () => setApiKey(rt)),
    run(COMMAND_IDS.clearApiKey, () => clearApiKey(rt)),
    run(COMMAND_IDS.showLogs, () => rt.log.show()),
  ];
}
