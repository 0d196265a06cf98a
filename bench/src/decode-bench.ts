// Host half of `npm run bench`: decode speed on a real recording, the ktrace
// StreamDecoder against the asn1js reference parser on the same bytes, and
// the rate of the strace view (decoding included).
import * as fs from 'node:fs';
import { StreamDecoder, materialize, type DecodedRecord } from '../../frontend/src/decode';
import { parseRecordHeader } from '../../frontend/src/record/record-file';
import { StraceFormatter, syscallEventOf } from '../../frontend/src/views/strace';
import { parseStream } from '../../test/vm/lib/ber-reference';
import type { DecodeResult } from './types';

const CHUNK = 1 << 20;

/** Feeds @stream in read()-sized chunks and hands every record to @onRecord. */
function decodeAll(stream: Uint8Array, onRecord: (record: DecodedRecord) => void): number {
  const decoder = new StreamDecoder();
  let records = 0;
  for (let at = 0; at < stream.length; at += CHUNK) {
    decoder.push(stream.subarray(at, at + CHUNK));
    for (;;) {
      const next = decoder.next();
      if (next.kind === 'need-more') break;
      if (next.kind === 'malformed') throw new Error(`malformed recording at ${next.offset}: ${next.reason}`);
      records++;
      onRecord(next.record);
    }
  }
  return records;
}

/** The fastest of @repeats runs of @work, in seconds (the others met a GC or a cold JIT). */
function bestSeconds<T>(repeats: number, work: () => T): { seconds: number; value: T } {
  let best = Infinity;
  let value: T | undefined;
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    value = work();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best, value: value as T };
}

export function decodeBenchmark(file: string, repeats = 3): DecodeResult {
  const bytes = fs.readFileSync(file);
  const header = parseRecordHeader(bytes, file);
  if (header.kind !== 'header') throw new Error(`${file}: not a ktrace recording`);
  const stream = bytes.subarray(header.streamOffset);

  const decoded = bestSeconds(repeats, () => decodeAll(stream, () => undefined));
  const materialized = bestSeconds(repeats, () => decodeAll(stream, (r) => void materialize(r)));
  const reference = bestSeconds(repeats, () => parseStream(stream).length);
  if (reference.value !== decoded.value) throw new Error(`asn1js found ${reference.value} records, the decoder ${decoded.value}`);
  const strace = bestSeconds(repeats, () => {
    const formatter = new StraceFormatter({ pids: 'auto' });
    let events = 0;
    decodeAll(stream, (record) => {
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
