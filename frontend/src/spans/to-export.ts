// Spans as the exporters take them: Unix times from the session's
// CLOCK_REALTIME - CLOCK_MONOTONIC offset, tags and the kernel view as
// attributes (ktrace.* for the kernel's side).
import type { AttributeValue, ExportSpan } from '../export/span';
import { walk, type KernelView, type Span, type SpanTree } from './model';

function kernelAttributes(k: KernelView | undefined): Record<string, AttributeValue> {
  if (!k) return {};
  const out: Record<string, AttributeValue> = {};
  if (k.syscalls !== undefined) out['ktrace.syscalls'] = k.syscalls;
  if (k.syscallNs !== undefined) out['ktrace.syscall_ns'] = k.syscallNs;
  if (k.contextSwitches !== undefined) out['ktrace.context_switches'] = k.contextSwitches;
  if (k.blockedNs !== undefined) out['ktrace.blocked_ns'] = k.blockedNs;
  if (k.preemptedNs !== undefined) out['ktrace.preempted_ns'] = k.preemptedNs;
  if (k.faults !== undefined) out['ktrace.faults'] = k.faults;
  return out;
}

export function toExportSpan(s: Span, realtimeOffsetNs: bigint): ExportSpan {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentId: s.parentId || undefined,
    name: s.name,
    service: s.service,
    ip: s.ip || undefined,
    port: s.port || undefined,
    startUnixNs: s.start + realtimeOffsetNs,
    endUnixNs: s.end + realtimeOffsetNs,
    events: s.events.map((e) => ({ unixNs: e.ts + realtimeOffsetNs, name: e.value })),
    attributes: { ...Object.fromEntries(s.tags), 'process.pid': s.pid, 'thread.id': s.tid, ...kernelAttributes(s.kernel) },
  };
}

export function exportSpans(trees: readonly SpanTree[], realtimeOffsetNs: bigint): ExportSpan[] {
  return trees.flatMap((t) => [...walk(t.roots)].map(({ span }) => toExportSpan(span, realtimeOffsetNs)));
}
