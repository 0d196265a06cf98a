// `ktrace spans` over test/fixtures/spans.ktr (recorded in the VM by
// test/vm/spans.test.ts: blkin_demo 200, a parent and its forked peer):
// the text and JSON views (reviewed), the kernel view checked against the
// strace view of the same recording, Perfetto, --alert, and --export to
// in-repo OTLP and Zipkin receivers, including one that keeps failing.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const CLI = path.join(repoRoot(), 'dist/frontend/src/cli.js');
const FIXTURES = path.join(repoRoot(), 'test/fixtures');
const FIXTURE = path.join(FIXTURES, 'spans.ktr');

function ktrace(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    ),
  );
}

async function receiver(status: number) {
  const got: { url: string; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ url: req.url ?? '', body: JSON.parse(body) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { got, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

interface JsonSpan {
  trace_id: string;
  span_id: string;
  parent_id: string | null;
  name: string;
  service: string;
  pid: number;
  tid: number;
  start_ns: number;
  start_unix_ns: string;
  duration_ns: number;
  annotations: { offset_ns: number; value: string }[];
  tags: Record<string, string | number>;
  kernel: { syscalls: number; syscall_ns: number };
}

const WANT_JSON = () => fs.readFileSync(path.join(FIXTURES, 'spans.jsonl'), 'utf8');
const wantSpans = () => WANT_JSON().trim().split('\n').map((l) => JSON.parse(l) as JsonSpan);

describe('ktrace spans over a recording', function () {
  this.timeout(120_000);

  it("text: the span tree with endpoints, events, tags and each span's kernel view", async function () {
    const r = await ktrace(['spans', FIXTURE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, fs.readFileSync(path.join(FIXTURES, 'spans.txt'), 'utf8'));
  });

  it('--json: one object per span, parents first', async function () {
    const r = await ktrace(['spans', '--json', FIXTURE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, WANT_JSON());
    const [request, peer] = wantSpans();
    assert.deepEqual([request.span_id, request.parent_id, peer.span_id, peer.parent_id], ['0000000000001111', null, '0000000000002222', '0000000000001111']);
    assert.ok(peer.duration_ns >= 200e6 && request.duration_ns >= peer.duration_ns);
  });

  it('the kernel view agrees with the strace view of the same recording', async function () {
    const r = await ktrace(['report', '--json', '-f', FIXTURE]);
    assert.equal(r.code, 0, r.stderr);
    const calls = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ts: number; tid: number; syscall?: string; duration_ns?: number | null });
    for (const s of wantSpans()) {
      const end = s.start_ns + s.duration_ns;
      // The strace view's ts is the entry; a call's time inside the span is its overlap with it.
      const mine = calls.filter((c) => c.syscall && c.tid === s.tid && c.ts >= s.start_ns && c.ts <= end);
      const inside = mine.reduce((sum, c) => sum + Math.min(end, c.ts + (c.duration_ns ?? end - c.ts)) - c.ts, 0);
      assert.equal(s.kernel.syscalls, mine.length, `${s.name}: ${mine.map((c) => c.syscall).join(' ')}`);
      assert.equal(s.kernel.syscall_ns, inside, s.name);
    }
    // The peer's one syscall is its sleep; the parent waits for the peer.
    const [request, peer] = wantSpans();
    const names = (s: JsonSpan) => calls.filter((c) => c.syscall && c.tid === s.tid && c.ts >= s.start_ns && c.ts <= s.start_ns + s.duration_ns).map((c) => c.syscall);
    assert.deepEqual(names(peer), ['clock_nanosleep']);
    assert.ok(names(request).includes('wait4'), names(request).join(' '));
  });

  it('-F perfetto: a slice per span on its thread, an instant per event, processes named by service', async function () {
    const r = await ktrace(['spans', '-F', 'perfetto', FIXTURE]);
    assert.equal(r.code, 0, r.stderr);
    const trace = JSON.parse(r.stdout) as { traceEvents: { ph: string; name: string; pid: number; tid?: number; ts?: number; dur?: number; args?: Record<string, unknown> }[] };
    const [request, peer] = wantSpans();
    assert.deepEqual(
      trace.traceEvents.filter((e) => e.ph === 'M').map((e) => [e.pid, e.args?.name]),
      [
        [request.pid, `frontend (${request.pid})`],
        [peer.pid, `backend (${peer.pid})`],
      ],
    );
    assert.deepEqual(
      trace.traceEvents.filter((e) => e.ph === 'X').map((e) => [e.name, e.pid, e.tid, e.ts, e.dur, e.args?.span_id, e.args?.parent_id]),
      [
        ['request', request.pid, request.tid, request.start_ns / 1000, request.duration_ns / 1000, request.span_id, null],
        ['backend_io', peer.pid, peer.tid, peer.start_ns / 1000, peer.duration_ns / 1000, peer.span_id, request.span_id],
      ],
    );
    assert.deepEqual(
      trace.traceEvents.filter((e) => e.ph === 'i').map((e) => e.name),
      ['request_start', 'request_end', 'io_start', 'io_end'],
    );
  });

  it("--alert: the threshold's crossing and the per-name table on stderr", async function () {
    const r = await ktrace(['spans', '-o', '/dev/null', '--alert', 'backend_io>100ms', '--alert', 'request.p50>1s', FIXTURE]);
    assert.equal(r.code, 0, r.stderr);
    const [request, peer] = wantSpans();
    const ms = (ns: number) => `${Math.floor(ns / 1e6)}.${String(Math.floor((ns % 1e6) / 1e3)).padStart(3, '0')}ms`;
    assert.equal(
      r.stderr,
      [
        `alert backend_io>100ms: p99 ${ms(peer.duration_ns)} over 1 span at +${ms(peer.start_ns + peer.duration_ns - request.start_ns)}`,
        'span         count          p50          p99  alert',
        `backend_io       1 ${ms(peer.duration_ns).padStart(12)} ${ms(peer.duration_ns).padStart(12)}  backend_io>100ms`,
        `request          1 ${ms(request.duration_ns).padStart(12)} ${ms(request.duration_ns).padStart(12)}  request.p50>1s`,
        '',
      ].join('\n'),
    );
  });

  it('--export otlp=URL --export zipkin=URL: both receivers get the spans with wall-clock times', async function () {
    const rx = await receiver(200);
    try {
      const r = await ktrace(['spans', '-o', '/dev/null', '--export', `otlp=${rx.base}`, '--export', `zipkin=${rx.base}`, FIXTURE]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.deepEqual(rx.got.map((g) => g.url), ['/v1/traces', '/api/v2/spans']);
      const [request, peer] = wantSpans();
      type Otlp = { resourceSpans: { resource: { attributes: { value: { stringValue: string } }[] }; scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
      const otlp = rx.got[0].body as Otlp;
      assert.deepEqual(
        otlp.resourceSpans.map((rs) => [rs.resource.attributes[0].value.stringValue, rs.scopeSpans[0].spans.map((s) => [s.traceId, s.spanId, s.parentSpanId, s.name, s.startTimeUnixNano, s.endTimeUnixNano])]),
        [
          ['frontend', [['00000000000000000123456789abcdef', '0000000000001111', undefined, 'request', request.start_unix_ns, String(BigInt(request.start_unix_ns) + BigInt(request.duration_ns))]]],
          ['backend', [['00000000000000000123456789abcdef', '0000000000002222', '0000000000001111', 'backend_io', peer.start_unix_ns, String(BigInt(peer.start_unix_ns) + BigInt(peer.duration_ns))]]],
        ],
      );
      const peerAttrs = Object.fromEntries((otlp.resourceSpans[1].scopeSpans[0].spans[0].attributes as { key: string; value: Record<string, unknown> }[]).map((a) => [a.key, Object.values(a.value)[0]]));
      assert.equal(peerAttrs['bytes'], '4096');
      assert.equal(peerAttrs['network.local.address'], '10.0.0.2');
      assert.equal(peerAttrs['ktrace.syscalls'], String(peer.kernel.syscalls));
      assert.equal(peerAttrs['ktrace.syscall_ns'], String(peer.kernel.syscall_ns));
      const zipkin = rx.got[1].body as Record<string, unknown>[];
      assert.deepEqual(
        zipkin.map((s) => [s.traceId, s.id, s.parentId, s.name, s.timestamp, s.localEndpoint, s.annotations]),
        [request, peer].map((s) => {
          const us = BigInt(s.start_unix_ns) / 1000n;
          return [
            '0123456789abcdef',
            s.span_id,
            s.parent_id ?? undefined,
            s.name,
            Number(us),
            s === request ? { serviceName: 'frontend', ipv4: '10.0.0.1', port: 8080 } : { serviceName: 'backend', ipv4: '10.0.0.2', port: 6800 },
            s.annotations.map((a) => ({ timestamp: Number((BigInt(s.start_unix_ns) + BigInt(a.offset_ns)) / 1000n), value: a.value })),
          ];
        }),
      );
    } finally {
      await rx.close();
    }
  });

  it('a receiver that keeps failing: retries, a counted drop on one line, exit status 1', async function () {
    const rx = await receiver(503);
    try {
      const r = await ktrace(['spans', '-o', '/dev/null', '--export', `otlp=${rx.base}`, FIXTURE]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `ktrace: export to otlp ${rx.base}/v1/traces: 2 of 2 spans dropped after 4 retries (${rx.base}/v1/traces: HTTP 503)\n`);
      assert.equal(rx.got.length, 5);
    } finally {
      await rx.close();
    }
  });

  it('--idle: a trace is complete after that long without annotations, in the recording\'s time as live', async function () {
    // The longest gap between the fixture's annotations is the peer's 200 ms sleep.
    const whole = await ktrace(['spans', '--idle', '250ms', FIXTURE]);
    assert.equal(whole.stdout, fs.readFileSync(path.join(FIXTURES, 'spans.txt'), 'utf8'));
    const split = await ktrace(['spans', '--json', '--idle', '100ms', FIXTURE]);
    assert.equal(split.code, 0, split.stderr);
    const parts = split.stdout.trim().split('\n').map((l) => JSON.parse(l) as JsonSpan);
    assert.deepEqual(
      parts.map((s) => [s.span_id, s.annotations.map((a) => a.value), s.tags]),
      [
        ['0000000000001111', ['request_start'], { path: '/obj/42' }],
        ['0000000000002222', ['io_start'], {}],
        ['0000000000001111', ['request_end'], {}],
        ['0000000000002222', ['io_end'], { bytes: 4096 }],
      ],
    );
  });

  it('usage errors are one line with status 2', async function () {
    for (const [args, line] of [
      [['spans'], 'ktrace: spans: give a recording, --pid PID or -- CMD'],
      [['spans', FIXTURE, '--export', 'kafka=x'], "ktrace: --export kafka=x: unknown target 'kafka' (otlp, zipkin or file)"],
      [['spans', FIXTURE, '--alert', 'slow'], "ktrace: --alert slow: expected NAME>DURATION or NAME.p50>DURATION (e.g. 'osd_op>5ms')"],
      [['spans', FIXTURE, '--record', 'x.ktr'], 'ktrace: --record: only with --pid or a command'],
      [['spans', FIXTURE, '--idle', '5'], 'ktrace: --idle 5: expected a positive duration with its unit (ns, us, ms, s)'],
    ] as const) {
      const r = await ktrace([...args]);
      assert.deepEqual([r.code, r.stderr], [2, `${line}\n`]);
    }
  });
});
