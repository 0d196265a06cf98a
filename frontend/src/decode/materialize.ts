// Plain-object copies of decoded records, for tests and fixtures: the
// decoder's own record objects are reused views.
import type { DecodedRecord } from './types';
import { MAX_TRACKED_TAG } from './state';
import type { FieldString } from './strings';

export type PlainRecord =
  | {
      readonly type: 'event' | 'keyframe';
      readonly offset: number;
      readonly eventBit?: number;
      readonly eventName?: string;
      readonly ts: bigint;
      readonly synced: boolean;
      /** Carried fields' tags, ascending. */
      readonly carried: readonly number[];
      /** Every non-zero field of the state. */
      readonly state: ReadonlyMap<number, bigint>;
      /** The STR fields this record carried (never carried over), by tag, ascending. */
      readonly strings: ReadonlyMap<number, FieldString>;
    }
  | { readonly type: 'lost'; readonly offset: number; readonly srcCpu: number; readonly count: number }
  | { readonly type: 'unknown'; readonly offset: number; readonly tagNumber: number };

export function materialize(record: DecodedRecord): PlainRecord {
  switch (record.type) {
    case 'lost':
      return { type: 'lost', offset: record.offset, srcCpu: record.srcCpu, count: record.count };
    case 'unknown':
      return { type: 'unknown', offset: record.offset, tagNumber: record.tagNumber };
    default: {
      const state = new Map<number, bigint>();
      for (let tag = 0; tag < MAX_TRACKED_TAG; tag++) {
        const value = record.getBigInt(tag);
        if (value !== 0n) state.set(tag, value);
      }
      const strings = new Map<number, FieldString>();
      for (const tag of record.stringTags()) strings.set(tag, record.getString(tag) as FieldString);
      const common = { offset: record.offset, ts: record.tsBigInt(), synced: record.synced, carried: record.carriedTags(), state, strings };
      return record.type === 'event'
        ? { type: 'event', eventBit: record.eventBit, eventName: record.eventName, ...common }
        : { type: 'keyframe', ...common };
    }
  }
}
