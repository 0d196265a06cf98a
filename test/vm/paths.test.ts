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
import { shiftRecording } from '../support/shift-clock';

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
  source: number;
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
  first_send_ns: number;
  last_recv_ns: number;
}
interface JsonOffset {
  source: number;
  offset_ns: number;
  uncertainty_ns: number;
  against: number;
  exchanges: number;
  method: 'causal' | 'median';
}
interface JsonPaths {
  stats: { ambiguous: number; crossRequestEdges: number; unattributed: number; unmatchedSends: number; unmatchedRecvs: number; unpaired: number };
  unmatched: unknown[];
  requests: { label: string | null; shape: string; rooted: boolean; latency_ns: number; hops: JsonHop[]; edges: JsonEdge[] }[];
  summary: { shape: string; count: number }[];
  offsets: JsonOffset[];
}

interface PathsExpectation {
  /** How the front end's messages to the back end pair: one machine's unix socket, or TCP between two. */
  readonly backMatch: 'unix-peer' | 'tcp-seq';
  /** Recordings whose held shell read its start gate (one receive, never sent by anything traced). */
  readonly heldShells: number;
  /** Whether hop times are on one clock (else a recording's were placed by the estimated offset). */
  readonly oneClock: boolean;
}

/** Every request is client → front → back with exact bytes, each edge matched exactly. */
function assertPaths(p: JsonPaths, n: number, clients: number, pids: ReturnType<typeof appPids>, expect: PathsExpectation = { backMatch: 'unix-peer', heldShells: 1, oneClock: true }): void {
  assert.equal(p.requests.length, n * clients, JSON.stringify(p.stats));
  assert.deepEqual(
    { ambiguous: p.stats.ambiguous, cross: p.stats.crossRequestEdges, unattributed: p.stats.unattributed, unmatchedSends: p.stats.unmatchedSends, unmatchedRecvs: p.stats.unmatchedRecvs, unpaired: p.stats.unpaired },
    // The one receive without a sender is the held shell's read of its start gate (a socketpair
    // from node): a conversation with nothing matched, left out of the paths.
    { ambiguous: 0, cross: 0, unattributed: 0, unmatchedSends: 0, unmatchedRecvs: expect.heldShells, unpaired: expect.heldShells },
    `unmatched messages: ${JSON.stringify(p.unmatched)}`,
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
    if (expect.oneClock) assert.ok(front.start_ns <= back.start_ns, `front ${front.start_ns} back ${back.start_ns}`);
    assert.ok(client.start_ns < client.end_ns && front.start_ns < front.end_ns && back.start_ns < back.end_ns);
    assert.equal(r.latency_ns, client.end_ns - client.start_ns);
    const edges = r.edges.map((e) => [e.from, e.to, e.direction, e.match, e.bytes]).sort();
    assert.deepEqual(
      edges,
      [
        [client.hop, front.hop, 'request', 'tcp-seq', SIZES.req],
        [front.hop, back.hop, 'request', expect.backMatch, SIZES.breq],
        [back.hop, front.hop, 'response', expect.backMatch, SIZES.bresp],
        [front.hop, client.hop, 'response', 'tcp-seq', SIZES.resp],
      ].sort(),
    );
  }
  assert.equal(seen.size, n * clients, 'each request exactly once');
  assert.deepEqual(p.summary.map((s) => [s.shape, s.count]), [['pa-client → pa-front → pa-back', n * clients]]);
}

