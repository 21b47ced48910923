import { strict as assert } from 'node:assert';
import { chat, exchange, snapshot } from './builders';
import { eventually, useWebviewPage } from './pageSession';
import type { ExchangeView } from '../../src/shared/protocol';

describe('webview: answer statuses and actions', () => {
  const view = useWebviewPage();
  const open = (exchanges: ExchangeView[], busy = false) => view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(exchanges), busy }) });
  const gemini = () => view().page.getByRole('article', { name: /^Gemini/ }).last();

  it('counts down a retry wait', async () => {
    await open([exchange('q', { status: 'waiting', retry: { until: Date.now() + 12_000, reason: 'Rate limited' } }, 'ex-1')], true);
    const text = await eventually(() => gemini().innerText(), (t) => /Rate limited — retrying in \d+ s/.test(t), 'retry wait shown');
    const seconds = Number(/retrying in (\d+) s/.exec(text)?.[1]);
    assert.ok(seconds > 0 && seconds <= 12, `seconds: ${seconds}`);
  });

  it('a long wait for the first byte counts its seconds, until the answer begins', async () => {
    await view().page.clock.install();
    await open([exchange('q', { status: 'waiting', markdown: '' }, 'ex-1')], true);
    await gemini().getByText('Waiting for Gemini…', { exact: true }).waitFor();
    await view().page.clock.runFor(9_000);
    assert.match(await gemini().innerText(), /Waiting for Gemini…(?! \d)/, 'a usual wait: no count');
    await view().page.clock.runFor(3_000);
    await eventually(() => gemini().innerText(), (t) => t.includes('Waiting for Gemini… 12 s'), 'the seconds counted');
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-1', seq: 0, text: 'At last.' });
    await view().page.clock.runFor(1_000);
    await eventually(() => gemini().innerText(), (t) => t.includes('At last.') && !t.includes('Waiting'), 'the count gone once text arrives');
  });

  it('a retry wait that ends in a failure leaves only the failure to hear', async () => {
    await open([], true);
    const waiting = exchange('q', { status: 'waiting', markdown: '' }, 'ex-1');
    await view().post({ type: 'turn/start', exchange: waiting });
    await view().post({ type: 'turn/update', seq: 0, exchange: { ...waiting, answer: { ...waiting.answer, retry: { until: Date.now() + 5_000, reason: 'Gemini answered 500' } } } });
    const region = view().page.getByRole('status', { name: 'Announcements' });
    await eventually(() => region.textContent(), (t) => /retrying in \d+ seconds?/.test(t ?? ''), 'the wait announced');
    await view().post({ type: 'turn/update', seq: 1, exchange: { ...waiting, answer: { ...waiting.answer, status: 'error', error: { message: 'Gemini answered 500.', action: 'retry' } } } });
    await view().page.getByRole('alert').filter({ hasText: 'Gemini answered 500.' }).waitFor();
    assert.equal(await region.textContent(), '', 'the wait is no longer news');
  });

  it('a retry wait that has run out says it tried again, never "in 0 s", and counts a long wait for that attempt', async () => {
    await view().page.clock.install();
    const until = (await view().page.evaluate('Date.now()')) as number;
    await open([exchange('q', { status: 'waiting', retry: { until: until + 1_200, reason: 'Rate limited' } }, 'ex-1')], true);
    await eventually(() => gemini().innerText(), (t) => /Rate limited — retrying in [12] s/.test(t), 'retry wait shown');
    await view().page.clock.runFor(2_000);
    await eventually(() => gemini().innerText(), (t) => t.includes('Rate limited — tried again, waiting for Gemini…') && !/\d s/.test(t), 'the wait over');
    assert.doesNotMatch(await gemini().innerText(), /in 0 s/);
    await view().page.clock.runFor(11_000);
    await eventually(() => gemini().innerText(), (t) => t.includes('Rate limited — tried again, waiting for Gemini… 11 s'), 'the attempt\'s wait counted');
  });

  it('an interrupted answer keeps its text, marked, with Retry, and says it is not sent as part of the chat', async () => {
    await open([exchange('q', { status: 'interrupted', markdown: 'Half of it' }, 'ex-1')]);
    const article = view().page.getByRole('article', { name: /^Gemini, interrupted/ });
    await article.waitFor();
    assert.match(await article.innerText(), /Half of it/);
    assert.match(await article.innerText(), /The answer was interrupted\. This exchange, your message too, is left out of what Gemini is sent next; Retry asks again\./);
    assert.equal(await article.getByRole('button', { name: 'Regenerate' }).count(), 0, 'one way to ask again: Retry');
    await article.getByRole('button', { name: 'Retry' }).click();
    assert.deepEqual(await view().waitForSent('turn/retry'), { type: 'turn/retry', exchangeId: 'ex-1' });
  });

  it('an interrupted answer says why, when the host knows', async () => {
    await open([exchange('q', { status: 'interrupted', markdown: 'Half of it', error: { message: 'The reply was cut off when VS Code closed.', action: 'retry' } }, 'ex-1')]);
    const article = view().page.getByRole('article', { name: /^Gemini, interrupted/ });
    await article.waitFor();
    assert.match(await article.innerText(), /The reply was cut off when VS Code closed\. This exchange, your message too, is left out of what Gemini is sent next; Retry asks again\./);
    assert.doesNotMatch(await article.innerText(), /The answer was interrupted/, 'the reason in place of the general words');
  });

  it('an earlier interrupted or failed answer offers no Retry (it would drop the exchanges after it); the last one does', async () => {
    const interrupted = exchange('first', { status: 'interrupted', markdown: 'Half of it' }, 'ex-1');
    const failed = exchange('second', { status: 'error', error: { message: 'The service is overloaded.', status: 503, action: 'retry' } }, 'ex-2');
    await open([interrupted, failed]);
    const answers = view().page.getByRole('article', { name: /^Gemini/ });
    await eventually(() => answers.count(), (n) => n === 2, 'both answers');
    assert.equal(await answers.nth(0).getByRole('button', { name: 'Retry' }).count(), 0, 'no Retry on the earlier interrupted answer');
    assert.match(await answers.nth(0).innerText(), /The answer was interrupted\. This exchange, your message too, is left out of what Gemini is sent\./);
    assert.equal(await answers.nth(1).getByRole('button', { name: 'Retry' }).count(), 1, 'Retry on the last');
    await view().post({ type: 'turn/start', exchange: exchange('third', { status: 'waiting' }, 'ex-3') });
    await eventually(() => answers.count(), (n) => n === 3, 'a third exchange');
    await view().post({ type: 'turn/update', seq: 0, exchange: exchange('third', { markdown: 'Done.' }, 'ex-3') });
    await eventually(() => answers.nth(1).getByRole('button', { name: 'Retry' }).count(), (n) => n === 0, 'no Retry on the failed answer once it is not the last');
    assert.match(await answers.nth(1).innerText(), /The service is overloaded\./, 'its message stays');
  });

  for (const [action, label, icon] of [['setApiKey', 'Set API Key', 'key'], ['selectModel', 'Select Model…', 'sparkle'], ['retry', 'Retry', 'refresh']] as const) {
    it(`an error shows the API's message and ${label}, with the icon its command has`, async () => {
      await open([exchange('q', { status: 'error', error: { message: 'API key not valid. Please pass a valid API key.', status: 400, action } }, 'ex-1')]);
      const article = view().page.getByRole('article', { name: /^Gemini, error/ });
      await article.waitFor();
      assert.match(await article.innerText(), /API key not valid/);
      const button = article.getByRole('button', { name: label });
      assert.equal(await article.locator('vscode-button', { has: view().page.locator(`.codicon-${icon}`) }).count(), 1, `the ${icon} icon on ${label}`);
      await button.click();
      assert.deepEqual(await view().waitForSent('action/run'), { type: 'action/run', action });
    });
  }

  it('an error\'s web address is a link that opens outside, the message read as written', async () => {
    const message = 'Quota exceeded for metric: generate_content_free_tier_requests. To monitor your usage, head to: https://ai.dev/usage?tab=rate-limit. (This is a per-day quota.)';
    await open([exchange('q', { status: 'error', error: { message, status: 429 } }, 'ex-1')]);
    const article = view().page.getByRole('article', { name: /^Gemini, error/ });
    await article.waitFor();
    assert.ok((await article.innerText()).includes(message), 'the text unchanged');
    const link = article.getByRole('link', { name: 'https://ai.dev/usage?tab=rate-limit' });
    await link.click();
    assert.deepEqual(await view().waitForSent('link/open'), { type: 'link/open', href: 'https://ai.dev/usage?tab=rate-limit' });
  });

  it('a button with a word (Retry, Cancel, Send) holds its word whole, on one line', async () => {
    const cut = exchange('q', { markdown: 'Half.', status: 'interrupted', error: { message: 'The connection dropped.', action: 'retry' } }, 'ex-1');
    await open([cut]);
    await view().post({ type: 'composer/set', text: 'q', composer: { attachments: [], editingExchangeId: 'ex-1' } });
    await view().page.getByText('Editing a message').waitFor();
    const labels = (await view().page.locator('.button-label').evaluateAll((els) =>
      els
        .filter((el) => (el as unknown as { offsetParent: unknown }).offsetParent)
        .map((el) => {
          const label = el.getBoundingClientRect();
          const button = el.closest('vscode-button')!.getBoundingClientRect();
          return { text: el.textContent, fits: el.scrollWidth <= Math.ceil(label.width) && label.height < 24 && label.left >= button.left && label.right <= button.right };
        }),
    )) as { text: string; fits: boolean }[];
    assert.deepEqual(labels.map((l) => l.text).sort(), ['Cancel', 'Retry', 'Send']);
    assert.deepEqual(labels.filter((l) => !l.fits), [], 'each word inside its button, whole');
  });

  it('a blocked answer says so', async () => {
    await open([exchange('q', { status: 'blocked', finishReason: 'SAFETY' }, 'ex-1')]);
    const article = view().page.getByRole('article', { name: /^Gemini, blocked/ });
    await article.waitFor();
    assert.match(await article.innerText(), /Blocked by safety filters \(SAFETY\)/);
  });

  it('a finished answer with no text says it was empty, rather than showing a blank', async () => {
    await open([exchange('q', { status: 'complete', markdown: '' }, 'ex-1'), exchange('q2', { status: 'complete', markdown: 'An answer.' }, 'ex-2')]);
    await eventually(() => view().page.getByRole('article', { name: /^Gemini/ }).first().innerText(), (t) => t.includes('Gemini sent an empty answer.'), 'the empty answer said');
    assert.ok(!(await gemini().innerText()).includes('empty answer'), 'an answer with text says nothing of the kind');
  });

  it('switches between candidates: "2 of 3"', async () => {
    await open([exchange('q', { markdown: 'second take', candidateIndex: 1, candidateCount: 3 }, 'ex-1')]);
    const switcher = view().page.getByRole('group', { name: 'Candidates' });
    await switcher.waitFor();
    assert.match(await switcher.innerText(), /2 of 3/);
    await switcher.getByRole('button', { name: 'Next candidate' }).click();
    assert.deepEqual(await view().waitForSent('turn/candidate'), { type: 'turn/candidate', exchangeId: 'ex-1', index: 2 });
    await switcher.getByRole('button', { name: 'Previous candidate' }).click();
    assert.deepEqual(await view().waitForSent('turn/candidate', (m) => m.index === 0), { type: 'turn/candidate', exchangeId: 'ex-1', index: 0 });
  });

  it('an answer with exchanges after it keeps its candidate: its switcher shows it, without arrows to change it', async () => {
    await open([exchange('q', { markdown: 'second take', candidateIndex: 1, candidateCount: 3 }, 'ex-1'), exchange('q2', { markdown: 'later' }, 'ex-2')]);
    const switcher = view().page.getByRole('group', { name: 'Candidates' });
    await switcher.waitFor();
    assert.match(await switcher.innerText(), /2 of 3/);
    assert.equal(await switcher.getByRole('button', { name: 'Next candidate' }).isDisabled(), true);
    assert.equal(await switcher.getByRole('button', { name: 'Previous candidate' }).isDisabled(), true);
    // Rewound to it, it is the last answer again: its choice opens.
    await open([exchange('q', { markdown: 'second take', candidateIndex: 1, candidateCount: 3 }, 'ex-1')]);
    await eventually(() => switcher.getByRole('button', { name: 'Next candidate' }).isDisabled(), (d) => !d, 'arrows enabled');
  });

  it('offers Edit and Rewind on each question, Regenerate on the last answer only', async () => {
    await open([exchange('first', { markdown: 'one' }, 'ex-1'), exchange('second', { markdown: 'two' }, 'ex-2')]);
    const you = view().page.getByRole('article', { name: /^You/ });
    await eventually(() => you.count(), (n) => n === 2, 'two questions');
    assert.equal(await view().page.getByRole('button', { name: 'Regenerate' }).count(), 1);
    await you.nth(0).getByRole('button', { name: 'Rewind to here' }).click();
    assert.deepEqual(await view().waitForSent('turn/rewind'), { type: 'turn/rewind', exchangeId: 'ex-1' });
    await you.nth(1).getByRole('button', { name: 'Edit' }).click();
    assert.deepEqual(await view().waitForSent('turn/edit'), { type: 'turn/edit', exchangeId: 'ex-2' });
    await view().page.getByRole('button', { name: 'Regenerate' }).click();
    assert.deepEqual(await view().waitForSent('turn/regenerate'), { type: 'turn/regenerate', exchangeId: 'ex-2' });
  });

  it('every answer offers Copy Answer, which copies its Markdown and says so', async () => {
    await open([exchange('first', { markdown: 'one **bold**' }, 'ex-1'), exchange('second', { markdown: 'two' }, 'ex-2')]);
    const copy = view().page.getByRole('article', { name: /^Gemini/ }).first().getByRole('button', { name: 'Copy Answer' });
    await copy.click();
    assert.deepEqual(await view().waitForSent('code/copy'), { type: 'code/copy', code: 'one **bold**' });
    await eventually(() => view().page.getByRole('article', { name: /^Gemini/ }).first().getByRole('button', { name: 'Copied' }).count(), (n) => n === 1, 'the button says Copied');
    assert.equal(await view().page.getByRole('button', { name: 'Copy Answer' }).count(), 1, 'the other answer keeps its own');
  });

  it('while only thoughts stream, their fold says "Thinking…"; once the answer starts, "Thoughts"', async () => {
    await open([exchange('q', { status: 'waiting', markdown: '' }, 'ex-1')], true);
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-1', seq: 0, thought: 'Weighing the options' });
    const fold = gemini().locator('summary');
    await eventually(() => fold.innerText(), (t) => t === 'Thinking…', 'thinking shown');
    await view().post({ type: 'turn/chunk', exchangeId: 'ex-1', seq: 1, text: 'The answer.' });
    await eventually(() => fold.innerText(), (t) => t === 'Thoughts', 'the fold named for what it holds');
  });

  it('folds thoughts away, lists sources, shows tokens per answer and for the chat', async () => {
    await open([
      exchange('q', {
        markdown: 'The answer.',
        thoughts: 'Considering **options**',
        sources: [{ title: 'Example docs', uri: 'https://example.com/docs' }],
        usage: { prompt: 1200, output: 345, thoughts: 67 },
      }, 'ex-1'),
    ]);
    const article = gemini();
    await article.getByText('The answer.').waitFor();
    const thoughts = article.getByText('Considering');
    assert.equal(await thoughts.isVisible(), false);
    await article.getByText('Thoughts').click();
    await thoughts.waitFor({ state: 'visible' });
    assert.match(await article.innerText(), /Tokens: 1,200 in · 345 out · 67 thinking/);
    await article.getByRole('link', { name: 'Example docs' }).click();
    assert.deepEqual(await view().waitForSent('link/open'), { type: 'link/open', href: 'https://example.com/docs' });
    assert.equal(await view().page.locator('.chat-usage').innerText(), '1,612 tokens');
  });

  it('the chat\'s token total takes in each answer as it ends, and drops the ones rewound', async () => {
    await open([exchange('q1', { markdown: 'First.', usage: { prompt: 10, output: 5, total: 15 } }, 'ex-1')]);
    const total = view().page.locator('.chat-usage');
    await eventually(() => total.innerText(), (t) => t === '15 tokens', 'the total of the chat opened');
    await view().post({ type: 'turn/start', exchange: exchange('q2', { status: 'waiting', markdown: '' }, 'ex-2') });
    await view().post({ type: 'turn/update', seq: 0, exchange: exchange('q2', { status: 'complete', markdown: 'Second.', usage: { prompt: 30, output: 7, total: 37 } }, 'ex-2') });
    await eventually(() => total.innerText(), (t) => t === '52 tokens', 'the total once the second answer ended');
    await open([exchange('q1', { markdown: 'First.', usage: { prompt: 10, output: 5, total: 15 } }, 'ex-1')]);
    await eventually(() => total.innerText(), (t) => t === '15 tokens', 'the total after rewinding the second exchange');
  });

  it('code blocks offer Copy and Insert at Cursor', async () => {
    await open([exchange('q', { markdown: '```python\nprint("hi")\n```' }, 'ex-1')]);
    const article = gemini();
    await view().page.clock.install();
    await article.getByRole('button', { name: 'Copy', exact: true }).click();
    assert.deepEqual(await view().waitForSent('code/copy'), { type: 'code/copy', code: 'print("hi")\n' });
    // It says so for a moment, then is the Copy button again.
    await article.getByRole('button', { name: 'Copied' }).waitFor();
    await view().page.clock.runFor(2_000);
    await article.getByRole('button', { name: 'Copy', exact: true }).waitFor();
    await article.getByRole('button', { name: 'Insert at Cursor' }).click();
    assert.deepEqual(await view().waitForSent('code/insert'), { type: 'code/insert', code: 'print("hi")\n' });
  });

  it('without credentials: a welcome with Set API Key', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: undefined, chats: [], needsCredentials: true }) });
    const welcome = view().page.getByRole('region', { name: 'Welcome' });
    await welcome.waitFor();
    await welcome.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepEqual(await view().waitForSent('action/run'), { type: 'action/run', action: 'setApiKey' });
    await welcome.getByRole('link', { name: 'Google AI Studio' }).click();
    assert.deepEqual(await view().waitForSent('link/open'), { type: 'link/open', href: 'https://aistudio.google.com/apikey' });
    assert.doesNotMatch(await view().page.locator('body').innerText(), /at \w+ \(|Error:/);
  });

  it('without credentials, a chat with messages stays readable under the welcome; with a key again, the warnings about it go', async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('an earlier question', { markdown: 'an earlier answer' }, 'ex-1')]), needsCredentials: true }) });
    const welcome = view().page.getByRole('region', { name: 'Welcome' });
    await welcome.waitFor();
    await welcome.getByRole('button', { name: 'Set API Key' }).waitFor();
    const answer = view().page.getByRole('article', { name: /^Gemini/ });
    await answer.waitFor();
    assert.match(await answer.innerText(), /an earlier answer/);
    const [w, a] = await Promise.all([welcome.boundingBox(), answer.boundingBox()]);
    assert.ok(w && a && a.y >= w.y + w.height, 'the conversation below the welcome');
    // Once a key is set, the welcome goes, and so does the warning that asked for one.
    await view().post({ type: 'notice', level: 'warning', message: 'Set an API key first (Gemini Chat: Set API Key).' });
    await view().page.getByRole('alert').filter({ hasText: 'Set an API key first' }).waitFor();
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('an earlier question', { markdown: 'an earlier answer' }, 'ex-1')]) }) });
    await view().post({ type: 'notice', level: 'info', message: 'API key saved.' });
    await view().page.locator('.notices').getByRole('status').filter({ hasText: 'API key saved.' }).waitFor();
    assert.equal(await view().page.getByText('Set an API key first', { exact: false }).count(), 0, 'the old warning is gone');
    assert.equal(await welcome.isVisible(), false);
  });

  it('the chat switcher marks another chat whose answer is still arriving', async () => {
    const other = { id: 'chat-2', title: 'Regex help', answering: true };
    const s = snapshot({ chat: chat([]) });
    await view().post({ type: 'state/snapshot', snapshot: { ...s, chats: [...s.chats, other] } });
    await view().page.getByRole('combobox', { name: 'Switch chat' }).click();
    await view().page.getByRole('option', { name: 'Regex help (answering…)' }).waitFor();
    assert.equal(await view().page.getByRole('option', { name: 'Sorting in TypeScript', exact: true }).count(), 1, 'the open chat unmarked');
    await view().page.keyboard.press('Escape');
    await view().post({ type: 'state/snapshot', snapshot: { ...s, chats: [...s.chats, { ...other, answering: false }] } });
    await view().page.getByRole('combobox', { name: 'Switch chat' }).click();
    await view().page.getByRole('option', { name: 'Regex help', exact: true }).waitFor();
    await view().page.keyboard.press('Escape');
  });

  it('the chat switcher names the open chat as the view does: a chat rewound to empty is a new chat', async () => {
    const s = snapshot({ chat: chat([], { title: 'New Chat' }) });
    await view().post({ type: 'state/snapshot', snapshot: { ...s, chats: [{ ...s.chats[0]!, title: 'A question rewound' }] } });
    await view().page.getByRole('heading', { level: 1, name: 'New Chat' }).waitFor();
    await view().page.getByRole('combobox', { name: 'Switch chat' }).click();
    await view().page.getByRole('option', { name: 'New Chat', exact: true }).waitFor();
    assert.equal(await view().page.getByRole('option', { name: 'A question rewound' }).count(), 0);
    await view().page.keyboard.press('Escape');
  });

  it('switches chats and starts new ones from the view; shows notices', async () => {
    const other = { id: 'chat-2', title: 'Regex help' };
    const s = snapshot({ chat: chat([]) });
    await view().post({ type: 'state/snapshot', snapshot: { ...s, chats: [...s.chats, other] } });
    const switcher = view().page.getByRole('combobox', { name: 'Switch chat' });
    await switcher.click();
    await view().page.getByRole('option', { name: 'Regex help' }).click();
    assert.deepEqual(await view().waitForSent('chat/switch'), { type: 'chat/switch', chatId: 'chat-2' });
    await view().page.getByRole('button', { name: 'New Chat' }).click();
    await view().waitForSent('chat/new');
    await view().post({ type: 'notice', level: 'error', message: 'The chat file was damaged and set aside.' });
    assert.match(await view().page.getByRole('alert').innerText(), /damaged and set aside/);
  });

  it('an info notice goes by itself after a while, the same notice is shown once, a warning stays', async () => {
    await open([exchange('q', { markdown: 'a' }, 'ex-1')]);
    await view().page.clock.install();
    await view().post({ type: 'notice', level: 'warning', message: 'Could not save this chat.' });
    await view().post({ type: 'notice', level: 'info', message: 'Open a file in an editor first, then Insert at Cursor.' });
    await view().post({ type: 'notice', level: 'info', message: 'Open a file in an editor first, then Insert at Cursor.' });
    const status = view().page.locator('.notices').getByRole('status').filter({ hasText: 'Insert at Cursor' });
    assert.equal(await status.count(), 1, 'a repeated notice is shown once');
    await view().page.clock.runFor(7_000);
    assert.equal(await status.count(), 1, 'still there after 7 s');
    await view().page.clock.runFor(1_500);
    await eventually(() => status.count(), (n) => n === 0, 'the info notice gone after 8 s');
    assert.match(await view().page.getByRole('alert').innerText(), /Could not save this chat\./, 'the warning stays');
  });

  it('a notice that offers something to do stays until it is done: its button runs the action and the notice goes', async () => {
    await open([exchange('q', { markdown: 'a' }, 'ex-1')]);
    await view().page.clock.install();
    const message = 'The changed settings apply to new chats: “q” keeps the ones it started with.';
    await view().post({ type: 'notice', level: 'info', message, action: 'useSettings' });
    await view().post({ type: 'notice', level: 'info', message, action: 'useSettings' });
    const notice = view().page.locator('.notices').getByRole('status');
    assert.equal(await notice.count(), 1, 'said once');
    await view().page.clock.runFor(20_000);
    assert.equal(await notice.count(), 1, 'still there after 20 s');
    assert.equal(await notice.getByText(message).count(), 1);
    await notice.getByRole('button', { name: 'Use Them in This Chat' }).click();
    assert.deepEqual(await view().waitForSent('action/run'), { type: 'action/run', action: 'useSettings' });
    await eventually(() => notice.count(), (n) => n === 0, 'the notice gone once acted on');
  });

  it('notices go when a new message starts or another chat opens, not when the same chat is shown again', async () => {
    await open([exchange('q', { markdown: 'a' }, 'ex-1')]);
    const alert = view().page.getByRole('alert');
    await view().post({ type: 'notice', level: 'warning', message: 'Set an API key first (Gemini Chat: Set API Key).' });
    await alert.waitFor();
    await open([exchange('q', { markdown: 'a' }, 'ex-1')]);
    assert.equal(await alert.count(), 1, 'the same chat shown again keeps it');
    await view().post({ type: 'turn/start', exchange: exchange('q2', { status: 'waiting', markdown: '' }, 'ex-2') });
    await eventually(() => alert.count(), (n) => n === 0, 'gone once a message is on its way');
    await view().post({ type: 'notice', level: 'error', message: 'This file is too large to attach.' });
    await alert.waitFor();
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([], { id: 'chat-2' }) }) });
    await eventually(() => alert.count(), (n) => n === 0, 'gone in another chat');
  });

  it('reveals an exchange of a long chat', async () => {
    const many = Array.from({ length: 200 }, (_, i) => exchange(`question ${i}`, { markdown: `answer number ${i}\n\n${'filler text. '.repeat(40)}` }, `ex-${i}`));
    await open(many);
    await view().post({ type: 'chat/reveal', exchangeId: 'ex-5' });
    const target = view().page.locator('[data-exchange-id="ex-5"]').getByRole('article', { name: /^Gemini/ });
    await eventually(() => target.innerText(), (t) => t.includes('answer number 5'), 'revealed answer rendered');
    assert.equal(await target.isVisible(), true);
    const inView = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top < (globalThis as unknown as { innerHeight: number }).innerHeight && r.bottom > 0;
    });
    assert.equal(inView, true);
  });

  it('a search hit in an answer reveals the answer: scrolled to its top, highlighted, the keyboard on it', async () => {
    const many = Array.from({ length: 60 }, (_, i) => exchange(`question ${i}`, { markdown: `answer number ${i}\n\n${'filler text. '.repeat(80)}` }, `ex-${i}`));
    await open(many);
    await view().post({ type: 'chat/reveal', exchangeId: 'ex-7', side: 'model' });
    const answer = view().page.locator('[data-exchange-id="ex-7"]').getByRole('article', { name: /^Gemini/ });
    await eventually(() => answer.evaluate((el) => el.ownerDocument.activeElement === el), (focused) => focused, 'the keyboard on the answer');
    assert.match((await answer.getAttribute('class')) ?? '', /\brevealed\b/);
    const question = view().page.locator('[data-exchange-id="ex-7"]').getByRole('article', { name: /^You/ });
    assert.doesNotMatch((await question.getAttribute('class')) ?? '', /\brevealed\b/, 'the question is not the one marked');
    const [top, listTop] = await answer.evaluate((el) => [el.getBoundingClientRect().top, (el.closest('.transcript') ?? el.parentElement!).getBoundingClientRect().top]);
    assert.ok(Math.abs((top ?? 0) - (listTop ?? 0)) < 2, `the answer at the top of the conversation (${top} against ${listTop})`);
  });

  it('a reveal that comes before the chat (a view made anew) is done when the chat is drawn; only then', async () => {
    const many = Array.from({ length: 20 }, (_, i) => exchange(`question ${i}`, { markdown: `answer number ${i}` }, `ex-${i}`));
    await view().post({ type: 'chat/reveal', exchangeId: 'ex-3', side: 'model' });
    await open(many);
    const answer = view().page.locator('[data-exchange-id="ex-3"]').getByRole('article', { name: /^Gemini/ });
    await eventually(() => answer.evaluate((el) => el.classList.contains('revealed') && el.ownerDocument.activeElement === el), (done) => done, 'the answer revealed and focused');
    const [top, listTop] = await answer.evaluate((el) => [el.getBoundingClientRect().top, (el.closest('.transcript') ?? el.parentElement!).getBoundingClientRect().top]);
    assert.ok(Math.abs((top ?? 0) - (listTop ?? 0)) < 2, `the answer at the top of the conversation (${top} against ${listTop})`);
    // Kept for the next chat drawn only: one that does not hold it drops it.
    await view().post({ type: 'chat/reveal', exchangeId: 'ex-gone', side: 'model' });
    await open(many.slice(0, 10));
    await open([...many.slice(0, 10), exchange('question gone', { markdown: 'answer gone' }, 'ex-gone')]);
    assert.equal(await view().page.locator('[data-exchange-id="ex-gone"] .revealed').count(), 0);
  });

  it('a revealed answer keeps its mark when the same chat is drawn again at once (a view made anew), not later', async () => {
    const many = Array.from({ length: 20 }, (_, i) => exchange(`question ${i}`, { markdown: `answer number ${i}` }, `ex-${i}`));
    await open(many);
    await view().post({ type: 'chat/reveal', exchangeId: 'ex-7', side: 'model' });
    const marked = () => view().page.locator('[data-exchange-id="ex-7"] .revealed').count();
    assert.equal(await marked(), 1);
    // The window's focus is elsewhere as the hit opens (the picker closing).
    await view().page.evaluate('document.hasFocus = () => false');
    await open(many);
    assert.equal(await marked(), 1, 'drawn again at once: still marked');
    // Every element was made anew: the keyboard and the place go to the new answer.
    const answer = view().page.locator('[data-exchange-id="ex-7"]').getByRole('article', { name: /^Gemini/ });
    await eventually(() => answer.evaluate((el) => el.ownerDocument.activeElement === el), (focused) => focused, 'the keyboard still on the answer');
    await view().nextFrame();
    const offset = await answer.evaluate((el) => el.getBoundingClientRect().top - (el.closest('.transcript') ?? el).getBoundingClientRect().top);
    assert.ok(Math.abs(offset) < 2, `the answer still at the top of the conversation (it is ${offset} px from it)`);
    assert.match(await answer.innerText(), /answer number 7/);
    await new Promise((r) => setTimeout(r, 3_200));
    await open(many);
    assert.equal(await marked(), 0, 'drawn again later (a rename, an edit): the mark has done its work');
  });

  it('a reveal that keeps the keyboard where it is (an edit opened again) shows and marks the message, and leaves the message box focused', async () => {
    const many = Array.from({ length: 30 }, (_, i) => exchange(`question ${i}`, { markdown: `answer number ${i}\n\n${'filler text. '.repeat(40)}` }, `ex-${i}`));
    await open(many);
    const box = view().page.getByRole('textbox', { name: 'Message' });
    await box.focus();
    await view().post({ type: 'chat/reveal', exchangeId: 'ex-10', side: 'user', keepFocus: true });
    const question = view().page.locator('[data-exchange-id="ex-10"]').getByRole('article', { name: /^You/ });
    await eventually(() => question.getAttribute('class'), (c) => /\brevealed\b/.test(c ?? ''), 'the message marked');
    const inView = await question.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const list = el.closest('.transcript')!.getBoundingClientRect();
      return r.top >= list.top - 2 && r.top < list.bottom;
    });
    assert.equal(inView, true, 'the message in sight');
    assert.equal(await view().page.evaluate("document.activeElement?.closest('.composer') !== null"), true, 'the keyboard still in the message box');
  });

  it('a revealed answer stays at the top while a long answer below it is still being rendered', async () => {
    // The chat opens at its end, and the start of the long answer below is rendered a moment later.
    const long = Array.from({ length: 120 }, (_, i) => `Fact ${i} about the basin.`).join('\n\n');
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('rivers?', { markdown: 'To the sea.' }, 'ex-1'), exchange('longest?', { markdown: 'The Nile, through Khartoum.' }, 'ex-2'), exchange('amazon?', { markdown: long }, 'ex-3')]) }) });
    await view().nextFrame();
    await view().post({ type: 'chat/reveal', exchangeId: 'ex-2', side: 'model' });
    const last = view().page.locator('[data-exchange-id="ex-3"]').getByRole('article', { name: /^Gemini/ });
    await eventually(() => last.innerText(), (t) => t.includes('Fact 0 about') && t.includes('Fact 119 about'), 'the long answer rendered whole');
    await view().nextFrame();
    await view().nextFrame();
    const answer = view().page.locator('[data-exchange-id="ex-2"]').getByRole('article', { name: /^Gemini/ });
    const offset = await answer.evaluate((el) => el.getBoundingClientRect().top - (el.closest('.transcript') ?? el).getBoundingClientRect().top);
    assert.ok(Math.abs(offset) < 2, `the revealed answer at the top of the conversation (it is ${offset} px from it)`);
  });

  it('a revealed answer near the end stays in place while the answer below it grows', async () => {
    const earlier = Array.from({ length: 12 }, (_, i) => exchange(`question ${i}`, { markdown: `answer number ${i}\n\n${'filler text. '.repeat(40)}` }, `ex-${i}`));
    await open([...earlier, exchange('and now?', { markdown: 'It begins', status: 'streaming' }, 'ex-12')], true);
    await view().nextFrame();
    // Too little below it to scroll the answer to the top: the view ends at the bottom of the chat.
    await view().post({ type: 'chat/reveal', exchangeId: 'ex-11', side: 'model' });
    const answer = view().page.locator('[data-exchange-id="ex-11"]').getByRole('article', { name: /^Gemini/ });
    const topOf = () => answer.evaluate((el) => el.getBoundingClientRect().top);
    await view().nextFrame();
    await view().nextFrame();
    const before = await topOf();
    await view().post(Array.from({ length: 20 }, (_, i) => ({ type: 'turn/chunk' as const, exchangeId: 'ex-12', seq: i, text: `\n\nline ${i} of the new answer` })));
    const streamed = view().page.locator('[data-exchange-id="ex-12"]').getByRole('article', { name: /^Gemini/ });
    await eventually(() => streamed.innerText(), (t) => t.includes('line 19 of'), 'the new answer grew');
    await view().nextFrame();
    await view().nextFrame();
    const after = await topOf();
    assert.ok(Math.abs(after - before) < 2, `the revealed answer stayed where it was shown (${before} → ${after})`);
    await eventually(() => view().page.getByRole('button', { name: 'Jump to latest' }).isVisible(), (shown) => shown, 'the way to the newest text offered');
  });
});

