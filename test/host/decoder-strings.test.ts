// STR fields (a status byte and bytes, per record, never carried over) and
// CHARS fields (text packed little-endian into an integer): ABI v2.
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import * as asn1js from 'asn1js';
import { FieldTag, STR_ARG_TAGS, fieldByName } from '../../frontend/src/abi/abi';
import { StreamDecoder } from '../../frontend/src/decode/decoder';
import { concatBytes, encodeEvent, encodeKeyframe, str } from '../../frontend/src/decode/encoder';
import { charsBytes, charsText, commText, packChars } from '../../frontend/src/decode/strings';
import type { EventRecord, NextResult } from '../../frontend/src/decode/types';
import { decodeStream, itReportsMalformed, recordsOf, type MalformedCase } from '../support/decode';

const SYS_ENTER = 0;
const SYS_EXIT = 1;
const [S0, S1, S2, S3] = STR_ARG_TAGS;
const { PID, SYSNO, RET, COMM_LO, COMM_HI } = FieldTag;
const EXEC_FILENAME = fieldByName('exec_filename')?.tag ?? assert.fail('no exec_filename');
const BLK_RWBS = fieldByName('blk_rwbs')?.tag ?? assert.fail('no blk_rwbs');

const text = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : Buffer.from(bytes).toString('latin1'));

function nextEvent(decoder: StreamDecoder): EventRecord {
  const result = decoder.next();
  assert.ok(result.kind === 'record' && result.record.type === 'event', inspect(result));
  return result.record as EventRecord;
}

