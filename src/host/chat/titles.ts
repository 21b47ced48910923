// A chat's title comes from its first message: the first non-empty line, shortened.
export const NEW_CHAT_TITLE = 'New Chat';
const MAX = 60;

export function titleFrom(text: string, fallback?: string): string {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0);
  const base = (line ?? fallback ?? NEW_CHAT_TITLE).replace(/\s+/g, ' ');
  return base.length > MAX ? `${base.slice(0, MAX - 1).trimEnd()}…` : base;
}
