// BlkKin's monitoring part: per span name, count and p50/p99 of durations
// over a sliding window of span ends, checked against thresholds
// (`--alert 'osd_op>5ms'`: p99 above 5 ms; `'osd_op.p50>2ms'`: the median).
import { UserError } from '../user-error';
import { ms } from './text';

export interface Alert {
  readonly name: string;
  readonly quantile: 50 | 99;
  readonly limitNs: bigint;
  readonly text: string;
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, ms: 1_000_000n, s: 1_000_000_000n };

function durationNs(number: string, unit: string): bigint {
  const [whole, frac = ''] = number.split('.');
  const u = UNITS[unit];
  return BigInt(whole) * u + (frac ? (BigInt(frac.padEnd(9, '0').slice(0, 9)) * u) / 1_000_000_000n : 0n);
}

/** A duration with its unit (ns, us, ms, s): `10s`, `2.5ms`. */
export function parseDuration(text: string, option: string): bigint {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s)$/.exec(text.trim());
  const ns = m ? durationNs(m[1], m[2]) : 0n;
  if (!ns) throw new UserError(`${option} ${text}: expected a positive duration with its unit (ns, us, ms, s)`, 2);
  return ns;
}

/** `NAME[.p50|.p99]>DURATION`, DURATION a number with ns, us, ms or s. */
export function parseAlert(text: string): Alert {
  const m = /^(.+?)(?:\.(p50|p99))?>(\d+(?:\.\d+)?)(ns|us|µs|ms|s)$/.exec(text.trim());
  if (!m || !m[1]) throw new UserError(`--alert ${text}: expected NAME>DURATION or NAME.p50>DURATION (e.g. 'osd_op>5ms')`, 2);
  return { name: m[1], quantile: m[2] === 'p50' ? 50 : 99, limitNs: durationNs(m[3], m[4]), text };
}

/** Nearest-rank quantile of sorted durations. */
export function quantile(sorted: readonly bigint[], q: number): bigint {
  if (!sorted.length) return 0n;
  return sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)];
}

export interface WindowStats {
  readonly count: number;
  readonly p50: bigint;
  readonly p99: bigint;
}

export function statsOf(durations: readonly bigint[]): WindowStats {
  const sorted = [...durations].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { count: sorted.length, p50: quantile(sorted, 50), p99: quantile(sorted, 99) };
}

export interface AlertEvent {
  readonly alert: Alert;
  /** The span end (CLOCK_MONOTONIC ns) at which the window crossed the threshold, or fell back under it. */
  readonly at: bigint;
  readonly raised: boolean;
  readonly stats: WindowStats;
}

interface Ended {
  readonly end: bigint;
  readonly duration: bigint;
}

/** Spans must be added in order of their end. */
export class SpanMonitor {
  private readonly windows = new Map<string, Ended[]>();
  private readonly totals = new Map<string, bigint[]>();
  private readonly raised = new Set<Alert>();
  readonly events: AlertEvent[] = [];

  constructor(
    readonly windowNs: bigint,
    readonly alerts: readonly Alert[],
  ) {}

  add(name: string, end: bigint, duration: bigint): void {
    const w = this.windows.get(name) ?? [];
    this.windows.set(name, w);
    w.push({ end, duration });
    while (w.length && w[0].end <= end - this.windowNs) w.shift();
    const all = this.totals.get(name) ?? [];
    this.totals.set(name, all);
    all.push(duration);
    const alerts = this.alerts.filter((a) => a.name === name);
    if (!alerts.length) return;
    const stats = statsOf(w.map((e) => e.duration));
    for (const alert of alerts) {
      const over = (alert.quantile === 50 ? stats.p50 : stats.p99) > alert.limitNs;
      if (over === this.raised.has(alert)) continue;
      if (over) this.raised.add(alert);
      else this.raised.delete(alert);
      this.events.push({ alert, at: end, raised: over, stats });
    }
  }

  /** Per name, over the whole trace. */
  summary(): { name: string; stats: WindowStats }[] {
    return [...this.totals].map(([name, d]) => ({ name, stats: statsOf(d) })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}

/** The monitor's report: each crossing, then the table (strace -c's place: after the trace). */
export function formatMonitor(m: SpanMonitor, startNs: bigint): string {
  const lines: string[] = [];
  for (const e of m.events) {
    const q = e.alert.quantile === 50 ? e.stats.p50 : e.stats.p99;
    const when = `+${ms(e.at - startNs)}`;
    lines.push(
      e.raised
        ? `alert ${e.alert.text}: p${e.alert.quantile} ${ms(q)} over ${e.stats.count} span${e.stats.count === 1 ? '' : 's'} at ${when}`
        : `clear ${e.alert.text}: p${e.alert.quantile} ${ms(q)} at ${when}`,
    );
  }
  const rows = m.summary();
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  lines.push(`${'span'.padEnd(width)} ${'count'.padStart(7)} ${'p50'.padStart(12)} ${'p99'.padStart(12)}  alert`);
  for (const r of rows) {
    const alerts = m.alerts.filter((a) => a.name === r.name).map((a) => a.text);
    lines.push(`${r.name.padEnd(width)} ${String(r.stats.count).padStart(7)} ${ms(r.stats.p50).padStart(12)} ${ms(r.stats.p99).padStart(12)}  ${alerts.join(', ')}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
