// The call pairer alone: which call objects it emits, in which order, for
// the streams where pairing is not obvious (threads interleaved, an exit
// record lost, a signal inside a call, exit_group of a multi-threaded
// process). Exact objects, nothing formatted.
import { strict as assert } from 'node:assert';
import { layoutCall } from '../../frontend/src/views/strace/call';
import type { StraceItem } from '../../frontend/src/views/strace/paired';
import { CallPairer } from '../../frontend/src/views/strace/pairer';
import { JsonRenderer } from '../../frontend/src/views/strace/render-json';
import { TextRenderer } from '../../frontend/src/views/strace/render-text';
import { syscallNumber } from '../../frontend/src/syscalls';
import type { SyscallEvent } from '../../frontend/src/views/strace/types';
import { call, enter, exit } from '../support/syscalls';
import { FdTracker } from '../../frontend/src/views/strace/fds';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import { SyscallSummary } from '../../frontend/src/views/strace/summary';

const nr = (name: string): number => syscallNumber(name) ?? -1;
const args = (...values: number[]): bigint[] => [...values.map(BigInt), 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6);

/** The entry fields a call object has for an entry built by enter(). */
function entered(name: string, raw: bigint[], tid: number, pid: number, enterNs: number) {
  return { tid, pid, sysno: nr(name), name, layout: layoutCall(nr(name), raw), enterNs, raw };
}

function run(pairer: CallPairer, events: readonly SyscallEvent[]): StraceItem[][] {
  return events.map((e) => pairer.push(e));
}

