import { createHash } from 'node:crypto';
import { strict as assert } from 'node:assert';
import type { Draft } from '../../src/shared/protocol';
import { chat, exchange, snapshot } from './builders';
import { eventually, useWebviewPage } from './pageSession';
import { PIXEL_PNG } from '../e2e/support/workspace';

const KEPT_PNG = createHash('sha256').update(PIXEL_PNG).digest('hex');

describe('webview: the composer', () => {
  const view = useWebviewPage({ keptFiles: { [KEPT_PNG]: PIXEL_PNG } });
  const message = () => view().page.getByRole('textbox', { name: 'Message' });
  /** As a paste: the text in at once (typing a megabyte through Playwright takes minutes). */
  const paste = (text: string) =>
    message().evaluate((box, t) => {
      (box as unknown as { value: string }).value = t;
      box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }, text);

  beforeEach(async () => {
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('an earlier question', { markdown: 'an answer' })]) }) });
  });

  it('is a text box named "Message" with a Send button, reachable from the keyboard', async () => {
    assert.equal(await message().count(), 1);
    assert.equal(await view().page.getByRole('button', { name: 'Send' }).count(), 1);
    await message().focus();
    await view().page.keyboard.press('Tab');
    // Next stop after the message box is a button of the composer (not lost in the page).
    const focused = await view().page.evaluate(() => {
      const d = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null; getAttribute(n: string): string | null } | null } }).document;
      return `${d.activeElement?.tagName} ${d.activeElement?.getAttribute('aria-label') ?? d.activeElement?.textContent}`;
    });
    assert.match(focused, /BUTTON|VSCODE-BUTTON/);
  });

  it('says its keys to a screen reader after its name', async () => {
    const cdp = await view().page.context().newCDPSession(view().page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value?: string }; name?: { value?: string }; description?: { value?: string } }[] };
    await cdp.detach();
    const box = nodes.find((n) => n.role?.value === 'textbox' && n.name?.value === 'Message');
    assert.ok(box, 'the message box is in the accessibility tree');
    assert.match(box.description?.value ?? '', /^Enter sends, Shift\+Enter adds a line, Up recalls your earlier messages/);
  });

  it('Enter sends, Shift+Enter makes a new line', async () => {
    await message().fill('first line');
    await message().press('Shift+Enter');
    await message().pressSequentially('second line');
    assert.equal(view().sent().some((m) => m.type === 'prompt/send'), false);
    await message().press('Enter');
    const sent = await view().waitForSent('prompt/send');
    assert.equal(sent.text, 'first line\nsecond line');
    await eventually(() => message().inputValue(), (v) => v === '', 'cleared after sending');
  });

  it('a message too long to send stays in the box, kept as its draft, and the view says how long it is and what to do', async () => {
    const long = 'log line\n'.repeat(120_000);
    await paste(long);
    await message().press('Enter');
    await view().page.getByRole('alert').filter({ hasText: 'This message is 1,080,000 characters long; a message holds at most 1,000,000. Shorten it, or save the text to a file and attach that with Add File to Chat.' }).waitFor();
    assert.equal((await message().inputValue()).length, long.length, 'the box never emptied');
    assert.equal(view().sent().some((m) => m.type === 'prompt/send'), false);
    await eventually(async () => view().sent().some((m) => m.type === 'composer/draft' && m.text === long), (kept) => kept, 'kept by the host as the draft');
    await message().fill('log line\n'.repeat(10));
    await message().press('Enter');
    assert.equal((await view().waitForSent('prompt/send')).text, 'log line\n'.repeat(10), 'cut down to size, it sends');
  });

  it('a long draft is kept once typing pauses, or at once when the box loses the keyboard; one too long to keep says so', async () => {
    const keptAs = (text: string) => view().sent().some((m) => m.type === 'composer/draft' && m.text === text);
    const long = 'a line of a log\n'.repeat(2_000);
    await paste(long);
    assert.equal(keptAs(long), false, 'not at every key');
    await eventually(async () => keptAs(long), (kept) => kept, 'kept once typing paused');
    await message().focus();
    await paste(`${long}more`);
    await message().evaluate((box) => (box as unknown as { blur(): void }).blur());
    assert.equal(keptAs(`${long}more`), true, 'kept at once when the box lost the keyboard');
    await paste('line\n'.repeat(1_000_001));
    await view().page.getByRole('alert').filter({ hasText: 'This text is 5,000,005 characters long: over 5,000,000, it is not kept when the view closes or you switch chats.' }).waitFor();
  });

  it('a text with a run of thousands of characters without a space is not wrapped (the box scrolls sideways), and wraps again without it', async () => {
    const wrapping = () => message().evaluate((box) => (globalThis as unknown as { getComputedStyle(e: unknown): { whiteSpace: string } }).getComputedStyle(box).whiteSpace);
    assert.equal(await wrapping(), 'pre-wrap');
    await paste(`minified: ${'x'.repeat(3_000)}`);
    assert.equal(await wrapping(), 'pre', 'not wrapped');
    await paste('short again');
    assert.equal(await wrapping(), 'pre-wrap', 'wrapped again');
  });

  it('with no API key, Enter leaves the text where it is and says to set a key; once there is one, Enter sends', async () => {
    const withKey = (needsCredentials: boolean) => view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('an earlier question', { markdown: 'an answer' })]), needsCredentials }) });
    await withKey(false);
    await withKey(true);
    await message().fill('a question before the key');
    await message().press('Enter');
    await view().page.getByRole('alert').filter({ hasText: 'Set an API key first (Gemini Chat: Set API Key).' }).waitFor();
    await message().pressSequentially(' and more');
    assert.equal(await message().inputValue(), 'a question before the key and more', 'the box never emptied');
    assert.equal(view().sent().some((m) => m.type === 'prompt/send'), false);
    await withKey(false);
    await message().press('Enter');
    assert.equal((await view().waitForSent('prompt/send')).text, 'a question before the key and more');
  });

  it('keys typed right after Enter start the next message: the one sent does not come back', async () => {
    for (let i = 0; i < 5; i++) {
      await message().fill(`message ${i}`);
      await message().press('Enter');
      await view().page.keyboard.type('next');
      await eventually(() => message().inputValue(), (v) => v === 'next', `only the keys typed after sending message ${i}`);
      await message().fill('');
    }
  });

  it('the message box grows with a long message, up to a dozen lines, then scrolls', async () => {
    const height = async (): Promise<number> => (await message().boundingBox())?.height ?? 0;
    const empty = await height();
    await message().fill(Array.from({ length: 6 }, (_, i) => `line ${i + 1}`).join('\n'));
    const six = await height();
    assert.ok(six > empty + 20, `six lines (${six} px) need more than the empty box (${empty} px)`);
    await message().fill(Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n'));
    const forty = await height();
    assert.ok(forty > six && forty < six * 2.5, `forty lines stop growing at about a dozen (${forty} px; six took ${six} px)`);
    const box = await message().boundingBox();
    const send = await view().page.getByRole('button', { name: 'Send' }).boundingBox();
    assert.ok(box && send && send.y >= box.y + box.height, 'the Send button stays below the box');
    await message().fill('');
    assert.equal(await height(), empty, 'back to its size once empty');
  });

  it('Up in an empty box recalls the last message', async () => {
    await message().focus();
    await message().press('ArrowUp');
    await eventually(() => message().inputValue(), (v) => v === 'an earlier question', 'recalled');
  });

  it('each further Up recalls the message before, Down goes forward again and past the newest empties the box', async () => {
    const questions = ['first question', 'second question\non two lines', 'third question'];
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(questions.map((q, i) => exchange(q, { markdown: `answer ${i}` }, `ex-${i}`))) }) });
    await eventually(() => view().page.getByRole('article', { name: /^You/ }).count(), (n) => n === 3, 'three questions shown');
    const value = (): Promise<string> => message().inputValue();
    const press = async (key: string, expected: string): Promise<void> => {
      await message().press(key);
      // Text set from code reaches the box's inner field in the next frame: a key that changes nothing
      // is checked after it.
      await view().nextFrame();
      await eventually(value, (v) => v === expected, `${key} → ${JSON.stringify(expected)}`);
    };
    await message().focus();
    await press('ArrowUp', 'third question');
    await press('ArrowUp', 'second question\non two lines');
    // A recalled message has the caret at its end: in one of two lines, Up first moves the caret to its
    // first line, and the next Up goes back; Down, from its last line, goes on at once.
    await press('ArrowUp', 'second question\non two lines');
    await press('ArrowUp', 'first question');
    await press('ArrowUp', 'first question');
    await press('ArrowDown', 'second question\non two lines');
    await press('ArrowDown', 'third question');
    await press('ArrowDown', '');
    // A recalled message that was changed is the user's: the arrows move the caret in it.
    await press('ArrowUp', 'third question');
    await message().press('End');
    await message().type(' now edited');
    await press('ArrowUp', 'third question now edited');
    await press('ArrowDown', 'third question now edited');
  });

  it('each chat keeps its own draft: what is typed goes to the host, and the chat opened shows the host\'s', async () => {
    // The host's side: the last draft the view sent for a chat comes back in that chat's snapshot.
    const keptFor = (id: string): Draft | undefined => {
      const last = view().sent().filter((m) => m.type === 'composer/draft' && m.chatId === id).at(-1);
      return last?.type === 'composer/draft' ? { text: last.text, at: last.at } : undefined;
    };
    const showChat = (id: string) => view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([], { id, title: id }), draft: keptFor(id) }) });
    await message().fill('for the first chat');
    await eventually(async () => keptFor('chat-1')?.text, (t) => t === 'for the first chat', 'the draft sent to the host');
    await showChat('chat-2');
    await eventually(() => message().inputValue(), (v) => v === '', 'the other chat has no draft yet');
    await message().fill('for the second chat');
    await showChat('chat-1');
    await eventually(() => message().inputValue(), (v) => v === 'for the first chat', 'the first chat\'s draft back');
    await view().reload();
    await view().waitForSent('webview/ready', undefined, 1);
    assert.equal(await message().inputValue(), 'for the first chat', 'kept across a reload');
    await showChat('chat-2');
    await eventually(() => message().inputValue(), (v) => v === 'for the second chat', 'the second chat\'s draft back, after a reload too');
  });

  it('keeps the draft when the view is disposed and shown again', async () => {
    await message().fill('half a thought');
    await eventually(() => view().state(), (s) => (s as { draft?: string } | undefined)?.draft === 'half a thought', 'draft saved');
    await view().reload();
    await view().waitForSent('webview/ready', undefined, 1);
    assert.equal(await message().inputValue(), 'half a thought');
  });

  it('a reload right after Send, before the message reached the host, shows the message again', async () => {
    const show = (draft: Draft | undefined) => view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('an earlier question', { markdown: 'an answer' })]), ...(draft ? { draft } : {}) }) });
    await message().fill('a question sent as the window reloads');
    const typed = await view().waitForSent('composer/draft', (m) => m.text === 'a question sent as the window reloads');
    await message().press('Enter');
    const sent = await view().waitForSent('prompt/send');
    await eventually(() => message().inputValue(), (v) => v === '', 'cleared after sending');
    // The host stays in this page with what it last had: a snapshot from before the send does not
    // put the message back.
    await show({ text: typed.text, at: typed.at });
    await view().post({ type: 'notice', level: 'info', message: 'settled' });
    assert.equal(await message().inputValue(), '', 'no old copy of the host\'s brings the message back');
    assert.ok(sent.at >= typed.at, 'the send is dated after the last keystroke');
    // The window reloads; the messages after the last keystroke never reached the host.
    const before = view().sent().length;
    await view().reload();
    await view().waitForSent('webview/ready', undefined, before);
    await show({ text: typed.text, at: typed.at });
    await eventually(() => message().inputValue(), (v) => v === 'a question sent as the window reloads', 'the message back in the box');
  });

  it('puts the text back when the host returns it (a failed send)', async () => {
    await message().fill('please keep me');
    await message().press('Enter');
    await view().waitForSent('prompt/send');
    await eventually(() => message().inputValue(), (v) => v === '', 'cleared after sending');
    await view().post({ type: 'composer/set', text: 'please keep me', giveBack: true, composer: { attachments: [] }, focus: true });
    await eventually(() => message().inputValue(), (v) => v === 'please keep me', 'text put back');
  });

  it('a message given back while the next one was being typed goes before it: both are kept', async () => {
    await message().fill('my next question');
    await view().post({ type: 'composer/set', text: 'the message that failed', giveBack: true, composer: { attachments: [] }, focus: true });
    await eventually(() => message().inputValue(), (v) => v === 'the message that failed\n\nmy next question', 'both texts in the composer');
    // Given back again (the same failure reported twice), nothing doubles.
    await message().fill('the message that failed');
    await view().post({ type: 'composer/set', text: 'the message that failed', giveBack: true, composer: { attachments: [] } });
    await view().nextFrame();
    assert.equal(await message().inputValue(), 'the message that failed');
    // Given back again after the user went on writing its copy (Regenerate, then Stop): their words stay, once.
    await message().fill('the message that failed, said better');
    await view().post({ type: 'composer/set', text: 'the message that failed', giveBack: true, composer: { attachments: [] } });
    await view().nextFrame();
    assert.equal(await message().inputValue(), 'the message that failed, said better');
  });

  it('takes back a given-back text on Retry only while the user has not changed it', async () => {
    await view().post({ type: 'composer/set', text: 'ask once', giveBack: true, composer: { attachments: [] } });
    await eventually(() => message().inputValue(), (v) => v === 'ask once', 'text given back');
    await view().post({ type: 'composer/set', takeBack: 'ask once', composer: { attachments: [] } });
    await eventually(() => message().inputValue(), (v) => v === '', 'the copy taken back');
    await view().post({ type: 'composer/set', text: 'ask once', giveBack: true, composer: { attachments: [] } });
    await message().pressSequentially(' more');
    await view().post({ type: 'composer/set', takeBack: 'ask once', composer: { attachments: [] } });
    await view().nextFrame();
    assert.equal(await message().inputValue(), 'ask once more', 'a changed text stays');
  });

  it('takes back a given-back copy in front of the next message typed meanwhile, and keeps that message', async () => {
    await message().fill('my next question');
    await view().post({ type: 'composer/set', text: 'ask once', giveBack: true, composer: { attachments: [] } });
    await eventually(() => message().inputValue(), (v) => v === 'ask once\n\nmy next question', 'both in the composer');
    await view().post({ type: 'composer/set', takeBack: 'ask once', composer: { attachments: [] } });
    await eventually(() => message().inputValue(), (v) => v === 'my next question', 'the copy gone, the next question kept');
  });

  it('loses no typed character while the host updates the view (snapshots, chips, a reply in another window)', async () => {
    const text = 'typed while the view changes';
    await message().click();
    for (const [i, key] of [...text].entries()) {
      await view().page.keyboard.type(key);
      const update =
        i % 3 === 0
          ? { type: 'state/snapshot' as const, snapshot: snapshot({ chat: chat([exchange(`question ${i}`, { markdown: `answer ${i}` })]) }) }
          : i % 3 === 1
            ? { type: 'composer/set' as const, composer: { attachments: [] }, focus: true }
            : { type: 'turn/start' as const, exchange: exchange(`another ${i}`, { markdown: '', status: 'waiting' }) };
      await view().post(update);
    }
    assert.equal(await message().inputValue(), text);
  });

  it('shows an editing banner that says how many exchanges sending removes, whose Cancel posts edit/cancel', async () => {
    await view().post({ type: 'composer/set', text: 'an earlier question', composer: { attachments: [], editingExchangeId: 'ex-1', editingFollowedBy: 199 } });
    const banner = view().page.getByText('Editing a message');
    await banner.waitFor();
    assert.equal(await banner.innerText(), 'Editing a message: sending replaces it and the 199 exchanges after it.');
    await view().post({ type: 'composer/set', composer: { attachments: [], editingExchangeId: 'ex-1', editingFollowedBy: 1 } });
    await eventually(() => banner.innerText(), (t) => t === 'Editing a message: sending replaces it and the exchange after it.', 'one after it');
    await view().post({ type: 'composer/set', composer: { attachments: [], editingExchangeId: 'ex-1', editingFollowedBy: 0 } });
    await eventually(() => banner.innerText(), (t) => t === 'Editing a message: sending replaces it.', 'the last message');
    await view().page.getByRole('button', { name: 'Cancel' }).click();
    await view().waitForSent('edit/cancel');
  });

  it('an edit begun on a question near the bottom keeps it in sight above the taller composer', async () => {
    const history = Array.from({ length: 30 }, (_, i) => exchange(`question ${i}`, { markdown: `answer ${i}\n\n`.repeat(4) }, `old-${i}`));
    await view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(history) }) });
    const transcript = view().page.getByRole('feed', { name: 'Conversation' });
    const question = view().page.locator('[data-exchange-id="old-20"] .turn-user');
    // Built once it comes near the view.
    await view().page.locator('[data-exchange-id="old-20"]').evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
    await question.waitFor();
    // The reader scrolled up until question 20 sits just above the bottom edge (again once the answers
    // around it have rendered at their real heights).
    const gap = (): Promise<number> =>
      view().page.evaluate(`(() => {
        const list = document.querySelector('.transcript');
        const q = document.querySelector('[data-exchange-id="old-20"] .turn-user');
        const gap = list.getBoundingClientRect().bottom - q.getBoundingClientRect().bottom;
        list.scrollTop -= gap - 10;
        return gap;
      })()`) as Promise<number>;
    // Within a pixel: the question may sit at half a pixel, where the scroll position, whole, cannot follow.
    await eventually(async () => {
      await view().nextFrame();
      return gap();
    }, (g) => Math.abs(g - 10) <= 1, 'question 20 just above the bottom edge');
    const edited = 'question 20, with more words\nover\nseveral\nlines';
    await view().post({ type: 'composer/set', text: edited, composer: { attachments: [], editingExchangeId: 'old-20' }, focus: true });
    await view().page.getByText('Editing a message').waitFor();
    const inSight = (): Promise<boolean> =>
      question.evaluate((q) => {
        const list = q.closest('.transcript')!.getBoundingClientRect();
        const r = q.getBoundingClientRect();
        return r.top >= list.top - 1 && r.bottom <= list.bottom + 1;
      });
    await eventually(inSight, (v) => v, 'the question being edited in sight');
    assert.ok(await transcript.isVisible());
  });

  it('a message waiting for its file to upload: the banner says so, Stop (or Escape) gives it back, Enter keeps the next message', async () => {
    const chip = { id: 'v1', label: 'cat.mp4', kind: 'binary' as const, size: 30 * 1024 * 1024, progress: 0.3 };
    // What was said about the message before (stopped, its upload failed) is out of date once it waits again.
    await view().post({ type: 'notice', level: 'warning', message: 'Could not upload “cat.mp4”: the network failed.' });
    await view().page.getByRole('alert').filter({ hasText: 'Could not upload' }).waitFor();
    await view().post({ type: 'composer/set', composer: { attachments: [chip], waitingFor: ['cat.mp4'], waitingText: 'What does the cat do\nin this video?' } });
    await view().page.getByRole('alert').filter({ hasText: 'Could not upload' }).waitFor({ state: 'detached' });
    await view().page.getByText('The message goes once “cat.mp4” is uploaded. Stop gives it back; remove the file to send without it.').waitFor();
    // The message is shown where it waits (the box was emptied when it was sent), as typed.
    assert.equal(await view().page.locator('.editing-banner .waiting-message').innerText(), 'What does the cat do\nin this video?');
    const stop = view().page.getByRole('button', { name: 'Stop' });
    assert.equal(await stop.isVisible(), true);
    await message().fill('the next question');
    await message().press('Enter');
    await eventually(() => view().page.getByRole('status').allInnerTexts(), (t) => t.some((x) => x.includes('The message before this one waits for its files to upload. Send this one once it has gone, or press Escape to stop it.')), 'a notice');
    assert.equal(await message().inputValue(), 'the next question', 'the next message stays in the box');
    assert.equal(view().sent().some((m) => m.type === 'prompt/send'), false);
    await message().press('Escape');
    await view().waitForSent('prompt/stop');
    await stop.click();
    await eventually(async () => view().sent().filter((m) => m.type === 'prompt/stop').length, (n) => n === 2, 'Stop posts prompt/stop too');
    await view().post({ type: 'composer/set', composer: { attachments: [chip] } });
    await eventually(() => stop.isVisible(), (v) => !v, 'no Stop once the message no longer waits');
    assert.equal(await view().page.getByText('The message goes once').count(), 0);
    await eventually(() => view().page.locator('.notices').getByRole('status').allInnerTexts(), (t) => !t.some((x) => x.includes('The message before this one waits')), 'its notice goes too');
    await message().press('Enter');
    assert.equal((await view().waitForSent('prompt/send')).text, 'the next question');
  });

  it('a chip whose upload failed is marked, and says so to a screen reader', async () => {
    await view().post({ type: 'composer/set', composer: { attachments: [{ id: 'v1', label: 'cat.mp4', kind: 'binary', size: 30 * 1024 * 1024, uploadFailed: true }] } });
    const chip = view().page.getByRole('list', { name: 'Attachments' }).getByRole('listitem');
    await chip.getByRole('button', { name: 'Open cat.mp4 (not uploaded: Send tries again)' }).waitFor();
    assert.match((await chip.getAttribute('title')) ?? '', /not uploaded: Send tries again$/);
    assert.equal(await chip.locator('.codicon-error').count(), 1, 'an error mark in place of its icon');
    await view().post({ type: 'composer/set', composer: { attachments: [{ id: 'v1', label: 'cat.mp4', kind: 'binary', size: 30 * 1024 * 1024, progress: 0 }] } });
    await chip.getByRole('button', { name: 'Open cat.mp4' , exact: true }).waitFor();
    assert.equal(await chip.locator('.codicon-error').count(), 0, 'uploading again: unmarked');
  });

  it('shows attachment chips with size, the image, progress and a remove button', async () => {
    await view().post({
      type: 'composer/set',
      composer: {
        attachments: [
          { id: 'a1', label: 'main.ts:12-30', kind: 'selection', size: 2048, detail: 'src/main.ts, lines 12-30' },
          // A large image shows too: the view loads it from the chat's kept files.
          { id: 'a2', label: 'diagram.png', kind: 'image', size: 3 * 1024 * 1024, keptImage: KEPT_PNG, progress: 0.4 },
        ],
      },
    });
    const chips = view().page.getByRole('list', { name: 'Attachments' }).getByRole('listitem');
    await eventually(() => chips.count(), (n) => n === 2, 'two chips');
    assert.match(await chips.nth(0).innerText(), /main\.ts:12-30\s*2 KB/);
    assert.match((await chips.nth(0).getAttribute('title')) ?? '', /src\/main\.ts, lines 12-30/);
    assert.match(await chips.nth(1).innerText(), /diagram\.png\s*3 MB/);
    const width = await eventually(() => chips.nth(1).locator('img.chip-thumbnail').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), (w) => w > 0, 'the image loaded');
    assert.equal(width, PIXEL_PNG.readUInt32BE(16), 'the kept image, decoded');
    assert.equal(await chips.nth(1).getByRole('progressbar', { name: 'Uploading diagram.png' }).count(), 1);
    await view().page.getByRole('button', { name: 'Remove main.ts:12-30' }).click();
    const removed = await view().waitForSent('attachment/remove');
    assert.equal(removed.id, 'a1');
    await view().page.getByRole('button', { name: 'Open diagram.png' }).click();
    const opened = await view().waitForSent('attachment/open');
    assert.deepEqual(opened, { type: 'attachment/open', id: 'a2' });
    await view().page.getByRole('button', { name: 'Add File to Chat…' }).click();
    await view().waitForSent('attachment/pick');
  });

  it('a chip with a long name ends it with an ellipsis inside the message box, its size kept whole', async () => {
    const label = `${'extension-output-channel-with-a-very-long-name-'.repeat(3)}log:1-2`;
    await view().post({ type: 'composer/set', composer: { attachments: [{ id: 'a1', label, kind: 'selection', size: 90 }] } });
    const chip = view().page.getByRole('list', { name: 'Attachments' }).getByRole('listitem');
    await chip.waitFor();
    const fits = await view().page.evaluate(`(() => {
      const el = document.querySelector('.chip');
      const box = el.getBoundingClientRect();
      const list = el.parentElement.getBoundingClientRect();
      const name = el.querySelector('.chip-label');
      const size = el.querySelector('.chip-size');
      return { inside: box.right <= list.right + 0.5, cut: name.scrollWidth > name.clientWidth, sizeOneLine: size.getBoundingClientRect().height < 20, page: document.documentElement.scrollWidth <= innerWidth };
    })()`);
    assert.deepEqual(fits, { inside: true, cut: true, sizeOneLine: true, page: true });
  });

  it('sends a pasted image and files dropped from the Explorer or the desktop', async () => {
    await message().focus();
    await message().evaluate((el) => {
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (b: unknown[], n: string, o: { type: string }) => unknown; ClipboardEvent: new (t: string, i: unknown) => unknown };
      const data = new g.DataTransfer();
      data.items.add(new g.File([new Uint8Array([137, 80, 78, 71])], 'shot.png', { type: 'image/png' }));
      el.dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true }) as never);
    });
    const pasted = await view().waitForSent('attachment/bytes');
    assert.deepEqual(pasted, { type: 'attachment/bytes', name: 'shot.png', mimeType: 'image/png', base64: 'iVBORw==' });

    const composer = view().page.getByRole('form', { name: 'Composer' });
    await composer.evaluate((el) => {
      const g = globalThis as unknown as { DataTransfer: new () => { setData(t: string, v: string): void }; DragEvent: new (t: string, i: unknown) => unknown };
      const data = new g.DataTransfer();
      data.setData('application/vnd.code.uri-list', 'file:///work/a.ts\r\nfile:///work/b.ts');
      el.dispatchEvent(new g.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }) as never);
    });
    const uris = await view().waitForSent('attachment/uris');
    assert.deepEqual(uris.uris, ['file:///work/a.ts', 'file:///work/b.ts']);

    const before = view().sent().length;
    await composer.evaluate((el) => {
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (b: unknown[], n: string, o: { type: string }) => unknown; DragEvent: new (t: string, i: unknown) => unknown };
      const data = new g.DataTransfer();
      data.items.add(new g.File(['hello'], 'notes.txt', { type: 'text/plain' }));
      el.dispatchEvent(new g.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }) as never);
    });
    const dropped = await view().waitForSent('attachment/bytes', undefined, before);
    assert.deepEqual(dropped, { type: 'attachment/bytes', name: 'notes.txt', mimeType: 'text/plain', base64: 'aGVsbG8=' });
  });

  it('takes files dropped anywhere on the view, the conversation included', async () => {
    const conversation = view().page.getByRole('feed', { name: 'Conversation' });
    const accepted = await conversation.evaluate((el) => {
      const g = globalThis as unknown as { DataTransfer: new () => { setData(t: string, v: string): void }; DragEvent: new (t: string, i: unknown) => { defaultPrevented: boolean } };
      const data = new g.DataTransfer();
      data.setData('text/uri-list', 'file:///work/notes.md');
      const over = new g.DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
      el.dispatchEvent(over as never);
      // The browser sends the drop only where dragover was accepted.
      if (over.defaultPrevented) el.dispatchEvent(new g.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }) as never);
      return over.defaultPrevented;
    });
    assert.ok(accepted, 'the conversation accepts the drag');
    const uris = await view().waitForSent('attachment/uris');
    assert.deepEqual(uris.uris, ['file:///work/notes.md']);
  });

  it('leaves a plain-text drop to the browser (dropped on the message box, the text goes in)', async () => {
    const before = view().sent().length;
    const prevented = await message().evaluate((el) => {
      const g = globalThis as unknown as { DataTransfer: new () => { setData(t: string, v: string): void }; DragEvent: new (t: string, i: unknown) => { defaultPrevented: boolean } };
      const data = new g.DataTransfer();
      data.setData('text/plain', 'some words');
      const drop = new g.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
      el.dispatchEvent(drop as never);
      return drop.defaultPrevented;
    });
    assert.equal(prevented, false, 'the browser may insert the text');
    await view().nextFrame();
    assert.equal(view().sent().slice(before).filter((m) => m.type.startsWith('attachment/')).length, 0, 'nothing attached');
  });
});

describe('webview: a draft after a reload brought back an old view state', () => {
  // What a browser-hosted VS Code can give the view after a reload: the state of long before.
  const view = useWebviewPage({ state: { draft: 'Question one', draftAt: 1_000, draftChatId: 'chat-1', sent: ['Question one'] } });
  const message = () => view().page.getByRole('textbox', { name: 'Message' });
  const show = (draft?: Draft) => view().post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('Question one', { markdown: 'One.' })]), ...(draft ? { draft } : {}) }) });

  it('the host\'s newer draft wins over the view\'s old copy, an older one does not', async () => {
    await show({ text: 'an even older draft', at: 500 });
    assert.equal(await message().inputValue(), 'Question one', 'the view\'s copy is newer here');
    await show({ text: 'Half-typed follow-up', at: 2_000 });
    await eventually(() => message().inputValue(), (v) => v === 'Half-typed follow-up', 'the text typed last');
    await show({ text: '', at: 3_000 });
    await eventually(() => message().inputValue(), (v) => v === '', 'emptied last (sent): empty, not the old message');
  });
});

