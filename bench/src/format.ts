// Pure functions from a BenchResult to derived figures, goals, the printed
// table and the markdown of docs/performance.md.
import { median } from './proc';
import { MSG_VARIANTS, VARIANTS, type BenchResult, type BlkinCost, type BootResult, type DashboardMemory, type FloodCost, type ReadersCost, type ReadersTimes, type MsgLoopResult, type MsgVariant, type NoLossFlood, type UsdtResult, type UsdtVariant, type Variant, type WorkloadResult } from './types';

const VARIANT_LABELS: Record<Variant, string> = {
  untraced: 'untraced',
  emptyProbe: 'empty probe (floor)',
  ktrace: 'ktrace record, syscall+regs, the process',
  ktraceVm: 'the same + the 5 system-wide vm event sums',
  ktraceAll: 'ktrace record, all events+vars, system-wide',
  perfRecord: 'perf record -e raw_syscalls:*',
  lttng: 'lttng kernel session, all syscalls, to a file',
  perfTrace: 'perf trace -o',
  strace: 'strace -f -o (N/100, scaled)',
};

type Timings<V extends string> = Record<V | 'untraced', number | null>;

/** @v's time over the untraced time, same boot. */
function timeRatio<V extends string>(seconds: Timings<V>, v: V): number | null {
  const t = seconds[v];
  const base = seconds.untraced;
  return t === null || base === null || base === 0 ? null : t / base;
}

/** (@v's time − untraced) / @n, in nanoseconds. */
function addedNsPer<V extends string>(seconds: Timings<V>, v: V, n: number): number | null {
  const t = seconds[v];
  const base = seconds.untraced;
  return t === null || base === null || n === 0 ? null : ((t - base) / n) * 1e9;
}

/** Traced time over untraced time, same boot. */
export function ratio(w: WorkloadResult, v: Variant): number | null {
  return timeRatio(w.seconds, v);
}

/** (traced − untraced) / events, in nanoseconds. */
export function addedNsPerEvent(w: WorkloadResult, v: Variant): number | null {
  return addedNsPer(w.seconds, v, w.events);
}

/** Added cost per event as a multiple of the empty probe's. */
export function perEventVsFloor(w: WorkloadResult, v: Variant): number | null {
  const added = addedNsPerEvent(w, v);
  const floor = addedNsPerEvent(w, 'emptyProbe');
  return added === null || floor === null || floor <= 0 ? null : added / floor;
}

/**
 * Added cost per event in units of one untraced event's time: comparable
 * across boots with different CPU counts, which no absolute time is.
 */
export function normalizedPerEvent(w: WorkloadResult, v: Variant): number | null {
  const added = addedNsPerEvent(w, v);
  const base = w.seconds.untraced;
  return added === null || base === null || w.events === 0 ? null : added / ((base / w.events) * 1e9);
}

const MSG_LABELS: Record<MsgVariant, string> = {
  untraced: 'untraced',
  msg: 'ktrace record --events msg',
  msgPayload: 'ktrace record --events msg, 64 payload bytes',
  syscall: 'ktrace record --events syscall --vars regs',
};

/** Traced time over untraced time of the request/response loop, same boot. */
export function msgRatio(m: MsgLoopResult, v: MsgVariant): number | null {
  return timeRatio(m.seconds, v);
}

/** (traced − untraced) / the loop's messages, in nanoseconds. */
export function msgAddedNs(m: MsgLoopResult, v: MsgVariant): number | null {
  return addedNsPer(m.seconds, v, m.messages);
}

/** One line per transport: each variant's time, ratio and added cost per message. */
export function formatMsg(m: MsgLoopResult): string {
  const parts = [`untraced ${fixed(m.seconds.untraced, 3, ' s')}`];
  for (const v of MSG_VARIANTS) {
    if (v === 'untraced' || m.seconds[v] === null) continue;
    const counted = v === 'syscall' ? `${m.syscallRecords} records, ${m.syscallLost} lost` : `${m.msgRecords} records, ${m.msgLost} lost`;
    parts.push(`${MSG_LABELS[v]} ${fixed(m.seconds[v], 3, ' s')} (${fixed(msgRatio(m, v), 2, '×')}, +${fixed(msgAddedNs(m, v), 0, ' ns')}/message, ${counted})`);
  }
  return `msg loop (${m.transport}, ${m.n} round trips of ${m.size} B each way, ${m.messages} messages): ${parts.join('; ')}`;
}

