// The records a StreamDecoder yields. Record objects are views the decoder
// reuses: read what you need (or call materialize()) before the next next().
import type { FieldString } from './strings';

/** The state of every field after a record, as docs/abi.md defines it. */
export interface Snapshot {
  /** CLOCK_MONOTONIC nanoseconds (exact below 2^53 ns, about 104 days; see tsBigInt). */
  readonly tsNs: number;
  /** False until the first keyframe: the state is then relative to zero, not the truth. */
  readonly synced: boolean;
  /** The field's value as a number (U64/KADDR read as unsigned; beyond 2^53 rounded). */
  get(tag: number): number;
  /** The field's exact value (U64/KADDR unsigned, others signed). */
  getBigInt(tag: number): bigint;
  /** Whether this record itself carried the field (else it was carried over). */
  carried(tag: number): boolean;
  /** The exact time. */
  tsBigInt(): bigint;
  /** Tags of the integer fields this record carried, ascending. Allocates; not for the hot path. */
  carriedTags(): number[];
  /** Whether this record carried the STR field (strings are never carried over). Allocates nothing. */
  hasString(tag: number): boolean;
  /**
   * The STR field this record carried, or undefined. Strings belong to the
   * record that carried them: the next record does not have them. The bytes
   * are a fresh copy, so they stay valid after the next next() or push().
   */
  getString(tag: number): FieldString | undefined;
  /** Tags of the STR fields this record carried, ascending. Allocates. */
  stringTags(): number[];
}

interface Located {
  /** Absolute stream offset of the record's first byte. */
  readonly offset: number;
  /** Encoded size of the record in bytes. */
  readonly length: number;
}

export interface EventRecord extends Snapshot, Located {
  readonly type: 'event';
  readonly eventBit: number;
  /** The table's name, or `event<bit>` for a bit this frontend does not know. */
  readonly eventName: string;
}

export interface KeyframeRecord extends Snapshot, Located {
  readonly type: 'keyframe';
}

export interface LostRecord extends Located {
  readonly type: 'lost';
  readonly srcCpu: number;
  readonly count: number;
}

/** An APPLICATION tag above the lost record's: a newer module's meta record. */
export interface UnknownRecord extends Located {
  readonly type: 'unknown';
  readonly tagNumber: number;
}

export type DecodedRecord = EventRecord | KeyframeRecord | LostRecord | UnknownRecord;

export type NextResult =
  | { readonly kind: 'record'; readonly record: DecodedRecord }
  /** `have` bytes are buffered; `need`, when the header is complete, is the size of the next record. */
  | { readonly kind: 'need-more'; readonly have: number; readonly need?: number }
  /** Sticky until resync(): `offset` is the absolute offset of the offending byte. */
  | { readonly kind: 'malformed'; readonly offset: number; readonly reason: string };

export interface DecoderStats {
  readonly records: number;
  readonly events: number;
  readonly keyframes: number;
  readonly lostRecords: number;
  /** Sum of the lost records' counts. */
  readonly lostCount: number;
  readonly unknown: number;
  readonly malformed: number;
  /** Bytes skipped while resynchronising. */
  readonly bytesSkipped: number;
}
