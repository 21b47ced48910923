// Two VS Code windows on one workspace can both add turns to the same chat. Before writing a chat
// file the store re-reads it and merges by exchange id, so neither window's turns are lost: the union
// of both, minus every exchange either side removed, in creation order. For an exchange both sides
// hold, the writer's copy wins (an exchange is only ever changed by the window that made it).
import type { ChatRecord, ExchangeRecord } from '../transcript';

export function mergeChats(onDisk: ChatRecord, mine: ChatRecord): ChatRecord {
  const removed = new Set([...(onDisk.removedExchangeIds ?? []), ...(mine.removedExchangeIds ?? [])]);
  const byId = new Map<string, ExchangeRecord>();
  for (const e of onDisk.exchanges) byId.set(e.id, e);
  for (const e of mine.exchanges) byId.set(e.id, e);
  const order = new Map<string, number>();
  // Stable order: mine first as I see it, then theirs, sorted by creation time.
  [...mine.exchanges, ...onDisk.exchanges].forEach((e, i) => {
    if (!order.has(e.id)) order.set(e.id, i);
  });
  const exchanges = [...byId.values()]
    .filter((e) => !removed.has(e.id))
    .sort((a, b) => a.createdAt - b.createdAt || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return {
    ...mine,
    exchanges,
    updatedAt: Math.max(onDisk.updatedAt, mine.updatedAt),
    ...(removed.size > 0 ? { removedExchangeIds: [...removed] } : {}),
  };
}

/** True when `merged` holds exchanges `mine` did not (another window added or changed them). */
export function gainedExchanges(mine: ChatRecord, merged: ChatRecord): boolean {
  const ids = new Set(mine.exchanges.map((e) => e.id));
  return merged.exchanges.some((e) => !ids.has(e.id));
}
