'use strict';
// Mocha's spec output, plus the totals written to $KTRACE_RESULTS as JSON so
// scripts/test-all can add up suites that ran on the host and in VMs.
const fs = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const out = process.env.KTRACE_RESULTS;
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      if (!out) return;
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(out, JSON.stringify({ passes, failures, pending }) + '\n');
    });
  }
}

module.exports = SummaryReporter;
