// Issue 7, crash safety, in plain Node: a real process running the real ChatController, engine and
// store (test/hostile/crashWorker.ts) chats without pause against the loopback Gemini server, with
// checkpoints every 20 ms, and is killed with SIGKILL at a random moment, 20 times on the same storage
// folder. After each kill, a fresh store (with an empty index, the worst case) must find and load
// every chat, with no damaged file, at most one exchange still marked in flight on disk (the reply
// that was streaming: it loads as interrupted), and every exchange the worker had seen saved as
// complete still complete. The same check against the real editor's extension host is in
// test/e2e/hostileEditor.e2e.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeGemini, sse } from '../../support/fakeGemini';
import { textChunk } from '../host/controllerHarness';
import { makeStore, tempDir } from '../store/storeHarness';
import { listFilesUnder } from '../../hostile/fileTree';
import { recordFigures } from '../../hostile/figures';

const KILLS = 20;
const WORKER = path.resolve(__dirname, '../../hostile/crashWorker.ts');
const REPO = path.resolve(__dirname, '../../..');

/** Deterministic per run, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16_807) % 2_147_483_647;
    return s / 2_147_483_647;
  };
}

interface Saved {
  chatId: string;
  exchangeId: string;
  status: string;
}

/** Starts the worker, kills it `afterMs` after it is ready; resolves with what it reported saved. */
function runAndKill(storage: string, baseUrl: string, seed: number, afterMs: number): Promise<{ saved: Saved[]; stderr: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', WORKER, storage, baseUrl, String(seed)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const saved: Saved[] = [];
    let stderr = '';
    let buffered = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready' && !timer) timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
        const m = /^saved (\S+) (\S+) (\S+)$/.exec(line);
        if (m) saved.push({ chatId: m[1]!, exchangeId: m[2]!, status: m[3]! });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ saved, stderr, killed: signal === 'SIGKILL' });
    });
  });
}

describe('hostile: SIGKILL of a process chatting and saving', function () {
  this.timeout(240_000);

  it(`every chat loads after ${KILLS} kills; at most the reply in flight is interrupted; nothing saved is lost`, async () => {
    const fake = await FakeGemini.start();
    // Every reply streams for ~0.4 s: kills land before, during and after replies and their checkpoints.
    fake.route(
      (r) => /:streamGenerateContent/.test(r.url),
      sse(Array.from({ length: 20 }, (_, i) => textChunk(`word${i} `, i === 19 ? 'STOP' : undefined)), { delayMs: 20 }),
    );
    const { dir, cleanup } = tempDir();
    const random = seeded(7);
    const everSaved = new Map<string, Saved>();
    const interrupted = new Set<string>();
    let survived = 0;
    let inFlightMax = 0;
    let interruptedByKills = 0;
    let damagedTotal = 0;
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        const run = await runAndKill(dir, fake.baseUrl, kill, 150 + Math.floor(random() * 1_500));
        assert.ok(run.killed, `run ${kill} ended by itself: ${run.stderr}`);
        for (const s of run.saved) if (s.status === 'complete') everSaved.set(s.exchangeId, s);

        // Every complete line of every chat log parses as JSON: an append cut short by the kill leaves at
        // most a torn last line (no newline), which the store ignores.
        const files = listFilesUnder(path.join(dir, 'chats')).filter((f) => f.endsWith('.jsonl') && !f.includes(`${path.sep}damaged${path.sep}`));
        for (const f of files) {
          const text = readFileSync(f, 'utf8');
          for (const line of text.slice(0, text.lastIndexOf('\n')).split('\n')) assert.doesNotThrow(() => JSON.parse(line), `${f} after kill ${kill}`);
        }

        // A new window: empty index, every chat found from its file and loaded.
        const { store, damaged } = makeStore(dir);
        await store.reconcile();
        const loadedStatus = new Map<string, string>();
        for (const entry of store.list()) {
          const chat = await store.load(entry.id);
          assert.ok(chat, `chat ${entry.id} did not load after kill ${kill}`);
          for (const e of chat.exchanges) loadedStatus.set(e.id, e.status);
        }
        assert.equal(store.list().length, files.length, 'every chat file is in the index');
        assert.deepEqual(damaged, [], `damaged files after kill ${kill}`);
        damagedTotal += damaged.length;
        // Exchanges on disk still marked in flight load as interrupted; this kill may add one (the reply
        // that was streaming), never more. Those of earlier kills stay interrupted, nothing else turns.
        const nowInterrupted = [...loadedStatus].filter(([, status]) => status === 'interrupted').map(([id]) => id);
        const fresh = nowInterrupted.filter((id) => !interrupted.has(id));
        assert.ok(fresh.length <= 1, `kill ${kill} left ${fresh.length} replies interrupted`);
        inFlightMax = Math.max(inFlightMax, fresh.length);
        interruptedByKills += fresh.length;
        for (const id of fresh) interrupted.add(id);
        const lost = [...everSaved.values()].filter((s) => loadedStatus.get(s.exchangeId) !== 'complete');
        assert.deepEqual(lost, [], `exchanges saved as complete were lost or changed after kill ${kill}`);
        survived++;
      }
      assert.ok(everSaved.size > KILLS, `the worker completed replies between kills (${everSaved.size})`);
      const strayTemps = listFilesUnder(dir).filter((f) => f.endsWith('.tmp')).length;
      recordFigures('killsUnit', {
        what:
          'A Node process running the real controller, engine and store (checkpoints every 20 ms), SIGKILLed at random moments during replies and saves; after each kill a new store with an empty index loads every chat.',
        figures: {
          kills: KILLS,
          'kills survived': survived,
          'damaged files': damagedTotal,
          'most replies interrupted by one kill': inFlightMax,
          'replies interrupted by kills (loaded as interrupted)': interruptedByKills,
          'complete exchanges checked after every kill': everSaved.size,
          'complete exchanges lost': 0,
          'temp files left by kills mid-write (ignored on load)': strayTemps,
        },
      });
    } finally {
      await fake.close();
      cleanup();
    }
  });
});
