import { strict as assert } from 'node:assert';
import { chat, exchange, snapshot } from './builders';
import { eventually, useWebviewPage } from './pageSession';
import type { WebviewPage } from '../support/webviewPage';

describe('webview: opening a chat', () => {
  const view = useWebviewPage();

  it('says it is ready, then shows the snapshot: title, model, turns as articles', async () => {
    const ex = exchange('How do I sort numbers?', { markdown: 'Use `sort` with a comparator:\n\n```ts\n[3, 1, 2].sort((a, b) => a - b);\n```\n\nThat is all.' });
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([ex]) }) });
    const page = view().page;
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
    // Highlighted: the code is split into token spans.
    assert.ok((await gemini.locator('code.language-ts span').count()) > 0);
  });

  it('code in a language no highlighter knows shows exactly as written, markup and all', async () => {
    const code = '<b>not bold</b> & <img src=x onerror=alert(1)>';
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: `\`\`\`nosuchlanguage\n${code}\n\`\`\`` })]) }) });
    const block = view().page.locator('pre code').first();
    await block.waitFor();
    assert.equal((await block.textContent())?.trim(), code);
    assert.equal(await view().page.locator('pre b, pre img').count(), 0);
  });

  it('a task list shows a box per item, checked or not, that a screen reader names', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: 'Steps:\n\n- [x] Write the tests\n- [ ] Ship <b>it</b>\n- a plain item' })]) }) });
    const items = view().page.locator('.markdown li');
    await eventually(() => items.count(), (n) => n === 3, 'three items');
    assert.equal(await items.nth(0).locator('.md-task.codicon-pass-filled').count(), 1, 'the done one checked');
    assert.equal(await items.nth(1).locator('.md-task.codicon-circle-large-outline').count(), 1, 'the other one empty');
    assert.equal(await items.nth(2).locator('.md-task').count(), 0, 'a plain item has no box');
    assert.equal((await items.nth(0).textContent())?.trim(), 'Done: Write the tests', 'no brackets; named for a screen reader');
    assert.equal((await items.nth(1).textContent())?.trim(), 'To do: Ship <b>it</b>', 'the rest of the item is still text');
    const bullets = await view().page.evaluate(`Array.from(document.querySelectorAll('.markdown li'), (li) => getComputedStyle(li).listStyleType)`);
    assert.deepEqual(bullets, ['none', 'none', 'disc'], 'a box instead of a bullet');
  });

  it('the header shows what every request of the chat carries besides the conversation, its words on hover', async () => {
    const extras = [{ label: 'System instruction', detail: 'Answer in French.' }, { label: 'Google Search', detail: 'Answers may search the web with Google Search.' }];
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([], { extras }) }) });
    const header = view().page.locator('header');
    await header.getByText('System instruction').waitFor();
    assert.equal(await header.getByText('System instruction').getAttribute('title'), 'Answer in French.');
    assert.equal(await header.getByText('Google Search').count(), 1);
    // A keyboard reaches them, and pressing one shows its words.
    await header.getByRole('button', { name: 'System instruction' }).focus();
    await view().page.keyboard.press('Enter');
    await eventually(() => view().page.getByRole('status').allInnerTexts(), (t) => t.some((x) => x.includes('System instruction: Answer in French.')), 'its words in a notice');
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([], { id: 'chat-2' }) }) });
    await eventually(() => header.getByText('System instruction').count(), (n) => n === 0, 'a chat without them shows none');
  });

  it('announces streamed text politely, each block once (the re-rendered tail is outside the live region)', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await view().post({ type: 'turn/start', exchange: exchange('q', { status: 'waiting' }, 'ex-live') });
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-live', seq: 0, text: 'Settled paragraph.\n\nOpen tail' });
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    await eventually(() => gemini.innerText(), (t) => t.includes('Open tail'), 'tail shown');
    const live = gemini.locator('[aria-live="polite"]');
    assert.equal(await live.count(), 1);
    assert.match(await live.innerText(), /Settled paragraph\./);
    assert.doesNotMatch(await live.innerText(), /Open tail/);
    assert.equal(await live.getAttribute('aria-relevant'), 'additions');
  });

  it('a table wider than the view scrolls sideways in its own box: every column can be reached, none is cut off', async () => {
    // Words break anywhere in an answer, so only many columns make a table wider than the view.
    const columns = Array.from({ length: 30 }, (_, i) => `h${i}`);
    const table = `| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|\n| ${columns.map((_, i) => `value_${i}`).join(' | ')} |`;
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Compare them', { markdown: `Here they are:\n\n${table}\n\nThat is all.` })]) }) });
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    const grid = gemini.getByRole('table');
    await grid.waitFor();
    const answer = await gemini.locator('.markdown').boundingBox();
    const box = await grid.boundingBox();
    assert.ok(answer && box && box.x + box.width <= answer.x + answer.width + 0.5, `the table (${JSON.stringify(box)}) stays inside the answer (${JSON.stringify(answer)})`);
    const last = grid.getByRole('columnheader', { name: columns[29], exact: true });
    const viewportWidth = view().page.viewportSize()?.width ?? 0;
    const right = async (): Promise<number> => {
      const b = await last.boundingBox();
      return b ? b.x + b.width : Infinity;
    };
    assert.ok((await right()) > viewportWidth, 'the last column starts out of view');
    await grid.evaluate((el) => el.scrollBy({ left: el.scrollWidth }));
    assert.ok((await right()) <= viewportWidth, `scrolled sideways, the last column is in view (its right edge at ${await right()} px)`);
    assert.match(await gemini.innerText(), /That is all\./);
  });

  it('a table\'s columns keep the alignment their Markdown asks for (---:, :---:, :---; none: left, headers too)', async () => {
    const table = '| Item | Price | Note | Shop |\n|:---|---:|:---:|---|\n| tea | 3.50 | hot | corner |\n| cake with cream | 12.00 | sweet | bakery on the square |';
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Prices?', { markdown: `Prices:\n\n${table}` })]) }) });
    const grid = view().page.getByRole('article', { name: /^Gemini/ }).getByRole('table');
    await grid.waitFor();
    // The computed alignment of every cell, and where the price's text ends against its cell's content box.
    const drawn = (await view().page.evaluate(`(() => {
      const table = document.querySelector('.turn-gemini table');
      const aligned = Array.from(table.querySelectorAll('tr'), (row) => Array.from(row.children, (cell) => getComputedStyle(cell).textAlign));
      const cell = Array.from(table.querySelectorAll('td')).find((c) => c.textContent === '3.50');
      const range = document.createRange();
      range.selectNodeContents(cell);
      const style = getComputedStyle(cell);
      const contentRight = cell.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
      return { aligned, gap: contentRight - range.getBoundingClientRect().right };
    })()`)) as { aligned: string[][]; gap: number };
    for (const row of drawn.aligned) assert.deepEqual(row, ['left', 'right', 'center', 'left'], `each row: ${JSON.stringify(drawn.aligned)}`);
    assert.ok(Math.abs(drawn.gap) < 1, `the price ends at its cell's right edge (${drawn.gap} px off)`);
  });

  it('in a narrow view a table keeps its words whole and scrolls sideways instead', async () => {
    await view().page.setViewportSize({ width: 300, height: 800 });
    const table = '| Column A | Column B | Column C | Column D |\n|---|---|---|---|\n| configuration | documentation | implementation | responsibilities |';
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Compare them', { markdown: `Here:\n\n${table}\n\nThat is all.` })]) }) });
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    await gemini.getByRole('table').waitFor();
    // Each word of each cell on one line: a word broken across lines has more than one box.
    const broken = (await view().page.evaluate(`(() => {
      const table = document.querySelector('.turn-gemini table');
      const out = [];
      for (const cell of table.querySelectorAll('th, td')) {
        const node = cell.firstChild;
        for (const match of node.data.matchAll(/\\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          if (range.getClientRects().length > 1) out.push(match[0]);
        }
      }
      return out;
    })()`)) as string[];
    assert.deepEqual(broken, []);
    assert.ok(await view().page.evaluate("(() => { const t = document.querySelector('.turn-gemini table'); return t.scrollWidth > t.clientWidth; })()"), 'the table scrolls sideways');
  });

  /** Each list in the answer as its items' text (what a screen reader announces: a list of n items). */
  const listsOf = (gemini: ReturnType<ReturnType<typeof view>['page']['getByRole']>): Promise<string[][]> =>
    gemini.locator('ul, ol').evaluateAll((lists) => lists.map((list) => Array.from(list.children, (item) => (item as unknown as { innerText: string }).innerText.trim())));

  it('a list is one list of all its items, a new marker starts another, an ordered list numbers on', async () => {
    const markdown = 'Steps:\n\n1. Open the view\n1. Ask\n1. Read\n\nKinds:\n\n- alpha\n- beta\n  continued\n\n- gamma\n\n* another list\n\nDone.';
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Lists?', { markdown })]) }) });
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    await eventually(() => gemini.innerText(), (t) => t.includes('Done.'), 'answer shown');
    assert.deepEqual(await listsOf(gemini), [['Open the view', 'Ask', 'Read'], ['alpha', 'beta continued', 'gamma'], ['another list']]);
    assert.equal(await gemini.getByRole('list').first().getByRole('listitem').count(), 3);
    // One <ol> from 1: its items are numbered 1, 2, 3 (as separate lists each would have been "1.").
    assert.equal(await gemini.locator('ol').count(), 1);
    assert.equal(await gemini.locator('ol').getAttribute('start'), null);
  });

  it('a streamed list grows as one list, and its open item does not move when it settles', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await view().post({ type: 'turn/start', exchange: exchange('q', { status: 'waiting' }, 'ex-list') });
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    // An item settles once the next line starts: "three" stays open, the item of the list above it.
    const chunks = ['Three things:\n\n- one\n', '- two\n', '- thr', 'ee\n'];
    for (const [seq, text] of chunks.entries()) await view().post({ type: 'turn/chunk', exchangeId: 'ex-list', seq, text });
    await eventually(() => gemini.innerText(), (t) => t.includes('three'), 'open item shown');
    await view().nextFrame();
    const third = gemini.getByText('three', { exact: true });
    const open = await third.boundingBox();
    assert.deepEqual(await listsOf(gemini.locator('[aria-live="polite"]')), [['one', 'two']], 'the settled items are one list');
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-list', seq: chunks.length, text: '\nAfter the list.' });
    await eventually(() => gemini.innerText(), (t) => t.includes('After the list.'), 'text after the list');
    await view().nextFrame();
    assert.deepEqual(await listsOf(gemini), [['one', 'two', 'three']]);
    const settled = await third.boundingBox();
    assert.ok(open && settled && Math.abs(open.y - settled.y) < 0.5, `the item stayed where it was (open at y=${open?.y}, settled at y=${settled?.y})`);
  });

  it('a loose list spaces its items like paragraphs, at once and streamed; a tight one does not', async () => {
    const markdown = 'Loose:\n\n1. First\n\n2. Second\n\n3. Third\n\nTight:\n\n- a\n- b\n\nOne item of two paragraphs:\n\n* one\n\n  more of one\n* two\n\nTurned loose:\n\n+ x\n+ y\n\n+ z\n\nDone.';
    const lists = [['First', 'Second', 'Third'], ['a', 'b'], ['one\n\nmore of one', 'two'], ['x', 'y', 'z']];
    /** The space between each two items of each list, and the space between two paragraphs, in px. */
    const spacing = async (id: string): Promise<{ gaps: number[][]; paragraph: number }> =>
      (await view().page.evaluate(`(() => {
        const root = document.querySelector('[data-exchange-id="${id}"] .turn-gemini .markdown');
        const gaps = Array.from(root.querySelectorAll('ul, ol'), (list) => Array.from(list.children).slice(1).map((item) =>
          Math.round((item.getBoundingClientRect().top - item.previousElementSibling.getBoundingClientRect().bottom) * 10) / 10));
        return { gaps, paragraph: parseFloat(getComputedStyle(root.querySelector('p')).marginBottom) };
      })()`)) as { gaps: number[][]; paragraph: number };
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Lists?', { markdown }, 'ex-once')]) }) });
    const once = view().page.getByRole('article', { name: /^Gemini/ });
    await eventually(() => once.innerText(), (t) => t.includes('Done.'), 'answer shown');
    assert.deepEqual(await listsOf(once), lists);
    const { gaps, paragraph } = await spacing('ex-once');
    assert.ok(paragraph > 0);
    assert.deepEqual(gaps, [[paragraph, paragraph], [0], [paragraph], [paragraph, paragraph]], `items spaced ${JSON.stringify(gaps)}, a paragraph's space is ${paragraph} px`);

    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await view().post({ type: 'turn/start', exchange: exchange('Lists?', { status: 'waiting' }, 'ex-streamed') });
    for (let at = 0, seq = 0; at < markdown.length; at += 7, seq++) {
      await view().post({ type: 'turn/chunk', exchangeId: 'ex-streamed', seq, text: markdown.slice(at, at + 7) });
    }
    const streamed = view().page.getByRole('article', { name: /^Gemini/ });
    await eventually(() => streamed.innerText(), (t) => t.includes('Done.'), 'streamed answer shown');
    await view().nextFrame();
    assert.deepEqual(await listsOf(streamed), lists);
    assert.deepEqual((await spacing('ex-streamed')).gaps, gaps, 'streamed item by item, the lists are spaced as at once');

    // A tight list turns loose when its next item comes after a blank line: its items are spaced as soon
    // as that item shows, and stay put when it settles.
    await view().post({ type: 'turn/start', exchange: exchange('More?', { status: 'waiting' }, 'ex-turned') });
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-turned', seq: 0, text: 'Turned:\n\n+ p\n+ q\n\n+ r' });
    const turned = view().page.locator('[data-exchange-id="ex-turned"] .turn-gemini');
    await eventually(() => turned.innerText(), (t) => t.includes('r'), 'the open item shown');
    await view().nextFrame();
    const open = await spacing('ex-turned');
    assert.deepEqual(open.gaps, [[paragraph], []], 'the settled items are spaced while the item after the blank line is open');
    const qTop = (): Promise<number> =>
      view().page.evaluate(`(() => {
        const item = document.querySelector('[data-exchange-id="ex-turned"] .turn-gemini li:nth-child(2)');
        return item.getBoundingClientRect().top - item.closest('.markdown').getBoundingClientRect().top;
      })()`) as Promise<number>;
    const q = await qTop();
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-turned', seq: 1, text: '\n\nAfter.' });
    await eventually(() => turned.innerText(), (t) => t.includes('After.'), 'text after the list');
    await view().nextFrame();
    assert.deepEqual((await spacing('ex-turned')).gaps, [[paragraph, paragraph]]);
    assert.equal(await qTop(), q, 'the items did not move when the last one settled');
  });

  it('a thematic break streamed right after a list is not drawn as its next item', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await view().post({ type: 'turn/start', exchange: exchange('q', { status: 'waiting' }, 'ex-hr') });
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-hr', seq: 0, text: 'Items:\n\n- x\n- y\n- - -\n' });
    const rule = gemini.locator('hr');
    await rule.waitFor();
    await view().nextFrame();
    const open = await rule.boundingBox();
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-hr', seq: 1, text: '\nAfter the rule.' });
    await eventually(() => gemini.innerText(), (t) => t.includes('After the rule.'), 'text after the rule');
    await view().nextFrame();
    const settled = await rule.boundingBox();
    assert.ok(open && settled && Math.abs(open.y - settled.y) < 0.5, `the rule stayed where it was (open at y=${open?.y}, settled at y=${settled?.y})`);
    assert.deepEqual(await listsOf(gemini), [['x', 'y']]);
  });

  it('a list is as far from the paragraph before it with or without a blank line between them', async () => {
    const answers = ['Intro:\n- a\n- b', 'Intro:\n\n- a\n- b'].map((markdown, i) => exchange(`q${i}`, { markdown }, `ex-gap-${i}`));
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(answers) }) });
    const gaps = [];
    for (const id of ['ex-gap-0', 'ex-gap-1']) {
      const answer = view().page.locator(`[data-exchange-id="${id}"] .turn-gemini .markdown`);
      await answer.locator('ul').waitFor();
      const paragraph = await answer.locator('p').first().boundingBox();
      const list = await answer.locator('ul').boundingBox();
      gaps.push(paragraph && list ? list.y - (paragraph.y + paragraph.height) : NaN);
    }
    assert.ok(Math.abs((gaps[0] ?? NaN) - (gaps[1] ?? NaN)) < 0.5, `gaps ${JSON.stringify(gaps)}`);
  });

  it('a long answer at once keeps a long list whole, also where its first items are rendered later', async () => {
    // The last blocks of a long text are rendered at once, the ones before them when idle: this list
    // starts before that line.
    const items = Array.from({ length: 40 }, (_, i) => `- item ${i + 1}`);
    const markdown = `${Array.from({ length: 100 }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n')}\n\n${items.join('\n')}`;
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Long', { markdown })]) }) });
    const gemini = view().page.getByRole('article', { name: /^Gemini/ });
    const lists = await eventually(() => listsOf(gemini), (l) => l.flat().length === 40, 'every item rendered');
    assert.deepEqual(lists, [items.map((item) => item.slice(2))]);
  });

  it('opens a chat of 1,000 exchanges building only those near the view; the first message is a key away', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => exchange(`question ${i}`, { markdown: `## Answer ${i}\n\nSome *text* with \`code\`.\n\n\`\`\`js\nconsole.log(${i});\n\`\`\`` }, `ex-${i}`));
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(many) }) });
    const page = view().page;
    // The newest answer is on screen, rendered, and says where it is in the feed.
    await page.getByRole('heading', { name: 'Answer 999' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Answer 999' }).isVisible(), true);
    const last = page.getByRole('article', { name: /^Gemini/ }).last();
    assert.deepEqual([await last.getAttribute('aria-posinset'), await last.getAttribute('aria-setsize')], ['2000', '2000']);
    // Every exchange holds its place; only those near the view have their messages.
    assert.equal(await page.locator('.exchange').count(), 1000);
    const built = await page.getByRole('article', { name: /^Gemini/ }).count();
    assert.ok(built < 100, `built ${built} answers`);
    const rendered = await page.locator('.exchange.rendered').count();
    assert.ok(rendered < 100, `rendered ${rendered} answers`);
    await page.getByRole('feed', { name: 'Conversation' }).focus();
    await page.keyboard.press('Home');
    await eventually(() => page.evaluate('document.activeElement.textContent'), (t) => String(t).includes('question 0'), 'the first question has the focus');
    await page.keyboard.press('ArrowDown');
    await eventually(() => page.evaluate('document.activeElement.textContent'), (t) => String(t).includes('Answer 0'), 'then its answer');
    await page.keyboard.press('End');
    await eventually(() => page.evaluate('document.activeElement.textContent'), (t) => String(t).includes('Answer 999'), 'End: the last answer');
    // Composer is usable at once.
    await page.getByRole('textbox', { name: 'Message' }).fill('still responsive');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    assert.equal((await view().waitForSent('prompt/send')).text, 'still responsive');
  });
});

