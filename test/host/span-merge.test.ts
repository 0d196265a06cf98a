// The userspace merge of per-CPU streams (property): random rings of 1-8
// CPUs, written as the module writes them (a keyframe with the sequence
// number at each chunk, events with time deltas), some chunks overwritten
// before the reader got them, the rest cut into DATA frames at random bytes
// and interleaved with valid horizons. The merge must yield every record in
// timestamp order (ties by CPU, each CPU's order kept), each loss exactly
// once with its count, and, after a horizon, at least every record at or
// before it.
import { strict as assert } from 'node:assert';
import { FieldTag } from '../../frontend/src/abi/abi';
import { concatBytes, encodeEvent, encodeKeyframe } from '../../frontend/src/decode/encoder';
import { SpanMerger } from '../../frontend/src/decode/span-merge';
import { encodeSpanFrame, SpanSplitter, type SpanFrame } from '../../frontend/src/decode/spans';
import { createRandom, seedFromEnvironment, type Random } from '../support/prng';

type Item =
  | { type: 'event'; cpu: number; ts: bigint; id: number }
  | { type: 'keyframe'; cpu: number; ts: bigint }
  | { type: 'lost'; cpu: number; ts: bigint; count: number };

interface Piece {
  record: Item;
  /** Byte range in the CPU's stream; lost items have none. */
  from: number;
  to: number;
}

interface Cpu {
  cpu: number;
  bytes: Uint8Array;
  /** What the reader gets, in the CPU's order. */
  delivered: Piece[];
  /** Delivered byte ranges: chunks in a row that were not overwritten. */
  segments: { from: number; to: number }[];
}

let nextId = 1;

function ring(random: Random, cpu: number, startTs: bigint): Cpu {
  const parts: Uint8Array[] = [];
  const delivered: Piece[] = [];
  const segments: { from: number; to: number }[] = [];
  let at = 0;
  let ts = startTs;
  let seq = 0;
  let lastId = 0;
  let lostRun = 0;
  const chunks = random.int(1, 6);
  for (let c = 0; c < chunks; c++) {
    // The first chunk is never lost: the reader starts there.
    const lost = c > 0 && random.int(0, 3) === 0;
    const chunkFrom = at;
    const kfFields: [number, number][] = [[FieldTag.SEQ, seq], [FieldTag.SRC_CPU, cpu]];
    if (lastId) kfFields.push([FieldTag.ARG0, lastId]);
    const kf = encodeKeyframe(ts, kfFields);
    const chunkPieces: Piece[] = [];
    if (!lost && lostRun) chunkPieces.push({ record: { type: 'lost', cpu, ts, count: lostRun }, from: at, to: at });
    chunkPieces.push({ record: { type: 'keyframe', cpu, ts }, from: at, to: at + kf.length });
    parts.push(kf);
    at += kf.length;
    for (let e = random.int(1, 8); e > 0; e--) {
      const delta = BigInt(random.int(0, 4));
      ts += delta;
      const id = nextId++;
      const ev = encodeEvent(random.int(0, 40), delta, [[FieldTag.ARG0, id]]);
      chunkPieces.push({ record: { type: 'event', cpu, ts, id }, from: at, to: at + ev.length });
      parts.push(ev);
      at += ev.length;
      lastId = id;
      seq++;
      if (lost) lostRun++;
    }
    if (lost) continue;
    lostRun = 0;
    delivered.push(...chunkPieces);
    const last = segments[segments.length - 1];
    if (last && last.to === chunkFrom) last.to = at;
    else segments.push({ from: chunkFrom, to: at });
  }
  return { cpu, bytes: concatBytes(parts), delivered, segments };
}

/** The DATA frames of a CPU, cut at random bytes, in order. */
function framesOf(random: Random, c: Cpu): { frame: SpanFrame; to: number }[] {
  const frames: { frame: SpanFrame; to: number }[] = [];
  for (const seg of c.segments) {
    for (let at = seg.from; at < seg.to; ) {
      const to = Math.min(seg.to, at + random.int(1, 40));
      frames.push({ frame: { kind: 'data', cpu: c.cpu, pos: BigInt(at), bytes: c.bytes.subarray(at, to) }, to });
      at = to;
    }
  }
  return frames;
}

const key = (r: Item): string =>
  r.type === 'event' ? `event cpu${r.cpu} ts${r.ts} #${r.id}` : r.type === 'lost' ? `lost cpu${r.cpu} ts${r.ts} ${r.count}` : `keyframe cpu${r.cpu} ts${r.ts}`;