/** Runs a shell command line (root's setup and cleanup in the guest); fails with its stderr. */
function sh(line: string): void {
  const r = spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${line}: ${r.stderr}`);
}

/** Two "machines": network namespaces joined by a veth pair, each with its loopback up. */
const NETNS = [
  { name: 'kt-a', dev: 'kt-va', addr: '10.77.0.1' },
  { name: 'kt-b', dev: 'kt-vb', addr: '10.77.0.2' },
];

function netnsUp(): void {
  netnsDown();
  sh(NETNS.map((n) => `ip netns add ${n.name}`).join(' && '));
  sh(`ip link add ${NETNS[0].dev} type veth peer name ${NETNS[1].dev}`);
  for (const n of NETNS)
    sh(`ip link set ${n.dev} netns ${n.name} && ip -n ${n.name} addr add ${n.addr}/24 dev ${n.dev} && ip -n ${n.name} link set ${n.dev} up && ip -n ${n.name} link set lo up`);
}

function netnsDown(): void {
  for (const n of NETNS) spawnSync('ip', ['netns', 'del', n.name], { stdio: 'ignore' });
}

/** The requests of `ktrace paths --json` as what they are, not who: pids and times left out, hops by position. */
function requestShapes(p: JsonPaths): unknown[] {
  return p.requests
    .map((r) => {
      const at = new Map(r.hops.map((h, i) => [h.hop, i]));
      return {
        label: r.label,
        shape: r.shape,
        rooted: r.rooted,
        hops: r.hops.map((h) => ({ role: h.role, comm: h.comm, parent: h.parent === null ? null : at.get(h.parent), in: h.bytes_in, out: h.bytes_out, first: h.first_bytes })),
        edges: r.edges.map((e) => [at.get(e.from), at.get(e.to), e.direction, e.match, e.bytes]).sort(),
      };
    })
    .sort((a, b) => ((a.label ?? '') < (b.label ?? '') ? -1 : 1));
}

/** Waits (Node starts slowly under TCG) until @file says @what, while @child runs. */
async function waitForLine(file: string, what: RegExp, child: ReturnType<typeof spawn>, err: () => string): Promise<void> {
  for (;;) {
    if (fs.existsSync(file) && what.test(fs.readFileSync(file, 'utf8'))) return;
    assert.equal(child.exitCode, null, `exited before ${what}: ${err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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

  it('ktrace paths over two network namespaces (two machines), one recording each, one clock shifted: the paths of one recording, the offset within its causal bounds', async function () {
    const n = 5;
    const clients = 2;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-paths-'));
    const f = (name: string) => path.join(dir, name);
    const RECORD = ['record', '--events', 'msg', '--vars', 'pid', 'comm', 'strings', '-f'];
    // The front end (and its clients, over its loopback) in kt-a, the back end in kt-b: TCP over the veth pair.
    const inNs = (ns: string, out: string, args: string[]) => ['/bin/sh', '-c', `exec ip netns exec ${ns} "$0" "$@" > ${out}`, prog('paths_app'), ...args];
    const backArgs = (port: number) => ['-l', `${NETNS[1].addr}:${port}`, String(clients), String(SIZES.breq), String(SIZES.bresp)];
    const frontArgs = (port: number) => ['-t', `${NETNS[1].addr}:${port}`, ...appArgs(n, clients)];
    const shift = 3_600_000_123_457n; // an hour and a bit: the back end's machine is ahead
    netnsUp();
    try {
      // Two machines, one recording each: the back end's recorder holds it until it records, then it listens.
      const recB = spawn(process.execPath, [CLI, ...RECORD, '-o', f('b.ktr'), '--', ...inNs('kt-b', f('out-b'), backArgs(7000))], { stdio: ['ignore', 'ignore', 'pipe'] });
      let errB = '';
      recB.stderr?.on('data', (b: Buffer) => (errB += b.toString()));
      const recBExit = new Promise<number | null>((r) => recB.on('exit', (code) => r(code)));
      await waitForLine(f('out-b'), /^listening$/m, recB, () => errB);
      const recA = ktrace([...RECORD, '-o', f('a.ktr'), '--', ...inNs('kt-a', f('out-a'), frontArgs(7000))]);
      assert.equal(recA.status, 0, recA.stderr);
      assert.equal(await recBExit, 0, errB);
      const printedA = fs.readFileSync(f('out-a'), 'utf8');
      const printedB = fs.readFileSync(f('out-b'), 'utf8');
      assert.match(printedA, /^ok$/m);
      assert.match(printedB, /^ok$/m);
      const pids = appPids(printedA + printedB);
      shiftRecording(f('b.ktr'), f('b-ahead.ktr'), shift);

      // The same system on one machine's recording: both sides under one recorder.
      // -s: until the background shell has opened its output, grep would say so on stderr, a pipe the recorder sees.
      const script = [
        `ip netns exec kt-b "$0" ${backArgs(7001).join(' ')} > ${f('one-b')} & b=$!`,
        `until grep -qs '^listening$' ${f('one-b')}; do sleep 0.1; done`,
        `ip netns exec kt-a "$0" ${frontArgs(7001).join(' ')} > ${f('one-a')}; a=$?`,
        'wait $b && exit $a',
      ].join('\n');
      const one = ktrace([...RECORD, '-o', f('one.ktr'), '--', '/bin/sh', '-c', script, prog('paths_app')]);
      assert.equal(one.status, 0, one.stderr);
      const onePids = appPids(fs.readFileSync(f('one-a'), 'utf8') + fs.readFileSync(f('one-b'), 'utf8'));

      const paths = (...files: string[]) => {
        const r = ktrace(['paths', '--json', ...files.map(f)]);
        assert.equal(r.status, 0, r.stderr);
        return JSON.parse(r.stdout) as JsonPaths;
      };
      const single = paths('one.ktr');
      const merged = paths('a.ktr', 'b-ahead.ktr');
      const unshifted = paths('a.ktr', 'b.ktr');
      assertPaths(single, n, clients, onePids, { backMatch: 'tcp-seq', heldShells: 1, oneClock: true });
      assertPaths(merged, n, clients, pids, { backMatch: 'tcp-seq', heldShells: 2, oneClock: false });
      assertPaths(unshifted, n, clients, pids, { backMatch: 'tcp-seq', heldShells: 2, oneClock: false });
      // The merged paths are the single recording's: labels, hops, bytes, how each edge was matched.
      assert.deepEqual(requestShapes(merged), requestShapes(single));
      assert.deepEqual(merged.summary.map((s) => [s.shape, s.count]), single.summary.map((s) => [s.shape, s.count]));
      for (const r of merged.requests) assert.deepEqual(r.hops.map((h) => h.source), [0, 0, 1], 'client and front end in a.ktr, back end in b.ktr');
      assert.deepEqual(single.offsets.map((o) => [o.source, o.offset_ns]), [[0, 0]]);

      // The clock offset: measured from the front end's exchanges with the back end. Shifting b.ktr's
      // clock moves the estimate by exactly the shift; unshifted (one real clock) it is 0 within the
      // uncertainty it reports, however the guest scheduled the threads (the bounds are causal).
      const [a0, b1] = merged.offsets;
      const [u0, u1] = unshifted.offsets;
      assert.deepEqual([a0, u0].map((o) => [o.source, o.offset_ns]), [[0, 0], [0, 0]]);
      assert.deepEqual([b1.source, b1.against, u1.source, u1.against], [1, 0, 1, 0]);
      assert.equal(BigInt(b1.offset_ns), BigInt(u1.offset_ns) + shift, `offset ${b1.offset_ns} ± ${b1.uncertainty_ns}, shift ${shift}`);
      assert.deepEqual([b1.uncertainty_ns, b1.exchanges], [u1.uncertainty_ns, u1.exchanges]);
      assert.ok(b1.exchanges >= 2 * n * clients, `${b1.exchanges} ordered receives`);
      assert.ok(Math.abs(u1.offset_ns) <= u1.uncertainty_ns, `offset ${u1.offset_ns} ± ${u1.uncertainty_ns} on one clock`);
      // Both clocks are bounded by receives causality orders, so the uncertainty is half the interval left; that
      // interval is no wider than the front end's handling of a request, from the client's request received to
      // the back end's reply received, timed on its own clock.
      assert.deepEqual([b1.method, u1.method], ['causal', 'causal']);
      const handling = merged.requests.map((r) => {
        const front = r.hops[1].hop;
        const got = r.edges.find((e) => e.to === front && e.direction === 'request');
        const back = r.edges.find((e) => e.to === front && e.direction === 'response');
        assert.ok(got && back);
        return back.last_recv_ns - got.last_recv_ns;
      });
      assert.ok(u1.uncertainty_ns > 0 && u1.uncertainty_ns <= Math.max(...handling), `± ${u1.uncertainty_ns}, handling ${handling.join(' ')}`);
      // The offset is applied, not only reported: each back-end hop, placed on a.ktr's clock, received its
      // request after the front end received the client's (which then sent it on) and before the client got
      // the reply (which needed the back end's), give or take the estimate's error, at most its round trip.
      for (const r of merged.requests) {
        const [client, front, back] = r.hops;
        const u = b1.uncertainty_ns;
        assert.ok(front.start_ns - u <= back.start_ns && back.start_ns <= client.end_ns + u, `${r.label}: front ${front.start_ns}, back ${back.start_ns}, client's end ${client.end_ns}, ± ${u}`);
      }
      const ktraceText = ktrace(['paths', '--summary', f('a.ktr'), f('b-ahead.ktr')]);
      assert.equal(ktraceText.status, 0, ktraceText.stderr);
      const ms = (ns: number) => `${(ns / 1e6).toFixed(3)} ms`;
      assert.ok(
        ktraceText.stdout.split('\n').includes(`clock of recording 2: +${ms(b1.offset_ns)} ± ${ms(b1.uncertainty_ns)} against recording 1 (bounded by ${b1.exchanges} ordered receives)`),
        ktraceText.stdout,
      );
    } finally {
      netnsDown();
    }
  });
});
