// struct sched_attr as strace prints it (issue 18): sched_setattr's, read
// by its own size field (kind self_sized: 0 meaning the 48-byte first
// version, below 48 the size alone, more than 56 with `...`), the size the
// kernel wrote back on E2BIG, the policy and parameters SCHED_FLAG_KEEP_*
// leave out; sched_getattr's as far as the kernel wrote it. Expected lines
// are the ones strace's sched_xetattr test says strace prints.
import { strict as assert } from 'node:assert';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import type { SyscallEvent } from '../../frontend/src/views/strace/types';
import { bytes, call, enter, exit } from '../support/syscalls';
import { line } from '../support/strace-line';

const P = 0x7fa9f3fcdfc8n;
const EINVAL = -22;
const E2BIG = -7;
const EFAULT = -14;
/** strace's test's bogus pid and flags (0xdefacedfacefeed, 0xdefaceddeadc0de). */
const BOGUS_PID = 0xdefacedfacefeedn;
const BOGUS_FLAGS = 0xdefaceddeadc0den;

interface Attr {
  readonly size: number | bigint;
  readonly policy?: number | bigint;
  readonly flags?: bigint;
  readonly nice?: number | bigint;
  readonly priority?: number | bigint;
  readonly runtime?: bigint;
  readonly deadline?: bigint;
  readonly period?: bigint;
  readonly utilMin?: number;
  readonly utilMax?: number;
}

/** The struct's @length bytes (as the module keeps them: 56 at most). */
function attr(a: Attr, length = 56): Uint8Array {
  const b = bytes(56, [
    [0, 4, a.size],
    [4, 4, a.policy ?? 0],
    [8, 8, a.flags ?? 0n],
    [16, 4, a.nice ?? 0],
    [20, 4, a.priority ?? 0],
    [24, 8, a.runtime ?? 0n],
    [32, 8, a.deadline ?? 0n],
    [40, 8, a.period ?? 0n],
    [48, 4, a.utilMin ?? 0],
    [52, 4, a.utilMax ?? 0],
  ]);
  return b.subarray(0, length);
}

/** The size field alone, as the module keeps it below the first version. */
const sizeOnly = (size: number): Uint8Array => bytes(4, [[0, 4, size]]);

/** strace's test's bogus fields (0xca7faced, 0xafbfcfdf, ...). */
const BOGUS: Attr = {
  size: 0x90807060,
  policy: 0xca7faced,
  flags: 0xbadc0ded1057da80n,
  nice: 0xafbfcfdf,
  priority: 0xb8c8d8e8,
  runtime: 0xbadcaffedeadf157n,
  deadline: 0xc0de70a57badac75n,
  period: 0xded1ca7edda7aca7n,
};
const BOGUS_PARAMS = 'sched_nice=-1346383905, sched_priority=3100170472, sched_runtime=13464830495123435863, sched_deadline=13897669356158823541, sched_period=16055836792785972391';

const OTHER: Attr = { size: 56, flags: 1n, runtime: 1400000n };
const OTHER_VER0 = 'sched_policy=SCHED_OTHER, sched_flags=SCHED_FLAG_RESET_ON_FORK, sched_nice=0, sched_priority=0, sched_runtime=1400000, sched_deadline=0, sched_period=0';