describe('strace call pairer', () => {
  it('interleaved threads: the interrupted call splits into unfinished and resumed, the other stays whole', () => {
    const p = new CallPairer();
    const read = entered('read', args(3, 0x1000, 64), 10, 10, 100);
    const write = entered('write', args(1, 0x2000, 2), 11, 10, 200);
    const items = run(p, [
      enter('read', [3, 0x1000, 64], undefined, { tid: 10, pid: 10, ts: 100 }),
      enter('write', [1, 0x2000, 2], { 1: 'hi' }, { tid: 11, pid: 10, ts: 200 }),
      exit('write', 2, undefined, { tid: 11, pid: 10, ts: 300 }),
      exit('read', 5, undefined, { tid: 10, pid: 10, ts: 400 }),
    ]);
    const hi = new Map([[1, { bytes: Buffer.from('hi', 'latin1'), truncated: false }]]);
    assert.deepStrictEqual(items, [
      [],
      // read's line began when it was the only thread traced.
      [{ kind: 'unfinished', call: read, threads: 1 }],
      [{ kind: 'complete', call: { ...write, entryStrings: hi, exitNs: 300, exitSysno: nr('write'), ret: 2n, end: 'returned' }, threads: 2 }],
      [{ kind: 'resumed', call: { ...read, exitNs: 400, exitSysno: nr('read'), ret: 5n, end: 'returned' }, threads: 2 }],
    ]);
  });

  it('a lost exit: the next entry of the thread ends the call without one', () => {
    const p = new CallPairer();
    const items = run(p, [
      enter('openat', [-100, 0x1000, 0], { 1: '/etc/passwd' }, { ts: 10 }),
      enter('close', [3], undefined, { ts: 20 }),
      exit('close', -9, undefined, { ts: 30 }),
    ]);
    const path = new Map([[1, { bytes: Buffer.from('/etc/passwd', 'latin1'), truncated: false }]]);
    assert.deepStrictEqual(items, [
      [],
      [{ kind: 'complete', call: { ...entered('openat', args(-100, 0x1000, 0), 100, 100, 10), entryStrings: path, end: 'lost' }, threads: 1 }],
      [{ kind: 'complete', call: { ...entered('close', args(3), 100, 100, 20), exitNs: 30, exitSysno: nr('close'), ret: -9n, errno: 9, end: 'returned' }, threads: 1 }],
    ]);
  });

  it('a signal between entry and exit interrupts the line; the exit resumes it with its errno', () => {
    const p = new CallPairer();
    const pause = entered('pause', args(), 7, 7, 1000);
    const signal = { signo: 10, code: 0 };
    assert.deepStrictEqual(p.push(enter('pause', [], undefined, { tid: 7, ts: 1000 })), []);
    assert.deepStrictEqual(p.signal(7, 7, 1500, signal), [
      { kind: 'unfinished', call: pause, threads: 1 },
      { kind: 'signal', tid: 7, pid: 7, tsNs: 1500, signal, threads: 1 },
    ]);
    assert.deepStrictEqual(p.push(exit('pause', -4, undefined, { tid: 7, ts: 2000 })), [
      { kind: 'resumed', call: { ...pause, exitNs: 2000, exitSysno: nr('pause'), ret: -4n, errno: 4, end: 'returned' }, threads: 1 },
    ]);
    assert.deepStrictEqual(p.flush(), []);
  });

  it('exit_group of a multi-threaded process ends the other threads inside calls, once', () => {
    const p = new CallPairer();
    const futex = entered('futex', args(0x5000, 0, 1), 21, 20, 100);
    assert.deepStrictEqual(p.push(enter('futex', [0x5000, 0, 1], undefined, { tid: 21, pid: 20, ts: 100 })), []);
    // The main thread's exit_group(3): it never returns; the sibling's futex ends with the process.
    assert.deepStrictEqual(p.push(enter('exit_group', [3], undefined, { tid: 20, pid: 20, ts: 200 })), [
      { kind: 'unfinished', call: futex, threads: 1 },
      { kind: 'complete', call: { ...entered('exit_group', args(3), 20, 20, 200), end: 'never-returns' }, threads: 2 },
      { kind: 'resumed', call: { ...futex, end: 'process-exited' }, threads: 2 },
      { kind: 'exited', tid: 20, pid: 20, tsNs: 200, status: { exited: 3 }, threads: 2 },
    ]);
    // Their proc_exit records: the sibling's end is reported now, the caller's was already.
    assert.deepStrictEqual(p.threadExited(21, 20, 300, { exited: 3 }), [{ kind: 'exited', tid: 21, pid: 20, tsNs: 300, status: { exited: 3 }, threads: 1 }]);
    assert.deepStrictEqual(p.threadExited(20, 20, 310, { exited: 3 }), []);
    assert.deepStrictEqual(p.flush(), []);
  });

  it('the text renderer prints those items as strace does', () => {
    const p = new CallPairer();
    const text = new TextRenderer({ alignColumn: 0 });
    const out = [
      ...p.push(enter('futex', [0x5000, 0, 1], undefined, { tid: 21, pid: 20, ts: 100 })),
      ...p.push(enter('exit_group', [3], undefined, { tid: 20, pid: 20, ts: 200 })),
    ].flatMap((item) => text.render(item));
    assert.deepStrictEqual(out, [
      'futex(0x5000, FUTEX_WAIT, 1, NULL <unfinished ...>',
      '[pid    20] exit_group(3) = ?',
      '[pid    21] <... futex resumed>) = ?',
      '[pid    20] +++ exited with 3 +++',
    ]);
  });

  it('follows only the selected calls: others neither interrupt a line nor produce items', () => {
    const p = new CallPairer({ select: (_sysno, layout) => layout.name !== 'getpid' });
    const items = run(p, [
      enter('read', [0, 0x1000, 1], undefined, { tid: 1, ts: 1 }),
      enter('getpid', [], undefined, { tid: 2, ts: 2 }),
      exit('getpid', 2, undefined, { tid: 2, ts: 3 }),
      exit('read', 1, undefined, { tid: 1, ts: 4 }),
    ]);
    assert.deepStrictEqual(items.map((list) => list.map((i) => i.kind)), [[], [], [], ['complete']]);
  });

  it('-e status=: a line waits whole for its end, and only the chosen ends print', () => {
    const p = new CallPairer({ status: (s) => s === 'failed' });
    const items = run(p, [
      enter('read', [0, 0x1000, 1], undefined, { tid: 1, ts: 1 }),
      enter('openat', [-100, 0x1000, 0], undefined, { tid: 2, ts: 2 }),
      exit('openat', -2, undefined, { tid: 2, ts: 3 }),
      exit('read', 1, undefined, { tid: 1, ts: 4 }),
    ]);
    assert.deepStrictEqual(items.map((list) => list.map((i) => (i.kind === 'complete' ? `${i.kind} ${i.call.name} ${i.call.errno}` : i.kind))), [[], [], ['complete openat 2'], []]);
  });
});

