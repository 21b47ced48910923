import { strict as assert } from 'node:assert';
import { openWebviewPage, type WebviewPage } from '../support/webviewPage';
import { chat, exchange, snapshot } from './builders';

describe('webview: opening a chat', () => {
  let view: WebviewPage;
  beforeEach(async () => (view = await openWebviewPage()));
  afterEach(async () => {
    assert.deepEqual(view.errors(), []);
    await view.close();
  });

  it('says it is ready, then shows the snapshot: title, model, turns as articles', async () => {
    await view.waitForSent('webview/ready');
    const ex = exchange('How do I sort numbers?', { markdown: 'Use `sort` with a comparator:\n\n```ts\n[3, 1, 2].sort((a, b) => a - b);\n```\n\nThat is all.' });
    await view.post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([ex]) }) });
    const page = view.page;
    await page.getByRole('heading', { name: 'Sorting in TypeScript' }).waitFor();
    assert.equal(await page.locator('.chat-model').textContent(), 'gemini-2.5-flash');
    const you = page.getByRole('article', { name: /^You/ });
    const gemini = page.getByRole('article', { name: /^Gemini/ });
    assert.equal(await you.count(), 1);
    assert.equal(await gemini.count(), 1);
    assert.match((await you.innerText()).trim(), /How do I sort numbers\?/);
    const answerText = await gemini.innerText();
    assert.match(answerText, /Use sort with a comparator:/);
    assert.match(answerText, /That is all\./);
    assert.match(await gemini.locator('code.language-ts').innerText(), /\[3, 1, 2\]\.sort/);
    // Highlighted: the keyword-ish tokens are spans.
    assert.ok((await gemini.locator('code.language-ts span').count()) > 0);
  });
});
