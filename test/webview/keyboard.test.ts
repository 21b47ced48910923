import { strict as assert } from 'node:assert';
import type { ExchangeView } from '../../src/shared/protocol';
import { chat, exchange, snapshot } from './builders';
import { eventually, useWebviewPage } from './pageSession';

/** What has the keyboard focus: "TAG name", the name being its aria-label or text ("BODY" when lost). */
const FOCUSED = (): string => {
  const d = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null; getAttribute(n: string): string | null } | null } }).document;
  const e = d.activeElement;
  return e ? `${e.tagName} ${e.getAttribute('aria-label') ?? e.textContent?.trim() ?? ''}`.trim() : 'none';
};

describe('webview: keyboard and focus', () => {
  const view = useWebviewPage({ viewport: { width: 320, height: 600 } });
  const page = () => view().page;
  const message = () => page().getByRole('textbox', { name: 'Message' });
  const focused = () => page().evaluate(FOCUSED);
  const open = (exchanges: ExchangeView[], busy = false) =>
    view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(exchanges), busy }) });

  it('a dialog cancelled gives the keyboard back to the button that opened it, also when the chat was drawn anew meanwhile', async () => {
    const chatOf = [exchange('first', { markdown: 'one' }, 'ex-1'), exchange('second', { markdown: 'two' }, 'ex-2')];
    await open(chatOf);
    const rewind = () => page().locator('[data-exchange-id="ex-2"]').getByRole('button', { name: 'Rewind to here' });
    await rewind().click();
    await view().waitForSent('turn/rewind');
    // While the host's dialog is open, a snapshot of the same chat draws every exchange again.
    await open(chatOf);
    await view().post({ type: 'focus/return' });
    await eventually(() => rewind().evaluate((el) => el.ownerDocument.activeElement === el), (on) => on, 'the keyboard on the second exchange\'s Rewind to here');
  });

  it('Send, Stop and the editing banner\'s Cancel leave the focus in the message box', async () => {
    await open([exchange('an earlier question', { markdown: 'an answer' }, 'ex-1')]);
    await message().fill('a question');
    await page().getByRole('button', { name: 'Send' }).click();
    await view().waitForSent('prompt/send');
    await eventually(focused, (f) => f.includes('Message'), 'focus after Send');

    await open([exchange('a question', { markdown: 'half an ans', status: 'streaming' }, 'ex-2')], true);
    await page().getByRole('button', { name: 'Stop' }).click();
    await view().waitForSent('prompt/stop');
    await open([exchange('a question', { markdown: 'half an ans', status: 'stopped' }, 'ex-2')]);
    await eventually(focused, (f) => f.includes('Message'), 'focus after Stop');

    await view().post({ type: 'composer/set', text: 'a question', composer: { attachments: [], editingExchangeId: 'ex-2' } });
    await page().getByRole('button', { name: 'Cancel' }).click();
    await view().waitForSent('edit/cancel');
    await view().post({ type: 'composer/set', composer: { attachments: [] } });
    await eventually(focused, (f) => f.includes('Message'), 'focus after Cancel');
  });

  it('the candidate arrows keep the focus when the answer is drawn again, on the other arrow at the end', async () => {
    await open([exchange('q', { markdown: 'first take', candidateIndex: 0, candidateCount: 2 }, 'ex-1')]);
    await page().getByRole('button', { name: 'Next candidate' }).focus();
    await page().keyboard.press('Enter');
    const sent = await view().waitForSent('turn/candidate');
    // The host answers with the answer drawn again at the chosen candidate (the last one: Next is off).
    await view().post({ type: 'turn/update', seq: 0, exchange: exchange('q', { markdown: 'second take', candidateIndex: sent.index, candidateCount: 2 }, 'ex-1') });
    await eventually(focused, (f) => f === 'BUTTON Previous candidate', 'focus after the last candidate was chosen');
    await page().keyboard.press('Enter');
    await view().waitForSent('turn/candidate', (m) => m.index === 0);
  });

  it('dismissing a notice moves the focus to the next notice, and from the last to the message box', async () => {
    await open([]);
    await view().post({ type: 'notice', level: 'warning', message: 'First warning' });
    await view().post({ type: 'notice', level: 'error', message: 'Second error' });
    const dismiss = page().getByRole('button', { name: 'Dismiss' });
    await dismiss.first().focus();
    await page().keyboard.press('Enter');
    await eventually(() => dismiss.count(), (n) => n === 1, 'one notice left');
    await eventually(focused, (f) => f === 'BUTTON Dismiss', 'focus on the other notice');
    await page().keyboard.press('Enter');
    await eventually(focused, (f) => f.includes('Message'), 'focus in the message box');
  });

  it('removing a chip moves the focus to the next chip, and from the last to the message box', async () => {
    const chipOf = (id: string, label: string) => ({ id, label, kind: 'text' as const, size: 10, mimeType: 'text/plain' });
    await view().post({ type: 'composer/set', composer: { attachments: [chipOf('a', 'a.md'), chipOf('b', 'b.md')] } });
    await page().getByRole('button', { name: 'Remove a.md' }).focus();
    await page().keyboard.press('Enter');
    await view().waitForSent('attachment/remove');
    await view().post({ type: 'composer/set', composer: { attachments: [chipOf('b', 'b.md')] } });
    await eventually(focused, (f) => f === 'BUTTON Remove b.md', 'focus on the chip left');
    await page().keyboard.press('Enter');
    await view().waitForSent('attachment/remove', (m) => m.id === 'b');
    await view().post({ type: 'composer/set', composer: { attachments: [] } });
    await eventually(focused, (f) => f.includes('Message'), 'focus in the message box');
  });

  it('arrows on the closed chat switcher open its list instead of opening each chat passed', async () => {
    const chats = ['One', 'Two', 'Three'].map((title, i) => ({ id: `c${i}`, title }));
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chats, chat: chat([], { id: 'c0', title: 'One' }) }) });
    const switcher = page().getByRole('combobox', { name: 'Switch chat' });
    await switcher.focus();
    await page().keyboard.press('ArrowDown');
    await page().keyboard.press('ArrowDown');
    await view().nextFrame();
    assert.deepEqual(view().sent().filter((m) => m.type === 'chat/switch'), [], 'no chat opened by the arrows');
    await page().keyboard.press('Enter');
    const switched = await view().waitForSent('chat/switch');
    assert.notEqual(switched.chatId, 'c0', 'Enter opens the chat walked to');
  });

  it('Escape on the open chat switcher closes its list and stays on the open chat', async () => {
    const chats = ['One', 'Two', 'Three'].map((title, i) => ({ id: `c${i}`, title }));
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chats, chat: chat([], { id: 'c0', title: 'One' }) }) });
    const switcher = page().getByRole('combobox', { name: 'Switch chat' });
    for (const keys of [['ArrowDown', 'ArrowDown'], ['ArrowDown', 'End']]) {
      await switcher.focus();
      for (const key of keys) await page().keyboard.press(key);
      await page().keyboard.press('Escape');
      await view().nextFrame();
      assert.equal(await switcher.getAttribute('aria-expanded'), 'false', 'the list closed');
      assert.deepEqual(view().sent().filter((m) => m.type === 'chat/switch'), [], `no chat opened (${keys.join(', ')}, Escape)`);
      assert.equal(await switcher.evaluate((e) => (e as unknown as { displayValue: string }).displayValue), 'One', 'the open chat still shown');
    }
    // And the switcher still works.
    await switcher.focus();
    await page().keyboard.press('ArrowDown');
    await page().keyboard.press('ArrowDown');
    await page().keyboard.press('Enter');
    assert.equal((await view().waitForSent('chat/switch')).chatId, 'c1', 'the first arrow opens the list, the second walks to Two');
  });

  it('Escape while editing an earlier message cancels the edit; the question being edited is marked until then', async () => {
    await open([exchange('an earlier question', { markdown: 'an answer' }, 'ex-1'), exchange('a later question', { markdown: 'another answer' }, 'ex-2')]);
    await view().post({ type: 'composer/set', text: 'an earlier question', composer: { attachments: [], editingExchangeId: 'ex-1' }, focus: true });
    const edited = page().getByRole('article', { name: 'You, being edited' });
    await edited.waitFor();
    assert.match(await edited.innerText(), /being edited[\s\S]*an earlier question/);
    assert.equal(await page().getByText('being edited', { exact: true }).count(), 1, 'only that question is marked');
    await message().press('Escape');
    await view().waitForSent('edit/cancel');
    await view().post({ type: 'composer/set', text: '', composer: { attachments: [] } });
    await edited.waitFor({ state: 'detached' });
    assert.equal(await page().getByText('being edited', { exact: true }).count(), 0);
  });

  it('Escape while editing an earlier message as an answer arrives cancels the edit, not the answer', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('an earlier question', { markdown: 'an answer' }, 'ex-1'), exchange('a later question', { status: 'streaming', markdown: 'arriving' }, 'ex-2')]), busy: true }) });
    await view().post({ type: 'composer/set', text: 'an earlier question', composer: { attachments: [], editingExchangeId: 'ex-1' }, focus: true });
    await page().getByRole('article', { name: 'You, being edited' }).waitFor();
    await message().press('Escape');
    await view().waitForSent('edit/cancel');
    assert.equal(view().sent().filter((m) => m.type === 'prompt/stop').length, 0, 'the answer goes on');
  });

  it('Escape while an answer arrives stops it, as Stop does; with no answer arriving it does nothing', async () => {
    await open([exchange('an earlier question', { markdown: 'an answer' }, 'ex-1')]);
    await message().focus();
    await message().press('Escape');
    await view().post({ type: 'turn/start', exchange: exchange('a new question', { status: 'waiting' }, 'ex-2') });
    await page().getByRole('button', { name: 'Stop' }).waitFor();
    await message().focus();
    await message().press('Escape');
    await view().waitForSent('prompt/stop');
    assert.equal(view().sent().filter((m) => m.type === 'prompt/stop').length, 1, 'only the Escape during the answer stops');
  });

  it('a message put back in the box (Up, Edit) makes it as tall as its text', async () => {
    const long = Array.from({ length: 8 }, (_, i) => `line ${i + 1} of a message recalled with the arrow key`).join('\n');
    await open([exchange(long, { markdown: 'an answer' }, 'ex-1')]);
    const height = async (): Promise<number> => (await message().boundingBox())?.height ?? 0;
    const empty = await height();
    await message().focus();
    await message().press('ArrowUp');
    await eventually(height, (h) => h > empty * 2, `the recalled message shown whole (empty box ${empty} px)`);
  });

  it('Page Up and Page Down in the message box page through the conversation, the draft left as typed', async () => {
    await open(Array.from({ length: 20 }, (_, i) => exchange(`question ${i}`, { markdown: `answer ${i}\n\n`.repeat(6) }, `ex-${i}`)));
    const transcript = page().getByRole('feed', { name: 'Conversation' });
    const scrollTop = (): Promise<number> => transcript.evaluate((el) => el.scrollTop);
    const atBottom = (): Promise<boolean> => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2);
    await eventually(atBottom, (b) => b, 'opened at the newest');
    await message().fill('short draft');
    await message().press('End');
    const bottom = await scrollTop();
    await message().press('PageUp');
    const up = await eventually(scrollTop, (t) => t < bottom - 200, 'a page up');
    await message().press('PageUp');
    await eventually(scrollTop, (t) => t < up - 200, 'another page up');
    await message().press('PageDown');
    await message().press('PageDown');
    await eventually(atBottom, (b) => b, 'back at the newest');
    assert.equal(await message().inputValue(), 'short draft');
    assert.equal(await focused(), 'VSCODE-TEXT-AREA Message');
    // A draft longer than the box: the keys page through the draft, not the conversation.
    await message().fill(Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n'));
    await eventually(atBottom, (b) => b, 'still at the newest');
    const before = await scrollTop();
    await message().press('PageUp');
    await view().nextFrame();
    assert.equal(await scrollTop(), before, 'the conversation did not move');
  });

  it('from within a message, Page Down and Page Up move to the next and the previous message, each in view', async () => {
    await open(Array.from({ length: 8 }, (_, i) => exchange(`question ${i}`, { markdown: `answer ${i}\n\n`.repeat(8) }, `ex-${i}`)));
    const place = (): Promise<string> =>
      page().evaluate(`(() => {
        const a = document.activeElement.closest('article');
        const list = document.querySelector('.transcript').getBoundingClientRect();
        const box = a.getBoundingClientRect();
        return a.getAttribute('aria-label').split(',')[0] + ' ' + a.getAttribute('aria-posinset') + (box.top >= list.top - 1 && box.top < list.bottom - 20 ? ' in view' : ' out of view');
      })()`) as Promise<string>;
    // Each read once the view has settled: answers near the view render as they come into it, a frame
    // or two after the keys, and the message reached is then put back in view.
    const at = (where: string): Promise<string> => eventually(place, (p) => p === where, where);
    // Home from the conversation goes to the first message (not built until then: it is far above the
    // view), Tab to its first control.
    await page().getByRole('feed', { name: 'Conversation' }).focus();
    await page().keyboard.press('Home');
    await at('You 1 in view');
    await page().keyboard.press('Tab');
    assert.equal(await page().evaluate('document.activeElement.getAttribute("aria-label")'), 'Edit');
    await page().keyboard.press('PageDown');
    await at('Gemini 2 in view');
    await page().keyboard.press('PageDown');
    await at('You 3 in view');
    for (let i = 0; i < 20; i++) await page().keyboard.press('PageDown');
    await at('Gemini 16 in view');
    await page().keyboard.press('PageUp');
    await at('You 15 in view');
    for (let i = 0; i < 20; i++) await page().keyboard.press('PageUp');
    await at('You 1 in view');
  });

  it('the conversation is one Tab stop however long it is: Tab goes from the header to it and on to the message box, Shift+Tab back', async () => {
    const answer = 'See [the docs](https://example.com/docs).\n\n```js\nconsole.log(1);\n```';
    await open(Array.from({ length: 15 }, (_, i) => exchange(`question ${i}`, { markdown: answer }, `ex-${i}`)));
    await page().getByRole('button', { name: 'Delete Chat…' }).focus();
    const stops: string[] = [];
    for (let i = 0; i < 2; i++) {
      await page().keyboard.press('Tab');
      stops.push(await focused());
    }
    assert.deepEqual(stops, ['DIV Conversation', 'VSCODE-TEXT-AREA Message']);
    for (let i = 0; i < 2; i++) {
      await page().keyboard.press('Shift+Tab');
      stops.push(await focused());
    }
    assert.deepEqual(stops.slice(2), ['DIV Conversation', 'BUTTON Delete Chat…']);
  });

  it('in the conversation the arrows move between messages, Tab goes through the controls of the one focused and then to the message box, Escape to the message box', async () => {
    const answer = `See [the docs](https://example.com/docs).\n\n\`\`\`js\nconsole.log(1);\n\`\`\`\n\n\`\`\`js\nconsole.log(${'1 + '.repeat(60)}1);\n\`\`\``;
    await open([exchange('first question', { markdown: answer }, 'ex-1'), exchange('second question', { markdown: 'Short.' }, 'ex-2')]);
    await page().getByRole('feed', { name: 'Conversation' }).focus();
    await page().keyboard.press('Home');
    assert.equal(await focused(), 'ARTICLE You');
    await page().keyboard.press('ArrowDown');
    assert.equal(await focused(), 'ARTICLE Gemini');
    const stops: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page().keyboard.press('Tab');
      stops.push(await focused());
    }
    // In the order they are shown; the short code block has no lines to scroll, the long one has.
    assert.deepEqual(stops, ['BUTTON Copy Answer', 'A the docs', 'BUTTON Copy', 'BUTTON Insert at Cursor', 'BUTTON Copy', 'BUTTON Insert at Cursor', 'PRE js code', 'VSCODE-TEXT-AREA Message']);
    await page().getByRole('feed', { name: 'Conversation' }).focus();
    await page().keyboard.press('End');
    assert.equal(await focused(), 'ARTICLE Gemini');
    await page().keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'DIV Conversation', 'back from a message: the conversation');
    await page().keyboard.press('ArrowUp');
    assert.equal(await focused(), 'ARTICLE Gemini', 'Up from the conversation: the last message in view');
    await page().keyboard.press('ArrowUp');
    await page().keyboard.press('Tab');
    assert.equal(await focused(), 'BUTTON Edit', 'the question\'s first control');
    await page().keyboard.press('Escape');
    assert.match(await focused(), /Message/);
  });

  it('a message with the keyboard on it shows its focus ring all round, also beside a code block as wide as the message', async () => {
    await open([exchange('q', { markdown: 'Before.\n\n```js\nconsole.log(1);\nconsole.log(2);\nconsole.log(3);\n```\n\nAfter.' }, 'ex-1')]);
    // As in VS Code's dark themes, the code block has an opaque background.
    await page().evaluate("document.documentElement.style.setProperty('--vscode-textCodeBlock-background', '#2b2b2b')");
    await page().getByRole('feed', { name: 'Conversation' }).focus();
    await page().keyboard.press('End');
    assert.equal(await focused(), 'ARTICLE Gemini');
    const code = page().locator('.code-block pre').first();
    const box = await code.boundingBox();
    assert.ok(box);
    // The message's left and right edges beside the code's lines, with the keyboard on the message and
    // then in the message box: the ring shows there, so the two pictures differ.
    const edges = async (): Promise<Buffer[]> => {
      await view().nextFrame();
      const clip = (x: number) => ({ x, y: box.y + 4, width: 3, height: box.height - 8 });
      return [await page().screenshot({ clip: clip(box.x - 1) }), await page().screenshot({ clip: clip(box.x + box.width - 2) })];
    };
    const ringed = await edges();
    await page().keyboard.press('Escape');
    assert.match(await focused(), /Message/);
    const plain = await edges();
    assert.ok(!ringed[0]!.equals(plain[0]!), 'the ring shows at the code block\'s left');
    assert.ok(!ringed[1]!.equals(plain[1]!), 'and at its right');
  });

  it('a notice shown while the reader follows the newest answer keeps that answer in sight', async () => {
    const many = Array.from({ length: 12 }, (_, i) => exchange(`question ${i}`, { markdown: `answer ${i}\n\n${'words '.repeat(40)}` }, `ex-${i}`));
    many.push(exchange('the last question', { markdown: 'THE LAST ANSWER' }, 'ex-last'));
    await open(many);
    const last = page().getByText('THE LAST ANSWER');
    await eventually(() => last.isVisible(), (v) => v, 'the last answer rendered');
    const inSight = () =>
      page().evaluate(() => {
        const d = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { bottom: number; top: number } } | null } }).document;
        const feed = d.querySelector('[role="feed"]')?.getBoundingClientRect();
        const answers = Array.from((globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null; getBoundingClientRect(): { bottom: number } }> } }).document.querySelectorAll('p'));
        const answer = answers.find((p) => p.textContent === 'THE LAST ANSWER')?.getBoundingClientRect();
        return feed && answer ? answer.bottom <= feed.bottom + 1 : false;
      });
    await eventually(inSight, (v) => v, 'the last answer in sight before the notices');
    // Well after the view settled at the bottom on opening.
    await new Promise((r) => setTimeout(r, 1_000));
    for (const n of [1, 2, 3]) await view().post({ type: 'notice', level: 'warning', message: `A warning that takes a few lines of the side bar to say, number ${n}.` });
    await view().nextFrame();
    await eventually(inSight, (v) => v, 'the last answer in sight after the notices');
  });
});

