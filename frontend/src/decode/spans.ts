// Span frames (ABI 4, draft): what a reader in span mode gets from read().
// Each frame is a 16-byte little-endian header, then its bytes:
//   u8 kind, u8 flags (0), u16 cpu, u32 len, u64 value
// DATA (kind 1): `len` bytes of one CPU's stream, starting at ring position
//   `value`; HORIZON (kind 2, len 0): every record with a time at or before
//   `value` (CLOCK_MONOTONIC ns) has been delivered, on every CPU.
// The splitter keeps "need more bytes" apart from "malformed at offset N".

export const SPAN_HEADER_BYTES = 16;
/** The largest DATA frame a reader accepts: a read() never returns more. */
export const MAX_SPAN_BYTES = 1 << 24;
export const SPAN_DATA = 1;
export const SPAN_HORIZON = 2;

export type SpanFrame =
  | { readonly kind: 'data'; readonly cpu: number; readonly pos: bigint; readonly bytes: Uint8Array }
  | { readonly kind: 'horizon'; readonly tsNs: bigint };

export type SpanResult =
  | { readonly kind: 'frame'; readonly frame: SpanFrame }
  /** `have` bytes are buffered; `need`, once the header is complete, is the whole frame's size. */
  | { readonly kind: 'need-more'; readonly have: number; readonly need?: number }
  /** Sticky: a framing error leaves no way to find the next frame. */
  | { readonly kind: 'malformed'; readonly offset: number; readonly reason: string };

/** Encodes one frame: the module's layout, for tests and fixtures. */
export function encodeSpanFrame(frame: SpanFrame): Uint8Array {
  const bytes = frame.kind === 'data' ? frame.bytes : new Uint8Array();
  const out = Buffer.alloc(SPAN_HEADER_BYTES + bytes.length);
  out.writeUInt8(frame.kind === 'data' ? SPAN_DATA : SPAN_HORIZON, 0);
  out.writeUInt16LE(frame.kind === 'data' ? frame.cpu : 0, 2);
  out.writeUInt32LE(bytes.length, 4);
  out.writeBigUInt64LE(frame.kind === 'data' ? frame.pos : frame.tsNs, 8);
  out.set(bytes, SPAN_HEADER_BYTES);
  return out;
}

/** Splits the bytes read() returned in span mode into frames, across reads. */
export class SpanSplitter {
  private buf = Buffer.alloc(0);
  /** Absolute offset of buf[0]. */
  private base = 0;
  private failure: SpanResult | undefined;

  /** Appends bytes; the chunk is copied. */
  push(chunk: Uint8Array): void {
    if (chunk.length) this.buf = Buffer.concat([this.buf, chunk]);
  }

  /** Bytes pushed but not yet split off. */
  get buffered(): number {
    return this.buf.length;
  }

  next(): SpanResult {
    if (this.failure) return this.failure;
    const buf = this.buf;
    if (buf.length < SPAN_HEADER_BYTES) return { kind: 'need-more', have: buf.length };
    const kind = buf.readUInt8(0);
    const len = buf.readUInt32LE(4);
    const bad = (at: number, reason: string): SpanResult => (this.failure = { kind: 'malformed', offset: this.base + at, reason });
    if (kind !== SPAN_DATA && kind !== SPAN_HORIZON) return bad(0, `span kind ${kind} is unknown`);
    if (buf.readUInt8(1) !== 0) return bad(1, `span flags 0x${buf.readUInt8(1).toString(16)} are not 0`);
    if (kind === SPAN_HORIZON && (len !== 0 || buf.readUInt16LE(2) !== 0)) return bad(2, 'a horizon has a cpu or bytes');
    if (kind === SPAN_DATA && (len === 0 || len > MAX_SPAN_BYTES)) return bad(4, `span length ${len} is outside 1..${MAX_SPAN_BYTES}`);
    const total = SPAN_HEADER_BYTES + len;
    if (buf.length < total) return { kind: 'need-more', have: buf.length, need: total };
    const value = buf.readBigUInt64LE(8);
    const frame: SpanFrame =
      kind === SPAN_DATA ? { kind: 'data', cpu: buf.readUInt16LE(2), pos: value, bytes: buf.subarray(SPAN_HEADER_BYTES, total) } : { kind: 'horizon', tsNs: value };
    this.buf = buf.subarray(total);
    this.base += total;
    return { kind: 'frame', frame };
  }
}