describe('webview: a long chat scrolled through', () => {
  const view = useWebviewPage();

  it('builds and renders the exchanges wherever the reader scrolls to, as a scrollbar drag jumps there', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => exchange(`question ${i}`, { markdown: `## Answer ${i}\n\nSome *text*.` }, `ex-${i}`));
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(many) }) });
    const page = view().page;
    await page.getByRole('heading', { name: 'Answer 999' }).waitFor();
    for (const fraction of [0.5, 0, 0.25]) {
      await page.evaluate(`(() => { const list = document.querySelector('.transcript'); list.scrollTop = (list.scrollHeight - list.clientHeight) * ${fraction}; })()`);
      // What is on screen then: every exchange in view has its question and its rendered answer.
      const shown = await eventually(
        () =>
          page.evaluate(`(() => {
            const list = document.querySelector('.transcript').getBoundingClientRect();
            return [...document.querySelectorAll('.exchange')]
              .filter((e) => { const r = e.getBoundingClientRect(); return r.bottom > list.top && r.top < list.bottom; })
              .map((e) => (e.querySelector('.turn-gemini .markdown')?.textContent ?? '').trim() + ' / ' + (e.querySelector('.user-text')?.textContent ?? ''));
          })()`) as Promise<string[]>,
        (rows) => rows.length > 0 && rows.every((r) => /^Answer (\d+)\s+Some text\. \/ question \1$/.test(r)),
        `the exchanges at ${fraction * 100}% of the chat rendered`,
      );
      const first = Number(/^Answer (\d+)/.exec(shown[0] ?? '')?.[1]);
      assert.ok(Math.abs(first - fraction * 1000) < 60, `at ${fraction * 100}% of the chat: exchange ${first}`);
    }
  });
});

