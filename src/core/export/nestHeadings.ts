// Headings inside a turn go below the turn's own `## You` / `## Gemini`, so an exported chat's outline
// has one entry per turn: an answer's `## Steps` would otherwise read as a turn of its own. Each
// heading moves down by `levels` (at most to `######`); an underlined (setext) heading becomes a `#`
// one. Found by markdown-it, so a `#` line inside a code block stays as it is.
import MarkdownIt from 'markdown-it';

const parser = new MarkdownIt({ html: true });
/** An ATX heading's hashes, after any container marks before them (`> `, `- `, `1. `). */
const ATX = /^((?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t]*)(#{1,6})(?=[ \t]|$)/;

export function nestHeadings(markdown: string, levels = 2): string {
  const lines = markdown.split('\n');
  const drop = new Set<number>();
  for (const token of parser.parse(markdown, {})) {
    if (token.type !== 'heading_open' || !token.map) continue;
    const level = Math.min(6, Number(token.tag.slice(1)) + levels);
    const [start, end] = token.map;
    if (token.markup.startsWith('#')) {
      lines[start] = lines[start]!.replace(ATX, (_, before: string) => `${before}${'#'.repeat(level)}`);
    } else if (token.level === 0) {
      // Setext: the text lines, then the underline. One `#` line says the same.
      lines[start] = `${'#'.repeat(level)} ${lines.slice(start, end - 1).map((l) => l.trim()).join(' ')}`;
      for (let i = start + 1; i < end; i++) drop.add(i);
    }
  }
  return lines.filter((_, i) => !drop.has(i)).join('\n');
}