describe('webview: news for screen readers', () => {
  const view = useWebviewPage();
  const said = () => view().page.getByRole('status', { name: 'Announcements' }).textContent();

  it('each message tells a screen reader its place in the conversation, also once a new one starts', async () => {
    const page = view().page;
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('First question', { markdown: 'First answer' }, 'ex-1'), exchange('Second question', { markdown: 'Second answer' }, 'ex-2')]) }) });
    await view().post({ type: 'turn/start', exchange: exchange('Third question', { status: 'waiting' }, 'ex-3') });
    // Each article by its role, with its name and the place it gives (Chromium passes aria-posinset and
    // aria-setsize on to the platform's accessibility API; its CDP tree does not list them).
    const places = (): Promise<string[]> =>
      page.getByRole('article').evaluateAll((articles) =>
        articles.map((a) => `${a.getAttribute('aria-label') ?? ''} ${a.getAttribute('aria-posinset') ?? '?'} of ${a.getAttribute('aria-setsize') ?? '?'}`),
      );
    await eventually(places, (p) => p.length === 6, 'six articles');
    assert.deepEqual(await places(), ['You 1 of 6', 'Gemini 2 of 6', 'You 3 of 6', 'Gemini 4 of 6', 'You 5 of 6', 'Gemini, waiting 6 of 6']);
    // And, after who, what it says: its text is the message's description.
    const described = await page.getByRole('article').evaluateAll((articles) =>
      articles.slice(0, 4).map((a) =>
        (a.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id: string) => a.ownerDocument.getElementById(id)?.textContent?.trim())
          .filter(Boolean)
          .join(' / '),
      ),
    );
    assert.deepEqual(described, ['First question', 'First answer', 'Second question', 'Second answer']);
  });

  it('a message read as a whole says what a sighted reader sees around it: the files a question carried, how an answer failed or ended', async () => {
    const page = view().page;
    const filesOnly: ExchangeView = {
      ...exchange('', { status: 'error', error: { message: 'Gemini is overloaded (503).', status: 503, action: 'retry' } }, 'ex-1'),
      user: { text: '', attachments: [{ id: 'a1', label: 'diagram.png', kind: 'image', size: 2048 }] },
    };
    const cutShort = exchange('Go on', { markdown: 'A long answer', finishReason: 'MAX_TOKENS' }, 'ex-2');
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([filesOnly, cutShort]) }) });
    const described = (): Promise<string[]> =>
      page.getByRole('article').evaluateAll((articles) =>
        articles.map((a) =>
          (a.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .map((id: string) => a.ownerDocument.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim())
            .filter(Boolean)
            .join(' / '),
        ),
      );
    await eventually(described, (d) => d.length === 4 && d[1] !== '', 'four messages described');
    const [question, failed, , ended] = await described();
    assert.match(question ?? '', /diagram\.png/);
    assert.match(failed ?? '', /Gemini is overloaded \(503\)\./);
    assert.match(ended ?? '', /^A long answer \/ The answer reached its maximum length \(MAX_TOKENS\)\.$/);
  });

  it('a stopped answer, another candidate and another chat are announced', async () => {
    const post = view().post.bind(view());
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: 'Half', status: 'streaming' }, 'ex-1')]), busy: true }) });
    await post({ type: 'turn/update', seq: 0, exchange: exchange('q', { markdown: 'Half', status: 'stopped' }, 'ex-1') });
    await eventually(said, (t) => t === 'Answer stopped.', 'stop announced');

    await post({ type: 'turn/update', seq: 0, exchange: exchange('q', { markdown: 'One', candidateIndex: 0, candidateCount: 2 }, 'ex-1') });
    await post({ type: 'turn/update', seq: 0, exchange: exchange('q', { markdown: 'Two', candidateIndex: 1, candidateCount: 2 }, 'ex-1') });
    await eventually(said, (t) => t === 'Candidate 2 of 2.', 'candidate announced');

    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([], { id: 'chat-2', title: 'Another chat' }) }) });
    await eventually(said, (t) => t === 'Opened the chat “Another chat”.', 'chat announced');
  });

  it('a file attached by a command is announced; its upload going on, or an edit\'s files, are not news', async () => {
    const post = view().post.bind(view());
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: 'a' }, 'ex-1')]) }) });
    const chip = { id: 'c1', label: 'cart.ts:3-5', kind: 'selection' as const, size: 40 };
    await post({ type: 'composer/set', composer: { attachments: [chip] } });
    await eventually(said, (t) => t === 'Attached cart.ts:3-5.', 'the chip announced');
    const video = { id: 'v1', label: 'cat.mp4', kind: 'binary' as const, size: 9e6, progress: 0.1 };
    await post({ type: 'composer/set', composer: { attachments: [chip, video] } });
    await eventually(said, (t) => t === 'Attached cat.mp4.', 'the second announced alone');
    await post({ type: 'composer/set', composer: { attachments: [chip, { ...video, progress: 0.5 }] } });
    await post({ type: 'composer/set', text: 'q', composer: { attachments: [{ id: 'e1', label: 'old.png', kind: 'image', size: 9 }], editingExchangeId: 'ex-1' } });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await said(), 'Attached cat.mp4.', 'nothing more said');
  });

  it('an info notice is said too (a status put on the page with its text may go unread); the banner is not said again as a chip\'s upload goes on', async () => {
    const post = view().post.bind(view());
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await post({ type: 'notice', level: 'info', message: 'Stopped before any answer came. The earlier answer is back.' });
    await eventually(said, (t) => t === 'Stopped before any answer came. The earlier answer is back.', 'the notice said');
    const chip = { id: 'v1', label: 'cat.mp4', kind: 'binary' as const, size: 9e6, progress: 0.2 };
    await post({ type: 'composer/set', composer: { attachments: [chip], waitingFor: ['cat.mp4'] } });
    const banner = view().page.getByText('The message goes once “cat.mp4” is uploaded.');
    await banner.waitFor();
    await banner.evaluate((el) => el.setAttribute('data-first', ''));
    await post({ type: 'composer/set', composer: { attachments: [{ ...chip, progress: 0.6 }], waitingFor: ['cat.mp4'] } });
    await eventually(() => view().page.getByRole('progressbar').evaluate((p) => (p as unknown as { value: number }).value), (v) => v === 0.6, 'the progress shown');
    assert.equal(await banner.getAttribute('data-first'), '', 'the same banner, not written again');
  });

  it('exchanges removed from the chat shown (a rewind) are announced', async () => {
    const post = view().post.bind(view());
    const three = [exchange('one', { markdown: '1' }, 'ex-1'), exchange('two', { markdown: '2' }, 'ex-2'), exchange('three', { markdown: '3' }, 'ex-3')];
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(three) }) });
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(three.slice(0, 1)) }) });
    await eventually(said, (t) => t === '2 exchanges removed from the chat.', 'the removal announced');
  });

  it('exchanges replaced (Regenerate, an edit sent, a failed message sent again) are announced as what is going on', async () => {
    const post = view().post.bind(view());
    const three = [exchange('one', { markdown: '1' }, 'ex-1'), exchange('two', { markdown: '2' }, 'ex-2'), exchange('three', { markdown: '3' }, 'ex-3')];
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(three) }) });
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(three.slice(0, 2)), removal: 'regenerate' }) });
    await eventually(said, (t) => t === 'Asking Gemini again for the last answer.', 'Regenerate announced');
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(three) }) });
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]), removal: 'edit' }) });
    await eventually(said, (t) => t === 'Sending the edited message; the 2 exchanges after it are removed.', 'the edit announced');
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(three) }) });
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(three.slice(0, 2)), removal: 'edit' }) });
    await eventually(said, (t) => t === 'Sending the edited message.', 'the edit of the last message announced');
    // A failed message sent again: it came back to the box with its reason; nothing is removed to speak of.
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(three.slice(0, 1)), removal: 'resend' }) });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await said(), 'Sending the edited message.', 'nothing new said');
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]), removal: 'stoppedBeforeAnswer' }) });
    await eventually(said, (t) => t === 'Stopped before any answer came: the message is back in the message box.', 'Stop before any answer announced');
  });

  it('a retry wait is announced once, an interrupted answer is an alert, and an early end says why in words', async () => {
    const post = view().post.bind(view());
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: '', status: 'waiting' }, 'ex-1')]), busy: true }) });
    await post({ type: 'turn/update', seq: 0, exchange: exchange('q', { markdown: '', status: 'waiting', retry: { until: Date.now() + 6_000, reason: 'Rate limited (429)' } }, 'ex-1') });
    await eventually(said, (t) => /^Rate limited \(429\): retrying in [56] seconds\.$/.test(t ?? ''), 'the wait announced');
    await post({ type: 'turn/update', seq: 1, exchange: exchange('q', { markdown: 'Half an answer', status: 'interrupted' }, 'ex-1') });
    await eventually(() => view().page.getByRole('alert').allInnerTexts(), (t) => t.some((x) => x.includes('The answer was interrupted.')), 'an alert');
    await post({ type: 'turn/update', seq: 2, exchange: exchange('q', { markdown: 'A long answer', status: 'complete', finishReason: 'MAX_TOKENS' }, 'ex-1') });
    await eventually(() => view().page.locator('.answer-status').innerText(), (t) => t.includes('The answer reached its maximum length (MAX_TOKENS).'), 'the reason in words');
  });
});