describe('span merge (property)', function () {
  this.timeout(60_000);
  const seed = seedFromEnvironment();

  before(() => {
    console.log(`      seed ${seed} (replay with KTRACE_SEED=${seed})`);
  });

  it('random per-CPU streams merge in timestamp order, with every loss counted once and horizons honoured', () => {
    const random = createRandom(seed);
    let merged = 0;
    for (let round = 0; round < 400; round++) {
      const where = `seed ${seed} round ${round}`;
      const cpus = Array.from({ length: random.int(1, 8) }, (_, cpu) => ring(random, cpu, BigInt(random.int(0, 20)) + (random.int(0, 3) === 0 ? 2n ** 60n : 0n)));
      const expected = cpus
        .flatMap((c) => c.delivered.map((p) => p.record))
        .map((r, i) => ({ r, i }))
        .sort((a, b) => (a.r.ts !== b.r.ts ? (a.r.ts < b.r.ts ? -1 : 1) : a.r.cpu !== b.r.cpu ? a.r.cpu - b.r.cpu : a.i - b.i))
        .map(({ r }) => key(r));
      const queues = cpus.map((c) => framesOf(random, c));
      const got: Item[] = [];
      const knowCpus = random.int(0, 1) === 1;
      const merger = new SpanMerger(knowCpus ? { cpus: cpus.length } : {});
      const splitter = new SpanSplitter();
      const drain = () => {
        for (;;) {
          const r = merger.next();
          if (r.kind === 'need-more') return;
          if (r.kind !== 'record') assert.fail(`${where}: ${JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
          const rec = r.record;
          if (rec.type === 'event') got.push({ type: 'event', cpu: r.cpu, ts: rec.tsBigInt(), id: rec.get(FieldTag.ARG0) });
          else if (rec.type === 'keyframe') got.push({ type: 'keyframe', cpu: r.cpu, ts: rec.tsBigInt() });
          // Its time is the keyframe's that follows it on its CPU: filled in below.
          else if (rec.type === 'lost') got.push({ type: 'lost', cpu: rec.srcCpu, ts: -1n, count: rec.count });
          else assert.fail(`${where}: an unknown record`);
        }
      };
      const sent = cpus.map(() => 0);
      const feed = (frame: SpanFrame) => {
        // Through the splitter, in pieces that cut frames anywhere.
        const bytes = encodeSpanFrame(frame);
        for (let at = 0; at < bytes.length; ) {
          const to = Math.min(bytes.length, at + random.int(1, 64));
          splitter.push(bytes.subarray(at, to));
          at = to;
          for (let s = splitter.next(); s.kind === 'frame'; s = splitter.next()) merger.push(s.frame);
        }
        drain();
      };
      while (queues.some((q) => q.length)) {
        const live = queues.map((_, i) => i).filter((i) => queues[i].length);
        const i = random.pick(live);
        const { frame, to } = queues[i].shift() as { frame: SpanFrame; to: number };
        feed(frame);
        sent[i] = to;
        if (random.int(0, 4) !== 0) continue;
        // A valid horizon: just before the first record some CPU has not wholly sent.
        const pending = cpus.flatMap((c, k) => c.delivered.filter((p) => p.to > sent[k] || (p.record.type === 'lost' && p.from >= sent[k])).slice(0, 1).map((p) => p.record.ts));
        const h = pending.length ? pending.reduce((a, b) => (a < b ? a : b)) - 1n : 2n ** 62n;
        if (h < 0n) continue;
        feed({ kind: 'horizon', tsNs: h });
        const due = expected.length - cpus.flatMap((c) => c.delivered).filter((p) => p.record.ts > h).length;
        if (got.length < due) assert.fail(`${where}: after horizon ${h}, ${got.length} records yielded, ${due} due: ${got.map(key).join(', ')} / ${expected.join(', ')}`);
      }
      merger.end();
      drain();
      got.forEach((r, i) => {
        if (r.type === 'lost') r.ts = got.slice(i + 1).find((n) => n.cpu === r.cpu)?.ts ?? -1n;
      });
      assert.deepEqual(got.map(key), expected, where);
      assert.equal(merger.buffered, 0, where);
      merged += got.length;
    }
    assert.ok(merged > 4000, `only ${merged} records merged`);
  });

  it('keeps "need more bytes" apart from malformed frames', () => {
    const s = new SpanSplitter();
    const frame = encodeSpanFrame({ kind: 'data', cpu: 3, pos: 4096n, bytes: Uint8Array.from([1, 2, 3]) });
    s.push(frame.subarray(0, 10));
    assert.deepEqual(s.next(), { kind: 'need-more', have: 10 });
    s.push(frame.subarray(10, 17));
    assert.deepEqual(s.next(), { kind: 'need-more', have: 17, need: 19 });
    s.push(frame.subarray(17));
    const r = s.next();
    assert.equal(r.kind, 'frame');
    if (r.kind === 'frame' && r.frame.kind === 'data') {
      assert.deepEqual([r.frame.cpu, r.frame.pos, [...r.frame.bytes]], [3, 4096n, [1, 2, 3]]);
    }
    const bad = Buffer.from(encodeSpanFrame({ kind: 'horizon', tsNs: 5n }));
    bad[0] = 9;
    s.push(bad);
    assert.deepEqual(s.next(), { kind: 'malformed', offset: 19, reason: 'span kind 9 is unknown' });
    assert.deepEqual(s.next(), { kind: 'malformed', offset: 19, reason: 'span kind 9 is unknown' });
  });
});
