// The dashboard's panel aggregation, fed the real recording dash.ktr
// (test/fixtures/README.md). Syscall calls, errors and averages agree with
// `ktrace report -c` on the same file for the calls after the command's exec.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { FileSource } from '../../frontend/src/record/file-source';
import { pump } from '../../frontend/src/session/pump';
import { DashboardModel } from '../../frontend/src/views/dashboard/model';
import { brailleChart, formatMemoryFigures } from '../../frontend/src/views/dashboard/panels/memory';
import { formatProcessRow, PROCESS_HEADER, PROCESS_MIN_WIDTH, processTable } from '../../frontend/src/views/dashboard/panels/processes';
import { formatRateLine, sparkline } from '../../frontend/src/views/dashboard/panels/event-rate';
import { formatStatus } from '../../frontend/src/views/dashboard/panels/status';
import { formatSyscallRow, SYSCALL_HEADER, SYSCALL_MIN_WIDTH, syscallTable } from '../../frontend/src/views/dashboard/panels/syscalls';
import { CappedMap, RecentMax, Ring, RollingRate, SecondSeries } from '../../frontend/src/views/dashboard/rolling';
import { fixturesDir } from '../support/fixtures';

async function replayed(): Promise<DashboardModel> {
  const { source } = FileSource.open(path.join(fixturesDir(), 'dash.ktr'));
  const model = new DashboardModel();
  try {
    await pump(source, (record) => model.onRecord(record));
  } finally {
    source.close();
  }
  return model;
}

