import { strict as assert } from 'node:assert';
import { ARG_TAGS, FieldTag } from '../../frontend/src/abi/abi';
import { MAX_RECORD_BYTES, StreamDecoder } from '../../frontend/src/decode/decoder';
import {
  concatBytes,
  encodeApplication,
  encodeEvent,
  encodeKeyframe,
  encodeLost,
} from '../../frontend/src/decode/encoder';
import type { EventRecord, NextResult } from '../../frontend/src/decode/types';
import { decodeStream, itReportsMalformed, recordsOf, type MalformedCase } from '../support/decode';

const SYS_ENTER = 0;
const SYS_EXIT = 1;
const { PID, TID, SYSNO, RET } = FieldTag;

function only<T extends NextResult['kind']>(result: NextResult, kind: T): Extract<NextResult, { kind: T }> {
  assert.equal(result.kind, kind, JSON.stringify(result));
  return result as Extract<NextResult, { kind: T }>;
}

function nextEvent(decoder: StreamDecoder): EventRecord {
  const record = only(decoder.next(), 'record').record;
  assert.equal(record.type, 'event');
  return record as EventRecord;
}

describe('StreamDecoder: records and state', () => {
  it('decodes a keyframe and applies events on top of it', () => {
    const decoder = new StreamDecoder();
    decoder.push(
      concatBytes([
        encodeKeyframe(1_000_000, [
          [PID, 42],
          [TID, 43],
        ]),
        encodeEvent(SYS_ENTER, 250, [
          [SYSNO, 257],
          [ARG_TAGS[0], -100],
        ]),
        encodeEvent(SYS_EXIT, 50, [[RET, 3]]),
      ]),
    );
    const keyframe = only(decoder.next(), 'record').record;
    assert.equal(keyframe.type, 'keyframe');
    const enter = nextEvent(decoder);
    assert.equal(enter.eventName, 'sys_enter');
    assert.equal(enter.tsNs, 1_000_250);
    assert.equal(enter.synced, true);
    assert.equal(enter.get(PID), 42);
    assert.equal(enter.carried(PID), false);
    assert.equal(enter.carried(SYSNO), true);
    assert.equal(enter.getBigInt(ARG_TAGS[0]), 2n ** 64n - 100n, 'arg0 is U64');
    const exit = nextEvent(decoder);
    assert.equal(exit.eventName, 'sys_exit');
    assert.equal(exit.tsNs, 1_000_300);
    assert.equal(exit.get(SYSNO), 257, 'sysno carried over from the entry');
    assert.equal(exit.get(RET), 3);
    assert.deepEqual(exit.carriedTags(), [RET]);
    assert.deepEqual(only(decoder.next(), 'need-more'), { kind: 'need-more', have: 0 });
  });

  it('decodes events before the first keyframe from zero, flagged unsynced', () => {
    const records = recordsOf(decodeStream(concatBytes([encodeEvent(SYS_EXIT, 7, [[RET, -2]]), encodeKeyframe(100), encodeEvent(SYS_EXIT, 1)])));
    assert.deepEqual(
      records.map((r) => (r.type === 'event' || r.type === 'keyframe' ? [r.type, r.synced, r.ts, r.state.get(RET)] : r.type)),
      [
        ['event', false, 7n, -2n],
        ['keyframe', true, 100n, undefined],
        ['event', true, 101n, undefined],
      ],
    );
  });

  it('resets every field at a keyframe', () => {
    const records = recordsOf(
      decodeStream(
        concatBytes([
          encodeKeyframe(10, [[PID, 1]]),
          encodeEvent(SYS_ENTER, 1, [[SYSNO, 0], [TID, 5]]),
          encodeKeyframe(20, [[TID, 6]]),
          encodeEvent(SYS_ENTER, 1),
        ]),
      ),
    );
    const last = records[3];
    assert.ok(last.type === 'event');
    assert.deepEqual([...last.state], [[TID, 6n]]);
    assert.equal(last.ts, 21n);
  });

  it('carries state across events a filter removed', () => {
    // The reader was sent pid once; later events carry only what changed.
    const records = recordsOf(
      decodeStream(
        concatBytes([
          encodeKeyframe(0, [[PID, 7], [TID, 7], [SYSNO, 1]]),
          encodeEvent(SYS_ENTER, 10, [[SYSNO, 0]]),
          encodeEvent(SYS_EXIT, 10, [[RET, 832]]),
          encodeEvent(SYS_ENTER, 10, [[TID, 8], [SYSNO, 3]]),
        ]),
      ),
    );
    const last = records[3];
    assert.ok(last.type === 'event');
    assert.deepEqual(Object.fromEntries(last.state), { [SYSNO]: 3n, [RET]: 832n, [PID]: 7n, [TID]: 8n });
    assert.deepEqual(last.carried, [SYSNO, TID].sort((a, b) => a - b));
  });

  it('yields lost records without touching the state', () => {
    const decoder = new StreamDecoder();
    decoder.push(concatBytes([encodeKeyframe(5, [[PID, 9]]), encodeLost(3, 12345), encodeEvent(SYS_EXIT, 1)]));
    decoder.next();
    const lost = only(decoder.next(), 'record').record;
    assert.deepEqual(lost.type === 'lost' && [lost.srcCpu, lost.count, lost.offset], [3, 12345, 9]);
    const event = nextEvent(decoder);
    assert.equal(event.get(PID), 9);
    assert.equal(event.tsNs, 6);
    assert.deepEqual(decoder.stats, { records: 3, events: 1, keyframes: 1, lostRecords: 1, lostCount: 12345, unknown: 0, malformed: 0, bytesSkipped: 0 });
  });

  it('keeps 64-bit values exact and reads U64 fields as unsigned', () => {
    const decoder = new StreamDecoder();
    decoder.push(
      encodeKeyframe(2n ** 64n - 1n, [
        [ARG_TAGS[0], -1n],
        [ARG_TAGS[1], 2n ** 53n + 1n],
        [SYSNO, -(2n ** 63n)],
        [RET, 2n ** 63n - 1n],
        [PID, -5],
      ]),
    );
    const k = only(decoder.next(), 'record').record;
    assert.ok(k.type === 'keyframe');
    assert.equal(k.getBigInt(ARG_TAGS[0]), 2n ** 64n - 1n);
    assert.equal(k.get(ARG_TAGS[0]), 2 ** 64);
    assert.equal(k.getBigInt(ARG_TAGS[1]), 2n ** 53n + 1n);
    assert.equal(k.getBigInt(SYSNO), -(2n ** 63n));
    assert.equal(k.getBigInt(RET), 2n ** 63n - 1n);
    assert.equal(k.get(PID), -5);
    assert.equal(k.tsBigInt(), 2n ** 64n - 1n);
    assert.equal(k.getBigInt(9999), 0n, 'an untracked tag reads as zero');
  });

  it('keeps time exact beyond 2^53 ns and steps back on negative deltas', () => {
    const base = 2n ** 60n + 12345n;
    const records = recordsOf(decodeStream(concatBytes([encodeKeyframe(base), encodeEvent(SYS_ENTER, 3), encodeEvent(SYS_ENTER, -5)])));
    assert.deepEqual(
      records.map((r) => (r.type === 'event' || r.type === 'keyframe' ? r.ts : undefined)),
      [base, base + 3n, base - 2n],
    );
  });

  it('decodes event bits and field tags in high-tag-number form', () => {
    // Tag 32 (prev_pid) is S64, tag 31 (swap_outs) U64; 200 is unknown, read as signed.
    const bytes = concatBytes([encodeKeyframe(0), encodeEvent(63, 1, [[32, -1], [200, 7], [31, -1]]), encodeEvent(31, 1)]);
    assert.deepEqual([...bytes.subarray(6, 8)], [0x7f, 0x3f], 'event 63 has a two-byte tag');
    assert.deepEqual([...bytes.subarray(12, 15)], [0x9f, 0x20, 0x01], 'field 32 has a two-byte tag');
    const records = recordsOf(decodeStream(bytes));
    const e63 = records[1];
    assert.ok(e63.type === 'event');
    assert.equal(e63.eventName, 'event63');
    assert.deepEqual([...e63.state], [[31, 2n ** 64n - 1n], [32, -1n], [200, 7n]]);
    assert.equal(records[2].type === 'event' && records[2].eventBit, 31);
  });

  it('accepts long-form and non-minimal lengths', () => {
    // A keyframe with enough fields to need 0x81 nn.
    // Tags 201 and up are not in the table: signed, as unknown fields are.
    const fields = Array.from({ length: 15 }, (_, i): [number, bigint] => [201 + i, -(2n ** 62n) - BigInt(i)]);
    const big = encodeKeyframe(1, fields);
    assert.equal(big[2], 0x81, 'long form length');
    // Hand-made: an event with a two-byte long-form record length (0x82 00 03)
    // and a field length in long form (0x81 01).
    const odd = Uint8Array.from([0x60, 0x82, 0x00, 0x04, 0x80, 0x81, 0x01, 0x05]);
    const records = recordsOf(decodeStream(concatBytes([big, odd])));
    assert.equal(records.length, 2);
    assert.ok(records[0].type === 'keyframe' && records[0].state.get(215) === -(2n ** 62n) - 14n);
    assert.ok(records[1].type === 'event' && records[1].ts === 6n);
  });

  it('yields unknown APPLICATION records above the lost tag and skips them', () => {
    const records = recordsOf(decodeStream(concatBytes([encodeKeyframe(1, [[PID, 1]]), encodeApplication(66, [[5, 5]]), encodeEvent(0, 1)])));
    assert.deepEqual(records[1], { type: 'unknown', offset: 9, tagNumber: 66 });
    assert.ok(records[2].type === 'event' && records[2].state.get(5) === undefined && records[2].state.get(PID) === 1n);
  });
});

