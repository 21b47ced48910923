// Every captured body in raw-sse/ replayed from the loopback server, through the client and through a
// chat: what the caller sees (chunks, text, function calls, errors) and what the chat records.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, json, rawFixture, sseRaw } from '../../support/fakeGemini';
import {
  ClientError,
  StreamInterruptedError,
  type ApiError,
  type Content,
  type GenerateContentResponse,
  type GenerateContentResponseData,
} from '../../../src/core';
import { clientFor, drain, rejectionOf, withFakeGemini } from './helpers';

/** The chunks of a captured stream, parsed independently of the client. */
function fixtureEvents(name: string): GenerateContentResponseData[] {
  return rawFixture(name)
    .toString('utf8')
    .split(/\r\n\r\n|\n\n/)
    .filter((e) => e.trim() !== '')
    .map((e) => JSON.parse(e.replace(/^data: ?/, '')) as GenerateContentResponseData);
}

function unaryFixture(name: string): GenerateContentResponseData {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'raw-sse', name), 'utf8')) as GenerateContentResponseData;
}

interface StreamCase {
  name: string;
  /** 'truncated': the body ended with no finishReason, so the iterator throws after the chunks. */
  outcome: 'complete' | 'truncated';
  /** Model entries recorded (chunks whose content has parts); 0 = the empty placeholder. */
  entries: number;
  check?: (last: GenerateContentResponse) => void;
}

const STREAMS: StreamCase[] = [
  { name: 'streaming-failure-empty-content.txt', outcome: 'truncated', entries: 0 },
  { name: 'streaming-failure-finish-reason-safety.txt', outcome: 'complete', entries: 1, check: (r) => assert.equal(r.text, 'No') },
  {
    name: 'streaming-failure-prompt-blocked-safety.txt',
    outcome: 'complete',
    entries: 0,
    check: (r) => {
      assert.equal(r.promptFeedback?.blockReason, 'SAFETY');
      assert.equal(r.text, undefined);
    },
  },
  {
    name: 'streaming-failure-recitation-no-content.txt',
    outcome: 'complete',
    entries: 2,
    check: (r) => {
      assert.equal(r.candidates?.[0]?.finishReason, 'RECITATION');
      assert.equal(r.text, 'Copyrighted text goes hereMore copyrighted text');
    },
  },
  { name: 'streaming-success-basic-reply-long.txt', outcome: 'complete', entries: 6 },
  { name: 'streaming-success-basic-reply-short.txt', outcome: 'complete', entries: 1, check: (r) => assert.equal(r.text, 'Cheyenne') },
  { name: 'streaming-success-citations.txt', outcome: 'complete', entries: 6 },
  {
    name: 'streaming-success-function-call-short.txt',
    outcome: 'complete',
    entries: 1,
    check: (r) => assert.deepEqual(r.functionCalls, [{ name: 'getTemperature', args: { city: 'San Jose' } }]),
  },
  {
    // 7 chunks: the last carries grounding metadata with `content: {}`, which is not recorded.
    name: 'streaming-success-search-grounding.txt',
    outcome: 'complete',
    entries: 6,
    check: (r) => assert.ok((r.candidates?.[0]?.groundingMetadata?.groundingChunks?.length ?? 0) > 0, 'grounding kept'),
  },
  { name: 'streaming-success-utf8.txt', outcome: 'complete', entries: 4, check: (r) => assert.ok(r.text?.startsWith('秋风瑟瑟，叶落纷纷')) },
  { name: 'streaming-unknown-enum.txt', outcome: 'complete', entries: 6, check: (r) => assert.equal(r.candidates?.[0]?.finishReason, 'FAKE_ENUM') },
];

const USER: Content = { role: 'user', parts: [{ text: 'hello' }] };

