// Hands every record of a byte source to a callback: the decode loop
// (decode/record-stream.ts) for consumers that are callbacks, not loops.
import { readRecords, type ByteSource, type DecodedRecord, type StreamReport } from '../decode';

export type PumpResult = StreamReport;

export interface PumpOptions {
  /** Offset of the stream's first byte in its file, for error messages. */
  baseOffset?: number;
  chunkBytes?: number;
  /** After each chunk read and handed out, with its size: a live view flushes its output here. */
  onChunk?: (bytes: number) => void | Promise<void>;
}

export async function pump(source: ByteSource, onRecord: (record: DecodedRecord) => void, opts: PumpOptions = {}): Promise<PumpResult> {
  const records = readRecords(source, { baseOffset: opts.baseOffset, chunkBytes: opts.chunkBytes, afterChunk: opts.onChunk });
  for await (const record of records) onRecord(record);
  return records.report;
}
