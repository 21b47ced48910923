// The workspace's small index of chats, kept in workspaceState. It holds only what lists need (no
// message text), so it stays a few hundred bytes per chat: VS Code re-serializes the whole
// workspaceState on every update.
import type { ChatRecord } from '../transcript';

export interface ChatIndexEntry {
  id: string;
  title: string;
  model: string;
  createdAt: number;
  updatedAt: number;
  exchanges: number;
}

export interface StoredIndex {
  version: 1;
  chats: ChatIndexEntry[];
  activeChatId?: string;
}

export const INDEX_KEY = 'geminiChat.index';
export const MAX_TITLE_LENGTH = 120;

export function emptyIndex(): StoredIndex {
  return { version: 1, chats: [] };
}

/** Reads a stored index defensively: state written by another version must not break activation. */
export function readIndex(value: unknown): StoredIndex {
  if (!value || typeof value !== 'object') return emptyIndex();
  const v = value as Partial<StoredIndex>;
  if (v.version !== 1 || !Array.isArray(v.chats)) return emptyIndex();
  const chats = v.chats.filter(
    (c): c is ChatIndexEntry =>
      !!c && typeof c.id === 'string' && typeof c.title === 'string' && typeof c.updatedAt === 'number',
  );
  return { version: 1, chats, ...(typeof v.activeChatId === 'string' ? { activeChatId: v.activeChatId } : {}) };
}

export function indexEntryOf(chat: ChatRecord): ChatIndexEntry {
  return {
    id: chat.id,
    title: chat.title.slice(0, MAX_TITLE_LENGTH),
    model: chat.model,
    createdAt: chat.createdAt,
    updatedAt: chat.updatedAt,
    exchanges: chat.exchanges.length,
  };
}

export function sortedNewestFirst(entries: ChatIndexEntry[]): ChatIndexEntry[] {
  return [...entries].sort((a, b) => b.updatedAt - a.updatedAt);
}
