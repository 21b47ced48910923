// Composer attachments ↔ the exchange they were sent with. An attachment's parts come first in the
// user Content, in attachment order, before the typed text; `partCount` on each record says how many
// are its own, so an edit gives every attachment back whole.
import type { ExchangeRecord, AttachmentRecord } from '../../core/transcript';
import type { Content, Part } from '../../core/types';
import type { PendingAttachment } from '../services';

const clone = <T>(v: T): T => structuredClone(v);

export function userContentOf(text: string, attachments: PendingAttachment[]): { user: Content; records: AttachmentRecord[] } {
  const parts: Part[] = [];
  const records: AttachmentRecord[] = [];
  for (const a of attachments) {
    parts.push(...a.parts.map(clone));
    records.push({ ...clone(a.record), partCount: a.parts.length });
  }
  if (text.trim()) parts.push({ text });
  return { user: { role: 'user', parts }, records };
}

export function attachmentsOf(exchange: ExchangeRecord): PendingAttachment[] {
  let at = 0;
  return exchange.attachments.map((record) => {
    const count = record.partCount ?? 0;
    const parts = exchange.user.parts.slice(at, at + count).map(clone);
    at += count;
    return { record: clone(record), parts };
  });
}
