// `ktrace paths --export`: each request of the recorded fixture as one trace,
// a span per hop parented as the hops call each other, in the OTLP JSON the
// file target writes (the same payload its OTLP/HTTP target posts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRecordHeader } from '../../frontend/src/record/record-file';
import { fixture, ktrace, tmpDir } from '../support/cli-run';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, string | number> }[];
}

/** Every span in an OTLP JSON-lines file, with its resource's service.name. */
function spansOf(file: string): (OtlpSpan & { service: string })[] {
  return fs
    .readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .flatMap((line) =>
      (JSON.parse(line) as { resourceSpans: { resource: { attributes: { value: { stringValue: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) =>
        r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ ...span, service: r.resource.attributes[0].value.stringValue }))),
      ),
    );
}

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : Object.values(v)[0];
};

describe('ktrace paths --export', function () {
  this.timeout(120000);

  it('sends each request as a trace: client → front end → back end spans with exact times, bytes and how each was matched', () => {
    const dir = tmpDir();
    try {
      const file = path.join(dir, 'spans.jsonl');
      const r = ktrace({ args: ['paths', '--json', '--export', `file=${file}`, fixture('paths-seq.ktr')] });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const doc = JSON.parse(r.stdout) as { requests: { label: string; hops: { hop: number; comm: string; start_ns: number; end_ns: number; bytes_in: number; bytes_out: number }[] }[] };
      const parsed = parseRecordHeader(fs.readFileSync(fixture('paths-seq.ktr')), 'paths-seq.ktr');
      assert.equal(parsed.kind, 'header');
      const offset = parsed.kind === 'header' ? BigInt(parsed.header.realtimeOffsetNs) : 0n;
      const spans = spansOf(file);
      assert.equal(spans.length, 18);
      const traces = [...new Set(spans.map((s) => s.traceId))];
      assert.equal(traces.length, 6);
      for (const [i, traceId] of traces.entries()) {
        const inTrace = spans.filter((s) => s.traceId === traceId);
        assert.match(traceId, /^0{16}[0-9a-f]{16}$/);
        const client = inTrace.find((s) => s.service === 'pa-client')!;
        const front = inTrace.find((s) => s.service === 'pa-front')!;
        const back = inTrace.find((s) => s.service === 'pa-back')!;
        assert.equal(client.parentSpanId, undefined);
        assert.equal(front.parentSpanId, client.spanId);
        assert.equal(back.parentSpanId, front.spanId);
        assert.deepEqual([client.name, front.name, back.name], [`GET /c0/r${i} HTTP/1.0`, 'pa-front server', 'pa-back server']);
        assert.deepEqual([attr(front, 'ktrace.matched_by'), attr(back, 'ktrace.matched_by'), attr(client, 'ktrace.matched_by')], ['tcp-seq', 'unix-peer', undefined]);
        // The JSON view's hops, on the recording's clock: the spans are those times plus its realtime offset.
        const hops = doc.requests[i].hops;
        for (const [span, comm] of [[client, 'pa-client'], [front, 'pa-front'], [back, 'pa-back']] as const) {
          const hop = hops.find((h) => h.comm === comm)!;
          assert.equal(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano), BigInt(hop.end_ns - hop.start_ns), comm);
          assert.equal(BigInt(span.startTimeUnixNano) - offset, BigInt(hop.start_ns), `${comm} start`);
          assert.deepEqual([attr(span, 'ktrace.bytes_in'), attr(span, 'ktrace.bytes_out')], [String(hop.bytes_in), String(hop.bytes_out)]);
        }
        assert.deepEqual([attr(front, 'ktrace.bytes_in'), attr(front, 'ktrace.bytes_out'), attr(back, 'ktrace.bytes_in'), attr(back, 'ktrace.bytes_out')], ['100', '70000', '200', '3000']);
      }
      // The same recording gives the same ids: a re-export is the same traces, not new ones.
      const again = path.join(dir, 'again.jsonl');
      assert.equal(ktrace({ args: ['paths', '--summary', '--export', `file=${again}`, fixture('paths-seq.ktr')] }).code, 0);
      assert.deepEqual(spansOf(again).map((s) => [s.traceId, s.spanId]), spans.map((s) => [s.traceId, s.spanId]));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('refuses a bad target before reading anything, in one line', () => {
    const r = ktrace({ args: ['paths', '--export', 'jaeger=http://x', fixture('paths-seq.ktr')] });
    assert.deepEqual([r.code, r.stderr], [2, "ktrace: --export jaeger=http://x: unknown target 'jaeger' (otlp, zipkin or file)\n"]);
  });
});
