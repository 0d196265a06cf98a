// ktrace paths and ktrace spans write through the same Output as the other
// views: a slow reader behind a non-blocking pipe gets every byte, and a
// reader that closes early ends them quietly. The fixtures' outputs are small
// (a few KiB), so these check the writers' plumbing, not a full pipe.
import { strict as assert } from 'node:assert';
import { fixture, ktrace, ktraceIntoPipe } from '../support/cli-run';

const CASES = [
  { name: 'paths --json', args: ['paths', '--json', fixture('paths-seq.ktr')] },
  { name: 'spans --json', args: ['spans', '--json', fixture('spans.ktr')] },
];

describe('ktrace paths and spans into pipes', function () {
  this.timeout(120000);
  for (const c of CASES) {
    it(`${c.name}: a slow reader behind a non-blocking pipe gets exactly what a direct run prints`, () => {
      const direct = ktrace({ args: c.args });
      assert.equal(direct.code, 0, direct.stderr);
      assert.ok(direct.stdout.length > 0);
      const r = ktraceIntoPipe({ args: c.args }, { nonBlocking: true });
      assert.deepEqual([r.code, r.stderr], [0, '']);
      assert.equal(r.piped.toString(), direct.stdout);
    });

    it(`${c.name}: a reader that closes after 20 bytes: no error line, status 141 or 0 (the whole output fits in a pipe)`, () => {
      const r = ktraceIntoPipe({ args: c.args }, { closeAfter: 20 });
      assert.equal(r.piped.length, 20);
      assert.equal(r.stderr, '');
      // Everything may already sit in the pipe's buffer before the reader closes it.
      assert.ok(r.code === 141 || r.code === 0, `status ${r.code}`);
    });
  }
});
