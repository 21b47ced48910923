import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chat, exchange, makeStore, MemoryState, tempDir } from './storeHarness';
import { INDEX_KEY } from '../../../src/core/store/chatIndex';
import { historyOf } from '../../../src/core/transcript';

describe('ChatStore', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('keeps each transcript in its own file and a small index in the key-value store', async () => {
    const { store, state } = makeStore(dir);
    const c = chat('a1', [exchange('hello', 'hi there')]);
    c.exchanges[0]!.model[0]!.parts[0]!.thoughtSignature = 'c2lnbmF0dXJl';
    await store.save(c);
    assert.ok(existsSync(path.join(dir, 'chats', 'a1.jsonl')));
    const loaded = await store.load('a1');
    assert.deepEqual(loaded, c);
    assert.deepEqual(historyOf(loaded!), historyOf(c));
    assert.deepEqual(store.list().map((e) => [e.id, e.title, e.exchanges]), [['a1', 'Chat a1', 1]]);
    // The index holds no message text.
    assert.ok(!state.values.get(INDEX_KEY)!.includes('hello'));
  });

  it('keeps the index under 64 KB with 100 chats', async () => {
    const { store, state } = makeStore(dir);
    for (let i = 0; i < 100; i++) {
      await store.save(chat(`c${i}`, [exchange('x'.repeat(5_000), 'y'.repeat(5_000))], 'A rather long title for a chat, '.repeat(10)));
    }
    assert.equal(store.list().length, 100);
    const size = Buffer.byteLength(state.values.get(INDEX_KEY)!);
    assert.ok(size <= 64 * 1024, `index is ${size} bytes`);
  });

  it('writes atomically, leaving no temp files behind', async () => {
    const { store } = makeStore(dir);
    for (let i = 0; i < 5; i++) await store.save(chat('a1', [exchange(`m${i}`, 'r')]));
    assert.deepEqual(readdirSync(path.join(dir, 'chats')).sort(), ['a1.jsonl']);
  });

  it('sets a damaged file aside and reports it, without dropping the others', async () => {
    const { store, damaged } = makeStore(dir);
    await store.save(chat('good', [exchange('q', 'a')]));
    await store.save(chat('bad', [exchange('q', 'a')]));
    const file = path.join(dir, 'chats', 'bad.jsonl');
    // A line cut short inside the file (a disk fault, a bad hand edit), not a kill's torn last line.
    const [header, ...rest] = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [header!.slice(0, 40), ...rest].join('\n'));
    assert.equal(await store.load('bad'), undefined);
    assert.equal(damaged.length, 1);
    assert.equal(damaged[0]!.chatId, 'bad');
    assert.match(damaged[0]!.reason, /JSON/);
    assert.ok(existsSync(path.join(dir, damaged[0]!.movedTo)), 'the damaged file is kept aside');
    assert.ok(!existsSync(file));
    assert.deepEqual(store.list().map((c) => c.id), ['good']);
    assert.ok(await store.load('good'));
  });

  it('refuses a hand-edited file whose shape is wrong, naming the field', async () => {
    const { store, damaged } = makeStore(dir);
    mkdirSync(path.join(dir, 'chats'), { recursive: true });
    const c = chat('edited', [exchange('q', 'a')]) as unknown as Record<string, unknown>;
    (c.exchanges as Record<string, unknown>[])[0]!.status = '<img src=x onerror=alert(1)>';
    writeFileSync(path.join(dir, 'chats', 'edited.json'), JSON.stringify(c));
    await store.reconcile();
    assert.equal(damaged.length, 1);
    assert.match(damaged[0]!.reason, /exchanges\.0\.status/);
    assert.deepEqual(store.list(), []);
  });

  it('brings back a reply that was streaming when the window died, marked interrupted', async () => {
    const { store } = makeStore(dir);
    await store.save(chat('a1', [exchange('q', 'partial ans', { status: 'streaming' })]));
    const { store: after } = makeStore(dir);
    await after.reconcile();
    const loaded = await after.load('a1');
    assert.equal(loaded!.exchanges[0]!.status, 'interrupted');
    assert.equal(loaded!.exchanges[0]!.model[0]!.parts[0]!.text, 'partial ans');
    assert.equal(loaded!.exchanges[0]!.error?.action, 'retry');
  });

  it('keeps attachment bytes content-addressed beside the transcripts', async () => {
    const { store } = makeStore(dir);
    const bytes = Buffer.from('an image, honestly');
    const e = exchange('look', 'nice');
    e.user.parts.unshift({ inlineData: { mimeType: 'image/png', data: bytes.toString('base64') } });
    await store.save(chat('img', [e]));
    await store.save(chat('img2', [structuredClone(e)]));
    const text = readFileSync(path.join(dir, 'chats', 'img.jsonl'), 'utf8');
    assert.ok(!text.includes(bytes.toString('base64')), 'the bytes are not inside the chat file');
    const blobs = readdirSync(path.join(dir, 'attachments'));
    assert.equal(blobs.length, 1, 'the same bytes are kept once');
    assert.equal(Buffer.from((await store.readAttachment(blobs[0]!))!).toString(), bytes.toString());
    const loaded = await store.load('img');
    assert.equal(loaded!.exchanges[0]!.user.parts[0]!.inlineData!.data, bytes.toString('base64'));
  });

  it('finds chats written by another window and forgets entries whose file is gone', async () => {
    const a = makeStore(dir);
    await a.store.save(chat('x1', [exchange('q', 'a')]));
    const b = makeStore(dir, new MemoryState());
    await b.store.reconcile();
    assert.deepEqual(b.store.list().map((c) => c.id), ['x1']);
    await b.store.delete('x1');
    await a.store.reconcile();
    assert.deepEqual(a.store.list(), []);
  });

  it('brings back the open chat when the workspace state lost its last writes (a reload in the browser editor)', async () => {
    const a = makeStore(dir);
    await a.store.save(chat('first', [exchange('q1', 'a1')]));
    await a.store.save(chat('second', [exchange('q2', 'a2')]));
    await a.store.setActiveChatId('first');
    const b = makeStore(dir, new MemoryState());
    await b.store.reconcile();
    assert.equal(b.store.activeChatId, 'first');
    await b.store.setActiveChatId(undefined);
    const c = makeStore(dir, new MemoryState());
    await c.store.reconcile();
    assert.equal(c.store.activeChatId, undefined, 'a new, empty chat stays the open one');
  });

  it('loses no turn when two windows add turns to the same chat', async () => {
    const base = chat('shared', [exchange('first', 'one')]);
    const w1 = makeStore(dir);
    const w2 = makeStore(dir, new MemoryState());
    await w1.store.save(structuredClone(base));
    const mine1 = (await w1.store.load('shared'))!;
    const mine2 = (await w2.store.load('shared'))!;
    mine1.exchanges.push(exchange('from window 1', 'r1'));
    mine2.exchanges.push(exchange('from window 2', 'r2'));
    await w1.store.save(mine1);
    const merged = await w2.store.save(mine2);
    assert.deepEqual(merged.exchanges.map((e) => e.text), ['first', 'from window 1', 'from window 2']);
    const final = (await w1.store.load('shared'))!;
    assert.deepEqual(final.exchanges.map((e) => e.text), ['first', 'from window 1', 'from window 2']);
  });

  it('does not bring back an exchange another window rewound', async () => {
    const w1 = makeStore(dir);
    const w2 = makeStore(dir, new MemoryState());
    await w1.store.save(chat('shared', [exchange('keep', 'k'), exchange('drop', 'd')]));
    const mine1 = (await w1.store.load('shared'))!;
    const mine2 = (await w2.store.load('shared'))!;
    const dropped = mine1.exchanges.pop()!;
    mine1.removedExchangeIds = [dropped.id];
    await w1.store.save(mine1);
    mine2.exchanges.push(exchange('later', 'l'));
    const merged = await w2.store.save(mine2);
    assert.deepEqual(merged.exchanges.map((e) => e.text), ['keep', 'later']);
  });

  it('a stale copy of an exchange taken in by another window does not overwrite the newer one', async () => {
    const w1 = makeStore(dir);
    const w2 = makeStore(dir, new MemoryState());
    const streaming = exchange('q', 'part', { status: 'streaming', rev: 1 });
    await w1.store.save(chat('shared', [streaming]));
    const copy = (await w2.store.load('shared'))!; // window 2 takes it in while it streams
    const done = { ...streaming, status: 'complete' as const, model: [{ role: 'model', parts: [{ text: 'part and the rest' }] }], rev: 2 };
    await w1.store.save(chat('shared', [done]));
    copy.exchanges[0]!.status = 'streaming'; // what window 2 holds
    copy.exchanges.push(exchange('w2 asks', 'w2 answer'));
    const merged = await w2.store.save(copy);
    assert.deepEqual(merged.exchanges.map((e) => [e.text, e.status]), [['q', 'complete'], ['w2 asks', 'complete']]);
    assert.equal(merged.exchanges[0]!.model[0]!.parts[0]!.text, 'part and the rest');
  });

  it('takes over a lock left by a window that was killed', async () => {
    const { store } = makeStore(dir);
    mkdirSync(path.join(dir, 'chats'), { recursive: true });
    // A pid that does not exist: the window holding the lock is gone.
    writeFileSync(path.join(dir, 'chats', 'k1.lock'), `2147483646 ${Date.now()}`);
    await store.save(chat('k1', [exchange('q', 'a')]));
    assert.ok(await store.load('k1'));
    assert.ok(!existsSync(path.join(dir, 'chats', 'k1.lock')), 'the lock is released after the write');
  });
});
