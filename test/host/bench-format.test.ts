// The benchmark's pure half: derived figures, goals, the markdown section.
import { strict as assert } from 'node:assert';
import { kitCommand, lddPaths } from '../../bench/src/kit';
import { problems } from '../../bench/src/check';
import { discardedEvents } from '../../bench/src/lttng';
import { DOC_BEGIN, DOC_END, dashboardGrowthKb, formatBlkinCost, formatDashboardMemory, formatFlood, formatLttngRuns, formatNoLoss, formatMarkdown, formatTable, formatReaders, formatMsg, formatUsdt, goals, msgAddedNs, msgRatio, normalizedPerEvent, perEventVsFloor, ratio, replaceFigures, usdtAddedNs, usdtVsBpftrace } from '../../bench/src/format';
import { VARIANTS, type BenchResult, type BootResult, type MsgLoopResult, type UsdtResult, type Variant, type WorkloadResult } from '../../bench/src/types';

function workload(name: WorkloadResult['name'], events: number, seconds: Partial<Record<Variant, number>>): WorkloadResult {
  const all = Object.fromEntries(VARIANTS.map((v) => [v, seconds[v] ?? null])) as Record<Variant, number | null>;
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, seconds[v] === undefined ? [] : [seconds[v]]])) as Record<Variant, number[]>;
  return { name, command: [name], n: events / 4, straceN: events / 400, events, seconds: all, runs };
}

const dd = workload('dd', 4000, { untraced: 1, emptyProbe: 1.25, ktrace: 1.5, ktraceAll: 3, perfRecord: 2, lttng: 1.75, perfTrace: 5, strace: 400 });
const loop2 = workload('getppid', 2000, { untraced: 0.5, emptyProbe: 0.625, ktrace: 1.5 });
const loop1 = workload('getppid', 2000, { untraced: 0.5, emptyProbe: 0.625, ktrace: 0.75 });

const boot: BootResult = {
  kernel: '6.1.0-test',
  smp: 2,
  runs: 5,
  workloads: [dd, loop2],
  loss: { defaultBufferKb: 1024, lostDefault: 0, events: 4000, zeroLossBufferKb: 64, tried: [] },
  size: { ktraceBytes: 36000, ktraceRecords: 4000, perfBytes: 400000, perfSamples: 4000 },
};
const usdt: UsdtResult = {
  command: ['usdt_loop', '20000'],
  n: 20000,
  seconds: { untraced: 0.01, ktrace: 0.05, bpftrace: 0.11 },
  runs: { untraced: [0.01], ktrace: [0.05], bpftrace: [0.11] },
  ktraceRecords: 19990,
  ktraceLost: 10,
  bpftraceHits: 20000,
};

/** 1000 round trips: 2000 sends, 2000 receives (+ connect and accept over TCP). */
function msgLoop(transport: MsgLoopResult['transport'], seconds: MsgLoopResult['seconds']): MsgLoopResult {
  const messages = 4000 + (transport === 'tcp' ? 2 : 0);
  return {
    transport,
    command: ['rr_loop', transport, '1000', '64'],
    n: 1000,
    size: 64,
    messages,
    seconds,
    runs: { untraced: [seconds.untraced ?? 0], msg: [seconds.msg ?? 0], msgPayload: [seconds.msgPayload ?? 0], syscall: [seconds.syscall ?? 0] },
    msgRecords: messages + 3,
    msgLost: 0,
    syscallRecords: 16000,
    syscallLost: 0,
  };
}
const msg = [msgLoop('unix', { untraced: 0.2, msg: 0.3, msgPayload: 0.32, syscall: 0.6 }), msgLoop('tcp', { untraced: 0.4, msg: 0.5, msgPayload: 0.5, syscall: 1 })];