describe('StreamDecoder: STR fields', () => {
  it('decodes strings of each status, after the integers, on the record that carried them', () => {
    const decoder = new StreamDecoder();
    decoder.push(
      concatBytes([
        encodeKeyframe(1000, [[PID, 7]]),
        encodeEvent(SYS_ENTER, 5, [
          [SYSNO, 257],
          [S1, str('/etc/passwd')],
          [S2, str('abcdefgh', 'truncated')],
          [S3, str('', 'unavailable')],
        ]),
      ]),
    );
    decoder.next();
    const enter = nextEvent(decoder);
    assert.equal(enter.get(SYSNO), 257);
    assert.equal(enter.get(PID), 7);
    assert.deepEqual(enter.stringTags(), [S1, S2, S3]);
    assert.equal(enter.hasString(S0), false);
    assert.equal(enter.getString(S0), undefined);
    assert.deepEqual(enter.getString(S1), { status: 'complete', bytes: Uint8Array.from(Buffer.from('/etc/passwd')) });
    assert.deepEqual(enter.getString(S2), { status: 'truncated', bytes: Uint8Array.from(Buffer.from('abcdefgh')) });
    assert.deepEqual(enter.getString(S3), { status: 'unavailable', bytes: new Uint8Array() });
    assert.deepEqual(enter.carriedTags(), [SYSNO], 'strings are not integer fields of the state');
    assert.equal(enter.get(S1), 0, 'a string leaves the integer state alone');
  });

  it('keeps strings with their record: never carried over, never in the state', () => {
    const records = recordsOf(
      decodeStream(
        concatBytes([
          encodeKeyframe(0),
          encodeEvent(SYS_ENTER, 1, [[SYSNO, 0], [S1, str('first')]]),
          encodeEvent(SYS_EXIT, 1, [[RET, 5], [S1, str('hello')]]),
          encodeEvent(SYS_ENTER, 1, [[SYSNO, 1]]),
          encodeKeyframe(10, [[SYSNO, 1]]),
          encodeEvent(SYS_EXIT, 1, [[RET, 1]]),
        ]),
      ),
    );
    const strings = records.map((r) => (r.type === 'event' || r.type === 'keyframe' ? [...r.strings].map(([tag, s]) => [tag, s.status, text(s.bytes)]) : []));
    assert.deepEqual(strings, [[], [[S1, 'complete', 'first']], [[S1, 'complete', 'hello']], [], [], []]);
    for (const r of records) if (r.type === 'event' || r.type === 'keyframe') assert.equal(r.state.get(S1), undefined);
  });

  it('hands out copies that survive the next record and later pushes', () => {
    const decoder = new StreamDecoder();
    decoder.push(concatBytes([encodeKeyframe(0), encodeEvent(SYS_ENTER, 1, [[S0, str('/tmp/kept')]])]));
    decoder.next();
    const kept = nextEvent(decoder).getString(S0);
    // Enough input to make the decoder move and reuse its buffers.
    for (let i = 0; i < 200; i++) {
      decoder.push(encodeEvent(SYS_ENTER, 1, [[S0, str(`/tmp/other-${i}`.padEnd(700, 'x'))]]));
      assert.equal(text(nextEvent(decoder).getString(S0)?.bytes), `/tmp/other-${i}`.padEnd(700, 'x'));
    }
    assert.equal(text(kept?.bytes), '/tmp/kept');
  });

  it('reads short, 0x81 and 0x82 lengths, up to the largest string the module sends', () => {
    const lengths = [0, 126, 127, 128, 254, 255, 256, 1024, 2047];
    const bytes = concatBytes([
      encodeKeyframe(0),
      ...lengths.map((n, i) => encodeEvent(SYS_ENTER, 1, [[S0, str(Uint8Array.from({ length: n }, (_, j) => (i + j) & 0xff), 'truncated')]])),
    ]);
    // The 128-byte string: status + 128 bytes = 129 = 0x81 0x81; the 255-byte one: 256 = 0x82 0x01 0x00.
    const header = (n: number): number[] => {
      const record = encodeEvent(SYS_ENTER, 1, [[S0, str(new Uint8Array(n), 'truncated')]]);
      const at = record.indexOf(0x9f, 2); // the field's two-byte tag 0x9f 0x31
      return [...record.subarray(at, at + 5)];
    };
    assert.deepEqual(header(128).slice(0, 4), [0x9f, 0x31, 0x81, 0x81]);
    assert.deepEqual(header(255), [0x9f, 0x31, 0x82, 0x01, 0x00]);
    const records = recordsOf(decodeStream(bytes, [1, 100, 3, 1000]));
    assert.deepEqual(
      records.slice(1).map((r) => (r.type === 'event' ? r.strings.get(S0)?.bytes.length : -1)),
      lengths,
    );
    records.slice(1).forEach((r, i) => {
      assert.ok(r.type === 'event');
      const got = r.strings.get(S0);
      assert.equal(got?.status, 'truncated');
      assert.ok(got?.bytes.every((b, j) => b === ((i + j) & 0xff)), `content of string ${i}`);
    });
  });

  it('decodes event parameters of type STR (exec_filename) like argument strings', () => {
    const records = recordsOf(decodeStream(concatBytes([encodeKeyframe(0), encodeEvent(16, 1, [[EXEC_FILENAME, str('/bin/busybox')]])])));
    const exec = records[1];
    assert.ok(exec.type === 'event' && exec.eventName === 'proc_exec');
    assert.equal(text(exec.strings.get(EXEC_FILENAME)?.bytes), '/bin/busybox');
  });

  it('needs more bytes when the input ends inside a string', () => {
    const record = encodeEvent(SYS_ENTER, 1, [[S0, str('x'.repeat(300))]]);
    const lead = encodeKeyframe(0);
    for (const cut of [record.length - 1, record.length - 150, 8, 5]) {
      const decoder = new StreamDecoder();
      decoder.push(concatBytes([lead, record.subarray(0, cut)]));
      decoder.next();
      const result: NextResult = decoder.next();
      assert.equal(result.kind, 'need-more', `cut at ${cut}`);
      assert.ok(result.kind === 'need-more' && result.need === record.length, `cut at ${cut}: ${inspect(result)}`);
      decoder.push(record.subarray(cut));
      assert.equal(text(nextEvent(decoder).getString(S0)?.bytes), 'x'.repeat(300));
    }
  });

  describe('malformed strings', () => {
    const lead = encodeKeyframe(1); // 6 bytes
    // Event records: 0x60 len, ts_delta 80 01 00, then the field at relative offset 5.
    const cases: MalformedCase[] = [
      ['a string without its status byte', [0x60, 0x06, 0x80, 0x01, 0x00, 0x9f, 0x31, 0x00], 7, /string content of 0 bytes/],
      ['an unknown status byte', [0x60, 0x07, 0x80, 0x01, 0x00, 0x9f, 0x31, 0x01, 0x03], 8, /string status 3 is unknown/],
      ['an unavailable string with bytes', [0x60, 0x08, 0x80, 0x01, 0x00, 0x9f, 0x31, 0x02, 0x02, 0x41], 8, /unavailable string with 1 content bytes/],
      ['a string running past its record', [0x60, 0x08, 0x80, 0x01, 0x00, 0x9f, 0x31, 0x05, 0x00, 0x41, 0x42], 7, /runs past the end of the record/],
      ['a long-form string length past its record', [0x60, 0x0a, 0x80, 0x01, 0x00, 0x9f, 0x31, 0x82, 0x01, 0x00, 0x00, 0x41], 7, /runs past the end of the record/],
      ['a string length of 2^32', [0x60, 0x0b, 0x80, 0x01, 0x00, 0x9f, 0x31, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00], 7, /runs past the end of the record/],
      ['a string length running past its record', [0x60, 0x07, 0x80, 0x01, 0x00, 0x9f, 0x31, 0x82, 0x01], 7, /field length runs past/],
      ['an indefinite string length', [0x60, 0x07, 0x80, 0x01, 0x00, 0x9f, 0x31, 0x80, 0x00], 7, /indefinite length/],
    ];
    itReportsMalformed(lead, cases);

    it('still refuses long contents at integer tags', () => {
      const bad = decodeStream(concatBytes([lead, encodeEvent(SYS_EXIT, 1, [[RET, str('123456789')]])]));
      const last = bad[bad.length - 1];
      assert.ok(last.kind === 'malformed' && /integer content of more than 8 bytes/.test(last.reason), inspect(bad));
    });

    it('resyncs after a damaged string at the next keyframe', () => {
      const good = concatBytes([encodeKeyframe(50, [[PID, 3]]), encodeEvent(SYS_ENTER, 1, [[S0, str('/ok')]])]);
      const outcomes = decodeStream(concatBytes([lead, Uint8Array.from(cases[1][1]), good]), [4, 1, 9], true);
      assert.equal(outcomes.filter((o) => o.kind === 'malformed').length, 1);
      const records = recordsOf(outcomes);
      const last = records[records.length - 1];
      assert.ok(last.type === 'event' && text(last.strings.get(S0)?.bytes) === '/ok' && last.state.get(PID) === 3n);
    });
  });

  it('gives asn1js and the decoder the same view of strings of every length form', () => {
    const strings = [str('/etc/hosts'), str('z'.repeat(200), 'truncated'), str('', 'unavailable'), str('q'.repeat(1500))];
    const stream = concatBytes([encodeKeyframe(0), encodeEvent(SYS_ENTER, 1, strings.map((s, i) => [STR_ARG_TAGS[i], s]))]);
    const head = encodeKeyframe(0).length;
    const parsed = asn1js.fromBER(new Uint8Array(stream.subarray(head)).buffer);
    assert.equal(parsed.result.error, '');
    assert.ok(parsed.result instanceof asn1js.Constructed);
    const fields = parsed.result.valueBlock.value.slice(1);
    const record = recordsOf(decodeStream(stream))[1];
    assert.ok(record.type === 'event');
    assert.deepEqual(
      fields.map((f) => [f.idBlock.tagClass, f.idBlock.tagNumber, f.idBlock.isConstructed, Buffer.from((f as asn1js.Primitive).valueBlock.valueHexView).toString('hex')]),
      [...record.strings].map(([tag, s]) => [3, tag, false, Buffer.concat([Buffer.from([['complete', 'truncated', 'unavailable'].indexOf(s.status)]), s.bytes]).toString('hex')]),
    );
  });
});

