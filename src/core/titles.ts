// A chat's title comes from its first message: the first non-empty line, shortened.
import type { ExchangeRecord } from './transcript';

export const NEW_CHAT_TITLE = 'New Chat';
const MAX = 60;

export function titleFrom(text: string, fallback?: string): string {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0);
  const base = (line ?? fallback ?? NEW_CHAT_TITLE).replace(/\s+/g, ' ');
  if (base.length <= MAX) return base;
  // Cut at the last space in the last third, so no word is cut in two (unless one word is that long).
  const cut = base.slice(0, MAX - 1);
  const space = base[MAX - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space > (MAX * 2) / 3 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The title of a chat imported beside others: its own, or marked imported (and numbered) when a chat is
 * already listed under it, so the two can be told apart. A title marked so already (an imported chat
 * exported and imported again) is numbered on rather than marked twice.
 */
export function importedTitle(title: string, taken: ReadonlySet<string>): string {
  if (!taken.has(title)) return title;
  const base = title.replace(/ \(imported(?: \d+)?\)$/, '');
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base} (imported)` : `${base} (imported ${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A message named in a question or a notice: its text (or its files' names), shortened. */
export function shortQuestion(exchange: Readonly<ExchangeRecord>): string {
  const text = exchange.text.trim() || exchange.attachments.map((a) => a.label).join(', ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
