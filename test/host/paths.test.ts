// ktrace paths' pure parts: message matching (TCP sequence numbers with
// wrap-around, unix peers), clock offsets, hops and their text. The whole
// analysis of a recording of the real module: paths-fixture.test.ts.
import { strict as assert } from 'node:assert';
import { analyze } from '../../frontend/src/paths/analyze';
import { estimateOffsets } from '../../frontend/src/paths/clock';
import { pathShape, requestLabel } from '../../frontend/src/paths/label';
import { matchMessages } from '../../frontend/src/paths/match';
import type { MsgEvent } from '../../frontend/src/paths/msg';
import { formatRequest } from '../../frontend/src/paths/render';

let nextId = 0;
function msg(over: Partial<MsgEvent> & Pick<MsgEvent, 'kind' | 'ts' | 'tid'>): MsgEvent {
  return {
    id: nextId++,
    source: 0,
    pid: over.tid,
    comm: `t${over.tid}`,
    fd: 3,
    family: 2,
    type: 1,
    protocol: 6,
    ino: 0n,
    peerIno: 0n,
    bytes: 0,
    seq: 0,
    ...over,
  };
}

const A = '10.0.0.1:40000';
const B = '10.0.0.2:80';

describe('ktrace paths: matching', () => {
  it('pairs TCP bytes by sequence number across a 2^32 wrap, a send split over two receives', () => {
    const s1 = msg({ kind: 'send', ts: 10n, tid: 1, local: A, remote: B, bytes: 100, seq: 0xffffffc0, ino: 1n });
    const s2 = msg({ kind: 'send', ts: 20n, tid: 1, local: A, remote: B, bytes: 50, seq: 0x24, ino: 1n });
    const r1 = msg({ kind: 'recv', ts: 30n, tid: 2, local: B, remote: A, bytes: 70, seq: 0xffffffc0, ino: 2n });
    const r2 = msg({ kind: 'recv', ts: 31n, tid: 2, local: B, remote: A, bytes: 80, seq: 0x6, ino: 2n });
    // Same ports, other direction: not these bytes.
    const other = msg({ kind: 'recv', ts: 32n, tid: 1, local: A, remote: B, bytes: 10, seq: 0xffffffc0, ino: 1n });
    const m = matchMessages([s1, s2, r1, r2, other]);
    assert.deepEqual(
      m.edges.map((e) => [e.send.id, e.recv.id, e.bytes, e.kind]),
      [
        [s1.id, r1.id, 70, 'tcp-seq'],
        [s1.id, r2.id, 30, 'tcp-seq'],
        [s2.id, r2.id, 50, 'tcp-seq'],
      ],
    );
    assert.deepEqual([m.unmatchedSends, m.unmatchedRecvs], [0, 1]);
    assert.deepEqual(m.unmatched, [other]);
  });

  it('pairs unix stream bytes by socket and peer inode, in order', () => {
    const u = { family: 1, protocol: 0 };
    const s1 = msg({ ...u, kind: 'send', ts: 1n, tid: 1, ino: 7n, peerIno: 8n, bytes: 5 });
    const s2 = msg({ ...u, kind: 'send', ts: 2n, tid: 1, ino: 7n, peerIno: 8n, bytes: 5 });
    const r = msg({ ...u, kind: 'recv', ts: 3n, tid: 2, ino: 8n, peerIno: 7n, bytes: 8 });
    const r2 = msg({ ...u, kind: 'recv', ts: 4n, tid: 2, ino: 8n, peerIno: 7n, bytes: 2 });
    const stranger = msg({ ...u, kind: 'recv', ts: 3n, tid: 3, ino: 9n, peerIno: 6n, bytes: 5 });
    const m = matchMessages([s1, s2, r, r2, stranger]);
    assert.deepEqual(
      m.edges.map((e) => [e.send.id, e.recv.id, e.bytes, e.kind]),
      [
        [s1.id, r.id, 5, 'unix-peer'],
        [s2.id, r.id, 3, 'unix-peer'],
        [s2.id, r2.id, 2, 'unix-peer'],
      ],
    );
    assert.equal(m.unmatchedRecvs, 1);
  });
});

