// Clock offsets between recordings of different machines, from matched
// messages alone, as NTP does: a message from A to B and B's reply form an
// exchange t1 (A sent), t2 (B received), t3 (B replied), t4 (A received),
// whose offset estimate ((t2 - t1) + (t3 - t4)) / 2 is off by at most half
// its round trip (t4 - t1) - (t3 - t2) when the four times are when the bytes
// left and arrived. Here they are the syscalls' exits, which can lag (a
// sender descheduled before its exit, after its receiver already woke), so
// the median over all exchanges is taken and the uncertainty reported is the
// whole median round trip, not half of it.
import type { Edge } from './match';

export interface ClockOffset {
  readonly source: number;
  /** Nanoseconds to subtract from this recording's times to get recording 0's. */
  readonly offsetNs: bigint;
  /** The median round trip of the exchanges it rests on. */
  readonly uncertaintyNs: bigint;
  /** Exchanges (message and reply) it rests on. */
  readonly exchanges: number;
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

/** Offsets of every recording reachable from recording 0 through message exchanges. */
export function estimateOffsets(edges: readonly Edge[], sources: number): ClockOffset[] {
  const offsets = new Map<number, ClockOffset>([[0, { source: 0, offsetNs: 0n, uncertaintyNs: 0n, exchanges: 0, against: 0 }]]);
  const queue = [0];
  while (queue.length) {
    const a = queue.shift() as number;
    const base = (offsets.get(a) as ClockOffset).offsetNs;
    for (let b = 0; b < sources; b++) {
      if (offsets.has(b)) continue;
      const ex = exchanges(edges, a, b);
      if (!ex.length) continue;
      const rtt = median(ex.map((x) => x.rtt));
      offsets.set(b, { source: b, offsetNs: base + median(ex.map((x) => x.offset)), uncertaintyNs: rtt < 0n ? -rtt : rtt, exchanges: ex.length, against: a });
      queue.push(b);
    }
  }
  return [...offsets.values()].sort((x, y) => x.source - y.source);
}