describe('strace view: struct sched_attr', () => {
  describe('sched_setattr: the struct by its own size', () => {
    it('size 56: every field, the clamps too', () => {
      assert.equal(
        line(call('sched_setattr', [15732, P, 0], 0, { 1: attr(OTHER) })),
        `sched_setattr(15732, {size=56, ${OTHER_VER0}, sched_util_min=0, sched_util_max=0}, 0) = 0`,
      );
    });

    it('size 0: the 48-byte first version, without the clamps', () => {
      assert.equal(
        line(call('sched_setattr', [0, P, 0], 0, { 1: attr({ ...OTHER, size: 0 }, 48) })),
        `sched_setattr(0, {size=0, ${OTHER_VER0}}, 0) = 0`,
      );
    });

    it('size 48 to 55: the first version, without the clamps or `...`', () => {
      assert.equal(
        line(call('sched_setattr', [0, P, 0], 0, { 1: attr({ ...OTHER, size: 50 }, 50) })),
        `sched_setattr(0, {size=50, ${OTHER_VER0}}, 0) = 0`,
      );
    });

    it('below 48: the size alone, and on E2BIG the size the kernel wrote back', () => {
      assert.equal(
        line(call('sched_setattr', [0, P, 0], E2BIG, { 1: sizeOnly(1) }, { 1: sizeOnly(56) })),
        'sched_setattr(0, {size=1} => {size=56}, 0) = -1 E2BIG (Argument list too long)',
      );
      assert.equal(
        line(call('sched_setattr', [0, P, 0], E2BIG, { 1: sizeOnly(47) }, { 1: sizeOnly(56) })),
        'sched_setattr(0, {size=47} => {size=56}, 0) = -1 E2BIG (Argument list too long)',
      );
      // No write-back read (another error, or the exit could not read it): no ` => `.
      assert.equal(line(call('sched_setattr', [0, P, 0], EINVAL, { 1: sizeOnly(1) })), 'sched_setattr(0, {size=1}, 0) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('sched_setattr', [0, P, 0], E2BIG, { 1: sizeOnly(1) })), 'sched_setattr(0, {size=1}, 0) = -1 E2BIG (Argument list too long)');
    });

    it('above 56: the 56 bytes read, then `...`; E2BIG after them', () => {
      assert.equal(
        line(call('sched_setattr', [BOGUS_PID, P, BOGUS_FLAGS], EINVAL, { 1: attr(BOGUS) })),
        'sched_setattr(-87097619, {size=2424336480, sched_policy=0xca7faced /* SCHED_??? */, sched_flags=0xbadc0ded1057da80 /* SCHED_FLAG_??? */, ' +
          `${BOGUS_PARAMS}, sched_util_min=0, sched_util_max=0, ...}, 3735929054) = -1 EINVAL (Invalid argument)`,
      );
      assert.equal(
        line(call('sched_setattr', [0, P, 0], E2BIG, { 1: attr({ ...OTHER, size: 64 }) }, { 1: sizeOnly(56) })),
        `sched_setattr(0, {size=64, ${OTHER_VER0}, sched_util_min=0, sched_util_max=0, ...} => {size=56}, 0) = -1 E2BIG (Argument list too long)`,
      );
    });

    it('unknown flags after the known ones, an unknown policy in hex', () => {
      assert.equal(
        line(call('sched_setattr', [BOGUS_PID, P, BOGUS_FLAGS], EINVAL, { 1: attr({ ...BOGUS, flags: 0x87n }) })),
        'sched_setattr(-87097619, {size=2424336480, sched_policy=0xca7faced /* SCHED_??? */, sched_flags=SCHED_FLAG_RESET_ON_FORK|SCHED_FLAG_RECLAIM|SCHED_FLAG_DL_OVERRUN|0x80, ' +
          `${BOGUS_PARAMS}, sched_util_min=0, sched_util_max=0, ...}, 3735929054) = -1 EINVAL (Invalid argument)`,
      );
      assert.equal(
        line(call('sched_setattr', [BOGUS_PID, P, BOGUS_FLAGS], EINVAL, { 1: attr({ ...BOGUS, size: 56, policy: 0xdefaced, flags: 0xe7n }) })),
        'sched_setattr(-87097619, {size=56, sched_policy=0xdefaced /* SCHED_??? */, ' +
          'sched_flags=SCHED_FLAG_RESET_ON_FORK|SCHED_FLAG_RECLAIM|SCHED_FLAG_DL_OVERRUN|SCHED_FLAG_UTIL_CLAMP_MIN|SCHED_FLAG_UTIL_CLAMP_MAX|0x80, ' +
          `${BOGUS_PARAMS}, sched_util_min=0, sched_util_max=0}, 3735929054) = -1 EINVAL (Invalid argument)`,
      );
    });

    it('SCHED_FLAG_KEEP_POLICY leaves out the policy, SCHED_FLAG_KEEP_PARAMS the policy and parameters', () => {
      assert.equal(
        line(call('sched_setattr', [BOGUS_PID, P, BOGUS_FLAGS], EINVAL, { 1: attr({ ...BOGUS, size: 48, policy: 0xdefaced, flags: 0x8fn }, 48) })),
        'sched_setattr(-87097619, {size=48, sched_flags=SCHED_FLAG_RESET_ON_FORK|SCHED_FLAG_RECLAIM|SCHED_FLAG_DL_OVERRUN|SCHED_FLAG_KEEP_POLICY|0x80, ' +
          `${BOGUS_PARAMS}}, 3735929054) = -1 EINVAL (Invalid argument)`,
      );
      assert.equal(
        line(call('sched_setattr', [BOGUS_PID, P, BOGUS_FLAGS], EINVAL, { 1: attr({ ...BOGUS, size: 56, policy: 0xdefaced, flags: 0xcaffee90n }) })),
        'sched_setattr(-87097619, {size=56, sched_flags=SCHED_FLAG_KEEP_PARAMS|0xcaffee80, sched_util_min=0, sched_util_max=0}, 3735929054) = -1 EINVAL (Invalid argument)',
      );
      // A policy negative as an int is printed whatever the flags say.
      assert.equal(
        line(call('sched_setattr', [0, P, 0], EINVAL, { 1: attr({ size: 48, policy: 0xca7faced, flags: 0x8n }, 48) })),
        'sched_setattr(0, {size=48, sched_policy=0xca7faced /* SCHED_??? */, sched_flags=SCHED_FLAG_KEEP_POLICY, sched_nice=0, sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0}, 0) = -1 EINVAL (Invalid argument)',
      );
    });

    it('its address when it could not be read, NULL', () => {
      assert.equal(line(call('sched_setattr', [0, 0x7fa9f3fc7ffcn, 0], EFAULT, { 1: { unavailable: true } })), 'sched_setattr(0, 0x7fa9f3fc7ffc, 0) = -1 EFAULT (Bad address)');
      // The capture cut short of the size it says: not the struct strace read.
      assert.equal(line(call('sched_setattr', [0, P, 0], EFAULT, { 1: attr(OTHER, 48) })), 'sched_setattr(0, 0x7fa9f3fcdfc8, 0) = -1 EFAULT (Bad address)');
      assert.equal(line(call('sched_setattr', [BOGUS_PID, 0, 0], EINVAL)), 'sched_setattr(-87097619, NULL, 0) = -1 EINVAL (Invalid argument)');
    });

    it('interrupted: the flags and the size written back at exit, the comma before them too', () => {
      const formatter = new StraceFormatter({ timeZone: 'utc', alignColumn: 0 });
      const events: SyscallEvent[] = [
        enter('sched_setattr', [0, P, 0], { 1: sizeOnly(1) }, { tid: 20, ts: 100 }),
        enter('getpid', [], undefined, { tid: 21, pid: 20, ts: 200 }),
        exit('getpid', 20, undefined, { tid: 21, pid: 20, ts: 300 }),
        exit('sched_setattr', E2BIG, { 1: sizeOnly(56) }, { tid: 20, ts: 400 }),
        enter('sched_setattr', [0, P, 0], { 1: attr({ ...OTHER, size: 0 }, 48) }, { tid: 20, ts: 500 }),
        enter('getpid', [], undefined, { tid: 21, pid: 20, ts: 600 }),
        exit('getpid', 20, undefined, { tid: 21, pid: 20, ts: 700 }),
        exit('sched_setattr', 0, undefined, { tid: 20, ts: 800 }),
      ];
      const out = [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
      assert.deepEqual(out, [
        'sched_setattr(0, {size=1} <unfinished ...>',
        '[pid    21] getpid() = 20',
        '[pid    20] <... sched_setattr resumed> => {size=56}, 0) = -1 E2BIG (Argument list too long)',
        `[pid    20] sched_setattr(0, {size=0, ${OTHER_VER0}} <unfinished ...>`,
        '[pid    21] getpid() = 20',
        '[pid    20] <... sched_setattr resumed>, 0) = 0',
      ]);
    });
  });

  describe('sched_getattr: the struct as the kernel wrote it', () => {
    it('as far as its size field says: the first version, or with the clamps', () => {
      assert.equal(
        line(call('sched_getattr', [0, P, 48, 0], 0, undefined, { 1: attr({ ...OTHER, size: 48, flags: 0n }, 48) })),
        'sched_getattr(0, {size=48, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, sched_runtime=1400000, sched_deadline=0, sched_period=0}, 48, 0) = 0',
      );
      assert.equal(
        line(call('sched_getattr', [0, P, 56, 0], 0, undefined, { 1: attr({ ...OTHER, flags: 0n }) })),
        'sched_getattr(0, {size=56, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, sched_runtime=1400000, sched_deadline=0, sched_period=0, sched_util_min=0, sched_util_max=0}, 56, 0) = 0',
      );
    });

    it('never leaves out fields for SCHED_FLAG_KEEP_*; a size below 48 alone', () => {
      assert.equal(
        line(call('sched_getattr', [0, P, 56, 0], 0, undefined, { 1: attr({ size: 56, flags: 0x18n }) })),
        'sched_getattr(0, {size=56, sched_policy=SCHED_OTHER, sched_flags=SCHED_FLAG_KEEP_POLICY|SCHED_FLAG_KEEP_PARAMS, sched_nice=0, sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0, sched_util_min=0, sched_util_max=0}, 56, 0) = 0',
      );
      assert.equal(line(call('sched_getattr', [0, P, 56, 0], 0, undefined, { 1: attr({ size: 40 }) })), 'sched_getattr(0, {size=40}, 56, 0) = 0');
    });

    it('its address when it failed', () => {
      assert.equal(line(call('sched_getattr', [0, 0x7fa9f3fce000n, 48, 0], EFAULT)), 'sched_getattr(0, 0x7fa9f3fce000, 48, 0) = -1 EFAULT (Bad address)');
      assert.equal(line(call('sched_getattr', [-1, P, 0xdefacedcafef00dn, BOGUS_FLAGS], EINVAL)), 'sched_getattr(-1, 0x7fa9f3fcdfc8, 3405705229, 3735929054) = -1 EINVAL (Invalid argument)');
    });
  });
});
