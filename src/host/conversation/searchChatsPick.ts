// Search Chats…: a QuickPick over every message of every chat in the workspace. Transcripts are loaded
// once when the picker opens; each keystroke searches them in memory. Choosing a result opens that
// chat scrolled to that exchange.
import * as vscode from 'vscode';
import { searchChats, type SearchHit } from '../../core/search/searchChats';
import type { ChatRecord } from '../../core/transcript';
import type { HostServices } from '../services';
import { asTyped } from '../pickText';

interface HitItem extends vscode.QuickPickItem {
  /** Absent on the row that says nothing matched. */
  hit?: SearchHit;
}

async function loadAll(services: HostServices): Promise<ChatRecord[]> {
  const chats: ChatRecord[] = [];
  for (const entry of await services.store.list()) {
    const chat = await services.store.load(entry.id);
    if (chat) chats.push(chat);
  }
  return chats;
}

export async function searchChatsCommand(services: HostServices): Promise<void> {
  const pick = vscode.window.createQuickPick<HitItem>();
  pick.placeholder = 'Search every message of every chat';
  // The items are already the search's results: the QuickPick's own filter would hide most of them.
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  pick.busy = true;
  /** Undefined until every chat is read (closing the picker meanwhile must still end the command). */
  let chats: ChatRecord[] | undefined;
  const update = (query: string): void => {
    if (!chats) return;
    const hits = searchChats(chats, query, { limit: 50 });
    // The chat goes on the detail line: as a description it sat after the long snippet, out of sight.
    pick.items = hits.map((hit) => ({
      label: asTyped(hit.snippet),
      detail: asTyped(hit.exchangeIndex === undefined ? `${hit.chatTitle} · the chat's title` : `${hit.chatTitle} · ${hit.side === 'user' ? 'You' : 'Gemini'}, exchange ${hit.exchangeIndex + 1}`),
      alwaysShow: true,
      hit,
    }));
    if (chats.length === 0) pick.items = [{ label: 'There are no saved chats yet: send a message first.', alwaysShow: true }];
    else if (hits.length === 0 && query.trim()) pick.items = [{ label: asTyped(`No message matches "${query.trim()}"`), alwaysShow: true }];
  };
  const done = new Promise<HitItem | undefined>((resolve) => {
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      if (chats) resolve(pick.selectedItems[0]);
    });
    pick.onDidHide(() => resolve(undefined));
  });
  pick.show();
  loadAll(services).then(
    (loaded) => {
      chats = loaded;
      update(pick.value);
    },
    (err: unknown) => {
      pick.items = [{ label: `Could not read the chats: ${(err as Error).message}`, alwaysShow: true }];
    },
  ).finally(() => (pick.busy = false));
  const chosen = await done;
  pick.dispose();
  if (chosen?.hit) await services.chats.open(chosen.hit.chatId, chosen.hit.exchangeId, chosen.hit.side);
}
