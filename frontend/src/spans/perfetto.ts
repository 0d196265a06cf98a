// Spans on a Perfetto timeline: each span a slice on its annotating
// thread's track, its events instants there, processes named by service.
import { micros, type ArgValue, type MetadataEvent, type TraceEvent } from '../views/export/trace-event';
import { hex64, walk, type SpanTree } from './model';

export function spanEvents(trees: readonly SpanTree[]): TraceEvent[] {
  const events: TraceEvent[] = [];
  const named = new Map<number, string>();
  for (const t of trees)
    for (const { span: s } of walk(t.roots)) {
      if (!named.has(s.pid)) named.set(s.pid, s.service);
      const args: Record<string, ArgValue> = {
        trace_id: hex64(s.traceId),
        span_id: hex64(s.spanId),
        parent_id: s.parentId ? hex64(s.parentId) : null,
        endpoint: `${s.ip}:${s.port}`,
      };
      for (const [k, v] of s.tags) args[`tag.${k}`] = typeof v === 'bigint' ? Number(v) : v;
      for (const [k, v] of Object.entries(s.kernel ?? {})) args[`kernel.${k}`] = typeof v === 'bigint' ? Number(v) : (v as number);
      events.push({ ph: 'X', cat: 'span', name: s.name, pid: s.pid, tid: s.tid, ts: micros(Number(s.start)), dur: micros(Number(s.end - s.start)), args });
      for (const e of s.events) events.push({ ph: 'i', s: 't', cat: 'annotation', name: e.value, pid: s.pid, tid: s.tid, ts: micros(Number(e.ts)) });
    }
  const meta: MetadataEvent[] = [...named].map(([pid, service]) => ({ ph: 'M', name: 'process_name', pid, args: { name: `${service} (${pid})` } }));
  return [...meta, ...events];
}