const result: BenchResult = {
  date: '2026-11-22',
  kernel: '6.1',
  quick: false,
  boot,
  smp1: { kernel: '6.1.0-test', smp: 1, runs: 5, workloads: [dd, loop1] },
  decode: {
    file: 'x.ktr',
    bytes: 1000,
    records: 100,
    decoderSeconds: 0.125,
    materializeSeconds: 1,
    asn1jsSeconds: 2.5,
    straceEvents: 100,
    straceSeconds: 0.5,
  },
};

describe('bench results', () => {
  it('derives ratios and per-event costs from medians', () => {
    assert.equal(ratio(dd, 'ktrace'), 1.5);
    assert.equal(ratio(dd, 'strace'), 400);
    // (1.5 − 1) / 4000 against (1.25 − 1) / 4000
    assert.equal(perEventVsFloor(dd, 'ktrace'), 2);
    assert.equal(perEventVsFloor(loop2, 'ktrace'), 8);
    // (1.5 − 0.5) / 2000 in units of 0.5 / 2000
    assert.equal(normalizedPerEvent(loop2, 'ktrace'), 2);
    assert.equal(normalizedPerEvent(loop1, 'ktrace'), 0.5);
    assert.equal(ratio(loop2, 'perfTrace'), null);
  });

  it('states every goal with its value and whether it is met', () => {
    assert.deepEqual(
      goals(result).map((g) => [g.shown, g.met]),
      [
        ['1.50× (perf record 2.00×)', false],
        // (1.5 − 1) against perf's (2 − 1) and LTTng's (1.75 − 1)
        ['0.50× perf record, 0.67× LTTng', false],
        // all events and variables, system-wide: (3 − 1) against (1.5 − 1)
        ['4.00×', false],
        ['8.0× (dd 2.0×)', false],
        ['0', true],
        ['n/a', null],
        // no read rates measured: the drain goal stays open
        ['n/a', null],
        ['9.0', true],
        ['20.0×', true],
        ['4.00×', false],
        ['n/a', null],
        ['n/a', null],
      ],
    );
  });

  it('judges the drain goal on the raw reader in spans against the raw reader in records', () => {
    const rate = (bytes: number, cpuSeconds: number) => ({ bytes, records: 0, lost: 0, cpuSeconds });
    const drain = (spans: number) => goals({ ...result, boot: { ...boot, readRate: { raw: rate(2_500_000, 1), record: rate(1_500_000, 1), spans: rate(spans, 0.5) } } })[6];
    assert.deepEqual([drain(62_500_000).shown, drain(62_500_000).met], ['50.0×', true]);
    assert.deepEqual([drain(60_000_000).shown, drain(60_000_000).met], ['48.0×', false]);
    assert.equal(goals({ ...result, boot: { ...boot, readRate: { raw: rate(1, 1), record: rate(1, 1) } } })[6].met, null);
  });

  it('leaves a goal open when its figures were not measured', () => {
    const partial: BenchResult = { ...result, smp1: null, decode: null, boot: { ...boot, loss: undefined } };
    assert.deepEqual(
      goals(partial).map((g) => g.met),
      [false, false, false, false, null, null, null, true, null, null, null, null],
    );
  });

  it('writes the markdown figures: goals, then every peer as ratio / ×floor', () => {
    const md = formatMarkdown([result]).split('\n');
    assert.equal(md[0], DOC_BEGIN);
    assert.equal(md[1], '| goal | target | 6.1 (2026-11-22) |');
    assert.equal(md[3], '| dd traced (syscall+regs) / untraced, ahead of perf record | ≤ 1.30×, < perf record | 1.50× (perf record 2.00×) **missed** |');
    assert.equal(md[4], "| added cost per event (dd): ktrace / perf record, ktrace / LTTng | ≤ 1/3 of perf record's, < LTTng's | 0.50× perf record, 0.67× LTTng **missed** |");
    assert.equal(md[6], '| added cost per event / empty probe (getppid) | ≤ 2× | 8.0× (dd 2.0×) **missed** |');
    assert.equal(md[12], '| per-event cost, 2 vCPUs / 1 vCPU | ≤ 1.2× | 4.00× **missed** |');
    assert.ok(md.includes('| dd | perf record -e raw_syscalls:* | 2.00× / 4.0× |'));
    assert.ok(md.includes('| dd | lttng kernel session, all syscalls, to a file | 1.75× / 3.0× |'));
    assert.ok(md.includes('| getppid | strace -f -o (N/100, scaled) | n/a |'));
    assert.equal(md.at(-1), DOC_END);
  });

  it("states blkin_record's untraced and traced cost, and adds its row to the figures only when measured", () => {
    const blkin = { n: 20000, untracedNs: 28.1, tracedNs: 184361.8 };
    assert.equal(formatBlkinCost(blkin), 'blkin_record (20000 calls): untraced 28.1 ns, traced 184362 ns per call (6561× untraced)');
    assert.ok(!formatMarkdown([result]).includes('libktrace-blkin'));
    const md = formatMarkdown([{ ...result, boot: { ...boot, blkin } }]).split('\n');
    assert.deepEqual(md.slice(-4, -1), ['| libktrace-blkin | untraced / traced (ns per blkin_record) | 6.1 |', '|---|---|---|', '| BLKIN_TIMESTAMP | ratio within one boot | 28.1 / 184362 |']);
  });

  it('replaces only the generated section of the document', () => {
    const doc = `# Performance\n\nmethod\n\n${DOC_BEGIN}\nold\n${DOC_END}\n\nanalysis\n`;
    assert.equal(replaceFigures(doc, `${DOC_BEGIN}\nnew\n${DOC_END}`), `# Performance\n\nmethod\n\n${DOC_BEGIN}\nnew\n${DOC_END}\n\nanalysis\n`);
    assert.equal(replaceFigures('# P\n', `${DOC_BEGIN}\nnew\n${DOC_END}`), `# P\n\n${DOC_BEGIN}\nnew\n${DOC_END}\n`);
  });

  it('sums up the dashboard\'s memory: first and last sample, the largest, the peak and its status', () => {
    const dash = { seconds: 300, intervalSeconds: 10, rssKb: [51200, 53248, 52224], peakKb: 54272, statusLine: '1200 rec/s | lost 0 | 00:05:00' };
    assert.equal(
      formatDashboardMemory(dash),
      'dashboard (300 s, system-wide): RSS 50.0 MiB after 10 s, 51.0 MiB at the end, largest sample 52.0 MiB, peak 53.0 MiB, growth over the second half 2.0 MiB; last status: 1200 rec/s | lost 0 | 00:05:00',
    );
  });

  it('measures the dashboard\'s growth over the second half of its run, and holds it to 4 MiB', () => {
    // The recorded 6.1 run of 2026-12-01 (issue 16): 65.9 MiB at 10 s, 86.1 at 60 s, 92.3 at 150 s, 93.6 at 300 s.
    const kb = [65912, 71096, 78988, 76608, 82944, 86112, 86372, 86660, 90996, 90964, 91228, 91492, 91492, 91756, 92252, 92508, 92772, 92772, 92772, 92772, 92772, 93036, 93036, 93300, 93300, 93300, 93300, 93564, 93564, 93564];
    const old = { seconds: 300, intervalSeconds: 10, rssKb: kb, peakKb: 93564, statusLine: '0 rec/s | lost 682057 | 00:05:38' };
    assert.equal(dashboardGrowthKb(old), 93564 - 92252);
    assert.deepEqual(goals({ ...result, boot: { ...boot, dashboard: old } }).at(-1)!.shown, '1.3 MiB');
    assert.equal(goals({ ...result, boot: { ...boot, dashboard: old } }).at(-1)!.met, true);
    const leaking = { ...old, rssKb: [60000, 70000, 80000, 80000, 82000, 84000, 86000, 88000] };
    assert.equal(dashboardGrowthKb(leaking), 88000 - 80000);
    assert.equal(goals({ ...result, boot: { ...boot, dashboard: leaking } }).at(-1)!.met, false);
    assert.equal(dashboardGrowthKb({ ...old, seconds: 15, intervalSeconds: 1, rssKb: [1, 2, 3] }), null, 'too short to tell');
  });

  it('requires the dashboard\'s memory of a --quick result, and a well-formed one wherever present', () => {
    const dash = { seconds: 15, intervalSeconds: 1, rssKb: [51200], peakKb: 51200, statusLine: '9 rec/s | lost 0 | 00:00:15' };
    const timedLttng = (w: WorkloadResult): WorkloadResult => ({ ...w, seconds: { ...w.seconds, lttng: w.seconds.lttng ?? 0.6 }, lttngBytes: [4096], lttngDiscarded: [0] });
    const noLoss = { n: 1000, events: 2000, untraced: 0.1, lossy: { seconds: 0.5, records: 1500, lost: 520 }, noLoss: { seconds: 0.9, records: 2020, lost: 0, waits: 3, waitMs: 12.5 } };
    const complete: BenchResult = { ...result, boot: { ...boot, noLoss, workloads: boot.workloads.map(timedLttng), readRate: { raw: { bytes: 1, records: 1, lost: 0, cpuSeconds: 1 }, record: { bytes: 1, records: 1, lost: 0, cpuSeconds: 1 }, spans: { bytes: 1, records: 0, lost: 0, cpuSeconds: 1 } }, memory: { recordPeakRssKb: 1, moduleCoreBytes: 1, ringBytes: 1, memFreeDropKb: 0 }, usdt, msg } };
    assert.deepEqual(problems(complete), []);
    assert.deepEqual(problems({ ...complete, boot: { ...complete.boot, usdt: { ...usdt, ktraceLost: 9 } } }), ['usdt: ktrace saw every hit']);
    assert.deepEqual(problems({ ...complete, boot: { ...complete.boot, usdt: undefined } }), ['usdt: ktrace saw every hit']);
    assert.deepEqual(problems({ ...complete, quick: true }), ['dashboard memory']);
    assert.deepEqual(problems({ ...complete, boot: { ...complete.boot, noLoss: { ...noLoss, noLoss: { ...noLoss.noLoss, lost: 1 } } } }), ['no-loss flood']);
    assert.deepEqual(problems({ ...complete, boot: { ...complete.boot, noLoss: { ...noLoss, noLoss: { ...noLoss.noLoss, records: 1999 } } } }), ['no-loss flood']);
    assert.deepEqual(problems({ ...complete, boot: { ...complete.boot, noLoss: undefined } }), ['no-loss flood']);
    assert.deepEqual(problems({ ...complete, boot: { ...complete.boot, workloads: [dd, complete.boot.workloads[1]] } }), ['dd: lttng']);
    assert.deepEqual(problems({ ...complete, boot: { ...complete.boot, workloads: [{ ...complete.boot.workloads[0], lttngBytes: [0] }, complete.boot.workloads[1]] } }), ['dd: lttng']);
    assert.deepEqual(problems({ ...complete, quick: true, boot: { ...complete.boot, dashboard: dash } }), []);
    assert.deepEqual(problems({ ...complete, boot: { ...complete.boot, dashboard: { ...dash, statusLine: '' } } }), ['dashboard memory']);
  });

  it('prices a message of the request/response loop per tracer, and requires both loops with every message seen', () => {
    // unix: (0.3 − 0.2) / 4000 = 25000 ns per message; tcp syscall: (1 − 0.4) / 4002
    assert.ok(Math.abs(msgAddedNs(msg[0], 'msg')! - 25000) < 1e-6);
    assert.ok(Math.abs(msgRatio(msg[1], 'syscall')! - 2.5) < 1e-9);
    assert.equal(
      formatMsg(msg[0]),
      'msg loop (unix, 1000 round trips of 64 B each way, 4000 messages): untraced 0.200 s; ktrace record --events msg 0.300 s (1.50×, +25000 ns/message, 4003 records, 0 lost);' +
        ' ktrace record --events msg, 64 payload bytes 0.320 s (1.60×, +30000 ns/message, 4003 records, 0 lost); ktrace record --events syscall --vars regs 0.600 s (3.00×, +100000 ns/message, 16000 records, 0 lost)',
    );
    assert.ok(!formatMarkdown([result]).includes('request/response loop'));
    const md = formatMarkdown([{ ...result, boot: { ...boot, msg } }]).split('\n');
    assert.deepEqual(md.slice(-9, -1), [
      '| request/response loop | tracer: time ratio to untraced / added ns per message | 6.1 |',
      '|---|---|---|',
      '| unix | ktrace record --events msg | 1.50× / +25000 ns |',
      '| unix | ktrace record --events msg, 64 payload bytes | 1.60× / +30000 ns |',
      '| unix | ktrace record --events syscall --vars regs | 3.00× / +100000 ns |',
      '| tcp | ktrace record --events msg | 1.25× / +24988 ns |',
      '| tcp | ktrace record --events msg, 64 payload bytes | 1.25× / +24988 ns |',
      '| tcp | ktrace record --events syscall --vars regs | 2.50× / +149925 ns |',
    ]);
    const timedLttng = (w: WorkloadResult): WorkloadResult => ({ ...w, seconds: { ...w.seconds, lttng: w.seconds.lttng ?? 0.6 }, lttngBytes: [4096], lttngDiscarded: [0] });
    const noLoss = { n: 1000, events: 2000, untraced: 0.1, lossy: { seconds: 0.5, records: 1500, lost: 520 }, noLoss: { seconds: 0.9, records: 2020, lost: 0, waits: 3, waitMs: 12.5 } };
    const complete: BenchResult = { ...result, boot: { ...boot, noLoss, workloads: boot.workloads.map(timedLttng), readRate: { raw: { bytes: 1, records: 1, lost: 0, cpuSeconds: 1 }, record: { bytes: 1, records: 1, lost: 0, cpuSeconds: 1 }, spans: { bytes: 1, records: 0, lost: 0, cpuSeconds: 1 } }, memory: { recordPeakRssKb: 1, moduleCoreBytes: 1, ringBytes: 1, memFreeDropKb: 0 }, usdt, msg } };
    assert.deepEqual(problems(complete), []);
    const withBoot = (m: MsgLoopResult[] | undefined) => problems({ ...complete, boot: { ...complete.boot, msg: m } });
    assert.deepEqual(withBoot(undefined), ['msg: unix and tcp loops']);
    assert.deepEqual(withBoot([msg[0]]), ['msg: unix and tcp loops']);
    // A message neither recorded nor counted lost, and more records than the loop and its tools made.
    assert.deepEqual(withBoot([{ ...msg[0], msgRecords: 3999 }, msg[1]]), ['msg unix: ktrace saw every message']);
    assert.deepEqual(withBoot([{ ...msg[0], msgRecords: 3993, msgLost: 10 }, msg[1]]), []);
    assert.deepEqual(withBoot([msg[0], { ...msg[1], msgRecords: 4006 }]), ['msg tcp: ktrace saw every message']);
    assert.deepEqual(withBoot([msg[0], { ...msg[1], seconds: { ...msg[1].seconds, msgPayload: null } }]), ['msg tcp: msgPayload seconds']);
  });

  it('prices a USDT hit against the untraced loop and against bpftrace', () => {
    // (0.05 − 0.01) / 20000 = 2000 ns; bpftrace (0.11 − 0.01) / 20000 = 5000 ns
    assert.ok(Math.abs(usdtAddedNs(usdt, 'ktrace')! - 2000) < 1e-6);
    assert.ok(Math.abs(usdtVsBpftrace(usdt)! - 0.4) < 1e-9);
    const g = goals({ ...result, boot: { ...boot, usdt } }).find((x) => x.goal.includes('USDT'))!;
    assert.deepEqual([g.shown, g.met], ['0.40× (ktrace 2000 ns)', true]);
    assert.equal(
      formatUsdt(usdt),
      'usdt (20000 hits of kbench:hit): untraced 0.010 s; ktrace record 0.050 s (+2000 ns/hit, 19990 records, 10 lost); bpftrace count() 0.110 s (+5000 ns/hit, counted 20000)',
    );
    const without = { ...usdt, seconds: { ...usdt.seconds, bpftrace: null }, bpftraceHits: null, bpftraceError: 'bpftrace exited 1: ERROR: ...' };
    assert.equal(usdtVsBpftrace(without), null);
    assert.match(formatUsdt(without), /; bpftrace: bpftrace exited 1: ERROR: \.\.\.$/);
  });
});