describe('webview: statuses in a narrow side bar', () => {
  const view = useWebviewPage({ viewport: { width: 250, height: 600 } });

  it('a long token line wraps and leaves Regenerate in sight', async () => {
    const usage = { prompt: 123_456, output: 78_901, thoughts: 4_567, total: 206_924 };
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('q', { markdown: 'An answer.', usage }, 'ex-1')]) }) });
    const regenerate = view().page.getByRole('button', { name: 'Regenerate' });
    await regenerate.waitFor();
    const box = await regenerate.boundingBox();
    assert.ok(box && box.x + box.width <= 250, `Regenerate within the 250 px view: ${JSON.stringify(box)}`);
    const tokens = await view().page.getByText(/^Tokens:/).innerText();
    assert.match(tokens.replace(/\s+/g, ' '), /4,567 thinking/, 'the whole token line shows');
  });

  it('at 171 px (a secondary side bar): Stop and Send fit as icons, still named; badges and names keep their words; notices leave the conversation room', async () => {
    await view().page.setViewportSize({ width: 171, height: 600 });
    const cut = exchange('q', { markdown: 'A partial answer.', status: 'interrupted', error: { message: 'The connection dropped.', action: 'retry' } }, 'ex-1');
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([cut, exchange('q2', { status: 'streaming', markdown: 'Streaming' }, 'ex-2')]), busy: true }) });
    const long = 'was not added: it is a binary file of no type Gemini Chat knows. Add an image, PDF, audio, video or a text file.';
    for (const name of ['one.bin', 'two.bin', 'three.bin']) await view().post({ type: 'notice', level: 'warning', message: `“${name}” ${long}` });
    const stop = view().page.getByRole('button', { name: 'Stop' });
    await stop.waitFor();
    for (const name of ['Stop', 'Send', 'Add File to Chat…']) {
      const box = await view().page.getByRole('button', { name }).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 171, `${name} within the view: ${JSON.stringify(box)}`);
    }
    assert.equal(await view().page.evaluate('document.body.scrollWidth <= document.body.clientWidth'), true, 'nothing wider than the view');
    // One line: less than twice the font's size tall.
    const oneLine = (selector: string): Promise<boolean> =>
      view().page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().height < 2 * parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize));
    assert.equal(await oneLine('.status-badge'), true, '"interrupted" on one line');
    assert.equal(await oneLine('.turn-gemini .turn-author'), true, '"Gemini" on one line');
    const notices = await view().page.locator('.notices').boundingBox();
    assert.ok(notices && notices.height <= 0.4 * 600 + 1, `the notices take at most 40% of the view: ${JSON.stringify(notices)}`);
  });

  it('the notices tell error, warning and info apart by their icon\'s colour, not only its shape', async () => {
    for (const level of ['error', 'warning', 'info'] as const) await view().post({ type: 'notice', level, message: `A ${level}.` });
    const colours = await view().page.locator('.notice > .codicon').evaluateAll((icons) =>
      icons.map((i) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(i).color),
    );
    assert.equal(new Set(colours).size, 3, `three colours: ${colours.join(', ')}`);
  });
});
