// What `ktrace spans` builds from BlkKin annotations: spans (Dapper's unit of
// work), each with its events, tags and its thread's kernel view.

/** One blkin_record() call, as the zipkin:* probes report it. */
export interface Annotation {
  /** CLOCK_MONOTONIC ns. */
  readonly ts: bigint;
  readonly pid: number;
  readonly tid: number;
  readonly kind: 'timestamp' | 'string' | 'integer';
  readonly traceName: string;
  readonly service: string;
  readonly ip: string;
  readonly port: number;
  /** Unsigned 64-bit ids, as they travel (0: no parent). */
  readonly traceId: bigint;
  readonly spanId: bigint;
  readonly parentId: bigint;
  /** The event (timestamp) or the key. */
  readonly key: string;
  readonly value?: string | bigint;
}

/** The annotating thread's kernel activity between a span's first and last annotation. */
export interface KernelView {
  readonly syscalls?: number;
  readonly syscallNs?: bigint;
  /** Times the thread left the CPU, and the time it spent off it blocked (not merely preempted). */
  readonly contextSwitches?: number;
  readonly blockedNs?: bigint;
  readonly preemptedNs?: bigint;
  readonly faults?: number;
}

export interface SpanEvent {
  readonly ts: bigint;
  readonly value: string;
}

export interface Span {
  readonly traceId: bigint;
  readonly spanId: bigint;
  readonly parentId: bigint;
  readonly name: string;
  readonly service: string;
  readonly ip: string;
  readonly port: number;
  readonly pid: number;
  readonly tid: number;
  /** First and last annotation, CLOCK_MONOTONIC ns. */
  readonly start: bigint;
  readonly end: bigint;
  readonly events: readonly SpanEvent[];
  readonly tags: ReadonlyMap<string, string | bigint>;
  kernel?: KernelView;
  readonly children: Span[];
  /** A parent id that no collected span has (its parent ran elsewhere, or was not traced). */
  orphan: boolean;
}

/** A trace: its root spans (and orphans), children nested, all by start time. */
export interface SpanTree {
  readonly traceId: bigint;
  readonly roots: readonly Span[];
  readonly spanCount: number;
}

export function hex64(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16).padStart(16, '0');
}

/** Depth-first, parents before children. */
export function* walk(spans: readonly Span[], depth = 0): Generator<{ span: Span; depth: number }> {
  for (const span of spans) {
    yield { span, depth };
    yield* walk(span.children, depth + 1);
  }
}
