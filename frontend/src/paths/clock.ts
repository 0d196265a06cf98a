// Clock offsets between recordings of different machines, from matched
// messages alone. Every time is a syscall's exit, which can lag (a sender
// descheduled before its exit, after its receiver already woke), so an
// NTP exchange t1 (A sent), t2 (B received), t3 (B replied), t4 (A
// received), whose estimate ((t2 - t1) + (t3 - t4)) / 2 is off by at most
// half its round trip only for exact times, proves nothing on its own.
//
// What exits do prove is causality through receives: a thread that
// returned from a receive at y and then sent, sent bytes that a receive on
// the other machine can only return after, at x. So each such pair orders
// two receive exits of different clocks: y (on B) before x (on A) gives
// offset >= y - x, y (on A) before x (on B) gives offset <= x - y (offset:
// B's clock minus A's). With bounds on both sides the offset is the middle
// of the interval they leave, and its uncertainty half the interval's width:
// the true offset is inside whatever the threads' scheduling did. Without
// (one-way traffic, a single exchange) it falls back to the median NTP
// estimate, with the whole median round trip as its uncertainty.
import type { Edge } from './match';

export interface ClockOffset {
  readonly source: number;
  /** Nanoseconds to subtract from this recording's times to get recording 0's. */
  readonly offsetNs: bigint;
  /**
   * 'causal': half the width of the interval the causal bounds leave (the
   * offset is inside it); 'median': the median round trip of the exchanges.
   */
  readonly uncertaintyNs: bigint;
  /** Message pairs ('causal') or exchanges ('median') it rests on. */
  readonly exchanges: number;
  readonly method: 'causal' | 'median';
  /** The recording it was measured against (0, or one already placed). */
  readonly against: number;
}

interface Exchange {
  offset: bigint;
  rtt: bigint;
}

const median = (v: bigint[]) => v.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[v.length >> 1];

/**
 * Half of @v rounded down. BigInt division rounds toward zero, which would
 * make an exchange's estimate move by one ns less than its clock when the
 * shift takes it across zero.
 */
const half = (v: bigint) => (v >= 0n ? v / 2n : -((1n - v) / 2n));

/** Exchanges between recordings a and b (offset of b against a), message from either side. */
function exchanges(edges: readonly Edge[], a: number, b: number): Exchange[] {
  // Messages between two threads, by direction, in the order they were sent.
  const lanes = new Map<string, Edge[]>();
  for (const e of edges) {
    const pair = [e.send.source, e.recv.source];
    if (!(pair[0] === a && pair[1] === b) && !(pair[0] === b && pair[1] === a)) continue;
    const key = `${e.send.source}:${e.send.tid}>${e.recv.source}:${e.recv.tid}`;
    const lane = lanes.get(key);
    if (lane) lane.push(e);
    else lanes.set(key, [e]);
  }
  const out: Exchange[] = [];
  for (const [key, lane] of lanes) {
    const [from, to] = key.split('>');
    if (!from.startsWith(`${a}:`)) continue;
    const replies = lanes.get(`${to}>${from}`);
    if (!replies) continue;
    for (const e of lane) {
      // The first reply the receiving thread sent after receiving it.
      const f = replies.find((r) => r.send.ts >= e.recv.ts && r.recv.ts >= e.send.ts);
      if (!f) continue;
      const [t1, t2, t3, t4] = [e.send.ts, e.recv.ts, f.send.ts, f.recv.ts];
      out.push({ offset: half(t2 - t1 + (t3 - t4)), rtt: t4 - t1 - (t3 - t2) });
    }
  }
  return out;
}

interface Bounds {
  lo?: bigint;
  hi?: bigint;
  pairs: number;
}

/**
 * The causal bounds on b's offset against a: for each message one
 * recording's thread sent to the other, the last receive that thread
 * returned from before the send, paired with the message's receive.
 */
function causalBounds(edges: readonly Edge[], a: number, b: number): Bounds {
  // Each thread's receive exits, in order.
  const recvs = new Map<string, bigint[]>();
  for (const e of edges) {
    const key = `${e.recv.source}:${e.recv.tid}`;
    const list = recvs.get(key);
    if (list) list.push(e.recv.ts);
    else recvs.set(key, [e.recv.ts]);
  }
  for (const list of recvs.values()) list.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const out: Bounds = { pairs: 0 };
  for (const e of edges) {
    const [from, to] = [e.send.source, e.recv.source];
    if (!((from === a && to === b) || (from === b && to === a))) continue;
    const before = recvs.get(`${from}:${e.send.tid}`);
    if (!before) continue;
    // The latest receive the sending thread returned from before this send returned.
    let y: bigint | undefined;
    for (const t of before) {
      if (t > e.send.ts) break;
      y = t;
    }
    if (y === undefined) continue;
    const x = e.recv.ts;
    out.pairs++;
    if (from === b) {
      if (out.lo === undefined || y - x > out.lo) out.lo = y - x;
    } else if (out.hi === undefined || x - y < out.hi) out.hi = x - y;
  }
  return out;
}

/** Offsets of every recording reachable from recording 0 through message exchanges. */
export function estimateOffsets(edges: readonly Edge[], sources: number): ClockOffset[] {
  const offsets = new Map<number, ClockOffset>([[0, { source: 0, offsetNs: 0n, uncertaintyNs: 0n, exchanges: 0, against: 0, method: 'causal' }]]);
  const queue = [0];
  while (queue.length) {
    const a = queue.shift() as number;
    const base = (offsets.get(a) as ClockOffset).offsetNs;
    for (let b = 0; b < sources; b++) {
      if (offsets.has(b)) continue;
      const bounds = causalBounds(edges, a, b);
      if (bounds.lo !== undefined && bounds.hi !== undefined && bounds.lo <= bounds.hi) {
        const width = bounds.hi - bounds.lo;
        // lo + floor(width / 2): moves by exactly as much as either clock moves.
        offsets.set(b, { source: b, offsetNs: base + bounds.lo + width / 2n, uncertaintyNs: width - width / 2n, exchanges: bounds.pairs, against: a, method: 'causal' });
        queue.push(b);
        continue;
      }
      const ex = exchanges(edges, a, b);
      if (!ex.length) continue;
      const rtt = median(ex.map((x) => x.rtt));
      offsets.set(b, { source: b, offsetNs: base + median(ex.map((x) => x.offset)), uncertaintyNs: rtt < 0n ? -rtt : rtt, exchanges: ex.length, against: a, method: 'median' });
      queue.push(b);
    }
  }
  return [...offsets.values()].sort((x, y) => x.source - y.source);
}