describe('CHARS fields', () => {
  it('unpacks little-endian text, NUL-padded, from the integer', () => {
    assert.equal(packChars('WS'), 0x5357n);
    assert.equal(charsText(0x5357n), 'WS');
    assert.equal(charsText(0n), '');
    assert.deepEqual([...charsBytes(packChars('ab\0cd'))], [0x61, 0x62]);
    // The 8th byte >= 0x80 makes the integer negative; the bytes are the same.
    const withHighByte = packChars('abcdef\u00e9'); // é is c3 a9 in UTF-8: 8 bytes
    assert.ok(withHighByte < 0n);
    assert.equal(charsText(withHighByte), 'abcdef\u00e9');
    assert.equal(charsText(BigInt.asUintN(64, withHighByte)), 'abcdef\u00e9');
  });

  it('joins comm_lo and comm_hi into the comm', () => {
    assert.equal(commText(packChars('ktrace-w'), packChars('orker')), 'ktrace-worker');
    assert.equal(commText(packChars('sh'), 0n), 'sh');
    assert.equal(commText(packChars('sh'), packChars('garbage')), 'sh', 'comm_lo ends the name when it has a NUL');
    assert.equal(commText(packChars('exactly8'), packChars('1234567')), 'exactly81234567');
  });

  it('decodes CHARS fields as part of the delta state, through the decoder', () => {
    const records = recordsOf(
      decodeStream(
        concatBytes([
          encodeKeyframe(0, [[COMM_LO, packChars('kworker/')], [COMM_HI, packChars('0:1H')]]),
          encodeEvent(20, 1, [[BLK_RWBS, packChars('WS')]]),
          encodeEvent(SYS_ENTER, 1, [[COMM_LO, packChars('abcdef\u00e9')], [COMM_HI, 0]]),
        ]),
      ),
    );
    const [, issue, enter] = records;
    assert.ok(issue.type === 'event' && enter.type === 'event');
    assert.equal(commText(issue.state.get(COMM_LO) ?? 0n, issue.state.get(COMM_HI) ?? 0n), 'kworker/0:1H', 'carried over from the keyframe');
    assert.equal(charsText(issue.state.get(BLK_RWBS) ?? 0n), 'WS');
    assert.equal(enter.state.get(COMM_LO), BigInt.asUintN(64, packChars('abcdef\u00e9')), 'CHARS read as unsigned 64 bits');
    assert.equal(commText(enter.state.get(COMM_LO) ?? 0n, enter.state.get(COMM_HI) ?? 0n), 'abcdef\u00e9');
  });
});
