// Pairs each send with the receives of its bytes, exactly where the kernel
// gives a byte position: TCP by sequence number in the connection's
// direction, unix streams by the byte offset between a socket and its
// peer. UDP datagrams pair by direction, size and order (inferred).
import { isTcp, isUnixStream, AF_INET, AF_INET6, SOCK_DGRAM, type MsgEvent } from './msg';

export type MatchKind = 'tcp-seq' | 'unix-peer' | 'udp-order';

export interface Edge {
  readonly send: MsgEvent;
  readonly recv: MsgEvent;
  /** Bytes of the send that this receive took. */
  readonly bytes: number;
  readonly kind: MatchKind;
}

export interface Matching {
  readonly edges: readonly Edge[];
  readonly bySend: ReadonlyMap<number, readonly Edge[]>;
  readonly byRecv: ReadonlyMap<number, readonly Edge[]>;
  /** Sends none of whose bytes were seen received, and receives of bytes never seen sent. */
  readonly unmatchedSends: number;
  readonly unmatchedRecvs: number;
  /** Those messages, in input order. */
  readonly unmatched: readonly MsgEvent[];
}

interface Span {
  readonly msg: MsgEvent;
  readonly start: number;
  readonly end: number;
}

/** Byte intervals of one direction of one stream, sends and receives. */
class Direction {
  readonly sends: Span[] = [];
  readonly recvs: Span[] = [];
}

function directionOf(map: Map<string, Direction>, key: string): Direction {
  let d = map.get(key);
  if (!d) map.set(key, (d = new Direction()));
  return d;
}

const byTime = (a: MsgEvent, b: MsgEvent) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.id - b.id);

/** Overlaps of receive and send intervals, both sorted by start. */
function overlaps(d: Direction, kind: MatchKind, out: Edge[]): void {
  d.sends.sort((a, b) => a.start - b.start);
  for (const r of d.recvs) {
    let lo = 0;
    let hi = d.sends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d.sends[mid].end <= r.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < d.sends.length && d.sends[i].start < r.end; i++) {
      const s = d.sends[i];
      const bytes = Math.min(s.end, r.end) - Math.max(s.start, r.start);
      if (bytes > 0) out.push({ send: s.msg, recv: r.msg, bytes, kind });
    }
  }
}

/** TCP: positions relative to the direction's first seen sequence number, wrap-safe. */
function tcpDirections(msgs: readonly MsgEvent[]): Map<string, Direction> {
  const dirs = new Map<string, Direction>();
  const base = new Map<string, number>();
  for (const m of msgs) {
    if (!isTcp(m) || !m.local || !m.remote || (m.kind !== 'send' && m.kind !== 'recv')) continue;
    const key = m.kind === 'send' ? `${m.local}>${m.remote}` : `${m.remote}>${m.local}`;
    if (!base.has(key)) base.set(key, m.seq);
    const start = ((m.seq - (base.get(key) as number)) | 0) + 0; // signed 32-bit distance
    const d = directionOf(dirs, key);
    (m.kind === 'send' ? d.sends : d.recvs).push({ msg: m, start, end: start + m.bytes });
  }
  return dirs;
}

/**
 * Unix streams: byte offsets from the first message seen in each direction.
 * A direction is named by its sending socket's inode: every send on a
 * stream socket goes to its one peer, and a receive names its sender as its
 * peer. The sender's own record may lack the peer (0 before the listener
 * accepted), the receiver's when the sender has closed since: then the
 * receiving socket's last known peer stands in.
 */
function unixDirections(msgs: readonly MsgEvent[]): Map<string, Direction> {
  const dirs = new Map<string, Direction>();
  const at = new Map<string, { sent: number; received: number }>();
  const lastPeer = new Map<string, bigint>();
  for (const m of [...msgs].sort(byTime)) {
    if (!isUnixStream(m)) continue;
    const self = `${m.source}:${m.ino}`;
    if (m.peerIno) lastPeer.set(self, m.peerIno);
    if (m.kind !== 'send' && m.kind !== 'recv') continue;
    const sender = m.kind === 'send' ? m.ino : m.peerIno || lastPeer.get(self);
    if (!sender) continue;
    const key = `${m.source}:${sender}`;
    let pos = at.get(key);
    if (!pos) at.set(key, (pos = { sent: 0, received: 0 }));
    const d = directionOf(dirs, key);
    if (m.kind === 'send') {
      d.sends.push({ msg: m, start: pos.sent, end: pos.sent + m.bytes });
      pos.sent += m.bytes;
    } else {
      d.recvs.push({ msg: m, start: pos.received, end: pos.received + m.bytes });
      pos.received += m.bytes;
    }
  }
  return dirs;
}

/** UDP: each receive takes the oldest unmatched send of its size in its direction. */
function udpEdges(msgs: readonly MsgEvent[], out: Edge[]): void {
  const queues = new Map<string, MsgEvent[]>();
  const recvs: MsgEvent[] = [];
  for (const m of [...msgs].sort(byTime)) {
    if ((m.family !== AF_INET && m.family !== AF_INET6) || m.type !== SOCK_DGRAM || !m.local || !m.remote) continue;
    if (m.kind === 'send') {
      const key = `${m.local}>${m.remote}>${m.bytes}`;
      const q = queues.get(key);
      if (q) q.push(m);
      else queues.set(key, [m]);
    } else if (m.kind === 'recv') recvs.push(m);
  }
  for (const r of recvs) {
    const q = queues.get(`${r.remote}>${r.local}>${r.bytes}`);
    const i = q ? q.findIndex((s) => s.source !== r.source || s.ts <= r.ts) : -1;
    if (q && i >= 0) out.push({ send: q.splice(i, 1)[0], recv: r, bytes: r.bytes, kind: 'udp-order' });
  }
}

function index(edges: readonly Edge[], side: 'send' | 'recv'): Map<number, Edge[]> {
  const map = new Map<number, Edge[]>();
  for (const e of edges) {
    const id = e[side].id;
    const list = map.get(id);
    if (list) list.push(e);
    else map.set(id, [e]);
  }
  return map;
}

export function matchMessages(msgs: readonly MsgEvent[]): Matching {
  const edges: Edge[] = [];
  for (const d of tcpDirections(msgs).values()) overlaps(d, 'tcp-seq', edges);
  for (const d of unixDirections(msgs).values()) overlaps(d, 'unix-peer', edges);
  udpEdges(msgs, edges);
  const bySend = index(edges, 'send');
  const byRecv = index(edges, 'recv');
  const unmatched = msgs.filter((m) => (m.kind === 'send' && !bySend.has(m.id)) || (m.kind === 'recv' && !byRecv.has(m.id)));
  const unmatchedSends = unmatched.filter((m) => m.kind === 'send').length;
  return { edges, bySend, byRecv, unmatchedSends, unmatchedRecvs: unmatched.length - unmatchedSends, unmatched };
}