describe('raw-sse fixtures replayed', () => {
  const { fake } = withFakeGemini();

  for (const c of STREAMS) {
    it(`streams ${c.name} through a chat`, async () => {
      const events = fixtureEvents(c.name);
      fake().enqueue(sseRaw([rawFixture(c.name)]));
      const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
      const seen: GenerateContentResponse[] = [];
      const stream = await chat.sendMessageStream('hello');
      if (c.outcome === 'truncated') {
        const err = await rejectionOf(
          (async () => {
            for await (const chunk of stream) seen.push(chunk);
          })(),
        );
        assert.ok(err instanceof StreamInterruptedError, String(err));
        assert.equal(err.reason, 'truncated');
        assert.equal(seen.length, events.length, 'the chunks came before the error');
        assert.deepEqual(chat.getHistory(), [], 'a truncated turn is not recorded');
        assert.equal(chat.last, undefined);
        return;
      }
      seen.push(...(await drain(stream)));
      assert.deepEqual(
        seen.map((s) => ({ ...s })),
        events,
        'every chunk handed out as received',
      );
      const history = chat.getHistory();
      assert.deepEqual(history[0], USER);
      const modelEntries = history.slice(1);
      if (c.entries === 0) {
        assert.deepEqual(modelEntries, [{ role: 'model', parts: [] }], 'blocked: the empty placeholder');
        assert.deepEqual(chat.getHistory(true), [], 'curated history drops the blocked turn');
      } else {
        assert.equal(modelEntries.length, c.entries, 'one model entry per chunk with content');
        // A chunk whose content has no parts (`content: {}`, metadata only) is not an entry.
        const withContent = events.flatMap((e) => (e.candidates?.[0]?.content?.parts?.length ? [e.candidates[0].content] : []));
        modelEntries.forEach((entry, i) => {
          assert.equal(entry.role, 'model');
          assert.deepEqual(entry.parts, withContent[i]?.parts);
        });
        assert.deepEqual(chat.getHistory(true), history, 'valid output stays in the curated history');
      }
      assert.ok(chat.last);
      c.check?.(chat.last);
    });
  }

  interface UnaryCase {
    name: string;
    /** Whether the turn stays in the curated history. */
    curated: boolean;
    check?: (r: GenerateContentResponse) => void;
  }
  const UNARY: UnaryCase[] = [
    { name: 'unary-failure-citations.json', curated: false, check: (r) => assert.equal(r.candidates?.[0]?.finishReason, 'RECITATION') },
    { name: 'unary-failure-empty-content.json', curated: false, check: (r) => assert.equal(r.text, undefined) },
    { name: 'unary-failure-finish-reason-safety.json', curated: true, check: (r) => assert.equal(r.text, 'No') },
    { name: 'unary-failure-prompt-blocked-safety.json', curated: false, check: (r) => assert.equal(r.promptFeedback?.blockReason, 'SAFETY') },
    { name: 'unary-success-basic-reply-long.json', curated: true },
    { name: 'unary-success-basic-reply-short.json', curated: true },
    { name: 'unary-success-citations.json', curated: true },
    { name: 'unary-success-logprobs.json', curated: true, check: (r) => assert.ok('logprobsResult' in (r.candidates?.[0] ?? {})) },
    { name: 'unary-success-search-grounding.json', curated: true },
    { name: 'unary-unknown-enum.json', curated: true },
  ];

  for (const c of UNARY) {
    it(`answers ${c.name} through a chat`, async () => {
      const body = unaryFixture(c.name);
      fake().enqueue(json(body));
      const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
      const response = await chat.sendMessage('hello');
      assert.deepEqual({ ...response }, body, 'the response keeps every field');
      const content = body.candidates?.[0]?.content;
      const expectedModel = content?.parts?.length ? { ...content, role: content.role ?? 'model' } : { role: 'model', parts: [] };
      assert.deepEqual(chat.getHistory(), [USER, expectedModel]);
      assert.deepEqual(chat.getHistory(true), c.curated ? [USER, expectedModel] : []);
      c.check?.(response);
      assert.equal(chat.last, response);
    });
  }

  it('turns unary-failure-image-rejected.json (a 400) into a ClientError', async () => {
    const body = unaryFixture('unary-failure-image-rejected.json');
    fake().enqueue(json(body, 400));
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    const err = await rejectionOf(chat.sendMessage('hello'));
    assert.ok(err instanceof ClientError);
    assert.equal((err as ApiError).status, 400);
    assert.equal((err as ApiError).apiStatus, 'INVALID_ARGUMENT');
    assert.equal(err.message, 'Request contains an invalid argument.');
    assert.equal((err as ApiError).retryable, false);
    assert.equal(fake().requests.length, 1, 'a 400 is not retried');
    assert.deepEqual(chat.getHistory(), []);
  });
});
