// Sequences of entries and exits: pairing per thread, interleaving, -f
// prefixes, timing options, the -c table and JSON output.
import { strict as assert } from 'node:assert';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import { parseTraceExpression } from '../../frontend/src/views/strace/filter';
import { SyscallSummary } from '../../frontend/src/views/strace/summary';
import type { StraceOptions, SyscallEvent } from '../../frontend/src/views/strace/types';
import { call, enter, exit } from '../support/syscalls';

function run(events: readonly SyscallEvent[], options: StraceOptions = {}): string[] {
  const formatter = new StraceFormatter(options);
  return [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
}

const TIMESPEC_1MS = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x42, 0x0f, 0, 0, 0, 0, 0]);
const MAIN = { tid: 16174, pid: 16174 };
const WORKER = { tid: 16175, pid: 16174 };

describe('strace sessions', () => {
  it('interleaves threads with <unfinished ...> and <... resumed> (strace -f)', () => {
    const events = [
      enter('clock_nanosleep', [0, 0, 0x1000, 0], { 2: TIMESPEC_1MS }, { ...MAIN, ts: 1 }),
      ...call('rseq', [0x7f4bfa215fe0, 0x20, 0, 0x53053053], 0, undefined, undefined, { ...WORKER, ts: 2 }),
      enter('clock_nanosleep', [0, 0, 0x1000, 0], { 2: TIMESPEC_1MS }, { ...WORKER, ts: 3 }),
      exit('clock_nanosleep', 0, undefined, { ...MAIN, ts: 4 }),
      enter('futex', [0x7f4bfa215990, 0x109, 16175, 0, 0, 0xffffffff], undefined, { ...MAIN, ts: 5 }),
      exit('clock_nanosleep', 0, undefined, { ...WORKER, ts: 6 }),
      ...call('openat', [-100, 0x1000, 0], 3, { 1: '/etc/hostname' }, undefined, { ...WORKER, ts: 7 }),
      ...call('read', [3, 0x2000, 64], 3, undefined, { 1: 'vm\n' }, { ...WORKER, ts: 8 }),
      enter('exit', [0], undefined, { ...WORKER, ts: 9 }),
      exit('futex', 0, undefined, { ...MAIN, ts: 10 }),
      enter('exit_group', [0], undefined, { ...MAIN, ts: 11 }),
    ];
    assert.deepEqual(run(events), [
      'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000000},  <unfinished ...>',
      '[pid 16175] rseq(0x7f4bfa215fe0, 0x20, 0, 0x53053053) = 0',
      '[pid 16175] clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000000},  <unfinished ...>',
      '[pid 16174] <... clock_nanosleep resumed>NULL) = 0',
      '[pid 16174] futex(0x7f4bfa215990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 16175, NULL, FUTEX_BITSET_MATCH_ANY <unfinished ...>',
      '[pid 16175] <... clock_nanosleep resumed>NULL) = 0',
      '[pid 16175] openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3',
      '[pid 16175] read(3, "vm\\n", 64)         = 3',
      '[pid 16175] exit(0)                     = ?',
      '[pid 16175] +++ exited with 0 +++',
      // The worker is gone: one thread left, so no prefix (strace decides at each line).
      '<... futex resumed>)                    = 0',
      'exit_group(0)                           = ?',
      '+++ exited with 0 +++',
    ]);
  });

  it('prefixes [pid N] once a second thread is seen, -f or not (e.g. system-wide)', () => {
    const events = [enter('read', [3, 0x1000, 10], undefined, { tid: 1 }), enter('close', [4], undefined, { tid: 2 }), exit('read', 0, { 1: '' }, { tid: 1 }), exit('close', 0, undefined, { tid: 2 })];
    assert.deepEqual(run(events), [
      'read(3,  <unfinished ...>',
      '[pid     2] close(4 <unfinished ...>',
      '[pid     1] <... read resumed>"", 10)   = 0',
      '[pid     2] <... close resumed>)        = 0',
    ]);
  });

  it('pid prefix modes: always (system-wide), column (-o FILE -f), none (-ff files)', () => {
    const events = [
      ...call('getpid', [], 1234, undefined, undefined, { tid: 1234, pid: 1234, ts: 1 }),
      enter('read', [3, 0x1000, 10], undefined, { tid: 1234, pid: 1234, ts: 2 }),
      ...call('close', [4], 0, undefined, undefined, { tid: 77, pid: 77, ts: 3 }),
      exit('read', 0, { 1: '' }, { tid: 1234, pid: 1234, ts: 4 }),
    ];
    assert.deepEqual(run(events, { pids: 'always' }), [
      '[pid  1234] getpid()                    = 1234',
      '[pid  1234] read(3,  <unfinished ...>',
      '[pid    77] close(4)                    = 0',
      '[pid  1234] <... read resumed>"", 10)   = 0',
    ]);
    assert.deepEqual(run(events, { pids: 'column' }), [
      '1234  getpid()                          = 1234',
      '1234  read(3,  <unfinished ...>',
      '77    close(4)                          = 0',
      '1234  <... read resumed>"", 10)         = 0',
    ]);
    assert.deepEqual(run(events, { pids: 'none' }), [
      'getpid()                                = 1234',
      'read(3,  <unfinished ...>',
      'close(4)                                = 0',
      '<... read resumed>"", 10)               = 0',
    ]);
    // Pids wider than the padding push the line on, as strace's %5u and %-5d do.
    assert.deepEqual(run([...call('close', [4], 0, undefined, undefined, { tid: 4194304, pid: 4194304 })], { pids: 'always' }), [
      '[pid 4194304] close(4)                  = 0',
    ]);
    assert.deepEqual(run([...call('close', [4], 0, undefined, undefined, { tid: 4194304, pid: 4194304 })], { pids: 'column' }), [
      '4194304 close(4)                        = 0',
    ]);
  });

  it('event lines share the leader: interrupting a call, with the pid prefix and -tt/-r stamps', () => {
    const formatter = new StraceFormatter({ pids: 'always', timestamps: 'tt', relative: true, realtimeOffsetNs: 1_700_000_000_000_000_000n, timeZone: 'utc' });
    const lines = [
      ...formatter.push(enter('wait4', [-1, 0x1000, 0, 0], undefined, { tid: 248, pid: 248, ts: 1_000 })),
      ...formatter.line(253, 253, 2_500_000, 'proc_exit exit_code=768'),
      ...formatter.push(exit('wait4', 253, undefined, { tid: 248, pid: 248, ts: 3_000_000 })),
    ];
    assert.deepEqual(lines, [
      '[pid   248] 22:13:20.000001      0.000000 wait4(-1,  <unfinished ...>',
      '[pid   253] 22:13:20.002500      0.002499 proc_exit exit_code=768',
      '[pid   248] 22:13:20.003000      0.000500 <... wait4 resumed>0x1000, 0, NULL) = 253',
    ]);
  });

  it('a thread killed inside a call ends with `= ?` when its process exits', () => {
    const events = [
      enter('futex', [0x1000, 128, 2], undefined, { ...WORKER, ts: 1 }),
      enter('exit_group', [3], undefined, { ...MAIN, ts: 2 }),
    ];
    assert.deepEqual(run(events), [
      // The first line: only one thread known yet, so no prefix.
      'futex(0x1000, FUTEX_WAIT_PRIVATE, 2, NULL <unfinished ...>',
      '[pid 16174] exit_group(3)               = ?',
      '[pid 16175] <... futex resumed>)        = ?',
      '[pid 16174] +++ exited with 3 +++',
    ]);
  });

  it('-T appends the time spent, -tt/-ttt/-t the time of day, -r the time since the last line', () => {
    const close = [enter('close', [3], undefined, { ts: 5_000_000 }), exit('close', 0, undefined, { ts: 5_138_000 })];
    assert.deepEqual(run(close, { durations: true }), ['close(3)                                = 0 <0.000138>']);
    // 1700000000.123456789 s since the epoch is 2023-11-14 22:13:20.123456 UTC.
    const offset = 1_700_000_000_123_456_789n - 5_000_000n;
    assert.deepEqual(run(close, { timestamps: 'tt', realtimeOffsetNs: offset, timeZone: 'utc' }), ['22:13:20.123456 close(3)                = 0']);
    assert.deepEqual(run(close, { timestamps: 'ttt', realtimeOffsetNs: offset }), ['1700000000.123456 close(3)              = 0']);
    assert.deepEqual(run(close, { timestamps: 't', realtimeOffsetNs: offset, timeZone: 'utc' }), ['22:13:20 close(3)                       = 0']);
    const two = [...call('close', [3], 0, undefined, undefined, { ts: 1_000_000 }), ...call('close', [4], 0, undefined, undefined, { ts: 2_434_000 })];
    assert.deepEqual(run(two, { relative: true }), ['     0.000000 close(3)                  = 0', '     0.001434 close(4)                  = 0']);
  });

  it('-e trace= selects by name, class, regex and negation', () => {
    const events = [...call('openat', [-100, 0x1000, 0], 3, { 1: '/x' }), ...call('mmap', [0, 4096, 1, 2, 3, 0], 0x1000), ...call('close', [3], 0)];
    assert.deepEqual(run(events, { filter: parseTraceExpression('close') }), ['close(3)                                = 0']);
    assert.deepEqual(run(events, { filter: parseTraceExpression('%memory') }), ['mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) = 0x1000']);
    assert.equal(run(events, { filter: parseTraceExpression('!close,mmap') }).length, 1);
    assert.equal(run(events, { filter: parseTraceExpression('/^open') }).length, 1);
    assert.equal(run(events, { filter: parseTraceExpression('%desc') }).length, 3);
    assert.equal(run(events, { filter: parseTraceExpression('file') }).length, 1);
    assert.throws(() => parseTraceExpression('opne'), /invalid system call 'opne'/);
    assert.throws(() => parseTraceExpression('%nope'), /invalid syscall class/);
  });

  it('a filtered-out call does not interrupt another thread\'s line', () => {
    const events = [enter('read', [3, 0x1000, 1], undefined, { tid: 1 }), ...call('close', [4], 0, undefined, undefined, { tid: 2 }), exit('read', 1, { 1: 'x' }, { tid: 1 })];
    assert.deepEqual(run(events, { filter: parseTraceExpression('read') }), ['read(3, "x", 1)                         = 1']);
  });

  it('--json: one object per completed call', () => {
    const events = [...call('openat', [-100, 0x1000, 0o2000000], -2, { 1: '/nonexistent' }, undefined, { tid: 7, pid: 5, ts: 1500 }), enter('exit_group', [0], undefined, { tid: 7, pid: 5, ts: 9000 })];
    const out = run(events, { json: true }).map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(out, [
      {
        ts: 1500,
        pid: 5,
        tid: 7,
        syscall: 'openat',
        nr: 257,
        args: ['0xffffffffffffff9c', '0x1000', '0x80000', '0', '0', '0'],
        text: 'AT_FDCWD, "/nonexistent", O_RDONLY|O_CLOEXEC',
        ret: -1,
        errno: 'ENOENT',
        duration_ns: 1000,
      },
      { ts: 9000, pid: 5, tid: 7, syscall: 'exit_group', nr: 231, args: ['0', '0', '0', '0', '0', '0'], text: '0', ret: null, errno: null, duration_ns: null },
    ]);
    const withWall = JSON.parse(run(events.slice(0, 2), { json: true, realtimeOffsetNs: 1_700_000_000_000_000_000n })[0]) as { wall_ts: string };
    assert.equal(withWall.wall_ts, '2023-11-14T22:13:20.000001Z');
  });
});

