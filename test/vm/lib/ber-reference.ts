// Parses a reader's stream with asn1js (the reference BER parser) and applies
// the state rules of docs/abi.md. Independent of the frontend's own decoder,
// so the module's tests do not trust the code they are meant to check.
import * as asn1js from 'asn1js';
import { strict as assert } from 'node:assert';
import { CONSTANTS, FieldTag, KEYFRAME_TAG, LOST_TAG, eventByBit, isStringField, isUnsignedField } from '../../../frontend/src/abi/abi';

const CLASS_APPLICATION = 2;
const CLASS_CONTEXT = 3;

export interface RefEvent {
  kind: 'event';
  bit: number;
  name: string;
  ts: bigint;
  /** Fields this record carried (changed since the previous record). */
  carried: Map<number, bigint>;
  /** The full state after this record: every field's current value. */
  state: Map<number, bigint>;
  /** STR fields this record carried; they belong to it alone (docs/abi.md). */
  strings: Map<number, RefString>;
}

export interface RefString {
  status: 'complete' | 'truncated' | 'unavailable';
  bytes: Uint8Array;
}

export interface RefLost {
  kind: 'lost';
  cpu: number;
  count: bigint;
}

export interface RefKeyframe {
  kind: 'keyframe';
  ts: bigint;
}

export type RefRecord = RefEvent | RefLost | RefKeyframe;

function integerValue(tag: number, bytes: Uint8Array): bigint {
  assert.ok(bytes.length >= 1 && bytes.length <= 8, `field ${tag}: ${bytes.length}-byte integer`);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const signed = BigInt.asIntN(bytes.length * 8, v);
  // Minimal two's complement: no redundant leading 0x00/0xff byte.
  if (bytes.length > 1) {
    const redundant = (bytes[0] === 0 && bytes[1] < 0x80) || (bytes[0] === 0xff && bytes[1] >= 0x80);
    assert.ok(!redundant, `field ${tag}: non-minimal integer ${Buffer.from(bytes).toString('hex')}`);
  }
  return isUnsignedField(tag) ? BigInt.asUintN(64, signed) : signed;
}

const STATUS: { [byte: number]: RefString['status'] } = {
  [CONSTANTS.KT_STR_COMPLETE]: 'complete',
  [CONSTANTS.KT_STR_TRUNCATED]: 'truncated',
  [CONSTANTS.KT_STR_UNAVAILABLE]: 'unavailable',
};

/** An OCTET STRING content: the status byte, then the bytes (none when unavailable). */
function stringValue(tag: number, bytes: Uint8Array): RefString {
  assert.ok(bytes.length >= 1, `field ${tag}: string without its status byte`);
  const status = STATUS[bytes[0]] ?? assert.fail(`field ${tag}: unknown string status ${bytes[0]}`);
  if (status === 'unavailable') assert.equal(bytes.length, 1, `field ${tag}: unavailable string with bytes`);
  return { status, bytes: bytes.slice(1) };
}

/** Bytes of the BER element at @offset (identifier, length and content). */
function elementLength(bytes: Uint8Array, offset: number): number {
  let i = offset + 1;
  if ((bytes[offset] & 0x1f) === 0x1f) while (i < bytes.length && bytes[i++] & 0x80);
  const first = bytes[i++];
  if (first === undefined) return bytes.length - offset;
  let len = first;
  if (first & 0x80) {
    len = 0;
    for (let n = first & 0x7f; n > 0; n--) len = len * 256 + (bytes[i++] ?? 0);
  }
  return Math.min(i - offset + len, bytes.length - offset);
}

/** Every element of @bytes, parsed one by one with asn1js. Asserts on any deviation. */
export function parseStream(bytes: Uint8Array): RefRecord[] {
  const records: RefRecord[] = [];
  const state = new Map<number, bigint>();
  let ts = 0n;
  let synced = false;
  for (let offset = 0; offset < bytes.length; ) {
    // Hand asn1js exactly one element: a view of the whole rest would make
    // it copy the tail again for every record.
    const parsed = asn1js.fromBER(bytes.subarray(offset, offset + elementLength(bytes, offset)));
    assert.ok(parsed.offset > 0, `asn1js rejected the element at offset ${offset}: ${parsed.result.error}`);
    const el = parsed.result;
    assert.equal(el.idBlock.tagClass, CLASS_APPLICATION, `record at ${offset} is not APPLICATION class`);
    assert.ok(el.idBlock.isConstructed, `record at ${offset} is not constructed`);
    assert.ok(el.lenBlock.isIndefiniteForm === false, `indefinite length at ${offset}`);
    const fields = new Map<number, bigint>();
    const strings = new Map<number, RefString>();
    const children = (el.valueBlock as unknown as { value: asn1js.BaseBlock[] }).value;
    for (const child of children) {
      assert.equal(child.idBlock.tagClass, CLASS_CONTEXT, `field in record at ${offset} is not CONTEXT class`);
      assert.ok(!child.idBlock.isConstructed, `field in record at ${offset} is constructed`);
      const tag = child.idBlock.tagNumber;
      assert.ok(!fields.has(tag) && !strings.has(tag), `record at ${offset} repeats field ${tag}`);
      const content = (child.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
      if (isStringField(tag)) strings.set(tag, stringValue(tag, content));
      else fields.set(tag, integerValue(tag, content));
    }
    // Strings are no state: keyframes and lost records never carry them.
    assert.ok(strings.size === 0 || el.idBlock.tagNumber < KEYFRAME_TAG, `strings in a meta record at ${offset}`);
    const tag = el.idBlock.tagNumber;
    if (tag === KEYFRAME_TAG) {
      state.clear();
      ts = fields.get(FieldTag.TS) ?? assert.fail(`keyframe at ${offset} without ts`);
      for (const [t, v] of fields) if (t !== FieldTag.TS) state.set(t, v);
      synced = true;
      records.push({ kind: 'keyframe', ts });
    } else if (tag === LOST_TAG) {
      records.push({
        kind: 'lost',
        cpu: Number(fields.get(FieldTag.SRC_CPU) ?? -1),
        count: fields.get(FieldTag.LOST_COUNT) ?? assert.fail(`lost record at ${offset} without count`),
      });
    } else {
      assert.ok(synced, `event at ${offset} before the first keyframe`);
      const row = eventByBit(tag) ?? assert.fail(`unknown event tag ${tag} at ${offset}`);
      ts += fields.get(FieldTag.TS_DELTA) ?? assert.fail(`event at ${offset} without ts_delta`);
      for (const [t, v] of fields) if (t !== FieldTag.TS_DELTA) state.set(t, v);
      records.push({ kind: 'event', bit: tag, name: row.name, ts, carried: fields, state: new Map(state), strings });
    }
    offset += parsed.offset;
  }
  return records;
}

export function events(records: readonly RefRecord[]): RefEvent[] {
  return records.filter((r): r is RefEvent => r.kind === 'event');
}

/** A field of the event's full snapshot (0 when never set, as the grammar says). */
export function field(ev: RefEvent, tag: number): bigint {
  return ev.state.get(tag) ?? 0n;
}
