// Streaming decoder of the /dev/trace record stream (docs/abi.md).
//
// Speed matters: a busy system produces millions of records a second. The
// decoder therefore walks one growable Uint8Array with integer indexes,
// decodes integers into two int32 halves with shifts (no BigInt, no
// DataView), keeps field state in typed arrays, and returns the same
// preallocated result and record objects every time. Nothing is allocated
// per record; only need-more and malformed results, which happen once per
// read or per corruption, are fresh objects. STR fields (tags whose table
// type is STR) are copied into a reused arena and belong to their record
// only; getString() allocates the copy it returns.
import { CONSTANTS, EVENTS, FieldTag, KEYFRAME_TAG, LOST_TAG } from '../abi/abi';
import { FieldState, MAX_TRACKED_TAG } from './state';
import { RecordStrings, STRING_TAGS } from './strings';
import type { DecoderStats, NextResult } from './types';
import { EventView, KeyframeView, LostView, UnknownView } from './views';

/** Largest record accepted: the module's records never exceed 16 KiB (kt_info.max_record_bytes), so this is generous. */
export const MAX_RECORD_BYTES = 64 * 1024;

const MAX_EVENT_TAG = 63;
const STR_UNAVAILABLE = CONSTANTS.KT_STR_UNAVAILABLE;
const TWO_32 = 4294967296;
const INITIAL_CAPACITY = 64 * 1024;

// decodeAt() outcomes.
const DECODED = 0;
const NEED_MORE = 1;
const MALFORMED = 2;

const EVENT_NAMES: readonly string[] = Array.from({ length: MAX_EVENT_TAG + 1 }, (_, bit) => {
  return EVENTS.find((e) => e.bit === bit)?.name ?? `event${bit}`;
});

type RecordKind = 'event' | 'keyframe' | 'lost' | 'unknown';

export class StreamDecoder {
  private buf = new Uint8Array(INITIAL_CAPACITY);
  /** Absolute stream offset of buf[0]. */
  private base = 0;
  private pos = 0;
  private end = 0;

  private readonly state = new FieldState();
  private readonly strings = new RecordStrings();
  private readonly eventView = new EventView(this.state, this.strings);
  private readonly keyframeView = new KeyframeView(this.state, this.strings);
  private readonly lostView = new LostView();
  private readonly unknownView = new UnknownView();
  private readonly results: { readonly [K in RecordKind]: NextResult } = {
    event: { kind: 'record', record: this.eventView },
    keyframe: { kind: 'record', record: this.keyframeView },
    lost: { kind: 'record', record: this.lostView },
    unknown: { kind: 'record', record: this.unknownView },
  };

  // Outputs of decodeAt(), kept in fields so that it allocates nothing.
  private decodedKind: RecordKind = 'event';
  private recordEnd = 0;
  private neededBytes = 0;
  private failOffset = 0;
  private failReason = '';

  private lostSrcCpu = 0;
  private lostCount = 0;

  private failure: NextResult | undefined;
  private failedRecordStart = 0;
  private seeking = false;

  private counts = { records: 0, events: 0, keyframes: 0, lostRecords: 0, lostCount: 0, unknown: 0, malformed: 0, bytesSkipped: 0 };

  /** Appends bytes of the stream; records may span chunks. The chunk is copied. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.pos === this.end) {
      this.base += this.pos;
      this.pos = this.end = 0;
    }
    if (this.end + chunk.length > this.buf.length) this.makeRoom(chunk.length);
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Bytes pushed but not yet consumed. */
  get buffered(): number {
    return this.end - this.pos;
  }

  /** Absolute stream offset of the next unconsumed byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  get synced(): boolean {
    return this.state.synced;
  }

  get stats(): DecoderStats {
    return { ...this.counts };
  }

  /**
   * The next record, or why there is none. After `malformed` the same result
   * repeats until resync(), so a caller cannot loop on it unknowingly.
   */
  next(): NextResult {
    if (this.failure) return this.failure;
    for (;;) {
      if (this.seeking && !this.seekKeyframe()) return this.needMore(undefined);
      const outcome = this.decodeAt(this.pos);
      if (outcome === DECODED) {
        this.seeking = false;
        this.pos = this.recordEnd;
        this.counts.records++;
        return this.results[this.decodedKind];
      }
      if (outcome === NEED_MORE) return this.needMore(this.neededBytes || undefined);
      if (this.seeking) {
        // A 0x7f 0x40 that is not a keyframe after all: keep looking past it.
        this.pos++;
        this.counts.bytesSkipped++;
        continue;
      }
      this.counts.malformed++;
      this.failedRecordStart = this.pos;
      this.failure = { kind: 'malformed', offset: this.base + this.failOffset, reason: this.failReason };
      return this.failure;
    }
  }

