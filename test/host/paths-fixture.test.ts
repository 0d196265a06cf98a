// ktrace paths over a recording of the real module (test/fixtures/paths-seq.ktr,
// see test/fixtures/README.md): alone, and split into two "machines" with one
// clock shifted by a second.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../frontend/src/paths/analyze';
import { requestLabel } from '../../frontend/src/paths/label';
import { loadRecording } from '../../frontend/src/paths/load';
import type { MsgEvent } from '../../frontend/src/paths/msg';
import { pathsPerfetto } from '../../frontend/src/paths/perfetto';
import { pathsJson, summarize } from '../../frontend/src/paths/render';
import { fixture, ktrace, tmpDir } from '../support/cli-run';
import { fixturesDir } from '../support/fixtures';

describe('ktrace paths over a recording of the real module (test/fixtures/paths-seq.ktr)', () => {
  const file = path.join(fixturesDir(), 'paths-seq.ktr');
  // What paths_app printed when it was recorded (test/fixtures/README.md).
  let front = 0;
  let back = 0;
  let client = 0;
  const N = 6;
  before(() => {
    const printed = fs.readFileSync(path.join(fixturesDir(), 'paths-seq.txt'), 'utf8');
    const pidOf = (re: RegExp) => Number(re.exec(printed)?.[1]);
    front = pidOf(/^front (\d+)$/m);
    back = pidOf(/^back (\d+)$/m);
    client = pidOf(/^client 0 (\d+)$/m);
  });

  async function load(): Promise<MsgEvent[]> {
    const msgs: MsgEvent[] = [];
    await loadRecording(file, 0, msgs);
    return msgs;
  }

  it('finds its 6 requests, client → front → back, every edge matched exactly', async () => {
    const paths = analyze(await load(), 1);
    assert.deepEqual(
      paths.requests.map((r) => [requestLabel(paths, r), ...r.hops.map((h) => paths.hops[h].pid)]),
      Array.from({ length: N }, (_, i) => [`GET /c0/r${i} HTTP/1.0`, client, front, back]),
    );
    assert.deepEqual(
      { ...paths.stats, edgesByKind: undefined, messages: undefined, edges: undefined },
      { edgesByKind: undefined, messages: undefined, edges: undefined, unmatchedSends: 0, unmatchedRecvs: 1, ambiguous: 0, crossRequestEdges: 0, unattributed: 0, unpaired: 1 },
    );
    // The one unmatched receive: the held shell reading its start gate from ktrace.
    assert.deepEqual(paths.unmatched.map((m) => [m.kind, m.pid === client || m.pid === front || m.pid === back]), [['recv', false]]);
    for (const r of paths.requests)
      assert.deepEqual(
        r.edges.map((e) => [e.direction, e.kind, e.bytes]).sort(),
        [
          ['request', 'tcp-seq', 100],
          ['request', 'unix-peer', 200],
          ['response', 'tcp-seq', 70000],
          ['response', 'unix-peer', 3000],
        ],
      );
    const [row] = summarize(paths);
    assert.deepEqual([row.shape, row.count], ['pa-client → pa-front → pa-back', N]);
    const trace = pathsPerfetto(paths);
    assert.equal(trace.traceEvents.filter((e) => e.ph === 'f').length, 4 * N);
  });

  it('merges it split into two machines, the client\'s clock 1 s ahead: the same paths, the offset found within its bound', async () => {
    const shift = 1_000_000_000n;
    const single = analyze(await load(), 1);
    const split = (await load()).map((m) => (m.pid === client ? { ...m, source: 1, ts: m.ts + shift } : m));
    const merged = analyze(split, 2);
    const o = merged.offsets[1];
    const err = o.offsetNs - shift;
    // Within the requests' round trip (their median end-to-end time), and within the uncertainty reported.
    const rtt = summarize(single)[0].p50;
    assert.ok((err < 0n ? -err : err) <= rtt, `offset ${o.offsetNs} against ${shift}, median round trip ${rtt}`);
    assert.ok((err < 0n ? -err : err) <= o.uncertaintyNs, `offset ${o.offsetNs} ± ${o.uncertaintyNs}`);
    assert.ok(o.exchanges >= N, `measured on ${o.exchanges} exchanges`);
    const shape = (p: typeof single) => (pathsJson(p) as { requests: { label: string; shape: string; hops: { pid: number; bytes_in: number; bytes_out: number }[] }[] }).requests.map((r) => [r.label, r.shape, r.hops.map((h) => [h.pid, h.bytes_in, h.bytes_out])]);
    assert.deepEqual(shape(merged), shape(single));
  });
});