describe('webview: read with a screen reader', () => {
  const view = useWebviewPage();
  const said = () => view().page.getByRole('status', { name: 'Announcements' }).textContent();

  it('an answer streams in with nothing around its live region marked busy, and its end is announced', async () => {
    const post = view().post.bind(view());
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await post({ type: 'turn/start', exchange: exchange('q', { status: 'waiting' }, 'ex-1') });
    await post({ type: 'turn/chunk', exchangeId: 'ex-1', seq: 0, text: 'First paragraph.\n\nSecond' });
    const live = view().page.locator('[aria-live="polite"]');
    await eventually(() => live.innerText(), (t) => t.includes('First paragraph.'), 'the first block in the live region');
    // A screen reader may keep quiet about a live region inside a busy element until it is not busy.
    assert.equal(await live.evaluate((el) => el.closest('[aria-busy="true"]') === null), true, 'no busy element around it');
    await post({ type: 'turn/update', seq: 1, exchange: exchange('q', { markdown: 'First paragraph.\n\nSecond paragraph.' }, 'ex-1') });
    await eventually(said, (t) => t === 'Answer complete.', 'the end announced');
  });

  it('an answer that ends early, or empty, says so with its end, in the words of its note', async () => {
    const post = view().post.bind(view());
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: 'A long', status: 'streaming' }, 'ex-1')]), busy: true }) });
    await post({ type: 'turn/update', seq: 0, exchange: exchange('q', { markdown: 'A long answer', status: 'complete', finishReason: 'MAX_TOKENS' }, 'ex-1') });
    await eventually(said, (t) => t === 'Answer complete. The answer reached its maximum length (MAX_TOKENS).', 'the early end said');
    await post({ type: 'turn/start', exchange: exchange('q2', { status: 'waiting' }, 'ex-2') });
    await post({ type: 'turn/update', seq: 0, exchange: exchange('q2', { markdown: '', status: 'complete', finishReason: 'STOP' }, 'ex-2') });
    await eventually(said, (t) => t === 'Answer complete. Gemini sent an empty answer.', 'the empty answer said');
  });

  it('an answer shown again by a snapshot while it streams (as after a chat\'s first message) goes on being read as it settles, without reading again what was read', async () => {
    const post = view().post.bind(view());
    const page = view().page;
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await post({ type: 'turn/start', exchange: exchange('q', { status: 'waiting' }, 'ex-1') });
    await post({ type: 'turn/chunk', exchangeId: 'ex-1', seq: 0, text: 'First paragraph.\n\nSecond' });
    await eventually(() => page.locator('[aria-live="polite"]').innerText(), (t) => t.includes('First paragraph.'), 'the first block in the live region');
    // What a screen reader is told from here on: text put inside a live region, live when it is put there.
    // (Run in the page as a script: this file's types have no DOM.)
    await page.evaluate(`
      window.heard = [];
      new MutationObserver((records) => {
        for (const r of records) {
          if (!(r.target instanceof Element) || !r.target.closest('[aria-live="polite"]')) continue;
          for (const node of r.addedNodes) window.heard.push(node.textContent ?? '');
        }
      }).observe(document.body, { childList: true, subtree: true });
    `);
    const heard = (): Promise<string> => page.evaluate<string>(`window.heard.join(' | ')`);
    await post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: 'First paragraph.\n\nSecond', status: 'streaming' }, 'ex-1')]), busy: true }) });
    await post({ type: 'turn/chunk', exchangeId: 'ex-1', seq: 1, text: ' paragraph.\n\nThird paragraph.\n\nFourth' });
    await eventually(heard, (t) => t.includes('Second paragraph.') && t.includes('Third paragraph.'), 'the blocks settled since, read');
    assert.doesNotMatch(await heard(), /First paragraph/, 'not the one read before');
  });

  it('headings: the chat\'s title, then each message\'s author, then the answer\'s own headings under it', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: '# Big title\n\nText.\n\n## Part two' })], { title: 'Sorting' }) }) });
    const page = view().page;
    await page.getByRole('heading', { name: 'Big title' }).waitFor();
    // Each heading's level as the accessibility tree has it.
    const levels: Record<string, number[]> = {};
    for (const name of ['Sorting', 'You', 'Gemini', 'Big title', 'Part two']) {
      for (const level of [1, 2, 3, 4, 5, 6]) {
        if ((await page.getByRole('heading', { name, level, exact: true }).count()) > 0) (levels[name] ??= []).push(level);
      }
    }
    assert.deepEqual(levels, { Sorting: [1], You: [2], Gemini: [2], 'Big title': [3], 'Part two': [4] });
    // And no taller on screen than a side bar can bear (the browser's own h1 is twice the text).
    const ratio = Number(await page.evaluate(`(() => { const h = document.querySelector('.markdown .md-h1'); return parseFloat(getComputedStyle(h).fontSize) / parseFloat(getComputedStyle(h.closest('.markdown')).fontSize); })()`));
    assert.ok(ratio <= 1.5, `an answer's h1 is ${ratio}× the text`);
  });

  it('a code block says what it is (a long one scrolls and is a Tab stop); Copy says it copied', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: `\`\`\`js\nconsole.log(${'1 + '.repeat(60)}1);\n\`\`\`\n\n\`\`\`\nplain\n\`\`\`` })]) }) });
    const page = view().page;
    await page.getByRole('group', { name: 'js code' }).waitFor();
    assert.equal(await page.getByRole('group', { name: 'Code', exact: true }).count(), 1, 'a block with no language');
    await page.getByRole('button', { name: 'Copy' }).first().click();
    await eventually(said, (t) => t === 'Copied to the clipboard.', 'copy announced');
  });

  it('Enter while an answer arrives says why nothing was sent, and keeps the text', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: 'Half', status: 'streaming' }, 'ex-1')]), busy: true }) });
    const box = view().page.getByRole('textbox', { name: 'Message' });
    await box.fill('the next question');
    await box.press('Enter');
    await eventually(() => view().page.getByRole('status').allInnerTexts(), (t) => t.some((x) => x.includes('Gemini is still answering. Send this message once the answer is done, or press Escape to stop the answer.')), 'a notice');
    assert.equal(await box.inputValue(), 'the next question');
    assert.equal(view().sent().some((m) => m.type === 'prompt/send'), false);
    // Once the answer is done the notice is out of date, and goes.
    await view().post({ type: 'turn/update', seq: 0, exchange: exchange('q', { markdown: 'Half, and the rest.', status: 'complete' }, 'ex-1') });
    // (At once: an info notice also goes by itself, but only after some seconds.)
    await view().page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    assert.deepEqual((await view().page.locator('.notice').allInnerTexts()).filter((x) => x.includes('still answering')), [], 'the notice gone');
    assert.equal(await box.inputValue(), 'the next question');
  });
});

