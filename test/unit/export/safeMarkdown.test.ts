import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { exportFileName } from '../../../src/core/export/exportFileName';
import { fenceFor, fencedBlock } from '../../../src/core/export/fence';
import { safeMarkdown } from '../../../src/core/export/safeMarkdown';

const render = (md: string): string => new MarkdownIt({ html: true }).render(md);

describe('safe Markdown for exports', () => {
  it('leaves ordinary Markdown, code spans and autolinks as they are', () => {
    const text = '# Title\n\n- a **b** `x < y` and `` a ` b <i> ``\n\n> quote with <https://example.com/a?b=1>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
    assert.equal(safeMarkdown(text), text);
  });

  it('keeps fenced and indented code byte for byte, also inside lists and quotes', () => {
    const text = '1. step\n\n   ```html\n   <img src=x>\n   ```\n\n> ~~~\n> <script>\n> ~~~\n\n    <b>indented</b>\n';
    assert.equal(safeMarkdown(text), text);
  });

  it('escapes every raw HTML tag outside code, so none renders', () => {
    const hostile = '<img src="https://evil/a.png">\n\n<picture><source srcset="https://evil/b.png"></picture> <svg onload=alert(1)>\n\n<video poster="https://evil/c.png"></video> a <b>bold</b> `ok`';
    const html = render(safeMarkdown(hostile));
    assert.doesNotMatch(html, /<(img|picture|source|svg|video|b)\b/);
    assert.ok(html.includes('&lt;svg onload=alert(1)&gt;'));
  });

  it('turns inline and reference images into links, keeping every character', () => {
    const out = safeMarkdown('![a](https://evil/x.png) [![b][r]](https://ok/) \\![c](d)\n\n[r]: https://evil/y.png');
    const html = render(out);
    // A link cannot hold a link, so the outer brackets of the linked image show as text.
    assert.equal(html, '<p>!<a href="https://evil/x.png">a</a> [!<a href="https://evil/y.png">b</a>](https://ok/) !<a href="d">c</a></p>\n');
  });

  it('makes fences longer than any backtick run they hold', () => {
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('a ```` b'), '`````');
    assert.equal(fencedBlock('x ```\n', 'type script`'), '````typescript\nx ```\n````\n');
    const html = render(fencedBlock('```\n<img src=x>\n```', 'md'));
    assert.ok(html.includes('<code class="language-md">```\n&lt;img src=x&gt;\n```\n</code>'));
  });

  it('names exports after the chat, without characters a file name cannot hold', () => {
    assert.equal(exportFileName('Why does add() fail?', 'md'), 'Why does add() fail.md');
    assert.equal(exportFileName('a/b: why?', 'md'), 'a-b- why.md');
    assert.equal(exportFileName('../../etc/passwd', 'json'), 'etc-passwd.json');
    assert.equal(exportFileName('  ', 'md'), 'chat.md');
    assert.equal(exportFileName('Why does `add()` fail in #12 and…', 'md'), 'Why does add() fail in 12 and.md');
    assert.equal(exportFileName('## Why does `total()` in C# fail', 'md'), 'Why does total() in C# fail.md');
  });
});