describe('dashboard panels on dash.ktr', function () {
  let model: DashboardModel;
  before(async () => {
    model = await replayed();
  });

  it('spans 1.58 s of record time with 9261 records and none lost', function () {
    assert.equal(model.elapsedSec, 1.581658625);
    assert.equal(model.nowSec, 1);
    assert.equal(model.status.records.total, 9261);
    assert.equal(model.status.lost, 0);
  });

  it('top syscalls: calls, calls/s, errors, average and max latency', function () {
    const rows = model.syscalls.rows(model.nowSec, 'calls');
    assert.deepEqual(
      rows.slice(0, 6).map(formatSyscallRow),
      [
        'read                201   201    0  541.2us  47.53ms',
        'write               201   201    0   24.0us  136.4us',
        'brk                  18    18    0   44.0us  174.3us',
        'mmap                 15    11    0  476.7us   4.64ms',
        'newfstatat           15    15   11  485.0us   3.87ms',
        'openat               14    14   10   89.0us  264.9us',
      ],
    );
    assert.equal(SYSCALL_HEADER, 'syscall           calls    /s  err      avg      max');
    assert.equal(SYSCALL_MIN_WIDTH, 52);
    // Wider panels add the summed time and the error share, then longer names.
    const wide = syscallTable(90);
    assert.deepEqual([wide.header, wide.row(rows[4])], [
      'syscall                   calls    /s  err      avg      max      time   err%',
      'newfstatat                   15    15   11  485.0us   3.87ms    7.27ms   73.3',
    ]);
    const wait4 = rows.find((r) => r.name === 'wait4');
    assert.deepEqual(wait4 && { calls: wait4.calls, errors: wait4.errors, avgUs: Math.floor(wait4.avgNs / 1000) }, { calls: 9, errors: 1, avgUs: 40576 });
  });

  it('sorts syscalls by errors, then by calls', function () {
    const names = model.syscalls.rows(model.nowSec, 'errors').slice(0, 4).map((r) => `${r.name}:${r.errors}`);
    assert.deepEqual(names, ['newfstatat:11', 'openat:10', 'rt_sigsuspend:2', 'wait4:1']);
  });

  it('filters syscalls to one process', function () {
    const rows = model.syscalls.rows(model.nowSec, 'calls', new Set([193]));
    assert.deepEqual(
      rows.slice(0, 3).map((r) => [r.name, r.calls, r.perSec, r.errors]),
      [
        ['mmap', 8, 4, 0],
        ['clock_nanosleep', 8, 4, 0],
        ['brk', 5, 5, 0],
      ],
    );
    assert.equal(rows.reduce((sum, r) => sum + r.calls, 0), 36, 'the process panel counts mem_grow 36 syscalls too');
  });

  it('processes: comm, syscalls/s, faults/s, switches/s, rss; exits seen', function () {
    const rows = model.processes.rows(model.nowSec, 'syscallsPerSec');
    assert.deepEqual([PROCESS_HEADER, ...rows.map(formatProcessRow)], [
      '   pid comm           S sys/s flt/s csw/s    rss',
      '   194 pingpong       X   222    82   192   300K',
      '   195 pingpong       X   202     6   103   100K',
      '   188 sh             X    95    77    28   1.6M',
      '   193 mem_grow       X    27  1107   102   8.3M',
      '   196 sleep          X    25    59     4   1.4M',
    ]);
    assert.deepEqual(rows.map((r) => r.exited), [true, true, true, true, true]);
    // Wider panels add the totals, then give the comm its 15 bytes.
    assert.deepEqual([processTable(80).header, processTable(80).row(rows[3])], [
      '   pid comm             S sys/s flt/s csw/s    rss  syscalls    faults       csw',
      '   193 mem_grow         X    27  1107   102   8.3M        36      2136       120',
    ]);
    assert.equal(processTable(60).header, '   pid comm             S sys/s flt/s csw/s    rss  syscalls');
    assert.equal(PROCESS_MIN_WIDTH, 48);
    assert.deepEqual(
      model.processes.rows(model.nowSec, 'faultsPerSec').map((r) => `${r.pid}:${r.faults}`),
      ['193:2136', '194:82', '188:78', '196:59', '195:6'],
    );
    assert.deepEqual([...model.processes.matching('pingpong')].sort(), [194, 195]);
    assert.deepEqual([...model.processes.matching('196')], [196]);
  });

  it('event rate: per family and second', function () {
    assert.deepEqual(model.rates.series(model.nowSec, 2), [
      { family: 'fault', counts: [1331, 1030] },
      { family: 'mem', counts: [1593, 3214] },
      { family: 'proc', counts: [11, 2] },
      { family: 'sched', counts: [858, 38] },
      { family: 'signal', counts: [7, 3] },
      { family: 'syscall', counts: [1143, 28] },
    ]);
    assert.equal(formatRateLine('mem', [0, 1593, 3214], 24), 'mem      ▄█   1593/s');
  });

  it('memory: free of total per second and the page-fault counter increase', function () {
    const history = model.memory.history();
    assert.deepEqual(
      history.map((s) => [s.sec, s.freeBytes, s.totalBytes, s.rates.pageFaults]),
      [
        [0, 1818533888, 2050809856, 1766],
        [1, 1830158336, 2050809856, 0],
      ],
    );
    assert.deepEqual(formatMemoryFigures(model.memory.current(), model.memory.lastComplete(), 40), [
      'free 1745M/1956M 89.2%  flt/s 1766',
      'pgin/s 0  pgout/s 0  swpin/s 0',
      'swpout/s 0',
    ]);
  });

  it('sched and signals log: who signalled whom, and switches', function () {
    const signals = model.log.lines().filter((e) => e.text.startsWith('SIG')).map((e) => e.text);
    assert.deepEqual(signals, [
      'SIGCHLD pingpong(195) -> pingpong(194) ignored',
      'SIGCHLD pingpong(194) -> sh(188) delivered',
      'SIGCHLD delivered to sh(188)',
      'SIGUSR1 sh(188) -> sleep(196) delivered',
      'SIGKILL delivered to sleep(196)',
      'SIGCHLD sleep(196) -> sh(188) delivered',
      'SIGCHLD delivered to sh(188)',
      'SIGCHLD mem_grow(193) -> sh(188) delivered',
      'SIGCHLD delivered to sh(188)',
      'SIGCHLD sh(188) -> 178 delivered',
    ]);
    assert.deepEqual(model.log.lines(undefined, 'SIGUSR1').map((e) => e.pids), [[188, 196]]);
    assert.equal(model.log.lines(new Set([195])).filter((e) => !e.text.includes('195')).length, 0);
    assert.equal(model.log.lines().length, 906);
  });
});

