import { strict as assert } from 'node:assert';
import { chat, exchange, snapshot } from './builders';
import { eventually, useWebviewPage, wheelScrolled } from './pageSession';

describe('webview: streaming an answer', () => {
  const view = useWebviewPage();

  async function startTurn(id = 'ex-stream'): Promise<void> {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await view().post({ type: 'turn/start', exchange: exchange('Tell me about lists', { status: 'waiting' }, id) });
  }

  it('shows each chunk as it arrives, block by block, then the finished answer', async () => {
    await startTurn();
    const page = view().page;
    const gemini = page.getByRole('article', { name: /^Gemini/ });
    await eventually(() => gemini.innerText(), (t) => t.includes('Waiting for Gemini'), 'waiting state');
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 0, text: 'First paragraph, ' });
    await eventually(() => gemini.innerText(), (t) => t.includes('First paragraph,'), 'first chunk shown');
    assert.doesNotMatch(await gemini.innerText(), /Waiting for Gemini/);
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 1, text: 'still going.\n\n- one\n- two\n' });
    await eventually(() => gemini.getByRole('listitem').count(), (n) => n === 2, 'list items shown while streaming');
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 2, text: '\nLast words' });
    await eventually(() => gemini.innerText(), (t) => t.includes('Last words'), 'tail shown');
    // Settled blocks are separate elements (the items settled one by one are one list); the open tail
    // is re-rendered alone.
    const blocks = await gemini.locator('.md-settled .md-block').count();
    assert.equal(blocks, 2, `settled blocks: ${blocks}`);
    assert.equal(await gemini.locator('.md-settled').getByRole('list').count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Stop' }).isVisible(), true);

    await view().post({
      type: 'turn/update',
      seq: 3,
      exchange: exchange('Tell me about lists', { status: 'complete', markdown: 'First paragraph, still going.\n\n- one\n- two\n\nLast words', usage: { prompt: 12, output: 30 } }, 'ex-stream'),
    });
    await eventually(() => gemini.innerText(), (t) => t.includes('Tokens: 12 in · 30 out'), 'usage shown');
    assert.equal((await gemini.innerText()).match(/Last words/g)?.length, 1);
    assert.equal(await page.getByRole('button', { name: 'Stop' }).isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Regenerate' }).count(), 1);
  });

  it('shows a spinning indicator while waiting, and a still one when the reader asks for reduced motion', async () => {
    await startTurn();
    const spinner = view().page.getByRole('progressbar', { name: 'Waiting' });
    const animation = (): Promise<string> => spinner.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { animationName: string } }).getComputedStyle(el).animationName);
    assert.equal(await animation(), 'codicon-spin');
    await view().page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await animation(), 'none');
  });

  it('while text arrives the page rests between chunks: nothing animates (the spinner is put away) and no frame is asked for, so the next chunk is drawn at once', async () => {
    // A running animation or a frame callback every frame keeps the page drawing at every vsync; a
    // chunk then waits for the next one instead of being drawn as soon as it comes.
    await startTurn();
    const page = view().page;
    // Frame callbacks counted from here on (the page's code looks the function up at each call).
    await page.evaluate(() => {
      const w = globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): number; __frames: number };
      const original = w.requestAnimationFrame.bind(w);
      w.__frames = 0;
      w.requestAnimationFrame = (cb) => original((t) => {
        w.__frames++;
        cb(t);
      });
    });
    const frames = (): Promise<number> => page.evaluate(() => (globalThis as unknown as { __frames: number }).__frames);
    const running = (): Promise<string[]> =>
      page.evaluate(() =>
        (globalThis as unknown as { document: { getAnimations(): { playState: string; animationName?: string }[] } }).document
          .getAnimations()
          .filter((a) => a.playState === 'running')
          .map((a) => a.animationName ?? 'animation'),
      );
    const gemini = page.getByRole('article', { name: /^Gemini/ });
    const spinner = page.getByRole('progressbar', { name: 'Answering' });
    for (let i = 0; i < 3; i++) {
      await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: i, text: `Paragraph ${i}, long enough to wrap a line or two in a narrow side bar.\n\n` });
      await eventually(() => gemini.innerText(), (t) => t.includes(`Paragraph ${i},`), `chunk ${i} shown`);
      const before = await frames();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await frames(), before, `frame callbacks in the 300 ms after chunk ${i}`);
      assert.deepEqual(await running(), [], `animations running after chunk ${i}`);
      assert.equal(await spinner.isVisible(), false, 'the text shows the progress: no spinner frozen mid-turn');
    }
    // Once text stops coming, the spinner is back, turning: Gemini is still answering.
    await eventually(running, (names) => names.includes('codicon-spin'), 'the spinner turning again after a pause');
    assert.equal(await spinner.isVisible(), true);
  });

  it('asks for a snapshot when a chunk is missing, and ignores a repeated one', async () => {
    await startTurn();
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 0, text: 'alpha ' });
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 0, text: 'alpha ' });
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    await eventually(() => gemini.innerText(), (t) => t.includes('alpha'), 'first chunk');
    assert.equal((await gemini.innerText()).match(/alpha/g)?.length, 1);
    assert.equal(view().sent().filter((m) => m.type === 'snapshot/request').length, 0);
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 2, text: 'gamma' });
    await view().waitForSent('snapshot/request');
    await view().nextFrame();
    assert.doesNotMatch(await gemini.innerText(), /gamma/);
    // The snapshot brings the whole answer, and streaming goes on from there.
    const streaming = exchange('Tell me about lists', { status: 'streaming', markdown: 'alpha beta gamma' }, 'ex-stream');
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([streaming]), busy: true }) });
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 3, text: ' delta' });
    await eventually(() => view().page.getByRole('article', { name: /^Gemini/ }).innerText(), (t) => t.includes('alpha beta gamma delta'), 'continued after snapshot');
  });

  it('Stop posts prompt/stop; a stopped answer keeps its text, marked "stopped"', async () => {
    await startTurn();
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 0, text: 'Partial answer' });
    const stop = view().page.getByRole('button', { name: 'Stop' });
    await stop.waitFor();
    await stop.click();
    await view().waitForSent('prompt/stop');
    await view().post({ type: 'turn/update', seq: 1, exchange: exchange('Tell me about lists', { status: 'stopped', markdown: 'Partial answer' }, 'ex-stream') });
    const gemini = view().page.getByRole('article', { name: /^Gemini, stopped/ });
    await gemini.waitFor();
    assert.match(await gemini.innerText(), /Partial answer/);
    assert.match(await gemini.innerText(), /stopped/i);
  });

  it('follows the answer only while the reader is at the bottom', async () => {
    const history = Array.from({ length: 30 }, (_, i) => exchange(`question ${i}`, { markdown: `answer ${i}\n\n`.repeat(5) }, `old-${i}`));
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(history) }) });
    await view().post({ type: 'turn/start', exchange: exchange('more', { status: 'waiting' }, 'ex-new') });
    const transcript = view().page.getByRole('feed', { name: 'Conversation' });
    const atBottom = (): Promise<boolean> => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 50);
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-new', seq: 0, text: 'line\n\n'.repeat(20) });
    await eventually(atBottom, (b) => b, 'followed to the bottom');
    // The reader scrolls up with the wheel.
    await transcript.hover();
    const from = await transcript.evaluate((el) => el.scrollTop);
    await view().page.mouse.wheel(0, -3000);
    await wheelScrolled(transcript, from);
    assert.equal(await atBottom(), false, 'scrolled up');
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-new', seq: 1, text: 'more\n\n'.repeat(20) });
    const jump = view().page.getByRole('button', { name: 'Jump to latest' });
    await jump.waitFor();
    assert.equal(await atBottom(), false);
    // It lies over the text: the text must not show through it, also in a theme whose secondary buttons
    // have no background (the toolkit reads the theme again when the body's class changes).
    await view().page.evaluate(`document.body.style.setProperty('--vscode-button-secondaryBackground', 'transparent'); document.body.classList.add('vscode-dark')`);
    await view().nextFrame();
    // (Read on the toolkit element itself: the button role belongs to the control in its shadow root.)
    const background = String(await view().page.evaluate(`getComputedStyle(document.querySelector('.jump-to-latest')).backgroundColor`));
    assert.match(background, /^rgb\(/, `the button's background is ${background}`);
    await jump.click();
    await eventually(atBottom, (b) => b, 'jumped to the bottom');
  });

  it('a chat opened and at once given a file and a notice (Ask About Selection opening the view) shows its newest exchange', async () => {
    // Short answers, rendered below their estimated height: the content gets shorter as they render,
    // while the notice and the chip make the conversation's box shorter. Neither is the reader scrolling.
    await view().page.setViewportSize({ width: 300, height: 600 });
    for (let round = 0; round < 4; round++) {
      const history = Array.from({ length: 4 }, (_, i) => exchange(`question ${i}`, { markdown: `An answer ${i} with some text that wraps over a few lines.` }, `r${round}-${i}`));
      await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(history, { id: `chat-${round}` }) }) });
      await view().post({ type: 'notice', level: 'warning', message: '“blob.bin” was not added: it is a binary file of no type Gemini Chat knows.' });
      await view().post({ type: 'composer/set', composer: { attachments: [{ id: 'a1', label: 'main.ts:1-20', kind: 'selection', size: 900 }] } });
      // Read together, once the view has settled: the newest answer whole in sight, at the bottom, and no
      // Jump to latest (the view has not taken any of it for the reader scrolling up).
      const seen = (): Promise<string> =>
        view().page.evaluate(`(() => {
          const last = [...document.querySelectorAll('.turn-gemini')].at(-1).getBoundingClientRect();
          const box = document.querySelector('.transcript');
          const frame = box.getBoundingClientRect();
          const jump = document.querySelector('.jump-to-latest');
          return [last.top >= frame.top && last.bottom <= frame.bottom + 1, box.scrollHeight - box.scrollTop - box.clientHeight < 2, jump.hidden].join();
        })()`);
      await eventually(seen, (s) => s === 'true,true,true', `round ${round}: the newest answer in sight, at the bottom, no Jump to latest`);
    }
  });

  it('opening the thoughts of the newest answer keeps what was clicked in place, also while following', async () => {
    const history = Array.from({ length: 5 }, (_, i) => exchange(`question ${i}`, { markdown: `answer ${i}\n\n`.repeat(6) }, `old-${i}`));
    const thoughts = Array.from({ length: 40 }, (_, i) => `Thinking step ${i}.`).join('\n\n');
    history.push(exchange('last question', { markdown: 'Short answer.', thoughts }, 'last'));
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(history) }) });
    const page = view().page;
    const transcript = page.getByRole('feed', { name: 'Conversation' });
    await eventually(() => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2), (b) => b, 'at the newest');
    const summary = page.getByText('Thoughts', { exact: true });
    const before = (await summary.boundingBox())?.y ?? NaN;
    await summary.click();
    await eventually(() => page.getByText('Thinking step 39.').isVisible(), (v) => v, 'the thoughts opened');
    await view().nextFrame();
    await view().nextFrame();
    assert.equal(Math.round((await summary.boundingBox())?.y ?? NaN), Math.round(before), 'the summary stays where it was clicked');
  });

  it('opens where the reader was when the view comes back (hidden, or the window reloaded) or the chat is opened again; at the newest message, at the newest', async () => {
    const history = Array.from({ length: 30 }, (_, i) => exchange(`question ${i}`, { markdown: `answer ${i}\n\n`.repeat(8) }, `old-${i}`));
    const open = (): Promise<void> => view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(history, { id: 'long-chat' }) }) });
    const page = view().page;
    const transcript = page.getByRole('feed', { name: 'Conversation' });
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    const atBottom = (): Promise<boolean> => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 50);
    // The question whose exchange is at the top of the view, and how far the view is into it.
    const atTop = (): Promise<string> =>
      transcript.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        const exchanges = el.querySelectorAll('.exchange');
        for (let i = 0; i < exchanges.length; i++) {
          const x = exchanges[i];
          if (x && x.getBoundingClientRect().bottom > top) return `${x.querySelector('.user-text')?.textContent ?? ''} +${Math.round(top - x.getBoundingClientRect().top)}`;
        }
        return '';
      });
    const reading = async (): Promise<unknown> => ((await view().state()) as { places?: { chatId: string }[] } | undefined)?.places?.find((p) => p.chatId === 'long-chat');
    await open();
    await eventually(atBottom, (b) => b, 'opened at the newest');
    await transcript.hover();
    await page.mouse.wheel(0, -2500);
    await eventually(reading, (r) => r !== undefined, 'the place kept');
    const place = await atTop();
    assert.doesNotMatch(place, /question 29/);

    await view().reload();
    await view().waitForSent('webview/ready', undefined, 1);
    await open();
    await eventually(atTop, (t) => t === place, `back at ${place}`);
    await jump.waitFor();
    // Another chat, read at its newest, and back: each keeps its own place.
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(history.slice(0, 20), { id: 'other-chat' }) }) });
    await eventually(atBottom, (b) => b, 'the other chat at its newest');
    await new Promise((r) => setTimeout(r, 300));
    await open();
    await eventually(atTop, (t) => t === place, `back at ${place} after another chat`);

    await jump.click();
    await eventually(atBottom, (b) => b, 'at the newest again');
    await eventually(reading, (r) => r === undefined, 'no place kept at the newest');
    await view().reload();
    await view().waitForSent('webview/ready', undefined, 2);
    await open();
    await eventually(atBottom, (b) => b, 'opened at the newest after that');
  });

  it('shows the end of one huge paragraph once the stream pauses, even before the final update', async () => {
    await startTurn();
    const piece = 'word '.repeat(400); // 2 KB
    const chunks = Array.from({ length: 50 }, (_, i) => ({ type: 'turn/chunk' as const, exchangeId: 'ex-stream', seq: i, text: piece }));
    chunks.push({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 50, text: 'THE-END' });
    // 80 KB shown first; the last 22 KB do not grow the open block by half, so they wait for the pause.
    await view().post(chunks.slice(0, 40));
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    await view().nextFrame();
    await view().post(chunks.slice(40));
    await eventually(() => gemini.innerText(), (t) => t.includes('THE-END'), 'last words shown');
  });

  it('a long answer streamed over many frames reads whole and in order, from its first line to its last', async () => {
    await startTurn();
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    // 300 paragraphs, a few per frame: settled blocks fill many pages, and the early ones leave the screen.
    for (let i = 0; i < 300; i += 10) {
      const text = Array.from({ length: 10 }, (_, k) => `Paragraph ${i + k} of the long answer.\n\n`).join('');
      await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: i / 10, text });
      await view().nextFrame();
    }
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 30, text: 'THE-END' });
    const last = gemini.getByText('THE-END');
    await eventually(() => last.isVisible(), (v) => v, 'the last words on screen');
    const shown = await gemini.locator('.markdown p').allTextContents();
    assert.deepEqual(shown, [...Array.from({ length: 300 }, (_, i) => `Paragraph ${i} of the long answer.`), 'THE-END']);
    // Back to the first line: it is laid out and on screen, and the last one is off screen.
    const first = gemini.getByText('Paragraph 0 of the long answer.', { exact: true });
    await first.scrollIntoViewIfNeeded();
    await view().nextFrame();
    const inViewport = (box: { y: number; height: number } | null, height: number): boolean => box !== null && box.y >= 0 && box.y + box.height <= height;
    const viewportHeight = view().page.viewportSize()?.height ?? 0;
    assert.ok(inViewport(await first.boundingBox(), viewportHeight), 'the first paragraph is on screen');
    assert.ok(!inViewport(await last.boundingBox(), viewportHeight), 'the last words are not');
  });

  it('text keeps its place: a full page keeps its height once sealed, blocks are spaced alike across pages and before the open one, and a block that settles does not move', async () => {
    await view().page.setViewportSize({ width: 420, height: 3000 });
    await startTurn();
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    // 70 paragraphs, a few per frame: two full pages (sealed) and a third one open, then an open tail.
    for (let i = 0; i < 70; i += 5) {
      const text = Array.from({ length: 5 }, (_, k) => `Paragraph ${i + k}.\n\n`).join('');
      await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: i / 5, text });
      await view().nextFrame();
    }
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 14, text: 'Still typing' });
    await eventually(() => gemini.getByText('Still typing').isVisible(), (v) => v, 'the open tail on screen');
    await view().nextFrame();
    // Page code as a string: the test transpiler's helpers must not leak into the page.
    type Layout = { sealed: [number, number][]; gaps: number[]; tailTop: number };
    const layout = async (): Promise<Layout> =>
      (await view().page.evaluate(`(() => {
        const answer = document.querySelector('[data-exchange-id="ex-stream"]');
        const kept = (p) => parseFloat((/contain-intrinsic-size:\\s*auto\\s+([\\d.]+)px/.exec(p.getAttribute('style') || '') || [])[1]);
        const sealed = [...answer.querySelectorAll('.md-page-sealed')].map((p) => [p.getBoundingClientRect().height, kept(p)]);
        const rects = [...answer.querySelectorAll('.markdown p')].map((p) => p.getBoundingClientRect());
        const gaps = rects.slice(1).map((r, i) => Math.round((r.top - rects[i].bottom) * 10) / 10);
        return { sealed, gaps, tailTop: rects[rects.length - 1].top };
      })()`)) as Layout;
    const before = await layout();
    assert.equal(before.sealed.length, 2, 'two full pages are sealed');
    for (const [shown, kept] of before.sealed) assert.ok(Math.abs(shown - kept) < 1, `a sealed page is ${shown} px tall but keeps ${kept} px while off screen`);
    assert.equal(before.gaps.length, 70);
    assert.equal(new Set(before.gaps).size, 1, `gaps between paragraphs, across pages and before the tail: ${JSON.stringify(before.gaps)}`);
    // The tail settles (a blank line ends it): it stays where it was.
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 15, text: '.\n\nNext' });
    await eventually(() => gemini.getByText('Next', { exact: true }).isVisible(), (v) => v, 'the next tail on screen');
    await view().nextFrame();
    const after = await layout();
    assert.equal(after.gaps[69], before.gaps[0], 'the settled block is spaced like the others');
    const settledTop = (await gemini.getByText('Still typing.', { exact: true }).boundingBox())?.y;
    assert.ok(settledTop !== undefined && Math.abs(settledTop - before.tailTop) < 0.5, `the block that settled moved from ${before.tailTop} to ${settledTop}`);
  });

  it('text keeps its place with every kind of block (a list item ending in code too), and the finished answer looks as if it came at once', async () => {
    const markdown = [
      '## Setting it up', '', 'Here is how:', '1. Install the package', '2. Add the config', '', 'Then the options:', '',
      '*   **`watch`**: rebuilds on change.', '*   **`minify`**: smaller output.', '    *   a nested note', '*   **`map`**: for debugging.', '',
      '```ts', 'const x = build({ watch: true });', '```', '', '---', '', '> A quote that', '> spans lines.', '', '### Done', '',
      '| a | b |', '|---|---|', '| 1 | 2 |', '', '- one', '', '- two', '', '- three, after a blank line', '', '1) first, with code:', '   ```sh', '   npm test', '   ```', '2) second', '',
      'The last paragraph, with `code` and a [link](https://example.com).',
    ].join('\n');
    await view().page.setViewportSize({ width: 420, height: 3000 });
    await startTurn();
    // Each text node of the answer: its first characters and its top, from the top of the answer.
    const texts = async (id: string): Promise<[string, number][]> =>
      (await view().page.evaluate(`(() => {
        const root = document.querySelector('[data-exchange-id="${id}"] .turn-gemini .markdown');
        const top = root.getBoundingClientRect().top;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const out = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.data.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          out.push([node.data.slice(0, 24), Math.round((range.getBoundingClientRect().top - top) * 10) / 10]);
        }
        return out;
      })()`)) as [string, number][];
    let before: [string, number][] = [];
    for (let at = 0, seq = 0; at < markdown.length; at += 5, seq++) {
      await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq, text: markdown.slice(at, at + 5) });
      await view().nextFrame();
      const now = await texts('ex-stream');
      // The last lines may still change what they are (more text can make them a list, a heading…). A tight
      // list whose next item comes after a blank line turns loose, and its items are spaced then: not here.
      for (let i = 0; i < Math.min(before.length, now.length); i++) {
        const [was, is] = [before[i], now[i]];
        if (was && is && was[0] === is[0]) assert.equal(is[1], was[1], `"${is[0]}" moved from ${was[1]} to ${is[1]} after ${JSON.stringify(markdown.slice(0, at + 5))}`);
      }
      before = now;
    }
    await view().post({ type: 'turn/update', seq: Math.ceil(markdown.length / 5), exchange: exchange('Tell me about lists', { status: 'complete', markdown }, 'ex-stream') });
    await eventually(() => view().page.getByRole('button', { name: 'Regenerate' }).count(), (n) => n === 1, 'the answer finished');
    const streamed = await texts('ex-stream');
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Tell me about lists', { markdown }, 'ex-once')]) }) });
    await eventually(() => texts('ex-once'), (t) => t.length === streamed.length, 'the same text opened at once');
    assert.deepEqual(await texts('ex-once'), streamed);
  });

  it('many blocks arriving at once render each in place, raw HTML in them shown as text', async () => {
    await startTurn();
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    const blocks = Array.from({ length: 80 }, (_, i) => (i % 20 === 7 ? `Block ${i} says </div><div class="x"><img src=x onerror=alert(1)>` : `Block ${i} is plain.`));
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 0, text: `${blocks.join('\n\n')}\n\nTHE-END` });
    await eventually(() => gemini.getByText('THE-END').isVisible(), (v) => v, 'the last words on screen');
    // The blocks off screen are rendered a moment later (when idle, or as they near the screen).
    const all = [...blocks, 'THE-END'];
    await eventually(() => gemini.locator('.markdown p').allTextContents(), (shown) => JSON.stringify(shown) === JSON.stringify(all), 'every block, in order');
    assert.equal(await gemini.locator('.markdown img, .markdown div.x').count(), 0, 'the HTML stayed text');
    const first = gemini.getByText('Block 0 is plain.', { exact: true });
    await first.scrollIntoViewIfNeeded();
    assert.ok(await first.isVisible(), 'the first block is shown when scrolled to');
  });

  it('a long text at once keeps its link references working across blocks', async () => {
    await startTurn();
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    const blocks = ['[docs]: https://example.com/docs', ...Array.from({ length: 100 }, (_, i) => `Block ${i}.`), 'See [the docs][docs].'];
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq: 0, text: blocks.join('\n\n') });
    const link = gemini.getByRole('link', { name: 'the docs' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), 'https://example.com/docs');
  });

  it('links whose references are defined at the end of the answer are links once it ends, streamed or opened, in paragraphs and list items', async () => {
    await startTurn();
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    const answer = ['See [the docs][1] and [guide][] for details.\n\n', '- [One][1]\n', '- [Two] too\n\n', 'More words.\n\n', '[1]: https://example.com/docs\n[guide]: https://example.com/guide\n[two]: https://example.com/two\n'];
    for (const [seq, text] of answer.entries()) await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq, text });
    await eventually(() => gemini.innerText(), (t) => t.includes('More words.'), 'the answer shown');
    await view().post({ type: 'turn/update', seq: answer.length, exchange: exchange('Tell me about lists', { status: 'complete', markdown: answer.join('') }, 'ex-stream') });
    const links = async (): Promise<string[]> =>
      gemini.locator('.markdown a').evaluateAll((as) => as.map((a) => `${a.textContent} ${a.getAttribute('href')}`));
    const expected = ['the docs https://example.com/docs', 'guide https://example.com/guide', 'One https://example.com/docs', 'Two https://example.com/two'];
    await eventually(links, (l) => JSON.stringify(l) === JSON.stringify(expected), 'every reference a link, streamed');
    assert.doesNotMatch(await gemini.innerText(), /\[|\]/, 'no brackets left');

    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Opened again', { markdown: answer.join('') })]) }) });
    await eventually(links, (l) => JSON.stringify(l) === JSON.stringify(expected), 'every reference a link, opened');
  });

  it('an answer that used a reference ahead is read out to its end as it settles, and drawing it again with its links is not read again', async () => {
    await startTurn();
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    // What is added to the answer's settled blocks, and whether it was added inside the live region.
    await view().page.evaluate(WATCH_ADDITIONS);
    const answer = ['Use [Docs  Page][1] now.\n\n', '> [1]: https://example.com/docs\n\n', 'That is the very last sentence.'];
    for (const [seq, text] of answer.entries()) await view().post({ type: 'turn/chunk', exchangeId: 'ex-stream', seq, text });
    await eventually(() => gemini.innerText(), (t) => t.includes('That is the very last sentence.'), 'the answer shown as it streams');
    await view().post({ type: 'turn/update', seq: answer.length, exchange: exchange('Tell me about lists', { status: 'complete', markdown: answer.join('') }, 'ex-stream') });
    const link = gemini.getByRole('link', { name: 'Docs Page' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), 'https://example.com/docs');
    const added = (await view().page.evaluate(ADDITIONS)) as { text: string; live: boolean }[];
    const heard = added.filter((a) => a.live && a.text.trim() !== '').map((a) => a.text);
    assert.equal(heard.filter((t) => t.includes('That is the very last sentence.')).length, 1, `read out once: ${JSON.stringify(added)}`);
    assert.equal(heard.filter((t) => t.includes('Use')).length, 1, 'the first block read out once too');
  });
});

/**
 * Notes every node added under an answer's settled blocks, and whether it was added inside the polite
 * live region. Plain JavaScript in a string: the test runner's transpiler would add helpers the page lacks.
 */
const WATCH_ADDITIONS = `(() => {
  window.__added = [];
  new MutationObserver((records) => {
    for (const r of records) {
      if (!r.target.closest('.md-settled')) continue;
      for (const node of r.addedNodes) window.__added.push({ node, live: r.target.closest('[aria-live="polite"]') !== null });
    }
  }).observe(document.body, { childList: true, subtree: true });
})()`;
/** Each addition once, with what it holds (not again for what is inside it). */
const ADDITIONS = `window.__added
  .filter((a) => !window.__added.some((b) => b.node !== a.node && b.node.contains(a.node)))
  .map((a) => ({ text: a.node.textContent || '', live: a.live }))`;
