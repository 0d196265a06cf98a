// struct sched_attr against the real module and the guest's strace (issue
// 18): test/progs/sched_calls makes sched_setattr and sched_getattr calls
// with known arguments, and `ktrace run` must print the lines strace prints
// for them: sched_setattr's struct read by its own size (kind self_sized),
// the size E2BIG wrote back, SCHED_FLAG_KEEP_*, structs cut by a page.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prog } from './lib/readers';
import { traceBoth } from './lib/trace-both';
import { expectOwnSecretsOnly } from './lib/sec-watcher';

const PROG = prog('sched_calls');
const WATCH = path.join(__dirname, 'helpers/sec-watch.js');

const CALLS = /^sched_(get|set)attr\(/;

const OTHER_VER0 = 'sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0';
const CLAMPS = 'sched_util_min=0, sched_util_max=0';
const PARAMS = 'sched_nice=-20, sched_priority=99, sched_runtime=1000000, sched_deadline=2000000, sched_period=3000000';
const E2BIG = '-1 E2BIG (Argument list too long)';
const EINVAL = '-1 EINVAL (Invalid argument)';

/** sched_setattr's lines both tracers must print exactly (addresses as ADDR). */
const EXACT = [
  `sched_setattr(0, {size=56, ${OTHER_VER0}, ${CLAMPS}}, 0) = 0`,
  `sched_setattr(0, {size=0, ${OTHER_VER0}}, 0) = 0`,
  `sched_setattr(0, {size=1} => {size=56}, 0) = ${E2BIG}`,
  `sched_setattr(0, {size=47} => {size=56}, 0) = ${E2BIG}`,
  `sched_setattr(0, {size=52, ${OTHER_VER0}}, 0) = 0`,
  `sched_setattr(0, {size=64, ${OTHER_VER0}, ${CLAMPS}, ...}, 0) = 0`,
  `sched_setattr(0, {size=64, ${OTHER_VER0}, ${CLAMPS}, ...} => {size=56}, 0) = ${E2BIG}`,
  `sched_setattr(0, {size=4097, ${OTHER_VER0}, ${CLAMPS}, ...} => {size=56}, 0) = ${E2BIG}`,
  `sched_setattr(0, {size=48, ${OTHER_VER0}}, 0) = 0`,
  'sched_setattr(0, ADDR, 0) = -1 EFAULT (Bad address)',
  `sched_setattr(0, {size=1} => {size=56}, 0) = ${E2BIG}`,
  'sched_setattr(0, ADDR, 0) = -1 EFAULT (Bad address)',
  `sched_setattr(0, NULL, 0) = ${EINVAL}`,
  `sched_setattr(-1, {size=56, sched_policy=0xca7faced /* SCHED_??? */, sched_flags=SCHED_FLAG_RESET_ON_FORK|SCHED_FLAG_RECLAIM|SCHED_FLAG_DL_OVERRUN|0x80, ${PARAMS}, sched_util_min=100, sched_util_max=1024}, 0) = ${EINVAL}`,
  `sched_setattr(-1, {size=56, sched_policy=0xca7faced /* SCHED_??? */, sched_flags=0xbadc0ded1057da80 /* SCHED_FLAG_??? */, ${PARAMS}, sched_util_min=100, sched_util_max=1024}, 0) = ${EINVAL}`,
  `sched_setattr(-1, {size=48, sched_flags=SCHED_FLAG_RESET_ON_FORK|SCHED_FLAG_RECLAIM|SCHED_FLAG_DL_OVERRUN|SCHED_FLAG_KEEP_POLICY|0x80, ${PARAMS}}, 0) = ${EINVAL}`,
  `sched_setattr(-1, {size=48, sched_policy=0xca7faced /* SCHED_??? */, sched_flags=SCHED_FLAG_RESET_ON_FORK|SCHED_FLAG_RECLAIM|SCHED_FLAG_DL_OVERRUN|SCHED_FLAG_KEEP_POLICY|0x80, ${PARAMS}}, 0) = ${EINVAL}`,
  `sched_setattr(-1, {size=56, sched_flags=SCHED_FLAG_KEEP_PARAMS|0xcaffee80, sched_util_min=100, sched_util_max=1024}, 3735929054) = ${EINVAL}`,
  `sched_setattr(-1, {size=56, sched_flags=SCHED_FLAG_KEEP_PARAMS|SCHED_FLAG_UTIL_CLAMP_MIN|SCHED_FLAG_UTIL_CLAMP_MAX, sched_util_min=100, sched_util_max=1024}, 0) = ${EINVAL}`,
];

/** The calls of a trace file: alignment padding and addresses normalised. */
function callLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2').replace(/\b0x7[ef][0-9a-f]{10}\b/g, 'ADDR'))
    .filter((l) => CALLS.test(l));
}

describe('struct sched_attr: sched_setattr by its own size, sched_getattr (in VM)', function () {
  this.timeout(900000);

  it('ktrace run prints the lines strace prints for the same calls', function () {
    const { strace, ktrace } = traceBoth(PROG, callLines);
    assert.deepEqual(ktrace, strace);
    const set = ktrace.filter((l) => l.startsWith('sched_setattr('));
    assert.deepEqual(set, EXACT);
    // sched_getattr's fields are the kernel's (sched_runtime: the task's slice on newer kernels).
    const get = ktrace.filter((l) => l.startsWith('sched_getattr('));
    assert.equal(get.length, 4, get.join('\n'));
    assert.match(get[0], /^sched_getattr\(0, \{size=48, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, sched_runtime=\d+, sched_deadline=0, sched_period=0\}, 48, 0\) = 0$/);
    assert.match(get[1], /^sched_getattr\(0, \{size=56, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, sched_runtime=\d+, sched_deadline=0, sched_period=0, sched_util_min=0, sched_util_max=\d+\}, 56, 0\) = 0$/);
    assert.equal(get[2], 'sched_getattr(0, ADDR, 56, 0) = -1 EFAULT (Bad address)');
    assert.equal(get[3], 'sched_getattr(0, NULL, 56, 0) = -1 EINVAL (Invalid argument)');
  });

  it("uid 1000 gets no sched_setattr struct of a setuid-root process, and its own", async function () {
    const dir = '/tmp/ktsched';
    const secret = 'ktsec-s!ktsec-s~';
    // sched_setattr's struct (kind self_sized): one record.
    await expectOwnSecretsOnly(dir, secret, PROG, WATCH, 1);
  });
});
