// Processes, credentials, scheduling, time and signals in the strace view
// (issue 18). Expected strings are what strace 6.1's own test programs
// (tests/*.c of its source package) print for the same arguments and memory.
import { strict as assert } from 'node:assert';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import type { StraceOptions, SyscallEvent } from '../../frontend/src/views/strace/types';
import { call } from '../support/syscalls';

function line(events: readonly SyscallEvent[], options: StraceOptions = {}): string {
  const formatter = new StraceFormatter({ timeZone: 'utc', alignColumn: 0, ...options });
  const out = [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
  assert.equal(out.length, 1, out.join('\n'));
  return out[0];
}

function le(width: 4 | 8, ...values: (number | bigint)[]): Uint8Array {
  const b = Buffer.alloc(width * values.length);
  values.forEach((v, i) => {
    if (width === 8) b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)), 8 * i);
    else b.writeUInt32LE(Number(BigInt.asUintN(32, BigInt(v))), 4 * i);
  });
  return b;
}

const P = 0x7f893324bf80;
const P2 = 0x7f893324bff0;
const EINVAL = -22;
const EFAULT = -14;

describe('strace view: processes, credentials, scheduling, time, signals', () => {
  describe('credentials', () => {
    it('prints uid_t and gid_t unsigned, (uid_t)-1 as -1, whatever the upper bits', () => {
      assert.equal(line(call('setuid', [0xffffffff], EINVAL)), 'setuid(-1) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('setgid', [-1], EINVAL)), 'setgid(-1) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('setuid', [0xffffffff00000000n], 0)), 'setuid(0) = 0');
      assert.equal(line(call('setreuid', [0, 0], 0)), 'setreuid(0, 0) = 0');
      assert.equal(line(call('setresgid', [0xc0deffff, -1, 0], EINVAL)), 'setresgid(3235839999, -1, 0) = -1 EINVAL (Invalid argument)');
    });

    it('fixes chown\'s owner and group the same way', () => {
      const ENOENT = -2;
      const path = 0x4a0010;
      assert.equal(
        line(call('chown', [path, 0xffff0000, 0], ENOENT, { 0: 'chown_sample\0' })),
        'chown("chown_sample", 4294901760, 0) = -1 ENOENT (No such file or directory)',
      );
      assert.equal(line(call('fchown', [3, -1, 0xffffffff], 0)), 'fchown(3, -1, -1) = 0');
      assert.equal(line(call('fchownat', [-100, path, 1000, 1000, 0x100], 0, { 1: 'x\0' })), 'fchownat(AT_FDCWD, "x", 1000, 1000, AT_SYMLINK_NOFOLLOW) = 0');
    });

    it('setfsuid returns the old id unsigned', () => {
      assert.equal(line(call('setfsuid', [0xfacefeeddeadbeefn], 0)), 'setfsuid(3735928559) = 0');
      assert.equal(line(call('setfsgid', [0], 0xffffffff)), 'setfsgid(0) = 4294967295');
    });

    it('getresuid, getresgid: the ids written, each in brackets', () => {
      const out = { 0: le(4, 0), 1: le(4, 1000), 2: le(4, 0xffffffff) };
      assert.equal(line(call('getresuid', [P, P + 8, P + 16], 0, undefined, out)), 'getresuid([0], [1000], [-1]) = 0');
      assert.equal(line(call('getresgid', [P, 0, 0], EFAULT)), `getresgid(0x${P.toString(16)}, NULL, NULL) = -1 EFAULT (Bad address)`);
    });

    it('getgroups: the ret groups written; setgroups: the count given', () => {
      assert.equal(line(call('getgroups', [0, 0], 0)), 'getgroups(0, NULL) = 0');
      assert.equal(line(call('getgroups', [1, P], 0)), 'getgroups(1, []) = 0');
      assert.equal(line(call('getgroups', [-1, 0], EINVAL)), 'getgroups(-1, NULL) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('getgroups', [4, P], 2, undefined, { 1: le(4, 0, 27) })), 'getgroups(4, [0, 27]) = 2');
      assert.equal(line(call('setgroups', [2, P], 0, { 1: le(4, 0xfffffffe, 0xffffffff) })), 'setgroups(2, [4294967294, -1]) = 0');
      assert.equal(line(call('setgroups', [0, 0], 0)), 'setgroups(0, NULL) = 0');
    });

    it('setgroups: an array cut at an unreadable element ends in its address, one cut at -s in ...', () => {
      const cut = { 1: { bytes: le(4, 0xffffffff), truncated: true } };
      assert.equal(line(call('setgroups', [2, P], EINVAL, cut), { snapLength: 2 }), 'setgroups(2, [-1, ... /* 0x7f893324bf84 */]) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('setgroups', [3, P], EINVAL, { 1: le(4, 0, 1, 2) }), { snapLength: 2 }), 'setgroups(3, [0, 1, ...]) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('setgroups', [1, P], EFAULT, { 1: { unavailable: true } })), `setgroups(1, 0x${P.toString(16)}) = -1 EFAULT (Bad address)`);
      // The element after the -s shown could not be read (the capture reads one more): its address, as strace.
      assert.equal(line(call('setgroups', [3, P], EFAULT, { 1: { bytes: le(4, -2, -3), truncated: true } }), { snapLength: 2 }), 'setgroups(3, [4294967294, 4294967293, ... /* 0x7f893324bf88 */]) = -1 EFAULT (Bad address)');
      assert.equal(line(call('setgroups', [4, P], EFAULT, { 1: { bytes: le(4, -2, -3, 0), truncated: true } }), { snapLength: 2 }), 'setgroups(4, [4294967294, 4294967293, ...]) = -1 EFAULT (Bad address)');
      // More than NGROUPS_MAX: the address, as strace.
      assert.equal(line(call('setgroups', [65537, P], EINVAL, { 1: le(4, 0, 1, 2) }), { snapLength: 2 }), `setgroups(65537, 0x${P.toString(16)}) = -1 EINVAL (Invalid argument)`);
      assert.equal(line(call('setgroups', [65536, P], EINVAL, { 1: le(4, 0, 1, 2) }), { snapLength: 2 }), 'setgroups(65536, [0, 1, ...]) = -1 EINVAL (Invalid argument)');
      // getgroups' capture reads no element more: its snap length's elements say nothing of the next one.
      assert.equal(line(call('getgroups', [3, P], 3, undefined, { 1: { bytes: le(4, 0, 1), truncated: true } }), { snapLength: 2 }), 'getgroups(3, [0, 1, ...]) = 3');
      // Cut by the record's room (not at a whole element): `...` without an address.
      assert.equal(line(call('setgroups', [4, P], EINVAL, { 1: { bytes: le(4, 0, 1).subarray(0, 7), truncated: true } })), 'setgroups(4, [0, ...]) = -1 EINVAL (Invalid argument)');
    });
  });

  describe('scheduling', () => {
    it('names policies and prints the returned one', () => {
      assert.equal(line(call('sched_get_priority_min', [1], 1)), 'sched_get_priority_min(SCHED_FIFO) = 1');
      assert.equal(line(call('sched_get_priority_max', [2], 99)), 'sched_get_priority_max(SCHED_RR) = 99');
      assert.equal(line(call('sched_getscheduler', [2628], 0)), 'sched_getscheduler(2628) = 0 (SCHED_OTHER)');
      assert.equal(line(call('sched_getscheduler', [-1], EINVAL)), 'sched_getscheduler(-1) = -1 EINVAL (Invalid argument)');
      assert.equal(
        line(call('sched_setscheduler', [2628, 0xfaceda7a, P], EINVAL, { 2: le(4, -1) })),
        'sched_setscheduler(2628, 0xfaceda7a /* SCHED_??? */, [-1]) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('sched_setscheduler', [2628, 0x40000001, 0], EINVAL)), 'sched_setscheduler(2628, SCHED_FIFO|SCHED_RESET_ON_FORK, NULL) = -1 EINVAL (Invalid argument)');
    });

    it('sched_getattr: the struct as far as the size given', () => {
      const attr = Buffer.alloc(48);
      attr.writeUInt32LE(48, 0);
      attr.writeInt32LE(-5, 16);
      assert.equal(
        line(call('sched_getattr', [0, P, 48, 0], 0, undefined, { 1: attr })),
        'sched_getattr(0, {size=48, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=-5, sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0}, 48, 0) = 0',
      );
      // The size is an unsigned int: upper bits do not matter.
      const full = Buffer.alloc(56);
      full.writeUInt32LE(56, 0);
      assert.equal(
        line(call('sched_getattr', [0, P, 0xffffffff00000038n, 0], 0, undefined, { 1: full })),
        'sched_getattr(0, {size=56, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0, sched_util_min=0, sched_util_max=0}, 56, 0) = 0',
      );
      assert.equal(line(call('sched_getattr', [2585, 0, 0, 0], EINVAL)), 'sched_getattr(2585, NULL, 0, 0) = -1 EINVAL (Invalid argument)');
      // sched_setattr's struct, read at entry (strace's sched_xetattr test).
      const given = Buffer.alloc(56);
      given.writeUInt32LE(56, 0);
      given.writeBigUInt64LE(1n, 8);
      assert.equal(
        line(call('sched_setattr', [2608, P, 0], 0, { 1: given })),
        'sched_setattr(2608, {size=56, sched_policy=SCHED_OTHER, sched_flags=SCHED_FLAG_RESET_ON_FORK, sched_nice=0, sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0, sched_util_min=0, sched_util_max=0}, 0) = 0',
      );
    });

    it('sched_getparam, sched_setparam: the priority in brackets', () => {
      assert.equal(line(call('sched_getparam', [2608, P], 0, undefined, { 1: le(4, 0) })), 'sched_getparam(2608, [0]) = 0');
      assert.equal(line(call('sched_setparam', [2608, P], EINVAL, { 1: le(4, -1) })), 'sched_setparam(2608, [-1]) = -1 EINVAL (Invalid argument)');
    });

    it('sched_getaffinity, sched_setaffinity: the CPUs of the mask', () => {
      assert.equal(line(call('sched_getaffinity', [2565, 8, P], 8, undefined, { 2: le(8, 3) })), 'sched_getaffinity(2565, 8, [0 1]) = 8');
      assert.equal(line(call('sched_setaffinity', [0, 8, P], 0, { 2: le(8, 0x101) })), 'sched_setaffinity(0, 8, [0 8]) = 0');
      assert.equal(line(call('sched_setaffinity', [0, 0, P], EINVAL)), 'sched_setaffinity(0, 0, []) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('sched_getaffinity', [0, 0, P], EINVAL)), `sched_getaffinity(0, 0, 0x${P.toString(16)}) = -1 EINVAL (Invalid argument)`);
    });

    it('sched_rr_get_interval, getcpu, getpriority', () => {
      assert.equal(line(call('sched_rr_get_interval', [0, 0], EFAULT)), 'sched_rr_get_interval(0, NULL) = -1 EFAULT (Bad address)');
      assert.equal(line(call('sched_rr_get_interval', [0, P], 0, undefined, { 1: le(8, 0, 100000000) })), 'sched_rr_get_interval(0, {tv_sec=0, tv_nsec=100000000}) = 0');
      assert.equal(line(call('getcpu', [0, 0, 0], 0)), 'getcpu(NULL, NULL, NULL) = 0');
      assert.equal(line(call('getcpu', [P, P2, 0x4a0000], 0, undefined, { 0: le(4, 1), 1: le(4, 0) })), 'getcpu([1], [0], 0x4a0000) = 0');
      assert.equal(line(call('getpriority', [0, 0], 20)), 'getpriority(PRIO_PROCESS, 0) = 20');
      assert.equal(line(call('setpriority', [2, 1000, -5], 0)), 'setpriority(PRIO_USER, 1000, -5) = 0');
    });

    it('ioprio_get, ioprio_set: who by name, the priority as IOPRIO_PRIO_VALUE', () => {
      assert.equal(
        line(call('ioprio_get', [0xdeadfacefa57beefn, 0xbadc0dedda7a1057n], EINVAL)),
        'ioprio_get(0xfa57beef /* IOPRIO_WHO_??? */, -629534633) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('ioprio_get', [1, 2000], 0x4004)), 'ioprio_get(IOPRIO_WHO_PROCESS, 2000) = 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))');
      assert.equal(line(call('ioprio_set', [2, 0, 8191], 0)), 'ioprio_set(IOPRIO_WHO_PGRP, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 8191)) = 0');
      assert.equal(
        line(call('ioprio_set', [1, 0, 0xdec0ded1facefeedn], EINVAL)),
        'ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(0x7d677 /* IOPRIO_CLASS_??? */, 7917)) = -1 EINVAL (Invalid argument)',
      );
    });
  });

  describe('time', () => {
    it('adjtimex: struct timex at exit, the clock state returned', () => {
      const tx = Buffer.alloc(208);
      tx.writeBigInt64LE(16000000n, 24); // maxerror
      tx.writeBigInt64LE(16000000n, 32); // esterror
      tx.writeUInt32LE(0x40, 40); // STA_UNSYNC
      tx.writeBigInt64LE(2n, 48); // constant
      tx.writeBigInt64LE(1n, 56); // precision
      tx.writeBigInt64LE(32768000n, 64); // tolerance
      tx.writeBigInt64LE(1796584259n, 72);
      tx.writeBigInt64LE(123456n, 80);
      tx.writeBigInt64LE(10000n, 88); // tick
      tx.writeInt32LE(4, 112); // shift
      assert.equal(
        line(call('adjtimex', [P], 5, undefined, { 0: tx })),
        'adjtimex({modes=0, offset=0, freq=0, maxerror=16000000, esterror=16000000, status=STA_UNSYNC, constant=2, precision=1, tolerance=32768000, ' +
          'time={tv_sec=1796584259, tv_usec=123456}, tick=10000, ppsfreq=0, jitter=0, shift=4, stabil=0, jitcnt=0, calcnt=0, errcnt=0, stbcnt=0, tai=0}) = 5 (TIME_ERROR)',
      );
      assert.equal(line(call('adjtimex', [0], EFAULT)), 'adjtimex(NULL) = -1 EFAULT (Bad address)');
      assert.equal(line(call('clock_adjtime', [1, 0], EFAULT)), 'clock_adjtime(CLOCK_MONOTONIC, NULL) = -1 EFAULT (Bad address)');
    });

    it('alarm takes an unsigned int', () => {
      assert.equal(line(call('alarm', [0xffffffff0000002an], 0)), 'alarm(42) = 0');
    });

    it('time returns seconds with their date, and writes them too', () => {
      assert.equal(line(call('time', [0], 1796584259)), 'time(NULL) = 1796584259 (2026-12-06T19:10:59+0000)');
      assert.equal(
        line(call('time', [P], 1796584259, undefined, { 0: le(8, 1796584259) })),
        'time([1796584259 /* 2026-12-06T19:10:59+0000 */]) = 1796584259 (2026-12-06T19:10:59+0000)',
      );
    });

    it('times: clock ticks with their seconds', () => {
      assert.equal(
        line(call('times', [P], 1718068264, undefined, { 0: le(8, 29, 67, 53, 0) })),
        'times({tms_utime=29 /* 0.29 s */, tms_stime=67 /* 0.67 s */, tms_cutime=53 /* 0.53 s */, tms_cstime=0}) = 1718068264',
      );
    });

    it('gettimeofday, settimeofday: timeval with tv_usec unsigned, timezone', () => {
      assert.equal(line(call('gettimeofday', [P, 0], 0, undefined, { 0: le(8, 1796584475, 209441) })), 'gettimeofday({tv_sec=1796584475, tv_usec=209441}, NULL) = 0');
      assert.equal(
        line(call('settimeofday', [P, P2], EINVAL, { 0: le(8, -1, 0xbadc0dedfacefeedn), 1: le(4, -300, 1) })),
        'settimeofday({tv_sec=-1, tv_usec=13464652301697220333}, {tz_minuteswest=-300, tz_dsttime=1}) = -1 EINVAL (Invalid argument)',
      );
    });

    it('nanosleep: an invalid tv_nsec prints unsigned', () => {
      assert.equal(
        line(call('nanosleep', [P, P2], EINVAL, { 0: le(8, -3819351491602432273n, 0xbadc0dedfacefeedn) })),
        `nanosleep({tv_sec=-3819351491602432273, tv_nsec=13464652301697220333}, 0x${P2.toString(16)}) = -1 EINVAL (Invalid argument)`,
      );
    });

    it('nanosleep, clock_nanosleep: the time left only when a signal interrupted the sleep', () => {
      const req = { 0: le(8, 0, 999999999) };
      const left = { 1: le(8, 0, 888851426) };
      assert.equal(
        line(call('nanosleep', [P, P2], -516, req, left)),
        'nanosleep({tv_sec=0, tv_nsec=999999999}, {tv_sec=0, tv_nsec=888851426}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)',
      );
      assert.equal(line(call('nanosleep', [P, P2], 0, req, left)), `nanosleep({tv_sec=0, tv_nsec=999999999}, 0x${P2.toString(16)}) = 0`);
      assert.equal(
        line(call('clock_nanosleep', [0, 0, P, P2], -4, { 2: le(8, 0, 999999999) }, { 3: le(8, 0, 5) })),
        'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=999999999}, {tv_sec=0, tv_nsec=5}) = -1 EINTR (Interrupted system call)',
      );
    });

    it('setitimer, getitimer: ITIMER_* and itimerval', () => {
      const value = le(8, 789985, 789986, 789987, 789988);
      assert.equal(
        line(call('setitimer', [0, P, 0], 0, { 1: value })),
        'setitimer(ITIMER_REAL, {it_interval={tv_sec=789985, tv_usec=789986}, it_value={tv_sec=789987, tv_usec=789988}}, NULL) = 0',
      );
      assert.equal(line(call('getitimer', [5, P], EINVAL)), `getitimer(0x5 /* ITIMER_??? */, 0x${P.toString(16)}) = -1 EINVAL (Invalid argument)`);
    });

    it('timers: clock, flags, itimerspec, the timer id written', () => {
      assert.equal(line(call('timer_create', [0, 0, 0], EFAULT)), 'timer_create(CLOCK_REALTIME, NULL, NULL) = -1 EFAULT (Bad address)');
      const sev = Buffer.alloc(64);
      sev.writeBigUInt64LE(0xdeadbeefbadc0dedn, 0);
      sev.writeUInt32LE(0xfacefeed, 8);
      sev.writeUInt32LE(0xdefaced, 12);
      assert.equal(
        line(call('timer_create', [0, P, 0], EINVAL, { 1: sev })),
        'timer_create(CLOCK_REALTIME, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=4207869677, sigev_notify=0xdefaced /* SIGEV_??? */}, NULL) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('timer_create', [1, P, P2], 0, { 1: Buffer.from(Buffer.alloc(64).fill(0).map((_, i) => (i === 12 ? 1 : 0))) }, { 2: le(4, 0) })),
        'timer_create(CLOCK_MONOTONIC, {sigev_signo=0, sigev_notify=SIGEV_NONE}, [0]) = 0',
      );
      sev.writeUInt32LE(14, 8); // SIGALRM
      sev.writeUInt32LE(4, 12); // SIGEV_THREAD_ID
      sev.writeInt32LE(321, 16);
      assert.equal(
        line(call('timer_create', [1, P, P2], 0, { 1: sev }, { 2: le(4, 3) })),
        'timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=SIGALRM, sigev_notify=SIGEV_THREAD_ID, sigev_notify_thread_id=321}, [3]) = 0',
      );
      assert.equal(line(call('timer_settime', [0xdefaced, 1, 0, 0], EINVAL)), 'timer_settime(233811181, TIMER_ABSTIME, NULL, NULL) = -1 EINVAL (Invalid argument)');
      assert.equal(
        line(call('timer_gettime', [0, P], 0, undefined, { 1: le(8, 0, 0, 1, 999999999) })),
        'timer_gettime(0, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=1, tv_nsec=999999999}}) = 0',
      );
      assert.equal(line(call('timerfd_create', [1, 0x80800], 3)), 'timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 3');
      assert.equal(line(call('clock_settime', [1, 0], EINVAL)), 'clock_settime(CLOCK_MONOTONIC, NULL) = -1 EINVAL (Invalid argument)');
    });
  });

  describe('signals', () => {
    it('a sigset is read for sizes 1 to 8, its address printed otherwise', () => {
      assert.equal(line(call('rt_sigpending', [P, 128], EINVAL)), `rt_sigpending(0x${P.toString(16)}, 128) = -1 EINVAL (Invalid argument)`);
      assert.equal(line(call('rt_sigpending', [P, 8], 0, undefined, { 0: le(8, 0x800) })), 'rt_sigpending([USR2], 8) = 0');
      assert.equal(line(call('rt_sigpending', [P, 4], 0, undefined, { 0: le(4, 0x800) })), 'rt_sigpending([USR2], 4) = 0');
      assert.equal(
        line(call('rt_sigprocmask', [2, P, P2, 16], EINVAL, { 1: le(8, -1) })),
        `rt_sigprocmask(SIG_SETMASK, 0x${P.toString(16)}, 0x${P2.toString(16)}, 16) = -1 EINVAL (Invalid argument)`,
      );
      assert.equal(line(call('rt_sigsuspend', [P, 128], EINVAL)), `rt_sigsuspend(0x${P.toString(16)}, 128) = -1 EINVAL (Invalid argument)`);
      // An input set of less than a word prints its address, an output one its signals.
      assert.equal(line(call('rt_sigsuspend', [P, 4], EINVAL, { 0: le(4, 0x800) })), `rt_sigsuspend(0x${P.toString(16)}, 4) = -1 EINVAL (Invalid argument)`);
      assert.equal(line(call('rt_sigpending', [P, 1], 0, undefined, { 0: new Uint8Array([3]) })), 'rt_sigpending([HUP INT], 1) = 0');
    });

    it('signalfd4, rt_sigtimedwait, rt_sigqueueinfo', () => {
      assert.equal(line(call('signalfd4', [-1, P, 8, 0x80800], 3, { 1: le(8, 0x10800) })), 'signalfd4(-1, [USR2 CHLD], 8, SFD_CLOEXEC|SFD_NONBLOCK) = 3');
      assert.equal(
        line(call('rt_sigtimedwait', [P, 0, P2, 128], EINVAL, { 2: le(8, 0, 42) })),
        `rt_sigtimedwait(0x${P.toString(16)}, NULL, {tv_sec=0, tv_nsec=42}, 128) = -1 EINVAL (Invalid argument)`,
      );
      assert.equal(line(call('rt_sigqueueinfo', [2425, 10, 0], EFAULT)), 'rt_sigqueueinfo(2425, SIGUSR1, NULL) = -1 EFAULT (Bad address)');
    });

    it('siginfo given (rt_sigqueueinfo) and returned (rt_sigtimedwait)', () => {
      const info = Buffer.alloc(128);
      info.writeInt32LE(10, 0); // SIGUSR1
      info.writeInt32LE(-1, 8); // SI_QUEUE
      info.writeInt32LE(2425, 16);
      info.writeUInt32LE(0, 20);
      info.writeBigUInt64LE(0xffffffffn, 24);
      assert.equal(
        line(call('rt_sigqueueinfo', [2425, 10, P], 0, { 2: info })),
        'rt_sigqueueinfo(2425, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=2425, si_uid=0, si_int=-1, si_ptr=0xffffffff}) = 0',
      );
      const tkill = Buffer.alloc(128);
      tkill.writeInt32LE(1, 0); // SIGHUP
      tkill.writeInt32LE(-6, 8); // SI_TKILL
      tkill.writeInt32LE(42, 16);
      assert.equal(
        line(call('rt_sigtimedwait', [P, P2, 0, 8], 1, { 0: le(8, 1) }, { 1: tkill })),
        'rt_sigtimedwait([HUP], {si_signo=SIGHUP, si_code=SI_TKILL, si_pid=42, si_uid=0}, NULL, 8) = 1 (SIGHUP)',
      );
    });

    it('rt_sigreturn: the mask its frame restores', () => {
      assert.equal(line(call('rt_sigreturn', [], 0, { 0: le(8, (1n << 1n) | (1n << 11n)) })), 'rt_sigreturn({mask=[INT USR2]}) = 0');
    });

    it('wait4 prints a status only for a reaped child', () => {
      const status = { 1: le(4, 0x7f) };
      assert.equal(line(call('wait4', [3779, P, 0x40000001, 0], 0, undefined, status)), `wait4(3779, 0x${P.toString(16)}, WNOHANG|__WALL, NULL) = 0`);
      const usage = { 1: le(4, 0x7f), 3: Buffer.alloc(144) };
      assert.equal(line(call('wait4', [3779, P, 0x40000001, P2], 0, undefined, usage)), `wait4(3779, 0x${P.toString(16)}, WNOHANG|__WALL, 0x${P2.toString(16)}) = 0`);
      assert.equal(line(call('wait4', [3779, P, 0, 0], 3779, undefined, { 1: le(4, 0x300) })), 'wait4(3779, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 3779');
    });

    it('waitid: idtype and options', () => {
      assert.equal(line(call('waitid', [0xfacefeed00000001n, 0xfacefeed00000ee3n, 0, 0xfacefeed00000005n, 0], 0)), 'waitid(P_PID, 3811, NULL, WNOHANG|WEXITED, NULL) = 0');
    });
  });

  describe('system', () => {
    it('syslog: the action with its name in a comment, arguments by action', () => {
      assert.equal(line(call('syslog', [0xbadc0ded00000000n, 0xfacefeeddeadbeefn, -1], 0)), 'syslog(0 /* SYSLOG_ACTION_CLOSE */) = 0');
      assert.equal(line(call('syslog', [0xbadc0dedfeedbeefn, 0, -1], EINVAL)), 'syslog(-17973521 /* SYSLOG_ACTION_??? */, NULL, -1) = -1 EINVAL (Invalid argument)');
      assert.equal(
        line(call('syslog', [0xbadc0ded00000008n, 0xfacefeeddeadbeefn, 8], 0)),
        'syslog(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, 0xfacefeeddeadbeef, 8 /* LOGLEVEL_DEBUG+1 */) = 0',
      );
    });

    it('hosts, ports, LDT, ustat, robust lists', () => {
      assert.equal(line(call('sethostname', [0, 64], EFAULT)), 'sethostname(NULL, 64) = -1 EFAULT (Bad address)');
      assert.equal(line(call('sethostname', [P, 65], EINVAL)), `sethostname(0x${P.toString(16)}, 65) = -1 EINVAL (Invalid argument)`);
      assert.equal(line(call('setdomainname', [P, 4], 0, { 0: 'test' })), 'setdomainname("test", 4) = 0');
      assert.equal(line(call('iopl', [4], EINVAL)), 'iopl(4) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('ioperm', [0xdeafbeefffffffffn, 1, 0], EINVAL)), 'ioperm(0xdeafbeefffffffff, 0x1, 0) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('modify_ldt', [0, 0, 0], 0)), 'modify_ldt(0, NULL, 0) = 0');
      const ENOSYS32 = 0xffffffdan; // -ENOSYS as modify_ldt returns it, zero-extended
      const desc = Buffer.from([0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f]);
      assert.equal(
        line(call('modify_ldt', [0xbadc0dedda7a1057n, P, 16], ENOSYS32, { 1: desc })),
        'modify_ldt(-629534633, {entry_number=2206368128, base_addr=0x87868584, limit=0x8b8a8988, seg_32bit=0, contents=2, read_exec_only=1, limit_in_pages=0, seg_not_present=0, useable=0, lm=1}, 16) = 4294967258 ENOSYS (Function not implemented)',
      );
      const cleared = Buffer.from(desc.map((_, i) => 0x55 + i));
      cleared.writeUInt32LE(0xffffffff, 0);
      cleared.writeUInt32LE(0, 4);
      cleared.writeUInt32LE(0, 8);
      assert.equal(
        line(call('modify_ldt', [1, P, 16], ENOSYS32, { 1: cleared })),
        'modify_ldt(1, {entry_number=-1, base_addr=00000000, limit=00000000, seg_32bit=1, contents=0, read_exec_only=0, limit_in_pages=0, seg_not_present=1, useable=1, lm=0}, 16) = 4294967258 ENOSYS (Function not implemented)',
      );
      assert.equal(line(call('modify_ldt', [1, P, 42], ENOSYS32, { 1: desc })), `modify_ldt(1, 0x${P.toString(16)}, 42) = 4294967258 ENOSYS (Function not implemented)`);
      assert.equal(line(call('vhangup', [0x7ffeec8c6c58], 0)), 'vhangup() = 0');
      assert.equal(line(call('ustat', [0xfacefeedffffffffn, 0], EINVAL)), 'ustat(makedev(0xfff, 0xfffff), NULL) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('get_robust_list', [0, 0, 0], EFAULT)), 'get_robust_list(0, NULL, NULL) = -1 EFAULT (Bad address)');
      assert.equal(
        line(call('get_robust_list', [0xdeadbeef00000a19n, P, P2], 0, undefined, { 1: le(8, 0x7f00aa000920), 2: le(8, 24) })),
        'get_robust_list(2585, [0x7f00aa000920], [24]) = 0',
      );
      assert.equal(line(call('kcmp', [1, 2, 0, 3, 4], 0)), 'kcmp(1, 2, KCMP_FILE, 3, 4) = 0');
      assert.equal(
        line(call('futex_waitv', [0, 0xdefaced00000001n, 0xdefacedffffffffn, 0, 0xdefaced00000001n], EINVAL)),
        'futex_waitv(NULL, 1, 0xffffffff, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('prctl', [15, P], 0, { 1: 'worker\0' })), 'prctl(PR_SET_NAME, "worker") = 0');
    });
  });
});
