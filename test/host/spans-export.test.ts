// The span exporters against in-repo receivers (node:http): exact OTLP/HTTP
// JSON and Zipkin v2 payloads, checked against the OTLP protobuf JSON
// mapping and the Zipkin v2 schema; batching; retries with backoff; a
// receiver that fails or stalls costs retries and counted drops, never a hang;
// the bounded queue counts what it turns away.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpanExporter, ExportError, type Transport } from '../../frontend/src/export/exporter';
import { otlpPayload } from '../../frontend/src/export/otlp';
import type { ExportSpan } from '../../frontend/src/export/span';
import { fileTransport, otlpTransport, parseExportTarget, zipkinTransport } from '../../frontend/src/export/transports';
import { zipkinPayload } from '../../frontend/src/export/zipkin';
import { UserError } from '../../frontend/src/user-error';

const SCOPE = { name: 'ktrace', version: '0.1.0' };
const T0 = 1_765_000_000_123_456_789n;

const ROOT: ExportSpan = {
  traceId: 0x0123456789abcdefn,
  spanId: 0x1111n,
  name: 'request',
  service: 'frontend',
  ip: '10.0.0.1',
  port: 8080,
  startUnixNs: T0,
  endUnixNs: T0 + 250_000_500n,
  events: [
    { unixNs: T0, name: 'request_start' },
    { unixNs: T0 + 250_000_500n, name: 'request_end' },
  ],
  attributes: { path: '/obj/42', 'process.pid': 100, 'ktrace.syscall_ns': 249_000_000n },
};
const CHILD: ExportSpan = {
  traceId: 0x0123456789abcdefn,
  spanId: 0x2222n,
  parentId: 0x1111n,
  name: 'backend_io',
  service: 'backend',
  ip: '10.0.0.2',
  port: 6800,
  startUnixNs: T0 + 1_000n,
  endUnixNs: T0 + 200_001_999n,
  events: [{ unixNs: T0 + 1_000n, name: 'io_start' }],
  attributes: { bytes: 4096n },
};

const OTLP_WANT = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'frontend' } }] },
      scopeSpans: [
        {
          scope: SCOPE,
          spans: [
            {
              traceId: '00000000000000000123456789abcdef',
              spanId: '0000000000001111',
              name: 'request',
              kind: 1,
              startTimeUnixNano: '1765000000123456789',
              endTimeUnixNano: '1765000000373457289',
              attributes: [
                { key: 'network.local.address', value: { stringValue: '10.0.0.1' } },
                { key: 'network.local.port', value: { intValue: '8080' } },
                { key: 'path', value: { stringValue: '/obj/42' } },
                { key: 'process.pid', value: { intValue: '100' } },
                { key: 'ktrace.syscall_ns', value: { intValue: '249000000' } },
              ],
              events: [
                { timeUnixNano: '1765000000123456789', name: 'request_start' },
                { timeUnixNano: '1765000000373457289', name: 'request_end' },
              ],
            },
          ],
        },
      ],
    },
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'backend' } }] },
      scopeSpans: [
        {
          scope: SCOPE,
          spans: [
            {
              traceId: '00000000000000000123456789abcdef',
              spanId: '0000000000002222',
              parentSpanId: '0000000000001111',
              name: 'backend_io',
              kind: 1,
              startTimeUnixNano: '1765000000123457789',
              endTimeUnixNano: '1765000000323458788',
              attributes: [
                { key: 'network.local.address', value: { stringValue: '10.0.0.2' } },
                { key: 'network.local.port', value: { intValue: '6800' } },
                { key: 'bytes', value: { intValue: '4096' } },
              ],
              events: [{ timeUnixNano: '1765000000123457789', name: 'io_start' }],
            },
          ],
        },
      ],
    },
  ],
};

const ZIPKIN_WANT = [
  {
    traceId: '0123456789abcdef',
    id: '0000000000001111',
    name: 'request',
    timestamp: 1765000000123456,
    duration: 250001,
    localEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1', port: 8080 },
    annotations: [
      { timestamp: 1765000000123456, value: 'request_start' },
      { timestamp: 1765000000373457, value: 'request_end' },
    ],
    tags: { path: '/obj/42', 'process.pid': '100', 'ktrace.syscall_ns': '249000000' },
  },
  {
    traceId: '0123456789abcdef',
    id: '0000000000002222',
    parentId: '0000000000001111',
    name: 'backend_io',
    timestamp: 1765000000123457,
    duration: 200001,
    localEndpoint: { serviceName: 'backend', ipv4: '10.0.0.2', port: 6800 },
    annotations: [{ timestamp: 1765000000123457, value: 'io_start' }],
    tags: { bytes: '4096' },
  },
];