/** (traced − untraced) / hits of the USDT loop, in nanoseconds. */
export function usdtAddedNs(u: UsdtResult, v: UsdtVariant): number | null {
  const t = u.seconds[v];
  const base = u.seconds.untraced;
  return t === null || base === null || u.n === 0 ? null : ((t - base) / u.n) * 1e9;
}

/** ktrace's added cost per USDT hit as a multiple of bpftrace's. */
export function usdtVsBpftrace(u: UsdtResult): number | null {
  const k = usdtAddedNs(u, 'ktrace');
  const b = usdtAddedNs(u, 'bpftrace');
  return k === null || b === null || b <= 0 ? null : k / b;
}

/** One line: each variant's time, its added cost per hit, what it counted. */
export function formatUsdt(u: UsdtResult): string {
  const parts = [`untraced ${fixed(u.seconds.untraced, 3, ' s')}`];
  parts.push(`ktrace record ${fixed(u.seconds.ktrace, 3, ' s')} (+${fixed(usdtAddedNs(u, 'ktrace'), 0, ' ns')}/hit, ${u.ktraceRecords} records, ${u.ktraceLost} lost)`);
  if (u.seconds.bpftrace !== null)
    parts.push(`bpftrace count() ${fixed(u.seconds.bpftrace, 3, ' s')} (+${fixed(usdtAddedNs(u, 'bpftrace'), 0, ' ns')}/hit, counted ${u.bpftraceHits})`);
  else parts.push(`bpftrace: ${u.bpftraceError ?? 'not installed on the host'}`);
  return `usdt (${u.n} hits of kbench:hit): ${parts.join('; ')}`;
}

const workload = (boot: BootResult, name: WorkloadResult['name']) => boot.workloads.find((w) => w.name === name);

export interface Goal {
  goal: string;
  target: string;
  value: number | null;
  shown: string;
  met: boolean | null;
}

const fixed = (v: number | null, digits: number, unit = '') => (v === null ? 'n/a' : `${v.toFixed(digits)}${unit}`);