describe('webview: the chat switcher', () => {
  const view = useWebviewPage();
  const shown = () =>
    view().page.getByRole('combobox', { name: 'Switch chat' }).evaluate((e) => {
      const d = e as unknown as { value: string; displayValue: string };
      return `${d.value} ${d.displayValue}`;
    });

  it('names the open chat when the list is reordered, and each entry opens its chat', async () => {
    const titles: Record<string, string> = { a: 'Alpha', b: 'Bravo', c: 'Charlie' };
    /** `saved`: the chats listed, newest first; `openId` the chat shown, unsaved (titled "New Chat") when not listed. */
    const open = async (saved: string[], openId: string) => {
      const title = saved.includes(openId) ? titles[openId]! : 'New Chat';
      await view().post({
        type: 'state/snapshot',
        snapshot: snapshot({ chats: saved.map((id) => ({ id, title: titles[id]! })), chat: chat([], { id: openId, title }) }),
      });
      await eventually(shown, (s) => s === `${openId} ${title}`, `${title} shown`);
    };
    // Three chats made one after another (each new one unsaved until its first message).
    await open([], 'a');
    await open(['a'], 'a');
    await open(['a'], 'b');
    await open(['b', 'a'], 'b');
    await open(['b', 'a'], 'c');
    await open(['c', 'b', 'a'], 'c');
    // Alpha opened and a message sent in it (which moves it to the top of the list), then Charlie opened.
    await open(['c', 'b', 'a'], 'a');
    await open(['a', 'c', 'b'], 'c');
    titles.c = 'Charlie, renamed';
    await open(['c', 'a', 'b'], 'c');
    const switcher = view().page.getByRole('combobox', { name: 'Switch chat' });
    await switcher.click();
    // Each entry is named by its chat's title, for screen readers too.
    assert.deepEqual(await view().page.locator('vscode-option').evaluateAll((os) => os.map((o) => o.getAttribute('aria-label'))), ['Charlie, renamed', 'Alpha', 'Bravo']);
    await view().page.getByRole('option', { name: 'Alpha' }).click();
    const switched = await view().waitForSent('chat/switch');
    assert.equal(switched.chatId, 'a');
  });
});