describe('ktrace paths: clock offsets', () => {
  it('places a recording 5 ms ahead from one exchange with one-way delays of 100 and 200 us, within its round trip', () => {
    const shift = 5_000_000n;
    // Machine 1's clock reads shift more than machine 0's for the same instant.
    const req = msg({ kind: 'send', ts: 1_000_000n, tid: 1, local: A, remote: B, bytes: 10, seq: 1 });
    const got = msg({ kind: 'recv', source: 1, ts: 1_000_000n + 100_000n + shift, tid: 2, local: B, remote: A, bytes: 10, seq: 1 });
    const rep = msg({ kind: 'send', source: 1, ts: 1_300_000n + shift, tid: 2, local: B, remote: A, bytes: 20, seq: 9 });
    const back = msg({ kind: 'recv', ts: 1_500_000n, tid: 1, local: A, remote: B, bytes: 20, seq: 9 });
    const offsets = estimateOffsets(matchMessages([req, got, rep, back]).edges, 2);
    assert.deepEqual(
      offsets.map((o) => [o.source, o.offsetNs, o.uncertaintyNs, o.exchanges]),
      [
        [0, 0n, 0n, 0],
        // t1 1.0 ms, t2 1.1 ms + shift, t3 1.3 ms + shift, t4 1.5 ms: ((t2-t1) + (t3-t4)) / 2, round trip 0.3 ms.
        [1, shift - 50_000n, 300_000n, 1],
      ],
    );
  });
});

describe('ktrace paths: clock offsets, moved clocks', () => {
  it('moves its estimate by exactly as much as a clock moves, odd sums and negative ones included', () => {
    // One exchange whose (t2 - t1) + (t3 - t4) is odd and negative on one clock: -21311 ns.
    const exchange = (shift: bigint) => {
      const req = msg({ kind: 'send', ts: 1_000_000n, tid: 1, local: A, remote: B, bytes: 10, seq: 1 });
      const got = msg({ kind: 'recv', source: 1, ts: 1_000_000n + 40_000n + shift, tid: 2, local: B, remote: A, bytes: 10, seq: 1 });
      const rep = msg({ kind: 'send', source: 1, ts: 1_050_000n + shift, tid: 2, local: B, remote: A, bytes: 20, seq: 9 });
      const back = msg({ kind: 'recv', ts: 1_111_311n, tid: 1, local: A, remote: B, bytes: 20, seq: 9 });
      return estimateOffsets(matchMessages([req, got, rep, back]).edges, 2)[1];
    };
    const still = exchange(0n);
    // (40000 + (1050000 - 1111311)) / 2 = -10655.5: rounded down.
    assert.deepEqual([still.offsetNs, still.uncertaintyNs], [-10656n, 101_311n]);
    for (const shift of [1n, 3_600_000_123_457n, 21_311n, -5n]) {
      const moved = exchange(shift);
      assert.deepEqual([moved.offsetNs - shift, moved.uncertaintyNs], [still.offsetNs, still.uncertaintyNs], `shift ${shift}`);
    }
  });
});