  /**
   * Skips forward to the next plausible keyframe (its tag bytes 0x7f 0x40
   * that also parse as a whole keyframe) and continues from there. The state
   * is unknown until then, so events resume only after that keyframe.
   */
  resync(): void {
    const from = this.failure ? this.failedRecordStart + 1 : this.pos;
    this.counts.bytesSkipped += from - this.pos;
    this.pos = from;
    this.failure = undefined;
    this.seeking = true;
    this.state.synced = false;
  }

  private needMore(need: number | undefined): NextResult {
    const have = this.end - this.pos;
    return need === undefined ? { kind: 'need-more', have } : { kind: 'need-more', have, need };
  }

  /** Moves pos to the next 0x7f 0x40 pair; false (buffer consumed) if none yet. */
  private seekKeyframe(): boolean {
    const buf = this.buf;
    const last = this.end - 1;
    let p = this.pos;
    while (p < last && !(buf[p] === 0x7f && buf[p + 1] === KEYFRAME_TAG)) p++;
    this.counts.bytesSkipped += p - this.pos;
    this.pos = p;
    return p < last;
  }

  private makeRoom(extra: number): void {
    const unread = this.end - this.pos;
    const needed = unread + extra;
    if (needed <= this.buf.length) {
      this.buf.copyWithin(0, this.pos, this.end);
    } else {
      const grown = new Uint8Array(Math.max(needed, this.buf.length * 2));
      grown.set(this.buf.subarray(this.pos, this.end));
      this.buf = grown;
    }
    this.base += this.pos;
    this.pos = 0;
    this.end = unread;
  }

  private fail(at: number, reason: string): number {
    this.failOffset = at;
    this.failReason = reason;
    return MALFORMED;
  }

  /** Decodes the record at `start`, applying it to the state; see the outcome constants. */
  private decodeAt(start: number): number {
    const buf = this.buf;
    const end = this.end;
    this.neededBytes = 0;
    let p = start;
    if (p >= end) return NEED_MORE;

    const t0 = buf[p++];
    if ((t0 & 0xe0) !== 0x60) return this.fail(start, `record tag 0x${hex2(t0)} is not APPLICATION CONSTRUCTED`);
    let tag = t0 & 0x1f;
    if (tag === 0x1f) {
      tag = 0;
      for (;;) {
        if (p >= end) return NEED_MORE;
        const b = buf[p++];
        // X.690 forbids a leading zero group; refusing it also bounds the tag to 5 bytes.
        if (b === 0x80 && tag === 0) return this.fail(start, 'record tag number has a leading zero group');
        tag = tag * 128 + (b & 0x7f);
        if (tag > 0xffffffff) return this.fail(start, 'record tag number overflows 32 bits');
        if ((b & 0x80) === 0) break;
      }
    }

    if (p >= end) return NEED_MORE;
    const lengthAt = p;
    const l0 = buf[p++];
    let length = l0;
    if (l0 >= 0x80) {
      if (l0 === 0x80) return this.fail(lengthAt, 'indefinite length');
      const count = l0 & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) {
        if (p >= end) return NEED_MORE;
        length = length * 256 + buf[p++];
        if (length > MAX_RECORD_BYTES) return this.fail(lengthAt, `record length exceeds ${MAX_RECORD_BYTES} bytes`);
      }
    }
    const contentStart = p;
    const recordEnd = contentStart + length;
    if (recordEnd > end) {
      this.neededBytes = recordEnd - start;
      return NEED_MORE;
    }
    this.recordEnd = recordEnd;

