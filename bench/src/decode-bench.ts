// Host half of `npm run bench`: decode speed on a real recording, the ktrace
// decode loop (StreamDecoder through readRecords) against the asn1js reference parser on the same bytes, and
// the rate of the strace view (decoding included).
import * as fs from 'node:fs';
import { bytesSource, materialize, readRecords, type DecodedRecord } from '../../frontend/src/decode';
import { parseRecordHeader } from '../../frontend/src/record/record-file';
import { StraceFormatter, syscallEventOf } from '../../frontend/src/views/strace';
import { parseStream } from '../../test/vm/lib/ber-reference';
import type { DecodeResult } from './types';

const CHUNK = 1 << 20;

/** Reads @stream in read()-sized chunks through the decode loop and hands every record to @onRecord. */
async function decodeAll(stream: Uint8Array, onRecord: (record: DecodedRecord) => void): Promise<number> {
  const records = readRecords(bytesSource(stream, CHUNK), { chunkBytes: CHUNK });
  for await (const record of records) onRecord(record);
  const damage = records.report.damage[0];
  if (damage) throw new Error(`malformed recording at ${damage.offset}: ${damage.reason}`);
  return records.report.records;
}

/** The fastest of @repeats runs of @work, in seconds (the others met a GC or a cold JIT). */
async function bestSeconds<T>(repeats: number, work: () => T | Promise<T>): Promise<{ seconds: number; value: T }> {
  let best = Infinity;
  let value: T | undefined;
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    value = await work();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best, value: value as T };
}

export async function decodeBenchmark(file: string, repeats = 3): Promise<DecodeResult> {
  const bytes = fs.readFileSync(file);
  const header = parseRecordHeader(bytes, file);
  if (header.kind !== 'header') throw new Error(`${file}: not a ktrace recording`);
  const stream = bytes.subarray(header.streamOffset);

  const decoded = await bestSeconds(repeats, () => decodeAll(stream, () => undefined));
  const materialized = await bestSeconds(repeats, () => decodeAll(stream, (r) => void materialize(r)));
  const reference = await bestSeconds(repeats, () => parseStream(stream).length);
  if (reference.value !== decoded.value) throw new Error(`asn1js found ${reference.value} records, the decoder ${decoded.value}`);
  const strace = await bestSeconds(repeats, async () => {
    const formatter = new StraceFormatter({ pids: 'auto' });
    let events = 0;
    await decodeAll(stream, (record) => {
      if (record.type !== 'event') return;
      const syscall = syscallEventOf(record);
      if (!syscall) return;
      events++;
      formatter.push(syscall);
    });
    formatter.flush();
    return events;
  });
  return {
    file,
    bytes: stream.length,
    records: decoded.value,
    decoderSeconds: decoded.seconds,
    materializeSeconds: materialized.seconds,
    asn1jsSeconds: reference.seconds,
    straceEvents: strace.value,
    straceSeconds: strace.seconds,
  };
}