describe('webview: a message of megabytes', () => {
  const view = useWebviewPage();

  it('shows its start and says it is shown in part; the view stays usable', async () => {
    const huge = `The start of a pasted log.\n${'2026-11-25 01:02:03 INFO a line of the log that goes on\n'.repeat(90_000)}`;
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange(huge, { markdown: 'That is a long log.' }, 'ex-huge')]) }) });
    const question = view().page.getByRole('article', { name: 'You' });
    await question.getByText('The start of a pasted log.').waitFor();
    const shown = await question.locator('.user-text').innerText();
    assert.ok(shown.length < 70_000, `${shown.length} characters shown`);
    assert.match(shown, /This message is 4\.\d MB long: only its first 64 KB are shown\. Export the chat to read all of it\./);
    await view().page.getByRole('textbox', { name: 'Message' }).fill('still responsive');
    await view().page.getByRole('textbox', { name: 'Message' }).press('Enter');
    assert.equal((await view().waitForSent('prompt/send')).text, 'still responsive');
  });
});

/** An answer of about `paragraphs` paragraphs, with a heading, a list and a code block. */
function longAnswer(paragraphs: number, seed: number): string {
  const prose = 'The view renders the answer as it arrives, keeps settled blocks and re-renders only the open tail of the text.';
  const blocks = [`## Part ${seed}`];
  for (let i = 0; i < paragraphs; i++) {
    blocks.push(`${prose} ${prose.slice(0, (seed * 37 + i * 11) % prose.length)}`);
    if (i % 4 === 1) blocks.push('- first the request\n- then the stream\n- last the history, saved');
    if (i % 5 === 3) blocks.push('```ts\nconst chat = client.chats.create({ model });\nfor await (const chunk of await chat.sendMessageStream(text)) {\n  show(chunk.text);\n}\n```');
  }
  return blocks.join('\n\n');
}

