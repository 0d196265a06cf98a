// Random record streams and a reference model of docs/abi.md's state rules,
// written plainly with BigInt and Maps, to check the decoder against.
import { FIELDS, isStringField, isUnsignedField } from '../../frontend/src/abi/abi';
import { concatBytes, encodeEvent, encodeKeyframe, encodeLost, type FieldValue, type StringValue } from '../../frontend/src/decode/encoder';
import type { PlainRecord } from '../../frontend/src/decode/materialize';
import { MAX_TRACKED_TAG } from '../../frontend/src/decode/state';
import type { FieldString, StringStatus } from '../../frontend/src/decode/strings';
import type { Random } from './prng';

/** Tags whose content is a string (table type STR). */
export const STRING_FIELD_TAGS: readonly number[] = FIELDS.filter((f) => f.type === 'STR').map((f) => f.tag);

export type RecordSpec =
  | { readonly type: 'event'; readonly bit: number; readonly tsDelta: bigint; readonly fields: readonly FieldValue[] }
  | { readonly type: 'keyframe'; readonly ts: bigint; readonly fields: readonly FieldValue[] }
  | { readonly type: 'lost'; readonly srcCpu: number; readonly count: number };

/** Values that exercise every integer length and the edges of the number type. */
function randomValue(random: Random): bigint {
  const edges = [0n, 1n, -1n, 127n, 128n, -128n, -129n, 255n, 2n ** 31n, -(2n ** 31n), 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)];
  switch (random.int(0, 3)) {
    case 0:
      return random.pick(edges);
    case 1:
      return BigInt(random.int(-300, 300));
    case 2:
      return BigInt.asIntN(64, random.int64() >> BigInt(random.int(0, 63)));
    default:
      return random.int64();
  }
}

/** A string of every status, lengths around the short/long-form edges (127, 128, 255, 256). */
export function randomString(random: Random): StringValue {
  const status = random.pick<StringStatus>(['complete', 'complete', 'truncated', 'unavailable']);
  if (status === 'unavailable') return { status, bytes: new Uint8Array() };
  const length = random.int(0, 3) === 0 ? random.pick([126, 127, 128, 254, 255, 256, 600]) : random.int(0, 40);
  return { status, bytes: random.bytes(length) };
}

function randomFields(random: Random, count: number): FieldValue[] {
  const fields: FieldValue[] = [];
  for (let i = 0; i < count; i++) {
    // Tags 0 and 1 are ts_delta/ts; a few tags beyond the tracked range test skipping.
    let tag = random.int(0, 20) === 0 ? random.int(MAX_TRACKED_TAG, 100_000) : random.int(2, MAX_TRACKED_TAG - 1);
    while (isStringField(tag)) tag++;
    fields.push([tag, randomValue(random)]);
  }
  // The module writes a record's strings after its integers.
  if (random.int(0, 3) === 0) {
    for (let i = random.int(1, 3); i > 0; i--) fields.push([random.pick(STRING_FIELD_TAGS), randomString(random)]);
  }
  return fields;
}

export function randomRecord(random: Random): RecordSpec {
  const roll = random.int(0, 9);
  if (roll === 0) return { type: 'keyframe', ts: BigInt.asUintN(64, random.int64() >> BigInt(random.int(0, 63))), fields: randomFields(random, random.int(0, 30)) };
  if (roll === 1) return { type: 'lost', srcCpu: random.int(0, 4096), count: random.int(0, 2 ** 40) };
  return { type: 'event', bit: random.int(0, 63), tsDelta: BigInt(random.int(-1000, 1_000_000)), fields: randomFields(random, random.int(0, 12)) };
}

export function encodeSpec(spec: RecordSpec): Uint8Array {
  switch (spec.type) {
    case 'event':
      return encodeEvent(spec.bit, spec.tsDelta, spec.fields);
    case 'keyframe':
      return encodeKeyframe(spec.ts, spec.fields);
    case 'lost':
      return encodeLost(spec.srcCpu, spec.count);
  }
}

export function encodeSpecs(specs: readonly RecordSpec[]): { bytes: Uint8Array; offsets: number[] } {
  const parts = specs.map(encodeSpec);
  const offsets: number[] = [];
  let at = 0;
  for (const part of parts) {
    offsets.push(at);
    at += part.length;
  }
  return { bytes: concatBytes(parts), offsets };
}

/** What a correct decoder yields for the stream, computed by the rules alone. */
export function expectedRecords(specs: readonly RecordSpec[], offsets: readonly number[], eventName: (bit: number) => string): PlainRecord[] {
  let state = new Map<number, bigint>();
  let ts = 0n;
  let synced = false;
  const exact = (tag: number, raw: bigint): bigint => (isUnsignedField(tag) ? BigInt.asUintN(64, raw) : BigInt.asIntN(64, raw));
  const snapshot = (): Map<number, bigint> => new Map([...state].filter(([, v]) => v !== 0n).sort((a, b) => a[0] - b[0]));
  const integers = (fields: readonly FieldValue[]): [number, bigint | number][] =>
    fields.flatMap(([tag, value]) => (typeof value === 'object' ? [] : [[tag, value] as [number, bigint | number]]));
  const tracked = (fields: readonly FieldValue[]): [number, bigint | number][] => integers(fields).filter(([tag]) => tag < MAX_TRACKED_TAG);
  // Strings belong to their record only; a repeated tag keeps the last one.
  const stringsOf = (fields: readonly FieldValue[]): Map<number, FieldString> => {
    const strings = new Map<number, FieldString>();
    for (const [tag, value] of fields) {
      if (typeof value !== 'object') continue;
      const bytes = typeof value.bytes === 'string' ? Uint8Array.from(Buffer.from(value.bytes, 'utf8')) : Uint8Array.from(value.bytes);
      strings.set(tag, { status: value.status ?? 'complete', bytes });
    }
    return new Map([...strings].sort((a, b) => a[0] - b[0]));
  };
  const carriedOf = (fields: readonly FieldValue[]): number[] => [...new Set(tracked(fields).map(([tag]) => tag))].sort((a, b) => a - b);
  return specs.map((spec, i): PlainRecord => {
    const offset = offsets[i];
    if (spec.type === 'lost') return { type: 'lost', offset, srcCpu: spec.srcCpu, count: spec.count };
    if (spec.type === 'keyframe') {
      state = new Map();
      ts = spec.ts;
      synced = true;
    } else {
      ts += spec.tsDelta;
    }
    for (const [tag, value] of tracked(spec.fields)) state.set(tag, exact(tag, BigInt(value)));
    const common = { offset, ts, synced, carried: carriedOf(spec.fields), state: snapshot(), strings: stringsOf(spec.fields) };
    return spec.type === 'event' ? { type: 'event', eventBit: spec.bit, eventName: eventName(spec.bit), ...common } : { type: 'keyframe', ...common };
  });
}

/** The same record with its state map sorted, so deepEqual compares contents. */
export function normalized(record: PlainRecord): PlainRecord {
  if (record.type !== 'event' && record.type !== 'keyframe') return record;
  return {
    ...record,
    state: new Map([...record.state].sort((a, b) => a[0] - b[0])),
    strings: new Map([...record.strings].sort((a, b) => a[0] - b[0])),
  };
}
