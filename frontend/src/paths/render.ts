// Pure views of reconstructed paths: a text tree per request, a summary per
// path shape, and JSON.
import { pathShape, requestLabel, requestLatency, selfTime } from './label';
import type { HopEdge, Paths, Request } from './requests';

export function ms(ns: bigint): string {
  return `${(Number(ns) / 1e6).toFixed(3)} ms`;
}

function percentile(sorted: readonly bigint[], p: number): bigint {
  if (!sorted.length) return 0n;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function edgeText(e: HopEdge): string {
  return `${e.bytes} B ${e.kind}`;
}

/** One request as an indented tree of hops, each with its times, bytes and how it was reached. */
export function formatRequest(paths: Paths, request: Request, rule?: RegExp): string[] {
  const { hops } = paths;
  const root = hops[request.rootHop];
  const label = requestLabel(paths, request, rule);
  const lines = [`request ${request.id + 1}${label ? ` "${label}"` : ''}: ${pathShape(hops, request.rootHop)}, ${ms(requestLatency(paths, request))}${request.rooted ? '' : ' (client not seen)'}`];
  const walk = (id: number, depth: number) => {
    const h = hops[id];
    const inbound = request.edges.filter((e) => e.to === id && e.direction === 'request');
    const outbound = request.edges.filter((e) => e.from === id && e.direction === 'response');
    const how = h.role === 'root' ? 'client' : inbound.length ? `in ${inbound.map(edgeText).join(', ')}` : 'in unmatched';
    const back = outbound.length ? `, out ${outbound.map(edgeText).join(', ')}` : '';
    const d = h.start - root.start;
    const at = `${d < 0n ? '-' : '+'}${ms(d < 0n ? -d : d)}`;
    lines.push(
      `${'  '.repeat(depth + 1)}${h.comm}[${h.pid}/${h.tid}]${paths.offsets.length > 1 ? ` @${h.source}` : ''} ${at} ${ms(h.end - h.start)} (self ${ms(selfTime(hops, id))}) ${h.role === 'root' ? `sent ${h.bytesOut} B, got ${h.bytesIn} B` : `got ${h.bytesIn} B, replied ${h.bytesOut} B`}; ${how}${back}`,
    );
    for (const k of [...h.children].sort((a, b) => (hops[a].start < hops[b].start ? -1 : 1))) walk(k, depth + 1);
  };
  walk(request.rootHop, 0);
  return lines;
}

export interface ShapeRow {
  readonly shape: string;
  readonly count: number;
  readonly p50: bigint;
  readonly p99: bigint;
  /** Mean self time per position in the shape, in tree order. */
  readonly where: readonly { comm: string; meanSelf: bigint }[];
}

export function summarize(paths: Paths): ShapeRow[] {
  const groups = new Map<string, Request[]>();
  for (const r of paths.requests) {
    const s = pathShape(paths.hops, r.rootHop);
    const g = groups.get(s);
    if (g) g.push(r);
    else groups.set(s, [r]);
  }
  const rows: ShapeRow[] = [];
  for (const [shape, reqs] of groups) {
    const lat = reqs.map((r) => requestLatency(paths, r)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const positions: { comm: string; total: bigint }[] = [];
    for (const r of reqs) {
      const order: number[] = [];
      const walk = (id: number) => {
        order.push(id);
        for (const k of [...paths.hops[id].children].sort((a, b) => (paths.hops[a].start < paths.hops[b].start ? -1 : 1))) walk(k);
      };
      walk(r.rootHop);
      order.forEach((id, i) => {
        positions[i] ??= { comm: paths.hops[id].comm, total: 0n };
        positions[i].total += selfTime(paths.hops, id);
      });
    }
    rows.push({ shape, count: reqs.length, p50: percentile(lat, 50), p99: percentile(lat, 99), where: positions.map((p) => ({ comm: p.comm, meanSelf: p.total / BigInt(reqs.length) })) });
  }
  return rows.sort((a, b) => b.count - a.count || (a.shape < b.shape ? -1 : 1));
}

export function formatSummary(rows: readonly ShapeRow[]): string[] {
  const lines = ['  count        p50        p99  path (mean self time per hop)'];
  for (const r of rows)
    lines.push(`${String(r.count).padStart(7)} ${ms(r.p50).padStart(10)} ${ms(r.p99).padStart(10)}  ${r.shape} (${r.where.map((w) => `${w.comm} ${ms(w.meanSelf)}`).join(', ')})`);
  return lines;
}

export function formatStats(paths: Paths): string[] {
  const s = paths.stats;
  const lines = [
    `${paths.requests.length} requests, ${s.messages} messages, ${s.edges} matched (${s.edgesByKind['tcp-seq']} tcp-seq, ${s.edgesByKind['unix-peer']} unix-peer, ${s.edgesByKind['udp-order']} udp-order); ` +
      `unmatched: ${s.unmatchedSends} sends, ${s.unmatchedRecvs} receives; ambiguous ${s.ambiguous}; across requests ${s.crossRequestEdges}; unattributed ${s.unattributed}; unpaired conversations ${s.unpaired}`,
  ];
  for (const o of paths.offsets)
    if (o.source !== 0)
      lines.push(`clock of recording ${o.source + 1}: ${o.offsetNs >= 0n ? '+' : ''}${ms(o.offsetNs)} ± ${ms(o.uncertaintyNs)} against recording ${o.against + 1} (${o.method === 'causal' ? `bounded by ${o.exchanges} ordered receives` : `median of ${o.exchanges} message exchanges`})`);
  return lines;
}

/** JSON-ready object of everything (bigints as ns numbers, exact below 2^53). */
export function pathsJson(paths: Paths, rule?: RegExp): unknown {
  const n = (v: bigint) => Number(v);
  return {
    stats: paths.stats,
    offsets: paths.offsets.map((o) => ({ source: o.source, offset_ns: n(o.offsetNs), uncertainty_ns: n(o.uncertaintyNs), against: o.against, exchanges: o.exchanges, method: o.method })),
    requests: paths.requests.map((r) => ({
      id: r.id + 1,
      label: requestLabel(paths, r, rule) ?? null,
      shape: pathShape(paths.hops, r.rootHop),
      rooted: r.rooted,
      latency_ns: n(requestLatency(paths, r)),
      hops: r.hops.map((id) => {
        const h = paths.hops[id];
        return { hop: id, parent: h.parent ?? null, role: h.role, source: h.source, pid: h.pid, tid: h.tid, comm: h.comm, start_ns: n(h.start), end_ns: n(h.end), self_ns: n(selfTime(paths.hops, id)), bytes_in: h.bytesIn, bytes_out: h.bytesOut, first_bytes: h.data?.toString('latin1') ?? null };
      }),
      edges: r.edges.map((e) => ({ from: e.from, to: e.to, direction: e.direction, match: e.kind, bytes: e.bytes, first_send_ns: n(e.firstSend), last_recv_ns: n(e.lastRecv) })),
    })),
    unmatched: paths.unmatched.map((m) => ({ kind: m.kind, source: m.source, ts_ns: n(m.ts), pid: m.pid, tid: m.tid, comm: m.comm, fd: m.fd, local: m.local ?? null, remote: m.remote ?? null, bytes: m.bytes, seq: m.seq })),
    summary: summarize(paths).map((s) => ({ shape: s.shape, count: s.count, p50_ns: n(s.p50), p99_ns: n(s.p99), self_ns: s.where.map((w) => ({ comm: w.comm, mean_ns: n(w.meanSelf) })) })),
  };
}
