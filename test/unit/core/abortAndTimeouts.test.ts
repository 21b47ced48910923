// Cancellation and timeouts: an abort closes the socket at once (the server sees the close) and rejects
// with an AbortError; no answer within firstByteMs is a NetworkError; a stream with nothing new for
// idleMs is cut with StreamInterruptedError('idle'). Nothing of an aborted or cut turn is recorded.
import { strict as assert } from 'node:assert';
import { hang, json, sse, type Responder } from '../../support/fakeGemini';
import { NetworkError, StreamInterruptedError } from '../../../src/core';
import { clientFor, rejectionOf, textChunk, textsUntilError, withFakeGemini } from './helpers';

/** A responder that never answers, and a promise that resolves once its request has arrived. */
function hangingWithArrival(): { responder: Responder; arrived: Promise<void> } {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const never = hang();
  return {
    responder: (req, res) => {
      arrive();
      return never(req, res);
    },
    arrived,
  };
}

describe('abort and timeouts', () => {
  const { fake } = withFakeGemini();

  it('aborting mid-stream rejects with AbortError, closes the connection, and records nothing', async () => {
    fake().enqueue(sse([textChunk('a'), textChunk('b'), textChunk('c'), textChunk('d', 'STOP')], { delayMs: 30, end: 'hang' }), json(textChunk('next', 'STOP')));
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    const controller = new AbortController();
    const stream = await chat.sendMessageStream({ message: 'hi', signal: controller.signal });
    const seen: string[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const chunk of stream) {
          seen.push(chunk.text ?? '');
          controller.abort();
        }
      })(),
    );
    assert.equal(err.name, 'AbortError');
    assert.deepEqual(seen, ['a']);
    await fake().requests[0]?.closed; // the server saw the connection close
    assert.deepEqual(chat.getHistory(), []);
    assert.equal((await chat.sendMessage('again')).text, 'next', 'the session is still usable');
  });

  it('aborting before the answer closes the connection and rejects with AbortError', async () => {
    const { responder, arrived } = hangingWithArrival();
    fake().enqueue(responder);
    const controller = new AbortController();
    const pending = clientFor(fake()).chats.create({ model: 'gemini-test' }).sendMessage({ message: 'hi', signal: controller.signal });
    await arrived;
    controller.abort();
    const err = await rejectionOf(pending);
    assert.equal(err.name, 'AbortError');
    await fake().requests[0]?.closed;
    assert.equal(fake().requests.length, 1, 'an abort is not retried');
  });

  it('closing a stream that was never read closes its connection', async () => {
    // 'hang': the server never ends the body, so only the client can close the connection.
    fake().enqueue(sse([textChunk('a'), textChunk('b', 'STOP')], { end: 'hang' }));
    const stream = await clientFor(fake()).models.generateContentStream({ model: 'gemini-test', contents: 'hi' });
    await stream.return();
    await fake().requests[0]?.closed;
    assert.deepEqual(await stream.next(), { done: true, value: undefined });
  });

  it('an already aborted signal sends nothing', async () => {
    const err = await rejectionOf(
      clientFor(fake()).models.generateContentStream({ model: 'gemini-test', contents: 'hi', config: { abortSignal: AbortSignal.abort() } }),
    );
    assert.equal(err.name, 'AbortError');
    assert.equal(fake().requests.length, 0);
  });

  it('cuts a stream with nothing new for idleMs: StreamInterruptedError("idle"), after the chunks that came', async () => {
    fake().enqueue(sse([textChunk('first'), textChunk('too late', 'STOP')], { delayMs: 5000, end: 'hang' }));
    const chat = clientFor(fake(), { timeouts: { idleMs: 100 } }).chats.create({ model: 'gemini-test' });
    const { seen, err } = await textsUntilError(await chat.sendMessageStream('hi'));
    assert.ok(err instanceof StreamInterruptedError, String(err));
    assert.equal(err.reason, 'idle');
    assert.deepEqual(seen, ['first']);
    await fake().requests[0]?.closed;
    assert.deepEqual(chat.getHistory(), []);
  });

  it('gives up on a server that sends no answer within firstByteMs', async () => {
    fake().enqueue(hang());
    const client = clientFor(fake(), { timeouts: { firstByteMs: 100 }, retry: { maxAttempts: 1 } });
    const err = await rejectionOf(client.models.generateContent({ model: 'gemini-test', contents: 'hi' }));
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(err.code, 'UND_ERR_HEADERS_TIMEOUT');
    assert.match(err.message, /did not answer within 100 ms/);
  });
});
