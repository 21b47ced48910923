// A chat's title comes from its first message: the first non-empty line, shortened.
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
