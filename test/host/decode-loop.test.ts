// The one decode loop (readRecords) and the FakeDevice that stands in for
// /dev/trace, on streams recorded from the real module; and the stress
// checker, which now walks its streams with the same loop.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { bytesSource, readRecords, type ByteSource } from '../../frontend/src/decode';
import { FakeDevice } from '../../frontend/src/device/fake-device';
import { parseRecordHeader } from '../../frontend/src/record/record-file';
import { checkSegments } from '../../stress/src/check';
import { fixture } from '../support/cli-run';
import { EVENTS, VARIABLES } from '../../frontend/src/abi/abi';

function streamOf(name: string): Uint8Array {
  const bytes = fs.readFileSync(fixture(name));
  const parsed = parseRecordHeader(bytes, name);
  if (parsed.kind !== 'header') throw new Error('no header');
  return bytes.subarray(parsed.streamOffset);
}

async function offsets(source: ByteSource, chunkBytes?: number): Promise<number[]> {
  const seen: number[] = [];
  for await (const record of readRecords(source, { chunkBytes })) seen.push(record.offset);
  return seen;
}

describe('readRecords: the decode loop', () => {
  const stream = streamOf('timeline.ktr');

  it('yields the same records whatever the chunk size, down to one byte', async () => {
    const whole = await offsets(bytesSource(stream));
    assert.equal(whole.length, 1573);
    assert.deepEqual(await offsets(bytesSource(stream, 1), 1), whole);
    assert.deepEqual(await offsets(bytesSource(stream, 4093)), whole);
  });

  it('reports damage at its offset (plus baseOffset), skips to the next keyframe, and a truncated tail', async () => {
    // dash.ktr has keyframes at records 0, 3231 and 6313.
    const stream = streamOf('dash.ktr');
    const clean: { offset: number; length: number; type: string }[] = [];
    for await (const r of readRecords(bytesSource(stream))) clean.push({ offset: r.offset, length: r.length, type: r.type });
    const victim = 100;
    const resumeAt = clean.findIndex((r, i) => i > victim && r.type === 'keyframe');
    assert.ok(resumeAt > victim, 'a keyframe after the damage');
    const bad = Uint8Array.from(stream);
    bad[clean[victim].offset] = 0xff;
    const damaged = readRecords(bytesSource(bad.subarray(0, bad.length - 3)), { baseOffset: 1000 });
    const seen: number[] = [];
    for await (const record of damaged) seen.push(record.offset);
    const expected = [...clean.slice(0, victim), ...clean.slice(resumeAt, -1)].map((r) => r.offset);
    assert.deepEqual(seen, expected);
    assert.deepEqual(damaged.report.damage.map((d) => d.offset), [1000 + clean[victim].offset]);
    assert.equal(damaged.report.trailingBytes, clean.at(-1)!.length - 3);
  });

  it('awaits afterChunk after each chunk\'s records, before reading the next chunk', async () => {
    let readBytes = 0;
    let calledAt = 0;
    const records = readRecords(bytesSource(stream, 8192), {
      afterChunk: async (bytes) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        readBytes += bytes;
        calledAt = readBytes;
      },
    });
    let count = 0;
    for await (const record of records) {
      // A record comes out of the chunk that completes it, after the previous chunk's callback.
      assert.ok(record.offset + record.length > calledAt && record.offset + record.length <= calledAt + 8192);
      count++;
    }
    assert.equal(count, 1573);
    assert.equal(readBytes, stream.length);
    assert.equal(records.report.bytes, stream.length);
  });
});

describe('FakeDevice: a recorded stream read as /dev/trace hands it out', () => {
  const stream = streamOf('dash.ktr');

  it('returns whole records, at most recordsPerRead at a time, then 0 with atEnd eof', async () => {
    const device = new FakeDevice({ stream, recordsPerRead: 5, atEnd: 'eof' });
    const buf = Buffer.alloc(1 << 16);
    let reads = 0;
    let bytes = 0;
    for (;;) {
      const n = await device.read(buf);
      if (n === 0) break;
      reads++;
      bytes += n;
      // Each read on its own decodes to whole records: nothing left over.
      const records = readRecords(bytesSource(buf.subarray(0, n)));
      let count = 0;
      for await (const record of records) count += record ? 1 : 0;
      assert.equal(records.report.trailingBytes, 0);
      assert.ok(count >= 1 && count <= 5);
    }
    assert.equal(bytes, stream.length);
    assert.equal(reads, Math.ceil(9261 / 5));
  });

  it('blocks at the end until stop(), like an idle reader', async () => {
    const device = new FakeDevice({ stream: stream.subarray(0, 0) });
    let done = false;
    const read = device.read(Buffer.alloc(4096)).then((n) => ((done = true), n));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(done, false);
    device.stop();
    assert.equal(await read, 0);
  });

  it('fails the operations it is told to, with their errno', async () => {
    const device = new FakeDevice({ stream, fail: { setTarget: 'ESRCH', read: 'EIO' }, readFailsAfter: 1, unavailable: ['page_alloc'] });
    assert.throws(() => device.setTarget(42, false), { code: 'ESRCH' });
    const pageAlloc = EVENTS.find((e) => e.name === 'page_alloc')!;
    assert.throws(() => device.setEvents(1n << BigInt(pageAlloc.bit)), { code: 'EOPNOTSUPP' });
    assert.equal(device.describeAll('event').find((e) => e.name === 'page_alloc')?.available, false);
    assert.ok((await device.read(Buffer.alloc(1 << 16))) > 0);
    await assert.rejects(device.read(Buffer.alloc(1 << 16)), { code: 'EIO', syscall: 'read' });
  });
});

describe('the stress checker over the decode loop', () => {
  const stream = streamOf('timeline.ktr');
  const config = { events: EVENTS.map((e) => e.name), vars: VARIABLES.map((v) => v.name), target: 0 };

  it('matches a stream with itself, record for record', async () => {
    const checked = await checkSegments([{ reader: 0, config, bytes: stream }], stream);
    const [result] = checked.results;
    assert.equal(checked.referenceRecords, result.records);
    assert.deepEqual({ matched: result.matched, unmatched: result.unmatched, mismatches: result.mismatchCount, malformed: result.malformed }, {
      matched: result.records,
      unmatched: 0,
      mismatches: 0,
      malformed: undefined,
    });
  });

  it('says a segment ends inside a record', async () => {
    const checked = await checkSegments([{ reader: 3, config, bytes: stream.subarray(0, stream.length - 2) }], stream);
    assert.equal(checked.results[0].malformed, 'reader 3: the stream ends inside a record');
  });
});
