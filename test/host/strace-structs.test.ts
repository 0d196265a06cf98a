// Structs the strings variable captures (kmod/ktrace_sysargs.h), in the
// strace view. Expected lines are what strace 6.1 printed in the 6.1 guest
// for test/progs/struct_calls (with -v for the verbose forms), with the
// bytes those calls carried.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import { formatDev, formatRlim, formatSigset, formatStatMode, formatWaitStatus, isoTime } from '../../frontend/src/views/strace/layouts';
import type { StraceOptions, SyscallEvent } from '../../frontend/src/views/strace/types';
import { bytes, call, enter, exit } from '../support/syscalls';

function lines(events: readonly SyscallEvent[], options: StraceOptions = {}): string[] {
  const formatter = new StraceFormatter({ timeZone: 'utc', ...options });
  return [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
}

function line(events: readonly SyscallEvent[], options: StraceOptions = {}): string {
  const out = lines(events, options);
  assert.equal(out.length, 1, out.join('\n'));
  return out[0];
}

function text(size: number, fields: readonly (readonly [number, string])[]): Uint8Array {
  const b = Buffer.alloc(size);
  for (const [at, s] of fields) b.write(s, at, 'latin1');
  return b;
}

const PTR = 0x7ffc2da22710;
const PATH = 0x4a0010;
const T = 1796577045n;

/** struct stat of the 1234-byte, mode 0640 file struct_calls creates (tmpfs, dev 0:0x18, inode 4). */
const STAT = bytes(144, [
  [0, 8, 0x18], [8, 8, 4], [16, 8, 1], [24, 4, 0o100640], [28, 4, 0], [32, 4, 0], [48, 8, 1234], [56, 8, 4096], [64, 8, 0],
  [72, 8, T], [80, 8, 520000000], [88, 8, T], [96, 8, 520000000], [104, 8, T], [112, 8, 520000000],
]);
const STAT_VERBOSE =
  '{st_dev=makedev(0, 0x18), st_ino=4, st_mode=S_IFREG|0640, st_nlink=1, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=0, st_size=1234, ' +
  'st_atime=1796577045 /* 2026-12-06T17:10:45.520000000+0000 */, st_atime_nsec=520000000, ' +
  'st_mtime=1796577045 /* 2026-12-06T17:10:45.520000000+0000 */, st_mtime_nsec=520000000, ' +
  'st_ctime=1796577045 /* 2026-12-06T17:10:45.520000000+0000 */, st_ctime_nsec=520000000}';

describe('strace view: captured structs', () => {
  describe('struct stat', () => {
    it('stat, fstat, lstat and newfstatat in the abbreviated form', () => {
      assert.equal(line(call('stat', [PATH, PTR], 0, { 0: 'struct_file' }, { 1: STAT })), 'stat("struct_file", {st_mode=S_IFREG|0640, st_size=1234, ...}) = 0');
      assert.equal(line(call('fstat', [3, PTR], 0, {}, { 1: STAT })), 'fstat(3, {st_mode=S_IFREG|0640, st_size=1234, ...}) = 0');
      assert.equal(line(call('lstat', [PATH, PTR], 0, { 0: 'struct_file' }, { 1: STAT })), 'lstat("struct_file", {st_mode=S_IFREG|0640, st_size=1234, ...}) = 0');
      assert.equal(
        line(call('newfstatat', [-100, PATH, PTR, 0], 0, { 1: 'struct_file' }, { 2: STAT })),
        'newfstatat(AT_FDCWD, "struct_file", {st_mode=S_IFREG|0640, st_size=1234, ...}, 0) = 0',
      );
    });

    it('every field with -v, times with their dates', () => {
      assert.equal(line(call('stat', [PATH, PTR], 0, { 0: 'struct_file' }, { 1: STAT }), { verbose: true }), `stat("struct_file", ${STAT_VERBOSE}) = 0`);
    });

    it('a device: st_rdev instead of st_size', () => {
      const nullDev = bytes(144, [[24, 4, 0o20666], [40, 8, 0x103], [48, 8, 0]]);
      assert.equal(line(call('fstat', [0, PTR], 0, {}, { 1: nullDev })), 'fstat(0, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0');
    });

    it('the address when the call failed or the memory could not be read', () => {
      assert.equal(
        line(call('stat', [PATH, PTR], -2, { 0: 'no_such_file' })),
        'stat("no_such_file", 0x7ffc2da22710)    = -1 ENOENT (No such file or directory)',
      );
      assert.equal(line(call('fstat', [3, PTR], 0, {}, { 1: { unavailable: true } })), 'fstat(3, 0x7ffc2da22710)                = 0');
      assert.equal(line(call('fstat', [3, PTR], 0, {}, { 1: STAT.subarray(0, 100) })), 'fstat(3, 0x7ffc2da22710)                = 0', 'short bytes');
      assert.equal(line(call('fstat', [3, 0], -14)), 'fstat(3, NULL)                          = -1 EFAULT (Bad address)');
    });

    it('modes and devices as strace spells them', () => {
      assert.equal(formatStatMode(0o41777n), 'S_IFDIR|S_ISVTX|0777');
      assert.equal(formatStatMode(0o104755n), 'S_IFREG|S_ISUID|0755');
      assert.equal(formatStatMode(0o120777n), 'S_IFLNK|0777');
      assert.equal(formatStatMode(0o10000n), 'S_IFIFO|000');
      assert.equal(formatStatMode(0o100007n), 'S_IFREG|007');
      assert.equal(formatDev(0x801n), 'makedev(0x8, 0x1)');
      assert.equal(formatDev(0n), 'makedev(0, 0)');
      // new_encode_dev: the minor's bits above the low 8 start at bit 20.
      assert.equal(formatDev(0x45612378n), 'makedev(0x123, 0x45678)');
      assert.equal(isoTime(0n, 5n, 'utc'), '1970-01-01T00:00:00.000000005+0000');
    });
  });

  describe('times', () => {
    it('timespec in (nanosleep) and out (clock_getres, clock_gettime)', () => {
      const nap = bytes(16, [[0, 8, 0], [8, 8, 1000]]);
      assert.equal(line(call('nanosleep', [PTR, 0], 0, { 0: nap })), 'nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0');
      // The remainder is written only when interrupted; strace then shows it, else the address.
      assert.equal(line(call('nanosleep', [PTR, PTR + 16], 0, { 0: nap })), 'nanosleep({tv_sec=0, tv_nsec=1000}, 0x7ffc2da22720) = 0');
      const res = bytes(16, [[0, 8, 0], [8, 8, 1]]);
      assert.equal(line(call('clock_getres', [1, PTR], 0, {}, { 1: res })), 'clock_getres(CLOCK_MONOTONIC, {tv_sec=0, tv_nsec=1}) = 0');
      const now = bytes(16, [[0, 8, T], [8, 8, 310525330]]);
      assert.equal(line(call('clock_gettime', [0, PTR], 0, {}, { 1: now })), 'clock_gettime(CLOCK_REALTIME, {tv_sec=1796577045, tv_nsec=310525330}) = 0');
      assert.equal(line(call('clock_nanosleep', [1, 0, PTR, 0], 0, { 2: nap })), 'clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000}, NULL) = 0');
    });
  });

  describe('int[2]', () => {
    it('pipe2, pipe and socketpair', () => {
      const fds = bytes(8, [[0, 4, 3], [4, 4, 4]]);
      assert.equal(line(call('pipe2', [PTR, 0o2000000], 0, {}, { 0: fds })), 'pipe2([3, 4], O_CLOEXEC)                = 0');
      assert.equal(line(call('pipe', [PTR], 0, {}, { 0: fds })), 'pipe([3, 4])                            = 0');
      assert.equal(line(call('socketpair', [1, 1, 0, PTR], 0, {}, { 3: fds })), 'socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0');
      assert.equal(line(call('pipe2', [PTR, 0], -24)), 'pipe2(0x7ffc2da22710, 0)                = -1 EMFILE (Too many open files)');
    });
  });

  describe('rlimit', () => {
    const set = bytes(16, [[0, 8, 1024], [8, 8, 512 * 1024]]);
    it('setrlimit, getrlimit and prlimit64', () => {
      assert.equal(line(call('setrlimit', [7, PTR], 0, { 1: set })), 'setrlimit(RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=512*1024}) = 0');
      assert.equal(line(call('getrlimit', [7, PTR], 0, {}, { 1: set })), 'getrlimit(RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=512*1024}) = 0');
      assert.equal(line(call('prlimit64', [0, 7, 0, PTR], 0, {}, { 3: set })), 'prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=1024, rlim_max=512*1024}) = 0');
      const stack = bytes(16, [[0, 8, 8192 * 1024], [8, 8, -1n]]);
      assert.equal(
        line(call('prlimit64', [0, 3, 0, PTR], 0, {}, { 3: stack })),
        'prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0',
      );
    });

    it('values: multiples of 1024 above 1024 as N*1024', () => {
      assert.deepEqual([0n, 1024n, 1025n, 2048n, 4097n].map(formatRlim), ['0', '1024', '1025', '2*1024', '4097']);
    });
  });

  describe('wait4', () => {
    it('the status of a child that exited 3, and rusage abbreviated and with -v', () => {
      const exited3 = bytes(4, [[0, 4, 3 << 8]]);
      assert.equal(line(call('wait4', [140, PTR, 0, 0], 140, {}, { 1: exited3 })), 'wait4(140, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 140');
      const usage = bytes(144, [[0, 8, 0], [8, 8, 2506], [16, 8, 0], [24, 8, 0], [32, 8, 108], [64, 8, 7], [128, 8, 6]]);
      const exited0 = bytes(4, [[0, 4, 0]]);
      assert.equal(
        line(call('wait4', [147, PTR, 0, PTR + 8], 147, {}, { 1: exited0, 3: usage })),
        'wait4(147, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, {ru_utime={tv_sec=0, tv_usec=2506}, ru_stime={tv_sec=0, tv_usec=0}, ...}) = 147',
      );
      assert.equal(
        line(call('wait4', [147, PTR, 0, PTR + 8], 147, {}, { 1: exited0, 3: usage }), { verbose: true }),
        'wait4(147, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, {ru_utime={tv_sec=0, tv_usec=2506}, ru_stime={tv_sec=0, tv_usec=0}, ' +
          'ru_maxrss=108, ru_ixrss=0, ru_idrss=0, ru_isrss=0, ru_minflt=7, ru_majflt=0, ru_nswap=0, ru_inblock=0, ru_oublock=0, ' +
          'ru_msgsnd=0, ru_msgrcv=0, ru_nsignals=0, ru_nvcsw=6, ru_nivcsw=0}) = 147',
      );
    });

    it('signalled, dumped, stopped and continued statuses', () => {
      const status = (s: number) => formatWaitStatus(bytes(4, [[0, 4, s]]));
      assert.equal(status(9), '[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]');
      assert.equal(status(0x80 | 11), '[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]');
      assert.equal(status((19 << 8) | 0x7f), '[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]');
      assert.equal(status(0xffff), '[{WIFCONTINUED(s)}]');
    });

    it('the status split over an interrupted line', () => {
      const exited3 = bytes(4, [[0, 4, 3 << 8]]);
      const out = lines([
        enter('wait4', [146, PTR, 0, 0], undefined, { tid: 145 }),
        enter('exit_group', [3], undefined, { tid: 146 }),
        exit('wait4', 146, { 1: exited3 }, { tid: 145 }),
      ]);
      assert.deepEqual(out, [
        'wait4(146,  <unfinished ...>',
        '[pid   146] exit_group(3)               = ?',
        '[pid   146] +++ exited with 3 +++',
        '<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 146',
      ]);
    });
  });

  describe('system', () => {
    const uts = text(390, [[0, 'Linux'], [65, 'ktrace-vm'], [130, '6.1.0-57-amd64'], [195, '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)'], [260, 'x86_64'], [325, '(none)']]);
    it('uname abbreviated and with -v', () => {
      assert.equal(line(call('uname', [PTR], 0, {}, { 0: uts })), 'uname({sysname="Linux", nodename="ktrace-vm", ...}) = 0');
      assert.equal(
        line(call('uname', [PTR], 0, {}, { 0: uts }), { verbose: true }),
        'uname({sysname="Linux", nodename="ktrace-vm", release="6.1.0-57-amd64", version="#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)", machine="x86_64", domainname="(none)"}) = 0',
      );
    });

    it('sysinfo, every field', () => {
      const info = bytes(112, [[0, 8, 5], [32, 8, 2043617280], [40, 8, 1861914624], [48, 8, 143171584], [80, 2, 61], [104, 4, 1]]);
      assert.equal(
        line(call('sysinfo', [PTR], 0, {}, { 0: info })),
        'sysinfo({uptime=5, loads=[0, 0, 0], totalram=2043617280, freeram=1861914624, sharedram=143171584, bufferram=0, totalswap=0, freeswap=0, procs=61, totalhigh=0, freehigh=0, mem_unit=1}) = 0',
      );
    });
  });

  describe('signals', () => {
    const set = (...signals: number[]) => bytes(8, [[0, 8, signals.reduce((m, s) => m | (1n << BigInt(s - 1)), 0n)]]);
    it('rt_sigprocmask: the set given and the old one returned', () => {
      assert.equal(line(call('rt_sigprocmask', [0, PTR, PTR + 8, 8], 0, { 1: set(10, 15) }, { 2: set() })), 'rt_sigprocmask(SIG_BLOCK, [USR1 TERM], [], 8) = 0');
      assert.equal(line(call('rt_sigprocmask', [2, PTR, 0, 8], 0, { 1: set() })), 'rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0');
    });

    it('sets with more than half the signals as the complement', () => {
      const all = Array.from({ length: 64 }, (_, i) => i + 1);
      assert.equal(formatSigset(set(...all.filter((s) => s !== 32 && s !== 33))), '~[RTMIN RT_1]');
      assert.equal(formatSigset(set(...all)), '~[]');
      assert.equal(formatSigset(set(1, 34, 64)), '[HUP RT_2 RT_32]');
    });

    it('rt_sigaction: handler, mask, flags and restorer', () => {
      const act = bytes(32, [[0, 8, 0x401000], [8, 8, 0x04000000 | 0x10000000], [16, 8, 0x7f0000001000], [24, 8, 1n << 14n]]);
      const old = bytes(32, []);
      assert.equal(
        line(call('rt_sigaction', [2, PTR, PTR + 32, 8], 0, { 1: act }, { 2: old })),
        'rt_sigaction(SIGINT, {sa_handler=0x401000, sa_mask=[TERM], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f0000001000}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = 0',
      );
    });
  });

  describe('poll', () => {
    const pfd = (fd: number, events: number, revents: number) => bytes(8, [[0, 4, fd], [4, 2, events], [6, 2, revents]]);
    it('the events given at entry and the revents returned after the result', () => {
      assert.equal(
        line(call('poll', [PTR, 1, 0], 1, { 0: pfd(3, 1, 0) }, { 0: pfd(3, 1, 1) })),
        'poll([{fd=3, events=POLLIN}], 1, 0)     = 1 ([{fd=3, revents=POLLIN}])',
      );
      assert.equal(line(call('poll', [PTR, 1, 0], 0, { 0: pfd(3, 1, 0) }, { 0: pfd(3, 1, 0) })), 'poll([{fd=3, events=POLLIN}], 1, 0)     = 0 (Timeout)');
    });

    it('only the entries with revents, and `...` past the elements shown', () => {
      const two = Buffer.concat([pfd(3, 1, 0), pfd(4, 4, 4)]);
      assert.equal(
        line(call('poll', [PTR, 2, -1], 1, { 0: two }, { 0: two })),
        'poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, -1) = 1 ([{fd=4, revents=POLLOUT}])',
      );
      assert.equal(line(call('poll', [PTR, 2, -1], 1, { 0: two }, { 0: two }), { snapLength: 1 }), 'poll([{fd=3, events=POLLIN}, ...], 2, -1) = 1 ([{fd=4, revents=POLLOUT}])');
      // The module captured only the first element (its snap length): the rest is `...`.
      assert.equal(line(call('poll', [PTR, 2, 0], 0, { 0: { bytes: pfd(3, 1, 0), truncated: true } })), 'poll([{fd=3, events=POLLIN}, ...], 2, 0) = 0 (Timeout)');
    });
  });

  describe('a recording of the real module (test/fixtures/structs.ktr)', () => {
    const repo = path.resolve(__dirname, '../../..');
    const fixture = (name: string) => path.join(repo, 'test/fixtures', name);
    const report = spawnSync(process.execPath, [path.join(repo, 'dist/frontend/src/cli.js'), 'report', fixture('structs.ktr')], { encoding: 'utf8' });

    it('report prints the reviewed lines', () => {
      assert.equal(report.status, 0, report.stderr);
      assert.equal(report.stdout, fs.readFileSync(fixture('structs.report.txt'), 'utf8'));
    });

    it('its struct lines are strace\'s for the same program in the same boot, but for what differs between two runs', () => {
      // Values of the moment (uptime, memory, clocks, CPU times), pids of the children and stack addresses.
      const varying = /^(sysinfo|clock_gettime|getrusage)\(|ru_utime=/;
      const structLines = (text: string) => {
        const children = [...text.matchAll(/^clone\(.*\) += (\d+)$/gm)].map((m) => m[1]);
        return text
          .split('\n')
          .filter((l) => /^[a-z_0-9]+\(.*[{[]/.test(l) && !varying.test(l) && !l.startsWith('execve('))
          .map((l) => (l.startsWith('wait4(') ? children.reduce((acc, pid) => acc.split(pid).join('CHILD'), l) : l).replace(/0x7ff[0-9a-f]+/g, 'STACK'));
      };
      const ktrace = structLines(report.stdout);
      assert.deepEqual(ktrace, structLines(fs.readFileSync(fixture('structs.strace.txt'), 'utf8')));
      assert.equal(ktrace.length, 17, ktrace.join('\n'));
    });
  });
});