describe('bench LTTng column', () => {
  it('counts the events lttng stop says were discarded, 0 when it says nothing', () => {
    assert.equal(discardedEvents('Waiting for data availability\nTracing stopped for session kbench0\n'), 0);
    assert.equal(discardedEvents('Warning: 1234 events were discarded, please refer to the documentation on channel configuration.\n'), 1234);
    assert.equal(discardedEvents('Warning: 7 events were discarded and 2 packets were lost, please refer to the documentation on channel configuration.\n'), 7);
    assert.equal(discardedEvents('Warning: 3 packets were lost, please refer to the documentation on channel configuration.\n'), 0);
  });

  it('prices the flood recorded as usual and with --no-loss, and judges its goal on the no-loss losses', () => {
    const noLoss = { n: 1000, events: 2000, untraced: 0.1, lossy: { seconds: 0.5, records: 1500, lost: 520 }, noLoss: { seconds: 0.9, records: 2020, lost: 0, waits: 3, waitMs: 12.5 } };
    assert.equal(
      formatNoLoss(noLoss),
      'no-loss (getppid_loop 1000, 2000 events, one run each): untraced 0.100 s; ktrace record 0.500 s (5.00×, +200000 ns/event), 1500 records, 520 lost; ' +
        '--no-loss 0.900 s (9.00×, +400000 ns/event), 2020 records, 0 lost, the flood waited 3 times (12.5 ms)',
    );
    const g = goals({ ...result, boot: { ...boot, noLoss } }).find((x) => x.goal.includes('--no-loss'))!;
    assert.deepEqual([g.shown, g.met], ['0 of 2000 (as usual: 520)', true]);
  });

  it('says what LTTng wrote (median bytes, per event) and discarded per run, nothing when it did not run', () => {
    assert.equal(formatLttngRuns({ ...dd, lttngBytes: [60000, 52000, 56000], lttngDiscarded: [0, 12, 0] }), 'lttng wrote 56000 B per run (14.0 B/event), discarded 0, 12, 0 events per run');
    assert.equal(formatLttngRuns(dd), null);
    assert.equal(formatLttngRuns({ ...dd, lttngError: 'lttng-sessiond started without LTTng\'s tracer' }), "lttng failed: lttng-sessiond started without LTTng's tracer");
    assert.ok(formatTable({ ...result, boot: { ...boot, workloads: [{ ...dd, lttngBytes: [8000], lttngDiscarded: [0] }, loop2] } }).includes('\n  lttng wrote 8000 B per run (2.0 B/event), discarded 0 events per run\n'));
  });

  it('leaves the peers goal open without LTTng, and judges it on both peers', () => {
    const noLttng = { ...result, boot: { ...boot, workloads: [{ ...dd, seconds: { ...dd.seconds, lttng: null } }, loop2] } };
    const g = (r: BenchResult) => goals(r).find((x) => x.goal.includes('LTTng'))!;
    assert.deepEqual([g(noLttng).shown, g(noLttng).met], ['0.50× perf record, n/a LTTng', null]);
    // ktrace at 1.2 s: 0.2 against perf's 1 and LTTng's 0.75
    const fast = { ...result, boot: { ...boot, workloads: [{ ...dd, seconds: { ...dd.seconds, ktrace: 1.2 } }, loop2] } };
    assert.deepEqual([g(fast).shown, g(fast).met], ['0.20× perf record, 0.27× LTTng', true]);
  });
});

