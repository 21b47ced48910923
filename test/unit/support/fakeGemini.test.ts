import { strict as assert } from 'node:assert';
import { FakeGemini, sse, rawFixture, loadRecording } from '../../support/fakeGemini';

describe('fakeGemini (the loopback test server)', () => {
  let fake: FakeGemini;
  before(async () => (fake = await FakeGemini.start()));
  after(() => fake.close());

  it('serves scripted SSE events and records the request body', async () => {
    fake.enqueue(sse([{ candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }] }]));
    const res = await fetch(`${fake.baseUrl}/v1beta/models/m:streamGenerateContent?alt=sse`, { method: 'POST', body: '{"contents":[]}' });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    assert.match(await res.text(), /^data: \{"candidates".*\r\n\r\n$/);
    assert.deepEqual(fake.requests[0]?.json, { contents: [] });
  });

  it('reads the fixtures', () => {
    assert.match(rawFixture('streaming-success-basic-reply-short.txt').toString(), /^data: /);
    assert.ok(loadRecording('Chats_Tests_sendMessage_Google_AI_with_text').interactions.length > 0);
  });
});