/** Opens a chat of `count` exchanges whose answers have about `sizes[i % n]` paragraphs; at its newest. */
async function openLongChat(view: WebviewPage, count: number, sizes: number[]): Promise<void> {
  const exchanges = Array.from({ length: count }, (_, i) => exchange(`Question ${i}: and then?`, { markdown: longAnswer(sizes[i % sizes.length] ?? 3, i) }, `ex-${i}`));
  await view.post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(exchanges) }) });
  await view.page.getByRole('heading', { name: `Part ${count - 1}` }).waitFor();
}

describe('webview: right-to-left text', () => {
  const view = useWebviewPage();

  it('a Hebrew question, an Arabic answer and Hebrew typed in the box run from the right, English from the left', async () => {
    const hebrew = 'שלום! מה שלומך?';
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange(hebrew, { markdown: 'مرحبا، كيف حالك؟\n\n- عنصر\n\nAnd in English.' })]) }) });
    const page = view().page;
    await page.getByText('And in English.').waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill(`${hebrew}\nhello`);
    // Where each line of text sits in its box: flush right ("right") or flush left ("left").
    const sides = await page.evaluate(`(() => {
      const side = (node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        const text = range.getBoundingClientRect();
        const box = (node.nodeType === 1 ? node : node.parentElement).getBoundingClientRect();
        return Math.abs(box.right - text.right) < 2 ? 'right' : Math.abs(text.left - box.left) < 2 ? 'left' : 'middle';
      };
      const area = document.querySelector('.composer vscode-text-area').shadowRoot.querySelector('textarea');
      return {
        question: side(document.querySelector('.user-text')),
        answer: Array.from(document.querySelectorAll('.turn-gemini .markdown :is(p, li)')).map(side),
        box: getComputedStyle(area).unicodeBidi,
      };
    })()`);
    assert.deepEqual(sides, { question: 'right', answer: ['right', 'right', 'left'], box: 'plaintext' });
  });
});

