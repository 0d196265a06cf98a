// Zipkin v2 JSON (POST /api/v2/spans): a list of spans; ids lowercase hex,
// times and durations in integer microseconds, tags as strings.
import { hexId, type ExportSpan } from './span';

export interface ZipkinEndpoint {
  serviceName: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

function endpointOf(s: ExportSpan): ZipkinEndpoint {
  const ep: ZipkinEndpoint = { serviceName: s.service };
  if (s.ip && /^\d+\.\d+\.\d+\.\d+$/.test(s.ip)) ep.ipv4 = s.ip;
  else if (s.ip && s.ip.includes(':')) ep.ipv6 = s.ip;
  if (s.port) ep.port = s.port;
  return ep;
}

const micros = (ns: bigint) => Number(ns / 1000n);

export function zipkinSpan(s: ExportSpan): Record<string, unknown> {
  const duration = micros(s.endUnixNs) - micros(s.startUnixNs);
  return {
    traceId: hexId(s.traceId, 16),
    id: hexId(s.spanId, 16),
    ...(s.parentId ? { parentId: hexId(s.parentId, 16) } : {}),
    name: s.name,
    timestamp: micros(s.startUnixNs),
    // Zipkin reads 0 as "unknown": a span shorter than 1 µs is 1 µs long.
    duration: Math.max(1, duration),
    localEndpoint: endpointOf(s),
    annotations: s.events.map((e) => ({ timestamp: micros(e.unixNs), value: e.name })),
    tags: Object.fromEntries(Object.entries(s.attributes).map(([k, v]) => [k, String(v)])),
  };
}

export function zipkinPayload(spans: readonly ExportSpan[]): Record<string, unknown>[] {
  return spans.map(zipkinSpan);
}
