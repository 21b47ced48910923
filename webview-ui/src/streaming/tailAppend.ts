// Most chunks of a streamed paragraph only add plain words to it. Rendering the whole open block again
// for them (Markdown, sanitizer, new DOM) costs a frame a few milliseconds, and that cost sits between
// a chunk's arrival and its text on screen. When the new text cannot change how anything before it
// renders, it is added to the paragraph's last text node instead.
//
// Why the result equals a full render: the added text holds none of the characters Markdown gives a
// meaning inline or at a line's start (markdown-it's inline terminators, `|`, line breaks, tabs and
// control characters), so it is one plain text run; it follows a word made of such characters too, so
// no delimiter or escape before it changes its meaning; and no link appears where linkify would make
// one. The tail is rendered in full again before it settles (MarkdownStream.finish), so even a case
// missed here would only show for a moment.
import { md } from '../markdown/markdownIt';

const SYNTAX = /[\p{Cc}!#$%&*+\-:<=>@[\\\]^_`{|}~]/u;

/**
 * The text node showing the end of `shown` (the tail rendered as a lone paragraph) and the text to add
 * to it so that it shows `next`; undefined when `next` needs a full render.
 */
export function plainAppend(tail: HTMLElement, shown: string, next: string): { node: Text; text: string } | undefined {
  if (!shown || next.length <= shown.length || !next.startsWith(shown)) return undefined;
  const added = next.slice(shown.length);
  if (SYNTAX.test(added)) return undefined;
  // A paragraph's trailing spaces (ASCII ones only) are not rendered: they come back in front of the
  // added text.
  const core = shown.replace(/ +$/, '');
  const trailing = shown.slice(core.length);
  const word = core.slice(Math.max(core.lastIndexOf(' '), core.lastIndexOf('\n')) + 1);
  if (!word) return undefined;
  if (SYNTAX.test(word) || md.linkify.test(word + added)) return undefined;
  const paragraph = tail.firstElementChild;
  if (!paragraph || paragraph.tagName !== 'P' || paragraph !== tail.lastElementChild) return undefined;
  const node = paragraph.lastChild;
  if (!(node instanceof Text) || !node.data.endsWith(word)) return undefined;
  return { node, text: (trailing + added).replace(/ +$/, '') };
}
