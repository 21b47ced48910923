// The benchmark harness (bench/, `npm run bench`) runs: each case with tiny sizes and one round, and
// returns figures of the right shape. No timing is asserted here; the figures of a smoke run mean
// nothing. Case 5 needs the offline editor (minutes to start on a busy machine): it runs only with
// BENCH_SMOKE_EDITOR=1, and otherwise must say why it did not.
import * as assert from 'node:assert/strict';
import { CASES } from '../../../bench/cases';
import { formatTable, type BenchOptions, type CaseResult } from '../../../bench/lib/report';
import { interleave, pairedRatio, percentile, summarize } from '../../../bench/lib/stats';

const opts: BenchOptions = { smoke: true, rounds: 1, log: () => undefined };

function checkShape(result: CaseResult, id: number): void {
  assert.equal(result.id, id);
  assert.ok(result.title.length > 0);
  if (result.skipped) return;
  assert.ok(result.rows.length > 0, 'a case returns rows');
  for (const r of result.rows) {
    assert.ok(r.name.length > 0);
    assert.equal(typeof r.value, 'number', `${r.name}: value`);
    if (r.goal !== undefined) assert.equal(typeof r.pass, 'boolean', `${r.name}: a row with a goal says whether it passed`);
  }
  assert.match(formatTable([result]), new RegExp(`\\| ${id} \\|`));
}

describe('bench: the harness runs each case (smoke sizes, no timings asserted)', () => {
  it('summarizes, pairs and interleaves repetitions', async () => {
    assert.deepEqual(summarize([3, 1, 2]), { median: 2, min: 1, max: 3, n: 3 });
    assert.equal(summarize([4, 1, 2, 3]).median, 2.5);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
    assert.equal(pairedRatio([2, 4], [1, 1]).median, 3);
    const order: string[] = [];
    await interleave(['a', 'b'], 2, async (c) => {
      order.push(c);
      return 1;
    });
    assert.deepEqual(order, ['a', 'b', 'b', 'a']);
  });

  for (const c of CASES) {
    const needsEditor = c.id === 5;
    it(`case ${c.id}: ${c.title}`, async function () {
      if (needsEditor && process.env.BENCH_SMOKE_EDITOR !== '1') this.skip();
      this.timeout(needsEditor ? 15 * 60_000 : 180_000);
      checkShape(await c.run(opts), c.id);
    });
  }
});
