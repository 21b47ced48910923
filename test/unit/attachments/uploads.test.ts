import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { GeminiClient } from '../../../src/core';
import { AttachmentError } from '../../../src/core/attachments/attachmentError';
import { inspectFile, prepareFile } from '../../../src/core/attachments/prepareAttachment';
import { needsUpload, readyToSend, renewExpiredUploads, uploadAttachment } from '../../../src/core/attachments/uploads';
import { TRANSCRIPT_VERSION, historyOf, type AttachmentRecord, type ChatRecord } from '../../../src/core/transcript';
import type { Part } from '../../../src/core/types';
import { addUploadedBytes, chatToJson } from '../../../src/core/export/chatJson';
import { importChatFile } from '../../../src/core/export/jsonImport';
import { FakeGemini, apiError, sse } from '../../support/fakeGemini';
import { serveFilesApi } from './filesApi';
import { TempWorkspace } from './tempWorkspace';

const HOUR = 3600_000;
const now = Date.UTC(2026, 10, 22, 12, 0);
const reply = sse([{ candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP' }] }]);
// ASCII bytes (the loopback server keeps bodies as text), larger than the workspace's 1 KB inline limit.
const bigPdf = Buffer.from(`%PDF-1.7\n${'0123456789abcdef'.repeat(200)}\n%%EOF\n`);

/** A chat of one answered exchange: `record`'s file (as `parts`), then "Summarize". */
function chatHolding(record: AttachmentRecord, parts: Part[]): ChatRecord {
  return {
    version: TRANSCRIPT_VERSION,
    id: 'c',
    title: 't',
    model: 'gemini-2.5-flash',
    config: {},
    createdAt: now,
    updatedAt: now,
    exchanges: [
      {
        id: 'e1',
        createdAt: now,
        text: 'Summarize',
        attachments: [record],
        user: { role: 'user', parts: [...parts, { text: 'Summarize' }] },
        model: [{ role: 'model', parts: [{ text: 'A spec.' }] }],
        status: 'complete',
      },
    ],
  };
}

describe('large attachments through the Files API', () => {
  let ws: TempWorkspace;
  let fake: FakeGemini;
  let client: GeminiClient;
  beforeEach(async () => {
    ws = new TempWorkspace();
    fake = await FakeGemini.start();
    client = new GeminiClient({ apiKey: 'k', baseUrl: fake.baseUrl });
  });
  afterEach(async () => {
    await fake.close();
    ws.dispose();
  });

  async function preparedBigPdf() {
    ws.write('specs/big.pdf', bigPdf);
    const { resolved } = await inspectFile(path.join(ws.root, 'specs/big.pdf'), ws.roots, true);
    return prepareFile(resolved, ws.limits, ws.store);
  }

  it('uploads a file above maxInlineBytes with progress and sends it as fileData', async () => {
    const files = serveFilesApi(fake, new Date(now + 48 * HOUR).toISOString());
    const prepared = await preparedBigPdf();
    assert.equal(needsUpload(prepared, now), true);
    const progress: number[] = [];
    const uploaded = await uploadAttachment(prepared, { uploader: client.files, store: ws.store, now, onProgress: (p) => progress.push(p) });
    assert.deepEqual(files.uploads, [bigPdf]);
    assert.equal(progress.at(-1), 1);
    assert.deepEqual(uploaded.parts, [{ text: 'specs/big.pdf:' }, { fileData: { mimeType: 'application/pdf', fileUri: `${fake.baseUrl}/v1beta/files/f1` } }]);
    assert.deepEqual(uploaded.record.upload, { fileUri: `${fake.baseUrl}/v1beta/files/f1`, expiresAt: now + 48 * HOUR });
    assert.equal(needsUpload(uploaded, now + 46 * HOUR), false, 'a fresh copy is used as is');
    assert.equal(needsUpload(uploaded, now + 47.5 * HOUR), true, 'a copy about to expire is renewed');

    fake.enqueue(reply);
    const chat = client.chats.create({ model: 'gemini-2.5-flash' });
    for await (const chunk of await chat.sendMessageStream({ message: [...uploaded.parts, 'Summarize this'] })) void chunk;
    const body = fake.generateRequests[0]?.json as { contents: { parts: unknown[] }[] };
    assert.deepEqual(body.contents[0]?.parts, [...uploaded.parts, { text: 'Summarize this' }]);
  });

  it('uploads the kept bytes again when the 48-hour copy in the history has expired, and the next request uses the new copy', async () => {
    const files = serveFilesApi(fake, new Date(now + 96 * HOUR).toISOString());
    const first = await uploadAttachment(await preparedBigPdf(), { uploader: client.files, store: ws.store, now });
    const oldUri = first.record.upload!.fileUri;
    const chat = chatHolding({ ...first.record, partCount: first.parts.length, upload: { fileUri: oldUri, expiresAt: now + 2 * HOUR } }, first.parts);
    assert.equal(await renewExpiredUploads(chat.exchanges, { uploader: client.files, store: ws.store, now }), 0, 'still fresh');
    const later = now + 49 * HOUR;
    assert.equal(await renewExpiredUploads(chat.exchanges, { uploader: client.files, store: ws.store, now: later }), 1);
    assert.deepEqual(files.uploads, [bigPdf, bigPdf]);
    const newUri = `${fake.baseUrl}/v1beta/files/f2`;
    assert.equal(chat.exchanges[0]!.attachments[0]!.upload!.fileUri, newUri);

    fake.enqueue(reply);
    const session = client.chats.create({ model: chat.model, history: historyOf(chat) });
    for await (const chunk of await session.sendMessageStream({ message: 'And the appendix?' })) void chunk;
    const body = fake.generateRequests[0]?.json as { contents: { parts: { fileData?: { fileUri: string } }[] }[] };
    assert.equal(body.contents[0]?.parts[1]?.fileData?.fileUri, newUri);
    assert.ok(!JSON.stringify(body).includes(oldUri));
  });

  it('a chat exported as JSON carries its Files API attachments: imported where their bytes are not kept, the next send uploads them again', async () => {
    const files = serveFilesApi(fake, new Date(now + 48 * HOUR).toISOString());
    const first = await uploadAttachment(await preparedBigPdf(), { uploader: client.files, store: ws.store, now });
    const chat = chatHolding({ ...first.record, partCount: first.parts.length }, first.parts);
    const json = chatToJson(chat, now);
    assert.deepEqual(await addUploadedBytes(json, (sha) => ws.store.readAttachment(sha)), [], 'every file found');
    const { chat: imported, files: carried } = importChatFile(JSON.stringify(json), { defaultModel: 'gemini-2.5-flash', now });
    assert.equal(imported.exchanges[0]!.text, 'Summarize');
    const elsewhere = new TempWorkspace(); // another machine: its store never saw the bytes
    try {
      for (const bytes of carried.values()) await elsewhere.store.writeAttachment(bytes);
      const renewed = await renewExpiredUploads(imported.exchanges, { uploader: client.files, store: elsewhere.store, now });
      assert.equal(renewed, 1, 'the copy the file names may be another account’s: uploaded again');
      assert.deepEqual(files.uploads, [bigPdf, bigPdf]);
      assert.equal(imported.exchanges[0]!.user.parts[1]!.fileData?.fileUri, `${fake.baseUrl}/v1beta/files/f2`);
    } finally {
      elsewhere.dispose();
    }
    assert.deepEqual(await addUploadedBytes(chatToJson(chat, now), () => Promise.resolve(undefined)), ['big.pdf'], 'bytes no longer kept are named');
  });

  it('before a send, uploads a chip whose upload has not happened and leaves inline ones alone', async () => {
    const files = serveFilesApi(fake, new Date(now + 48 * HOUR).toISOString());
    ws.write('small.pdf', '%PDF-1.7 tiny');
    const small = await prepareFile((await inspectFile(path.join(ws.root, 'small.pdf'), ws.roots, true)).resolved, ws.limits, ws.store);
    const { attachments, renewed } = await readyToSend([], [small, await preparedBigPdf()], { uploader: client.files, store: ws.store, now });
    assert.equal(renewed, 0);
    assert.deepEqual(attachments[0], small);
    assert.deepEqual(attachments[1]?.parts, [{ text: 'specs/big.pdf:' }, { fileData: { mimeType: 'application/pdf', fileUri: `${fake.baseUrl}/v1beta/files/f1` } }]);
    assert.equal(files.uploads.length, 1);
  });

  it('says what to do when an expired copy’s bytes are no longer kept', async () => {
    const prepared = await preparedBigPdf();
    const record = { ...prepared.record, sha256: 'f'.repeat(64), upload: { fileUri: 'x', expiresAt: now - 1 } };
    await assert.rejects(uploadAttachment({ record, parts: [] }, { uploader: client.files, store: ws.store, now }), (err: AttachmentError) => {
      assert.equal(err.code, 'bytesLost');
      assert.equal(err.message, 'The uploaded copy of “big.pdf” has expired and its bytes are no longer kept with the chat. Attach the file again, or rewind past the message that holds it.');
      return true;
    });
  });

  it('reports a failed upload with the API’s reason and what to do where it failed', async () => {
    const prepared = await preparedBigPdf();
    const failsWith = (advice: RegExp) => (err: AttachmentError) => {
      assert.equal(err.code, 'uploadFailed');
      assert.match(err.message, /^“big\.pdf” could not be uploaded to the Gemini Files API: .*Files of this type are not allowed here[^.]*\. /);
      assert.doesNotMatch(err.message, /[.!?] ?\./, 'one stop after the reason');
      assert.match(err.message, advice);
      return true;
    };
    const ctx = { uploader: client.files, store: ws.store, now };
    fake.enqueue(apiError(400, 'INVALID_ARGUMENT', 'Files of this type are not allowed here.'));
    await assert.rejects(uploadAttachment(prepared, ctx), failsWith(/ Send again to retry, or remove it\.$/));
    fake.enqueue(apiError(400, 'INVALID_ARGUMENT', 'Files of this type are not allowed here. '));
    await assert.rejects(uploadAttachment(prepared, ctx, 'Attach it again to retry.'), failsWith(/ Attach it again to retry\.$/));
    fake.enqueue(apiError(400, 'INVALID_ARGUMENT', 'Files of this type are not allowed here!'));
    await assert.rejects(uploadAttachment(prepared, ctx), (err: AttachmentError) => /here! Send again/.test(err.message));
    const sha256 = await ws.store.writeAttachment(prepared.bytes!);
    const sent = {
      id: 'e1',
      createdAt: now,
      text: '',
      attachments: [{ ...prepared.record, sha256, partCount: 1, upload: { fileUri: 'gone', expiresAt: now - 1 } }],
      user: { role: 'user' as const, parts: [{ fileData: { mimeType: 'application/pdf', fileUri: 'gone' } }] },
      model: [],
      status: 'complete' as const,
    };
    fake.enqueue(apiError(400, 'INVALID_ARGUMENT', 'Files of this type are not allowed here.'));
    await assert.rejects(renewExpiredUploads([sent], ctx), failsWith(/ Send again to retry, or rewind past the message that holds it\.$/));
  });
});
