// Retries (session rule 9, and our choice): 408/429/5xx and network failures are retried with
// backoff and jitter, the server's delay is honoured, a long delay is final, and nothing is retried
// once a chunk has reached the caller.
import { strict as assert } from 'node:assert';
import { apiError, apiErrorBody, json, resetBeforeHeaders, sse, sseRaw } from '../../support/fakeGemini';
import { ApiError, ClientError, NetworkError, ServerError, StreamInterruptedError, type RetryInfo } from '../../../src/core';
import { clientFor, drain, rejectionOf, textChunk, textsUntilError, withFakeGemini } from './helpers';

const retryInfo = (delay: string): unknown[] => [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay }];

describe('retries', () => {
  const { fake } = withFakeGemini();

  for (const status of [408, 429, 500, 502, 503, 504]) {
    it(`retries a ${status} and succeeds`, async () => {
      fake().enqueue(apiError(status, 'X', `failed with ${status}`), json(textChunk('ok', 'STOP')));
      const retries: RetryInfo[] = [];
      const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
      const response = await chat.sendMessage({ message: 'hi', onRetry: (info) => retries.push(info) });
      assert.equal(response.text, 'ok');
      assert.equal(fake().requests.length, 2);
      assert.equal(retries.length, 1);
      assert.equal(retries[0]?.attempt, 2);
      assert.equal((retries[0]?.error as ApiError).status, status);
      assert.deepEqual(fake().requests[0]?.json, fake().requests[1]?.json, 'the same request is sent again');
      assert.equal(chat.getHistory().length, 2, 'the turn is recorded once');
    });
  }

  for (const status of [400, 401, 403, 404]) {
    it(`does not retry a ${status}`, async () => {
      fake().enqueue(apiError(status, 'X', 'no'), json(textChunk('never', 'STOP')));
      const err = await rejectionOf(clientFor(fake()).models.generateContent({ model: 'gemini-test', contents: 'hi' }));
      assert.ok(err instanceof ClientError);
      assert.equal(err.status, status);
      assert.equal(fake().requests.length, 1);
    });
  }

  it('waits the RetryInfo delay the server asked for', async () => {
    fake().enqueue(apiError(429, 'RESOURCE_EXHAUSTED', 'slow down', { details: retryInfo('0.007s') }), json(textChunk('ok', 'STOP')));
    const retries: RetryInfo[] = [];
    const client = clientFor(fake(), { retry: { maxAttempts: 3, initialDelayMs: 1000, maxDelayMs: 1000 } });
    const response = await client.models.generateContent({ model: 'gemini-test', contents: 'hi', onRetry: (i) => retries.push(i) });
    assert.equal(response.text, 'ok');
    assert.deepEqual(
      retries.map((r) => r.delayMs),
      [7],
      'the server delay replaces the backoff',
    );
    assert.equal((retries[0]?.error as ApiError).retryDelayMs, 7);
  });

  it('honours Retry-After', async () => {
    fake().enqueue(apiError(503, 'UNAVAILABLE', 'busy', { headers: { 'retry-after': '120' } }));
    const controller = new AbortController();
    const retries: RetryInfo[] = [];
    const client = clientFor(fake());
    const err = await rejectionOf(
      client.models.generateContent({
        model: 'gemini-test',
        contents: 'hi',
        config: { abortSignal: controller.signal },
        // Seen before the wait: stop there rather than wait two minutes.
        onRetry: (info) => {
          retries.push(info);
          controller.abort();
        },
      }),
    );
    assert.equal(err.name, 'AbortError');
    assert.equal(retries[0]?.delayMs, 120_000);
    assert.equal(fake().requests.length, 1);
  });

  it('backs off exponentially, with jitter, up to maxAttempts', async () => {
    fake().enqueue(apiError(500, 'INTERNAL', 'a'), apiError(500, 'INTERNAL', 'b'), apiError(500, 'INTERNAL', 'c'), apiError(500, 'INTERNAL', 'd'));
    const retries: RetryInfo[] = [];
    const client = clientFor(fake(), { retry: { maxAttempts: 4, initialDelayMs: 8, maxDelayMs: 20 } });
    const err = await rejectionOf(client.models.generateContent({ model: 'gemini-test', contents: 'hi', onRetry: (i) => retries.push(i) }));
    assert.ok(err instanceof ServerError);
    assert.equal(err.message, 'd', 'the last failure is reported');
    assert.equal(fake().requests.length, 4);
    assert.deepEqual(
      retries.map((r) => r.attempt),
      [2, 3, 4],
    );
    // Ceilings 8, 16, 20 (capped); each delay lies between half the ceiling and the ceiling.
    const [a, b, c] = retries.map((r) => r.delayMs);
    assert.ok(a !== undefined && a >= 4 && a <= 8, `first delay ${a}`);
    assert.ok(b !== undefined && b >= 8 && b <= 16, `second delay ${b}`);
    assert.ok(c !== undefined && c >= 10 && c <= 20, `third delay ${c}`);
  });

  it('gives up at once, and says why, when the server asks for a long wait', async () => {
    fake().enqueue(apiError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded.', { details: retryInfo('600s') }));
    const retries: RetryInfo[] = [];
    const err = await rejectionOf(clientFor(fake()).models.generateContent({ model: 'gemini-test', contents: 'hi', onRetry: (i) => retries.push(i) }));
    assert.ok(err instanceof ClientError);
    assert.equal(err.retryDelayMs, 600_000);
    assert.match(err.message, /Quota exceeded\. \(Gemini asks to wait 10 min before trying again; not retrying automatically\.\)/);
    assert.deepEqual(retries, []);
    assert.equal(fake().requests.length, 1);
  });

  it('retries a connection closed before any response', async () => {
    fake().enqueue(resetBeforeHeaders(), sse([textChunk('ok', 'STOP')]));
    const retries: RetryInfo[] = [];
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    const chunks = await drain(await chat.sendMessageStream({ message: 'hi', onRetry: (i) => retries.push(i) }));
    assert.deepEqual(
      chunks.map((c) => c.text),
      ['ok'],
    );
    assert.ok(retries[0]?.error instanceof NetworkError, String(retries[0]?.error));
    assert.equal(fake().requests.length, 2);
  });

  it('reports a network failure as a retryable NetworkError once the attempts are spent', async () => {
    fake().enqueue(resetBeforeHeaders(), resetBeforeHeaders(), resetBeforeHeaders());
    const err = await rejectionOf(clientFor(fake()).models.generateContent({ model: 'gemini-test', contents: 'hi' }));
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(err.retryable, true);
    assert.equal(fake().requests.length, 3);
  });

  it('never retries once a chunk was handed out: the turn is interrupted', async () => {
    // The pause lets the server flush the chunk before it drops the connection.
    fake().enqueue(sse([textChunk('partial')], { end: 'destroy', delayMs: 20 }), json(textChunk('never', 'STOP')));
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    const stream = await chat.sendMessageStream('hi');
    const { seen, err } = await textsUntilError(stream);
    assert.deepEqual(seen, ['partial']);
    assert.ok(err instanceof StreamInterruptedError, String(err));
    assert.equal(err.reason, 'connection');
    assert.equal(fake().requests.length, 1);
    assert.deepEqual(chat.getHistory(), []);
  });

  it('opens a stream again when it breaks before its first chunk', async () => {
    fake().enqueue(
      // Headers, a comment, then the connection drops: nothing was handed out yet.
      sseRaw([': ping\r\n\r\n'], { end: 'destroy', delayMs: 20 }),
      sse([apiErrorBody(503, 'UNAVAILABLE', 'The model is overloaded.')]),
      sse([textChunk('o'), textChunk('k', 'STOP')]),
    );
    const retries: RetryInfo[] = [];
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    const chunks = await drain(await chat.sendMessageStream({ message: 'hi', onRetry: (i) => retries.push(i) }));
    assert.deepEqual(
      chunks.map((c) => c.text),
      ['o', 'k'],
    );
    assert.ok(retries[0]?.error instanceof StreamInterruptedError, String(retries[0]?.error));
    assert.ok(retries[1]?.error instanceof ServerError, String(retries[1]?.error));
    assert.equal(fake().requests.length, 3);
    assert.deepEqual(chat.getHistory().length, 3);
  });

  it('reports an empty stream as truncated once the attempts are spent', async () => {
    fake().enqueue(sseRaw([]), sseRaw([]), sseRaw([]));
    const client = clientFor(fake());
    const err = await rejectionOf(drain(await client.models.generateContentStream({ model: 'gemini-test', contents: 'hi' })));
    assert.ok(err instanceof StreamInterruptedError, String(err));
    assert.equal(err.reason, 'truncated');
    assert.equal(fake().requests.length, 3);
  });
});
