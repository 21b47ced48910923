import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { GeminiClient } from '../../../src/core';
import { chatToJson, leftOutNote } from '../../../src/core/export/chatJson';
import { ChatImportError, importChatJson } from '../../../src/core/export/jsonImport';
import { historyOf } from '../../../src/core/transcript';
import type { Content } from '../../../src/core/types';
import { FakeGemini, sse } from '../../support/fakeGemini';
import { sampleChat } from './sampleChat';
import { PNG } from '../attachments/tempWorkspace';

const now = Date.UTC(2026, 10, 22, 12, 0);
const reply = sse([{ candidates: [{ content: { role: 'model', parts: [{ text: 'Still here.' }] }, finishReason: 'STOP' }] }]);

function importError(text: string): string {
  try {
    importChatJson(text, { defaultModel: 'gemini-2.5-flash', now });
  } catch (err) {
    assert.ok(err instanceof ChatImportError, String(err));
    return err.message;
  }
  assert.fail('the file was imported');
}

describe('JSON export and import', () => {
  let fake: FakeGemini;
  beforeEach(async () => (fake = await FakeGemini.start()));
  afterEach(() => fake.close());

  it('exports the conversation as Gemini Content[] with metadata, leaving out the failed turn', () => {
    const json = chatToJson(sampleChat(), now);
    assert.equal(json.format, 'gemini-chat');
    assert.equal(json.model, 'gemini-2.5-flash');
    assert.deepEqual(json.history, historyOf(sampleChat()));
    assert.deepEqual(json.history.map((c) => c.role), ['user', 'model', 'model', 'model', 'user', 'model']);
    assert.deepEqual(json.exchanges.map((e) => [e.text, e.contents]), [['Why does this fail?', 4], ['Thanks, and `b`?', 2]]);
    assert.equal(leftOutNote(sampleChat()), 'One exchange whose answer did not finish was left out: it is not part of the conversation sent to Gemini.', 'the export says what it left out: the failed one');
  });

  it('exported while an answer arrives, it leaves that answer out and says to export again once it is complete', () => {
    const chat = sampleChat();
    const last = chat.exchanges.at(-1)!;
    last.status = 'streaming';
    const json = chatToJson(chat, now);
    assert.deepEqual(json.exchanges.map((e) => e.text), ['Why does this fail?']);
    assert.equal(
      leftOutNote(chat),
      'One exchange whose answer did not finish was left out: it is not part of the conversation sent to Gemini. The answer still arriving was left out: export again once it is complete.',
    );
    chat.exchanges = chat.exchanges.filter((e) => e.status === 'complete' || e === last);
    assert.equal(leftOutNote(chat), 'The answer still arriving was left out: export again once it is complete.');
    last.status = 'complete';
    assert.equal(leftOutNote(chat), undefined, 'nothing left out, nothing said');
    last.candidates = [last.model, [{ role: 'model', parts: [{ text: 'Another take.' }] }]];
    last.candidateIndex = 0;
    assert.equal(leftOutNote(chat), 'One answer has other candidates, left out: the export keeps the one shown.');
  });

  it('is usable as history with the official SDK: its next request carries the whole conversation', async () => {
    const exported = JSON.parse(JSON.stringify(chatToJson(sampleChat(), now))) as { history: Content[] };
    fake.enqueue(reply);
    // The SDK is an ES module; this test file is CommonJS.
    const { GoogleGenAI } = await import('@google/genai');
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: fake.baseUrl } });
    const chat = ai.chats.create({ model: 'gemini-2.5-flash', history: exported.history as never });
    for await (const chunk of await chat.sendMessageStream({ message: 'Go on' })) void chunk;
    const body = fake.generateRequests[0]?.json as { contents: Content[] };
    assert.deepEqual(body.contents.slice(0, -1), exported.history);
    assert.deepEqual(body.contents.at(-1), { role: 'user', parts: [{ text: 'Go on' }] });
  });

  it('export → import → the next request continues the same conversation, byte for byte', async () => {
    const file = JSON.stringify(chatToJson(sampleChat(), now), null, 2);
    const imported = importChatJson(file, { defaultModel: 'other-model', now });
    assert.equal(imported.title, 'Why <b>does</b> add() fail?');
    assert.equal(imported.model, 'gemini-2.5-flash');
    assert.deepEqual(imported.config, { temperature: 0.2 });
    assert.deepEqual(imported.exchanges.map((e) => [e.text, e.status, e.attachments.map((a) => a.label)]), [
      ['Why does this fail?', 'complete', ['math.ts:3-4', 'shot.png']],
      ['Thanks, and `b`?', 'complete', []],
    ]);
    assert.deepEqual(imported.exchanges.map((e) => e.usage?.totalTokenCount), [undefined, 124], 'the token counts shown come back');

    fake.enqueue(reply);
    const client = new GeminiClient({ apiKey: 'k', baseUrl: fake.baseUrl });
    const session = client.chats.create({ model: imported.model, history: historyOf(imported) });
    for await (const chunk of await session.sendMessageStream({ message: 'Go on' })) void chunk;
    const sent = JSON.parse(fake.generateRequests[0]!.body) as { contents: Content[] };
    assert.equal(JSON.stringify(sent.contents.slice(0, -1)), JSON.stringify(historyOf(sampleChat())));
    assert.equal(sent.contents[1]?.parts[0]?.thoughtSignature, 'c2lnLTE=');
  });

  it('imports a bare Content[] (an SDK history), grouping turns by role', () => {
    const history: Content[] = [
      { role: 'user', parts: [{ text: 'What is 2+2?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'add', args: { a: 2, b: 2 } }, thoughtSignature: 'AAAA' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'add', response: { result: 4 } } }] },
      { role: 'model', parts: [{ text: '4' }] },
      { role: 'user', parts: [{ text: 'Thanks' }] },
      { role: 'model', parts: [{ text: 'You are welcome.' }] },
    ];
    const chat = importChatJson(JSON.stringify(history), { defaultModel: 'gemini-2.5-flash', now });
    assert.equal(chat.title, 'What is 2+2?');
    assert.equal(chat.model, 'gemini-2.5-flash');
    assert.deepEqual(chat.exchanges.map((e) => e.text), ['What is 2+2?', 'Thanks']);
    assert.deepEqual(historyOf(chat), history);
  });

  it('a bare history: the images a message starts with are its attachments, and user entries in a row are one message', () => {
    const pixel = PNG.toString('base64');
    const history: Content[] = [
      { role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: pixel } }, { text: 'What is in this picture?' }] },
      { role: 'model', parts: [{ text: 'A single pixel.' }] },
      { role: 'user', parts: [{ text: 'a' }] },
      { role: 'user', parts: [{ text: 'b' }] },
      { role: 'model', parts: [{ text: 'Both read.' }] },
    ];
    const chat = importChatJson(JSON.stringify(history), { defaultModel: 'gemini-2.5-flash', now });
    assert.deepEqual(
      chat.exchanges.map((e) => [e.text, e.attachments.map((a) => [a.label, a.kind, a.size, a.partCount]), e.model.map((c) => c.role)]),
      [
        ['What is in this picture?', [['image 1.png', 'image', PNG.length, 1]], ['model']],
        ['a\n\nb', [], ['model']],
      ],
    );
    // Edit gives the image back: the attachment's part is the image.
    assert.deepEqual(chat.exchanges[0]!.user.parts.slice(0, 1), [{ inlineData: { mimeType: 'image/png', data: pixel } }]);
    // Named by the hash of its bytes, as the store keeps them once the chat is saved: its chip shows it from there.
    assert.equal(chat.exchanges[0]!.attachments[0]!.sha256, createHash('sha256').update(PNG).digest('hex'));
    assert.deepEqual(
      historyOf(chat).map((c) => [c.role, c.parts.length]),
      [['user', 2], ['model', 1], ['user', 2], ['model', 1]],
      'the two entries in a row are sent as one turn',
    );
  });

  it('an exported chat edited by hand shows the message that is sent: the text in history, not a stale copy', () => {
    const json = chatToJson(sampleChat(), now);
    const edited = structuredClone(json);
    const firstText = edited.history[0]!.parts.at(-1)!;
    firstText.text = 'HAND EDITED IN HISTORY';
    const chat = importChatJson(JSON.stringify(edited), { defaultModel: 'gemini-2.5-flash', now });
    assert.equal(chat.exchanges[0]!.text, 'HAND EDITED IN HISTORY');
    assert.deepEqual(chat.exchanges[0]!.attachments.map((a) => a.label), ['math.ts:3-4', 'shot.png']);
    const staleCopy = structuredClone(json);
    staleCopy.exchanges[0]!.text = 'edited only here';
    assert.equal(importChatJson(JSON.stringify(staleCopy), { defaultModel: 'gemini-2.5-flash', now }).exchanges[0]!.text, 'Why does this fail?');
    const partMissing = structuredClone(json);
    partMissing.history[0]!.parts.splice(2, 1); // the image, leaving the selection, the image's name and the question
    assert.equal(
      importError(JSON.stringify(partMissing)),
      'This file cannot be imported as a chat: exchanges[0].attachments[1] (“shot.png”) does not match the parts of its message, history[0] (was the file edited by hand?). Export the chat again, or correct its partCount.',
    );
    const noParts = structuredClone(json);
    noParts.exchanges[0]!.attachments[1]!.partCount = 0;
    assert.match(importError(JSON.stringify(noParts)), /attachments\[1\] \(“shot\.png”\) does not match the parts of its message/);
    const tooMany = structuredClone(json);
    tooMany.exchanges[0]!.attachments[0]!.partCount = 9;
    assert.equal(
      importError(JSON.stringify(tooMany)),
      'This file cannot be imported as a chat: the attachments of exchanges[0] hold 11 parts, but its message in history has 4.',
    );
  });

  it('titles an imported chat from its first message, shortened at a word with an ellipsis', () => {
    const first = 'Explain how the streaming renderer keeps settled blocks and re-renders only the open tail of an answer';
    const chat = importChatJson(JSON.stringify([{ role: 'user', parts: [{ text: first }] }, { role: 'model', parts: [{ text: 'Sure.' }] }]), { defaultModel: 'gemini-2.5-flash', now });
    assert.equal(chat.title, 'Explain how the streaming renderer keeps settled blocks and…');
  });

  it('refuses a damaged file with a message naming what is wrong and where', () => {
    assert.equal(importError('{"history": ['), 'This file is not valid JSON: at line 1, column 14 (where the file ends), a closing ] was expected. Choose a chat exported with "Export Chat as JSON…".');
    assert.equal(importError('{\n  "history": [\n    {"role": "user", "parts": [{"text": "hi"}]},\n  ]\n}'), 'This file is not valid JSON: at line 4, column 3, a value was expected. Choose a chat exported with "Export Chat as JSON…".');
    assert.equal(importError('{"history": [] "title": "x"}'), 'This file is not valid JSON: at line 1, column 16, a comma was expected. Choose a chat exported with "Export Chat as JSON…".');
    assert.equal(importError(''), 'This file is empty. Choose a chat exported with "Export Chat as JSON…".');
    assert.equal(importError(' \n'), 'This file is empty. Choose a chat exported with "Export Chat as JSON…".');
    assert.equal(importError('# Notes\n\nNothing here yet.\n'), 'This file is not JSON: it begins “# Notes”. Choose a chat exported with "Export Chat as JSON…".');
    assert.doesNotMatch(importError('{"title":\n\n"half'), /\n/, 'the parser\'s words on one line');
    assert.equal(importError('\u0000%Jo\ufffd\ufffd binary'), 'This file is not JSON: it is a binary file. Choose a chat exported with "Export Chat as JSON…".');
    const notAChat = 'This file is not a chat (it has no "history"). Choose a chat exported with "Export Chat as JSON…", or a JSON list of Gemini contents.';
    assert.equal(importError('{"title":"x"}'), notAChat);
    assert.equal(importError('{"hello":1}'), notAChat);
    assert.equal(importError('"just a string"'), notAChat);
    const notContents = 'This file is not a chat (a JSON list, but not of Gemini contents, each with a "role" and "parts"). Choose a chat exported with "Export Chat as JSON…", or a JSON list of Gemini contents.';
    assert.equal(importError('[1,2,3]'), notContents);
    assert.equal(importError('[{"role":"user","parts":[{"text":"a"}]},{"name":"a package.json"}]'), notContents);
    assert.equal(importError('[]'), 'This file cannot be imported as a chat: history is empty: there is no conversation to import.');
    assert.equal(
      importError('[{"role":"system","parts":[{"text":"x"}]}]'),
      'This file cannot be imported as a chat: history[0].role must be "user" or "model".',
    );
    assert.equal(
      importError('{"history":[{"role":"user","parts":[{"inlineData":{"mimeType":"image/png","data":"not base64!"}}]}]}'),
      'This file cannot be imported as a chat: history[0].parts[0].inlineData.data must be base64.',
    );
    assert.equal(importError('{"history":[{"role":"user","parts":[{}]}]}'), 'This file cannot be imported as a chat: history[0].parts[0] is an empty part ({}).');
    assert.equal(
      importError('[{"role":"model","parts":[{"text":"hi"}]}]'),
      'This file cannot be imported as a chat: it starts with a “model” entry, and a chat starts with your message. Remove the entries before the first “user” entry (or put one before them), then import it again.',
    );
    assert.equal(
      importError('{"history":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"text":"b"}]}],"exchanges":[{"contents":3}]}'),
      'This file cannot be imported as a chat: its exchanges cover 3 entries of history, but history has 2.',
    );
  });
});