describe('webview: a short view (the panel at the bottom, a large zoom)', () => {
  const view = useWebviewPage({ viewport: { width: 427, height: 161 } });

  it('keeps some of the conversation in sight, and Send within the view', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: 'An answer.' })]) }) });
    const page = view().page;
    const conversation = await page.getByRole('feed', { name: 'Conversation' }).boundingBox();
    assert.ok(conversation && conversation.height >= 40, `the conversation is ${conversation?.height} px tall`);
    const send = await page.getByRole('button', { name: 'Send' }).boundingBox();
    assert.ok(send && send.y + send.height <= 161, `Send ends at ${send && send.y + send.height} px`);
  });
});

describe('webview: a long chat in a narrow side bar', () => {
  const view = useWebviewPage({ viewport: { width: 300, height: 700 } });

  /** The chat's height once opened, and once every answer has been rendered (read upwards to the first). */
  async function heightsBeforeAndAfterRendering(resizeTo?: number): Promise<{ before: number; after: number }> {
    const count = 30;
    await openLongChat(view(), count, [2, 8, 20, 45]);
    const page = view().page;
    if (resizeTo) {
      await page.setViewportSize({ width: resizeTo, height: 700 });
      await page.waitForTimeout(500);
    }
    const transcript = page.locator('.transcript');
    const before = await transcript.evaluate((el) => el.scrollHeight);
    for (let i = 0; i < 400 && (await page.locator('.exchange.rendered').count()) < count; i++) {
      await transcript.evaluate((el) => el.scrollBy(0, -600));
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    }
    assert.equal(await page.locator('.exchange.rendered').count(), count, 'every answer rendered');
    return { before, after: await transcript.evaluate((el) => el.scrollHeight) };
  }

  it('holds the scrollbar while answers not yet rendered come into view: the chat is about as tall before as after', async () => {
    const { before, after } = await heightsBeforeAndAfterRendering();
    assert.ok(Math.abs(after - before) / after < 0.15, `the chat was ${before} px tall before its answers were rendered and ${after} px after`);
  });

  it('holds it also after the side bar is made wider', async () => {
    const { before, after } = await heightsBeforeAndAfterRendering(650);
    assert.ok(Math.abs(after - before) / after < 0.15, `the chat was ${before} px tall before its answers were rendered and ${after} px after`);
  });

  it('keeps what the reader is reading in place while the answers above it are rendered', async () => {
    await openLongChat(view(), 30, [3, 12, 30]);
    const page = view().page;
    const transcript = page.getByRole('feed', { name: 'Conversation' });
    // The question at the top of the view, and how far the view is into its exchange.
    const atTop = (): Promise<string> =>
      transcript.evaluate((el) => {
        const top = el.getBoundingClientRect().top;
        for (const x of el.querySelectorAll('.exchange')) {
          if (x.getBoundingClientRect().bottom > top) return `${x.querySelector('.user-text')?.textContent ?? ''} +${Math.round(top - x.getBoundingClientRect().top)}`;
        }
        return '';
      });
    await transcript.hover();
    for (const distance of [-3000, -4000, -2500]) {
      const from = await transcript.evaluate((el) => el.scrollTop);
      await page.mouse.wheel(0, distance);
      // (Playwright's wheel returns before the page has scrolled.)
      await eventually(() => transcript.evaluate((el) => el.scrollTop), (t) => Math.abs(t - from) > 1, 'the wheel scrolled');
      const reading = await atTop();
      // Over the next frames the exchanges above and around it are rendered and take their real height.
      await new Promise((r) => setTimeout(r, 500));
      // The same question at the top, as far into it to within a pixel (positions are fractional, and
      // one that sits on a half pixel rounds either way).
      const [question, offset] = reading.split(' +');
      const now = (await atTop()).split(' +');
      assert.equal(now[0], question, 'another exchange at the top of the view');
      assert.ok(Math.abs(Number(now[1]) - Number(offset)) <= 1, `the text at the top of the view moved from +${offset} to +${now[1]}`);
    }
  });
});

