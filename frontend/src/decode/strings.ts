// STR fields of the current record, and the text of CHARS fields.
//
// STR fields are not part of the delta state (docs/abi.md): a record carries
// them when they were captured and they belong to that record alone. The
// decoder copies their bytes into one reused arena while it decodes the
// record (the stream buffer moves on push()), so a record without strings
// costs nothing and one with strings allocates only when getString() asks.
import { CONSTANTS, FIELDS } from '../abi/abi';
import { MAX_TRACKED_TAG } from './state';

export type StringStatus = 'complete' | 'truncated' | 'unavailable';

/** One STR field: its status byte and the bytes after it (a copy the caller may keep). */
export interface FieldString {
  readonly status: StringStatus;
  readonly bytes: Uint8Array;
}

/** Status byte values, as CONSTANTS.KT_STR_* define them. */
export const STRING_STATUSES: readonly StringStatus[] = (() => {
  const names: StringStatus[] = [];
  names[CONSTANTS.KT_STR_COMPLETE] = 'complete';
  names[CONSTANTS.KT_STR_TRUNCATED] = 'truncated';
  names[CONSTANTS.KT_STR_UNAVAILABLE] = 'unavailable';
  return names;
})();

/** 1 at the tags whose table type is STR: their content is an OCTET STRING, not an integer. */
export const STRING_TAGS: Uint8Array = (() => {
  const tags = new Uint8Array(MAX_TRACKED_TAG);
  for (const field of FIELDS) if (field.type === 'STR' && field.tag < MAX_TRACKED_TAG) tags[field.tag] = 1;
  return tags;
})();

export function isStringTag(tag: number): boolean {
  return tag >= 0 && tag < MAX_TRACKED_TAG && STRING_TAGS[tag] === 1;
}

export class RecordStrings {
  private arena = new Uint8Array(4096);
  private used = 0;
  private serial = 1;
  private readonly stamp = new Uint32Array(MAX_TRACKED_TAG);
  private readonly offset = new Uint32Array(MAX_TRACKED_TAG);
  private readonly length = new Uint32Array(MAX_TRACKED_TAG);
  private readonly status = new Uint8Array(MAX_TRACKED_TAG);

  /** Starts a new record: the strings of the previous one are gone. */
  begin(): void {
    this.used = 0;
    this.serial = (this.serial + 1) >>> 0;
    if (this.serial === 0) {
      this.stamp.fill(0);
      this.serial = 1;
    }
  }

  /** Stores a string of this record (a repeated tag replaces the earlier one). */
  store(tag: number, status: number, from: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.used + n > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.used + n, this.arena.length * 2));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    this.arena.set(from.subarray(start, end), this.used);
    this.stamp[tag] = this.serial;
    this.offset[tag] = this.used;
    this.length[tag] = n;
    this.status[tag] = status;
    this.used += n;
  }

  has(tag: number): boolean {
    return tag >= 0 && tag < MAX_TRACKED_TAG && this.stamp[tag] === this.serial;
  }

  get(tag: number): FieldString | undefined {
    if (!this.has(tag)) return undefined;
    const at = this.offset[tag];
    return { status: STRING_STATUSES[this.status[tag]], bytes: this.arena.slice(at, at + this.length[tag]) };
  }

  tags(): number[] {
    const tags: number[] = [];
    for (let tag = 0; tag < MAX_TRACKED_TAG; tag++) if (this.stamp[tag] === this.serial) tags.push(tag);
    return tags;
  }
}

/**
 * The bytes of a CHARS value: up to 8 bytes packed little-endian (byte i at
 * bits 8*i), ending at the first NUL. Negative values are the same 64 bits.
 */
export function charsBytes(value: bigint | number): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  for (let i = 0; i < 8; i++) {
    const b = Number(v & 0xffn);
    if (b === 0) break;
    bytes.push(b);
    v >>= 8n;
  }
  return Uint8Array.from(bytes);
}

const utf8 = new TextDecoder('utf-8');

/** The text of one CHARS value (e.g. blk_rwbs), as UTF-8. */
export function charsText(value: bigint | number): string {
  return utf8.decode(charsBytes(value));
}

/** The task's comm from comm_lo (bytes 0-7) and comm_hi (bytes 8-15). */
export function commText(lo: bigint | number, hi: bigint | number): string {
  const first = charsBytes(lo);
  if (first.length < 8) return utf8.decode(first);
  const second = charsBytes(hi);
  const all = new Uint8Array(first.length + second.length);
  all.set(first);
  all.set(second, first.length);
  return utf8.decode(all);
}

/** The CHARS value of a text (its first 8 bytes as UTF-8), as the module packs it: for tests. */
export function packChars(text: string | Uint8Array): bigint {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let v = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return BigInt.asIntN(64, v);
}
