// BlkKin's monitoring part: per span name, count and p50/p99 of durations
// over a sliding window of span ends, checked against thresholds
// (`--alert 'osd_op>5ms'`: p99 above 5 ms; `'osd_op.p50>2ms'`: the median).
import { UserError } from '../user-error';
import { walk, type SpanTree } from './model';
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
  /**
   * When the window crossed the threshold (CLOCK_MONOTONIC ns): the end of
   * the span that took it over or under, or the time a span left the window.
   */
  readonly at: bigint;
  readonly raised: boolean;
  readonly stats: WindowStats;
}

/** An alert's state: raised or not, since when (undefined: never crossed). */
export interface AlertState {
  readonly alert: Alert;
  readonly raised: boolean;
  readonly since?: bigint;
}

interface Ended {
  readonly end: bigint;
  readonly duration: bigint;
}

interface NameState {
  /** The spans that ended within the window, by end. */
  readonly window: Ended[];
  count: number;
  /** Every duration (only when the monitor keeps its history). */
  readonly all?: bigint[];
}

/** Per span name: the window's count and quantiles, the session's count, and the name's alerts. */
export interface MonitorRow {
  readonly name: string;
  readonly window: WindowStats;
  readonly total: number;
  readonly alerts: readonly AlertState[];
}

/**
 * The window slides with time: spans are added as they end (or, when they
 * come late, as a live collector hands them out: they are placed by their
 * end and judged at the latest time seen), and advanceTo() moves it on
 * while none end, so slow spans leaving it clear their alerts when they
 * leave. A span that ended at E is in the window until E + window.
 */
export class SpanMonitor {
  private readonly names = new Map<string, NameState>();
  private readonly states = new Map<Alert, { raised: boolean; since?: bigint }>();
  /** Every crossing, when the history is kept (the end-of-session report). */
  readonly events: AlertEvent[] = [];
  /** The window's end: the latest span end or time advanced to. */
  now = 0n;

  constructor(
    readonly windowNs: bigint,
    readonly alerts: readonly Alert[],
    /** Keep every duration and crossing, for summary() and formatMonitor(); a live view keeps only the window. */
    private readonly keepHistory = true,
  ) {
    for (const a of alerts) this.states.set(a, { raised: false });
  }

  /** The crossings this span caused, and those of spans that left the window before it ended. */
  add(name: string, end: bigint, duration: bigint): AlertEvent[] {
    const crossed = this.leave(end, false);
    if (end > this.now) this.now = end;
    let s = this.names.get(name);
    if (!s) {
      s = { window: [], count: 0, ...(this.keepHistory ? { all: [] } : {}) };
      this.names.set(name, s);
    }
    s.count++;
    s.all?.push(duration);
    if (end > this.now - this.windowNs) {
      let i = s.window.length;
      while (i > 0 && s.window[i - 1].end > end) i--;
      s.window.splice(i, 0, { end, duration });
    }
    // Those ending exactly a window before it leave as it comes: one judgement for both.
    while (s.window.length && s.window[0].end <= this.now - this.windowNs) s.window.shift();
    crossed.push(...this.check(name, s, this.now));
    return crossed;
  }

  /** Time passes without spans ending: those older than the window leave it. */
  advanceTo(now: bigint): AlertEvent[] {
    const crossed = this.leave(now, true);
    if (now > this.now) this.now = now;
    return crossed;
  }

  /** Spans leave at their end + window, in time order, each departure judged when it happens. */
  private leave(until: bigint, inclusive: boolean): AlertEvent[] {
    const crossed: AlertEvent[] = [];
    for (;;) {
      let next: { at: bigint; name: string; s: NameState } | undefined;
      for (const [name, s] of this.names) {
        if (!s.window.length) continue;
        const at = s.window[0].end + this.windowNs;
        if ((inclusive ? at <= until : at < until) && (!next || at < next.at)) next = { at, name, s };
      }
      if (!next) return crossed;
      const { at, name, s } = next;
      while (s.window.length && s.window[0].end + this.windowNs <= at) s.window.shift();
      crossed.push(...this.check(name, s, at));
    }
  }

  private check(name: string, s: NameState, at: bigint): AlertEvent[] {
    const alerts = this.alerts.filter((a) => a.name === name);
    if (!alerts.length) return [];
    const stats = statsOf(s.window.map((e) => e.duration));
    const crossed: AlertEvent[] = [];
    for (const alert of alerts) {
      const over = (alert.quantile === 50 ? stats.p50 : stats.p99) > alert.limitNs;
      const state = this.states.get(alert)!;
      if (over === state.raised) continue;
      state.raised = over;
      state.since = at;
      crossed.push({ alert, at, raised: over, stats });
    }
    if (this.keepHistory) this.events.push(...crossed);
    return crossed;
  }

  /** Per name seen (and per name an alert watches), by name: the window as of `now`. */
  rows(): MonitorRow[] {
    const names = new Set([...this.names.keys(), ...this.alerts.map((a) => a.name)]);
    return [...names].sort().map((name) => {
      const s = this.names.get(name);
      return {
        name,
        window: statsOf(s?.window.map((e) => e.duration) ?? []),
        total: s?.count ?? 0,
        alerts: this.alerts.filter((a) => a.name === name).map((a) => ({ alert: a, ...this.states.get(a)! })),
      };
    });
  }

  /** Names seen: what a live view holds is this many windows. */
  get size(): number {
    return this.names.size;
  }

  /** Per name, over the whole trace (when the history is kept). */
  summary(): { name: string; stats: WindowStats }[] {
    return [...this.names].map(([name, s]) => ({ name, stats: statsOf(s.all ?? []) })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}

/** Spans of complete traces into @monitor, in order of their end; the crossings they caused. */
export function monitorTrees(monitor: SpanMonitor, trees: readonly SpanTree[]): AlertEvent[] {
  const spans = trees.flatMap((t) => [...walk(t.roots)].map(({ span }) => span)).sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  return spans.flatMap((s) => monitor.add(s.name, s.end, s.end - s.start));
}

/** A crossing without its time: `alert op>5ms: p99 9.000ms over 4 spans`, `clear op>5ms: p99 1.000ms` (or `: no span in the window`). */
export function formatAlertEvent(e: AlertEvent): string {
  const q = e.alert.quantile === 50 ? e.stats.p50 : e.stats.p99;
  return e.raised
    ? `alert ${e.alert.text}: p${e.alert.quantile} ${ms(q)} over ${e.stats.count} span${e.stats.count === 1 ? '' : 's'}`
    : e.stats.count
      ? `clear ${e.alert.text}: p${e.alert.quantile} ${ms(q)}`
      : `clear ${e.alert.text}: no span in the window`;
}

/** The monitor's report: each crossing, then the table (strace -c's place: after the trace). */
export function formatMonitor(m: SpanMonitor, startNs: bigint): string {
  const lines = m.events.map((e) => `${formatAlertEvent(e)} at +${ms(e.at - startNs)}`);
  const rows = m.summary();
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  lines.push(`${'span'.padEnd(width)} ${'count'.padStart(7)} ${'p50'.padStart(12)} ${'p99'.padStart(12)}  alert`);
  for (const r of rows) {
    const alerts = m.alerts.filter((a) => a.name === r.name).map((a) => a.text);
    lines.push(`${r.name.padEnd(width)} ${String(r.stats.count).padStart(7)} ${ms(r.stats.p50).padStart(12)} ${ms(r.stats.p99).padStart(12)}  ${alerts.join(', ')}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
