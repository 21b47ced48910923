// Composer attachments ↔ the exchange they were sent with. An attachment's parts come first in the
// user Content, in attachment order, before the typed text; `partCount` on each record says how many
// are its own, so an edit gives every attachment back whole.
import type { ExchangeRecord, AttachmentRecord } from '../../core/transcript';
import type { Content, Part } from '../../core/types';
import type { PendingAttachment } from '../services';
import { inlinePartRecord } from '../../core/attachments/inlinePartRecord';

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

/**
 * Inline data after the attachments' parts has no record: a message from an SDK history (a question,
 * then its image). It counts as an attachment too, so the message shows it and an edit keeps it.
 */
function unrecorded(exchange: ExchangeRecord): { record: AttachmentRecord; part: Part }[] {
  // Records without part counts (written before they were kept) cannot say where their parts end.
  if (exchange.attachments.some((a) => a.partCount === undefined)) return [];
  const from = exchange.attachments.reduce((n, a) => n + (a.partCount ?? 0), 0);
  const found: { record: AttachmentRecord; part: Part }[] = [];
  exchange.user.parts.slice(from).forEach((part, i) => {
    const record = inlinePartRecord(part, `${exchange.id}-part-${from + i}`, exchange.attachments.length + found.length + 1);
    if (record) found.push({ record, part });
  });
  return found;
}

/** The records of every attachment of an exchange's message: the chips it shows. */
export function attachmentRecordsOf(exchange: ExchangeRecord): AttachmentRecord[] {
  return [...exchange.attachments, ...unrecorded(exchange).map((u) => u.record)];
}

export function attachmentsOf(exchange: ExchangeRecord): PendingAttachment[] {
  let at = 0;
  const recorded = exchange.attachments.map((record) => {
    const count = record.partCount ?? 0;
    const parts = exchange.user.parts.slice(at, at + count).map(clone);
    at += count;
    return { record: clone(record), parts };
  });
  return [...recorded, ...unrecorded(exchange).map(({ record, part }) => ({ record, parts: [clone(part)] }))];
}
