// A chat kept as a log of JSON lines: a save appends what changed, a kill's torn last line is ignored,
// two windows append to one file, a compaction keeps everything, the one-file form still loads.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chat, exchange, makeStore, MemoryState, tempDir } from './storeHarness';
import type { ChatRecord } from '../../../src/core/transcript';

describe('ChatStore: chat logs', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  const logOf = (id: string): string => path.join(dir, 'chats', `${id}.jsonl`);
  const linesOf = (id: string): string[] => readFileSync(logOf(id), 'utf8').split('\n').filter(Boolean);
  /** What a new window (empty workspace state) finds and loads. */
  const freshLoad = async (id: string) => {
    const w = makeStore(dir, new MemoryState());
    await w.store.reconcile();
    return { chat: await w.store.load(id), damaged: w.damaged, list: w.store.list() };
  };

  it('appends only the new exchange when a turn is added to a long chat', async () => {
    const { store } = makeStore(dir);
    const c = chat('long', Array.from({ length: 50 }, (_, i) => exchange(`question ${i}`, 'answer '.repeat(100))));
    await store.save(c);
    const before = readFileSync(logOf('long'));
    const added = exchange('one more', 'answer '.repeat(100));
    c.exchanges.push(added);
    c.updatedAt = 3;
    await store.save(c);
    const after = readFileSync(logOf('long'));
    assert.ok(after.subarray(0, before.length).equals(before), 'the bytes already there are unchanged');
    const appended = after.subarray(before.length).toString('utf8').split('\n').filter(Boolean);
    assert.deepEqual(appended.map((l) => (JSON.parse(l) as { t: string }).t), ['x', 'meta']);
    assert.ok(appended[0]!.includes(added.id));
    assert.deepEqual((await freshLoad('long')).chat, c);
  });

  it('writes an exchange changed in place again once its rev is raised', async () => {
    const { store } = makeStore(dir);
    const earlier = exchange('earlier', 'e');
    const e = exchange('q', 'first part', { status: 'streaming', rev: 1 });
    const c = chat('inplace', [earlier, e]);
    await store.save(c);
    e.model[0]!.parts[0]!.text = 'first part and the rest';
    e.status = 'complete';
    e.rev = 2;
    await store.save(c);
    const loaded = (await freshLoad('inplace')).chat!;
    assert.equal(loaded.exchanges[1]!.model[0]!.parts[0]!.text, 'first part and the rest');
    assert.equal(loaded.exchanges[1]!.status, 'complete');
  });

  it('ignores a torn last line left by a kill, and the next save removes it', async () => {
    const { store } = makeStore(dir);
    const c = chat('torn', [exchange('kept', 'k')]);
    await store.save(c);
    // A kill in the middle of appending the next exchange: half a line, no newline.
    const line = JSON.stringify({ t: 'x', e: exchange('in flight', 'cut short') });
    appendFileSync(logOf('torn'), line.slice(0, line.length / 2));

    const again = makeStore(dir, new MemoryState());
    await again.store.reconcile();
    const loaded = (await again.store.load('torn'))!;
    assert.deepEqual(again.damaged, []);
    assert.deepEqual(loaded.exchanges.map((e) => e.text), ['kept']);

    loaded.exchanges.push(exchange('after the kill', 'a'));
    await again.store.save(loaded);
    assert.ok(readFileSync(logOf('torn'), 'utf8').endsWith('\n'), 'no torn bytes left');
    const final = await freshLoad('torn');
    assert.deepEqual(final.damaged, []);
    assert.deepEqual(final.chat!.exchanges.map((e) => e.text), ['kept', 'after the kill']);
  });

  it('loses no turn when two windows append to one chat in turn and at once', async () => {
    const w1 = makeStore(dir);
    const w2 = makeStore(dir, new MemoryState());
    await w1.store.save(chat('both', [exchange('start', 's')]));
    let mine1 = (await w1.store.load('both'))!;
    let mine2 = (await w2.store.load('both'))!;
    // Each keeps what save returns, as the controller does (taking in the other window's turns).
    const turn = async (w: typeof w1, mine: ChatRecord, text: string) => {
      mine.exchanges.push(exchange(text, `answer to ${text}`));
      return w.store.save(mine);
    };
    for (let i = 0; i < 5; i++) {
      mine1 = await turn(w1, mine1, `w1 turn ${i}`);
      mine2 = await turn(w2, mine2, `w2 turn ${i}`);
    }
    [mine1, mine2] = await Promise.all([turn(w1, mine1, 'w1 at once'), turn(w2, mine2, 'w2 at once')]);
    const texts = (await freshLoad('both')).chat!.exchanges.map((e) => e.text);
    assert.equal(texts.length, 13);
    for (const t of ['start', 'w1 turn 4', 'w2 turn 4', 'w1 at once', 'w2 at once']) assert.ok(texts.includes(t), t);
    assert.deepEqual([...texts].sort(), [...new Set(texts)].sort(), 'no exchange twice');
    // The later saver took in everything the other wrote.
    const later = mine1.exchanges.length > mine2.exchanges.length ? mine1 : mine2;
    assert.deepEqual(later.exchanges.map((e) => e.text), texts);
  });

  it('compacts a log whose dead lines outweigh the live ones, keeping every exchange and removal', async () => {
    const { store } = makeStore(dir);
    const kept = [exchange('one', '1'), exchange('two', '2'), exchange('dropped', 'd')];
    const c = chat('compact', [...kept]);
    await store.save(c);
    const dropped = c.exchanges.pop()!;
    c.removedExchangeIds = [dropped.id];
    await store.save(c);
    const firstHeader = linesOf('compact')[0];
    // A long reply checkpointed 60 times: each save adds a bigger copy of the same exchange.
    const streaming = exchange('long reply', '', { status: 'streaming', rev: 0 });
    streaming.model = [{ role: 'model', parts: [{ text: '' }] }];
    c.exchanges.push(streaming);
    let largest = 0;
    for (let i = 1; i <= 60; i++) {
      streaming.model[0]!.parts[0]!.text += `chunk ${i} `.repeat(20);
      streaming.rev = i;
      await store.save(c);
      largest = Math.max(largest, statSync(logOf('compact')).size);
    }
    streaming.status = 'complete';
    streaming.rev = 61;
    await store.save(c);
    assert.notEqual(linesOf('compact')[0], firstHeader, 'the file was rewritten with a new generation');
    const live = Buffer.byteLength(JSON.stringify(streaming));
    assert.ok(largest < 4 * live + 4_000, `the log stayed near its live size (${largest} bytes at most, live reply ${live})`);
    const reloaded = await freshLoad('compact');
    assert.deepEqual(reloaded.damaged, []);
    assert.deepEqual(reloaded.chat, c);
    // The removal survived the compaction: a window holding a stale copy does not bring it back.
    const stale = makeStore(dir, new MemoryState());
    const merged = await stale.store.save(chat('compact', [...kept, streaming]));
    assert.deepEqual(merged.exchanges.map((e) => e.text), ['one', 'two', 'long reply']);
  });

  it('takes in what another window wrote after it compacted the log', async () => {
    const w1 = makeStore(dir);
    const w2 = makeStore(dir, new MemoryState());
    const c1 = chat('swap', [exchange('base', 'b')]);
    await w1.store.save(c1);
    const header = linesOf('swap')[0];
    const e = exchange('w1 streams', '', { rev: 0 });
    c1.exchanges.push(e);
    const checkpoint = async (i: number) => {
      e.model = [{ role: 'model', parts: [{ text: `part ${i} `.repeat(30) }] }];
      e.rev = i;
      await w1.store.save(c1);
    };
    await checkpoint(1);
    await checkpoint(2);
    // Window two reads the log while it holds dead lines (older copies of the streaming reply).
    let c2 = (await w2.store.load('swap'))!;
    const known = statSync(logOf('swap')).size;
    let i = 3;
    while (linesOf('swap')[0] === header) await checkpoint(i++);
    // Window one compacted, then wrote on past the length window two knows: only the changed first line
    // tells window two that the bytes after that length are not what was appended since.
    for (let n = 0; statSync(logOf('swap')).size <= known + 200; n++) {
      c1.exchanges.push(exchange(`w1 more ${n}`, 'more '.repeat(40)));
      await w1.store.save(c1);
    }
    c2.exchanges.push(exchange('w2 asks', 'w2'));
    c2 = await w2.store.save(c2);
    assert.deepEqual(w2.damaged, []);
    const texts = c2.exchanges.map((x) => x.text);
    assert.deepEqual(texts.slice(0, 2), ['base', 'w1 streams']);
    assert.equal(texts.at(-1), 'w2 asks');
    assert.equal(c2.exchanges[1]!.model[0]!.parts[0]!.text, e.model[0]!.parts[0]!.text);
    assert.deepEqual((await freshLoad('swap')).chat!.exchanges.map((x) => x.text), texts);
  });

  it('loads a chat kept in the one-file form, and moves it to a log on its next save', async () => {
    mkdirSync(path.join(dir, 'chats'), { recursive: true });
    const old = chat('old', [exchange('from before', 'b'), exchange('second', 's')]);
    old.removedExchangeIds = ['ex-gone'];
    writeFileSync(path.join(dir, 'chats', 'old.json'), JSON.stringify(old));

    const { store, damaged } = makeStore(dir, new MemoryState());
    await store.reconcile();
    assert.deepEqual(store.list().map((e) => e.id), ['old']);
    const loaded = (await store.load('old'))!;
    assert.deepEqual(loaded, old);
    loaded.exchanges.push(exchange('after the update', 'u'));
    await store.save(loaded);
    assert.deepEqual(readdirSync(path.join(dir, 'chats')).sort(), ['old.jsonl']);
    assert.deepEqual(damaged, []);
    const reloaded = (await freshLoad('old')).chat!;
    assert.deepEqual(reloaded.exchanges.map((e) => e.text), ['from before', 'second', 'after the update']);
    assert.deepEqual(reloaded.removedExchangeIds, ['ex-gone']);
  });

  it('prefers the log when a kill left the one-file form beside it, and removes that form', async () => {
    const { store } = makeStore(dir);
    const c = chat('both-forms', [exchange('newer', 'n')]);
    await store.save(c);
    writeFileSync(path.join(dir, 'chats', 'both-forms.json'), JSON.stringify(chat('both-forms', [exchange('older', 'o')])));
    const w = makeStore(dir, new MemoryState());
    await w.store.reconcile();
    assert.deepEqual(w.store.list().map((e) => e.id), ['both-forms']);
    assert.ok(!existsSync(path.join(dir, 'chats', 'both-forms.json')));
    assert.deepEqual((await w.store.load('both-forms'))!.exchanges.map((e) => e.text), ['newer']);
  });

  it('sets aside a log with a line that fails its check, naming the line and field', async () => {
    const { store, damaged } = makeStore(dir);
    await store.save(chat('good', [exchange('q', 'a')]));
    await store.save(chat('bad', [exchange('q', 'a')]));
    const bad = { ...exchange('hand edited', 'x'), status: '<img src=x onerror=alert(1)>' };
    appendFileSync(logOf('bad'), `${JSON.stringify({ t: 'x', e: bad })}\n${JSON.stringify({ t: 'x', e: exchange('later', 'l') })}\n`);
    assert.equal(await store.load('bad'), undefined);
    assert.equal(damaged.length, 1);
    assert.match(damaged[0]!.reason, /line 3: .*e\.status/);
    assert.match(damaged[0]!.movedTo, /^chats\/damaged\/bad\.\d+\.jsonl$/);
    assert.ok(existsSync(path.join(dir, damaged[0]!.movedTo)), 'kept aside, not deleted');
    assert.ok(!existsSync(logOf('bad')));
    assert.deepEqual(store.list().map((e) => e.id), ['good']);
  });

  it('a rewind stays a rewind after a reload, and a stale window does not bring the turns back', async () => {
    const w1 = makeStore(dir);
    const stale = makeStore(dir, new MemoryState());
    await w1.store.save(chat('rw', [exchange('keep', 'k'), exchange('drop 1', 'd'), exchange('drop 2', 'd')]));
    const old = (await stale.store.load('rw'))!;
    const mine = (await w1.store.load('rw'))!;
    const removed = mine.exchanges.splice(1);
    mine.removedExchangeIds = removed.map((e) => e.id);
    await w1.store.save(mine);

    const reloaded = (await freshLoad('rw')).chat!;
    assert.deepEqual(reloaded.exchanges.map((e) => e.text), ['keep']);
    assert.deepEqual(reloaded.removedExchangeIds?.sort(), removed.map((e) => e.id).sort());

    old.exchanges.push(exchange('stale window asks', 's'));
    const merged = await stale.store.save(old);
    assert.deepEqual(merged.exchanges.map((e) => e.text), ['keep', 'stale window asks']);
    assert.deepEqual((await freshLoad('rw')).chat!.exchanges.map((e) => e.text), ['keep', 'stale window asks']);
  });
});
