// Clock offsets between recordings of different machines, from matched
// messages alone: a message arrives after it was sent, in both directions,
// so the one-way delays bound the offset from both sides (as NTP does with
// the fastest exchange).
import type { Edge } from './match';

export interface ClockOffset {
  readonly source: number;
  /** Nanoseconds to subtract from this recording's times to get recording 0's. */
  readonly offsetNs: bigint;
  /** The true offset lies within offsetNs ± this (half the fastest round trip). */
  readonly uncertaintyNs: bigint;
  /** Edges it rests on in each direction, to and from the recording it was measured against. */
  readonly forward: number;
  readonly backward: number;
  /** The recording it was measured against (0, or one already placed). */
  readonly against: number;
}

/** Offsets of every recording reachable from recording 0 through matched messages. */
export function estimateOffsets(edges: readonly Edge[], sources: number): ClockOffset[] {
  // min(recv - send) per ordered pair of recordings.
  const minDelay = new Map<string, { ns: bigint; n: number }>();
  for (const e of edges) {
    if (e.send.source === e.recv.source) continue;
    const key = `${e.send.source}>${e.recv.source}`;
    const d = e.recv.ts - e.send.ts;
    const cur = minDelay.get(key);
    if (!cur) minDelay.set(key, { ns: d, n: 1 });
    else minDelay.set(key, { ns: d < cur.ns ? d : cur.ns, n: cur.n + 1 });
  }
  const offsets = new Map<number, ClockOffset>([[0, { source: 0, offsetNs: 0n, uncertaintyNs: 0n, forward: 0, backward: 0, against: 0 }]]);
  const queue = [0];
  while (queue.length) {
    const a = queue.shift() as number;
    const base = (offsets.get(a) as ClockOffset).offsetNs;
    for (let b = 0; b < sources; b++) {
      if (offsets.has(b)) continue;
      const fwd = minDelay.get(`${a}>${b}`); // = off(b) - off(a) + latency
      const back = minDelay.get(`${b}>${a}`); // = off(a) - off(b) + latency
      if (!fwd && !back) continue;
      let offsetNs: bigint;
      let uncertaintyNs: bigint;
      if (fwd && back) {
        offsetNs = (fwd.ns - back.ns) / 2n;
        uncertaintyNs = (fwd.ns + back.ns) / 2n;
      } else if (fwd) {
        offsetNs = fwd.ns; // at most this: the latency is not known
        uncertaintyNs = fwd.ns < 0n ? -fwd.ns : fwd.ns;
      } else {
        offsetNs = -(back as { ns: bigint }).ns;
        uncertaintyNs = offsetNs < 0n ? -offsetNs : offsetNs;
      }
      offsets.set(b, { source: b, offsetNs: base + offsetNs, uncertaintyNs, forward: fwd?.n ?? 0, backward: back?.n ?? 0, against: a });
      queue.push(b);
    }
  }
  return [...offsets.values()].sort((x, y) => x.source - y.source);
}
