// Gemini's error answers in each of their forms, as the caller sees them: the
// right class, HTTP status, status word, message and retryability, and a session left usable.
import { strict as assert } from 'node:assert';
import { apiError, apiErrorBody, json, sse, sseRaw, type Responder } from '../../support/fakeGemini';
import { ApiError, ClientError, ServerError } from '../../../src/core';
import { clientFor, drain, rejectionOf, textChunk, textsUntilError, withFakeGemini } from './helpers';

const NOT_FOUND = apiErrorBody(404, 'NOT_FOUND', 'models/nope is not found for API version v1beta');

function raw(status: number, contentType: string, body: string): Responder {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  };
}

describe('API error forms', () => {
  const { fake } = withFakeGemini();

  const forms: { label: string; responder: Responder; status: number; apiStatus?: string; message: RegExp; cls: typeof ApiError }[] = [
    {
      label: 'a JSON body',
      responder: apiError(403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers.'),
      status: 403,
      apiStatus: 'PERMISSION_DENIED',
      message: /unregistered callers/,
      cls: ClientError,
    },
    {
      label: 'JSON under Content-Type text/event-stream',
      responder: raw(404, 'text/event-stream', JSON.stringify(NOT_FOUND)),
      status: 404,
      apiStatus: 'NOT_FOUND',
      message: /models\/nope is not found/,
      cls: ClientError,
    },
    {
      label: 'an SSE-framed body',
      responder: raw(404, 'text/event-stream', `data: ${JSON.stringify(NOT_FOUND)}\r\n\r\n`),
      status: 404,
      apiStatus: 'NOT_FOUND',
      message: /models\/nope is not found/,
      cls: ClientError,
    },
    {
      label: 'a one-element array (Vertex)',
      responder: apiError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.', { arrayWrapped: true }),
      status: 400,
      apiStatus: 'INVALID_ARGUMENT',
      message: /Invalid JSON payload/,
      cls: ClientError,
    },
    {
      label: 'a web page (a proxy\'s): its words, not its markup',
      responder: raw(418, 'text/html', '<html><head><style>h1 { color: red }</style></head><body><h1>I am a teapot</h1></body></html>'),
      status: 418,
      message: /^Gemini API answered HTTP 418 with a web page \("I am a teapot"\): a gateway or proxy/,
      cls: ClientError,
    },
    {
      label: 'a web page with a title (Google\'s front end)',
      responder: raw(404, 'text/html', '<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title><style>*{margin:0}</style><p><b>404.</b> <ins>That’s an error.</ins>'),
      status: 404,
      message: /HTTP 404 with a web page \("Error 404 \(Not Found\)!!1"\)/,
      cls: ClientError,
    },
    {
      label: 'a body of plain text',
      responder: raw(418, 'text/plain', 'I am a teapot'),
      status: 418,
      message: /^Gemini API answered HTTP 418: I am a teapot$/,
      cls: ClientError,
    },
  ];

  for (const f of forms) {
    for (const mode of ['unary', 'stream'] as const) {
      it(`reads ${f.label} (${mode})`, async () => {
        fake().enqueue(f.responder);
        const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
        const err = await rejectionOf(mode === 'unary' ? chat.sendMessage('hi') : chat.sendMessageStream('hi'));
        assert.ok(err instanceof f.cls, `${err.name}: ${err.message}`);
        const apiErr = err as ApiError;
        assert.equal(apiErr.status, f.status);
        assert.equal(apiErr.apiStatus, f.apiStatus);
        assert.match(apiErr.message, f.message);
        assert.equal(apiErr.retryable, false);
        assert.equal(fake().requests.length, 1, 'a 4xx is not retried');
        assert.deepEqual(chat.getHistory(), []);
      });
    }
  }

  it('throws an error event inside a 200 stream from the iterator, after the chunks before it', async () => {
    const error = apiErrorBody(500, 'INTERNAL', 'An internal error has occurred.');
    fake().enqueue(sse([textChunk('Hel'), error]), json(textChunk('again', 'STOP')));
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    const stream = await chat.sendMessageStream('hi');
    const { seen, err } = await textsUntilError(stream);
    assert.deepEqual(seen, ['Hel']);
    assert.ok(err instanceof ServerError);
    assert.equal(err.status, 500);
    assert.equal(err.apiStatus, 'INTERNAL');
    assert.equal(fake().requests.length, 1, 'never retried once a chunk was handed out');
    assert.deepEqual(chat.getHistory(), []);
    // The session is still usable.
    assert.equal((await chat.sendMessage('hi')).text, 'again');
    assert.equal(chat.getHistory().length, 2);
  });

  it('hands out the chunks that arrived in the same read as an error event before throwing it', async () => {
    const events = [textChunk('one'), textChunk('two'), apiErrorBody(500, 'INTERNAL', 'late failure'), textChunk('never')];
    fake().enqueue(sseRaw([events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join('')]));
    const stream = await clientFor(fake()).models.generateContentStream({ model: 'gemini-test', contents: 'hi' });
    const { seen, err } = await textsUntilError(stream);
    assert.deepEqual(seen, ['one', 'two']);
    assert.ok(err instanceof ServerError);
    assert.equal(err.message, 'late failure');
  });

  it('throws an error written as a bare JSON line into a 200 stream', async () => {
    const line = JSON.stringify(apiErrorBody(503, 'UNAVAILABLE', 'The model is overloaded.'));
    fake().enqueue(sseRaw([`data: ${JSON.stringify(textChunk('a'))}\r\n\r\n`, `${line}\n`]));
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    const err = await rejectionOf(drain(await chat.sendMessageStream('hi')));
    assert.ok(err instanceof ServerError);
    assert.equal(err.apiStatus, 'UNAVAILABLE');
    assert.equal(err.message, 'The model is overloaded.');
    assert.equal(err.retryable, true);
  });

  it('reads an error object in a 200 unary body', async () => {
    fake().enqueue(json(apiErrorBody(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.')));
    const client = clientFor(fake());
    const err = await rejectionOf(client.models.generateContent({ model: 'gemini-test', contents: 'hi' }));
    assert.ok(err instanceof ClientError);
    assert.equal(err.apiStatus, 'FAILED_PRECONDITION');
    assert.match(err.message, /User location is not supported/);
  });

  it('marks a per-day quota as final: not retried, and says so', async () => {
    const details = [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.002s' },
    ];
    fake().enqueue(apiError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota.', { details }));
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    const err = await rejectionOf(chat.sendMessage('hi'));
    assert.ok(err instanceof ClientError);
    assert.equal(err.status, 429);
    assert.equal(err.retryable, false);
    assert.match(err.message, /per-day quota/);
    assert.equal(fake().requests.length, 1);
  });
});
