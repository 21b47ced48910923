// Temp files of atomic writes after a kill: a window killed between creating its temp file and the
// rename leaves `<name>.<pid>.<hex>.tmp`; the next start removes it, but never the temp of a write
// another live window is making right now.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { NodeFileStore } from '../../../src/core/store/nodeFileStore';
import { chat, exchange, makeStore, tempDir } from './storeHarness';

/** A pid no process has (above Linux's pid_max). */
const DEAD_PID = 2_147_483_646;

/**
 * Another window in the middle of a write: a live process that has created its temp file (named as
 * writeAtomic names it, with its own pid) and not yet renamed it.
 */
async function writerMidWrite(target: string): Promise<{ child: ChildProcess; temp: string }> {
  const script = `
    const fs = require('node:fs');
    const temp = process.argv[1] + '.' + process.pid + '.0badc0de.tmp';
    fs.writeFileSync(temp, '{"half": ');
    process.stdout.write(temp + '\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['-e', script, target], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, temp: chunk.toString().trim() };
}

describe('stale temp files', () => {
  let dir: string;
  let cleanup: () => void;
  const children: ChildProcess[] = [];
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    cleanup();
  });

  it('reconcile removes the temp files of writers that were killed, in every folder, and nothing else', async () => {
    const { store } = makeStore(dir);
    await store.save(chat('c1', [exchange('q', 'a')]));
    mkdirSync(path.join(dir, 'attachments'), { recursive: true });
    const leftovers = [`chats/c1.json.${DEAD_PID}.1a2b3c4d.tmp`, `attachments/${'ab'.repeat(32)}.${DEAD_PID}.00ff00ff.tmp`, `active.json.${DEAD_PID}.deadbeef.tmp`];
    for (const name of leftovers) writeFileSync(path.join(dir, name), '{"trunc');
    // Not temp files of writeAtomic: left alone.
    writeFileSync(path.join(dir, 'chats', 'notes.tmp'), 'mine');

    await store.reconcile();

    for (const name of leftovers) assert.ok(!existsSync(path.join(dir, name)), `${name} removed`);
    assert.deepEqual(readdirSync(path.join(dir, 'chats')).sort(), ['c1.jsonl', 'notes.tmp']);
    assert.equal((await store.load('c1'))?.exchanges.length, 1);
    // Only at a window's start: later reconciles (Switch Chat, Search) do not walk the folder again.
    const later = `chats/c1.json.${DEAD_PID}.0badf00d.tmp`;
    writeFileSync(path.join(dir, later), '{"trunc');
    await store.reconcile();
    assert.ok(existsSync(path.join(dir, later)), 'left for the next start');
    await makeStore(dir).store.reconcile();
    assert.ok(!existsSync(path.join(dir, later)), 'removed by the next start');
  });

  it('keeps the temp file of another live window mid-write, and removes it once that window is killed', async () => {
    const files = new NodeFileStore(dir);
    mkdirSync(path.join(dir, 'chats'), { recursive: true });
    const { child, temp } = await writerMidWrite(path.join(dir, 'chats', 'c2.json'));
    children.push(child);

    assert.deepEqual(await files.removeStaleTemps(), []);
    assert.ok(existsSync(temp), 'the live window can still finish its write');

    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.deepEqual(await files.removeStaleTemps(), [`chats/${path.basename(temp)}`]);
    assert.ok(!existsSync(temp));
  });

  it('keeps this process\'s own fresh temp files (a save in flight in this window)', async () => {
    const files = new NodeFileStore(dir);
    mkdirSync(path.join(dir, 'chats'), { recursive: true });
    const own = path.join(dir, 'chats', `c3.json.${process.pid}.12345678.tmp`);
    writeFileSync(own, '{');
    assert.deepEqual(await files.removeStaleTemps(), []);
    assert.ok(existsSync(own));
  });

  it('removes a temp file hours old even though a live process has its pid (pids are reused)', async () => {
    const files = new NodeFileStore(dir);
    mkdirSync(path.join(dir, 'chats'), { recursive: true });
    const old = path.join(dir, 'chats', `c4.json.${process.pid}.87654321.tmp`);
    writeFileSync(old, '{');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    assert.deepEqual(await files.removeStaleTemps(), [`chats/${path.basename(old)}`]);
  });
});
