import assert from 'node:assert/strict';
import { Checkpointer } from '../../../src/host/chat/checkpointer';
import { ManualTimers } from './controllerHarness';

describe('Checkpointer (saving a reply while it streams)', () => {
  function setup() {
    let now = 1000;
    const timers = new ManualTimers();
    const saves: number[] = [];
    let release: () => void = () => undefined;
    const cp = new Checkpointer(
      () => {
        saves.push(now);
        return new Promise<void>((r) => (release = r));
      },
      1000,
      timers,
      () => now,
    );
    return { cp, timers, saves, advance: (ms: number) => (now += ms), finishSave: async () => { release(); await new Promise((r) => setImmediate(r)); } };
  }

  it('saves the first chunk at once, so a reload right after it keeps it', () => {
    const t = setup();
    t.cp.progress();
    assert.deepEqual(t.saves, [1000]);
  });

  it('saves chunks that arrived in the quiet interval when it ends, even if no chunk follows', async () => {
    const t = setup();
    t.cp.progress();
    await t.finishSave();
    t.advance(200);
    t.cp.progress();
    assert.equal(t.saves.length, 1, 'not before the interval has passed');
    assert.equal(t.timers.count, 1, 'a trailing save is scheduled');
    t.advance(800);
    t.timers.fireAll();
    assert.equal(t.saves.length, 2);
  });

  it('never runs two saves at once, and saves nothing after dispose', async () => {
    const t = setup();
    t.cp.progress();
    t.advance(5000);
    t.cp.progress();
    assert.equal(t.saves.length, 1, 'the second waits for the first');
    await t.finishSave();
    assert.equal(t.saves.length, 2, 'then runs');
    t.cp.dispose();
    t.advance(5000);
    t.cp.progress();
    t.cp.dispose();
    await t.finishSave();
    t.timers.fireAll();
    assert.equal(t.saves.length, 2);
  });
});