describe('dashboard bounded state and pure formatters', function () {
  it('RollingRate reports the last complete second', function () {
    const rate = new RollingRate();
    rate.add(5, 3);
    rate.add(6, 2);
    assert.equal(rate.perSec(6), 3);
    assert.equal(rate.perSec(7), 2);
    assert.equal(rate.perSec(9), 0);
    assert.equal(rate.total, 5);
  });

  it('SecondSeries, CappedMap and Ring keep only their capacity', function () {
    const series = new SecondSeries(3);
    for (let s = 0; s < 10; s++) series.add(s, s);
    assert.deepEqual(series.window(9, 5), [7, 8, 9]);
    const map = new CappedMap<number, string>(2);
    map.touch(1, () => 'a');
    map.touch(2, () => 'b');
    map.touch(1, () => 'x');
    map.touch(3, () => 'c');
    assert.deepEqual([...map.entries()], [[1, 'a'], [3, 'c']]);
    const ring = new Ring<number>(3);
    for (let i = 0; i < 7; i++) ring.push(i);
    assert.deepEqual(ring.toArray(), [4, 5, 6]);
  });

  it('RecentMax: the largest value of the last seconds, one entry per second however many are added', function () {
    const S = 1e9;
    const m = new RecentMax(10);
    assert.equal(m.max(0), 0);
    m.add(1 * S, 3e9);
    for (let i = 0; i < 1000; i++) m.add(5 * S + i, 20e6);
    assert.equal(m.max(5.5 * S), 3e9);
    assert.equal(m.max(10.9 * S), 3e9, 'second 1 is among the 10 before second 10');
    assert.equal(m.max(11 * S), 20e6, 'second 1 is forgotten at second 11');
    assert.equal(m.max(15 * S), 0);
    for (let sec = 20; sec < 100; sec++) m.add(sec * S, sec);
    assert.equal(m.max(99 * S), 99);
    assert.ok((m as unknown as { maxima: Map<number, number> }).maxima.size <= 11);
  });

  it('draws sparklines and a braille line', function () {
    assert.equal(sparkline([0, 1, 2, 4, 8]), ' ▁▂▄█');
    // Two cells wide, one high: values 0, max, max/3, 2/3 max from the left,
    // one per dot column, the steps between them drawn vertically.
    assert.deepEqual(brailleChart([0, 3, 1, 2], 3, 2, 1), ['⡸⠖']);
    // Fewer values than dot columns fill the width: one value is a flat line,
    // two are joined by a straight one.
    assert.deepEqual(brailleChart([2], 3, 3, 1), ['⠒⠒⠒']);
    assert.deepEqual(brailleChart([0, 4], 4, 2, 1), ['⡠⠊']);
    assert.deepEqual(brailleChart([4, 4, 0], 4, 2, 2), ['⠉⢆', '⠀⢸']);
    // More values than dot columns: the newest, one per column.
    assert.deepEqual(brailleChart([4, 4, 4, 0, 0, 0], 4, 1, 1), ['⣀']);
  });

  it('status: lost records are their own part, replay position last', function () {
    const s = formatStatus({
      source: { kernel: '6.1.0', abi: 2, nrCpus: 2, bufferBytesPerCpu: 1 << 20, readers: 1 },
      recordsPerSec: 10,
      lost: 3,
      elapsedSec: 3725,
      paused: true,
      position: { fraction: 0.5, speed: 2, done: false },
    });
    assert.deepEqual(s, {
      head: 'PAUSED | 10 rec/s | ',
      behind: '',
      lost: 'lost 3',
      tail: ' | 01:02:05 | replay 50% x2 | kernel 6.1.0 ABI 2 buf 1024Kx2 readers 1',
    });
  });

  it('status: fits the width given, dropping the source details first', function () {
    const view = {
      source: { kernel: '6.12.117+deb12-amd64', abi: 2, nrCpus: 2 },
      recordsPerSec: 4945,
      lost: 0,
      elapsedSec: 1.5,
      paused: false,
      position: { fraction: 1, speed: 0.5, done: true },
    };
    const line = (width: number) => {
      const s = formatStatus(view, width);
      return s.head + s.behind + s.lost + s.tail;
    };
    assert.equal(line(200), '4945 rec/s | lost 0 | 00:00:01 | replay 100% x0.5 end | kernel 6.12.117+deb12-amd64 ABI 2 cpus 2');
    assert.equal(line(90), '4945 rec/s | lost 0 | 00:00:01 | replay 100% x0.5 end | kernel 6.12.117+deb12-amd64 ABI 2');
    assert.equal(line(80), '4945 rec/s | lost 0 | 00:00:01 | replay 100% x0.5 end | 6.12.117+deb12-amd64');
    assert.equal(line(60), '4945 rec/s | lost 0 | 00:00:01 | replay 100% x0.5 end');
  });

  it('status: a live view that lags the kernel by a second or more says by how much', function () {
    const at = (behindSec: number) =>
      formatStatus({ source: { kernel: '6.1.0', abi: 2, nrCpus: 2 }, recordsPerSec: 4000, lost: 0, elapsedSec: 9, paused: false, behindSec }).behind;
    assert.equal(at(0), '');
    assert.equal(at(0.99), '');
    assert.equal(at(1), 'behind 1.0s');
    assert.equal(at(12.345), 'behind 12.3s');
  });
});