/** The OTLP protobuf JSON mapping's rules for the fields ktrace writes (opentelemetry-proto, trace/v1). */
function checkOtlp(body: unknown): void {
  const req = body as { resourceSpans: { resource: { attributes: unknown[] }; scopeSpans: { scope: { name: string }; spans: Record<string, unknown>[] }[] }[] };
  assert.ok(Array.isArray(req.resourceSpans));
  const anyValueKeys = new Set(['stringValue', 'intValue', 'doubleValue', 'boolValue']);
  const checkAttrs = (attrs: unknown[]) => {
    for (const a of attrs as { key: unknown; value: Record<string, unknown> }[]) {
      assert.equal(typeof a.key, 'string');
      const keys = Object.keys(a.value);
      assert.equal(keys.length, 1);
      assert.ok(anyValueKeys.has(keys[0]), keys[0]);
      // int64 in the JSON mapping: a decimal string.
      if (keys[0] === 'intValue') assert.match(a.value.intValue as string, /^-?\d+$/);
    }
  };
  for (const rs of req.resourceSpans) {
    checkAttrs(rs.resource.attributes);
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans) {
        for (const key of Object.keys(s))
          assert.ok(['traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'attributes', 'events'].includes(key), key);
        // bytes fields: lowercase hex in OTLP/JSON (not base64), 16 and 8 bytes, never all zero.
        assert.match(s.traceId as string, /^[0-9a-f]{32}$/);
        assert.notEqual(s.traceId, '0'.repeat(32));
        assert.match(s.spanId as string, /^[0-9a-f]{16}$/);
        if ('parentSpanId' in s) assert.match(s.parentSpanId as string, /^[0-9a-f]{16}$/);
        // fixed64 times: decimal strings; enums: integers (SPAN_KIND_INTERNAL = 1).
        assert.match(s.startTimeUnixNano as string, /^\d+$/);
        assert.match(s.endTimeUnixNano as string, /^\d+$/);
        assert.ok(BigInt(s.endTimeUnixNano as string) >= BigInt(s.startTimeUnixNano as string));
        assert.ok(Number.isInteger(s.kind) && (s.kind as number) >= 0 && (s.kind as number) <= 5);
        checkAttrs(s.attributes as unknown[]);
        for (const e of s.events as { timeUnixNano: string; name: string }[]) {
          assert.match(e.timeUnixNano, /^\d+$/);
          assert.equal(typeof e.name, 'string');
        }
      }
  }
}

/** Zipkin v2's span schema (zipkin2-api.yaml): required and typed fields. */
function checkZipkin(body: unknown): void {
  assert.ok(Array.isArray(body));
  for (const s of body as Record<string, unknown>[]) {
    assert.match(s.traceId as string, /^[0-9a-f]{16}([0-9a-f]{16})?$/);
    assert.match(s.id as string, /^[0-9a-f]{16}$/);
    if ('parentId' in s) assert.match(s.parentId as string, /^[0-9a-f]{16}$/);
    assert.ok(Number.isInteger(s.timestamp) && (s.timestamp as number) > 0);
    assert.ok(Number.isInteger(s.duration) && (s.duration as number) >= 1);
    const ep = s.localEndpoint as Record<string, unknown>;
    assert.equal(typeof ep.serviceName, 'string');
    if ('ipv4' in ep) assert.match(ep.ipv4 as string, /^\d+\.\d+\.\d+\.\d+$/);
    if ('port' in ep) assert.ok(Number.isInteger(ep.port) && (ep.port as number) > 0 && (ep.port as number) < 65536);
    for (const a of s.annotations as { timestamp: unknown; value: unknown }[]) {
      assert.ok(Number.isInteger(a.timestamp));
      assert.equal(typeof a.value, 'string');
    }
    for (const v of Object.values(s.tags as Record<string, unknown>)) assert.equal(typeof v, 'string');
  }
}

interface Received {
  method: string;
  url: string;
  type: string;
  body: unknown;
}

/** A receiver answering each request with the next of @statuses (the last repeats); 'stall' never answers. */
async function receiver(statuses: (number | 'stall')[]) {
  const got: Received[] = [];
  const stalled: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(body) });
      const status = statuses[Math.min(got.length - 1, statuses.length - 1)];
      if (status === 'stall') stalled.push(res);
      else res.writeHead(status).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    got,
    base,
    close: () => {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const FAST = { initialBackoffMs: 10, maxBackoffMs: 40, flushIntervalMs: 0 };

describe('span export: payloads', function () {
  it('OTLP/HTTP JSON: one resourceSpans per service, exact fields, valid under the OTLP JSON mapping', function () {
    const payload = otlpPayload([ROOT, CHILD], SCOPE);
    assert.deepEqual(payload, OTLP_WANT);
    checkOtlp(JSON.parse(JSON.stringify(payload)));
  });

  it('Zipkin v2 JSON: exact fields in microseconds, string tags, valid under the v2 schema', function () {
    const payload = zipkinPayload([ROOT, CHILD]);
    assert.deepEqual(payload, ZIPKIN_WANT);
    checkZipkin(JSON.parse(JSON.stringify(payload)));
    // A span under a microsecond is 1 µs long (0 would read as unknown).
    assert.equal(zipkinPayload([{ ...ROOT, endUnixNs: ROOT.startUnixNs + 10n }])[0].duration, 1);
  });

  it('--export targets: URLs get their protocol path; bad ones are one-line usage errors', function () {
    assert.equal(parseExportTarget('otlp=http://c:4318', SCOPE).name, 'otlp http://c:4318/v1/traces');
    assert.equal(parseExportTarget('otlp=http://c:4318/custom', SCOPE).name, 'otlp http://c:4318/custom');
    assert.equal(parseExportTarget('zipkin=http://z:9411', SCOPE).name, 'zipkin http://z:9411/api/v2/spans');
    assert.equal(parseExportTarget('file=/tmp/x.json', SCOPE).name, 'file /tmp/x.json');
    for (const [bad, why] of [
      ['otlp', 'give otlp=URL, zipkin=URL or file=PATH'],
      ['jaeger=http://j', "unknown target 'jaeger' (otlp, zipkin or file)"],
      ['otlp=nope', 'not a URL'],
      ['zipkin=ftp://z', 'only http and https URLs'],
    ])
      assert.throws(
        () => parseExportTarget(bad, SCOPE),
        (err: unknown) => err instanceof UserError && err.message === `--export ${bad}: ${why}` && err.exitCode === 2,
      );
  });
});

describe('span export: delivery', function () {
  this.timeout(20_000);

  it('OTLP: POST /v1/traces with application/json, the exact payload; batches of batchSize', async function () {
    const rx = await receiver([200]);
    try {
      const exporter = new SpanExporter(otlpTransport(new URL(`${rx.base}/v1/traces`), SCOPE, 2000), { ...FAST, batchSize: 2 });
      const spans = [ROOT, CHILD, { ...CHILD, spanId: 0x3333n }, { ...CHILD, spanId: 0x4444n }, { ...CHILD, spanId: 0x5555n }];
      for (const s of spans) assert.equal(exporter.push(s), true);
      await exporter.flush();
      assert.deepEqual(exporter.stats, { exported: 5, dropped: 0, retries: 0, failedBatches: 0 });
      assert.deepEqual(
        rx.got.map((r) => [r.method, r.url, r.type]),
        Array(3).fill(['POST', '/v1/traces', 'application/json']),
      );
      assert.deepEqual(rx.got[0].body, OTLP_WANT);
      assert.deepEqual(
        rx.got.map((r) => (r.body as typeof OTLP_WANT).resourceSpans.flatMap((rs) => rs.scopeSpans[0].spans.map((s) => s.spanId.slice(-4)))),
        [['1111', '2222'], ['3333', '4444'], ['5555']],
      );
      for (const r of rx.got) checkOtlp(r.body);
    } finally {
      await rx.close();
    }
  });

  it('Zipkin: POST /api/v2/spans, the exact payload', async function () {
    const rx = await receiver([202]);
    try {
      const exporter = new SpanExporter(parseExportTarget(`zipkin=${rx.base}`, SCOPE), FAST);
      exporter.push(ROOT);
      exporter.push(CHILD);
      await exporter.flush();
      assert.equal(exporter.stats.exported, 2);
      assert.deepEqual(rx.got, [{ method: 'POST', url: '/api/v2/spans', type: 'application/json', body: ZIPKIN_WANT }]);
    } finally {
      await rx.close();
    }
  });

  it('a receiver failing with 503 twice: two retries, then delivered', async function () {
    const rx = await receiver([503, 503, 200]);
    try {
      const exporter = new SpanExporter(zipkinTransport(new URL(`${rx.base}/api/v2/spans`), 2000), FAST);
      exporter.push(ROOT);
      await exporter.flush();
      assert.deepEqual(exporter.stats, { exported: 1, dropped: 0, retries: 2, failedBatches: 0, lastError: `${rx.base}/api/v2/spans: HTTP 503` });
      assert.equal(rx.got.length, 3);
    } finally {
      await rx.close();
    }
  });

  it('a receiver always failing: maxRetries retries, then the batch is dropped and counted', async function () {
    const rx = await receiver([500]);
    try {
      const exporter = new SpanExporter(otlpTransport(new URL(`${rx.base}/v1/traces`), SCOPE, 2000), { ...FAST, maxRetries: 3 });
      exporter.push(ROOT);
      exporter.push(CHILD);
      await exporter.flush();
      assert.deepEqual(exporter.stats, { exported: 0, dropped: 2, retries: 3, failedBatches: 1, lastError: `${rx.base}/v1/traces: HTTP 500` });
      assert.equal(rx.got.length, 4);
    } finally {
      await rx.close();
    }
  });

  it('a 400 is not retried: the batch is dropped at once', async function () {
    const rx = await receiver([400]);
    try {
      const exporter = new SpanExporter(otlpTransport(new URL(`${rx.base}/v1/traces`), SCOPE, 2000), FAST);
      exporter.push(ROOT);
      await exporter.flush();
      assert.deepEqual(exporter.stats, { exported: 0, dropped: 1, retries: 0, failedBatches: 1, lastError: `${rx.base}/v1/traces: HTTP 400` });
    } finally {
      await rx.close();
    }
  });

  it('a receiver that stalls: each attempt times out, retries, then a counted drop; flush() returns', async function () {
    const rx = await receiver(['stall']);
    try {
      const exporter = new SpanExporter(otlpTransport(new URL(`${rx.base}/v1/traces`), SCOPE, 150), { ...FAST, maxRetries: 2 });
      exporter.push(ROOT);
      await exporter.flush();
      assert.deepEqual(exporter.stats, { exported: 0, dropped: 1, retries: 2, failedBatches: 1, lastError: `${rx.base}/v1/traces: no answer in 150 ms` });
      assert.equal(rx.got.length, 3);
    } finally {
      await rx.close();
    }
  });

  it('nobody listening: connection refused is retried, then dropped', async function () {
    const rx = await receiver([200]);
    const base = rx.base;
    await rx.close();
    const exporter = new SpanExporter(otlpTransport(new URL(`${base}/v1/traces`), SCOPE, 1000), { ...FAST, maxRetries: 1 });
    exporter.push(ROOT);
    await exporter.flush();
    assert.equal(exporter.stats.dropped, 1);
    assert.equal(exporter.stats.retries, 1);
    assert.match(exporter.stats.lastError ?? '', /ECONNREFUSED/);
  });

  it('the bounded queue turns spans away while a batch is stuck, and counts them', async function () {
    let release!: () => void;
    const sent: number[] = [];
    const transport: Transport = {
      name: 'held',
      send: async (batch) => {
        sent.push(batch.length);
        if (sent.length === 1) await new Promise<void>((r) => (release = r));
      },
    };
    const exporter = new SpanExporter(transport, { ...FAST, maxQueue: 3, batchSize: 2 });
    // The first two go out as a batch (held); three more fill the queue; two are dropped.
    const accepted = Array.from({ length: 7 }, (_, i) => exporter.push({ ...ROOT, spanId: BigInt(i + 1) }));
    assert.deepEqual(accepted, [true, true, true, true, true, false, false]);
    assert.equal(exporter.stats.dropped, 2);
    release();
    await exporter.flush();
    assert.deepEqual(sent, [2, 2, 1]);
    assert.deepEqual(exporter.stats, { exported: 5, dropped: 2, retries: 0, failedBatches: 0 });
  });

  it('a transport throwing a non-retryable ExportError is not retried', async function () {
    let calls = 0;
    const exporter = new SpanExporter({ name: 'bad', send: async () => { calls++; throw new ExportError('bad: refused', false); } }, FAST);
    exporter.push(ROOT);
    await exporter.flush();
    assert.equal(calls, 1);
    assert.deepEqual(exporter.stats, { exported: 0, dropped: 1, retries: 0, failedBatches: 1, lastError: 'bad: refused' });
  });

  it('file=PATH: one OTLP JSON payload per line', async function () {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-export-')), 'spans.jsonl');
    const exporter = new SpanExporter(fileTransport(file, SCOPE), { ...FAST, batchSize: 1 });
    exporter.push(ROOT);
    exporter.push(CHILD);
    await exporter.flush();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(JSON.parse(lines[0]), { resourceSpans: [OTLP_WANT.resourceSpans[0]] });
    assert.deepEqual(JSON.parse(lines[1]), { resourceSpans: [OTLP_WANT.resourceSpans[1]] });
  });
});
