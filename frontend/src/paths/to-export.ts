// Request paths as spans for OTLP and Zipkin: one trace per request, one
// span per hop (the client's call, each server's handling), parented as the
// hops call each other, so an OpenTelemetry Collector, Jaeger or Zipkin
// gathers the paths of many machines as the central log daemon.
import type { AttributeValue, ExportSpan } from '../export/span';
import { mix64 } from '../spans/sampling';
import { requestLabel } from './label';
import type { Hop, Paths, Request } from './requests';

/** A nonzero 64-bit id from @parts: the same request gives the same ids in every export of it. */
export function pathId(...parts: bigint[]): bigint {
  let id = 0x6b74726163652070n; // "ktrace p"
  for (const p of parts) id = mix64(id ^ BigInt.asUintN(64, p));
  return id || 1n;
}

function hopSpan(request: Request, hop: Hop, traceId: bigint, realtimeOffsetNs: bigint, label: string | undefined): ExportSpan {
  const incoming = request.edges.filter((e) => e.to === hop.id && e.direction === 'request');
  const attributes: Record<string, AttributeValue> = {
    'process.pid': hop.pid,
    'thread.id': hop.tid,
    'ktrace.role': hop.role,
    'ktrace.bytes_in': hop.bytesIn,
    'ktrace.bytes_out': hop.bytesOut,
    'ktrace.recording': hop.source,
  };
  if (incoming.length) attributes['ktrace.matched_by'] = [...new Set(incoming.map((e) => e.kind))].join(',');
  if (label !== undefined) attributes['ktrace.request'] = label;
  const root = hop.id === request.rootHop;
  return {
    traceId,
    spanId: pathId(traceId, BigInt(hop.id)),
    parentId: hop.parent === undefined ? undefined : pathId(traceId, BigInt(hop.parent)),
    name: root ? (label ?? `${hop.comm} request`) : `${hop.comm} ${hop.role}`,
    service: hop.comm,
    startUnixNs: hop.start + realtimeOffsetNs,
    endUnixNs: hop.end + realtimeOffsetNs,
    events: [],
    attributes,
  };
}

/**
 * Every request's hops as spans. @realtimeOffsetNs is the reference
 * recording's CLOCK_REALTIME − CLOCK_MONOTONIC (the other recordings'
 * clocks are already moved onto its clock).
 */
export function pathSpans(paths: Paths, realtimeOffsetNs: bigint, rule?: RegExp): ExportSpan[] {
  return paths.requests.flatMap((request) => {
    const root = paths.hops[request.rootHop];
    const traceId = pathId(BigInt(root.source), BigInt(root.pid), BigInt(root.tid), root.start);
    const label = requestLabel(paths, request, rule);
    return request.hops.map((h) => hopSpan(request, paths.hops[h], traceId, realtimeOffsetNs, label));
  });
}