describe('ktrace paths: clock offsets from causally ordered receives', () => {
  it('bounds the offset by receives that must precede others, whatever a send exit lagged; the median would be 500 us off', () => {
    const shift = 7_000_000n;
    const at = (source: number, ts: bigint) => (source ? ts + shift : ts);
    const m = (kind: 'send' | 'recv', source: number, ts: bigint, seq: number, bytes: number) =>
      msg({ kind, source, ts: at(source, ts), tid: source + 1, local: source ? B : A, remote: source ? A : B, bytes, seq });
    // Two requests from machine 0's thread, each answered; the second reply's send exit lags 900 us, past its receive.
    const msgs = [
      m('send', 0, 1000n, 1, 10), m('recv', 1, 1100n, 1, 10), m('send', 1, 1200n, 9, 20), m('recv', 0, 1300n, 9, 20),
      m('send', 0, 1400n, 11, 10), m('recv', 1, 1500n, 11, 10), m('send', 1, 2500n, 29, 20), m('recv', 0, 1600n, 29, 20),
    ];
    const o = estimateOffsets(matchMessages(msgs).edges, 2)[1];
    // Machine 1's receive at 1500 precedes machine 0's at 1600: offset >= shift - 100. Machine 0's receive at 1300
    // precedes machine 1's at 1500: offset <= shift + 200. The middle, half the width: shift + 50 ± 150.
    assert.deepEqual([o.offsetNs, o.uncertaintyNs, o.exchanges, o.method], [shift + 50n, 150n, 3, 'causal']);
    const err = o.offsetNs - shift;
    assert.ok((err < 0n ? -err : err) <= o.uncertaintyNs);
  });
});

describe('ktrace paths: requests', () => {
  it('builds client → server → backend hops with causality inside the server thread', () => {
    const u = { family: 1, protocol: 0 };
    const C = 'c:1';
    const S = 's:2';
    const msgs = [
      msg({ kind: 'connect', ts: 0n, tid: 1, local: C, remote: S, ino: 1n }),
      msg({ kind: 'send', ts: 10n, tid: 1, local: C, remote: S, bytes: 30, seq: 100, ino: 1n, data: Buffer.from('GET /x HTTP/1.1\r\nHost: a\r\n') }),
      // The server's receive completes before the client's send returned: causality, not clocks, orders them.
      msg({ kind: 'recv', ts: 9n, tid: 2, local: S, remote: C, bytes: 30, seq: 100, ino: 2n }),
      msg({ ...u, kind: 'send', ts: 20n, tid: 2, ino: 5n, peerIno: 6n, bytes: 4 }),
      msg({ ...u, kind: 'recv', ts: 25n, tid: 3, ino: 6n, peerIno: 5n, bytes: 4 }),
      msg({ ...u, kind: 'send', ts: 40n, tid: 3, ino: 6n, peerIno: 5n, bytes: 9 }),
      msg({ ...u, kind: 'recv', ts: 45n, tid: 2, ino: 5n, peerIno: 6n, bytes: 9 }),
      msg({ kind: 'send', ts: 50n, tid: 2, local: S, remote: C, bytes: 70, seq: 500, ino: 2n }),
      msg({ kind: 'recv', ts: 60n, tid: 1, local: C, remote: S, bytes: 70, seq: 500, ino: 1n }),
    ];
    const paths = analyze(msgs, 1);
    assert.equal(paths.requests.length, 1);
    const [r] = paths.requests;
    assert.equal(requestLabel(paths, r), 'GET /x HTTP/1.1');
    assert.equal(requestLabel(paths, r, /Host: (\w+)/), 'a');
    assert.equal(pathShape(paths.hops, r.rootHop), 't1 → t2 → t3');
    assert.deepEqual(
      r.hops.map((id) => {
        const h = paths.hops[id];
        return [h.tid, h.role, h.parent ?? null, h.start, h.end, h.bytesIn, h.bytesOut];
      }),
      [
        [1, 'root', null, 10n, 60n, 70, 30],
        [2, 'server', 0, 9n, 50n, 30, 70],
        [3, 'server', 1, 25n, 40n, 4, 9],
      ],
    );
    assert.deepEqual(formatRequest(paths, r), [
      'request 1 "GET /x HTTP/1.1": t1 → t2 → t3, 0.000 ms',
      '  t1[1/1] +0.000 ms 0.000 ms (self 0.000 ms) sent 30 B, got 70 B; client',
      '    t2[2/2] -0.000 ms 0.000 ms (self 0.000 ms) got 30 B, replied 70 B; in 30 B tcp-seq, out 70 B tcp-seq',
      '      t3[3/3] +0.000 ms 0.000 ms (self 0.000 ms) got 4 B, replied 9 B; in 4 B unix-peer, out 9 B unix-peer',
    ]);
  });
});
