// A finished span as the exporters take it: what OTLP and Zipkin v2 both
// carry, with Unix-epoch times (the caller converts kernel timestamps).

export type AttributeValue = string | bigint | number | boolean;

export interface ExportSpan {
  /** 64-bit ids (OTLP's 128-bit trace id is this one, zero-extended). */
  readonly traceId: bigint;
  readonly spanId: bigint;
  /** Absent (or 0) for a root span. */
  readonly parentId?: bigint;
  readonly name: string;
  /** The service (OTLP resource service.name, Zipkin localEndpoint.serviceName). */
  readonly service: string;
  readonly ip?: string;
  readonly port?: number;
  readonly startUnixNs: bigint;
  readonly endUnixNs: bigint;
  readonly events: readonly { readonly unixNs: bigint; readonly name: string }[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export function hexId(id: bigint, digits: 16 | 32): string {
  return BigInt.asUintN(digits * 4, id).toString(16).padStart(digits, '0');
}
