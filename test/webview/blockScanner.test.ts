// The streaming block splitter, in plain Node: however the text is cut into chunks, the blocks it
// settles add up to the text, and rendering them one by one gives what rendering the whole gives.
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { BlockScanner } from '../../webview-ui/src/markdown/blockScanner';

const md = new MarkdownIt({ html: false, linkify: true });

/** Feeds `text` in pieces of `size`, the way the webview does, and returns the settled blocks plus the tail. */
function stream(text: string, size: number): string[] {
  const scanner = new BlockScanner();
  const blocks: string[] = [];
  let open = '';
  for (let i = 0; i < text.length; i += size) {
    open += text.slice(i, i + size);
    let consumed = 0;
    for (const boundary of scanner.feed(open)) {
      blocks.push(open.slice(consumed, boundary));
      consumed = boundary;
    }
    open = open.slice(consumed);
    scanner.rebase(consumed);
  }
  return [...blocks, open];
}

const DOCS: Record<string, string> = {
  prose: '# Title\n\nFirst paragraph\nstill first.\n\nSecond paragraph.\n\n> a quote\n> more\n\nEnd.',
  fences: 'Intro:\n\n```ts\nconst a = 1;\n\n\nconst b = 2;\n```\nAfter the fence.\n\n~~~\n```\nnot a close\n~~~\n\nDone.',
  headings: '## One\nText under one.\n## Two\nText under two.\n\n---\n\nTail',
  table: '| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nAfter.',
  nested: '- item\n\n  continued inside the item\n\n  ```\n  code in item\n\n  more code\n  ```\n\nOutside.',
  setext: 'Heading\n=======\n\nPara\n---\n\nx',
};

describe('webview: block scanner', () => {
  for (const [name, text] of Object.entries(DOCS)) {
    it(`settles "${name}" into blocks that render like the whole`, () => {
      for (const size of [1, 2, 3, 7, 64, text.length]) {
        const blocks = stream(text, size);
        assert.equal(blocks.join(''), text);
        assert.equal(blocks.map((b) => md.render(b)).join(''), md.render(text), `chunk size ${size}`);
      }
    });
  }

  it('splits a long list item by item and a long answer into many blocks', () => {
    const list = Array.from({ length: 50 }, (_, i) => `- item ${i}\n`).join('');
    assert.equal(stream(list, 5).length, 50);
    const long = Array.from({ length: 200 }, (_, i) => `Paragraph ${i}.`).join('\n\n');
    assert.equal(stream(long, 13).length, 200);
  });

  it('never splits inside a fence that is still open', () => {
    const text = 'Before\n\n```\nline 1\n\nline 2\n\nline 3\n';
    const blocks = stream(text, 4);
    assert.deepEqual(blocks, ['Before\n\n', '```\nline 1\n\nline 2\n\nline 3\n']);
  });
});