    if (tag <= MAX_EVENT_TAG) return this.decodeEvent(tag, start, contentStart, recordEnd);
    if (tag === KEYFRAME_TAG) return this.decodeKeyframe(start, contentStart, recordEnd);
    if (tag === LOST_TAG) return this.decodeLost(start, contentStart, recordEnd);
    return this.decodeUnknown(tag, start, contentStart, recordEnd);
  }

  private decodeEvent(bit: number, start: number, from: number, to: number): number {
    const state = this.state;
    state.beginRecord();
    this.strings.begin();
    if (this.decodeFields(from, to, FIELDS_EVENT) !== DECODED) return MALFORMED;
    const view = this.eventView;
    view.offset = this.base + start;
    view.length = to - start;
    view.eventBit = bit;
    view.eventName = EVENT_NAMES[bit];
    this.decodedKind = 'event';
    this.counts.events++;
    return DECODED;
  }

  private decodeKeyframe(start: number, from: number, to: number): number {
    const state = this.state;
    state.beginRecord();
    this.strings.begin();
    state.reset();
    state.setKeyframeTime(0, 0);
    if (this.decodeFields(from, to, FIELDS_KEYFRAME) !== DECODED) return MALFORMED;
    state.synced = true;
    const view = this.keyframeView;
    view.offset = this.base + start;
    view.length = to - start;
    this.decodedKind = 'keyframe';
    this.counts.keyframes++;
    return DECODED;
  }

  private decodeLost(start: number, from: number, to: number): number {
    this.lostSrcCpu = 0;
    this.lostCount = 0;
    if (this.decodeFields(from, to, FIELDS_LOST) !== DECODED) return MALFORMED;
    const view = this.lostView;
    view.offset = this.base + start;
    view.length = to - start;
    view.srcCpu = this.lostSrcCpu;
    view.count = this.lostCount;
    this.decodedKind = 'lost';
    this.counts.lostRecords++;
    this.counts.lostCount += this.lostCount;
    return DECODED;
  }

  private decodeUnknown(tag: number, start: number, from: number, to: number): number {
    if (this.decodeFields(from, to, FIELDS_IGNORE) !== DECODED) return MALFORMED;
    const view = this.unknownView;
    view.offset = this.base + start;
    view.length = to - start;
    view.tagNumber = tag;
    this.decodedKind = 'unknown';
    this.counts.unknown++;
    return DECODED;
  }

  /** Walks the fields in [from, to), handing each integer (and string) to `sink`. */
  private decodeFields(from: number, to: number, sink: FieldSink): number {
    const buf = this.buf;
    const state = this.state;
    let p = from;
    while (p < to) {
      const fieldAt = p;
      const t0 = buf[p++];
      if ((t0 & 0xe0) !== 0x80) return this.fail(fieldAt, `field tag 0x${hex2(t0)} is not CONTEXT PRIMITIVE`);
      let tag = t0 & 0x1f;
      if (tag === 0x1f) {
        tag = 0;
        for (;;) {
          if (p >= to) return this.fail(fieldAt, 'field tag runs past the end of the record');
          const b = buf[p++];
          if (b === 0x80 && tag === 0) return this.fail(fieldAt, 'field tag number has a leading zero group');
          tag = tag * 128 + (b & 0x7f);
          if (tag > 0xffffffff) return this.fail(fieldAt, 'field tag number overflows 32 bits');
          if ((b & 0x80) === 0) break;
        }
      }
      if (p >= to) return this.fail(p, 'field length runs past the end of the record');
      const isString = tag < MAX_TRACKED_TAG && STRING_TAGS[tag] === 1;
      // Integers have at most 8 content bytes; a string at most what its record holds.
      const limit = isString ? MAX_RECORD_BYTES : 8;
      const lengthAt = p;
      const l0 = buf[p++];
      let length = l0;
      if (l0 >= 0x80) {
        if (l0 === 0x80) return this.fail(lengthAt, 'indefinite length');
        const count = l0 & 0x7f;
        length = 0;
        for (let i = 0; i < count; i++) {
          if (p >= to) return this.fail(lengthAt, 'field length runs past the end of the record');
          length = length * 256 + buf[p++];
          if (length > limit) break;
        }
      }
      if (isString) {
        if (length === 0) return this.fail(lengthAt, 'string content of 0 bytes (no status byte)');
        if (length > limit || p + length > to) return this.fail(lengthAt, 'field runs past the end of the record');
        const status = buf[p];
        if (status > STR_UNAVAILABLE) return this.fail(p, `string status ${status} is unknown`);
        if (status === STR_UNAVAILABLE && length > 1) return this.fail(p, `unavailable string with ${length - 1} content bytes`);
        if (sink === FIELDS_EVENT || sink === FIELDS_KEYFRAME) this.strings.store(tag, status, buf, p + 1, p + length);
        p += length;
        continue;
      }
      if (length === 0 || length > 8) return this.fail(lengthAt, `integer content of ${length > 8 ? 'more than 8' : 0} bytes`);
      if (p + length > to) return this.fail(lengthAt, 'field runs past the end of the record');

      // Two's complement into two int32 halves: shift the 64-bit register
      // left a byte at a time, starting from the sign extension.
      let hi = buf[p] & 0x80 ? -1 : 0;
      let lo = hi;
      for (let i = 0; i < length; i++) {
        hi = (hi << 8) | (lo >>> 24);
        lo = (lo << 8) | buf[p + i];
      }
      p += length;

      if (sink === FIELDS_EVENT) {
        if (tag === FieldTag.TS_DELTA) state.tsOffset += hi * TWO_32 + (lo >>> 0);
        else if (tag < MAX_TRACKED_TAG) state.store(tag, hi, lo);
      } else if (sink === FIELDS_KEYFRAME) {
        if (tag === FieldTag.TS) state.setKeyframeTime(hi, lo);
        else if (tag < MAX_TRACKED_TAG) state.store(tag, hi, lo);
      } else if (sink === FIELDS_LOST) {
        if (tag === FieldTag.SRC_CPU) this.lostSrcCpu = (hi >>> 0) * TWO_32 + (lo >>> 0);
        else if (tag === FieldTag.LOST_COUNT) this.lostCount = (hi >>> 0) * TWO_32 + (lo >>> 0);
      }
    }
    return DECODED;
  }
}

// Where decodeFields() puts what it reads.
type FieldSink = number;
const FIELDS_EVENT: FieldSink = 0;
const FIELDS_KEYFRAME: FieldSink = 1;
const FIELDS_LOST: FieldSink = 2;
const FIELDS_IGNORE: FieldSink = 3;

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