export function goals(r: BenchResult): Goal[] {
  const dd = workload(r.boot, 'dd');
  const loop = workload(r.boot, 'getppid');
  const ddRatio = dd ? ratio(dd, 'ktrace') : null;
  const perfRatio = dd ? ratio(dd, 'perfRecord') : null;
  // On getppid: dd's floor is often within the noise of TCG (empty probe ≈ untraced).
  const vsFloor = loop ? perEventVsFloor(loop, 'ktrace') : null;
  const ddVsFloor = dd ? perEventVsFloor(dd, 'ktrace') : null;
  const lost = r.boot.loss?.lostDefault ?? null;
  const size = r.boot.size && r.boot.size.ktraceRecords ? r.boot.size.ktraceBytes / r.boot.size.ktraceRecords : null;
  const speedup = r.decode && r.decode.decoderSeconds > 0 ? r.decode.asn1jsSeconds / r.decode.decoderSeconds : null;
  const smp2 = loop ? normalizedPerEvent(loop, 'ktrace') : null;
  const smp1Loop = r.smp1 ? workload(r.smp1, 'getppid') : undefined;
  const smp1 = smp1Loop ? normalizedPerEvent(smp1Loop, 'ktrace') : null;
  const scaling = smp2 !== null && smp1 !== null && smp1 > 0 ? smp2 / smp1 : null;
  const check = (v: number | null, ok: (v: number) => boolean) => (v === null ? null : ok(v));
  const dashGrowthKb = r.boot.dashboard ? dashboardGrowthKb(r.boot.dashboard) : null;
  const usdt = r.boot.usdt ? usdtVsBpftrace(r.boot.usdt) : null;
  const vsPeer = (peer: Variant) => {
    const k = dd ? addedNsPerEvent(dd, 'ktrace') : null;
    const p = dd ? addedNsPerEvent(dd, peer) : null;
    return k === null || p === null || p <= 0 ? null : k / p;
  };
  const vsPerf = vsPeer('perfRecord');
  const noLossLost = r.boot.noLoss ? r.boot.noLoss.noLoss.lost : null;
  const allAdded = dd ? addedNsPerEvent(dd, 'ktraceAll') : null;
  const oneAdded = dd ? addedNsPerEvent(dd, 'ktrace') : null;
  const allVsOne = allAdded === null || oneAdded === null || oneAdded <= 0 ? null : allAdded / oneAdded;
  const vsLttng = vsPeer('lttng');
  const rate = (x: { bytes: number; cpuSeconds: number } | undefined) => (x && x.cpuSeconds > 0 ? x.bytes / x.cpuSeconds : null);
  const rawRecords = rate(r.boot.readRate?.raw);
  const rawSpans = rate(r.boot.readRate?.spans);
  const drain = rawRecords === null || rawSpans === null || rawRecords <= 0 ? null : rawSpans / rawRecords;
  return [
    {
      goal: 'dd traced (syscall+regs) / untraced, ahead of perf record',
      target: '≤ 1.30×, < perf record',
      value: ddRatio,
      shown: `${fixed(ddRatio, 2, '×')} (perf record ${fixed(perfRatio, 2, '×')})`,
      met: ddRatio === null || perfRatio === null ? null : ddRatio <= 1.3 && ddRatio < perfRatio,
    },
    {
      goal: 'added cost per event (dd): ktrace / perf record, ktrace / LTTng',
      target: '≤ 1/3 of perf record\'s, < LTTng\'s',
      value: vsPerf,
      shown: `${fixed(vsPerf, 2, '×')} perf record, ${fixed(vsLttng, 2, '×')} LTTng`,
      met: vsPerf === null || vsLttng === null ? null : vsPerf <= 1 / 3 && vsLttng < 1,
    },
    {
      goal: 'dd under a system-wide record of all events and variables / under the process\'s record (added cost)',
      target: '≤ 2×',
      value: allVsOne,
      shown: fixed(allVsOne, 2, '×'),
      met: check(allVsOne, (v) => v <= 2),
    },
    {
      goal: 'added cost per event / empty probe (getppid)',
      target: '≤ 2×',
      value: vsFloor,
      shown: `${fixed(vsFloor, 1, '×')} (dd ${fixed(ddVsFloor, 1, '×')})`,
      met: check(vsFloor, (v) => v <= 2),
    },
    { goal: 'lost records, dd, default buffer', target: '0', value: lost, shown: lost === null ? 'n/a' : String(lost), met: check(lost, (v) => v === 0) },
    {
      goal: 'lost records with --no-loss, getppid flood (10M calls in a full run)',
      target: '0',
      value: noLossLost,
      shown: r.boot.noLoss ? `${noLossLost} of ${r.boot.noLoss.events} (as usual: ${r.boot.noLoss.lossy.lost})` : 'n/a',
      met: check(noLossLost, (v) => v === 0),
    },
    {
      goal: 'raw drain rate (bytes per reader CPU second): spans / records',
      target: '≥ 50×',
      value: drain,
      shown: fixed(drain, 1, '×'),
      met: check(drain, (v) => v >= 50),
    },
    { goal: 'bytes per event (dd, syscall+regs)', target: '≤ 12', value: size, shown: fixed(size, 1), met: check(size, (v) => v <= 12) },
    { goal: 'decode speed / asn1js', target: '≥ 20×', value: speedup, shown: fixed(speedup, 1, '×'), met: check(speedup, (v) => v >= 20) },
    { goal: 'per-event cost, 2 vCPUs / 1 vCPU', target: '≤ 1.2×', value: scaling, shown: fixed(scaling, 2, '×'), met: check(scaling, (v) => v <= 1.2) },
    {
      goal: 'added cost per USDT hit / bpftrace count()',
      target: '≤ 1×',
      value: usdt,
      shown: r.boot.usdt ? `${fixed(usdt, 2, '×')} (ktrace ${fixed(usdtAddedNs(r.boot.usdt, 'ktrace'), 0, ' ns')})` : 'n/a',
      met: check(usdt, (v) => v <= 1),
    },
    {
      goal: 'dashboard RSS growth over the second half of its run',
      target: `≤ ${DASHBOARD_GROWTH_MIB} MiB`,
      value: dashGrowthKb,
      shown: dashGrowthKb === null ? 'n/a' : `${(dashGrowthKb / 1024).toFixed(1)} MiB`,
      met: check(dashGrowthKb, (v) => v <= DASHBOARD_GROWTH_MIB * 1024),
    },
  ];
}

