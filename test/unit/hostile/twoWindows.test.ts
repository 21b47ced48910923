// Issue 7, "Two VS Code windows on the same workspace both adding turns: no turn lost", at the
// controller level: two ChatControllers (two windows: each its own workspaceState and its own store
// instance) on one storage folder, both sending into the same chat at the same time, replies streaming
// with checkpoints. Afterwards the file holds every turn of both, each once, and a third window
// opening the chat sees them all. The same in two real editor windows is in test/e2e/hostileEditor.e2e.ts.
import assert from 'node:assert/strict';
import { FakeGemini, sse } from '../../support/fakeGemini';
import { harness, textChunk } from '../host/controllerHarness';
import { makeStore, tempDir } from '../store/storeHarness';
import { recordFigures } from '../../hostile/figures';

const TURNS_EACH = 12;

describe('hostile: two windows adding turns to one chat', function () {
  this.timeout(60_000);

  it(`loses no turn when both send ${TURNS_EACH} messages at the same time`, async () => {
    const fake = await FakeGemini.start();
    fake.route(
      (r) => /:streamGenerateContent/.test(r.url),
      sse([textChunk('part one, '), textChunk('part two, '), textChunk('done.', 'STOP')], { delayMs: 7 }),
    );
    const { dir, cleanup } = tempDir();
    try {
      const a = harness(fake, dir, { ports: { checkpointIntervalMs: 5 } });
      await a.controller.init();
      await a.controller.send('opening message from A');
      const chatId = a.controller.activeChatId!;
      const b = harness(fake, dir, { ports: { checkpointIntervalMs: 5 } });
      await b.controller.init();
      assert.ok(await b.controller.switchTo(chatId), 'window B opens the chat window A made');

      const run = async (name: string, h: typeof a): Promise<void> => {
        for (let i = 0; i < TURNS_EACH; i++) {
          await h.controller.send(`${name} turn ${i}`);
          // Uneven pacing, so the two windows' reads and writes interleave differently each turn.
          await new Promise((r) => setTimeout(r, (i * 7) % 11));
        }
      };
      await Promise.all([run('A', a), run('B', b)]);
      await Promise.all([a.controller.dispose(), b.controller.dispose()]);

      const { store, damaged } = makeStore(dir);
      await store.reconcile();
      const chat = await store.load(chatId);
      assert.ok(chat);
      const texts = chat.exchanges.map((e) => e.text);
      const expected = ['opening message from A', ...['A', 'B'].flatMap((n) => Array.from({ length: TURNS_EACH }, (_, i) => `${n} turn ${i}`))];
      const lost = expected.filter((t) => !texts.includes(t));
      const doubled = texts.filter((t, i) => texts.indexOf(t) !== i);
      assert.deepEqual(lost, [], 'turns lost');
      assert.deepEqual(doubled, [], 'turns doubled');
      assert.deepEqual(damaged, []);
      assert.deepEqual(chat.exchanges.filter((e) => e.status !== "complete").map((e) => [e.text, e.status]), [], "every turn is complete");
      recordFigures('windowsUnit', {
        what: 'Two controllers (two windows, separate state and store instances) on one storage folder sending into one chat at once, with checkpoints every 5 ms.',
        figures: { 'turns added': expected.length, 'turns on disk afterwards': texts.length, 'turns lost': lost.length, 'turns doubled': doubled.length },
      });
    } finally {
      await fake.close();
      cleanup();
    }
  });
});
