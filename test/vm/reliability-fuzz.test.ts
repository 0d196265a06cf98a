// Reliability: the ioctl/read fuzzer and hostile reads against the real module.
// Counts come from env vars so CI runs the short version and docs/reliability.md
// the full one: KTRACE_FUZZ_CALLS (per user), KTRACE_FUZZ_SEED.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { drain, openReader, prog, run } from './lib/readers';

interface FuzzSummary {
  seed: number;
  calls: number;
  reads: number;
  successes: number;
  undocumented: number;
  errnos: Record<string, number>;
}

const DEBUG = process.env.KTRACE_KERNEL === 'debug';
const CALLS = Number(process.env.KTRACE_FUZZ_CALLS ?? (DEBUG ? 2000 : 5000));
const SEED = Number(process.env.KTRACE_FUZZ_SEED ?? Date.now() % 1000000007);

function fuzzAs(uid: number | null, seed: number): FuzzSummary {
  const fuzz = [prog('ioctl_fuzz'), String(CALLS), String(seed), '1'];
  const argv = uid === null ? fuzz : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', ...fuzz];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  assert.equal(r.status, 0, `ioctl_fuzz (uid ${uid ?? 0}, seed ${seed}) failed: ${r.stderr}${r.stdout}`);
  const summary = JSON.parse(r.stdout) as FuzzSummary;
  console.log(`      ioctl_fuzz uid ${uid ?? 0} seed ${seed}: ${r.stdout.trim()}`);
  return summary;
}

/* The module still does its job: a fresh reader gets the program's records. */
async function moduleStillWorks(): Promise<void> {
  const dev = openReader({ events: ['syscall'], vars: ['all'] });
  dev.start();
  assert.equal(run(prog('getppid_loop'), ['1000']), 0);
  dev.stop();
  const stream = await drain(dev);
  dev.close();
  assert.ok(stream.length > 0, 'no records after fuzzing');
}

describe('reliability: ioctl fuzzing (in VM)', function () {
  this.timeout(900000);

  for (const uid of [null, 1000]) {
    it(`${CALLS} random ioctls and reads as uid ${uid ?? 0} give only documented errnos, and no reader leaks`, async function () {
      const before = TraceDevice.open();
      const readersBefore = before.info().readers;
      const s = fuzzAs(uid, SEED + (uid ?? 0));
      assert.equal(s.calls, CALLS);
      assert.equal(s.undocumented, 0);
      // The fuzzer reached the interesting paths: bad pointers, unknown commands, bad values.
      for (const e of ['EFAULT', 'ENOTTY', 'EINVAL']) assert.ok((s.errnos[e] ?? 0) > 0, `${e} never returned`);
      if (uid !== null) assert.ok((s.errnos.EPERM ?? 0) > 0, 'a foreign target never got EPERM');
      assert.ok(s.successes > 0);
      // Every fuzzer fd is closed again: the module's reader count is back where it was.
      assert.equal(before.info().readers, readersBefore);
      before.close();
      await moduleStillWorks();
    });
  }
});

describe('reliability: hostile reads (in VM)', function () {
  this.timeout(300000);

  it('reads with 0, 1, odd sizes, unaligned and faulting buffers, and interrupted blocking reads', function () {
    const r = spawnSync(prog('bad_read'), [], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const got = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]));
    console.log(`      bad_read: ${JSON.stringify(got)}`);
    // No record fits 0, 1 or 7 bytes: the next one is kept for a larger read.
    assert.equal(got.size0, 'EMSGSIZE');
    assert.equal(got.size1, 'EMSGSIZE');
    assert.equal(got.size7, 'EMSGSIZE');
    // An odd, unaligned buffer still gets whole records, starting with a keyframe ([APPLICATION 64]: 0x7f).
    assert.ok(Number(got.odd_unaligned) > 0 && Number(got.odd_unaligned) <= 4095);
    assert.equal(got.odd_unaligned_first_byte, '0x7f');
    assert.ok(Number(got.unaligned_large) > 0);
    assert.equal(got.unmapped_tail, 'EFAULT');
    // The records a faulting read consumed are gone; the next read restarts the deltas with a keyframe
    // (before the fix it went on with deltas against records the reader never received).
    assert.ok(Number(got.after_fault) > 0);
    assert.equal(got.after_fault_first_byte, '0x7f');
    assert.equal(got.unmapped_whole, 'EFAULT');
    assert.equal(got.readonly_buf, 'EFAULT');
    // A signal ends a blocking read with EINTR (SA_RESTART is off).
    assert.equal(got.signal_blocking, 'EINTR');
    // close() from another thread of the opener ends its blocked read with 0 (end of stream), before the alarm.
    assert.equal(got.close_blocking, '0');
  });
});