describe('ktrace paths command line', function () {
  this.timeout(120000);

  it('prints each request, the summary and the match counts of a recording; --json and --perfetto agree', () => {
    const text = ktrace({ args: ['paths', fixture('paths-seq.ktr')] });
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.split('\n');
    assert.equal(lines.filter((l) => /^request \d+ "GET \/c0\/r\d HTTP\/1\.0": pa-client → pa-front → pa-back, \d+\.\d{3} ms$/.test(l)).length, 6);
    assert.match(text.stdout, /^ {4}pa-front\[\d+\/\d+\] \+\d+\.\d{3} ms \d+\.\d{3} ms \(self \d+\.\d{3} ms\) got 100 B, replied 70000 B; in 100 B tcp-seq, out 70000 B tcp-seq$/m);
    assert.match(text.stdout, /^ {6}pa-back\[\d+\/\d+\] .* got 200 B, replied 3000 B; in 200 B unix-peer, out 3000 B unix-peer$/m);
    assert.match(text.stdout, /^ {6}6 +\d+\.\d{3} ms +\d+\.\d{3} ms {2}pa-client → pa-front → pa-back \(pa-client /m);
    assert.match(text.stdout, /^6 requests, 57 messages, 32 matched \(20 tcp-seq, 12 unix-peer, 0 udp-order\); unmatched: 0 sends, 1 receives; ambiguous 0; across requests 0; unattributed 0; unpaired conversations 1$/m);
    const dir = tmpDir();
    const json = ktrace({ args: ['paths', '--json', '--perfetto', path.join(dir, 'p.json'), fixture('paths-seq.ktr')] });
    assert.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout) as { requests: { label: string }[] };
    assert.deepEqual(doc.requests.map((r) => r.label), [0, 1, 2, 3, 4, 5].map((i) => `GET /c0/r${i} HTTP/1.0`));
    const trace = JSON.parse(fs.readFileSync(path.join(dir, 'p.json'), 'utf8')) as { traceEvents: { ph: string }[] };
    assert.equal(trace.traceEvents.filter((e) => e.ph === 's').length, 24);
    const rule = ktrace({ args: ['paths', '--json', '--label', 'GET /c0/(r\\d)', fixture('paths-seq.ktr')] });
    assert.deepEqual((JSON.parse(rule.stdout) as { requests: { label: string }[] }).requests.map((r) => r.label), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('ktrace report shows msg events with their endpoints as address:port', () => {
    const r = ktrace({ args: ['report', '--events', 'msg', fixture('paths-seq.ktr')] });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n').slice(1, 3), [
      '[pid   256] msg_connect sock_fd=3 sock_family=2 sock_type=1 sock_protocol=6 msg_ino=1520 msg_peer_ino=0 msg_local="127.0.0.1:40548" msg_remote="127.0.0.1:60637" net_rc=0',
      '[pid   256] msg_send sock_fd=3 sock_family=2 sock_type=1 sock_protocol=6 msg_ino=1520 msg_peer_ino=0 msg_local="127.0.0.1:40548" msg_remote="127.0.0.1:60637" msg_bytes=100 msg_seq=4226770049 msg_data="GET /c0/r0 HTTP/1.0\\r\\nxxxxxxxxxxx"...',
    ]);
  });

  it('fails in one line on a recording without the msg events or pids, and on bad usage', () => {
    const known = ktrace({ args: ['paths', fixture('known.ktr')] });
    assert.deepEqual([known.code, known.stderr], [1, `ktrace: ${fixture('known.ktr')}: recorded without --vars comm\n`]);
    const none = ktrace({ args: ['paths'] });
    assert.deepEqual([none.code, none.stderr.split('\n')[0]], [2, 'ktrace: paths: give recordings or -- COMMAND']);
    const badRule = ktrace({ args: ['paths', '--label', '(', fixture('paths-seq.ktr')] });
    assert.equal(badRule.code, 2);
    assert.match(badRule.stderr, /^ktrace: bad --label: .*\n$/);
  });
});
