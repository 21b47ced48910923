// A question in the Markdown export reads as the chat view shows it: rendered by a Markdown viewer, it
// is the text as typed, line by line, whatever markup characters it holds.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { plainTextMarkdown } from '../../../src/core/export/plainText';

// With raw HTML on and GitHub's tables and strikethrough, as a permissive viewer would render it.
const md = new MarkdownIt({ html: true });

/** What a reader sees of the rendered HTML: paragraphs apart by a blank line, line breaks as breaks. */
function seen(markdown: string): string {
  const html = md.render(markdown).trim();
  assert.doesNotMatch(html, /<(?!\/?p>|br>)/, `only paragraphs and breaks: ${html}`);
  return html
    .replace(/<br>\n/g, '\n')
    .replace(/<\/p>\n<p>/g, '\n\n')
    .replace(/<\/?p>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The text as the view shows it, less what no paragraph keeps: blank runs, trailing spaces. */
function expected(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((l) => l.trimEnd().replace(/^[ \t]+/, (ws) => '\u00a0'.repeat(ws.replace(/\t/g, '    ').length)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, ''); // (not trim(): it takes no-break spaces too)
}

describe('a typed message in the Markdown export', () => {
  it('keeps its line breaks, and its hashes, stars, angle brackets and backticks as typed', () => {
    const text = 'Compare the two diagrams.\nWhich checklist item in notes.txt is missing?\n\n# Not a heading, I typed a hash\n*stars* and <b>tags</b> and `ticks`\n1. not a list\n- nor this\n    not code';
    assert.equal(seen(plainTextMarkdown(text)), expected(text));
    assert.match(seen(plainTextMarkdown(text)), /^Compare the two diagrams\.\nWhich checklist/);
  });

  it('renders back to the text typed, for any text made of markup characters', () => {
    const chars = fc.constantFrom(...'ab1;x \t\n\\`*_[]()<>|~&#!-+=.:)"\'/'.split(''), 'http://x.y', '&amp;', '<!--', '```', '1.', '***');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        assert.equal(seen(plainTextMarkdown(text)), expected(text));
      }),
      { numRuns: 2000 },
    );
  });
});
