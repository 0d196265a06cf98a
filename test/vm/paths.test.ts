// The msg family against the real module (exact byte counts, TCP sequence
// numbers and unix peers of a three-tier test service), its visibility to
// another user, and `ktrace paths` over a recording and live.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { capture, cleanUp, launch, named, num, str, type Rec } from './lib/events';
import { REPO, prog } from './lib/readers';

const CLI = path.join(REPO, 'dist/frontend/src/cli.js');
const AF_UNIX = 1;
const AF_INET = 2;
const SOCK_STREAM = 1;
const IPPROTO_TCP = 6;
const SIZES = { req: 100, breq: 200, bresp: 3000, resp: 70000 };

function appArgs(n: number, clients: number): string[] {
  return [n, SIZES.req, SIZES.breq, SIZES.bresp, SIZES.resp, clients].map(String);
}

/**
 * paths_app with its output in a file: node's stdio pipes are socketpairs,
 * whose writes would be messages to an untraced peer.
 */
function appCommand(n: number, clients: number, out: string): string[] {
  return ['/bin/sh', '-c', `exec "$0" "$@" > ${out}`, prog('paths_app'), ...appArgs(n, clients)];
}

/** "front PID", "back PID", "client K PID" lines of paths_app. */
function appPids(out: string): { front: number; back: number; clients: number[] } {
  const front = Number(/^front (\d+)$/m.exec(out)?.[1]);
  const back = Number(/^back (\d+)$/m.exec(out)?.[1]);
  const clients = [...out.matchAll(/^client \d+ (\d+)$/gm)].map((m) => Number(m[1]));
  assert.ok(front && back && clients.length, out);
  return { front, back, clients };
}

