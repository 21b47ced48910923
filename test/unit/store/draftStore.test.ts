import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DraftStore } from '../../../src/core/store/draftStore';
import { NodeFileStore } from '../../../src/core/store/nodeFileStore';
import { tempDir } from './storeHarness';

describe('DraftStore', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  const reopen = async (): Promise<DraftStore> => {
    const drafts = new DraftStore(new NodeFileStore(dir));
    await drafts.load();
    return drafts;
  };

  it('keeps each chat\'s text on disk as typed: a store opened later reads the last text of each', async () => {
    const drafts = await reopen();
    for (const [i, text] of ['H', 'He', 'Hel', 'Hello'].entries()) drafts.set('chat-a', text, 100 + i);
    drafts.set('chat-b', 'Other', 200);
    await drafts.flush();
    const again = await reopen();
    assert.deepEqual(again.get('chat-a'), { text: 'Hello', at: 103 });
    assert.deepEqual(again.get('chat-b'), { text: 'Other', at: 200 });
  });

  it('an emptied draft is kept as empty with its time; an older write than the one kept changes nothing', async () => {
    const drafts = await reopen();
    drafts.set('chat-a', 'Question one', 100);
    drafts.set('chat-a', '', 150);
    drafts.set('chat-a', 'late copy of something older', 120);
    await drafts.flush();
    assert.deepEqual((await reopen()).get('chat-a'), { text: '', at: 150 });
  });

  it('keeps the 50 drafts typed most recently, and forgets a deleted chat\'s', async () => {
    const drafts = await reopen();
    for (let i = 0; i < 60; i++) drafts.set(`chat-${i}`, `text ${i}`, i);
    drafts.delete('chat-59');
    await drafts.flush();
    const again = await reopen();
    assert.equal(again.get('chat-9'), undefined, 'an old draft went');
    assert.deepEqual(again.get('chat-10'), { text: 'text 10', at: 10 });
    assert.equal(again.get('chat-59'), undefined, 'deleted');
    assert.ok(Object.keys(JSON.parse(readFileSync(path.join(dir, 'drafts.json'), 'utf8')) as object).length <= 50);
  });

  it('two windows on one workspace: neither window\'s writes drop what was typed in the other', async () => {
    const windowA = await reopen();
    const windowB = await reopen();
    windowA.set('chat-a', 'typed in A', 100);
    await windowA.flush();
    windowB.set('chat-b', 'typed in B', 200);
    await windowB.flush();
    windowB.set('chat-a', 'typed later in B', 300);
    await windowB.flush();
    windowA.set('chat-c', 'more in A', 400);
    await windowA.flush();
    const again = await reopen();
    assert.deepEqual(again.get('chat-a'), { text: 'typed later in B', at: 300 });
    assert.deepEqual(again.get('chat-b'), { text: 'typed in B', at: 200 });
    assert.deepEqual(again.get('chat-c'), { text: 'more in A', at: 400 });
  });

  it('two windows writing at the same moment: neither window\'s draft is lost (read, merge and write under one lock)', async () => {
    // Window A reads the file, then is held (before its write) until window B has had its chance to write.
    let letAReadOn!: () => void;
    const aMayRead = new Promise<void>((resolve) => (letAReadOn = resolve));
    let aReading!: () => void;
    const aIsReading = new Promise<void>((resolve) => (aReading = resolve));
    const files = new NodeFileStore(dir);
    const slowFiles = Object.assign(Object.create(files) as NodeFileStore, {
      read: async (name: string) => {
        const bytes = await files.read(name);
        aReading();
        await aMayRead;
        return bytes;
      },
    });
    const windowA = new DraftStore(slowFiles);
    const windowB = await reopen();
    windowA.set('chat-a', 'typed in A', 100);
    await aIsReading;
    windowB.set('chat-b', 'typed in B', 200);
    const bDone = windowB.flush();
    await Promise.race([bDone, new Promise((r) => setTimeout(r, 300))]);
    letAReadOn();
    await Promise.all([windowA.flush(), bDone]);
    const again = await reopen();
    assert.deepEqual(again.get('chat-a'), { text: 'typed in A', at: 100 });
    assert.deepEqual(again.get('chat-b'), { text: 'typed in B', at: 200 });
  });

  it('two windows: a draft one window forgot (sent as a new chat\'s first message) is not brought back by the other', async () => {
    const first = await reopen();
    first.set('(new chat)', 'Question sent long ago', 50);
    await first.flush();
    const windowA = await reopen();
    const windowB = await reopen();
    windowA.delete('(new chat)');
    await windowA.flush();
    windowB.set('chat-b', 'typed in B', 200);
    await windowB.flush();
    const again = await reopen();
    assert.equal(again.get('(new chat)'), undefined);
    assert.deepEqual(again.get('chat-b'), { text: 'typed in B', at: 200 });
    // Text typed afterwards for the same key is a new draft, kept as usual.
    windowB.set('(new chat)', 'A new question', 300);
    await windowB.flush();
    assert.deepEqual((await reopen()).get('(new chat)'), { text: 'A new question', at: 300 });
  });

  it('a damaged file is an empty list, said in the log, and is replaced by the next write', async () => {
    writeFileSync(path.join(dir, 'drafts.json'), '{"chat-a": {"text": 1}, "chat-b": {"text": "ok", "at": 5}, "x": null');
    const logged: string[] = [];
    const drafts = new DraftStore(new NodeFileStore(dir), (m) => logged.push(m));
    await drafts.load();
    assert.equal(drafts.get('chat-b'), undefined);
    assert.match(logged.join('\n'), /drafts\.json unreadable/);
    drafts.set('chat-c', 'fresh', 1);
    await drafts.flush();
    assert.deepEqual((await reopen()).get('chat-c'), { text: 'fresh', at: 1 });
    writeFileSync(path.join(dir, 'drafts.json'), '{"chat-a": {"text": 1}, "chat-b": {"text": "ok", "at": 5}}');
    const mixed = await reopen();
    assert.equal(mixed.get('chat-a'), undefined, 'an entry of the wrong shape is skipped');
    assert.deepEqual(mixed.get('chat-b'), { text: 'ok', at: 5 });
  });
});
