// Merges per-CPU streams (span frames) into one time-ordered sequence of
// records. Each CPU's bytes go through their own StreamDecoder (the ring's
// state, deltas and keyframes are per CPU); the merger holds at most one
// decoded record per CPU and yields the earliest once no CPU can still
// deliver an earlier one: every CPU holds a record, a horizon covers it, or
// the input has ended. Records lost to a writer that lapped the reader are
// counted from the sequence numbers of the ring's keyframes, and reported
// just before the keyframe that revealed them, at its time (the time of the
// last record lost).
import { FieldTag } from '../abi/abi';
import { StreamDecoder } from './decoder';
import type { DecodedRecord, LostRecord } from './types';
import type { SpanFrame } from './spans';

export type MergeResult =
  | { readonly kind: 'record'; readonly cpu: number; readonly record: DecodedRecord }
  | { readonly kind: 'need-more' }
  /** A CPU's stream was malformed at ring position `pos`; it resumes at its next keyframe. */
  | { readonly kind: 'malformed'; readonly cpu: number; readonly pos: bigint; readonly reason: string };

/** A run of contiguous bytes of one CPU's stream. */
interface Segment {
  readonly decoder: StreamDecoder;
  /** Ring position of the decoder's offset 0. */
  readonly base: bigint;
}

interface Lane {
  readonly cpu: number;
  /** Oldest first: a gap starts a new one, decoded once the older are done. */
  readonly segments: Segment[];
  /** Ring position the next DATA frame continues from, if any came. */
  end: bigint | undefined;
  /** Sequence number of the next event, once a keyframe said it. */
  nextSeq: bigint | undefined;
  /** The record decoded and not yet yielded. */
  current: DecodedRecord | undefined;
  /** Its time: tsNs for ordering (see earlier()), and the lane's last one. */
  currentTsNs: number;
  lastTsNs: number;
  lastTs: bigint;
  /** A lost record queued before `current`. */
  lost: LostRecord | undefined;
}

export interface MergeOptions {
  /** The CPUs that may have streams: with it, a record is yielded as soon as each of them holds one. */
  readonly cpus?: number;
}

export class SpanMerger {
  private readonly lanes = new Map<number, Lane>();
  private horizon = -1n;
  private horizonNs = -1;
  private ended = false;
  private lastYielded: Lane | undefined;

  constructor(private readonly opts: MergeOptions = {}) {}

  push(frame: SpanFrame): void {
    if (frame.kind === 'horizon') {
      if (frame.tsNs > this.horizon) {
        this.horizon = frame.tsNs;
        this.horizonNs = Number(frame.tsNs);
      }
      return;
    }
    const lane = this.lane(frame.cpu);
    if (frame.kind === 'state') {
      // The stream's state where the next DATA starts: its keyframe begins a segment.
      const decoder = new StreamDecoder();
      decoder.push(frame.bytes);
      lane.segments.push({ decoder, base: frame.pos });
      lane.end = frame.pos;
      return;
    }
    // A gap: the writer lapped the reader, and the frame starts at a
    // chunk's keyframe, with a state of its own.
    if (lane.end === undefined || frame.pos !== lane.end) lane.segments.push({ decoder: new StreamDecoder(), base: frame.pos });
    lane.segments[lane.segments.length - 1].decoder.push(frame.bytes);
    lane.end = frame.pos + BigInt(frame.bytes.length);
  }

  /** No more frames will come: every held and buffered record may go. */
  end(): void {
    this.ended = true;
  }