describe('strace -c summary', () => {
  it('prints strace\'s table, most time first, errors blank when none', () => {
    const summary = new SyscallSummary();
    const timed = (name: string, args: number[], ret: number, start: number, ns: number): SyscallEvent[] => [
      enter(name, args, undefined, { ts: start }),
      exit(name, ret, undefined, { ts: start + ns }),
    ];
    const events = [
      ...timed('openat', [-100, 0, 0], 3, 0, 40_000),
      ...timed('openat', [-100, 0, 0], -2, 100_000, 25_000),
      ...timed('mmap', [0, 4096, 1, 2, 3, 0], 0x1000, 200_000, 130_000),
      ...timed('close', [3], 0, 400_000, 9_000),
      ...timed('read', [3, 0, 1], 1, 500_000, 9_000),
      enter('exit_group', [0], undefined, { ts: 600_000 }),
    ];
    events.forEach((e) => summary.push(e));
    assert.deepEqual(summary.lines(), [
      '% time     seconds  usecs/call     calls    errors syscall',
      '------ ----------- ----------- --------- --------- ----------------',
      ' 61.03    0.000130         130         1           mmap',
      ' 30.52    0.000065          32         2         1 openat',
      '  4.23    0.000009           9         1           read',
      '  4.23    0.000009           9         1           close',
      '------ ----------- ----------- --------- --------- ----------------',
      '100.00    0.000213          42         5         1 total',
    ]);
  });
});
