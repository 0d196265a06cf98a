// --json: one object per span (JSON Lines), parents before children; ids in
// hex as Zipkin and OTLP write them, times in ns (monotonic and Unix).
import { hex64, walk, type KernelView, type Span, type SpanTree } from './model';

function kernelJson(k: KernelView): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  if (k.syscalls !== undefined) out.syscalls = k.syscalls;
  if (k.syscallNs !== undefined) out.syscall_ns = Number(k.syscallNs);
  if (k.contextSwitches !== undefined) out.context_switches = k.contextSwitches;
  if (k.blockedNs !== undefined) out.blocked_ns = Number(k.blockedNs);
  if (k.preemptedNs !== undefined) out.preempted_ns = Number(k.preemptedNs);
  if (k.faults !== undefined) out.faults = k.faults;
  return out;
}

export function spanJson(s: Span, depth: number, realtimeOffsetNs: bigint): Record<string, unknown> {
  return {
    trace_id: hex64(s.traceId),
    span_id: hex64(s.spanId),
    parent_id: s.parentId ? hex64(s.parentId) : null,
    orphan: s.orphan,
    depth,
    name: s.name,
    service: s.service,
    ip: s.ip,
    port: s.port,
    pid: s.pid,
    tid: s.tid,
    start_ns: Number(s.start),
    start_unix_ns: (s.start + realtimeOffsetNs).toString(),
    duration_ns: Number(s.end - s.start),
    annotations: s.events.map((e) => ({ offset_ns: Number(e.ts - s.start), value: e.value })),
    tags: Object.fromEntries([...s.tags].map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    ...(s.kernel ? { kernel: kernelJson(s.kernel) } : {}),
  };
}

export function formatTreesJson(trees: readonly SpanTree[], realtimeOffsetNs: bigint): string {
  let out = '';
  for (const t of trees) for (const { span, depth } of walk(t.roots)) out += `${JSON.stringify(spanJson(span, depth, realtimeOffsetNs))}\n`;
  return out;
}
