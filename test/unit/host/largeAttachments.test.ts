import assert from 'node:assert/strict';
import { type FakeGemini, sse } from '../../support/fakeGemini';
import { eachTestFakeAndFolder, harness, textChunk } from './controllerHarness';
import { serveFilesApi, type FakeFilesApi } from '../attachments/filesApi';
import type { PendingAttachment } from '../../../src/host/services';

type Sent = { contents: { role: string; parts: Record<string, unknown>[] }[] };

describe('ChatController with files above the inline limit', () => {
  let fake: FakeGemini;
  let dir: string;
  eachTestFakeAndFolder((f, d) => {
    fake = f;
    dir = d;
  });

  it('uploads a chip whose upload has not finished before sending, so the file is never left out', async () => {
    const files = serveFilesApi(fake, new Date(Date.now() + 48 * 3600_000).toISOString());
    fake.enqueue(sse([textChunk('A video of a cat.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const bytes = Buffer.from('not really a video, but ASCII bytes');
    h.controller.addAttachments([{ record: { id: 'v1', label: 'cat.mp4', kind: 'binary', mimeType: 'video/mp4', size: bytes.length }, parts: [], bytes }]);
    await h.controller.send('What is in it?');
    assert.deepEqual(files.uploads, [bytes]);
    const parts = (fake.generateRequests[0]!.json as Sent).contents[0]!.parts;
    assert.equal(parts.length, 2);
    assert.match(String((parts[0]!.fileData as { fileUri: string }).fileUri), /\/v1beta\/files\/f1$/);
    assert.deepEqual(parts[1], { text: 'What is in it?' });
    assert.equal(h.controller.activeChat().exchanges[0]!.status, 'complete');
  });

  const video = (): { record: PendingAttachment['record']; parts: []; bytes: Buffer } => {
    const bytes = Buffer.from('not really a video, but ASCII bytes');
    return { record: { id: 'v1', label: 'cat.mp4', kind: 'binary', mimeType: 'video/mp4', size: bytes.length, detail: 'cat.mp4' }, parts: [], bytes };
  };
  /** The Files API with every upload held before its last answer until `finish` is called. */
  const heldFilesApi = (): { files: FakeFilesApi; finish: () => void } => {
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    return { files: serveFilesApi(fake, new Date(Date.now() + 48 * 3600_000).toISOString(), () => finishing), finish };
  };
  const uploadStarts = (): number => fake.requests.filter((r) => r.url.startsWith('/upload/')).length;
  const until = async (what: string, done: () => boolean): Promise<void> => {
    for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(done(), what);
  };

  /** Attaches the video in `h`'s open chat and sends `text`; returns once the message waits for the upload. */
  async function sendDuringUpload(h: ReturnType<typeof harness>, text = 'What is in it?'): Promise<{ sending: Promise<void> }> {
    h.controller.addAttachments([video()]);
    await until('the upload began on attaching', () => uploadStarts() >= 1);
    const sending = h.controller.send(text);
    await until('the message waits for the upload', () => h.ofType('composer/set').at(-1)?.composer.waitingFor?.[0] === 'cat.mp4');
    return { sending };
  }

  /** A new chat whose message waits for the held upload of its video; `answer` answers it once sent. */
  async function waitingForHeldUpload(answer = 'A video of a cat.'): Promise<{ h: ReturnType<typeof harness>; files: FakeFilesApi; finish: () => void; sending: Promise<void> }> {
    const { files, finish } = heldFilesApi();
    fake.enqueue(sse([textChunk(answer, 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const { sending } = await sendDuringUpload(h);
    return { h, files, finish, sending };
  }

  it('Stop while a message waits for its file: the message comes back with its file, the upload goes on, and the next Send uses it', async () => {
    const { h, files, finish, sending } = await waitingForHeldUpload();
    assert.ok(h.controller.waitingForUpload, 'Stop is offered (the busy context key and the view)');
    assert.equal(h.ofType('composer/set').at(-1)?.composer.waitingText, 'What is in it?', 'the view shows the message where it waits');
    const chatId = h.controller.activeChat().id;
    assert.equal(await h.controller.unsentIn(chatId), undefined, 'the file is the waiting message\'s, not an unsent one (Delete Chat says so)');
    h.controller.stop();
    await sending;
    assert.equal((await h.controller.unsentIn(chatId))?.files, 1, 'back in the box, it is unsent');
    assert.equal(h.ofType('composer/set').at(-1)?.text, 'What is in it?', 'the message is back in the box');
    assert.equal(h.ofType('composer/set').at(-1)?.composer.waitingFor, undefined, 'no longer waiting');
    assert.equal(h.controller.waitingForUpload, false);
    assert.equal(h.ofType('notice').at(-1)?.message, 'Stopped: the message was not sent and is back in the message box; its file goes on uploading.');
    assert.deepEqual(h.controller.attachments().map((a) => a.record.label), ['cat.mp4']);
    assert.equal(fake.generateRequests.length, 0, 'nothing was sent');
    finish();
    await h.controller.send('What is in it?');
    assert.equal(files.uploads.length, 1, 'the upload begun on attaching is the one used');
    const parts = (fake.generateRequests[0]!.json as Sent).contents[0]!.parts;
    assert.ok(parts[0]!.fileData, 'sent with its file');
  });

  it('a file goes up as soon as it is attached, and a Send during that upload waits for it: one upload, not two', async () => {
    const { h, files, finish, sending } = await waitingForHeldUpload();
    // A second message meanwhile is given back, saying why.
    await h.controller.send('And another thing');
    assert.equal(h.ofType('notice').at(-1)?.message, 'The message before this one is still on its way (its files may be uploading): send this one once it has gone.');
    assert.equal(h.ofType('composer/set').at(-1)?.text, 'And another thing');
    finish();
    await sending;
    assert.equal(uploadStarts(), 1, 'the file was uploaded once');
    assert.equal(files.uploads.length, 1);
    const parts = (fake.generateRequests[0]!.json as Sent).contents[0]!.parts;
    assert.match(String((parts[0]!.fileData as { fileUri: string }).fileUri), /\/v1beta\/files\/f1$/);
  });

  it('an upload that fails while a Send waits for it: the chip stays, the failure is told once, the message comes back; the next Send uploads it again', async () => {
    let fail!: () => void;
    const failing = new Promise<void>((resolve) => (fail = resolve));
    fake.route((req) => req.url.startsWith('/upload/'), async (_req, res) => {
      await failing;
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 400, message: 'Upload refused.', status: 'INVALID_ARGUMENT' } }));
    });
    const h = harness(fake, dir);
    await h.controller.init();
    const { sending } = await sendDuringUpload(h);
    fail();
    await sending;
    const failures = h.ofType('notice').filter((n) => n.level !== 'info');
    assert.deepEqual(failures.map((n) => n.message), ['“cat.mp4” could not be uploaded to the Gemini Files API: Upload refused. Send the message to try again, or remove the file.']);
    assert.equal(h.ofType('composer/set').at(-1)?.text, 'What is in it?', 'the message is back in the box');
    assert.deepEqual(h.controller.attachments().map((a) => a.record.label), ['cat.mp4'], 'with its file');
    assert.equal(h.ofType('composer/set').at(-1)?.composer.attachments[0]?.uploadFailed, true, 'its chip marked');
    assert.equal(uploadStarts(), 1, 'not uploaded twice');
    assert.equal(fake.generateRequests.length, 0, 'nothing sent without its file');

    fake.reset();
    const files = serveFilesApi(fake, new Date(Date.now() + 48 * 3600_000).toISOString());
    fake.enqueue(sse([textChunk('A video of a cat.', 'STOP')]));
    const failedAt = h.ofType('composer/set').length;
    await h.controller.send('What is in it?');
    assert.equal(files.uploads.length, 1, 'uploaded on the next Send');
    const again = h.ofType('composer/set').slice(failedAt).find((m) => m.composer.attachments[0]?.progress !== undefined);
    assert.ok(again && !again.composer.attachments[0]?.uploadFailed, 'no longer marked as it uploads again');
    const parts = (fake.generateRequests[0]!.json as Sent).contents[0]!.parts;
    assert.ok(parts[0]!.fileData, 'and sent with its file');
  });

  it('back in a chat whose message still waits for its file, the wait shows again, with Stop', async () => {
    const { h, chatId, sending, finish } = await sendWaitingForUpload();
    await h.controller.newChat();
    assert.equal(h.controller.snapshot().composer.waitingFor, undefined, 'not in the other chat');
    await h.controller.switchTo(chatId);
    assert.deepEqual(h.controller.snapshot().composer.waitingFor, ['cat.mp4']);
    h.controller.stop();
    await sending;
    assert.equal(h.ofType('composer/set').at(-1)?.text, 'About the video', 'the message is back in the box');
    finish();
  });

  it('a file whose upload failed when attached, sent while the Files API still refuses it: the same words, once each time, and the wait shown', async () => {
    fake.route((req) => req.url.startsWith('/upload/'), (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 503, message: 'The service is unavailable.', status: 'UNAVAILABLE' } }));
    });
    const h = harness(fake, dir);
    await h.controller.init();
    h.controller.addAttachments([video()]);
    await until('the failure told', () => h.ofType('notice').some((n) => n.level === 'error'));
    await h.controller.send('What is in it?');
    assert.ok(h.ofType('composer/set').some((m) => m.composer.waitingFor?.[0] === 'cat.mp4'), 'the message was shown waiting for its file, with Stop');
    const told = h.ofType('notice').filter((n) => n.level !== 'info').map((n) => n.message);
    assert.equal(told.length, 2, `one notice per failed upload: ${JSON.stringify(told)}`);
    assert.equal(told[0], told[1], 'in the same words');
    assert.match(told[0]!, /^“cat\.mp4” could not be uploaded to the Gemini Files API: .*Send the message to try again, or remove the file\.$/);
    assert.equal(h.ofType('composer/set').at(-1)?.text, 'What is in it?', 'the message is back in the box');
    assert.deepEqual(h.controller.attachments().map((a) => a.record.label), ['cat.mp4'], 'with its file');
    assert.equal(fake.generateRequests.length, 0);
  });

  /** A saved chat (one exchange) whose message waits for its held file's upload; `finish` lets the upload end. */
  async function sendWaitingForUpload(): Promise<{ h: ReturnType<typeof harness>; chatId: string; sending: Promise<void>; finish: () => void }> {
    const { finish } = heldFilesApi();
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('B1', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    const chatId = h.controller.activeChatId!;
    const { sending } = await sendDuringUpload(h, 'About the video');
    return { h, chatId, sending, finish };
  }

  it('another chat opened while a message waits for its file: it does not go with that chat\'s files, and waits in its own box', async () => {
    const { h, chatId, sending, finish } = await sendWaitingForUpload();
    await h.controller.newChat();
    const notes = { record: { id: 'n1', label: 'notes.txt', kind: 'text' as const, mimeType: 'text/plain', size: 5 }, parts: [{ text: 'notes.txt:\nnotes' }] };
    h.controller.addAttachments([notes]);
    finish();
    await sending;
    assert.equal(fake.generateRequests.length, 1, 'only the first question was sent');
    assert.equal(h.ofType('notice').at(-1)?.message, 'Your message to “Q1” was not sent: another chat was opened while its files uploaded. It waits in that chat\'s message box.');
    assert.deepEqual(h.controller.attachments().map((a) => a.record.label), ['notes.txt'], 'the open chat keeps its own chip');
    await h.controller.switchTo(chatId);
    assert.equal(h.controller.snapshot().draft?.text, 'About the video');
    assert.deepEqual(h.controller.attachments().map((a) => a.record.label), ['cat.mp4']);
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.text), ['Q1']);
  });

  it('a chat deleted while its message waits for a file: the message and the upload go with it at once, and the chat stays deleted', async () => {
    const { h, chatId, sending, finish } = await sendWaitingForUpload();
    assert.equal(h.controller.isSending(chatId), true, 'Delete Chat… can say a message is waiting');
    await h.controller.delete(chatId);
    await sending; // without the upload ending
    finish();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fake.generateRequests.length, 1, 'only the first question was sent');
    assert.deepEqual(h.ofType('notice').filter((n) => n.level !== 'info'), [], 'nothing more to say: the Delete question said the message would not be sent');
    assert.equal(h.store.list().some((c) => c.id === chatId), false, 'still deleted');
    assert.deepEqual(await h.store.chips.load(chatId), { chips: [] }, 'no chip kept for it');
  });

  it('an upload that ends while another chat is open is kept with its chip: the Send back in its chat does not upload again', async () => {
    const { files, finish } = heldFilesApi();
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A video of a cat.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    const chatId = h.controller.activeChatId!;
    h.controller.addAttachments([video()]);
    await until('the upload began on attaching', () => uploadStarts() === 1);
    await h.controller.newChat();
    finish();
    await until('the upload done', () => files.uploads.length === 1);
    for (let i = 0; i < 200 && !(await h.store.chips.load(chatId)).chips[0]?.parts.some((p) => p.fileData); i++) await new Promise((r) => setTimeout(r, 5));
    await h.controller.switchTo(chatId);
    await h.controller.send('What is in it?');
    assert.equal(uploadStarts(), 1, 'the file was uploaded once');
    const parts = (fake.generateRequests.at(-1)!.json as Sent).contents.at(-1)!.parts;
    assert.match(String((parts[0]!.fileData as { fileUri: string }).fileUri), /\/v1beta\/files\/f1$/);
  });

  it('back in a chat whose file is still uploading, its chip shows the upload under way', async () => {
    const { finish } = heldFilesApi();
    fake.enqueue(sse([textChunk('A1', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    const chatId = h.controller.activeChatId!;
    h.controller.addAttachments([video()]);
    await until('the upload began on attaching', () => uploadStarts() === 1);
    assert.equal(h.controller.snapshot().composer.attachments[0]?.progress, 0);
    await h.controller.newChat();
    await h.controller.switchTo(chatId);
    assert.equal(h.controller.snapshot().composer.attachments[0]?.progress, 0, 'its progress bar, as before');
    finish();
    await until('the upload done', () => h.controller.snapshot().composer.attachments[0]?.progress === undefined);
  });

  it('a file removed while a message waits for its upload: the upload stops, unreported, and the message goes without it', async () => {
    const { h, finish, sending } = await waitingForHeldUpload('No file came.');
    h.controller.removeAttachment('v1');
    await sending;
    assert.deepEqual((fake.generateRequests[0]!.json as Sent).contents[0]!.parts, [{ text: 'What is in it?' }]);
    finish();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(h.ofType('notice').filter((n) => n.level === 'error'), [], 'the stopped upload is not reported as a failure');
  });

  it('the same file attached again while it uploads: the message goes with the file once, and nothing is reported', async () => {
    const { finish } = heldFilesApi();
    fake.enqueue(sse([textChunk('A video of a cat.', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    const first = video();
    h.controller.addAttachments([{ ...first, record: { ...first.record, detail: 'cat.mp4' } }]);
    await until('the first upload began', () => uploadStarts() === 1);
    const again = video();
    h.controller.addAttachments([{ ...again, record: { ...again.record, id: 'v2', detail: 'cat.mp4' } }]);
    await until('the second upload began', () => uploadStarts() === 2);
    finish();
    await h.controller.send('What is in it?');
    assert.deepEqual(h.controller.activeChat().exchanges[0]!.attachments.map((a) => a.id), ['v2']);
    const parts = (fake.generateRequests[0]!.json as Sent).contents[0]!.parts;
    assert.equal(parts.filter((p) => p.fileData).length, 1, 'the file once');
    assert.deepEqual(h.ofType('notice').filter((n) => n.level === 'error'), [], 'the stopped upload is not reported as a failure');
  });

  it('the same file attached again while a message waits for it: the wait goes on for the new copy, uploaded once more, not twice', async () => {
    const { h, finish, sending } = await waitingForHeldUpload();
    const again = video();
    h.controller.addAttachments([{ ...again, record: { ...again.record, id: 'v2' } }]);
    await until('the new copy uploading', () => uploadStarts() === 2);
    assert.deepEqual(h.ofType('composer/set').at(-1)?.composer.waitingFor, ['cat.mp4'], 'still shown waiting, with Stop');
    assert.equal(h.controller.waitingForUpload, true);
    finish();
    await sending;
    assert.equal(uploadStarts(), 2, 'the first upload and the new copy’s, no third');
    const parts = (fake.generateRequests[0]!.json as Sent).contents[0]!.parts;
    assert.equal(parts.filter((p) => p.fileData).length, 1, 'the file once');
  });

  it('text typed while a message waits for its file stays, after the message, when another chat is opened', async () => {
    const { h, chatId, sending, finish } = await sendWaitingForUpload();
    h.controller.keepDraft(chatId, 'typed meanwhile', Date.now());
    await h.controller.newChat();
    finish();
    await sending;
    await h.controller.switchTo(chatId);
    assert.equal(h.controller.snapshot().draft?.text, 'About the video\n\ntyped meanwhile');
  });

  it('text typed while a message waits for its file stays, after the message, when VS Code closes', async () => {
    const closing = await waitingForHeldUpload();
    const id = closing.h.controller.snapshot().chat!.id;
    closing.h.controller.keepDraft(id, 'typed before closing', Date.now());
    await closing.h.controller.dispose();
    const after = harness(fake, dir, { state: closing.h.state });
    await after.controller.init();
    assert.equal(after.controller.snapshot().draft?.text, 'What is in it?\n\ntyped before closing');
    closing.finish();
  });

  it('a file too large to go inline, attached with no API key: the chip stays, and the message names it', async () => {
    const h = harness(fake, dir, { ports: { getClient: () => Promise.resolve(undefined) } });
    await h.controller.init();
    h.controller.addAttachments([video()]);
    await until('told', () => h.ofType('notice').some((n) => n.level === 'error'));
    assert.equal(
      h.ofType('notice').find((n) => n.level === 'error')?.message,
      '“cat.mp4” goes through the Gemini Files API, which needs credentials: set an API key, then send the message, and it is uploaded.',
    );
    assert.deepEqual(h.controller.attachments().map((a) => a.record.label), ['cat.mp4']);
  });

  it('a message waiting for its file to upload says so, and comes back with the file if VS Code closes meanwhile', async () => {
    // The upload never gets an answer.
    fake.route((req) => req.url.startsWith('/upload/'), () => undefined);
    const h = harness(fake, dir);
    await h.controller.init();
    const bytes = Buffer.from('not really a video, but ASCII bytes');
    h.controller.addAttachments([{ record: { id: 'v1', label: 'cat.mp4', kind: 'binary', mimeType: 'video/mp4', size: bytes.length }, parts: [], bytes }]);
    void h.controller.send('A long question I typed carefully');
    while (!fake.requests.some((r) => r.url.startsWith('/upload/'))) await new Promise((r) => setTimeout(r, 2));
    assert.deepEqual(h.ofType('composer/set').at(-1)?.composer.waitingFor, ['cat.mp4'], 'the view shows the message waiting for its file');
    // The view emptied its box on Send, and says so to the host.
    h.controller.keepDraft(h.controller.snapshot().chat!.id, '', Date.now());
    await h.controller.dispose();
    const after = harness(fake, dir, { state: h.state });
    await after.controller.init();
    assert.equal(after.controller.snapshot().draft?.text, 'A long question I typed carefully');
    assert.deepEqual(after.controller.attachments().map((a) => a.record.label), ['cat.mp4']);
    assert.equal(fake.generateRequests.length, 0, 'nothing was sent');
  });

  it('an edit whose file cannot be uploaded leaves the chat as it was, and the edit open', async () => {
    fake.route((req) => req.url.startsWith('/upload/'), (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 400, message: 'Upload refused.', status: 'INVALID_ARGUMENT' } }));
    });
    fake.enqueue(sse([textChunk('A1', 'STOP')]), sse([textChunk('A2', 'STOP')]));
    const h = harness(fake, dir);
    await h.controller.init();
    await h.controller.send('Q1');
    await h.controller.send('Q2');
    h.controller.edit(h.controller.activeChat().exchanges[0]!.id);
    const bytes = Buffer.from('not really a video, but ASCII bytes');
    h.controller.addAttachments([{ record: { id: 'v1', label: 'cat.mp4', kind: 'binary', mimeType: 'video/mp4', size: bytes.length }, parts: [], bytes }]);
    await h.controller.send('Q1 with the video');
    assert.equal(fake.generateRequests.length, 2, 'nothing sent without its file');
    assert.match(h.ofType('notice').at(-1)?.message ?? '', /cat\.mp4/);
    assert.deepEqual(h.controller.activeChat().exchanges.map((e) => e.text), ['Q1', 'Q2'], 'both exchanges still in the chat');
    assert.ok(h.controller.snapshot().composer.editingExchangeId, 'still editing');
    // Nothing removed on disk either: a later save, and the next window, still have both.
    await h.controller.rename(h.controller.activeChat().id, 'Renamed');
    await h.controller.dispose();
    const after = harness(fake, dir, { state: h.state });
    await after.controller.init();
    assert.deepEqual(after.controller.activeChat().exchanges.map((e) => e.text), ['Q1', 'Q2']);
  });

  it('uploads an expired copy in the history again before the next request refers to it', async () => {
    const files = serveFilesApi(fake, new Date(Date.now() + 48 * 3600_000).toISOString());
    fake.enqueue(sse([textChunk('Seen.', 'STOP')]), sse([textChunk('Still a cat.', 'STOP')]));
    let now = Date.now();
    const h = harness(fake, dir, { ports: { clock: { now: () => now } } });
    await h.controller.init();
    const bytes = Buffer.from('video bytes kept with the chat');
    h.controller.addAttachments([{ record: { id: 'v1', label: 'cat.mp4', kind: 'binary', mimeType: 'video/mp4', size: bytes.length }, parts: [], bytes }]);
    await h.controller.send('Look.');
    now += 49 * 3600_000; // two days later the Files API copy has lapsed
    await h.controller.send('And again?');
    assert.equal(files.uploads.length, 2, 'the kept bytes were uploaded again');
    const history = (fake.generateRequests[1]!.json as Sent).contents;
    assert.match(String((history[0]!.parts[0]!.fileData as { fileUri: string }).fileUri), /\/v1beta\/files\/f2$/);
  });
});
