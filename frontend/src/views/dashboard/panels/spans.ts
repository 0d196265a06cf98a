// BlkKin's monitoring part, live: spans built from the zipkin:* annotations
// by the collector `ktrace spans` uses, per name over a sliding window
// (count, p50, p99), the session's count, and --alert thresholds.
import type { DecodedRecord } from '../../../decode';
import { SpanCollector } from '../../../spans/collector';
import type { Recorded } from '../../../spans/kernel-view';
import { monitorTrees, SpanMonitor, type Alert, type AlertEvent, type AlertState, type MonitorRow } from '../../../spans/monitor';
import type { ProbeSites } from '../../../usdt/attach';
import { fitColumns, formatCells, formatHeader, type Column } from '../columns';
import { formatLatency } from './syscalls';

/** What the dashboard's span monitor watches. */
export interface SpanWatch {
  /** The probe sites of the stream: the zipkin ones give annotations. */
  readonly sites: ProbeSites;
  /** The kernel events the stream has, for the spans' kernel view. */
  readonly recorded: Recorded;
  readonly alerts: readonly Alert[];
  readonly windowNs: bigint;
  /** A trace is complete (its spans counted) after this long without annotations. */
  readonly idleNs: bigint;
}

export class SpanPanelModel {
  private readonly collector: SpanCollector;
  private readonly monitor: SpanMonitor;

  constructor(
    readonly watch: SpanWatch,
    /** Told of each crossing, as it is found. */
    private readonly onAlert: (event: AlertEvent) => void,
  ) {
    this.collector = new SpanCollector(watch.sites, watch.recorded);
    this.monitor = new SpanMonitor(watch.windowNs, watch.alerts, false);
  }

  /** Before the record is added, as `ktrace spans` does: at its time, the traces idle so long were complete. */
  onRecord(record: DecodedRecord): void {
    if (record.type === 'event') this.advanceTo(record.tsBigInt());
    this.collector.onRecord(record);
  }

  /**
   * Time passes (live: without records too): complete traces are counted,
   * every half idle time. The window ends where every span before it is
   * known: the idle time before @nowNs, or earlier, at the first annotation
   * of a trace still in progress (but never more than a window earlier),
   * so spans come to the monitor in order of their ends and a crossing is
   * dated at the end of the span that caused it, as `ktrace spans` dates it.
   */
  advanceTo(nowNs: bigint): void {
    const trees = this.collector.advance(nowNs, this.watch.idleNs);
    if (!trees) return;
    this.report(monitorTrees(this.monitor, trees));
    const known = nowNs - this.watch.idleNs;
    const pending = this.collector.earliestPending();
    const until = pending !== undefined && pending < known ? pending : known;
    const floor = known - this.watch.windowNs;
    this.report(this.monitor.advanceTo(until > floor ? until : floor));
  }

  /** The stream ended (a replay's end): the traces in progress are complete, the window ends at the last record. */
  finish(): void {
    this.report(monitorTrees(this.monitor, this.collector.finish()));
    this.report(this.monitor.advanceTo(this.collector.latest));
  }

  private report(events: readonly AlertEvent[]): void {
    for (const e of events) this.onAlert(e);
  }

  /** Annotations seen so far. */
  get annotations(): number {
    return this.collector.annotationCount;
  }

  /** Span names held (each with its window). */
  get size(): number {
    return this.monitor.size;
  }

  /** Names with a raised alert first, then by name. */
  rows(): MonitorRow[] {
    return this.monitor.rows().sort((a, b) => Number(isRaised(b)) - Number(isRaised(a)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

export function isRaised(row: MonitorRow): boolean {
  return row.alerts.some((a) => a.raised);
}

/** `p99>5ms` of `osd_op>5ms`: the row already names the span. */
function threshold(alert: Alert): string {
  const text = alert.text.trim();
  return `p${alert.quantile}${text.slice(text.lastIndexOf('>'))}`;
}

/** Seconds since the dashboard's first record, as the log shows them. */
function secondsSince(ns: bigint, startNs: number): string {
  return `${((Number(ns) - startNs) / 1e9).toFixed(6)}s`;
}

/**
 * One alert's state: `p99>5ms ALERT since 1.234567s` while raised, `p99>5ms ok
 * since 3.456789s` once cleared, `p99>5ms ok` before it ever crossed.
 */
export function formatAlertState(a: AlertState, startNs: number): string {
  const since = a.since === undefined ? '' : ` since ${secondsSince(a.since, startNs)}`;
  return `${threshold(a.alert)} ${a.raised ? 'ALERT' : 'ok'}${since}`;
}

function columns(startNs: number): Column<MonitorRow>[] {
  return [
    { title: 'span', width: 12, left: true, maxWidth: 28, cell: (r) => r.name },
    { title: 'count', width: 6, cell: (r) => String(r.window.count) },
    { title: 'p50', width: 9, cell: (r) => (r.window.count ? formatLatency(Number(r.window.p50)) : '-') },
    { title: 'p99', width: 9, cell: (r) => (r.window.count ? formatLatency(Number(r.window.p99)) : '-') },
    { title: 'total', width: 7, optional: 1, cell: (r) => String(r.total) },
    { title: '  alerts', width: 12, left: true, maxWidth: 200, cell: (r) => `  ${r.alerts.map((a) => formatAlertState(a, startNs)).join(', ')}` },
  ];
}

/** The narrowest table (without the total). */
export const SPAN_MIN_WIDTH = fitColumns(columns(0), 0).width;

/**
 * The header and a row formatter for a panel @width columns wide: count, p50
 * and p99 over the window, total over the session, then the alerts' states
 * (their times in seconds since @startNs, the dashboard's first record).
 */
export function spanTable(width: number, startNs: number): { header: string; row: (r: MonitorRow) => string } {
  const fitted = fitColumns(columns(startNs), width);
  return { header: formatHeader(fitted).trimEnd(), row: (r) => formatCells(fitted, r).trimEnd() };
}

/** A duration as a user would type it: 10s, 500ms, 1500us. */
export function durationText(ns: bigint): string {
  for (const [unit, size] of [['s', 1_000_000_000n], ['ms', 1_000_000n], ['us', 1000n]] as const) if (ns % size === 0n) return `${ns / size}${unit}`;
  return `${ns}ns`;
}

/** The panel's title: what the window and the idle time are. */
export function spanPanelTitle(watch: SpanWatch): string {
  return `spans (window ${durationText(watch.windowNs)}, idle ${durationText(watch.idleNs)})`;
}
