import assert from 'node:assert/strict';
import { ChunkCoalescer } from '../../../src/host/chat/chunkCoalescer';
import { ManualTimers } from './controllerHarness';

describe('ChunkCoalescer', () => {
  it('sends the first chunk at once, collects the rest, sends them when the window ends, then idles', () => {
    const sent: string[] = [];
    const timers = new ManualTimers();
    const c = new ChunkCoalescer((t) => sent.push(t), 16, timers);
    c.push('a');
    assert.deepEqual(sent, ['a']);
    c.push('b');
    c.push('c');
    assert.deepEqual(sent, ['a']);
    timers.fireAll(); // trailing edge
    assert.deepEqual(sent, ['a', 'bc']);
    assert.equal(timers.count, 1, 'a new window opened after sending');
    timers.fireAll(); // nothing collected: the window closes and no timer remains
    assert.equal(timers.count, 0);
    c.push('d'); // a sparse chunk pays no delay
    assert.deepEqual(sent, ['a', 'bc', 'd']);
  });

  it('flush sends what is pending and stops the timer; nothing is sent after dispose', () => {
    const sent: [string, string][] = [];
    const timers = new ManualTimers();
    const c = new ChunkCoalescer((t, th) => sent.push([t, th]), 16, timers);
    c.push('x', 'why');
    c.push('y', '');
    c.dispose();
    assert.deepEqual(sent, [['x', 'why'], ['y', '']]);
    assert.equal(timers.count, 0);
    c.push('late');
    assert.equal(sent.length, 2);
  });
});
