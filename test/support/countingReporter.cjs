// Mocha's spec reporter, plus the counts written to $TEST_COUNTS_FILE so that scripts/test.mjs can
// print one closing line over every suite.
const Mocha = require('mocha');
const { appendFileSync } = require('node:fs');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.TEST_COUNTS_FILE;
      if (!file) return;
      const { passes, failures, pending } = runner.stats ?? this.stats;
      appendFileSync(file, JSON.stringify({ suite: process.env.TEST_SUITE_NAME ?? 'mocha', passes, failures, pending }) + '\n');
    });
  }
}
module.exports = CountingReporter;
