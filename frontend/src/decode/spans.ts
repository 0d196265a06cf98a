// Span frames (KT_FORMAT_SPANS, draft): what a privileged reader in span
// mode gets from read(). Each frame is a struct kt_span (16 bytes, little
// endian: u8 kind, u8 flags (0), u16 cpu, u32 len, u64 value), then `len` bytes:
// DATA: bytes of one CPU's stream, from ring position `value`;
// STATE: a keyframe of that CPU's stream at position `value` (where its
//   first DATA starts: a reader may start in the middle of a chunk);
// HORIZON (len 0): every record stamped at or before `value` (CLOCK_MONOTONIC
//   ns) has been sent, on every CPU.
// The splitter keeps "need more bytes" apart from "malformed at offset N".
import { CONSTANTS, STRUCTS } from '../abi/abi';

export const SPAN_HEADER_BYTES = STRUCTS.kt_span.size;
/** The largest frame a reader accepts: far above what one read() returns. */
export const MAX_SPAN_BYTES = 1 << 24;
const SPAN_DATA = CONSTANTS.KT_SPAN_DATA;
const SPAN_HORIZON = CONSTANTS.KT_SPAN_HORIZON;
const SPAN_STATE = CONSTANTS.KT_SPAN_STATE;

export type SpanFrame =
  | { readonly kind: 'data' | 'state'; readonly cpu: number; readonly pos: bigint; readonly bytes: Uint8Array }
  | { readonly kind: 'horizon'; readonly tsNs: bigint };

export type SpanResult =
  | { readonly kind: 'frame'; readonly frame: SpanFrame }
  /** `have` bytes are buffered; `need`, once the header is complete, is the whole frame's size. */
  | { readonly kind: 'need-more'; readonly have: number; readonly need?: number }
  /** Sticky: a framing error leaves no way to find the next frame. */
  | { readonly kind: 'malformed'; readonly offset: number; readonly reason: string };

/** Encodes one frame: the module's layout, for tests and fixtures. */
export function encodeSpanFrame(frame: SpanFrame): Uint8Array {
  const bytes = frame.kind === 'horizon' ? new Uint8Array() : frame.bytes;
  const out = Buffer.alloc(SPAN_HEADER_BYTES + bytes.length);
  out.writeUInt8(frame.kind === 'data' ? SPAN_DATA : frame.kind === 'state' ? SPAN_STATE : SPAN_HORIZON, 0);
  out.writeUInt16LE(frame.kind === 'horizon' ? 0 : frame.cpu, 2);
  out.writeUInt32LE(bytes.length, 4);
  out.writeBigUInt64LE(frame.kind === 'horizon' ? frame.tsNs : frame.pos, 8);
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
    if (kind !== SPAN_DATA && kind !== SPAN_HORIZON && kind !== SPAN_STATE) return bad(0, `span kind ${kind} is unknown`);
    if (buf.readUInt8(1) !== 0) return bad(1, `span flags 0x${buf.readUInt8(1).toString(16)} are not 0`);
    if (kind === SPAN_HORIZON && (len !== 0 || buf.readUInt16LE(2) !== 0)) return bad(2, 'a horizon has a cpu or bytes');
    if (kind !== SPAN_HORIZON && (len === 0 || len > MAX_SPAN_BYTES)) return bad(4, `span length ${len} is outside 1..${MAX_SPAN_BYTES}`);
    const total = SPAN_HEADER_BYTES + len;
    if (buf.length < total) return { kind: 'need-more', have: buf.length, need: total };
    const value = buf.readBigUInt64LE(8);
    const frame: SpanFrame =
      kind === SPAN_HORIZON
        ? { kind: 'horizon', tsNs: value }
        : { kind: kind === SPAN_DATA ? 'data' : 'state', cpu: buf.readUInt16LE(2), pos: value, bytes: buf.subarray(SPAN_HEADER_BYTES, total) };
    this.buf = buf.subarray(total);
    this.base += total;
    return { kind: 'frame', frame };
  }
}
