// Two windows on one workspace share the storage folder but each keeps its own index: a chat the other
// window starts must show up in this window's chat list (Switch Chat, Search Chats) without a reload.
import assert from 'node:assert/strict';
import { type FakeGemini, sse } from '../../support/fakeGemini';
import { eachTestFakeAndFolder, harness, textChunk } from './controllerHarness';

describe('chats started in another window', () => {
  let fake: FakeGemini;
  let dir: string;
  eachTestFakeAndFolder((f, d) => {
    fake = f;
    dir = d;
  });

  it('are listed after refreshChats, and the view is sent the new list', async () => {
    fake.enqueue(sse([textChunk('A1', 'STOP')]));
    const w1 = harness(fake, dir);
    const w2 = harness(fake, dir); // its own workspaceState, the same storage folder
    await w1.controller.init();
    await w2.controller.init();
    await w1.controller.send('started in window one');
    const id = w1.controller.activeChat().id;
    assert.deepEqual(w2.store.list(), [], 'window two has not looked yet');

    const from = w2.posts.length;
    await w2.controller.refreshChats();

    assert.deepEqual(w2.store.list().map((c) => c.id), [id]);
    const snapshot = await w2.next('state/snapshot', from);
    assert.deepEqual(snapshot.snapshot.chats.map((c) => c.id), [id]);
    assert.equal(await w2.controller.switchTo(id), true);
    assert.deepEqual(w2.controller.activeChat().exchanges.map((e) => e.text), ['started in window one']);
  });

  it('a refresh that finds nothing new posts nothing', async () => {
    const w = harness(fake, dir);
    await w.controller.init();
    const before = w.posts.length;
    await w.controller.refreshChats();
    assert.equal(w.posts.length, before);
  });
});
