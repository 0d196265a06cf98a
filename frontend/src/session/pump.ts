// Reads a byte source through the streaming decoder and hands each record to
// a consumer. Damage is reported with its offset and skipped at the next
// keyframe, so a corrupt or truncated input still yields everything else.
import { StreamDecoder } from '../decode';
import type { DecodedRecord } from '../decode';
import type { ByteSource } from '../device/trace-device';

export interface PumpResult {
  records: number;
  lostRecords: number;
  damage: { offset: number; reason: string }[];
  /** Bytes left over that never formed a whole record (a truncated tail). */
  trailingBytes: number;
}

export interface PumpOptions {
  /** Offset of the stream's first byte in its file, for error messages. */
  baseOffset?: number;
  chunkBytes?: number;
  onProgress?: (bytes: number) => void;
  /** After each chunk read, with its size: a live view flushes its output here. */
  onChunk?: (bytes: number) => void;
}

export async function pump(
  source: ByteSource,
  onRecord: (record: DecodedRecord) => void,
  opts: PumpOptions = {},
): Promise<PumpResult> {
  const decoder = new StreamDecoder();
  const result: PumpResult = { records: 0, lostRecords: 0, damage: [], trailingBytes: 0 };
  const buf = Buffer.alloc(opts.chunkBytes ?? 1 << 16);
  let total = 0;
  for (;;) {
    const n = await source.read(buf);
    if (n === 0) break;
    total += n;
    decoder.push(buf.subarray(0, n));
    drainDecoder(decoder, onRecord, result, opts.baseOffset ?? 0);
    opts.onProgress?.(total);
    opts.onChunk?.(n);
  }
  result.trailingBytes = decoder.buffered;
  return result;
}

function drainDecoder(
  decoder: StreamDecoder,
  onRecord: (record: DecodedRecord) => void,
  result: PumpResult,
  baseOffset: number,
): void {
  for (;;) {
    const next = decoder.next();
    if (next.kind === 'need-more') return;
    if (next.kind === 'malformed') {
      result.damage.push({ offset: baseOffset + next.offset, reason: next.reason });
      decoder.resync();
      continue;
    }
    result.records++;
    if (next.record.type === 'lost') result.lostRecords += next.record.count;
    onRecord(next.record);
  }
}
