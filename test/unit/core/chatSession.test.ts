// The session rules (1–10, 12; src/core/README.md) observed through the loopback server: what each request
// carries, what the history holds, and when.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { json, sse, type RecordedRequest } from '../../support/fakeGemini';
import { curateHistory, InvalidInputError, type Content } from '../../../src/core';
import { clientFor, delayed, drain, rejectionOf, textChunk, withFakeGemini } from './helpers';

const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const model = (text: string): Content => ({ role: 'model', parts: [{ text }] });
const contentsOf = (req: RecordedRequest | undefined): Content[] => (req?.json as { contents: Content[] }).contents;

describe('curated history (rule 4)', () => {
  const invalidEmpty: Content = { role: 'model', parts: [] };
  const invalidPart: Content = { role: 'model', parts: [{}] };
  const signatureOnly: Content = { role: 'model', parts: [{ thoughtSignature: 'c2ln' }] };
  const thought: Content = { role: 'model', parts: [{ text: 'hmm', thought: true }] };
  const table: { label: string; history: Content[]; curated: Content[] }[] = [
    { label: 'valid turns are kept', history: [user('a'), model('1'), user('b'), model('2')], curated: [user('a'), model('1'), user('b'), model('2')] },
    { label: 'an empty model entry drops it and its user entry', history: [user('a'), invalidEmpty, user('b'), model('2')], curated: [user('b'), model('2')] },
    { label: 'an empty part ({}) is invalid', history: [user('a'), invalidPart], curated: [] },
    { label: 'only the one user entry before the run goes: [u1, u2, model({})] → [u1]', history: [user('u1'), user('u2'), invalidPart], curated: [user('u1')] },
    {
      label: 'one invalid entry in a run of model entries drops the whole run',
      history: [user('a'), model('x'), invalidEmpty, model('y'), user('b'), model('2')],
      curated: [user('b'), model('2')],
    },
    { label: 'empty text is valid', history: [user('a'), model('')], curated: [user('a'), model('')] },
    { label: 'thoughts and signature-only parts are valid', history: [user('a'), thought, signatureOnly], curated: [user('a'), thought, signatureOnly] },
    { label: 'a history may start with model', history: [model('hi'), user('a'), model('1')], curated: [model('hi'), user('a'), model('1')] },
    { label: 'an invalid run at the start has no user entry to drop', history: [invalidEmpty, user('a'), model('1')], curated: [user('a'), model('1')] },
    { label: 'a trailing user entry stays', history: [user('a'), model('1'), user('b')], curated: [user('a'), model('1'), user('b')] },
  ];
  for (const row of table) {
    it(row.label, () => {
      assert.deepEqual(curateHistory(row.history), row.curated);
    });
  }
});

