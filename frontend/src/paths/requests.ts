// Requests and their hops, from matched messages and causality inside a
// thread. A socket is the client side of its connection if its thread
// connected it (or first sent on it), the server side if accepted (or first
// received on). A thread that receives a request on a server socket works on
// that request until it receives the next one there; what it sends on client
// sockets meanwhile are that request's downstream calls. A thread that sends
// on a client socket while working on no request starts a new one: it is
// the request's root (a client).
import type { ClockOffset } from './clock';
import type { Edge, MatchKind, Matching } from './match';
import { socketKey, type MsgEvent } from './msg';

export type HopRole = 'root' | 'server';

export interface Hop {
  readonly id: number;
  request: number;
  readonly role: HopRole;
  /** The hop that called this one (its parent in the request's tree). */
  readonly parent?: number;
  readonly source: number;
  readonly pid: number;
  readonly tid: number;
  readonly comm: string;
  /** Reference-clock ns: root: first send; server: first receive of the request. */
  start: bigint;
  /** Root: last receive of the reply; server: last send of the reply (start until then). */
  end: bigint;
  /** Root: reply bytes; server: request bytes. */
  bytesIn: number;
  /** Root: request bytes; server: reply bytes. */
  bytesOut: number;
  readonly children: number[];
  /** First payload bytes seen: root: its request; server: the request received. */
  data?: Buffer;
}

export type EdgeDirection = 'request' | 'response';

/** All the bytes one hop sent to another in one direction, by one kind of match. */
export interface HopEdge {
  readonly from: number;
  readonly to: number;
  readonly direction: EdgeDirection;
  readonly kind: MatchKind;
  bytes: number;
  firstSend: bigint;
  lastRecv: bigint;
}

export interface Request {
  readonly id: number;
  readonly rootHop: number;
  readonly hops: number[];
  readonly edges: HopEdge[];
  /** Whether the request was seen from its client (else its first hop received bytes never seen sent). */
  readonly rooted: boolean;
}

export interface PathStats {
  readonly messages: number;
  readonly edges: number;
  readonly edgesByKind: Readonly<Record<MatchKind, number>>;
  readonly unmatchedSends: number;
  readonly unmatchedRecvs: number;
  /** Receives whose bytes came from sends of different requests. */
  readonly ambiguous: number;
  /** Matched bytes whose send and receive ended up in different requests (0 when causality held). */
  readonly crossRequestEdges: number;
  /** Messages on sockets with no request in progress (a reply with no request seen). */
  readonly unattributed: number;
  /**
   * Conversations left out: a client's sends none of whose bytes any traced
   * process received (output to a terminal or pipe socket, an untraced server).
   */
  readonly unpaired: number;
}

export interface Paths {
  readonly requests: readonly Request[];
  readonly hops: readonly Hop[];
  readonly stats: PathStats;
  readonly offsets: readonly ClockOffset[];
  /** The messages counted in stats.unmatchedSends and unmatchedRecvs. */
  readonly unmatched: readonly MsgEvent[];
}

interface ServerSide {
  hop: number;
  lastDir: 'send' | 'recv';
}

interface ClientSide {
  hop: number;
  lastDir: 'send' | 'recv';
}

/**
 * The order messages are taken in: each thread's own in time order, and a
 * receive only after every send whose bytes it took (clocks of different
 * threads are never trusted to order a send before its receive).
 */
function causalOrder(msgs: readonly MsgEvent[], byRecv: ReadonlyMap<number, readonly Edge[]>, ts: (m: MsgEvent) => bigint): MsgEvent[] {
  const threads = new Map<string, MsgEvent[]>();
  for (const m of msgs) {
    const key = `${m.source}:${m.tid}`;
    const list = threads.get(key);
    if (list) list.push(m);
    else threads.set(key, [m]);
  }
  const queues = [...threads.values()].map((list) => list.sort((a, b) => (ts(a) < ts(b) ? -1 : ts(a) > ts(b) ? 1 : a.id - b.id)));
  const heads = queues.map(() => 0);
  const done = new Set<number>();
  const out: MsgEvent[] = [];
  const ready = (m: MsgEvent) => m.kind !== 'recv' || (byRecv.get(m.id) ?? []).every((e) => done.has(e.send.id) || e.send.id === m.id);
  while (out.length < msgs.length) {
    let best = -1;
    let fallback = -1;
    for (let q = 0; q < queues.length; q++) {
      if (heads[q] >= queues[q].length) continue;
      const m = queues[q][heads[q]];
      if (fallback < 0 || ts(m) < ts(queues[fallback][heads[fallback]])) fallback = q;
      if (ready(m) && (best < 0 || ts(m) < ts(queues[best][heads[best]]))) best = q;
    }
    const q = best >= 0 ? best : fallback; // a cycle only with bad data: take the oldest
    const m = queues[q][heads[q]++];
    done.add(m.id);
    out.push(m);
  }
  return out;
}