describe('bench bpftrace kit', () => {
  it('takes every library ldd resolves, the loader included, and nothing unresolved', () => {
    const ldd = [
      '\tlinux-vdso.so.1 (0x00007ffd0b1f2000)',
      '\tlibbcc.so.0 => /lib/x86_64-linux-gnu/libbcc.so.0 (0x00007f8de3000000)',
      '\tlibLLVM-14.so.1 => /lib/x86_64-linux-gnu/libLLVM-14.so.1 (0x00007f8ddd000000)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f8de2f96000)',
    ].join('\n');
    assert.deepEqual(lddPaths(ldd), ['/lib/x86_64-linux-gnu/libbcc.so.0', '/lib/x86_64-linux-gnu/libLLVM-14.so.1', '/lib64/ld-linux-x86-64.so.2']);
    assert.deepEqual(kitCommand('/k'), ['/k/lib/ld-linux-x86-64.so.2', '--library-path', '/k/lib', '/k/bin/bpftrace']);
  });
});

describe('bench: the flood case', function () {
  it('prints each setup\'s added cost per event and its multiple of the empty probe\'s', function () {
    const text = formatFlood('6.1', {
      n: 1000, events: 2000, beforeRef: '2b1817aa5a8edfb8ef31989bfb0775b6c644386a',
      untraced: 0.1, emptyProbe: 0.102, before: 0.11, after: 0.103, beforeRecords: 7, afterRecords: 5,
    });
    const lines = text.split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[0], /^6\.1: getppid_loop 1000 \(2000 events\)/);
    assert.match(lines[2], /empty probe\s+0\.102 s\s+1000 ns\/event\s+1\.00x empty probe$/);
    assert.match(lines[3], /module of 2b1817aa5a8e\s+0\.110 s\s+5000 ns\/event\s+5\.00x empty probe$/);
    assert.match(lines[4], /this module\s+0\.103 s\s+1500 ns\/event\s+1\.50x empty probe$/);
    assert.equal(lines[5], '  records recorded: 7 (2b1817aa5a8e), 5 (this module)');
  });
});

