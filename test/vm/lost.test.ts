// A reader overtaken by the writer: explicit LOST records with exact counts,
// and exact state again right after the resync (ring keyframes).
import { strict as assert } from 'node:assert';
import { FieldTag } from '../../frontend/src/abi/abi';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { events, field, parseStream, type RefLost } from './lib/ber-reference';
import { reload } from './lib/module';
import { drain, openReader, prog, runAsync } from './lib/readers';

describe('lost records (in VM)', function () {
  // The smallest ring the module allows: 4 chunks per CPU (chunk size from kt_info).
  let ringBytes = 0;
  before(() => {
    const dev = TraceDevice.open();
    try {
      ringBytes = 4 * dev.info().chunkBytes;
    } finally {
      dev.close();
    }
    reload(`buffer_kb=${ringBytes / 1024}`);
  });
  after(() => reload());

  it('reports exactly what a slow reader lost and resyncs to exact state', async function () {
    const dev = openReader({ events: ['syscall'], vars: ['regs', 'pid'] });
    try {
      const before = dev.stats();
      assert.equal(before.bufferBytesPerCpu, ringBytes);
      dev.start();
      // 2 x 30000 getppid(): about 1 MB of records into 4-chunk rings, unread.
      await Promise.all([runAsync(prog('getppid_loop'), ['30000']), runAsync(prog('getppid_loop'), ['30000'])]);
      dev.stop();
      const records = parseStream(await drain(dev));
      const after = dev.stats();
      const lost = records.filter((r): r is RefLost => r.kind === 'lost');
      const lostTotal = lost.reduce((sum, r) => sum + r.count, 0n);
      assert.ok(lost.length > 0 && lostTotal > 50000n, `expected heavy loss, got ${lostTotal}`);
      assert.equal(after.recordsLost, lostTotal, 'stats and LOST records disagree');
      // A keyframe follows every lost record.
      records.forEach((r, i) => {
        if (r.kind === 'lost') assert.equal(records[i + 1]?.kind, 'keyframe', `no keyframe after lost record ${i}`);
      });
      // Every ring record since start was delivered, lost, or was one of
      // our own few syscalls (hidden from us): nothing is unaccounted for.
      const evs = events(records);
      const written = after.recordsWritten - before.recordsWritten;
      const accounted = BigInt(evs.length) + lostTotal;
      assert.ok(accounted <= written, `delivered+lost ${accounted} > written ${written}`);
      assert.ok(written - accounted < 256n, `${written - accounted} of ${written} records unaccounted for`);
      // State right after each resync is exact: getppid returns our pid.
      let checked = 0;
      for (const e of evs) {
        if (e.name !== 'sys_exit' || field(e, FieldTag.SYSNO) !== 110n) continue;
        assert.equal(field(e, FieldTag.RET), BigInt(process.pid));
        checked++;
      }
      assert.ok(checked > 100, `only ${checked} getppid results survived`);
    } finally {
      dev.close();
    }
  });
});