  next(): MergeResult {
    // The record yielded last was a view of its lane's decoder: only now may it move on.
    if (this.lastYielded) {
      const lane = this.lastYielded;
      this.lastYielded = undefined;
      if (lane.lost) lane.lost = undefined;
      else lane.current = undefined;
    }
    let best: Lane | undefined;
    let allHeld = true;
    for (const lane of this.lanes.values()) {
      const failed = this.fill(lane);
      if (failed) return failed;
      if (!lane.current) {
        allHeld = false;
        continue;
      }
      if (!best || this.earlier(lane, best)) best = lane;
    }
    if (!best) return { kind: 'need-more' };
    const ready =
      this.ended || (allHeld && this.opts.cpus !== undefined && this.lanes.size >= this.opts.cpus) || this.covered(best);
    if (!ready) return { kind: 'need-more' };
    this.lastYielded = best;
    if (best.lost) return { kind: 'record', cpu: best.cpu, record: best.lost };
    best.lastTsNs = best.currentTsNs;
    if (best.current?.type === 'event' || best.current?.type === 'keyframe') best.lastTs = best.current.tsBigInt();
    return { kind: 'record', cpu: best.cpu, record: best.current as DecodedRecord };
  }

  /** Bytes of every CPU not yet decoded (a truncated tail at the end). */
  get buffered(): number {
    let n = 0;
    for (const lane of this.lanes.values()) for (const seg of lane.segments) n += seg.decoder.buffered;
    return n;
  }

  private lane(cpu: number): Lane {
    let lane = this.lanes.get(cpu);
    if (!lane) {
      lane = { cpu, segments: [], end: undefined, nextSeq: undefined, current: undefined, currentTsNs: 0, lastTsNs: 0, lastTs: 0n, lost: undefined };
      this.lanes.set(cpu, lane);
    }
    return lane;
  }

  /** Decodes the lane's next record if it holds none; returns a malformed result to pass on. */
  private fill(lane: Lane): MergeResult | undefined {
    if (lane.current) return undefined;
    let seg = lane.segments[0];
    if (!seg) return undefined;
    let next = seg.decoder.next();
    while (next.kind === 'need-more' && lane.segments.length > 1) {
      // A record cut by a gap was overwritten: the sequence numbers count it.
      lane.segments.shift();
      seg = lane.segments[0];
      next = seg.decoder.next();
    }
    if (next.kind === 'need-more') return undefined;
    if (next.kind === 'malformed') {
      seg.decoder.resync();
      lane.nextSeq = undefined;
      return { kind: 'malformed', cpu: lane.cpu, pos: seg.base + BigInt(next.offset), reason: next.reason };
    }
    const record = next.record;
    lane.current = record;
    lane.currentTsNs = this.held(lane);
    if (record.type === 'event' || record.type === 'keyframe') {
      if (record.type === 'event' && lane.nextSeq !== undefined) lane.nextSeq++;
      if (record.type === 'keyframe' && record.carried(FieldTag.SEQ)) {
        const seq = record.getBigInt(FieldTag.SEQ);
        if (lane.nextSeq !== undefined && seq > lane.nextSeq) lane.lost = this.lostRecord(lane, seq - lane.nextSeq, record.offset);
        lane.nextSeq = seq;
      }
    }
    return undefined;
  }

  /** The time of the lane's held record; lost and unknown records keep their CPU's. */
  private held(lane: Lane): number {
    const r = lane.current;
    return r?.type === 'event' || r?.type === 'keyframe' ? r.tsNs : lane.lastTsNs;
  }

  private lostRecord(lane: Lane, count: bigint, offset: number): LostRecord {
    return { type: 'lost', srcCpu: lane.cpu, count: Number(count), offset, length: 0 };
  }

  /** Whether @a's held record comes before @b's: time, then CPU. */
  private earlier(a: Lane, b: Lane): boolean {
    if (a.currentTsNs !== b.currentTsNs) return a.currentTsNs < b.currentTsNs;
    // Rounded alike above 2^53 ns: the exact times decide.
    const ta = this.exactTs(a);
    const tb = this.exactTs(b);
    return ta !== tb ? ta < tb : a.cpu < b.cpu;
  }

  private exactTs(lane: Lane): bigint {
    const r = lane.current;
    return (r?.type === 'event' || r?.type === 'keyframe') ? r.tsBigInt() : lane.lastTs;
  }

  private covered(lane: Lane): boolean {
    if (lane.currentTsNs !== this.horizonNs) return lane.currentTsNs < this.horizonNs;
    return this.exactTs(lane) <= this.horizon;
  }
}
