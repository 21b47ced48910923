// Two VS Code windows on one workspace can both add turns to the same chat. Before writing a chat
// file the store re-reads it and merges by exchange id, so neither window's turns are lost: the union
// of both, minus every exchange either side removed, in creation order. For an exchange both sides
// hold, the copy with the higher `rev` wins (the window that changes an exchange raises it); on a tie,
// the writer's copy.
import type { ChatRecord, ExchangeRecord } from '../transcript';

export function mergeChats(onDisk: ChatRecord, mine: ChatRecord): ChatRecord {
  const removed = new Set([...(onDisk.removedExchangeIds ?? []), ...(mine.removedExchangeIds ?? [])]);
  const byId = new Map<string, ExchangeRecord>();
  for (const e of onDisk.exchanges) byId.set(e.id, e);
  for (const e of mine.exchanges) {
    const theirs = byId.get(e.id);
    if (!theirs || (e.rev ?? 0) >= (theirs.rev ?? 0)) byId.set(e.id, e);
  }
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

/** True when `merged` differs from what `mine` holds: exchanges added, newer, or removed by another window. */
export function changedByOthers(mine: ChatRecord, merged: ChatRecord): boolean {
  if (merged.exchanges.length !== mine.exchanges.length) return true;
  const own = new Set(mine.exchanges);
  return merged.exchanges.some((e) => !own.has(e));
}