export function buildPaths(msgs: readonly MsgEvent[], matching: Matching, offsets: readonly ClockOffset[]): Paths {
  const shift = new Map(offsets.map((o) => [o.source, o.offsetNs]));
  const ts = (m: MsgEvent) => m.ts - (shift.get(m.source) ?? 0n);
  const hops: Hop[] = [];
  const requests: Request[] = [];
  const hopOf = new Map<number, number>();
  const role = new Map<string, 'client' | 'server'>();
  const servers = new Map<string, ServerSide>();
  const clients = new Map<string, ClientSide>();
  const context = new Map<string, number>(); // thread -> hop it works for
  let ambiguous = 0;
  let unattributed = 0;

  const newHop = (m: MsgEvent, request: number, hopRole: HopRole, parent?: number): Hop => {
    const hop: Hop = {
      id: hops.length,
      request,
      role: hopRole,
      parent,
      source: m.source,
      pid: m.pid,
      tid: m.tid,
      comm: m.comm,
      start: ts(m),
      end: ts(m),
      bytesIn: 0,
      bytesOut: 0,
      children: [],
      data: m.data,
    };
    hops.push(hop);
    requests[request].hops.push(hop.id);
    if (parent !== undefined) hops[parent].children.push(hop.id);
    return hop;
  };
  const newRequest = (rooted: boolean): number => {
    requests.push({ id: requests.length, rootHop: hops.length, hops: [], edges: [], rooted });
    return requests.length - 1;
  };

  for (const m of causalOrder(msgs, matching.byRecv, ts)) {
    const sock = socketKey(m);
    const thread = `${m.source}:${m.tid}`;
    if (m.kind === 'connect' || m.kind === 'accept') {
      role.set(sock, m.kind === 'connect' ? 'client' : 'server');
      continue;
    }
    let side = role.get(sock);
    if (side === undefined) role.set(sock, (side = m.kind === 'send' ? 'client' : 'server'));
    if (side === 'server') {
      const s = servers.get(sock);
      if (m.kind === 'recv') {
        if (s && s.lastDir === 'recv') {
          hops[s.hop].bytesIn += m.bytes;
          hopOf.set(m.id, s.hop);
          context.set(thread, s.hop);
          continue;
        }
        // A new request arrives: it is the one whose bytes these are.
        const senders = [...new Set((matching.byRecv.get(m.id) ?? []).map((e) => hopOf.get(e.send.id)).filter((h): h is number => h !== undefined))];
        const reqs = [...new Set(senders.map((h) => hops[h].request))];
        if (reqs.length > 1) ambiguous++;
        const request = reqs.length ? reqs[0] : newRequest(false);
        const hop = newHop(m, request, 'server', senders.find((h) => hops[h].request === request));
        hop.bytesIn += m.bytes;
        servers.set(sock, { hop: hop.id, lastDir: 'recv' });
        hopOf.set(m.id, hop.id);
        context.set(thread, hop.id);
      } else {
        if (!s) {
          unattributed++;
          continue;
        }
        const hop = hops[s.hop];
        hop.bytesOut += m.bytes;
        hop.end = ts(m);
        s.lastDir = 'send';
        hopOf.set(m.id, s.hop);
      }
      continue;
    }
    const c = clients.get(sock);
    if (m.kind === 'send') {
      if (c && c.lastDir === 'send') {
        // More of the same request.
        if (hops[c.hop].role === 'root') hops[c.hop].bytesOut += m.bytes;
        hopOf.set(m.id, c.hop);
        continue;
      }
      const cur = context.get(thread);
      let hop: number;
      if (cur !== undefined && hops[cur].role === 'server') {
        hop = cur; // a downstream call of the request this thread serves
      } else {
        const root = newHop(m, newRequest(true), 'root');
        context.set(thread, root.id);
        hop = root.id;
      }
      if (hops[hop].role === 'root') hops[hop].bytesOut += m.bytes;
      clients.set(sock, { hop, lastDir: 'send' });
      hopOf.set(m.id, hop);
    } else {
      if (!c) {
        unattributed++;
        continue;
      }
      c.lastDir = 'recv';
      const hop = hops[c.hop];
      if (hop.role === 'root') {
        hop.bytesIn += m.bytes;
        hop.end = ts(m);
      }
      hopOf.set(m.id, c.hop);
    }
  }

  // Edges between hops, summed per direction and kind.
  let crossRequestEdges = 0;
  const edgeKey = new Map<string, HopEdge>();
  for (const e of matching.edges) {
    const from = hopOf.get(e.send.id);
    const to = hopOf.get(e.recv.id);
    if (from === undefined || to === undefined) continue;
    if (hops[from].request !== hops[to].request) {
      crossRequestEdges++;
      continue;
    }
    const direction: EdgeDirection = role.get(socketKey(e.recv)) === 'server' ? 'request' : 'response';
    const key = `${from}>${to}>${direction}>${e.kind}`;
    const sendTs = ts(e.send);
    const recvTs = ts(e.recv);
    const cur = edgeKey.get(key);
    if (cur) {
      cur.bytes += e.bytes;
      if (sendTs < cur.firstSend) cur.firstSend = sendTs;
      if (recvTs > cur.lastRecv) cur.lastRecv = recvTs;
    } else {
      const edge: HopEdge = { from, to, direction, kind: e.kind, bytes: e.bytes, firstSend: sendTs, lastRecv: recvTs };
      edgeKey.set(key, edge);
      requests[hops[from].request].edges.push(edge);
    }
  }
  // A request is a path only if some message of it was seen arriving.
  const kept = requests.filter((r) => r.edges.length > 0);
  const paths = kept.map((r, id) => ({ ...r, id }));
  for (const r of paths) for (const h of r.hops) hops[h].request = r.id;
  const edgesByKind: Record<MatchKind, number> = { 'tcp-seq': 0, 'unix-peer': 0, 'udp-order': 0 };
  for (const e of matching.edges) edgesByKind[e.kind]++;
  return {
    requests: paths,
    hops,
    offsets,
    unmatched: matching.unmatched,
    stats: {
      messages: msgs.filter((m) => m.kind === 'send' || m.kind === 'recv').length,
      edges: matching.edges.length,
      edgesByKind,
      unmatchedSends: matching.unmatchedSends,
      unmatchedRecvs: matching.unmatchedRecvs,
      ambiguous,
      crossRequestEdges,
      unattributed,
      unpaired: requests.length - kept.length,
    },
  };
}