describe('StreamDecoder: chunking', () => {
  const stream = concatBytes([
    encodeKeyframe(123456789, [[PID, 100], [TID, 101], [300, 1]]),
    encodeEvent(SYS_ENTER, 17, [[SYSNO, 0], [ARG_TAGS[0], 3], [ARG_TAGS[1], 0x7ffc0000n], [ARG_TAGS[2], 832]]),
    encodeLost(2, 99),
    encodeEvent(40, -3, [[200, 2n ** 63n - 1n]]),
    encodeKeyframe(2n ** 62n, Array.from({ length: 30 }, (_, i): [number, number] => [201 + i, -i])),
    encodeEvent(SYS_EXIT, 2, [[RET, 832]]),
  ]);
  const whole = decodeStream(stream);

  it('decodes the test stream cleanly', () => {
    assert.equal(whole.length, 6);
    assert.ok(whole.every((o) => o.kind === 'record'));
  });

  it('gives the same records when split at every byte boundary', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      assert.deepEqual(decodeStream(stream, [cut, stream.length]), whole, `split at ${cut}`);
    }
  });

  it('gives the same records byte by byte and in ragged chunks', () => {
    assert.deepEqual(decodeStream(stream, [1]), whole);
    assert.deepEqual(decodeStream(stream, [3, 1, 7, 2, 64, 5]), whole);
  });

  it('says how many bytes a partial record needs', () => {
    const decoder = new StreamDecoder();
    const first = encodeKeyframe(1, [[PID, 1]]);
    decoder.push(first.subarray(0, 1));
    assert.deepEqual(decoder.next(), { kind: 'need-more', have: 1 }, 'tag only: size unknown');
    decoder.push(first.subarray(1, 4));
    assert.deepEqual(decoder.next(), { kind: 'need-more', have: 4, need: first.length });
    decoder.push(first.subarray(4));
    assert.equal(decoder.next().kind, 'record');
    assert.equal(decoder.offset, first.length);
  });
});

