// Paths as a Chrome JSON trace for Perfetto: a slice per hop on its
// thread's track, and a flow arrow for every matched message edge, from the
// sending slice to the receiving one.
import { requestLabel } from './label';
import type { Paths } from './requests';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  id?: number;
  bp?: string;
  args?: Record<string, unknown>;
}

const us = (ns: bigint) => Number(ns) / 1000;

export function pathsPerfetto(paths: Paths, rule?: RegExp): { traceEvents: TraceEvent[]; displayTimeUnit: string } {
  const events: TraceEvent[] = [];
  // Recordings of different machines reuse pids: each gets its own pid range.
  const pidOf = (source: number, pid: number) => (source ? source * 10_000_000 + pid : pid);
  let flow = 0;
  for (const r of paths.requests) {
    const label = requestLabel(paths, r, rule) ?? `request ${r.id + 1}`;
    for (const id of r.hops) {
      const h = paths.hops[id];
      events.push({ name: `${h.comm}: ${label}`, cat: 'paths', ph: 'X', ts: us(h.start), dur: Math.max(us(h.end - h.start), 0.001), pid: pidOf(h.source, h.pid), tid: pidOf(h.source, h.tid), args: { request: r.id + 1, bytes_in: h.bytesIn, bytes_out: h.bytesOut } });
    }
    for (const e of r.edges) {
      const from = paths.hops[e.from];
      const to = paths.hops[e.to];
      flow++;
      const name = `${e.direction} ${e.bytes} B (${e.kind})`;
      // Flow ends bind to the enclosing slice; clamp into it so the arrow attaches.
      const clamp = (t: bigint, a: bigint, b: bigint) => (t < a ? a : t > b ? b : t);
      events.push({ name, cat: 'paths', ph: 's', id: flow, ts: us(clamp(e.firstSend, from.start, from.end)), pid: pidOf(from.source, from.pid), tid: pidOf(from.source, from.tid) });
      events.push({ name, cat: 'paths', ph: 'f', bp: 'e', id: flow, ts: us(clamp(e.lastRecv, to.start, to.end)), pid: pidOf(to.source, to.pid), tid: pidOf(to.source, to.tid) });
    }
  }
  return { traceEvents: events, displayTimeUnit: 'ns' };
}