/** One line: the flood untraced, recorded as usual and with --no-loss; what each lost, how long the flood waited. */
export function formatNoLoss(f: NoLossFlood): string {
  const cost = (s: number) => `${s.toFixed(3)} s (${(s / f.untraced).toFixed(2)}×, +${(((s - f.untraced) / f.events) * 1e9).toFixed(0)} ns/event)`;
  return (
    `no-loss (getppid_loop ${f.n}, ${f.events} events, one run each): untraced ${f.untraced.toFixed(3)} s; ` +
    `ktrace record ${cost(f.lossy.seconds)}, ${f.lossy.records} records, ${f.lossy.lost} lost; ` +
    `--no-loss ${cost(f.noLoss.seconds)}, ${f.noLoss.records} records, ${f.noLoss.lost} lost, the flood waited ${f.noLoss.waits} times (${f.noLoss.waitMs.toFixed(1)} ms)`
  );
}

/** What LTTng wrote and discarded in its runs of @w, or null if it did not run. */
export function formatLttngRuns(w: WorkloadResult): string | null {
  if (w.lttngError) return `lttng failed: ${w.lttngError}`;
  const bytes = w.lttngBytes ?? [];
  if (!bytes.length) return null;
  const mid = median(bytes);
  const perEvent = w.events ? ` (${(mid / w.events).toFixed(1)} B/event)` : '';
  return `lttng wrote ${mid} B per run${perEvent}, discarded ${(w.lttngDiscarded ?? []).join(', ') || 'n/a'} events per run`;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
const lpad = (s: string, n: number) => ' '.repeat(Math.max(0, n - s.length)) + s;

/** The table `npm run bench` prints. */
export function formatTable(r: BenchResult): string {
  const lines: string[] = [];
  lines.push(`ktrace bench, kernel ${r.boot.kernel}, ${r.boot.smp} vCPUs, median of ${r.boot.runs}${r.quick ? ' (--quick)' : ''}`);
  for (const w of r.boot.workloads) {
    lines.push('', `${w.command.join(' ')}  (${w.events} events)`);
    lines.push(`  ${pad('variant', 46)}${lpad('seconds', 9)}${lpad('ratio', 9)}${lpad('ns/event', 10)}${lpad('×floor', 8)}`);
    for (const v of VARIANTS) {
      if (w.seconds[v] == null) continue; // not measured, or by an older bench
      lines.push(
        `  ${pad(VARIANT_LABELS[v], 46)}${lpad(fixed(w.seconds[v], 3), 9)}${lpad(fixed(ratio(w, v), 2, '×'), 9)}` +
          `${lpad(v === 'untraced' ? '' : fixed(addedNsPerEvent(w, v), 0), 10)}${lpad(v === 'untraced' ? '' : fixed(perEventVsFloor(w, v), 1, '×'), 8)}`,
      );
    }
    const lttng = formatLttngRuns(w);
    if (lttng) lines.push(`  ${lttng}`);
  }
  const { loss, readRate, size, memory, dashboard } = r.boot;
  if (loss) {
    const zero = loss.zeroLossBufferKb === null ? 'not found' : `${loss.zeroLossBufferKb} KiB/CPU`;
    lines.push('', `loss: ${loss.lostDefault} of ${loss.events} records lost with buffer_kb=${loss.defaultBufferKb}; zero loss from ${zero}`);
  }
  if (readRate) {
    const mbps = (x: { bytes: number; cpuSeconds: number }) => (x.cpuSeconds > 0 ? x.bytes / x.cpuSeconds / 1e6 : null);
    const raw = mbps(readRate.raw);
    const rec = mbps(readRate.record);
    const spans = readRate.spans ? mbps(readRate.spans) : null;
    lines.push(
      `read ceiling (MB per reader CPU second): raw ${fixed(raw, 1)}, raw in spans ${fixed(spans, 1)}, ktrace record ${fixed(rec, 1)}` +
        ` (${raw && rec ? ((rec / raw) * 100).toFixed(0) : 'n/a'}% of raw); lost raw ${readRate.raw.lost}, record ${readRate.record.lost}` +
        (readRate.raw.reads ? `; ${(readRate.raw.bytes / readRate.raw.reads).toFixed(0)} bytes per read` : ''),
    );
  }
  if (size) {
    lines.push(
      `size: ktrace ${fixed(size.ktraceBytes / size.ktraceRecords, 1)} B/event, perf record ${fixed(size.perfSamples ? size.perfBytes / size.perfSamples : null, 1)} B/record`,
    );
  }
  if (memory) {
    lines.push(
      `memory: ktrace record peak RSS ${(memory.recordPeakRssKb / 1024).toFixed(1)} MiB; module ${(memory.moduleCoreBytes / 1024).toFixed(0)} KiB code+data,` +
        ` rings ${(memory.ringBytes / 1024).toFixed(0)} KiB, MemFree drop ${memory.memFreeDropKb} KiB`,
    );
  }
  if (dashboard) lines.push(formatDashboardMemory(dashboard));
  if (r.boot.usdt) lines.push(formatUsdt(r.boot.usdt));
  if (r.boot.blkin) lines.push(formatBlkinCost(r.boot.blkin));
  for (const m of r.boot.msg ?? []) lines.push(formatMsg(m));
  if (r.boot.noLoss) lines.push(formatNoLoss(r.boot.noLoss));
  if (r.decode) {
    const d = r.decode;
    lines.push(
      `decode (host, ${d.records} records, ${(d.bytes / 1e6).toFixed(1)} MB): decoder ${rate(d.records, d.decoderSeconds)}, decoder+materialize ${rate(d.records, d.materializeSeconds)},` +
        ` asn1js ${rate(d.records, d.asn1jsSeconds)}; strace view ${rate(d.straceEvents, d.straceSeconds)}`,
    );
  }
  if (r.smp1) {
    const one = workload(r.smp1, 'getppid');
    const two = workload(r.boot, 'getppid');
    lines.push(
      `scaling (getppid, ktrace added cost per event in untraced events): ${r.boot.smp} vCPUs ${fixed(two ? normalizedPerEvent(two, 'ktrace') : null, 2)}, 1 vCPU ${fixed(one ? normalizedPerEvent(one, 'ktrace') : null, 2)}`,
    );
  }
  lines.push('', 'goals:');
  for (const g of goals(r)) lines.push(`  ${g.met === null ? '?   ' : g.met ? 'met ' : 'MISS'} ${pad(g.goal, 58)} ${pad(g.target, 24)} ${g.shown}`);
  return lines.join('\n') + '\n';
}

/** blkin_record's cost untraced and traced, and their ratio (absolute times mean little under TCG). */
export function formatBlkinCost(b: BlkinCost): string {
  return `blkin_record (${b.n} calls): untraced ${b.untracedNs.toFixed(1)} ns, traced ${b.tracedNs.toFixed(0)} ns per call (${(b.tracedNs / b.untracedNs).toFixed(0)}× untraced)`;
}

/** A dashboard whose state is bounded levels off once its heap has grown to its working size. */
const DASHBOARD_GROWTH_MIB = 4;
const DASHBOARD_WARMUP_SECONDS = 60;

/**
 * How far the dashboard's RSS rose over the second half of its run, in KiB:
 * the largest sample there less the one at half time. The first half is
 * the warm-up: the heap grows to its working size, which under TCG, with
 * the view catching up on a full ring, took up to 100 s. Null when the run
 * was too short to tell (under two minutes).
 */
export function dashboardGrowthKb(d: DashboardMemory): number | null {
  if (d.seconds < 2 * DASHBOARD_WARMUP_SECONDS) return null;
  const after = d.rssKb.slice(Math.floor(d.rssKb.length / 2) - 1);
  return after.length < 2 ? null : Math.max(...after) - after[0];
}

/** First and last RSS sample, the largest, the growth after warm-up, and the dashboard's own status line. */
export function formatDashboardMemory(d: DashboardMemory): string {
  const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
  const first = d.rssKb[0] ?? 0;
  const last = d.rssKb[d.rssKb.length - 1] ?? 0;
  const growth = dashboardGrowthKb(d);
  return (
    `dashboard (${d.seconds} s, system-wide): RSS ${mib(first)} after ${d.intervalSeconds} s, ${mib(last)} at the end,` +
    ` largest sample ${mib(Math.max(...d.rssKb))}, peak ${mib(d.peakKb)}${growth === null ? '' : `, growth over the second half ${mib(growth)}`}; last status: ${d.statusLine}`
  );
}

function rate(events: number, seconds: number): string {
  if (seconds <= 0) return 'n/a';
  const perSecond = events / seconds;
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(0)} k/s`;
}

export const DOC_BEGIN = '<!-- bench:figures:begin (written by npm run bench) -->';
export const DOC_END = '<!-- bench:figures:end -->';

/** The generated part of docs/performance.md: one row per goal, one column per kernel, then the peers. */
export function formatMarkdown(results: readonly BenchResult[]): string {
  const head = `| goal | target | ${results.map((r) => `${r.kernel} (${r.date})`).join(' | ')} |`;
  const rule = `|---|---|${results.map(() => '---|').join('')}`;
  const perKernel = results.map(goals);
  const rows = perKernel[0]?.map((g, i) => `| ${g.goal} | ${g.target} | ${perKernel.map((gs) => `${gs[i].shown}${gs[i].met === false ? ' **missed**' : ''}`).join(' | ')} |`) ?? [];
  const peers: string[] = [];
  for (const name of ['dd', 'getppid'] as const) {
    for (const v of VARIANTS) {
      if (v === 'untraced') continue;
      const cells = results.map((r) => {
        const w = workload(r.boot, name);
        return w && w.seconds[v] != null ? `${fixed(ratio(w, v), 2, '×')} / ${fixed(perEventVsFloor(w, v), 1, '×')}` : 'n/a';
      });
      peers.push(`| ${name} | ${VARIANT_LABELS[v]} | ${cells.join(' | ')} |`);
    }
  }
  return [
    DOC_BEGIN,
    head,
    rule,
    ...rows,
    '',
    `| workload | tracer: time ratio to untraced / added cost per event ×floor | ${results.map((r) => r.kernel).join(' | ')} |`,
    `|---|---|${results.map(() => '---|').join('')}`,
    ...peers,
    ...(results.some((r) => r.boot.blkin)
      ? ['', `| libktrace-blkin | untraced / traced (ns per blkin_record) | ${results.map((r) => r.kernel).join(' | ')} |`, `|---|---|${results.map(() => '---|').join('')}`,
          `| BLKIN_TIMESTAMP | ratio within one boot | ${results.map((r) => (r.boot.blkin ? `${r.boot.blkin.untracedNs.toFixed(1)} / ${r.boot.blkin.tracedNs.toFixed(0)}` : 'n/a')).join(' | ')} |`]
      : []),
    ...(results.some((r) => r.boot.msg) ? ['', ...formatMsgMarkdown(results)] : []),
    DOC_END,
  ].join('\n');
}

/** The request/response loop's rows: per transport and tracer, time ratio to untraced and added ns per message. */
export function formatMsgMarkdown(results: readonly BenchResult[]): string[] {
  const rows: string[] = [];
  for (const transport of ['unix', 'tcp'] as const)
    for (const v of MSG_VARIANTS) {
      if (v === 'untraced') continue;
      const cells = results.map((r) => {
        const m = r.boot.msg?.find((x) => x.transport === transport);
        return m && m.seconds[v] !== null ? `${fixed(msgRatio(m, v), 2, '×')} / +${fixed(msgAddedNs(m, v), 0, ' ns')}` : 'n/a';
      });
      rows.push(`| ${transport} | ${MSG_LABELS[v]} | ${cells.join(' | ')} |`);
    }
  return [
    `| request/response loop | tracer: time ratio to untraced / added ns per message | ${results.map((r) => r.kernel).join(' | ')} |`,
    `|---|---|${results.map(() => '---|').join('')}`,
    ...rows,
  ];
}

/** @doc with its generated section replaced (or appended). */
export function replaceFigures(doc: string, figures: string): string {
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin < 0 || end < begin) return `${doc.trimEnd()}\n\n${figures}\n`;
  return doc.slice(0, begin) + figures + doc.slice(end + DOC_END.length);
}

/**
 * The flood case: per-event cost each setup adds to the unrelated process,
 * and as a multiple of the empty probe's (ratios within one boot).
 */
export function formatFlood(kernel: string, f: FloodCost): string {
  const added = (s: number) => ((s - f.untraced) / f.events) * 1e9;
  const vsEmpty = (s: number) => (s - f.untraced) / (f.emptyProbe - f.untraced);
  const ref = /^[0-9a-f]{40}$/.test(f.beforeRef) ? f.beforeRef.slice(0, 12) : f.beforeRef;
  const row = (name: string, s: number) => `  ${name.padEnd(42)} ${s.toFixed(3)} s  ${added(s).toFixed(0).padStart(6)} ns/event  ${vsEmpty(s).toFixed(2).padStart(6)}x empty probe`;
  return [
    `${kernel}: getppid_loop ${f.n} (${f.events} events) of a process no reader targets, beside \`ktrace record -p\` of another:`,
    `  ${'untraced'.padEnd(42)} ${f.untraced.toFixed(3)} s`,
    row('empty probe', f.emptyProbe),
    row(`ktrace record -p, module of ${ref}`, f.before),
    row('ktrace record -p, this module', f.after),
    `  records recorded: ${f.beforeRecords} (${ref}), ${f.afterRecords} (this module)`,
  ].join('\n');
}

