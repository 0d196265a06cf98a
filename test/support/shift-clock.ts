// A recording as a machine whose clock is ahead by a fixed amount would have
// written it: the stream's times all moved by SHIFT ns. Only keyframes carry
// absolute times (events carry deltas from them, docs/abi.md), so each
// keyframe's ts is re-encoded and every other byte is kept; the header's
// CLOCK_REALTIME - CLOCK_MONOTONIC moves the other way, so wall times stay.
// For the two-machine test of ktrace paths (test/vm/paths.test.ts).
import * as fs from 'node:fs';
import { FieldTag, KEYFRAME_TAG } from '../../frontend/src/abi/abi';
import { encodeField, encodeLength, encodeTag } from '../../frontend/src/decode/encoder';
import { encodeRecordHeader, parseRecordHeader } from '../../frontend/src/record/record-file';

const CLASS_APPLICATION = 0x40;
const TS_FIELD = 0x80 | FieldTag.TS; // context-specific, primitive, tag below 31

/** Tag number, and where its length starts, of the record at @p. */
function readTag(buf: Buffer, p: number): { tag: number; at: number } {
  const first = buf[p++];
  if ((first & 0x1f) !== 0x1f) return { tag: first & 0x1f, at: p };
  let tag = 0;
  for (;;) {
    if (p >= buf.length) throw new Error(`truncated tag at offset ${p}`);
    const b = buf[p++];
    tag = tag * 128 + (b & 0x7f);
    if (!(b & 0x80)) return { tag, at: p };
  }
}

/** Content length, and where the content starts, of the length at @p. */
function readLength(buf: Buffer, p: number): { length: number; at: number } {
  const first = buf[p++];
  if (first < 0x80) return { length: first, at: p };
  let length = 0;
  for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + buf[p++];
  return { length, at: p };
}

function readInteger(bytes: Buffer): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return BigInt.asUintN(64, BigInt.asIntN(bytes.length * 8, v));
}

/** The stream @stream with every keyframe's ts moved by @shiftNs; how many keyframes there were. */
export function shiftStream(stream: Buffer, shiftNs: bigint): { bytes: Buffer; keyframes: number } {
  const parts: Buffer[] = [];
  let keyframes = 0;
  let p = 0;
  while (p < stream.length) {
    const start = p;
    const { tag, at } = readTag(stream, p);
    const { length, at: content } = readLength(stream, at);
    const end = content + length;
    if (end > stream.length) throw new Error(`record at offset ${start} runs past the end`);
    if (tag === KEYFRAME_TAG) {
      if (stream[content] !== TS_FIELD) throw new Error(`keyframe at offset ${start} does not start with ts`);
      const ts = readLength(stream, content + 1);
      const value = readInteger(stream.subarray(ts.at, ts.at + ts.length));
      const fields = Buffer.concat([Buffer.from(encodeField(FieldTag.TS, BigInt.asUintN(64, value + shiftNs))), stream.subarray(ts.at + ts.length, end)]);
      parts.push(Buffer.from([...encodeTag(CLASS_APPLICATION, true, KEYFRAME_TAG), ...encodeLength(fields.length)]), fields);
      keyframes++;
    } else parts.push(stream.subarray(start, end));
    p = end;
  }
  return { bytes: Buffer.concat(parts), keyframes };
}

/** Writes @to: recording @from with its clock @shiftNs ahead. Returns its keyframe count. */
export function shiftRecording(from: string, to: string, shiftNs: bigint): number {
  const bytes = fs.readFileSync(from);
  const parsed = parseRecordHeader(bytes, from);
  if (parsed.kind !== 'header') throw new Error(`${from}: truncated header`);
  const header = { ...parsed.header, realtimeOffsetNs: (BigInt(parsed.header.realtimeOffsetNs) - shiftNs).toString() };
  const { bytes: stream, keyframes } = shiftStream(bytes.subarray(parsed.streamOffset), shiftNs);
  fs.writeFileSync(to, Buffer.concat([encodeRecordHeader(header), stream]));
  return keyframes;
}
