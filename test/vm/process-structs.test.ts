// Credential, scheduling, timer and signal structs (kmod/ktrace_sysargs.h
// layouts 30-40, sized sigsets, getgroups-style arrays, rt_sigreturn's frame
// mask) against the real module and the guest's strace: test/progs/
// process_calls makes each call with known values; `ktrace run` must print
// these lines, and strace 6.1 prints the same ones.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from './lib/events';
import { prog } from './lib/readers';
import { expectOwnSecretsOnly } from './lib/sec-watcher';

const PROG = prog('process_calls');
const WATCH = path.join(__dirname, 'helpers/sec-watch.js');

/** What both tracers print, values that change from run to run normalised (see normalise). */
const EXPECTED = [
  'getresuid([0], [0], [0]) = 0',
  'setresgid(-1, -1, -1) = 0',
  'setgroups(2, [0, 1]) = 0',
  'sched_getparam(0, [0]) = 0',
  'sched_getscheduler(0) = 0 (SCHED_OTHER)',
  'sched_get_priority_max(SCHED_FIFO) = 99',
  'sched_getaffinity(0, 8, [0 1]) = 8',
  'getcpu([N], [0], NULL) = 0',
  'get_robust_list(0, [ADDR], [24]) = 0',
  'alarm(0) = 0',
  'setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}) = 0',
  'timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 3',
  'timerfd_settime(3, 0, {it_interval={tv_sec=1, tv_nsec=2}, it_value={tv_sec=3, tv_nsec=4}}, NULL) = 0',
  'timerfd_settime(3, 0, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=0}}, NULL) = 0',
  'timerfd_gettime(3, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=0}}) = 0',
  'time([N /* DATE */]) = N (DATE)',
  'times({tms_utime=N, tms_stime=N, tms_cutime=N, tms_cstime=N}) = N',
  'gettimeofday({tv_sec=N, tv_usec=N}, {tz_minuteswest=0, tz_dsttime=0}) = 0',
  'rt_sigprocmask(SIG_BLOCK, [USR2], [], 8) = 0',
  'rt_sigpending([USR2], 8) = 0',
  'rt_sigpending([USR2], 4) = 0',
  'rt_sigtimedwait([USR2], {si_signo=SIGUSR2, si_code=SI_USER, si_pid=PID, si_uid=0}, {tv_sec=0, tv_nsec=0}, 8) = 12 (SIGUSR2)',
  'signalfd4(-1, [USR2 CHLD], 8, SFD_CLOEXEC|SFD_NONBLOCK) = 4',
  'rt_sigprocmask(SIG_BLOCK, [CHLD], NULL, 8) = 0',
  'rt_sigreturn({mask=[USR2 CHLD]}) = 0',
];

const CALLS =
  /^(getresuid|setresgid|setgroups|sched_\w+|getcpu|get_robust_list|alarm|setitimer|timerfd_\w+|time|times|gettimeofday|rt_sigprocmask|rt_sigpending|rt_sigtimedwait|signalfd4|rt_sigreturn)\(/;

/** The calls of a trace file, alignment padding removed and run-dependent values replaced. */
function normalise(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2'))
    .filter((l) => CALLS.test(l))
    .map((l) =>
      l
        .replace(/^getcpu\(\[\d+\]/, 'getcpu([N]')
        .replace(/^get_robust_list\(0, \[0x[0-9a-f]+\]/, 'get_robust_list(0, [ADDR]')
        .replace(/si_pid=\d+/, 'si_pid=PID')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}/g, 'DATE')
        .replace(/^time\(\[\d+ (.*) = \d+ /, 'time([N $1 = N ')
        .replace(/tms_(\w+)=\d+( \/\* [\d.]+ s \*\/)?/g, 'tms_$1=N')
        .replace(/^(times\(.*) = \d+$/, '$1 = N')
        .replace(/\{tv_sec=\d+, tv_usec=\d+\}, \{tz_/, '{tv_sec=N, tv_usec=N}, {tz_'),
    );
}

describe('captured process structs: ids, sched_param, cpu mask, itimerval, itimerspec, tms, timeval, sized sigsets, siginfo, sigreturn mask (in VM)', function () {
  this.timeout(600000);

  it('ktrace run prints the lines strace prints, with the known values', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procstructs-'));
    const s = spawnSync('strace', ['-qq', '-o', `${dir}/s.txt`, PROG], { encoding: 'utf8' });
    assert.equal(s.status, 0, s.stderr);
    const k = spawnSync(process.execPath, [CLI, 'run', '-o', `${dir}/k.txt`, '--', PROG], { encoding: 'utf8' });
    assert.equal(k.status, 0, k.stderr);
    assert.deepEqual(normalise(`${dir}/s.txt`), EXPECTED, 'strace');
    assert.deepEqual(normalise(`${dir}/k.txt`), EXPECTED, 'ktrace');
  });

  it('uid 1000 gets none of a setuid-root process\'s signal masks: given, returned, restored by rt_sigreturn', async function () {
    const dir = '/tmp/ktprocstruct';
    // 8 bytes blocking neither SIGKILL, SIGSTOP (the kernel drops them) nor SIGUSR1 (the handled signal).
    const secret = 'ktsec-r!';
    // read()'s buffer (the file's bytes), rt_sigprocmask's new mask (entry), its old mask (exit),
    // rt_sigreturn's restored mask (entry): the privileged reader gets all four of both processes,
    // uid 1000 only its own process's.
    await expectOwnSecretsOnly(dir, secret, PROG, WATCH, 4);
  });
});