/**
 * The readers case: per event, what 7 more readers add to a recorded
 * command, wanting none of its events or all of them (ratios within one
 * boot), with an earlier module and this one.
 */
export function formatReaders(kernel: string, r: ReadersCost): string {
  const ref = /^[0-9a-f]{40}$/.test(r.beforeRef) ? r.beforeRef.slice(0, 12) : r.beforeRef;
  const perEvent = (s: number, base: number) => (((s - base) / r.events) * 1e9).toFixed(0).padStart(6);
  const rows = (name: string, t: ReadersTimes) => [
    `  ${name}: alone ${t.alone.toFixed(3)} s (${perEvent(t.alone, r.untraced)} ns/event over untraced)`,
    `    + ${r.extra} readers of block_issue ${t.disjoint.toFixed(3)} s: ${perEvent(t.disjoint, t.alone)} ns/event more`,
    `    + ${r.extra} readers of its syscalls ${t.wanting.toFixed(3)} s: ${perEvent(t.wanting, t.alone)} ns/event more (${(((t.wanting - t.alone) / r.events / r.extra) * 1e9).toFixed(0)} per reader)`,
  ];
  return [
    `${kernel}: getppid_loop ${r.n} (${r.events} events) under \`ktrace record\`, untraced ${r.untraced.toFixed(3)} s:`,
    ...rows(`module of ${ref}`, r.before),
    ...rows('this module', r.after),
    `  records the readers of its syscalls got: ${r.extraRead.before} (${ref}), ${r.extraRead.after} (this module)`,
  ].join('\n');
}
