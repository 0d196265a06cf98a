// The short concurrency stress (issue: reliability): eight random readers
// against a full-snapshot reference under five load generators. `npm run
// stress -- --minutes M` runs the long one.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { runStress, stressFailures } from '../../stress/src/run';
import { reload } from './lib/module';
import { REPO } from './lib/readers';

const SECONDS = Number(process.env.KTRACE_STRESS_SECONDS ?? 60);
const SEED = Number(process.env.KTRACE_STRESS_SEED ?? Date.now() % 1000000007);

describe('reliability: concurrency stress (in VM)', function () {
  this.timeout(SECONDS * 1000 + 600000);

  it(`${SECONDS} s of 8 random readers: every record matches the reference, and what is missing was reported lost`, async function () {
    // A reference reader of everything needs room to never lose a record.
    reload('buffer_kb=16384');
    try {
      const report = await runStress({ seconds: SECONDS, seed: SEED, readers: 8, progs: path.join(REPO, 'build/progs') });
      console.log(`      stress seed ${SEED}: ${JSON.stringify(report)}`);
      assert.deepEqual(stressFailures(report), [], report.examples.join('\n'));
      // The run exercised what it claims to.
      assert.ok(report.matched > 1000, `only ${report.matched} records matched`);
      assert.ok(report.actions.reconfigures > 0 && report.actions.restarts > 0 && report.actions.opens > 8);
      assert.ok(report.actions.blockingReads > 0 && report.actions.nonBlockingReads > 0 && report.actions.eagain > 0);
    } finally {
      reload();
    }
  });
});
