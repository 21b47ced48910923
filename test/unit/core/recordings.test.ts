// The official SDK's recorded chats, replayed: for every multi-turn recording, the request bodies our
// session sends (history, config split, one model entry per streamed chunk) equal the recorded ones,
// and the URLs and credentials have the recorded shape.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, loadRecording, replay, type Recording } from '../../support/fakeGemini';
import { ApiError, ClientError, type Content, type Part } from '../../../src/core';
import { bodyOf, clientForRecording, configOf, drain, isVertexRecording, rejectionOf, withFakeGemini } from './helpers';

const ALL = readdirSync(path.join(FIXTURES, 'sdk-recordings')).filter((f) => f.endsWith('.json'));
// Automatic function calling makes requests the test does not send itself: see functionCalling.test.ts.
const AFC = (name: string): boolean => name.startsWith('AFC_') || name.includes('automatic_function_calling');

function modelOf(rec: Recording): string {
  const m = /models\/([^:/]+):/.exec(rec.interactions[0]?.request.url ?? '');
  assert.ok(m?.[1]);
  return m[1];
}

describe('sdk recordings replayed through ChatSession', () => {
  const { fake } = withFakeGemini();

  for (const file of ALL.filter((f) => !AFC(f))) {
    it(`sends what the SDK sent: ${file}`, async () => {
      const rec = loadRecording(file);
      const first = bodyOf(rec.interactions[0]);
      const client = clientForRecording(fake(), rec);
      const chat = client.chats.create({
        model: modelOf(rec),
        config: configOf(first),
        history: first.contents.slice(0, -1),
      });
      for (const interaction of rec.interactions) {
        fake().enqueue(replay(interaction));
        const sent = bodyOf(interaction).contents.at(-1) as Content;
        const message = sent.parts as Part[];
        const streamed = interaction.request.url.includes('streamGenerateContent');
        if (interaction.response.statusCode !== 200) {
          const err = await rejectionOf(streamed ? chat.sendMessageStream({ message }) : chat.sendMessage({ message }));
          assert.ok(err instanceof ClientError, String(err));
          const body = interaction.response.bodySegments[0] as { error: { code: number; status: string; message: string } };
          assert.equal((err as ApiError).status, body.error.code);
          assert.equal((err as ApiError).apiStatus, body.error.status);
          assert.equal(err.message, body.error.message);
          assert.equal((err as ApiError).retryable, false);
          assert.deepEqual(chat.getHistory(), first.contents.slice(0, -1), 'a failed turn leaves history unchanged');
          continue;
        }
        if (streamed) await drain(await chat.sendMessageStream({ message }));
        else await chat.sendMessage({ message });
      }
      const requests = fake().requests;
      assert.equal(requests.length, rec.interactions.length);
      rec.interactions.forEach((interaction, i) => {
        const req = requests[i];
        assert.ok(req);
        assert.equal(req.url, interaction.request.url, `URL of request ${i}`);
        assert.deepEqual(req.json, bodyOf(interaction), `body of request ${i}`);
        assert.ok(!req.url.includes('key='), 'the key never goes in the URL');
        if (isVertexRecording(rec)) {
          assert.equal(req.headers.authorization, 'Bearer vertex-token');
          assert.equal(req.headers['x-goog-api-key'], undefined);
        } else {
          assert.equal(req.headers['x-goog-api-key'], 'test-key');
        }
      });
      await client.close();
    });
  }
});
