// The client's own calls and wiring: credentials (API key header, Vertex Bearer token asked again once
// after a 401), the Vertex URL, keep-alive, countTokens and the paged model list.
import { strict as assert } from 'node:assert';
import { apiError, json, sse } from '../../support/fakeGemini';
import { ClientError, GeminiClient, MissingCredentialsError, InvalidInputError } from '../../../src/core';
import { vertexBaseUrl } from '../../../src/core/endpoints';
import { clientFor, drain, rejectionOf, textChunk, withFakeGemini } from './helpers';

describe('GeminiClient', () => {
  const { fake } = withFakeGemini();

  it('sends the key in x-goog-api-key only, with a JSON body', async () => {
    fake().enqueue(json(textChunk('ok', 'STOP')));
    await clientFor(fake()).models.generateContent({ model: 'gemini-2.0-flash', contents: 'hi' });
    const req = fake().requests[0];
    assert.equal(req?.url, '/v1beta/models/gemini-2.0-flash:generateContent');
    assert.equal(req?.headers['x-goog-api-key'], 'test-key');
    assert.equal(req?.headers.authorization, undefined);
    assert.match(String(req?.headers['content-type']), /^application\/json/);
    assert.deepEqual(req?.json, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: {} });
  });

  it('refuses to send anything without a credential', async () => {
    const client = new GeminiClient({ baseUrl: fake().baseUrl });
    const err = await rejectionOf(client.models.generateContent({ model: 'gemini-test', contents: 'hi' }));
    assert.ok(err instanceof MissingCredentialsError);
    assert.equal(fake().requests.length, 0);
  });

  it('a key copied with a curly quote or an invisible character: nothing is sent, and the error says which character', async () => {
    for (const [key, said] of [
      ['“AIzaSyTestKey0000000000000000000000000”', 'the character “ (U+201C) at position 1'],
      ['AIzaSyTestKey0000000000000000000000000\u200b', 'an invisible character (U+200B) at position 39'],
    ] as const) {
      const client = new GeminiClient({ apiKey: key, baseUrl: fake().baseUrl, retry: { maxAttempts: 1 } });
      const err = await rejectionOf(client.models.generateContent({ model: 'gemini-test', contents: 'hi' }));
      assert.ok(err instanceof MissingCredentialsError, String(err));
      assert.equal(err.message, `The API key has ${said}, which no API key has (it came with the key when it was copied). Set the key again.`);
    }
    assert.equal(fake().requests.length, 0);
  });

  it('refuses an API version that is not one', () => {
    assert.throws(() => new GeminiClient({ apiKey: 'k', apiVersion: 'v1beta/../../x' }), InvalidInputError);
    assert.doesNotThrow(() => new GeminiClient({ apiKey: 'k', apiVersion: 'v1alpha' }));
  });

  it('reuses connections (keep-alive): five turns open fewer than five', async () => {
    for (let i = 0; i < 5; i++) fake().enqueue(sse([textChunk(`${i}`, 'STOP')]));
    const chat = clientFor(fake()).chats.create({ model: 'gemini-test' });
    for (let i = 0; i < 5; i++) await drain(await chat.sendMessageStream(`turn ${i}`));
    assert.equal(fake().requests.length, 5);
    assert.ok(fake().connections < 5, `${fake().connections} connections for 5 requests`);
  });

  describe('Vertex AI', () => {
    const vertex = (getAccessToken: (o?: { forceRefresh?: boolean }) => Promise<string>) =>
      new GeminiClient({ vertexai: true, project: 'my-proj', location: 'europe-west4', baseUrl: fake().baseUrl, getAccessToken, retry: { maxAttempts: 1 } });

    it('uses the Vertex URL and a Bearer token', async () => {
      fake().enqueue(sse([textChunk('ok', 'STOP')]));
      await drain(await vertex(async () => 'tok-1').models.generateContentStream({ model: 'gemini-2.0-flash', contents: 'hi' }));
      const req = fake().requests[0];
      assert.equal(req?.url, '/v1/projects/my-proj/locations/europe-west4/publishers/google/models/gemini-2.0-flash:streamGenerateContent?alt=sse');
      assert.equal(req?.headers.authorization, 'Bearer tok-1');
      assert.equal(req?.headers['x-goog-api-key'], undefined);
    });

    it('derives the host from the location', () => {
      assert.equal(vertexBaseUrl('us-central1'), 'https://us-central1-aiplatform.googleapis.com');
      assert.equal(vertexBaseUrl('global'), 'https://aiplatform.googleapis.com');
      assert.throws(() => new GeminiClient({ vertexai: true, project: 'p/../x', getAccessToken: async () => 't' }), InvalidInputError);
    });

    it('asks for a fresh token once after a 401 and sends the request again', async () => {
      fake().enqueue(apiError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'), json(textChunk('ok', 'STOP')));
      const asked: (boolean | undefined)[] = [];
      const client = vertex(async (o) => {
        asked.push(o?.forceRefresh);
        return o?.forceRefresh ? 'fresh' : 'stale';
      });
      const response = await client.models.generateContent({ model: 'gemini-2.0-flash', contents: 'hi' });
      assert.equal(response.text, 'ok');
      assert.deepEqual(asked, [undefined, true]);
      assert.deepEqual(
        fake().requests.map((r) => r.headers.authorization),
        ['Bearer stale', 'Bearer fresh'],
      );
    });

    it('gives up after the second 401', async () => {
      fake().enqueue(apiError(401, 'UNAUTHENTICATED', 'no'), apiError(401, 'UNAUTHENTICATED', 'still no'), json(textChunk('never', 'STOP')));
      const err = await rejectionOf(vertex(async () => 'tok').models.generateContent({ model: 'gemini-2.0-flash', contents: 'hi' }));
      assert.ok(err instanceof ClientError);
      assert.equal(err.status, 401);
      assert.equal(err.message, 'still no');
      assert.equal(fake().requests.length, 2);
    });
  });

  describe('countTokens', () => {
    it('sends {contents} alone when there is no config', async () => {
      fake().enqueue(json({ totalTokens: 12 }));
      const r = await clientFor(fake()).models.countTokens({ model: 'gemini-test', contents: 'hello there' });
      assert.equal(r.totalTokens, 12);
      assert.equal(fake().requests[0]?.url, '/v1beta/models/gemini-test:countTokens');
      assert.deepEqual(fake().requests[0]?.json, { contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] });
    });

    it('wraps a request with a system instruction in generateContentRequest', async () => {
      fake().enqueue(json({ totalTokens: 30 }));
      const contents = [
        { role: 'user', parts: [{ text: 'a' }] },
        { role: 'model', parts: [{ text: 'b' }] },
      ];
      const r = await clientFor(fake()).models.countTokens({ model: 'gemini-test', contents, config: { systemInstruction: 'S', temperature: 1 } });
      assert.equal(r.totalTokens, 30);
      assert.deepEqual(fake().requests[0]?.json, {
        generateContentRequest: {
          model: 'models/gemini-test',
          contents,
          systemInstruction: { parts: [{ text: 'S' }] },
          generationConfig: { temperature: 1 },
        },
      });
    });
  });

  it('lists every model, following the pages', async () => {
    fake().route(
      (r) => r.method === 'GET' && r.url.startsWith('/v1beta/models?'),
      (req, res) => {
        const token = new URL(req.url, 'http://x').searchParams.get('pageToken');
        const page =
          token === null
            ? { models: [{ name: 'models/a' }, { name: 'models/b' }], nextPageToken: 'p2' }
            : token === 'p2'
              ? { models: [{ name: 'models/c', supportedGenerationMethods: ['generateContent'] }] }
              : { error: { code: 400, message: 'bad token', status: 'INVALID_ARGUMENT' } };
        json(page)(req, res);
      },
    );
    const models = await clientFor(fake()).models.list();
    assert.deepEqual(
      models.map((m) => m.name),
      ['models/a', 'models/b', 'models/c'],
    );
    assert.equal(fake().requests.length, 2);
    assert.match(fake().requests[1]?.url ?? '', /pageToken=p2/);
  });
});
