'use strict';
// Mocha's spec output, plus the totals written to $KTRACE_RESULTS as JSON so
// scripts/test-all can add up suites that ran on the host and in VMs, with
// each failure's title and first message line (the summary repeats them at
// the end, where a truncated log still shows them).
const fs = require('node:fs');
const Mocha = require('mocha');

const firstLine = (err) => String((err && err.message) || err).split('\n', 1)[0].slice(0, 300);

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const out = process.env.KTRACE_RESULTS;
    const failed = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err) => {
      failed.push({ title: test.fullTitle(), error: firstLine(err) });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      if (!out) return;
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(out, JSON.stringify({ passes, failures, pending, failed }) + '\n');
    });
  }
}

module.exports = SummaryReporter;