describe('bench: the readers case', function () {
  it('prints what the extra readers add per event, per module, and per wanting reader', function () {
    const text = formatReaders('6.12', {
      n: 1000, events: 2000, extra: 7, beforeRef: '3fc85550000000000000000000000000000000ff', untraced: 0.1,
      before: { alone: 0.2, disjoint: 0.24, wanting: 0.34 },
      after: { alone: 0.2, disjoint: 0.198, wanting: 0.326 },
      extraRead: { before: 14000, after: 13986 },
    });
    assert.deepEqual(text.split('\n'), [
      '6.12: getppid_loop 1000 (2000 events) under `ktrace record`, untraced 0.100 s:',
      '  module of 3fc855500000: alone 0.200 s ( 50000 ns/event over untraced)',
      '    + 7 readers of block_issue 0.240 s:  20000 ns/event more',
      '    + 7 readers of its syscalls 0.340 s:  70000 ns/event more (10000 per reader)',
      '  this module: alone 0.200 s ( 50000 ns/event over untraced)',
      '    + 7 readers of block_issue 0.198 s:  -1000 ns/event more',
      '    + 7 readers of its syscalls 0.326 s:  63000 ns/event more (9000 per reader)',
      '  records the readers of its syscalls got: 14000 (3fc855500000), 13986 (this module)',
    ]);
  });
});
