// Issue 7, "After a full session with a known API key": a session through the real ChatController,
// engine and store (replies, a retry after 429, a refused key, a stop, a dropped stream and its Retry,
// a rewind, a second chat, Markdown and JSON exports written to disk), then a search for the key in
// every file written, every log line (before any redaction), every message posted to the webview, the
// workspace state, the exports, and every request URL. The key must travel in the x-goog-api-key
// header and nowhere else.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GeminiClient } from '../../../src/core';
import { chatToMarkdown } from '../../../src/core/export/markdownExport';
import { chatToJson } from '../../../src/core/export/chatJson';
import { FakeGemini, apiError, sse, sseRaw } from '../../support/fakeGemini';
import { FAST_RETRY, harness, textChunk } from '../host/controllerHarness';
import { tempDir } from '../store/storeHarness';
import { filesContaining, listFilesUnder } from '../../hostile/fileTree';
import { recordFigures } from '../../hostile/figures';

/** Shaped like a real Gemini key, so a leak would also be one a pattern-based redactor should catch. */
const KEY = 'AIzaSyHostileTestKey_0123456789abcdefXYZ';

describe('hostile: the API key after a full session', function () {
  this.timeout(60_000);

  it('is in no file, log line, webview message, state value, export or request URL', async () => {
    const fake = await FakeGemini.start();
    const { dir: root, cleanup } = tempDir();
    try {
      const storage = path.join(root, 'storage');
      const exports = path.join(root, 'exports');
      mkdirSync(exports, { recursive: true });
      const logLines: string[] = [];
      const log = { info: (m: string) => logLines.push(m), warn: (m: string) => logLines.push(m), error: (m: string) => logLines.push(m) };
      const client = new GeminiClient({ apiKey: KEY, baseUrl: fake.baseUrl, retry: FAST_RETRY, timeouts: { idleMs: 300 } });
      const h = harness(fake, storage, { ports: { getClient: () => Promise.resolve(client), log } });
      await h.controller.init();

      fake.enqueue(sse([textChunk('First '), textChunk('answer.', 'STOP')]));
      await h.controller.send('first question');
      fake.enqueue(
        apiError(429, 'RESOURCE_EXHAUSTED', 'Slow down.', { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.01s' }] }),
        sse([textChunk('Second answer.', 'STOP')]),
      );
      await h.controller.send('second question');
      fake.enqueue(apiError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', { details: [{ reason: 'API_KEY_INVALID' }] }));
      await h.controller.send('third question');
      fake.enqueue(sseRaw([`data: ${JSON.stringify(textChunk('cut'))}\r\n\r\n`], { end: 'hang' }));
      await h.controller.send('fourth question');
      fake.enqueue(sse([textChunk('Retried answer.', 'STOP')]));
      await h.controller.retry(h.controller.activeChat().exchanges.at(-1)!.id);
      fake.enqueue(sseRaw([`data: ${JSON.stringify(textChunk('stopping'))}\r\n\r\n`], { end: 'hang' }));
      const chunk = h.next('turn/chunk', h.posts.length);
      const sending = h.controller.send('fifth question');
      await chunk;
      h.controller.stop();
      await sending;
      await h.controller.rewindLast();
      const first = h.controller.activeChat();
      await h.controller.newChat();
      fake.enqueue(sse([textChunk('Another chat.', 'STOP')]));
      await h.controller.send('in another chat');
      await h.controller.switchTo(first.id);
      h.controller.postSnapshot();

      const chat = h.controller.activeChat();
      const md = await chatToMarkdown(chat, { assetsDir: 'assets', exportedAt: Date.now() });
      writeFileSync(path.join(exports, 'chat.md'), md.markdown);
      writeFileSync(path.join(exports, 'chat.json'), JSON.stringify(chatToJson(chat, Date.now())));
      await h.controller.dispose();

      const generate = fake.generateRequests;
      assert.ok(generate.length >= 7, 'the session made its requests');
      const inHeader = generate.filter((r) => r.headers['x-goog-api-key'] === KEY).length;
      assert.equal(inHeader, generate.length, 'every request carried the key in its header (so the search below means something)');

      const leaks = {
        'files written by the extension': filesContaining([storage], KEY).map((f) => path.relative(root, f)),
        exports: filesContaining([exports], KEY).map((f) => path.relative(root, f)),
        'log lines': logLines.filter((l) => l.includes(KEY)),
        'webview messages': h.posts.filter((p) => JSON.stringify(p).includes(KEY)).map((p) => p.type),
        'workspace state': [...h.state.values].filter(([, v]) => v.includes(KEY)).map(([k]) => k),
        'request URLs with key=': fake.requests.filter((r) => /[?&]key=/i.test(r.url) || r.url.includes(KEY)).map((r) => r.url),
      };
      for (const [where, hits] of Object.entries(leaks)) assert.deepEqual(hits, [], `the key leaked into ${where}`);

      recordFigures('keyLeakUnit', {
        what:
          'A full session (replies, 429 retry, refused key, dropped stream + Retry, Stop, rewind, two chats, Markdown and JSON exports) through the real controller, engine and store with a known key.',
        figures: {
          requests: fake.requests.length,
          'requests carrying the key in x-goog-api-key': inHeader,
          'files written and searched': listFilesUnder(storage).length + listFilesUnder(exports).length,
          'log lines searched': logLines.length,
          'webview messages searched': h.posts.length,
          'leaks found': Object.values(leaks).reduce((n, hits) => n + hits.length, 0),
        },
      });
    } finally {
      await fake.close();
      cleanup();
    }
  });
});
