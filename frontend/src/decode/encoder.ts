// BER encoder for the record stream, producing exactly the bytes the module
// writes (docs/abi.md): minimal two's-complement integers, short lengths
// below 128 and long ones above, high-tag-number form for tags of 31 and up,
// STR fields as a status byte and their bytes. Tests, the property test and
// fixtures build streams with it.
import { CONSTANTS, FieldTag, KEYFRAME_TAG, LOST_TAG } from '../abi/abi';
import type { StringStatus } from './strings';

const CLASS_APPLICATION = 0x40;
const CLASS_CONTEXT = 0x80;
const CONSTRUCTED = 0x20;

/** The content of a STR field: text is written as UTF-8; status defaults to complete. */
export interface StringValue {
  readonly status?: StringStatus;
  readonly bytes: Uint8Array | string;
}

/** A field of a record: its tag and value (integers taken as 64 bits, unsigned values wrap), or a STR field's content. */
export type FieldValue = readonly [tag: number, value: bigint | number | StringValue];

const STATUS_BYTES: { readonly [S in StringStatus]: number } = {
  complete: CONSTANTS.KT_STR_COMPLETE,
  truncated: CONSTANTS.KT_STR_TRUNCATED,
  unavailable: CONSTANTS.KT_STR_UNAVAILABLE,
};

/** A STR field's value; `str('/etc/passwd')`, `str(bytes, 'truncated')`, `str('', 'unavailable')`. */
export function str(bytes: Uint8Array | string, status: StringStatus = 'complete'): StringValue {
  return { status, bytes };
}

/** Status byte, then the bytes (a string as UTF-8). */
export function encodeStringContent(value: StringValue): number[] {
  const bytes = typeof value.bytes === 'string' ? Buffer.from(value.bytes, 'utf8') : value.bytes;
  return [STATUS_BYTES[value.status ?? 'complete'], ...bytes];
}

export function encodeTag(tagClass: number, constructed: boolean, tag: number): number[] {
  const first = tagClass | (constructed ? CONSTRUCTED : 0);
  if (tag < 31) return [first | tag];
  const groups: number[] = [];
  for (let rest = tag; ; rest = Math.floor(rest / 128)) {
    groups.unshift(rest % 128);
    if (rest < 128) break;
  }
  return [first | 0x1f, ...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g))];
}

export function encodeLength(length: number): number[] {
  if (length < 128) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

/** Minimal big-endian two's complement of the value taken as a signed 64-bit integer. */
export function encodeIntegerContent(value: bigint | number): number[] {
  let v = BigInt.asIntN(64, BigInt(value));
  const bytes: number[] = [];
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.unshift(byte);
    v >>= 8n;
    // Done once the remaining bits are pure sign extension of this byte.
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return bytes;
}

export function encodeField(tag: number, value: bigint | number | StringValue): number[] {
  const content = typeof value === 'object' ? encodeStringContent(value) : encodeIntegerContent(value);
  return [...encodeTag(CLASS_CONTEXT, false, tag), ...encodeLength(content.length), ...content];
}

function encodeRecord(tag: number, fields: readonly FieldValue[]): Uint8Array {
  const content = fields.flatMap(([fieldTag, value]) => encodeField(fieldTag, value));
  return Uint8Array.from([...encodeTag(CLASS_APPLICATION, true, tag), ...encodeLength(content.length), ...content]);
}

/** An event record: ts_delta first, then the carried fields in the given order. */
export function encodeEvent(bit: number, tsDelta: bigint | number, fields: readonly FieldValue[] = []): Uint8Array {
  return encodeRecord(bit, [[FieldTag.TS_DELTA, tsDelta], ...fields]);
}

export function encodeKeyframe(ts: bigint | number, fields: readonly FieldValue[] = []): Uint8Array {
  return encodeRecord(KEYFRAME_TAG, [[FieldTag.TS, ts], ...fields]);
}

export function encodeLost(srcCpu: number, count: bigint | number): Uint8Array {
  return encodeRecord(LOST_TAG, [
    [FieldTag.SRC_CPU, srcCpu],
    [FieldTag.LOST_COUNT, count],
  ]);
}

/** An arbitrary APPLICATION record, for records this frontend does not know. */
export function encodeApplication(tag: number, fields: readonly FieldValue[]): Uint8Array {
  return encodeRecord(tag, fields);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
