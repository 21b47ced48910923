import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type FakeGemini, type Responder, sse, apiError, sleep } from '../../support/fakeGemini';
import { eachTestFakeAndFolder, harness, textChunk, turnsOf, ManualTimers, mirrorOf, type Harness } from './controllerHarness';
import { makeStore, MemoryState } from '../store/storeHarness';
import type { HostToWebview } from '../../../src/shared/protocol';
import { importChatJson } from '../../../src/core/export/jsonImport';
import { chatToJson } from '../../../src/core/export/chatJson';
import { GeminiClient } from '../../../src/core';
import type { Content } from '../../../src/core/types';
import type { ChatRecord } from '../../../src/core/transcript';
import type { PendingAttachment } from '../../../src/host/services';

describe('ChatController', () => {
  let fake: FakeGemini;
  let dir: string;
  eachTestFakeAndFolder((f, d) => {
    fake = f;
    dir = d;
  });

  it('streams a reply: turn/start, chunks in seq order, a final complete update, saved', async () => {
    fake.enqueue(sse([textChunk('Hello'), textChunk(', world'), textChunk('!', 'STOP', { usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 } })]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Say hello');
    const start = h.ofType('turn/start')[0]!;
    assert.equal(start.exchange.user.text, 'Say hello');
    assert.equal(start.exchange.answer.status, 'waiting');
    const chunks = h.ofType('turn/chunk');
    assert.equal(chunks.map((c) => c.text).join(''), 'Hello, world!');
    const updates = h.ofType('turn/update');
    const last = updates.at(-1)!;
    assert.equal(last.exchange.answer.status, 'complete');
    assert.equal(last.exchange.answer.markdown, 'Hello, world!');
    assert.equal(last.exchange.answer.finishReason, 'STOP');
    assert.deepEqual(last.exchange.answer.usage, { prompt: 3, output: 4, total: 7 });
    // What the view shows just before the final update already equals the answer (no doubled text).
    const finalAt = h.posts.lastIndexOf(last);
    assert.equal(mirrorOf(h.posts, start.exchange.id, finalAt), 'Hello, world!');
    // One counter per exchange across chunks and updates: 0, 1, 2, … with no gap.
    const seqs = h.posts.flatMap((p) => (p.type === 'turn/chunk' || p.type === 'turn/update' ? [p.seq] : []));
    assert.deepEqual(seqs, seqs.map((_, i) => i));
    // Saved and titled from the first message.
    assert.deepEqual(h.store.list().map((c) => [c.title, c.exchanges]), [['Say hello', 1]]);
    assert.equal(h.store.activeChatId, h.controller.activeChatId);
    // The header learns the new title, and the chat list the new chat, while the answer streams.
    const header = h.ofType('state/snapshot').find((m) => m.snapshot.chat?.title === 'Say hello');
    assert.ok(header && h.posts.indexOf(header) < finalAt, 'a snapshot names the chat before the answer ends');
    assert.deepEqual(header.snapshot.chats.map((c) => c.title), ['Say hello']);
  });

  it('sends the conversation so far with the next message', async () => {
    fake.enqueue(sse([textChunk('One.', 'STOP')]), sse([textChunk('Two.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('first');
    await h.controller.send('second');
    assert.deepEqual(turnsOf(fake.generateRequests[1]!.json), ['user: first', 'model: One.', 'user: second']);
    assert.match(fake.generateRequests[0]!.url, /gemini-2\.5-flash:streamGenerateContent/);
  });

  it('coalesces a burst of chunks: the first at once, the rest when the window ends', async () => {
    const events = Array.from({ length: 200 }, (_, i) => textChunk(`w${i} `, i === 199 ? 'STOP' : undefined));
    fake.enqueue(sse(events));
    const timers = new ManualTimers();
    const h = harness(fake, dir, { timers });
    await h.controller.init();
    const firstChunk = h.next('turn/chunk');
    const sending = h.controller.send('go');
    assert.equal((await firstChunk).text, 'w0 ');
    await sending;
    const chunks = h.ofType('turn/chunk');
    // The timer never fired: everything after the first chunk was flushed once, before the final update.
    assert.equal(chunks.length, 2);
    assert.equal(chunks.map((c) => c.text).join(''), events.map((_, i) => `w${i} `).join(''));
    assert.equal(timers.count, 0, 'no timer is left running');
  });

  it('Stop keeps what arrived, marked stopped, and it is part of the conversation', async () => {
    fake.enqueue(sse([textChunk('Partial answer')], { end: 'hang' }), sse([textChunk('ok', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const firstChunk = h.next('turn/chunk');
    const sending = h.controller.send('long question');
    await firstChunk;
    h.controller.stop();
    await sending;
    const last = h.ofType('turn/update').at(-1)!;
    assert.equal(last.exchange.answer.status, 'stopped');
    assert.equal(last.exchange.answer.markdown, 'Partial answer');
    await h.controller.send('next');
    assert.deepEqual(turnsOf(fake.generateRequests[1]!.json), ['user: long question', 'model: Partial answer', 'user: next']);
  });

  it('Stop before any text: the message is back in the box, and the view is told why its exchange went', async () => {
    fake.enqueue(() => undefined);
    const h = harness(fake, dir);
    await h.controller.init();
    const sending = h.controller.send('a question never answered');
    while (fake.generateRequests.length < 1) await sleep(2);
    h.controller.stop();
    await sending;
    assert.equal(h.controller.activeChat().exchanges.length, 0);
    assert.equal(h.ofType('composer/set').at(-1)!.text, 'a question never answered');
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.removal, 'stoppedBeforeAnswer');
  });

  /** An answer whose first chunk comes at once and the rest when `release` is called. */
  function heldAnswer(first: string, rest: string): { responder: Responder; release: () => void } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const event = (chunk: unknown) => `data: ${JSON.stringify(chunk)}\r\n\r\n`;
    const responder: Responder = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(event(textChunk(first)));
      await gate;
      res.end(event(textChunk(rest, 'STOP')));
    };
    return { responder, release };
  }

  /** Sends `text` in the open chat and, once its first chunk is in, opens a new chat; the reply goes on. */
  async function askThenLeave(h: Harness, text: string): Promise<{ sending: Promise<void>; left: string }> {
    const firstChunk = h.next('turn/chunk');
    const sending = h.controller.send(text);
    await firstChunk;
    const left = h.controller.activeChatId!;
    await h.controller.newChat();
    return { sending, left };
  }

  it('a reply goes on while another chat is open, which can ask meanwhile; opened again, its chat shows the answer growing to its end', async () => {
    const held = heldAnswer('The first half, ', 'and the second half.');
    fake.enqueue(held.responder, sse([textChunk('A quick answer.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const { sending, left: first } = await askThenLeave(h, 'a long question');
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.busy, false, 'the chat opened is free to ask');
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.chats.find((c) => c.id === first)?.answering, true, 'the chat list says which chat is answering');
    await h.controller.send('a quick question');
    assert.deepEqual(turnsOf(fake.generateRequests[1]!.json), ['user: a quick question'], 'nothing of the other chat in its request');
    assert.equal(h.controller.activeChat().exchanges[0]?.status, 'complete');
    assert.ok(!h.posts.some((m) => m.type === 'turn/chunk' && m.text?.includes('second half')));

    await h.controller.switchTo(first);
    const shown = h.ofType('state/snapshot').at(-1)!.snapshot;
    assert.equal(shown.busy, true, 'still answering');
    assert.deepEqual([shown.chat!.exchanges[0]!.answer.status, shown.chat!.exchanges[0]!.answer.markdown], ['streaming', 'The first half, ']);
    const from = h.posts.length;
    held.release();
    await sending;
    const later = h.posts.slice(from);
    assert.ok(later.some((m) => m.type === 'turn/chunk' && m.text === 'and the second half.'), 'the rest streams into the view');
    const end = later.filter((m): m is Extract<HostToWebview, { type: 'turn/update' }> => m.type === 'turn/update').at(-1);
    assert.deepEqual([end?.exchange.answer.status, end?.exchange.answer.markdown], ['complete', 'The first half, and the second half.']);
    assert.equal((await h.store.load(first))?.exchanges[0]?.status, 'complete', 'saved complete');
  });

  it('a message that fails while another chat is open waits in its own chat\'s message box, as it would have come back to it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    fake.enqueue(async (_req, res) => {
      await gate;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } }));
    });
    const h = harness(fake, dir);
    await h.controller.init();
    const started = h.next('turn/start');
    const sending = h.controller.send('a question that fails');
    await started;
    await h.controller.newChat();
    release();
    await sending;
    const first = h.store.list().find((c) => c.title === 'a question that fails')!.id;
    assert.match(h.ofType('notice').at(-1)?.message ?? '', /The reply in “a question that fails” ended without a full answer/);
    assert.equal(h.ofType('composer/set').filter((m) => m.text === 'a question that fails').length, 0, 'not put in the message box of the chat open');
    await h.controller.switchTo(first);
    const shown = h.ofType('state/snapshot').at(-1)!.snapshot;
    assert.equal(shown.draft?.text, 'a question that fails');
    assert.equal(shown.chat?.exchanges[0]?.answer.status, 'error');
  });

  it('a reply that ends while another chat is open says so there; deleting a chat stops its reply for good', async () => {
    const held = heldAnswer('Part one, ', 'part two.');
    fake.enqueue(held.responder, sse([textChunk('Never read.')], { end: 'hang' }));
    const h = harness(fake, dir);
    await h.controller.init();
    const { sending, left: first } = await askThenLeave(h, 'a long question');
    held.release();
    await sending;
    assert.match(h.ofType('notice').at(-1)?.message ?? '', /The answer in “a long question” is complete\./);
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.chats.find((c) => c.id === first)?.answering, undefined, 'no longer marked answering');
    assert.equal((await h.store.load(first))?.exchanges[0]?.status, 'complete');

    const { sending: hanging, left: second } = await askThenLeave(h, 'another long one');
    await h.controller.switchTo(first);
    const notices = h.ofType('notice').length;
    await h.controller.delete(second);
    await hanging;
    assert.deepEqual(h.ofType('notice').slice(notices).map((n) => n.message), ['Deleted the chat “another long one”.'], 'no word of a reply whose chat is gone');
    await h.controller.idle();
    assert.equal(await h.store.load(second), undefined, 'not written again by its reply');
    await fake.generateRequests[1]!.closed; // its connection closed, not left hanging
    assert.ok(!h.store.list().some((c) => c.id === second));
  });

  it('Rewind Last Exchange while its answer streams puts the question back in the composer', async () => {
    fake.enqueue(sse([textChunk('Partial answer')], { end: 'hang' }));
    const h = harness(fake, dir);
    await h.controller.init();
    const firstChunk = h.next('turn/chunk');
    const sending = h.controller.send('A carefully typed question');
    await firstChunk;
    assert.equal(await h.controller.rewindLast(), true);
    await sending;
    assert.equal(h.controller.exchangeCount, 0);
    const back = h.ofType('composer/set').at(-1);
    assert.equal(back?.text, 'A carefully typed question');
    assert.equal(back?.giveBack, true);
  });

  it('a failure before any chunk shows the API message with Set API Key and gives the text back', async () => {
    fake.enqueue(apiError(403, 'PERMISSION_DENIED', 'Your API key was reported as leaked.'));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('my carefully typed question');
    const last = h.ofType('turn/update').at(-1)!;
    assert.equal(last.exchange.answer.status, 'error');
    assert.equal(last.exchange.answer.error?.status, 403);
    assert.equal(last.exchange.answer.error?.action, 'setApiKey');
    assert.match(last.exchange.answer.error!.message, /leaked/);
    const giveBack = h.ofType('composer/set').find((m) => m.text !== undefined);
    assert.equal(giveBack?.text, 'my carefully typed question');
    assert.equal(giveBack?.giveBack, true, 'given back (the view keeps anything typed since)');
  });

  it('a file attached again replaces its chip: it is sent once, as it is now', async () => {
    fake.enqueue(sse([textChunk('ok', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const notes = (id: string, text: string) => ({ record: { id, label: 'notes.md', kind: 'text' as const, mimeType: 'text/markdown', size: text.length, detail: 'docs/notes.md' }, parts: [{ text }] });
    h.controller.addAttachments([notes('a1', 'old text')]);
    h.controller.addAttachments([notes('a2', 'new text')]);
    assert.deepEqual(h.ofType('composer/set').at(-1)!.composer.attachments.map((a) => a.label), ['notes.md']);
    await h.controller.send('read it');
    const parts = (fake.generateRequests[0]!.json as { contents: { parts: { text?: string }[] }[] }).contents[0]!.parts;
    assert.deepEqual(parts.map((p) => p.text), ['new text', 'read it']);
  });

  it('a failed message gives its attachments back beside the ones added while it was tried', async () => {
    let fail!: () => void;
    fake.enqueue((_req, res) => {
      fail = () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 400, status: 'INVALID_ARGUMENT', message: 'Something was off.' } }));
      };
    });
    const h = harness(fake, dir);
    await h.controller.init();
    const chip = (id: string, label: string) => ({ record: { id, label, kind: 'text' as const, mimeType: 'text/plain', size: 2 }, parts: [{ text: label }] });
    h.controller.addAttachments([chip('att1', 'sent.txt')]);
    const sending = h.controller.send('with a file');
    while (fake.generateRequests.length < 1 || fail === undefined) await sleep(2);
    h.controller.addAttachments([chip('att2', 'added-meanwhile.txt')]);
    fail();
    await sending;
    const given = h.ofType('composer/set').filter((m) => m.giveBack).at(-1)!;
    assert.equal(given.text, 'with a file');
    assert.deepEqual(given.composer.attachments.map((a) => a.label).sort(), ['added-meanwhile.txt', 'sent.txt']);
  });

  it('chips left in a chat\'s message box come back when it is opened again after another chat, also after a reload', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('B1', 'STOP')]), sse([textChunk('A2', 'STOP')]));
    let h = harness(fake, dir);
    await h.controller.init();
    const chip = (id: string, label: string) => ({ record: { id, label, kind: 'text' as const, mimeType: 'text/plain', size: 2 }, parts: [{ text: `contents of ${label}` }] });
    const chips = (): string[] => h.controller.attachments().map((a) => a.record.label);
    await h.controller.send('chat A');
    const a = h.controller.activeChatId!;
    h.controller.addAttachments([chip('att1', 'notes.md'), chip('att2', 'todo.md')]);
    await h.controller.newChat();
    assert.deepEqual(chips(), [], 'a new chat starts with none');
    await h.controller.send('chat B');
    const b = h.controller.activeChatId!;
    await h.store.chips.flush();
    h = harness(fake, dir, { state: h.state });
    await h.controller.init();
    assert.deepEqual(chips(), [], 'the chat open at the reload had none');
    await h.controller.switchTo(a);
    assert.deepEqual(chips(), ['notes.md', 'todo.md']);
    assert.deepEqual(h.ofType('state/snapshot').at(-1)!.snapshot.composer.attachments.map((x) => x.label), ['notes.md', 'todo.md'], 'the view shows them');
    await h.controller.switchTo(b);
    assert.deepEqual(chips(), []);
    await h.controller.delete(b);
    assert.equal(h.controller.activeChatId, a, 'deleting the open chat opens the other one…');
    assert.deepEqual(chips(), ['notes.md', 'todo.md'], '…with its chips');
    await h.controller.send('with the files');
    const sent = JSON.parse(fake.generateRequests.at(-1)!.body) as { contents: { parts: { text?: string }[] }[] };
    assert.deepEqual(sent.contents.at(-1)!.parts.map((p) => p.text), ['contents of notes.md', 'contents of todo.md', 'with the files']);
  });

  it('says what a chat\'s message box holds unsent (Delete Chat names it), the open one\'s as it is now', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('B1', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('chat A');
    const a = h.controller.activeChatId!;
    assert.equal(await h.controller.unsentIn(a), undefined);
    h.controller.keepDraft(a, 'half a thought', 1_000);
    h.controller.addAttachments([{ record: { id: 'n1', label: 'notes.md', kind: 'text', mimeType: 'text/plain', size: 5 }, parts: [{ text: 'notes' }] }]);
    assert.deepEqual(await h.controller.unsentIn(a), { text: 'half a thought', files: 1 });
    await h.controller.newChat();
    await h.controller.send('chat B');
    assert.deepEqual(await h.controller.unsentIn(a), { text: 'half a thought', files: 1 }, 'a chat not open: from what was kept');
  });

  it('an imported chat opens with its own empty message box: the chips and the edit of the chat left stay with it', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('Joke.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('chat A');
    const a = h.controller.activeChatId!;
    h.controller.addAttachments([{ record: { id: 'att1', label: 'cart.ts:1-13', kind: 'selection', mimeType: 'text/plain', size: 2 }, parts: [{ text: 'src/cart.ts (lines 1-13): …' }] }]);
    h.controller.edit(h.controller.activeChat().exchanges[0]!.id);
    const history = [{ role: 'user', parts: [{ text: 'Hi from the SDK' }] }, { role: 'model', parts: [{ text: 'Hello.' }] }];
    await h.controller.createFrom(importChatJson(JSON.stringify(history), { defaultModel: 'gemini-2.5-flash', now: 1 }));
    const shown = h.ofType('state/snapshot').at(-1)!.snapshot;
    assert.deepEqual(shown.composer, { attachments: [] }, 'no chip, no edit');
    await h.controller.send('Just a joke please, no files');
    const sent = JSON.parse(fake.generateRequests.at(-1)!.body) as { contents: { parts: { text?: string }[] }[] };
    assert.deepEqual(sent.contents.at(-1)!.parts, [{ text: 'Just a joke please, no files' }]);
    await h.controller.switchTo(a);
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.composer.editingExchangeId, h.controller.activeChat().exchanges[0]!.id, 'the chat left is still being edited');
    h.controller.cancelEdit();
    assert.deepEqual(h.controller.attachments().map((x) => x.record.label), ['cart.ts:1-13'], 'and keeps its chip');
  });

  it('an edit sets aside the message being written, its text and chips, and gives it back when cancelled or sent, also after a chat switch and a reload', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A1, better', 'STOP')]));
    let h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    const chatId = h.controller.activeChatId!;
    const edited = h.controller.activeChat().exchanges[0]!.id;
    const lastSet = () => h.ofType('composer/set').at(-1)!;
    const chips = () => h.controller.attachments().map((a) => a.record.label);
    h.controller.keepDraft(chatId, 'half a new question', 1_000);
    h.controller.addAttachments([{ record: { id: 'n', label: 'notes.md', kind: 'text', mimeType: 'text/plain', size: 5 }, parts: [{ text: 'notes' }] }]);

    h.controller.edit(edited);
    assert.deepEqual([lastSet().text, lastSet().composer.editingExchangeId, chips()], ['Q1', edited, []]);
    h.controller.cancelEdit();
    assert.deepEqual([lastSet().text, lastSet().composer.editingExchangeId, chips()], ['half a new question', undefined, ['notes.md']], 'Cancel gives both back');

    h.controller.edit(edited);
    h.controller.keepDraft(chatId, 'Q1, better', 2_000);
    await h.controller.newChat();
    await h.controller.switchTo(chatId);
    assert.equal(h.controller.snapshot().composer.editingExchangeId, edited, 'still editing after a chat switch');
    await h.store.chips.flush();
    await h.store.drafts.flush();
    h = harness(fake, dir, { state: h.state });
    await h.controller.init();
    const snap = h.controller.snapshot();
    assert.deepEqual([snap.composer.editingExchangeId, snap.draft?.text], [edited, 'Q1, better'], 'still editing after a reload, with the edited text');

    await h.controller.send('Q1, better');
    assert.deepEqual(turnsOf(fake.generateRequests.at(-1)!.json), ['user: Q1, better'], 'the edit replaced the message');
    assert.deepEqual([lastSet().text, lastSet().composer.editingExchangeId, chips()], ['half a new question', undefined, ['notes.md']], 'sent, what waited comes back');
  });

  it('an imported SDK history\'s image after a question\'s text shows on the message, and an edit keeps it', async () => {
    fake.enqueue(sse([textChunk('Still a pixel.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const image = { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } };
    const history: Content[] = [
      { role: 'user', parts: [{ text: 'What is in this picture?' }, image] },
      { role: 'model', parts: [{ text: 'A pixel.' }] },
    ];
    await h.controller.createFrom(importChatJson(JSON.stringify(history), { defaultModel: 'gemini-2.5-flash', now: 1 }));
    const shown = h.ofType('state/snapshot').at(-1)!.snapshot.chat!.exchanges[0]!;
    assert.deepEqual([shown.user.text, shown.user.attachments.map((a) => [a.label, a.kind, a.size])], ['What is in this picture?', [['image 1.png', 'image', 8]]]);
    h.controller.edit(shown.id);
    assert.deepEqual(h.controller.attachments().map((a) => [a.record.label, a.parts]), [['image 1.png', [image]]], 'the image comes back with the question');
    await h.controller.send('And now?');
    const sent = (fake.generateRequests.at(-1)!.json as { contents: Content[] }).contents;
    assert.deepEqual(sent, [{ role: 'user', parts: [image, { text: 'And now?' }] }]);
  });

  it('an imported chat that ends without an answer, or calling a function with no result, offers Retry, which asks for one', async () => {
    fake.enqueue(sse([textChunk('Here it is.', 'STOP')]), sse([textChunk('Done without the tool.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const open = async (history: Content[]) => {
      await h.controller.createFrom(importChatJson(JSON.stringify(history), { defaultModel: 'gemini-2.5-flash', now: 1 }));
      return h.ofType('state/snapshot').at(-1)!.snapshot.chat!.exchanges.at(-1)!;
    };
    const unanswered = await open([{ role: 'user', parts: [{ text: 'only a question' }] }]);
    assert.deepEqual([unanswered.answer.status, unanswered.answer.error?.action], ['error', 'retry']);
    assert.match(unanswered.answer.error?.message ?? '', /no answer to this message\. Retry asks Gemini for one/);
    await h.controller.retry(unanswered.id);
    assert.deepEqual(turnsOf(fake.generateRequests.at(-1)!.json), ['user: only a question']);
    assert.equal(h.ofType('turn/update').at(-1)!.exchange.answer.markdown, 'Here it is.');

    const calling = await open([
      { role: 'user', parts: [{ text: 'Add 2 and 2' }] },
      { role: 'model', parts: [{ functionCall: { name: 'add', args: { a: 2, b: 2 } } }] },
    ]);
    assert.match(calling.answer.error?.message ?? '', /ends calling the function “add”, with no result after it/);
    await h.controller.retry(calling.id);
    assert.deepEqual(turnsOf(fake.generateRequests.at(-1)!.json), ['user: Add 2 and 2'], 'the call with no result is not sent');
  });

  it('Retry after a failure takes back the copy given to the composer, so Send cannot ask twice', async () => {
    fake.enqueue(apiError(400, 'INVALID_ARGUMENT', 'Something was off.'), sse([textChunk('Fixed now.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('ask once');
    const failed = h.ofType('turn/update').at(-1)!.exchange;
    assert.equal(failed.answer.status, 'error');
    // A request Gemini refused (400) points at the settings, and says a changed setting needs a new chat.
    assert.equal(failed.answer.error?.action, 'openSettings');
    assert.equal(failed.answer.error?.message, 'Something was off. If a setting is the cause: change it, then run Gemini Chat: Use Current Settings in This Chat (a chat keeps the settings it started with).');
    assert.equal(h.ofType('composer/set').at(-1)?.text, 'ask once');
    await h.controller.retry(failed.id);
    // The view drops the given-back copy, if the user has not changed it (composer.test.ts).
    const takeBack = h.ofType('composer/set').at(-1)!;
    assert.equal(takeBack.text, undefined);
    assert.equal(takeBack.takeBack, 'ask once');
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => [e.text, e.status]), [['ask once', 'complete']]);
  });

  it('the end of an answer is on disk before the view shows it (a reload right then finds it complete)', async () => {
    fake.enqueue(sse([textChunk('Done', 'STOP')]));
    const seenOnDisk: string[] = [];
    const h = harness(fake, dir, {
      ports: {
        post: (m) => {
          // What a window reloaded at this very moment would read: the chat files as they are now.
          if (m.type === 'turn/update' && m.exchange.answer.status === 'complete') {
            const chats = path.join(dir, 'chats');
            for (const name of readdirSync(chats).filter((n) => n.endsWith('.jsonl'))) seenOnDisk.push(readFileSync(path.join(chats, name), 'utf8'));
          }
        },
      },
    });
    await h.controller.init();
    await h.controller.send('finish me');
    assert.equal(seenOnDisk.length, 1, 'the complete update was posted, with the chat file there');
    const lines = seenOnDisk[0]!.trim().split('\n').map((l) => JSON.parse(l) as { t: string; e?: { status: string } });
    assert.equal(lines.filter((l) => l.t === 'x').at(-1)?.e?.status, 'complete');
  });

  it('a model that does not exist offers Select Model', async () => {
    fake.enqueue(apiError(404, 'NOT_FOUND', 'models/gemini-9 is not found for API version v1beta'));
    const h = harness(fake, dir, { settings: { model: 'gemini-9' } });
    await h.controller.init();
    await h.controller.send('hi');
    assert.equal(h.ofType('turn/update').at(-1)!.exchange.answer.error?.action, 'selectModel');
    // Choosing a model fixes the open chat; sending again replaces the failed exchange.
    fake.enqueue(sse([textChunk('hello', 'STOP')]));
    await h.controller.setChatModel('gemini-2.5-flash');
    await h.controller.send('hi');
    assert.match(fake.generateRequests[1]!.url, /models\/gemini-2\.5-flash:/);
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.status), ['complete']);
  });

  it('each answer keeps the model that was asked for it, across Select Model, a reload and a JSON export and import', async () => {
    fake.enqueue(sse([textChunk('from flash', 'STOP')]), sse([textChunk('from pro', 'STOP')]));
    const state = new MemoryState();
    const h = harness(fake, dir, { state });
    await h.controller.init();
    await h.controller.send('first');
    await h.controller.setChatModel('gemini-2.5-pro');
    await h.controller.send('second');
    assert.deepEqual(fake.generateRequests.map((r) => /models\/([^:]+):/.exec(r.url)?.[1]), ['gemini-2.5-flash', 'gemini-2.5-pro']);
    const modelsOf = (chat: ChatRecord | undefined) => chat?.exchanges.map((e) => e.modelName);
    assert.deepEqual(modelsOf(h.controller.activeChat()), ['gemini-2.5-flash', 'gemini-2.5-pro']);
    await h.controller.dispose();
    const reloaded = harness(fake, dir, { state });
    await reloaded.controller.init();
    assert.deepEqual(modelsOf(reloaded.controller.activeChat()), ['gemini-2.5-flash', 'gemini-2.5-pro'], 'after a reload');
    const imported = importChatJson(JSON.stringify(chatToJson(reloaded.controller.activeChat(), 1)), { defaultModel: 'gemini-2.5-flash', now: 1 });
    assert.deepEqual(modelsOf(imported), ['gemini-2.5-flash', 'gemini-2.5-pro'], 'through the JSON file');
  });

  it('while retrying after 503 the view is told the wait and why, then the answer streams', async () => {
    fake.enqueue(apiError(503, 'UNAVAILABLE', 'The model is overloaded.'), sse([textChunk('fine', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('q');
    const retry = h.ofType('turn/update').find((u) => u.exchange.answer.retry);
    assert.ok(retry, 'an update carried the retry');
    assert.ok(retry.exchange.answer.retry!.until > Date.now() - 60_000, 'when the next try starts');
    assert.match(retry.exchange.answer.retry!.reason, /503/);
    assert.equal(h.ofType('turn/update').at(-1)!.exchange.answer.status, 'complete');
  });

  /**
   * Sends `text` through a client that tries a request twice, `delayMs` apart, and returns once the
   * view has been told that the reply waits to try again.
   */
  async function sendIntoRetryWait(delayMs: number): Promise<{ h: Harness; sending: Promise<void> }> {
    const client = new GeminiClient({ apiKey: 'test-key', baseUrl: fake.baseUrl, retry: { maxAttempts: 2, initialDelayMs: delayMs, maxDelayMs: delayMs } });
    const h = harness(fake, dir, { ports: { getClient: () => Promise.resolve(client) } });
    await h.controller.init();
    const waiting = h.next('turn/update');
    const sending = h.controller.send('q');
    assert.ok((await waiting).exchange.answer.retry, 'waiting to try again');
    return { h, sending };
  }

  it('a chat opened again while its reply waits to try again shows the wait', async () => {
    fake.enqueue(apiError(503, 'UNAVAILABLE', 'The model is overloaded.'), sse([textChunk('fine', 'STOP')]));
    const { h, sending } = await sendIntoRetryWait(400);
    const chatId = h.controller.activeChatId!;
    await h.controller.newChat();
    await h.controller.switchTo(chatId);
    const shown = h.ofType('state/snapshot').at(-1)!.snapshot.chat!.exchanges[0]!.answer;
    assert.ok(shown.retry?.until, 'when the next try starts');
    assert.match(shown.retry?.reason ?? '', /503/);
    await sending;
    assert.equal(h.ofType('turn/update').at(-1)!.exchange.answer.status, 'complete');
  });

  it('a window gone without closing while its reply waits to try again: the next one says what it was waiting after', async () => {
    fake.enqueue(apiError(503, 'UNAVAILABLE', 'The model is overloaded.'), sse([textChunk('never read', 'STOP')]));
    const { h } = await sendIntoRetryWait(60_000);
    await sleep(50); // the save of the wait
    // No dispose: the window was killed. The next one reads what was saved.
    const after = harness(fake, dir, { state: h.state });
    await after.controller.init();
    const shown = after.controller.snapshot().chat!.exchanges[0]!.answer;
    assert.equal(shown.status, 'interrupted');
    assert.equal(shown.error?.message, 'The reply was cut off when VS Code closed, while waiting to try again after: Gemini is overloaded (503).');
    h.controller.stop();
  });

  /**
   * Sends `text`; its answer's connection drops once the first chunk ("Half of") has reached the view
   * (not before: that would be a retry), leaving it interrupted. `next` answers the request after it.
   */
  async function sendInterrupted(text: string, next: string): Promise<ReturnType<typeof harness>> {
    let drop!: () => void;
    const dropped = new Promise<void>((resolve) => (drop = resolve));
    fake.enqueue(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify(textChunk('Half of'))}\r\n\r\n`);
      await dropped;
      res.socket?.destroy();
    }, sse([textChunk(next, 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const chunk = h.next('turn/chunk');
    const sending = h.controller.send(text);
    await chunk;
    drop();
    await sending;
    return h;
  }

  it('a dropped stream keeps the partial answer as interrupted; Retry replaces it', async () => {
    const h = await sendInterrupted('q', 'Whole answer');
    const broken = h.ofType('turn/update').at(-1)!.exchange;
    assert.equal(broken.answer.status, 'interrupted');
    assert.equal(broken.answer.markdown, 'Half of');
    assert.equal(broken.answer.error?.action, 'retry');
    await h.controller.retry(broken.id);
    const chat = h.controller.activeChat();
    assert.deepEqual(chat.exchanges.map((e) => [e.text, e.status]), [['q', 'complete']]);
    assert.deepEqual(turnsOf(fake.generateRequests[1]!.json), ['user: q']);
  });

  it('Retry on an interrupted answer that is no longer the last is refused, saying how, and drops nothing', async () => {
    const h = await sendInterrupted('first', 'Second answer');
    await h.controller.send('second');
    const [first] = h.controller.activeChat().exchanges;
    await h.controller.retry(first!.id);
    assert.match(h.ofType('notice').at(-1)!.message, /Only the last answer can be retried.*Rewind to here/);
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => [e.text, e.status]), [['first', 'interrupted'], ['second', 'complete']]);
    assert.equal(fake.generateRequests.length, 2, 'nothing sent again');
  });

  it('rewind removes the exchange and all after it from what the next request sends', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]), sse([textChunk('A3', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.send('Q2');
    const second = h.controller.activeChat().exchanges[1]!;
    await h.controller.rewind(second.id);
    await h.controller.send('Q2 again');
    assert.deepEqual(turnsOf(fake.generateRequests[2]!.json), ['user: Q1', 'model: A1', 'user: Q2 again']);
    // All the way back to an empty chat.
    assert.equal(await h.controller.rewindLast(), true);
    assert.equal(await h.controller.rewindLast(), true);
    assert.equal(await h.controller.rewindLast(), false);
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.chat!.exchanges.length, 0);
  });

  it('a chat rewound to empty takes its title from its next first message, unless the user named it', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]), sse([textChunk('A3', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const title = (): string | undefined => h.ofType('state/snapshot').at(-1)!.snapshot.chat?.title;
    await h.controller.send('First question about rivers');
    assert.equal(h.controller.activeChat().title, 'First question about rivers');
    await h.controller.rewindLast();
    assert.equal(title(), 'New Chat');
    await h.controller.send('Now about mountains');
    assert.equal(h.controller.activeChat().title, 'Now about mountains');
    assert.equal((await h.store.list()).find((c) => c.id === h.controller.activeChatId)?.title, 'Now about mountains', 'the chat list says so too');
    await h.controller.rename(h.controller.activeChatId!, 'My mountains');
    await h.controller.rewindLast();
    await h.controller.send('Something else');
    assert.equal(h.controller.activeChat().title, 'My mountains');
  });

  it('edit puts the text back in the composer, and sending replaces that exchange and all after it', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]), sse([textChunk('B1', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.send('Q2');
    const first = h.controller.activeChat().exchanges[0]!;
    h.controller.edit(first.id);
    const set = h.ofType('composer/set').at(-1)!;
    assert.equal(set.text, 'Q1');
    assert.equal(set.composer.editingExchangeId, first.id);
    assert.equal(set.composer.editingFollowedBy, 1, 'the exchanges sending it removes besides it');
    await h.controller.send('Q1 edited');
    assert.deepEqual(turnsOf(fake.generateRequests[2]!.json), ['user: Q1 edited']);
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.text), ['Q1 edited']);
  });

  /** A chat with one exchange whose second message, "Q2 that fails", is on its way: `fail()` fails it (a 400). */
  async function failingOnItsWay(attachments: PendingAttachment[] = []): Promise<{ h: Harness; sending: Promise<void>; fail: () => void }> {
    let fail!: () => void;
    const failing = apiError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.');
    fake.enqueue(sse([textChunk('A1', 'STOP')]), async (req, res) => {
      await new Promise<void>((resolve) => (fail = resolve));
      await failing(req, res);
    });
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    h.controller.addAttachments(attachments);
    const sending = h.controller.send('Q2 that fails', 1);
    while (fake.generateRequests.length < 2) await sleep(2);
    return { h, sending, fail: () => fail() };
  }

  it('a message that fails while its chat is not open waits in that chat\'s box with its file, before what was typed there', async () => {
    const bytes = Buffer.from('notes');
    const { h, sending, fail } = await failingOnItsWay([{ record: { id: 'f1', label: 'notes.txt', kind: 'text', mimeType: 'text/plain', size: bytes.length }, parts: [{ text: 'notes.txt:\nnotes' }], bytes }]);
    const chatId = h.controller.activeChatId!;
    h.controller.keepDraft(chatId, 'typed while it was on its way', 2);
    await h.controller.newChat();
    fail();
    await sending;
    await h.controller.switchTo(chatId);
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.draft?.text, 'Q2 that fails\n\ntyped while it was on its way', 'both kept');
    assert.deepEqual(h.controller.attachments().map((a) => a.record.label), ['notes.txt'], 'and its file');
  });

  it('a message that fails while another is being edited waits with what the edit set aside, not in the edit', async () => {
    const { h, sending, fail } = await failingOnItsWay();
    // Typed while it is on its way, then an earlier message opened to edit.
    h.controller.keepDraft(h.controller.activeChatId!, 'a note for later', 2);
    const first = h.controller.activeChat().exchanges[0]!;
    h.controller.edit(first.id);
    fail();
    await sending;
    const set = h.ofType('composer/set').at(-1)!;
    assert.equal(set.text, undefined, 'the edit in the box is left as it is');
    assert.equal(set.composer.editingExchangeId, first.id, 'still editing');
    assert.equal(h.ofType('notice').at(-1)?.message, '“Q2 that fails” did not go: it comes back to the message box, with what you were writing before this edit, once the edit is sent or cancelled.');
    h.controller.cancelEdit();
    assert.equal(h.ofType('composer/set').at(-1)!.text, 'Q2 that fails\n\na note for later', 'back with the edit’s end, nothing lost');
    // Retry while an edit is going on takes its waiting copy back: it is not sent twice.
    h.controller.edit(first.id);
    fake.enqueue(sse([textChunk('A2', 'STOP')]));
    await h.controller.retry(h.controller.activeChat().exchanges[1]!.id);
    h.controller.cancelEdit();
    assert.equal(h.ofType('composer/set').at(-1)!.text, 'a note for later');
  });

  it('Regenerate that gets no new answer (stopped before any text, or failed) leaves the earlier answer in place', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]), () => undefined, apiError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.'), sse([textChunk('A3', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.send('Q2');
    const answers = () => h.controller.activeChat().exchanges.map((e) => `${e.text} → ${e.model[0]?.parts[0]?.text ?? ''} (${e.status})`);
    const before = answers();
    // Stopped while the new answer has not begun.
    const regenerating = h.controller.regenerate();
    while (fake.generateRequests.length < 3) await sleep(2);
    h.controller.stop();
    await regenerating;
    assert.deepEqual(answers(), before, 'the earlier answer is back');
    const shown = h.ofType('state/snapshot').at(-1)!.snapshot.chat!.exchanges;
    assert.deepEqual(shown.map((e) => `${e.user.text} → ${e.answer.markdown}`), ['Q1 → A1', 'Q2 → A2'], 'and shown');
    assert.ok(!h.ofType('composer/set').some((m) => m.text === 'Q2'), 'the question, still in the chat, is not put in the message box');
    assert.equal(h.ofType('notice').at(-1)?.message, 'Stopped before any answer came. The earlier answer is back.');
    // Failed.
    await h.controller.regenerate();
    assert.deepEqual(answers(), before, 'the earlier answer is kept');
    assert.match(h.ofType('notice').at(-1)?.message ?? '', /^Request contains an invalid argument\..* The earlier answer is back\.$/, 'and why there is no new one');
    // Nothing was lost on disk either, and the next request carries it.
    const after = harness(fake, dir, { state: h.state });
    await after.controller.init();
    assert.deepEqual(after.controller.activeChat().exchanges.map((e) => e.text), ['Q1', 'Q2']);
    await h.controller.send('Q3');
    assert.deepEqual(turnsOf(fake.generateRequests.at(-1)!.json), ['user: Q1', 'model: A1', 'user: Q2', 'model: A2', 'user: Q3']);
  });

  it('Regenerate whose new answer is cut off half-way puts the earlier answer back, and says why', async () => {
    let drop!: () => void;
    const dropped = new Promise<void>((resolve) => (drop = resolve));
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]), async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify(textChunk('A new half'))}\r\n\r\n`);
      await dropped;
      res.socket?.destroy();
    }, sse([textChunk('A3', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.send('Q2');
    const answers = () => h.controller.activeChat().exchanges.map((e) => `${e.text} → ${e.model.map((c) => c.parts.map((p) => p.text).join('')).join('')} (${e.status})`);
    const before = answers();
    const chunk = h.next('turn/chunk');
    const regenerating = h.controller.regenerate();
    await chunk;
    drop();
    await regenerating;
    assert.deepEqual(answers(), before, 'the earlier answer is back');
    assert.match(h.ofType('notice').at(-1)?.message ?? '', /. The earlier answer is back\.$/);
    assert.deepEqual(h.ofType('state/snapshot').at(-1)!.snapshot.chat!.exchanges.map((e) => `${e.user.text} → ${e.answer.markdown}`), ['Q1 → A1', 'Q2 → A2'], 'and shown');
    await h.controller.send('Q3');
    assert.deepEqual(turnsOf(fake.generateRequests.at(-1)!.json), ['user: Q1', 'model: A1', 'user: Q2', 'model: A2', 'user: Q3']);
  });

  it('Regenerate that gets an empty answer puts the earlier answer back, and says so', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.regenerate();
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.model.map((c) => c.parts.map((p) => p.text).join('')).join('')), ['A1']);
    assert.equal(h.ofType('notice').at(-1)?.message, 'Gemini sent an empty answer. The earlier answer is back.');
  });

  it('an edit that gets no answer leaves the chat as it was, and the edit open with what was sent', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]), () => undefined, sse([textChunk('B1', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.send('Q2');
    h.controller.edit(h.controller.activeChat().exchanges[0]!.id);
    const sending = h.controller.send('Q1 edited');
    while (fake.generateRequests.length < 3) await sleep(2);
    h.controller.stop();
    await sending;
    const chat = h.controller.activeChat();
    assert.deepEqual(chat.exchanges.map((e) => `${e.text} → ${e.model[0]?.parts[0]?.text}`), ['Q1 → A1', 'Q2 → A2']);
    const set = h.ofType('composer/set').at(-1)!;
    assert.equal(set.text, 'Q1 edited', 'the edit is back in the box');
    assert.equal(set.composer.editingExchangeId, chat.exchanges[0]!.id, 'editing the first message again');
    assert.deepEqual(h.ofType('chat/reveal').at(-1), { type: 'chat/reveal', exchangeId: chat.exchanges[0]!.id, side: 'user', keepFocus: true }, 'shown where it is, the keyboard left in the message box');
    assert.equal(h.ofType('notice').at(-1)?.message, 'Stopped before any answer came. The messages it was to replace are back, and the edit is open again.');
    // Sending it now replaces both, as the first time.
    await h.controller.send('Q1 edited');
    assert.deepEqual(turnsOf(fake.generateRequests.at(-1)!.json), ['user: Q1 edited']);
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.text), ['Q1 edited']);
  });

  it('regenerate asks again for the last answer', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A1 again', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.regenerate(h.controller.activeChat().exchanges[0]!.id);
    assert.deepEqual(turnsOf(fake.generateRequests[1]!.json), ['user: Q1']);
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.model[0]?.parts[0]?.text), ['A1 again']);
    // The view is told why the answer went (a screen reader hears "asking again", not "removed").
    const cut = h.ofType('state/snapshot').find((m) => m.snapshot.chat?.exchanges.length === 0);
    assert.equal(cut?.snapshot.removal, 'regenerate');
  });

  it('tells the view which exchanges an edit sent replaces; a rewind says nothing more', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]), sse([textChunk('B1', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.send('Q2');
    h.controller.edit(h.controller.activeChat().exchanges[0]!.id);
    const from = h.posts.length;
    await h.controller.send('Q1 edited');
    const cut = h.posts.slice(from).find((m) => m.type === 'state/snapshot' && m.snapshot.chat?.exchanges.length === 0);
    assert.equal(cut?.type === 'state/snapshot' && cut.snapshot.removal, 'edit');
    await h.controller.rewind(h.controller.activeChat().exchanges[0]!.id);
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.removal, undefined);
  });

  it('keeps every candidate; the one chosen is the one the history sends', async () => {
    const two = (a: string, b: string, finish?: string) => ({
      candidates: [
        { content: { role: 'model', parts: [{ text: a }] }, index: 0, ...(finish ? { finishReason: finish } : {}) },
        { content: { role: 'model', parts: [{ text: b }] }, index: 1, ...(finish ? { finishReason: finish } : {}) },
      ],
    });
    fake.enqueue(sse([two('first ', 'second '), two('one', 'two', 'STOP')]), sse([textChunk('ok', 'STOP')]));
    const h = harness(fake, dir, { settings: { candidateCount: 2 } });
    await h.controller.init();
    await h.controller.send('pick');
    assert.equal((fake.generateRequests[0]!.json as { generationConfig: { candidateCount: number } }).generationConfig.candidateCount, 2);
    const done = h.ofType('turn/update').at(-1)!.exchange;
    assert.equal(done.answer.candidateCount, 2);
    assert.equal(done.answer.markdown, 'first one');
    await h.controller.selectCandidate(done.id, 1);
    assert.equal(h.ofType('turn/update').at(-1)!.exchange.answer.markdown, 'second two');
    await h.controller.send('next');
    assert.deepEqual(turnsOf(fake.generateRequests[1]!.json), ['user: pick', 'model: second ', 'model: two', 'user: next']);
    // "next" was answered after "second two": that choice is fixed now.
    await h.controller.selectCandidate(done.id, 0);
    assert.equal(h.controller.activeChat().exchanges[0]!.candidateIndex, 1);
  });

  it('each candidate keeps its own finish reason: a blocked first one gives way to one that answered, and is sent only if chosen', async () => {
    const event = {
      candidates: [
        { index: 0, finishReason: 'SAFETY' },
        { content: { role: 'model', parts: [{ text: 'A fine answer.' }] }, index: 1, finishReason: 'STOP' },
        { content: { role: 'model', parts: [{ text: 'Cut off mid' }] }, index: 2, finishReason: 'MAX_TOKENS' },
      ],
    };
    fake.enqueue(sse([event]), sse([textChunk('ok', 'STOP')]));
    const h = harness(fake, dir, { settings: { candidateCount: 3 } });
    await h.controller.init();
    await h.controller.send('pick');
    const shown = () => h.ofType('turn/update').at(-1)!.exchange.answer;
    const done = h.ofType('turn/update').at(-1)!.exchange;
    assert.deepEqual([shown().candidateIndex, shown().candidateCount, shown().status, shown().markdown], [1, 3, 'complete', 'A fine answer.'], 'the answer, not the blocked one');
    await h.controller.selectCandidate(done.id, 2);
    assert.deepEqual([shown().status, shown().finishReason, shown().markdown], ['complete', 'MAX_TOKENS', 'Cut off mid']);
    await h.controller.selectCandidate(done.id, 0);
    assert.deepEqual([shown().status, shown().finishReason, shown().error?.message], ['blocked', 'SAFETY', 'Gemini stopped this answer (SAFETY).']);
    await h.controller.selectCandidate(done.id, 1);
    assert.deepEqual([shown().status, shown().finishReason, shown().error], ['complete', 'STOP', undefined]);
    await h.controller.send('next');
    assert.deepEqual(turnsOf(fake.generateRequests[1]!.json), ['user: pick', 'model: A fine answer.', 'user: next'], 'the chosen answer is part of the conversation');
  });

  it('brings back every chat and the open one after a reload', async () => {
    fake.enqueue(sse([textChunk('A', 'STOP')]), sse([textChunk('B', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('chat one');
    await h.controller.newChat();
    await h.controller.send('chat two');
    const reloaded = harness(fake, dir, { state: h.state });
    await reloaded.controller.init();
    const snap = reloaded.controller.snapshot();
    assert.deepEqual(snap.chats.map((c) => c.title).sort(), ['chat one', 'chat two']);
    assert.equal(snap.chat!.title, 'chat two');
    assert.equal(snap.chat!.exchanges[0]!.answer.markdown, 'B');
  });

  it('chips waiting in the message box come back after a reload, an image with its bytes, in a saved chat and in a new one', async () => {
    fake.enqueue(sse([textChunk('A', 'STOP')]), sse([textChunk('B', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('a saved chat');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const image = { record: { id: 'img', label: 'shot.png', kind: 'image' as const, mimeType: 'image/png', size: png.length, sha256: await h.store.writeAttachment(png) }, parts: [{ inlineData: { mimeType: 'image/png', data: png.toString('base64') } }], bytes: png };
    const selection = { record: { id: 'sel', label: 'fib.ts:1-3', kind: 'selection' as const, mimeType: 'text/plain', size: 20 }, parts: [{ text: 'fib.ts (lines 1-3):\n```ts\nconst a = 1;\n```\n' }] };
    h.controller.addAttachments([image, selection]);
    await h.store.chips.flush();
    const reloaded = harness(fake, dir, { state: h.state });
    await reloaded.controller.init();
    assert.deepEqual(reloaded.controller.attachments().map((a) => a.record.label), ['shot.png', 'fib.ts:1-3']);
    assert.deepEqual(reloaded.controller.attachments().map((a) => a.parts), [image.parts, selection.parts], 'the image read back from its kept bytes');
    assert.deepEqual(reloaded.controller.snapshot().composer.attachments.map((a) => a.label), ['shot.png', 'fib.ts:1-3'], 'the view shows them');
    // Sent, they are gone: the next reload has none.
    await reloaded.controller.send('about these');
    const sent = JSON.parse(fake.generateRequests.at(-1)!.body) as { contents: { parts: Record<string, unknown>[] }[] };
    assert.equal(sent.contents.at(-1)!.parts.length, 3);
    const again = harness(fake, dir, { state: h.state });
    await again.controller.init();
    assert.deepEqual(again.controller.attachments(), []);
    // A new chat, not saved yet, keeps its chips too.
    await again.controller.newChat();
    again.controller.addAttachments([selection]);
    await again.store.chips.flush();
    const fresh = harness(fake, dir, { state: h.state });
    await fresh.controller.init();
    assert.deepEqual(fresh.controller.attachments().map((a) => a.record.label), ['fib.ts:1-3']);
  });

  it('a window killed mid-reply brings the partial reply back, marked interrupted', async () => {
    fake.enqueue(sse([textChunk('Streaming and then'), textChunk(' the window dies')], { end: 'hang' }));
    const h = harness(fake, dir, { ports: { checkpointIntervalMs: 0 } });
    await h.controller.init();
    const sending = h.controller.send('q');
    // Wait for both chunks to have been shown, then "kill": read the files as a new window would.
    while (h.ofType('turn/chunk').map((c) => c.text).join('') !== 'Streaming and then the window dies') await h.next('turn/chunk');
    // The checkpoint is written in the background: wait until it is on disk (no clock involved).
    const file = path.join(dir, 'chats', `${h.controller.activeChat().id}.jsonl`);
    while (!(existsSync(file) && readFileSync(file, 'utf8').includes('the window dies'))) await sleep(5);
    const after = harness(fake, dir, { state: h.state });
    await after.controller.init();
    const exchange = after.controller.activeChat().exchanges[0]!;
    assert.equal(exchange.status, 'interrupted');
    assert.match(exchange.model.map((c) => c.parts[0]!.text).join(''), /^Streaming and then/);
    h.controller.stop();
    await sending;
  });

  it('with no credentials: the snapshot asks for a key and the typed text is given back', async () => {
    const h = harness(fake, dir, { noKey: true });
    await h.controller.init();
    await h.controller.send('keep me');
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.needsCredentials, true);
    assert.equal(h.ofType('composer/set').at(-1)!.text, 'keep me');
    assert.equal(fake.requests.length, 0);
  });

  it('Regenerate and Retry on a chat\'s first exchange keep the title it took from that question', async () => {
    fake.enqueue(apiError(400, 'INVALID_ARGUMENT', 'No.'), sse([textChunk('One.', 'STOP')]), sse([textChunk('Again.', 'STOP')]), apiError(400, 'INVALID_ARGUMENT', 'No.'));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Why is the sky blue');
    const title = () => h.controller.activeChat().title;
    assert.equal(h.controller.activeChat().exchanges[0]!.status, 'error');
    assert.equal(title(), 'Why is the sky blue');
    await h.controller.retry(h.controller.activeChat().exchanges[0]!.id);
    assert.equal(title(), 'Why is the sky blue', 'after Retry');
    await h.controller.regenerate();
    assert.equal(title(), 'Why is the sky blue', 'after Regenerate');
    await h.controller.regenerate();
    assert.equal(title(), 'Why is the sky blue', 'after a Regenerate that failed');
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.chats.find((c) => c.id === h.controller.activeChatId)?.title, 'Why is the sky blue', 'in the chat list too');
  });

  it('a blocked prompt is shown as blocked, is not sent as history, and its text comes back to be rephrased', async () => {
    fake.enqueue(sse([{ promptFeedback: { blockReason: 'SAFETY' } }]), sse([textChunk('ok', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('bad');
    const last = h.ofType('turn/update').at(-1)!.exchange.answer;
    assert.equal(last.status, 'blocked');
    assert.match(last.error!.message, /SAFETY/);
    assert.equal(h.ofType('composer/set').at(-1)?.text, 'bad', 'the message is back in the box, as after a failure');
    await h.controller.send('fine');
    assert.deepEqual(turnsOf(fake.generateRequests[1]!.json), ['user: fine']);
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.text), ['fine'], 'the rephrased message takes its place, as after a failure');
  });

  it('Regenerate after a blocked prompt takes its copy out of the message box: it is asked once', async () => {
    fake.enqueue(sse([{ candidates: [{ finishReason: 'SAFETY', index: 0 }] }]), sse([textChunk('ok', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('borderline');
    assert.equal(h.ofType('composer/set').at(-1)?.text, 'borderline', 'given back');
    await h.controller.regenerate();
    assert.equal(h.ofType('composer/set').at(-1)?.takeBack, 'borderline', 'taken back from the box');
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => `${e.text} → ${e.status}`), ['borderline → complete']);
  });

  it('an answer that cannot go back as history (empty, or with an empty part) says so and offers Retry, as it is not sent', async () => {
    const cases: [unknown[], RegExp][] = [
      [[{ candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }] }], /^Gemini sent an empty answer\.$/],
      [[{ candidates: [{ content: { role: 'model' }, finishReason: 'MAX_TOKENS', index: 0 }], usageMetadata: { thoughtsTokenCount: 1024 } }], /token limit \(MAX_TOKENS\) before writing anything/],
      [[textChunk('Looks fine '), { candidates: [{ content: { role: 'model', parts: [{}] }, finishReason: 'STOP', index: 0 }] }], /empty part/],
    ];
    for (const [events] of cases) fake.enqueue(sse(events));
    fake.enqueue(sse([textChunk('ok', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    for (const [i, [, message]] of cases.entries()) {
      await h.controller.send(`Q${i}`);
      const answer = h.ofType('turn/update').at(-1)!.exchange.answer;
      assert.equal(answer.status, 'interrupted', `case ${i}: shown as not part of the conversation`);
      assert.match(answer.error?.message ?? '', message);
      assert.equal(answer.error?.action, 'retry');
    }
    await h.controller.send('next');
    assert.deepEqual(turnsOf(fake.generateRequests.at(-1)!.json), ['user: next'], 'none of them was sent, as the screen says');
  });

  it('renders code execution and thoughts for the webview, never raw parts', async () => {
    fake.enqueue(
      sse([
        { candidates: [{ content: { role: 'model', parts: [{ text: 'Planning…', thought: true }] }, index: 0 }] },
        { candidates: [{ content: { role: 'model', parts: [{ executableCode: { language: 'PYTHON', code: 'print(1+1)' } }] }, index: 0 }] },
        { candidates: [{ content: { role: 'model', parts: [{ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '2\n' } }] }, index: 0 }] },
        textChunk('The answer is 2.', 'STOP'),
      ]),
    );
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('compute');
    const answer = h.ofType('turn/update').at(-1)!.exchange.answer;
    assert.equal(answer.thoughts, 'Planning…');
    assert.match(answer.markdown, /```python\nprint\(1\+1\)\n```/);
    assert.match(answer.markdown, /```output\n2\n```/);
    assert.ok(answer.markdown.endsWith('The answer is 2.'));
    const streamed = h.ofType('turn/chunk');
    assert.equal(streamed.map((c) => c.text ?? '').join(''), answer.markdown);
    assert.equal(streamed.map((c) => c.thought ?? '').join(''), 'Planning…');
  });

  it('posts nothing about a chat once another is open', async () => {
    fake.enqueue(sse([textChunk('A', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('one');
    const id = h.controller.activeChat().id;
    await h.controller.newChat();
    await h.controller.switchTo(id);
    const snap: HostToWebview | undefined = h.ofType('state/snapshot').at(-1);
    assert.equal(snap?.type === 'state/snapshot' && snap.snapshot.chat?.id, id);
  });

  it('a second send while the first is starting is refused and its text given back', async () => {
    fake.enqueue(sse([textChunk('only one', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await Promise.all([h.controller.send('first'), h.controller.send('second')]);
    assert.equal(fake.generateRequests.length, 1);
    assert.ok(h.ofType('composer/set').some((m) => m.text === 'second'));
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.text), ['first']);
  });

  it('a client that cannot be built (a bad proxy URL) is explained and the text given back', async () => {
    const h = harness(fake, dir, { ports: { getClient: () => Promise.reject(new Error('Unsupported proxy URL "socks://x"')) } });
    await h.controller.init();
    await h.controller.send('do not lose me');
    assert.equal(h.ofType('composer/set').at(-1)!.text, 'do not lose me');
    assert.match(h.ofType('notice').at(-1)!.message, /proxy/);
    assert.equal(h.controller.activeChat().exchanges.length, 0);
  });

  it('sends attachments as parts before the text, keeps their bytes aside, and gives them back on edit', async () => {
    fake.enqueue(sse([textChunk('A red pixel.', 'STOP')]), sse([textChunk('Again.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const bytes = Buffer.from('89504e470d0a1a0a', 'hex');
    // Kept by the store as Add File keeps it, before the chip is shown.
    const sha256 = await h.store.writeAttachment(bytes);
    h.controller.addAttachments([
      {
        record: { id: 'att1', label: 'pixel.png', kind: 'image', mimeType: 'image/png', size: bytes.length, sha256 },
        // As Add File makes it: the name, then the data.
        parts: [{ text: 'img/pixel.png:' }, { inlineData: { mimeType: 'image/png', data: bytes.toString('base64') } }],
        bytes,
      },
    ]);
    assert.deepEqual(h.ofType('composer/set').at(-1)!.composer.attachments.map((a) => a.label), ['pixel.png']);
    const chip = h.ofType('composer/set').at(-1)!.composer.attachments[0]!;
    assert.equal(chip.keptImage, sha256, 'its chip shows the image the store keeps');
    assert.ok(!JSON.stringify(chip).includes(bytes.toString('base64')), 'not its bytes');
    await h.controller.send('What is this?');
    const sent = (fake.generateRequests[0]!.json as { contents: { parts: Record<string, unknown>[] }[] }).contents[0]!.parts;
    assert.deepEqual(sent, [{ text: 'img/pixel.png:' }, { inlineData: { mimeType: 'image/png', data: bytes.toString('base64') } }, { text: 'What is this?' }]);
    assert.deepEqual(h.ofType('composer/set').at(-1)!.composer.attachments, [], 'the chips left with the message');
    const file = readFileSync(path.join(dir, 'chats', `${h.controller.activeChat().id}.jsonl`), 'utf8');
    assert.ok(!file.includes(bytes.toString('base64')));
    const exchange = h.controller.activeChat().exchanges[0]!;
    assert.match(exchange.attachments[0]!.sha256!, /^[0-9a-f]{64}$/);
    h.controller.edit(exchange.id);
    assert.deepEqual(h.ofType('composer/set').at(-1)!.composer.attachments.map((a) => a.label), ['pixel.png']);
    await h.controller.send('And now?');
    const resent = (fake.generateRequests[1]!.json as { contents: { parts: Record<string, unknown>[] }[] }).contents;
    assert.equal(resent.length, 1);
    assert.deepEqual(resent[0]!.parts, [{ text: 'img/pixel.png:' }, { inlineData: { mimeType: 'image/png', data: bytes.toString('base64') } }, { text: 'And now?' }], 'the image given back whole, named once');
  });

  it('a snapshot in the middle of a reply (the view re-shown) never shows text twice', async () => {
    let write!: (chunk: unknown, end?: boolean) => void;
    fake.enqueue((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      write = (chunk, end) => {
        const data = `data: ${JSON.stringify(chunk)}\r\n\r\n`;
        if (end) res.end(data);
        else res.write(data);
      };
      write(textChunk('one '));
    });
    const timers = new ManualTimers();
    const h = harness(fake, dir, { timers });
    await h.controller.init();
    const first = h.next('turn/chunk');
    const sending = h.controller.send('q');
    await first;
    write(textChunk('two '));
    // 'two ' is recorded but held by the coalescer (its timer never fires in this test).
    while (h.controller.activeChat().exchanges[0]!.model.length < 2) await sleep(2);
    h.controller.postSnapshot();
    write(textChunk('three', 'STOP'), true);
    await sending;
    const id = h.controller.activeChat().exchanges[0]!.id;
    const finalAt = h.posts.lastIndexOf(h.ofType('turn/update').at(-1)!);
    assert.equal(mirrorOf(h.posts, id, finalAt), 'one two three');
  });

  it('two windows adding turns to one chat lose none, and each sends the other\'s turns', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('B1', 'STOP')]), sse([textChunk('A2', 'STOP')]));
    const w1 = harness(fake, dir);
    await w1.controller.init();
    await w1.controller.send('from one');
    const w2 = harness(fake, dir); // its own workspaceState, the same storage folder
    await w2.controller.init();
    assert.equal(await w2.controller.switchTo(w1.controller.activeChat().id), true);
    await w2.controller.send('from two');
    await w1.controller.send('one again');
    assert.deepEqual(turnsOf(fake.generateRequests[2]!.json), ['user: from one', 'model: A1', 'user: from two', 'model: B1', 'user: one again']);
    const reread = harness(fake, dir);
    await reread.controller.init();
    await reread.controller.switchTo(w1.controller.activeChat().id);
    assert.deepEqual(reread.controller.activeChat().exchanges.map((e) => e.text), ['from one', 'from two', 'one again']);
  });

  /** Window 1 asked `first` in a new chat; window 2 (its own workspaceState, the same folder) has that chat open. */
  async function twoWindowsOn(first: string): Promise<{ w1: Harness; w2: Harness; id: string }> {
    const w1 = harness(fake, dir);
    await w1.controller.init();
    await w1.controller.send(first);
    const id = w1.controller.activeChat().id;
    const w2 = harness(fake, dir);
    await w2.controller.init();
    await w2.controller.switchTo(id);
    return { w1, w2, id };
  }

  it('a window brought to the front shows the turns another window added to its open chat meanwhile', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('B1', 'STOP')]));
    const { w1, w2, id } = await twoWindowsOn('from one');
    await w2.controller.send('from two');
    await w1.controller.takeInOtherWindows();
    assert.deepEqual(w1.ofType('state/snapshot').at(-1)!.snapshot.chat!.exchanges.map((e) => `${e.user.text} → ${e.answer.markdown}`), ['from one → A1', 'from two → B1']);
    assert.equal(w1.store.list().find((c) => c.id === id)?.exchanges, 2, 'Switch Chat counts them too');
  });

  it('a window sending in a chat another window added to shows those turns before the answer, as it sends them', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]), sse([textChunk('B2', 'STOP')]));
    const { w1, w2 } = await twoWindowsOn('from one');
    await w1.controller.send('one again');
    const posted = w2.posts.length;
    await w2.controller.send('from two');
    const shown = w2.posts.slice(posted).find((p) => p.type === 'state/snapshot');
    assert.ok(shown?.type === 'state/snapshot', 'a snapshot after the send');
    assert.deepEqual(shown.snapshot.chat!.exchanges.map((e) => e.user.text), ['from one', 'one again', 'from two']);
    assert.ok(w2.posts.indexOf(shown) < w2.posts.findIndex((p, i) => i >= posted && p.type === 'turn/chunk'), 'shown before the answer streams');
  });

  /**
   * Window 1 sent "first" and "second"; window 2, on the same chat, then sent "from two", which window 1
   * has not seen. `answers` answer the requests after those.
   */
  async function addedInAnotherWindow(...answers: string[]): Promise<{ w1: ReturnType<typeof harness>; w2: ReturnType<typeof harness>; id: string }> {
    fake.enqueue(...['A1', 'A2', 'B1', ...answers].map((text) => sse([textChunk(text, 'STOP')])));
    const w1 = harness(fake, dir);
    await w1.controller.init();
    await w1.controller.send('first');
    await w1.controller.send('second');
    const id = w1.controller.activeChat().id;
    const w2 = harness(fake, dir);
    await w2.controller.init();
    await w2.controller.switchTo(id);
    await w2.controller.send('from two');
    return { w1, w2, id };
  }

  it('an edit or Regenerate in one window takes in what another window added after that point', async () => {
    const { w1, w2, id } = await addedInAnotherWindow('B2', 'A1 again');
    // Regenerate in w1 is of the last answer as the chat is now: w2's.
    await w1.controller.regenerate(w1.controller.activeChat().exchanges[1]!.id);
    assert.equal(w1.ofType('notice').at(-1)?.message, 'Only the last answer can be regenerated.');
    assert.deepEqual(w1.controller.activeChat().exchanges.map((e) => e.text), ['first', 'second', 'from two'], 'and the chat shows it');
    // An edit of the first message replaces it and everything after it, w2's exchange too.
    await w2.controller.send('more from two');
    w1.controller.edit(w1.controller.activeChat().exchanges[0]!.id);
    await w1.controller.send('first, edited');
    assert.deepEqual(turnsOf(fake.generateRequests.at(-1)!.json), ['user: first, edited']);
    assert.deepEqual(w1.controller.activeChat().exchanges.map((e) => e.text), ['first, edited']);
    const reread = harness(fake, dir);
    await reread.controller.init();
    await reread.controller.switchTo(id);
    assert.deepEqual(reread.controller.activeChat().exchanges.map((e) => e.text), ['first, edited']);
  });

  it('a rewind counts and cuts what another window added after its point', async () => {
    const { w1, id } = await addedInAnotherWindow();
    // What Rewind to here does before asking: the chat as it is now, to count what goes.
    await w1.controller.catchUp();
    assert.deepEqual(w1.controller.shownChat.exchanges.map((e) => e.text), ['first', 'second', 'from two']);
    await w1.controller.rewind(w1.controller.activeChat().exchanges[1]!.id);
    const reread = harness(fake, dir);
    await reread.controller.init();
    await reread.controller.switchTo(id);
    assert.deepEqual(reread.controller.activeChat().exchanges.map((e) => e.text), ['first']);
  });

  it('a chat deleted in another window is not written back by this one, which says so and keeps showing it', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('B1', 'STOP')]));
    const { w1, w2, id } = await twoWindowsOn('a private question');
    await w1.controller.delete(id);
    await w2.controller.send('one more');
    assert.match(w2.ofType('notice').at(-1)?.message ?? '', /^“a private question” was deleted in another window, so it is no longer saved\./);
    assert.deepEqual(w2.controller.activeChat().exchanges.map((e) => [e.text, e.status]), [['a private question', 'complete'], ['one more', 'complete']], 'still shown here');
    const later = harness(fake, dir);
    await later.controller.init();
    await later.controller.refreshChats();
    assert.equal(later.store.list().some((c) => c.id === id), false, 'not on disk again');
    assert.equal(await later.store.load(id), undefined);
  });

  it('closing the window (dispose) mid-reply keeps what arrived, marked interrupted with Retry', async () => {
    fake.enqueue(sse([textChunk('So far')], { end: 'hang' }));
    const h = harness(fake, dir);
    await h.controller.init();
    const first = h.next('turn/chunk');
    const sending = h.controller.send('q');
    await first;
    const id = h.controller.activeChat().id;
    await h.controller.dispose();
    await sending;
    const kept = await makeStore(dir, h.state).store.load(id);
    assert.equal(kept!.exchanges[0]!.status, 'interrupted', 'nobody pressed Stop');
    assert.equal(kept!.exchanges[0]!.error?.action, 'retry');
    assert.equal(kept!.exchanges[0]!.model[0]!.parts[0]!.text, 'So far');
  });

  it('closing the window while the answer is awaited keeps the question, and Retry in the next window asks it', async () => {
    fake.enqueue(sse([], { end: 'hang' }), sse([textChunk('At last.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const sending = h.controller.send('a question that took long to write');
    while (fake.generateRequests.length < 1) await sleep(2);
    await h.controller.dispose();
    await sending;
    const after = harness(fake, dir, { state: h.state });
    await after.controller.init();
    const [exchange, ...rest] = after.controller.activeChat().exchanges;
    assert.equal(rest.length, 0);
    assert.equal(exchange?.text, 'a question that took long to write');
    assert.equal(exchange?.status, 'interrupted');
    await after.controller.retry(exchange.id);
    assert.deepEqual(fake.generateRequests[1]!.json, fake.generateRequests[0]!.json, 'the same question asked again');
    assert.deepEqual(after.controller.activeChat().exchanges.map((e) => [e.text, e.status]), [['a question that took long to write', 'complete']]);
  });

  it('a window reloaded while the old one still writes the reply it was receiving takes in what it wrote, a moment later', async () => {
    fake.enqueue(sse([textChunk('So far, '), textChunk('and more.')], { end: 'hang', delayMs: 50 }));
    const w1 = harness(fake, dir, { ports: { checkpointIntervalMs: 60_000 } });
    await w1.controller.init();
    const sending = w1.controller.send('q');
    const received = () => w1.controller.activeChat().exchanges[0]?.model.length ?? 0;
    for (let i = 0; i < 200 && received() < 2; i++) await sleep(5);
    // The new window reads the chat before the old one has written all that arrived.
    const timers = new ManualTimers();
    const w2 = harness(fake, dir, { state: w1.state, timers });
    await w2.controller.init();
    const shown = () => w2.ofType('state/snapshot').at(-1)?.snapshot.chat?.exchanges[0]?.answer;
    assert.notEqual(w2.controller.snapshot().chat!.exchanges[0]!.answer.markdown, 'So far, and more.');
    await w1.controller.dispose();
    await sending;
    timers.fireAll();
    for (let i = 0; i < 100 && shown()?.markdown !== 'So far, and more.'; i++) await sleep(10);
    assert.equal(shown()?.markdown, 'So far, and more.', 'what the old window wrote as it closed');
    assert.equal(shown()?.status, 'interrupted');
  });

  it('closing the window while the request waits to be tried again says what it was waiting after', async () => {
    fake.enqueue(apiError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for this minute.'));
    const { h, sending } = await sendIntoRetryWait(60_000);
    await h.controller.dispose();
    await sending;
    const after = harness(fake, dir, { state: h.state });
    await after.controller.init();
    const answer = after.controller.snapshot().chat!.exchanges[0]!.answer;
    assert.equal(answer.status, 'interrupted');
    assert.equal(answer.error?.message, 'The reply was cut off when VS Code closed, while waiting to try again after: Rate limited (429).');
    assert.equal(fake.generateRequests.length, 1, 'not tried again on the way out');
  });

  it('a chat shows in its header what its requests carry besides the conversation: a system instruction, tools, safety settings', async () => {
    const h = harness(fake, dir, { settings: { systemInstruction: 'Answer in French.', tools: { googleSearch: true, codeExecution: false } } });
    await h.controller.init();
    assert.deepEqual(h.controller.snapshot().chat!.extras, [
      { label: 'System instruction', detail: 'Answer in French.' },
      { label: 'Google Search', detail: 'Answers may search the web with Google Search.' },
    ]);
    const plain = harness(fake, dir);
    await plain.controller.init();
    assert.equal(plain.controller.snapshot().chat!.extras, undefined);
  });

  it('a chat kept with more stop sequences than the API takes (saved before they were held, or imported) sends the first 5', async () => {
    fake.enqueue(sse([textChunk('a', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    h.settings.stopSequences = ['a', 'b', 'c', 'd', 'e', 'f'];
    h.controller.settingsChanged();
    await h.controller.send('one');
    assert.deepEqual((fake.generateRequests[0]!.json as { generationConfig: { stopSequences: string[] } }).generationConfig.stopSequences, ['a', 'b', 'c', 'd', 'e']);
  });

  it('a chat keeps the model and config it started with; settings changes apply to new chats', async () => {
    fake.enqueue(sse([textChunk('a', 'STOP')]), sse([textChunk('b', 'STOP')]), sse([textChunk('c', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    // Changed before the first message: the new chat has not started yet, so it takes them.
    h.settings.model = 'gemini-2.5-pro';
    h.settings.temperature = 0.3;
    h.controller.settingsChanged();
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.chat!.model, 'gemini-2.5-pro');
    await h.controller.send('one');
    assert.equal(h.ofType('notice').length, 0, 'a new chat takes them: nothing to say');
    h.settings.model = 'gemini-2.0-flash';
    h.settings.temperature = 1.5;
    h.controller.settingsChanged();
    assert.deepEqual(h.ofType('notice').at(-1), { type: 'notice', level: 'info', message: 'The changed settings apply to new chats: “one” keeps the ones it started with.', action: 'useSettings' });
    await h.controller.send('two');
    for (const req of fake.generateRequests.slice(0, 2)) {
      assert.match(req.url, /models\/gemini-2\.5-pro:/);
      assert.equal((req.json as { generationConfig: { temperature: number } }).generationConfig.temperature, 0.3);
    }
    await h.controller.newChat();
    await h.controller.send('three');
    assert.match(fake.generateRequests[2]!.url, /models\/gemini-2\.0-flash:/);
    assert.equal(h.store.list().find((c) => c.title === 'one')!.model, 'gemini-2.5-pro');
  });

  it('Use Current Settings in This Chat: the chat keeps them, and its next message goes with them', async () => {
    fake.enqueue(sse([textChunk('a', 'STOP')]), sse([textChunk('b', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('one');
    h.settings.model = 'gemini-2.5-pro';
    h.settings.temperature = 0.3;
    h.settings.systemInstruction = 'Answer in French.';
    h.controller.settingsChanged();
    assert.equal(h.ofType('notice').at(-1)?.action, 'useSettings');
    await h.controller.useCurrentSettings();
    assert.equal(h.ofType('notice').at(-1)?.message, '“one” uses the current settings from its next message on.');
    const shown = h.ofType('state/snapshot').at(-1)!.snapshot.chat!;
    assert.equal(shown.model, 'gemini-2.5-pro', 'the header shows the model');
    await h.controller.send('two');
    const second = fake.generateRequests[1]!;
    assert.match(second.url, /models\/gemini-2\.5-pro:/);
    const body = second.json as { generationConfig: { temperature: number }; systemInstruction: { parts: { text: string }[] } };
    assert.equal(body.generationConfig.temperature, 0.3);
    assert.equal(body.systemInstruction.parts[0]?.text, 'Answer in French.');
    assert.equal((await h.store.load(h.controller.activeChatId!))?.config.temperature, 0.3, 'kept with the chat');
    await h.controller.useCurrentSettings();
    assert.equal(h.ofType('notice').at(-1)?.message, '“one” already uses the current settings.');
  });

  it('Select Model on a chat whose config differs from the settings gives it the model and says nothing more', async () => {
    fake.enqueue(sse([textChunk('a', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('one');
    h.settings.temperature = 0.3;
    h.controller.settingsChanged();
    assert.equal(h.ofType('notice').length, 1, 'a config changed that the chat does not take: said');
    // What Select Model does: the chat's model first, then the setting.
    await h.controller.setChatModel('gemini-2.5-pro');
    h.settings.model = 'gemini-2.5-pro';
    h.controller.settingsChanged();
    assert.equal(h.ofType('notice').length, 1, 'the model is the chat’s now: nothing to say');
    assert.equal(h.ofType('state/snapshot').at(-1)!.snapshot.chat!.model, 'gemini-2.5-pro');
    h.settings.model = 'gemini-2.0-flash';
    h.controller.settingsChanged();
    assert.equal(h.ofType('notice').length, 2, 'the model setting changed by hand: said');
  });

  it('an attachment that cannot be kept on disk stops the send with a message, and nothing is lost', async () => {
    const { store } = makeStore(dir);
    store.writeAttachment = () => Promise.reject(new Error('ENOSPC: no space left on device'));
    const h = harness(fake, dir, { ports: { store } });
    await h.controller.init();
    const bytes = Buffer.from('some bytes');
    h.controller.addAttachments([
      { record: { id: 'a1', label: 'notes.pdf', kind: 'binary', mimeType: 'application/pdf', size: bytes.length }, parts: [{ inlineData: { mimeType: 'application/pdf', data: bytes.toString('base64') } }], bytes },
    ]);
    await h.controller.send('with a file');
    assert.equal(h.ofType('composer/set').at(-1)!.text, 'with a file');
    assert.match(h.ofType('notice').at(-1)!.message, /no space left/);
    assert.deepEqual(h.controller.attachments().map((a) => a.record.label), ['notes.pdf'], 'the chip stays');
    assert.equal(fake.requests.length, 0);
  });

  describe('drafts: what was typed and not sent comes back after a restart', () => {
    const restart = async () => {
      const h = harness(fake, dir);
      await h.controller.init();
      return h;
    };

    it('a saved chat\'s draft, in the snapshot after a restart; text for an unknown chat is ignored', async () => {
      fake.enqueue(sse([textChunk('One.', 'STOP')]));
      const h = await restart();
      await h.controller.send('Question one');
      const id = h.controller.activeChatId!;
      h.controller.keepDraft(id, 'Half-typed follow-up', 2_000);
      h.controller.keepDraft('someone-elses-chat', 'junk', 2_001);
      await h.controller.dispose();
      const after = await restart();
      assert.deepEqual(after.controller.snapshot().draft, { text: 'Half-typed follow-up', at: 2_000 });
      assert.equal(after.store.drafts.get('someone-elses-chat'), undefined);
    });

    it('a new chat\'s draft comes back in the next start\'s new chat, and goes once it is sent', async () => {
      fake.enqueue(sse([textChunk('One.', 'STOP')]));
      const h = await restart();
      h.controller.keepDraft(h.controller.snapshot().chat!.id, 'The first words', 1_000);
      await h.controller.dispose();
      const after = await restart();
      assert.equal(after.controller.activeChatId, undefined, 'still a new chat');
      assert.deepEqual(after.controller.snapshot().draft, { text: 'The first words', at: 1_000 });
      await after.controller.send('The first words');
      await after.controller.newChat();
      assert.equal(after.controller.snapshot().draft, undefined, 'the next new chat starts empty');
    });

    it('a message sent empties its chat\'s draft as of when the view sent it, with no word from the view after', async () => {
      fake.enqueue(sse([textChunk('One.', 'STOP')]), sse([textChunk('Two.', 'STOP')]));
      const h = await restart();
      await h.controller.send('Question one');
      const id = h.controller.activeChatId!;
      h.controller.keepDraft(id, 'Question two', 2_000);
      await h.controller.send('Question two', 2_500);
      // A keystroke from before the send, arriving late, does not bring the text back.
      h.controller.keepDraft(id, 'Question tw', 1_900);
      await h.controller.dispose();
      const after = await restart();
      assert.deepEqual(after.controller.snapshot().draft, { text: '', at: 2_500 });
    });

    it('a new chat\'s unsent text and files are there to go back to while a saved chat is open', async () => {
      fake.enqueue(sse([textChunk('One.', 'STOP')]));
      const h = await restart();
      await h.controller.send('Question one');
      const saved = h.controller.activeChatId!;
      await h.controller.newChat();
      assert.equal(await h.controller.unsentNewChat(), undefined, 'nothing while the new chat is the one open');
      h.controller.keepDraft(h.controller.snapshot().chat!.id, 'A question for later', 9e12);
      await h.controller.switchTo(saved);
      assert.deepEqual(await h.controller.unsentNewChat(), { text: 'A question for later', files: 0 });
      await h.controller.newChat();
      assert.deepEqual(h.controller.snapshot().draft, { text: 'A question for later', at: 9e12 }, 'New Chat brings it back');
    });

    it('deleting a chat forgets its draft', async () => {
      fake.enqueue(sse([textChunk('One.', 'STOP')]));
      const h = await restart();
      await h.controller.send('Question one');
      const id = h.controller.activeChatId!;
      h.controller.keepDraft(id, 'never sent', 2_000);
      await h.controller.delete(id);
      assert.equal(h.store.drafts.get(id), undefined);
      assert.equal(h.ofType('notice').at(-1)?.message, 'Deleted the chat “Question one”.', 'said once the next chat is shown');
      assert.ok(h.posts.indexOf(h.ofType('notice').at(-1)!) > h.posts.indexOf(h.ofType('state/snapshot').at(-1)!));
      await h.store.drafts.flush();
    });
  });
});