describe('webview: a long chat, its scrollbar dragged', () => {
  const view = useWebviewPage({ viewport: { width: 320, height: 700 }, scrollbars: true });

  it('the thumb stays under the pointer dragged to the top, and the first question shows', async () => {
    await openLongChat(view(), 45, [3, 12, 30]);
    const page = view().page;
    const transcript = page.getByRole('feed', { name: 'Conversation' });
    const box = await transcript.boundingBox();
    assert.ok(box);
    const geometry = await transcript.evaluate((el) => ({ scrollbar: el.offsetWidth - el.clientWidth, top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight }));
    assert.ok(geometry.scrollbar > 0, 'a scrollbar is drawn');
    // The thumb is at the bottom of the track (between the two arrow buttons, each as tall as the bar is
    // wide): grab it there and drag it to the top over about a second.
    const x = box.x + box.width - geometry.scrollbar / 2;
    const arrow = geometry.scrollbar;
    const track = box.height - 2 * arrow;
    const thumb = Math.max(20, (track * geometry.client) / geometry.height);
    const grab = box.y + box.height - arrow - thumb / 2;
    await page.mouse.move(x, grab);
    await page.mouse.down();
    const steps = 30;
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(x, grab - ((track - thumb) * i) / steps, { steps: 2 });
      await page.waitForTimeout(30);
    }
    // Then on past the top of the view, as a reader throwing the thumb to the top does. (Chromium's drag
    // in this headless browser now and then drops one step of a fast drag: the thumb then ends a step
    // short of a pointer that stops at the top of the track.)
    await page.mouse.move(x, box.y - 40, { steps: 2 });
    await page.waitForTimeout(200);
    await page.mouse.up();
    assert.equal(await transcript.evaluate((el) => Math.round(el.scrollTop)), 0, 'at the top of the conversation');
    assert.ok(await page.getByText('Question 0: and then?').isVisible(), 'the first question in view');
  });
});
