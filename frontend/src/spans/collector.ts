// Groups annotations by (trace id, span id) into spans, nests them by parent
// span id, and gives each its thread's kernel view.
import type { DecodedRecord } from '../decode';
import type { ProbeSites } from '../usdt/attach';
import { KernelActivity, type Recorded } from './kernel-view';
import type { Annotation, Span, SpanTree } from './model';
import { annotationOf } from './probes';

function byStart(a: Span, b: Span): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.spanId < b.spanId ? -1 : 1;
}

/** Spans from annotations alone (pure): one per (trace, span) id pair, in trees per trace. */
export function buildTrees(annotations: readonly Annotation[]): SpanTree[] {
  const groups = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const key = `${a.traceId}:${a.spanId}`;
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  const spans = new Map<string, Span>();
  for (const [key, list] of groups) {
    list.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    const first = list[0];
    const tags = new Map<string, string | bigint>();
    for (const a of list) if (a.kind !== 'timestamp' && a.value !== undefined) tags.set(a.key, a.value);
    spans.set(key, {
      traceId: first.traceId,
      spanId: first.spanId,
      parentId: first.parentId,
      name: first.traceName,
      service: first.service,
      ip: first.ip,
      port: first.port,
      pid: first.pid,
      tid: first.tid,
      start: first.ts,
      end: list[list.length - 1].ts,
      events: list.filter((a) => a.kind === 'timestamp').map((a) => ({ ts: a.ts, value: a.key })),
      tags,
      children: [],
      orphan: false,
    });
  }
  const traces = new Map<bigint, Span[]>();
  const counts = new Map<bigint, number>();
  for (const span of spans.values()) {
    counts.set(span.traceId, (counts.get(span.traceId) ?? 0) + 1);
    const parent = span.parentId ? spans.get(`${span.traceId}:${span.parentId}`) : undefined;
    if (parent && parent !== span) {
      parent.children.push(span);
      continue;
    }
    span.orphan = span.parentId !== 0n;
    const roots = traces.get(span.traceId);
    if (roots) roots.push(span);
    else traces.set(span.traceId, [span]);
  }
  for (const span of spans.values()) span.children.sort(byStart);
  return [...traces]
    .map(([traceId, roots]) => ({ traceId, roots: roots.sort(byStart), spanCount: counts.get(traceId) ?? 0 }))
    .sort((a, b) => byStart(a.roots[0], b.roots[0]));
}

interface PendingTrace {
  readonly annotations: Annotation[];
  first: bigint;
  last: bigint;
}

/**
 * A trace is complete once none of its spans has been annotated for the
 * idle time: takeIdle() hands it out (with its kernel view) and forgets it,
 * so a long session holds only the traces in progress.
 */
export class SpanCollector {
  private readonly pending = new Map<bigint, PendingTrace>();
  private readonly activity: KernelActivity;
  private count = 0;
  private checked = 0n;
  /** The latest record time seen (CLOCK_MONOTONIC ns). */
  latest = 0n;
  lost = 0;

  constructor(
    private readonly sites: ProbeSites,
    recorded: Recorded,
  ) {
    this.activity = new KernelActivity(recorded);
  }

  get annotationCount(): number {
    return this.count;
  }

  onRecord(record: DecodedRecord): void {
    if (record.type === 'lost') this.lost += record.count;
    if (record.type !== 'event') return;
    const ts = record.tsBigInt();
    if (ts > this.latest) this.latest = ts;
    if (record.eventName === 'usdt') {
      const a = annotationOf(record, this.sites);
      if (!a) return;
      this.count++;
      const trace = this.pending.get(a.traceId);
      if (trace) {
        trace.annotations.push(a);
        if (a.ts > trace.last) trace.last = a.ts;
        if (a.ts < trace.first) trace.first = a.ts;
      } else this.pending.set(a.traceId, { annotations: [a], first: a.ts, last: a.ts });
      this.activity.watch(a.tid);
      return;
    }
    this.activity.onRecord(record);
  }

  private take(traceIds: readonly bigint[]): SpanTree[] {
    const annotations = traceIds.flatMap((id) => this.pending.get(id)?.annotations ?? []);
    for (const id of traceIds) this.pending.delete(id);
    const trees = buildTrees(annotations);
    const add = (spans: readonly Span[]) => {
      for (const s of spans) {
        s.kernel = this.activity.view(s.tid, s.start, s.end);
        add(s.children);
      }
    };
    for (const t of trees) add(t.roots);
    // What the traces still in progress may need: each thread's activity from its earliest pending annotation on.
    const keepFrom = new Map<number, bigint>();
    for (const trace of this.pending.values())
      for (const a of trace.annotations) if (!keepFrom.has(a.tid) || a.ts < keepFrom.get(a.tid)!) keepFrom.set(a.tid, a.ts);
    this.activity.prune(keepFrom);
    return trees;
  }

  /** Traces with no annotation in the @idleNs before @now. */
  takeIdle(now: bigint, idleNs: bigint): SpanTree[] {
    const idle = [...this.pending].filter(([, t]) => t.last < now - idleNs).map(([id]) => id);
    return idle.length ? this.take(idle) : [];
  }

  /**
   * Record time has reached @now: the traces idle since @idleNs before it, checked
   * every half @idleNs of that time (so a replay ends traces where the live timer
   * would); undefined between checks.
   */
  advance(now: bigint, idleNs: bigint): SpanTree[] | undefined {
    if (now - this.checked < (idleNs / 2n || 1n)) return undefined;
    this.checked = now;
    return this.takeIdle(now, idleNs);
  }

  /** The first annotation of the traces in progress: every span still to come ends at or after it. */
  earliestPending(): bigint | undefined {
    let first: bigint | undefined;
    for (const t of this.pending.values()) if (first === undefined || t.first < first) first = t.first;
    return first;
  }

  /** Every trace still in progress. */
  finish(): SpanTree[] {
    return this.take([...this.pending.keys()]);
  }
}
