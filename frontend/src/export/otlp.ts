// OTLP/HTTP JSON (POST /v1/traces): the ExportTraceServiceRequest in the
// protobuf JSON mapping OTLP specifies: ids as lowercase hex (not base64),
// 64-bit integers and nanosecond times as decimal strings, enums as numbers.
import { hexId, type AttributeValue, type ExportSpan } from './span';

/** opentelemetry.proto.trace.v1.Span.SpanKind */
export const SPAN_KIND_INTERNAL = 1;

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export function anyValue(v: AttributeValue): AnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'bigint') return { intValue: v.toString() };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

function attributes(record: Readonly<Record<string, AttributeValue>>): KeyValue[] {
  return Object.entries(record).map(([key, v]) => ({ key, value: anyValue(v) }));
}

export function otlpSpan(s: ExportSpan): Record<string, unknown> {
  const attrs: Record<string, AttributeValue> = {};
  if (s.ip) attrs['network.local.address'] = s.ip;
  if (s.port !== undefined) attrs['network.local.port'] = s.port;
  return {
    traceId: hexId(s.traceId, 32),
    spanId: hexId(s.spanId, 16),
    ...(s.parentId ? { parentSpanId: hexId(s.parentId, 16) } : {}),
    name: s.name,
    kind: SPAN_KIND_INTERNAL,
    startTimeUnixNano: s.startUnixNs.toString(),
    endTimeUnixNano: s.endUnixNs.toString(),
    attributes: attributes({ ...attrs, ...s.attributes }),
    events: s.events.map((e) => ({ timeUnixNano: e.unixNs.toString(), name: e.name })),
  };
}

/** One resourceSpans per service, in the order services first appear. */
export function otlpPayload(spans: readonly ExportSpan[], scope: { name: string; version: string }): Record<string, unknown> {
  const byService = new Map<string, ExportSpan[]>();
  for (const s of spans) {
    const list = byService.get(s.service);
    if (list) list.push(s);
    else byService.set(s.service, [s]);
  }
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ scope, spans: list.map(otlpSpan) }],
    })),
  };
}