describe('ChatSession', () => {
  const { fake } = withFakeGemini();
  const chatOn = (opts: Parameters<ReturnType<typeof clientFor>['chats']['create']>[0] = { model: 'gemini-test' }) => clientFor(fake()).chats.create(opts);

  describe('input (rules 1, 2) and bad input', () => {
    it('turns a string, a Part, and an array of both into one user Content', async () => {
      fake().enqueue(json(textChunk('1', 'STOP')), json(textChunk('2', 'STOP')), json(textChunk('3', 'STOP')));
      const chat = chatOn();
      await chat.sendMessage('plain');
      await chat.sendMessage({ inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } });
      await chat.sendMessage(['look:', { fileData: { mimeType: 'application/pdf', fileUri: 'https://x/files/abc' } }]);
      assert.deepEqual(contentsOf(fake().requests[2]).filter((c) => c.role === 'user'), [
        { role: 'user', parts: [{ text: 'plain' }] },
        { role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } }] },
        { role: 'user', parts: [{ text: 'look:' }, { fileData: { mimeType: 'application/pdf', fileUri: 'https://x/files/abc' } }] },
      ]);
    });

    it('takes a whole user Content (sent again from a transcript) for its parts, and refuses a model one', async () => {
      fake().enqueue(json(textChunk('ok', 'STOP')));
      const chat = chatOn();
      await chat.sendMessage({ message: user('again') });
      assert.deepEqual(contentsOf(fake().requests[0]), [user('again')]);
      const err = await rejectionOf(chat.sendMessage({ message: model('not mine') }));
      assert.ok(err instanceof InvalidInputError);
      assert.match(err.message, /"model"/);
      assert.equal(fake().requests.length, 1);
    });

    for (const [label, message] of [
      ['an empty string', ''],
      ['blank text', '  \n '],
      ['an empty array', []],
      ['an empty part', [{}]],
    ] as const) {
      it(`refuses ${label} before any request, leaving the session untouched`, async () => {
        fake().enqueue(json(textChunk('ok', 'STOP')));
        const chat = chatOn({ model: 'gemini-test', history: [user('a'), model('1')] });
        const err = await rejectionOf(chat.sendMessage(message as never));
        assert.ok(err instanceof InvalidInputError, String(err));
        const errStream = await rejectionOf(chat.sendMessageStream({ message: message as never }));
        assert.ok(errStream instanceof InvalidInputError);
        assert.equal(fake().requests.length, 0);
        assert.deepEqual(chat.getHistory(), [user('a'), model('1')]);
        assert.equal((await chat.sendMessage('next')).text, 'ok', 'the session still works');
      });
    }

    it('refuses a history entry with another role, naming it', () => {
      assert.throws(
        () => chatOn({ model: 'gemini-test', history: [user('a'), { role: 'system', parts: [{ text: 'x' }] }] }),
        (err: Error) => err instanceof InvalidInputError && /"system"/.test(err.message),
      );
      assert.throws(() => chatOn({ model: 'gemini-test', history: [{ parts: [{ text: 'x' }] }] }), /undefined/);
    });

    for (const bad of ['../secrets', 'gemini?alt=json', 'a&b=c', 'models/../../x']) {
      it(`refuses the model id ${JSON.stringify(bad)} before any request`, async () => {
        assert.throws(() => chatOn({ model: bad }), InvalidInputError);
        const err = await rejectionOf(clientFor(fake()).models.generateContent({ model: bad, contents: 'hi' }));
        assert.ok(err instanceof InvalidInputError);
        assert.equal(fake().requests.length, 0);
      });
    }

    it('accepts history that starts with model and repeats roles, and deep-copies it', async () => {
      const history = [model('hello'), user('a'), user('b')];
      fake().enqueue(json(textChunk('ok', 'STOP')));
      const chat = chatOn({ model: 'gemini-test', history });
      (history[0]?.parts[0] as { text: string }).text = 'changed';
      await chat.sendMessage('c');
      assert.deepEqual(contentsOf(fake().requests[0]), [model('hello'), user('a'), user('b'), user('c')]);
      const copy = chat.getHistory();
      copy.length = 0;
      assert.equal(chat.getHistory().length, 5, 'getHistory returns a copy');
    });
  });

  describe('history (rules 5, 6, 10)', () => {
    it('records one model entry per streamed chunk, thought signatures kept, and only after the end', async () => {
      const chunks = [
        { candidates: [{ content: { role: 'model', parts: [{ text: 'thinking', thought: true, thoughtSignature: 'c2lnMQ==' }] } }] },
        { candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] } }] },
        { candidates: [{ content: { role: 'model', parts: [{ text: 'lo', thoughtSignature: 'c2lnMg==' }] }, finishReason: 'STOP' }], usageMetadata: { totalTokenCount: 9 } },
      ];
      fake().enqueue(sse(chunks));
      const chat = chatOn();
      const stream = await chat.sendMessageStream('hi');
      const seen: string[] = [];
      for await (const chunk of stream) {
        seen.push(chunk.text ?? '');
        assert.deepEqual(chat.getHistory(), [], 'nothing is recorded while the stream is read');
      }
      assert.deepEqual(seen, ['', 'Hel', 'lo']);
      assert.deepEqual(chat.getHistory(), [user('hi'), ...chunks.map((c) => c.candidates[0]?.content)]);
      assert.equal(chat.last?.text, 'Hello', 'last aggregates the stream');
      assert.equal(chat.last?.thoughts, 'thinking');
      assert.equal(chat.last?.usageMetadata?.totalTokenCount, 9);
    });

    it('hands out and records a streamed image of several megabytes as sent, and sends it back next turn', async () => {
      const image = randomBytes(3 * 1024 * 1024).toString('base64');
      const chunks = [
        { candidates: [{ content: { role: 'model', parts: [{ text: 'Here is the cat:' }] } }] },
        { candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: image } }] }, finishReason: 'STOP' }] },
      ];
      fake().enqueue(sse(chunks), json(textChunk('ok', 'STOP')));
      const chat = chatOn();
      const seen: unknown[] = [];
      for await (const chunk of await chat.sendMessageStream('draw a cat')) seen.push(chunk.candidates?.[0]?.content?.parts?.[0]);
      assert.deepEqual(seen, [{ text: 'Here is the cat:' }, { inlineData: { mimeType: 'image/png', data: image } }]);
      await chat.sendMessage('thanks');
      assert.deepEqual(contentsOf(fake().requests[1]).slice(0, 3), [user('draw a cat'), ...chunks.map((c) => c.candidates[0]?.content)]);
    });

    it('records nothing for a stream broken off, and closes its connection', async () => {
      fake().enqueue(sse([textChunk('a'), textChunk('b'), textChunk('c', 'STOP')], { delayMs: 20, end: 'hang' }), json(textChunk('ok', 'STOP')));
      const chat = chatOn();
      for await (const chunk of await chat.sendMessageStream('hi')) {
        assert.equal(chunk.text, 'a');
        break;
      }
      await fake().requests[0]?.closed;
      assert.deepEqual(chat.getHistory(), []);
      assert.equal(chat.last, undefined);
      await chat.sendMessage('again');
      assert.deepEqual(contentsOf(fake().requests[1]), [user('again')]);
    });

    it('lets the next send go when a stream is returned without being read', async () => {
      fake().enqueue(sse([textChunk('never read', 'STOP')], { end: 'hang' }), json(textChunk('ok', 'STOP')));
      const chat = chatOn();
      const unread = await chat.sendMessageStream('first');
      await unread.return();
      await fake().requests[0]?.closed;
      assert.equal((await chat.sendMessage('second')).text, 'ok');
      assert.deepEqual(chat.getHistory(), [user('second'), model('ok')]);
    });

    it('lets the next send go when an unread stream is aborted', async () => {
      fake().enqueue(sse([textChunk('never read', 'STOP')], { end: 'hang' }), json(textChunk('ok', 'STOP')));
      const chat = chatOn();
      const controller = new AbortController();
      const unread = await chat.sendMessageStream({ message: 'first', signal: controller.signal });
      const next = chat.sendMessage('second');
      controller.abort();
      assert.equal((await next).text, 'ok');
      await fake().requests[0]?.closed;
      assert.equal((await rejectionOf(drain(unread))).name, 'AbortError');
      assert.deepEqual(chat.getHistory(), [user('second'), model('ok')]);
    });

    it('rewind removes the last user entry and all after it, and returns them', async () => {
      fake().enqueue(json(textChunk('1', 'STOP')), sse([textChunk('2a'), textChunk('2b', 'STOP')]));
      const chat = chatOn();
      await chat.sendMessage('a');
      await drain(await chat.sendMessageStream('b'));
      assert.equal(chat.last?.text, '2a2b');
      assert.deepEqual(chat.rewind(), [user('b'), model('2a'), model('2b')]);
      assert.deepEqual(chat.getHistory(), [user('a'), model('1')]);
      assert.equal(chat.last, undefined);
      assert.deepEqual(chat.rewind(), [user('a'), model('1')]);
      assert.deepEqual(chat.rewind(), []);
    });

    it('continues exactly where it was after a JSON round trip of its history', async () => {
      const signed = { candidates: [{ content: { role: 'model', parts: [{ text: 'seen', thoughtSignature: 'AbC+/=='.repeat(10) }] }, finishReason: 'STOP' }] };
      fake().enqueue(json(signed), json(textChunk('ok', 'STOP')));
      const client = clientFor(fake());
      const chat = client.chats.create({ model: 'gemini-test' });
      await chat.sendMessage([{ text: 'what is this?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }]);
      const restored = client.chats.create({ model: 'gemini-test', history: JSON.parse(JSON.stringify(chat.getHistory())) as Content[] });
      await restored.sendMessage('and now?');
      assert.equal(fake().requests[1]?.body.includes(JSON.stringify(signed.candidates[0]?.content.parts[0])), true);
      assert.deepEqual(contentsOf(fake().requests[1]).slice(0, 2), chat.getHistory());
    });

    it('sends the curated history but keeps the comprehensive one', async () => {
      const blocked = { promptFeedback: { blockReason: 'SAFETY' } };
      fake().enqueue(json(blocked), json(textChunk('fine', 'STOP')));
      const chat = chatOn();
      const r = await chat.sendMessage('bad');
      assert.equal(r.text, undefined);
      assert.deepEqual(chat.getHistory(), [user('bad'), { role: 'model', parts: [] }]);
      await chat.sendMessage('good');
      assert.deepEqual(contentsOf(fake().requests[1]), [user('good')]);
      assert.deepEqual(chat.getHistory(true), [user('good'), model('fine')]);
      assert.equal(chat.getHistory().length, 4);
    });
  });

  describe('config (rules 8, 12)', () => {
    it('per-message config replaces the session config for that call only', async () => {
      fake().enqueue(json(textChunk('1', 'STOP')), json(textChunk('2', 'STOP')), json(textChunk('3', 'STOP')));
      const chat = chatOn({ model: 'gemini-test', config: { temperature: 0.1, systemInstruction: 'Be brief.' } });
      await chat.sendMessage('a');
      await chat.sendMessage({ message: 'b', config: { maxOutputTokens: 5 } });
      await chat.sendMessage('c');
      const [a, b, c] = fake().requests.map((r) => r.json as Record<string, unknown>);
      assert.deepEqual(a?.generationConfig, { temperature: 0.1 });
      assert.deepEqual(a?.systemInstruction, { parts: [{ text: 'Be brief.' }] });
      assert.deepEqual(b?.generationConfig, { maxOutputTokens: 5 });
      assert.equal(b?.systemInstruction, undefined);
      assert.deepEqual(c, { ...a, contents: contentsOf(fake().requests[2]) });
    });

    it('splits the flat config into top-level fields and generationConfig', async () => {
      fake().enqueue(json(textChunk('1', 'STOP')));
      const tools = [{ functionDeclarations: [{ name: 'f' }] }];
      const chat = chatOn({
        model: 'gemini-test',
        config: {
          systemInstruction: { parts: [{ text: 'S' }] },
          tools,
          toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
          safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
          cachedContent: 'cachedContents/1',
          topK: 3,
          thinkingConfig: { includeThoughts: true },
          responseMimeType: 'application/json',
        },
      });
      await chat.sendMessage('a');
      assert.deepEqual(fake().requests[0]?.json, {
        contents: [user('a')],
        systemInstruction: { parts: [{ text: 'S' }] },
        tools,
        toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
        safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
        cachedContent: 'cachedContents/1',
        generationConfig: { topK: 3, thinkingConfig: { includeThoughts: true }, responseMimeType: 'application/json' },
      });
    });

    it('sends examples before the history on every request and never records them; context is the system instruction', async () => {
      fake().enqueue(json(textChunk('1', 'STOP')), sse([textChunk('2', 'STOP')]));
      const chat = chatOn({
        model: 'gemini-test',
        context: 'You translate to French.',
        examples: [{ input: 'cat', output: 'chat' }, { input: { text: 'dog' }, output: ['chien'] }],
        history: [user('bird'), model('oiseau')],
      });
      await chat.sendMessage('fish');
      await drain(await chat.sendMessageStream('horse'));
      const examples = [user('cat'), model('chat'), user('dog'), model('chien')];
      assert.deepEqual(contentsOf(fake().requests[0]), [...examples, user('bird'), model('oiseau'), user('fish')]);
      assert.deepEqual(contentsOf(fake().requests[1]), [...examples, user('bird'), model('oiseau'), user('fish'), model('1'), user('horse')]);
      assert.deepEqual((fake().requests[0]?.json as { systemInstruction: unknown }).systemInstruction, { parts: [{ text: 'You translate to French.' }] });
      assert.deepEqual(chat.getHistory(), [user('bird'), model('oiseau'), user('fish'), model('1'), user('horse'), model('2')]);
    });
  });

  describe('ordering (rule 7)', () => {
    it('orders sends made in the same tick (Promise.all), each request including the turns before it', async () => {
      // The first answer is slow: without strict ordering the second request would overtake it.
      fake().enqueue(delayed(40, json(textChunk('1', 'STOP'))), json(textChunk('2', 'STOP')), sse([textChunk('3', 'STOP')]));
      const chat = chatOn();
      const [r1, r2, s3] = await Promise.all([chat.sendMessage('a'), chat.sendMessage('b'), chat.sendMessageStream('c')]);
      await drain(s3);
      assert.equal(r1.text, '1');
      assert.equal(r2.text, '2');
      assert.deepEqual(contentsOf(fake().requests[0]), [user('a')]);
      assert.deepEqual(contentsOf(fake().requests[1]), [user('a'), model('1'), user('b')]);
      assert.deepEqual(contentsOf(fake().requests[2]), [user('a'), model('1'), user('b'), model('2'), user('c')]);
    });

    it('holds a send made during a stream until the stream is drained, and includes it', async () => {
      fake().enqueue(sse([textChunk('x'), textChunk('y'), textChunk('z', 'STOP')], { delayMs: 10 }), json(textChunk('after', 'STOP')));
      const chat = chatOn();
      const stream = await chat.sendMessageStream('first');
      let second: Promise<unknown> | undefined;
      for await (const chunk of stream) {
        if (chunk.text === 'x') second = chat.sendMessage('second');
        assert.equal(fake().requests.length, 1, 'the second request waits for the stream');
      }
      await second;
      assert.deepEqual(contentsOf(fake().requests[1]), [user('first'), model('x'), model('y'), model('z'), user('second')]);
    });

    it('lets the next turn go after a failed one, which is not recorded', async () => {
      fake().enqueue(json({ error: { code: 400, message: 'bad', status: 'INVALID_ARGUMENT' } }, 400), json(textChunk('2', 'STOP')));
      const chat = chatOn();
      const [first, second] = await Promise.allSettled([chat.sendMessage('a'), chat.sendMessage('b')]);
      assert.equal(first.status, 'rejected');
      assert.equal(second.status, 'fulfilled');
      assert.deepEqual(contentsOf(fake().requests[1]), [user('b')]);
      assert.deepEqual(chat.getHistory(), [user('b'), model('2')]);
    });

    it('takes a send aborted while it waits out of the line, without sending it', async () => {
      fake().enqueue(delayed(30, json(textChunk('1', 'STOP'))), json(textChunk('3', 'STOP')));
      const chat = chatOn();
      const controller = new AbortController();
      const first = chat.sendMessage('a');
      const second = chat.sendMessage({ message: 'b', signal: controller.signal });
      const third = chat.sendMessage('c');
      controller.abort();
      const err = await rejectionOf(second);
      assert.equal(err.name, 'AbortError');
      await first;
      await third;
      assert.equal(fake().requests.length, 2);
      assert.deepEqual(contentsOf(fake().requests[1]), [user('a'), model('1'), user('c')]);
    });
  });
});
