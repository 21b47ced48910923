// A streamed paragraph that only grows by plain words is extended in place (tailAppend.ts): at every
// frame it must show exactly what rendering the same text from scratch shows.
import { strict as assert } from 'node:assert';
import { chat, exchange, snapshot } from './builders';
import { useWebviewPage } from './pageSession';

const TEXTS = [
  'Plain words stream in, one after another, with digits 123 and ⟦unicode⟧ é 漢字 too.',
  'See example.com for more, or www.test.org, or someone@example.com today.',
  'An _under_score and _a_b and *star*s and __x__y end.',
  'Trailing spaces   then more words  \u00a0 and nbsp then done.',
  'Unclosed **bold and `code and [link text](keep going. And <b>tags</b> too.',
  'A hard break  \nnext line, a soft one\n   indented continuation.',
  'Entities &amp; and &copy and \\*escaped\\* stars.',
];
/** Chunk sizes: each cuts the texts at other places. */
const STEPS = [3, 5];

describe('webview: a streamed paragraph extended in place', () => {
  const view = useWebviewPage();

  /** The answer's settled blocks and open tail as HTML (the live-region attributes of a stream aside). */
  const markdownOf = (id: string): Promise<string> =>
    Promise.all(
      ['.md-settled', '.md-tail'].map((part) => view().page.locator(`[data-exchange-id="${id}"] .turn-gemini .markdown ${part}`).evaluate((el) => el.outerHTML.replace(/ aria-[a-z]+="[^"]*"/g, ''))),
    ).then((parts) => parts.join(''));

  /** Streams `text` in pieces of `step` characters; at every frame, the answer must look as `text` so far rendered whole. */
  async function matchesFullRender(text: string, step: number): Promise<void> {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await view().post({ type: 'turn/start', exchange: exchange('q', { status: 'waiting' }, 'ex-a') });
    const streamed: { prefix: string; html: string }[] = [];
    for (let at = 0, seq = 0; at < text.length; at += step, seq++) {
      await view().post({ type: 'turn/chunk', exchangeId: 'ex-a', seq, text: text.slice(at, at + step) });
      await view().nextFrame();
      streamed.push({ prefix: text.slice(0, at + step), html: await markdownOf('ex-a') });
    }
    for (const { prefix, html } of streamed) {
      const whole = exchange('q', { status: 'streaming', markdown: prefix }, 'ex-b');
      await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([whole]), busy: true }) });
      await view().nextFrame();
      assert.equal(html, await markdownOf('ex-b'), `after ${JSON.stringify(prefix.length > 200 ? `${prefix.slice(0, 100)}…(${prefix.length} characters)` : prefix)}`);
    }
  }

  it('shows at every frame what a full render of the same text shows', async () => {
    for (const step of STEPS) for (const text of TEXTS) await matchesFullRender(text, step);
  });

  it('a word that grows long enough to be unwrapped, then to be plain text, looks as a full render at every frame', async () => {
    // 2,000 characters without a space: laid out unwrapped; more than 16 KB: shown as plain text.
    await matchesFullRender(`Some words, then ${'x'.repeat(2_600)}`, 400);
    await matchesFullRender(`Some words, then ${'y'.repeat(18_000)}`, 1_500);
  });

  it('adds plain words to the paragraph on screen rather than building it again', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await view().post({ type: 'turn/start', exchange: exchange('q', { status: 'waiting' }, 'ex-a') });
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-a', seq: 0, text: 'Some *styled* words ' });
    await view().nextFrame();
    const tail = view().page.locator('[data-exchange-id="ex-a"] .md-tail p');
    await tail.evaluate((p) => ((p as unknown as { marked: boolean }).marked = true));
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-a', seq: 1, text: 'and more plain words' });
    await view().nextFrame();
    assert.equal(await tail.innerText(), 'Some styled words and more plain words');
    assert.equal(await tail.evaluate((p) => (p as unknown as { marked?: boolean }).marked === true), true, 'the same paragraph element');
    // Syntax in a chunk renders the paragraph again.
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-a', seq: 2, text: ' and `code`' });
    await view().nextFrame();
    assert.equal(await tail.locator('code').innerText(), 'code');
  });
});