const endpoint = (r: Rec, name: 'msg_local' | 'msg_remote') => {
  const b = str(r, name)?.bytes ?? assert.fail(`${r.name} without ${name}`);
  assert.equal(b.length, 6, `${name} of an IPv4 socket`);
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}:${b.readUInt16BE(4)}`;
};

/** The records' byte ranges in sequence space are contiguous: each starts where the last ended. */
function assertContiguous(recs: readonly Rec[], total: number, what: string): number {
  assert.ok(recs.length > 0, what);
  const first = num(recs[0], 'msg_seq');
  let at = first;
  for (const r of recs) {
    assert.equal(num(r, 'msg_seq'), at >>> 0, `${what}: sequence number`);
    at = (at + num(r, 'msg_bytes')) >>> 0;
  }
  assert.equal(recs.reduce((s, r) => s + num(r, 'msg_bytes'), 0), total, `${what}: bytes`);
  return first;
}

function ktrace(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonHop {
  hop: number;
  parent: number | null;
  role: string;
  pid: number;
  comm: string;
  start_ns: number;
  end_ns: number;
  bytes_in: number;
  bytes_out: number;
  first_bytes: string | null;
}
interface JsonEdge {
  from: number;
  to: number;
  direction: string;
  match: string;
  bytes: number;
}
interface JsonPaths {
  stats: { ambiguous: number; crossRequestEdges: number; unattributed: number; unmatchedSends: number; unmatchedRecvs: number; unpaired: number };
  requests: { label: string | null; shape: string; rooted: boolean; latency_ns: number; hops: JsonHop[]; edges: JsonEdge[] }[];
  summary: { shape: string; count: number }[];
}

/** Every request is client → front → back with exact bytes, each edge matched exactly. */
function assertPaths(p: JsonPaths, n: number, clients: number, pids: ReturnType<typeof appPids>): void {
  assert.equal(p.requests.length, n * clients, JSON.stringify(p.stats));
  assert.deepEqual(
    { ambiguous: p.stats.ambiguous, cross: p.stats.crossRequestEdges, unattributed: p.stats.unattributed, unmatchedSends: p.stats.unmatchedSends, unmatchedRecvs: p.stats.unmatchedRecvs, unpaired: p.stats.unpaired },
    // The one receive without a sender is the held shell's read of its start gate (a socketpair
    // from node): a conversation with nothing matched, left out of the paths.
    { ambiguous: 0, cross: 0, unattributed: 0, unmatchedSends: 0, unmatchedRecvs: 1, unpaired: 1 },
  );
  const expected = new Set<string>();
  for (let k = 0; k < clients; k++) for (let i = 0; i < n; i++) expected.add(`GET /c${k}/r${i} HTTP/1.0`);
  const seen = new Set<string>();
  for (const r of p.requests) {
    assert.ok(r.rooted);
    assert.equal(r.shape, 'pa-client → pa-front → pa-back');
    assert.ok(r.label && expected.has(r.label), `label ${r.label}`);
    seen.add(r.label);
    const [client, front, back] = r.hops;
    assert.deepEqual(
      r.hops.map((h) => [h.role, h.comm, h.parent]),
      [
        ['root', 'pa-client', null],
        ['server', 'pa-front', client.hop],
        ['server', 'pa-back', front.hop],
      ],
    );
    assert.ok(pids.clients.includes(client.pid));
    assert.equal(front.pid, pids.front);
    assert.equal(back.pid, pids.back);
    // Each hop received this request's bytes: the front end its line, the back end "BACK " and the line.
    assert.ok(front.first_bytes?.startsWith(`${r.label}\r\n`), `front got ${front.first_bytes} in ${r.label}`);
    assert.ok(back.first_bytes?.startsWith(`BACK ${r.label}\r\n`), `back got ${back.first_bytes} in ${r.label}`);
    assert.deepEqual([client.bytes_out, client.bytes_in], [SIZES.req, SIZES.resp]);
    assert.deepEqual([front.bytes_in, front.bytes_out], [SIZES.req, SIZES.resp]);
    assert.deepEqual([back.bytes_in, back.bytes_out], [SIZES.breq, SIZES.bresp]);
    // What time can promise: msg events are stamped at sys_exit, so a receive may return before the send
    // that fed it does (seen on 7.3, whose syscall tracepoints are preemptible): a caller's send is not
    // always before its callee's receive. The front end's own order is: it received the request, then sent
    // to the back end, which then received it; and the back end replied before the front end got the reply.
    assert.ok(front.start_ns <= back.start_ns, `front ${front.start_ns} back ${back.start_ns}`);
    assert.ok(client.start_ns < client.end_ns && front.start_ns < front.end_ns && back.start_ns < back.end_ns);
    assert.equal(r.latency_ns, client.end_ns - client.start_ns);
    const edges = r.edges.map((e) => [e.from, e.to, e.direction, e.match, e.bytes]).sort();
    assert.deepEqual(
      edges,
      [
        [client.hop, front.hop, 'request', 'tcp-seq', SIZES.req],
        [front.hop, back.hop, 'request', 'unix-peer', SIZES.breq],
        [back.hop, front.hop, 'response', 'unix-peer', SIZES.bresp],
        [front.hop, client.hop, 'response', 'tcp-seq', SIZES.resp],
      ].sort(),
    );
  }
  assert.equal(seen.size, n * clients, 'each request exactly once');
  assert.deepEqual(p.summary.map((s) => [s.shape, s.count]), [['pa-client → pa-front → pa-back', n * clients]]);
}

describe('msg events and ktrace paths (in VM)', function () {
  afterEach(cleanUp);

  it('msg: TCP sequence numbers, unix peers, endpoints and byte counts of a client, front end and back end', async function () {
    const n = 3;
    let out = '';
    const d = await capture({ events: ['msg'], vars: ['pid', 'comm', 'strings'] }, async () => {
      const h = launch(prog('paths_app'), appArgs(n, 1));
      assert.deepEqual(await h.exited, { code: 0, signal: null }, h.stderr());
      out = h.stdout();
    });
    const byComm = new Map<string, number>();
    for (const r of d.records) byComm.set(`${num(r, 'pid')}`, (byComm.get(`${num(r, 'pid')}`) ?? 0) + 1);
    assert.equal(d.lost, 0n, `${d.records.length} records: ${JSON.stringify([...byComm])} ${out}`);
    const pids = appPids(out);
    const client = pids.clients[0];
    const of = (pid: number, name: string, family: number) => named(d.records, name).filter((r) => num(r, 'pid') === pid && num(r, 'sock_family') === family);

    // connect/accept: both ends, as each side's socket has them.
    const [cConn] = of(client, 'msg_connect', AF_INET);
    const [fAcc] = of(pids.front, 'msg_accept', AF_INET);
    assert.deepEqual([num(cConn, 'sock_type'), num(cConn, 'sock_protocol'), num(cConn, 'net_rc')], [SOCK_STREAM, IPPROTO_TCP, 0]);
    assert.equal(endpoint(cConn, 'msg_remote'), endpoint(fAcc, 'msg_local'));
    assert.equal(endpoint(cConn, 'msg_local'), endpoint(fAcc, 'msg_remote'));
    assert.match(endpoint(cConn, 'msg_remote'), /^127\.0\.0\.1:\d+$/);
    const [fConn] = of(pids.front, 'msg_connect', AF_UNIX);
    const [bAcc] = of(pids.back, 'msg_accept', AF_UNIX);
    assert.ok(num(fConn, 'msg_ino') > 0 && num(bAcc, 'msg_ino') > 0);
    // The connecting side's peer has an inode only once the listener accepted it.
    assert.ok([0, num(bAcc, 'msg_ino')].includes(num(fConn, 'msg_peer_ino')));
    assert.equal(num(bAcc, 'msg_peer_ino'), num(fConn, 'msg_ino'));

    // TCP, client to front end: one sequence space, every byte once on each side.
    const cSend = of(client, 'msg_send', AF_INET);
    const fRecv = of(pids.front, 'msg_recv', AF_INET);
    assert.equal(assertContiguous(cSend, n * SIZES.req, 'client sends'), assertContiguous(fRecv, n * SIZES.req, 'front receives'));
    const fSend = of(pids.front, 'msg_send', AF_INET);
    const cRecv = of(client, 'msg_recv', AF_INET);
    assert.equal(assertContiguous(fSend, n * SIZES.resp, 'front sends'), assertContiguous(cRecv, n * SIZES.resp, 'client receives'));
    for (const r of [...cSend, ...fRecv]) assert.equal(endpoint(r, r.name === 'msg_send' ? 'msg_remote' : 'msg_local'), endpoint(fAcc, 'msg_local'));
    // The payload's first bytes, under the snap length.
    assert.equal(str(cSend[0], 'msg_data')?.bytes.toString('latin1'), 'GET /c0/r0 HTTP/1.0\r\nxxxxxxxxxxx');

    // unix, front end to back end: socket and peer inodes, bytes on both sides.
    const uSum = (pid: number, name: string) => of(pid, name, AF_UNIX).reduce((s, r) => s + num(r, 'msg_bytes'), 0);
    for (const r of of(pids.front, 'msg_send', AF_UNIX)) {
      assert.equal(num(r, 'msg_ino'), num(fConn, 'msg_ino'));
      assert.ok([0, num(bAcc, 'msg_ino')].includes(num(r, 'msg_peer_ino')));
    }
    for (const r of of(pids.back, 'msg_recv', AF_UNIX)) assert.deepEqual([num(r, 'msg_ino'), num(r, 'msg_peer_ino')], [num(bAcc, 'msg_ino'), num(fConn, 'msg_ino')]);
    assert.deepEqual(
      [uSum(pids.front, 'msg_send'), uSum(pids.back, 'msg_recv'), uSum(pids.back, 'msg_send'), uSum(pids.front, 'msg_recv')],
      [n * SIZES.breq, n * SIZES.breq, n * SIZES.bresp, n * SIZES.bresp],
    );
    assert.equal(str(of(pids.back, 'msg_recv', AF_UNIX)[0], 'msg_data')?.bytes.toString('latin1').slice(0, 26), 'BACK GET /c0/r0 HTTP/1.0\r\n');
  });

  it('gives a uid-1000 reader of the msg family none of root\'s messages, only its own', async function () {
    const SETPRIV = ['--reuid=1000', '--regid=1000', '--clear-groups', '--'];
    const reader = spawn('setpriv', [...SETPRIV, process.execPath, path.join(__dirname, 'helpers/uid-reader.js'), '1', 'msg'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    reader.stdout.on('data', (b: Buffer) => (out += b.toString()));
    reader.stderr.on('data', (b: Buffer) => (err += b.toString()));
    while (!out.includes('started')) {
      assert.equal(reader.exitCode, null, err);
      await new Promise((r) => setTimeout(r, 50));
    }
    const exited = (p: ReturnType<typeof spawn>) => new Promise<void>((r) => p.on('exit', () => r()));
    const rootApp = spawn(prog('paths_app'), appArgs(5, 2), { stdio: ['ignore', 'pipe', 'inherit'] });
    const userApp = spawn('setpriv', [...SETPRIV, prog('paths_app'), ...appArgs(2, 1)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let rootOut = '';
    let userOut = '';
    rootApp.stdout.on('data', (b: Buffer) => (rootOut += b.toString()));
    userApp.stdout.on('data', (b: Buffer) => (userOut += b.toString()));
    await Promise.all([exited(rootApp), exited(userApp)]);
    reader.stdin.end();
    await exited(reader);
    assert.equal(err, '');
    const summary = JSON.parse(out.split('\n')[1]) as { foreign: number; events: number; pids: number[] };
    const rootPids = appPids(rootOut);
    const userPids = appPids(userOut);
    assert.equal(summary.foreign, 0, 'records of another uid');
    for (const pid of [rootPids.front, rootPids.back, ...rootPids.clients]) assert.ok(!summary.pids.includes(pid), `saw root's ${pid}`);
    for (const pid of [userPids.front, userPids.back, ...userPids.clients]) assert.ok(summary.pids.includes(pid), `did not see its own ${pid}`);
    // Its own: 2 requests, each 4 connections' worth of traffic at least (send and receive on each of 4 legs).
    assert.ok(summary.events >= 2 * 8, `only ${summary.events} own msg events`);
  });

  it('ktrace paths over a recording: N sequential requests, hops in order, exact bytes, every edge matched exactly', async function () {
    const n = 6;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-paths-'));
    const file = path.join(dir, 'seq.ktr');
    const printed = path.join(dir, 'out');
    const rec = ktrace(['record', '-o', file, '--events', 'msg', '--vars', 'pid', 'comm', 'strings', '-f', '--', ...appCommand(n, 1, printed)]);
    assert.equal(rec.status, 0, rec.stderr);
    const pids = appPids(fs.readFileSync(printed, 'utf8'));
    // Kept for the host tests' fixtures (test/fixtures/README.md).
    const keep = path.join(REPO, 'build/test-results');
    fs.mkdirSync(keep, { recursive: true });
    fs.copyFileSync(file, path.join(keep, `paths-seq-${process.env.KTRACE_KERNEL ?? 'vm'}.ktr`));
    fs.copyFileSync(printed, path.join(keep, `paths-seq-${process.env.KTRACE_KERNEL ?? 'vm'}.txt`));
    const r = ktrace(['paths', '--json', file]);
    assert.equal(r.status, 0, r.stderr);
    assertPaths(JSON.parse(r.stdout) as JsonPaths, n, 1, pids);
    const text = ktrace(['paths', file]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^request 1 "GET \/c0\/r0 HTTP\/1\.0": pa-client → pa-front → pa-back, /m);
    assert.match(text.stdout, new RegExp(`^ {6}${n}  .* pa-client → pa-front → pa-back \\(`, 'm'));
  });

  it('ktrace paths -- CMD: 2 concurrent clients, every request whole, none misattributed', async function () {
    const n = 8;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-paths-'));
    const perfetto = path.join(dir, 'paths.json');
    const printed = path.join(dir, 'out');
    const r = ktrace(['paths', '--json', '--perfetto', perfetto, '--', ...appCommand(n, 2, printed)]);
    assert.equal(r.status, 0, r.stderr);
    assertPaths(JSON.parse(r.stdout) as JsonPaths, n, 2, appPids(fs.readFileSync(printed, 'utf8')));
    const trace = JSON.parse(fs.readFileSync(perfetto, 'utf8')) as { traceEvents: { ph: string }[] };
    const count = (ph: string) => trace.traceEvents.filter((e) => e.ph === ph).length;
    assert.deepEqual([count('X'), count('s'), count('f')], [3 * 2 * n, 4 * 2 * n, 4 * 2 * n]);
  });
});