describe('strace JSON renderer', () => {
  it('one object per ended call: a lost exit, an exit whose entry was not seen, a complete call', () => {
    const p = new CallPairer();
    const json = new JsonRenderer();
    const out = [
      exit('close', -9, undefined, { ts: 5 }),
      enter('openat', [-100, 0x1000, 0], { 1: '/etc/passwd' }, { ts: 10 }),
      enter('read', [3, 0x2000, 4], undefined, { ts: 20 }),
      exit('read', 4, { 1: 'root' }, { ts: 1020 }),
    ]
      .flatMap((e) => p.push(e))
      .flatMap((item) => json.render(item))
      .map((line) => JSON.parse(line) as unknown);
    const common = { pid: 100, tid: 100 };
    assert.deepStrictEqual(out, [
      { ts: 5, ...common, syscall: 'close', nr: 3, args: [], text: '', ret: -1, errno: 'EBADF', duration_ns: null },
      { ts: 10, ...common, syscall: 'openat', nr: 257, args: ['0xffffffffffffff9c', '0x1000', '0', '0', '0', '0'], text: 'AT_FDCWD, "/etc/passwd", O_RDONLY', ret: null, errno: null, duration_ns: null },
      { ts: 20, ...common, syscall: 'read', nr: 0, args: ['0x3', '0x2000', '0x4', '0', '0', '0'], text: '3, "root", 4', ret: 4, errno: null, duration_ns: 1000 },
    ]);
  });
});

describe('consumers of the call pairer', () => {
  it('-c counts the calls the pairer joined: a sibling killed by exit_group still records its exit, a pairing in doubt is not counted', () => {
    const summary = new SyscallSummary();
    [
      enter('read', [0, 0x1000, 8], undefined, { tid: 21, pid: 20, ts: 0 }),
      enter('exit_group', [0], undefined, { tid: 20, pid: 20, ts: 100_000 }),
      exit('read', -4, undefined, { tid: 21, pid: 20, ts: 300_000 }),
      // Records lost between an entry and another call's exit: not one call.
      enter('getpid', [], undefined, { tid: 30, ts: 400_000 }),
      exit('close', 0, undefined, { tid: 30, ts: 500_000 }),
    ].forEach((e) => summary.push(e));
    assert.deepStrictEqual(summary.lines().slice(2, 3), ['100.00    0.000300         300         1         1 read']);
    assert.equal(summary.lines().length, 5);
  });

  it('-y follows the calls the pairer joined, with the paths a call saw at its entry', () => {
    const fds = new FdTracker();
    const formatter = new StraceFormatter({ fds, decodeFds: true, alignColumn: 0 });
    const out = [
      ...call('openat', [-100, 0x1000, 0], 3, { 1: '/etc/passwd' }),
      ...call('close', [3], 0, undefined, undefined, { ts: 5000 }),
    ].flatMap((e) => formatter.push(e));
    assert.deepStrictEqual(out, ['openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3</etc/passwd>', 'close(3</etc/passwd>) = 0']);
    assert.equal(fds.pathOf(100, 3), undefined);
  });
});