describe('StreamDecoder: malformed input', () => {
  const lead = encodeKeyframe(1); // 7f 40 03 81 01 01: offsets below are relative to what follows
  const cases: MalformedCase[] = [
    ['a UNIVERSAL SEQUENCE at the top level', [0x30, 0x00], 0, /not APPLICATION CONSTRUCTED/],
    ['a primitive APPLICATION record', [0x40, 0x00], 0, /not APPLICATION CONSTRUCTED/],
    ['an indefinite length', [0x60, 0x80, 0x00, 0x00], 1, /indefinite length/],
    ['a record longer than 64 KiB', [0x60, 0x83, 0x01, 0x00, 0x01], 1, /exceeds 65536/],
    ['a record tag number overflowing 32 bits', [0x7f, 0x90, 0x80, 0x80, 0x80, 0x00, 0x00], 0, /overflows 32 bits/],
    ['a record tag with a leading zero group', [0x7f, 0x80, 0x01, 0x00], 0, /leading zero/],
    ['a field of the APPLICATION class', [0x60, 0x03, 0x40, 0x01, 0x00], 2, /field tag 0x40 is not CONTEXT PRIMITIVE/],
    ['a constructed field', [0x60, 0x03, 0xa0, 0x01, 0x00], 2, /field tag 0xa0/],
    ['an empty integer', [0x60, 0x02, 0x80, 0x00], 3, /integer content of 0 bytes/],
    ['a nine-byte integer', [0x60, 0x0b, 0x80, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9], 3, /more than 8 bytes/],
    ['a field running past its record', [0x60, 0x03, 0x80, 0x02, 0x01, 0x00], 3, /runs past the end of the record/],
    ['a field tag running past its record', [0x60, 0x02, 0x9f, 0x81, 0x00], 2, /field tag runs past/],
    ['a field length running past its record', [0x60, 0x02, 0x80, 0x82, 0x00], 3, /field length runs past/],
    ['a field with an indefinite length', [0x60, 0x03, 0x80, 0x80, 0x00], 3, /indefinite length/],
    ['a field tag number overflowing 32 bits', [0x60, 0x08, 0x9f, 0x90, 0x80, 0x80, 0x80, 0x00, 0x01, 0x00], 2, /overflows 32 bits/],
  ];

  itReportsMalformed(lead, cases);

  it('keeps reporting the same failure until resync()', () => {
    const decoder = new StreamDecoder();
    decoder.push(Uint8Array.from([0x30, 0x00]));
    const first = decoder.next();
    assert.equal(first.kind, 'malformed');
    assert.equal(decoder.next(), first);
    decoder.push(encodeKeyframe(9));
    assert.equal(decoder.next(), first);
  });

  it('resyncs at the next keyframe, skipping a false 0x7f 0x40 in the garbage', () => {
    const garbage = Uint8Array.from([0x30, 0x7f, 0x40, 0x05, 0x00, 0x01, 0x7f, 0x99, 0x7f]);
    const tail = concatBytes([encodeKeyframe(77, [[PID, 4]]), encodeEvent(SYS_EXIT, 3)]);
    const outcomes = decodeStream(concatBytes([garbage, tail]), [1, 4, 2], true);
    assert.deepEqual(outcomes[0], { kind: 'malformed', offset: 0, reason: 'record tag 0x30 is not APPLICATION CONSTRUCTED' });
    const records = recordsOf(outcomes);
    assert.deepEqual(
      records.map((r) => [r.type, r.offset]),
      [
        ['keyframe', garbage.length],
        ['event', garbage.length + 9],
      ],
    );
    assert.ok(records[1].type === 'event' && records[1].ts === 80n && records[1].synced);
  });

  it('resyncs across a chunk boundary between 0x7f and 0x40', () => {
    const decoder = new StreamDecoder();
    decoder.push(Uint8Array.from([0x01, 0x02, 0x7f]));
    assert.equal(decoder.next().kind, 'malformed');
    decoder.resync();
    assert.equal(decoder.next().kind, 'need-more');
    assert.equal(decoder.buffered, 1, 'only the possible first tag byte is kept');
    decoder.push(encodeKeyframe(3).subarray(1));
    const record = only(decoder.next(), 'record').record;
    assert.equal(record.type, 'keyframe');
    assert.equal(record.offset, 2);
    assert.equal(decoder.stats.bytesSkipped, 2);
  });

  it('holds at most one byte while searching through garbage', () => {
    const decoder = new StreamDecoder();
    decoder.push(Uint8Array.from([0x00]));
    decoder.next();
    decoder.resync();
    const zeros = new Uint8Array(64 * 1024);
    for (let i = 0; i < 64; i++) {
      decoder.push(zeros);
      assert.equal(decoder.next().kind, 'need-more');
      assert.ok(decoder.buffered <= 1);
    }
    assert.equal(decoder.stats.bytesSkipped, 64 * zeros.length, 'all but the byte still held');
  });

  it('accepts a record of exactly the maximum size and refuses one byte more', () => {
    const at = (n: number): Uint8Array => Uint8Array.from([0x60, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
    const ok = new StreamDecoder();
    ok.push(at(MAX_RECORD_BYTES));
    assert.deepEqual(ok.next(), { kind: 'need-more', have: 5, need: MAX_RECORD_BYTES + 5 });
    const bad = new StreamDecoder();
    bad.push(at(MAX_RECORD_BYTES + 1));
    assert.equal(bad.next().kind, 'malformed');
  });
});
