// The one decode loop: a byte source read chunk by chunk through the
// streaming decoder, as an async iterator of records. Damage is noted with
// its offset and skipped at the next keyframe, so a corrupt or truncated
// input still yields everything else.
import { StreamDecoder } from './decoder';
import type { DecodedRecord } from './types';

/** Anything the trace stream can be read from: the device, a recording, a test double. */
export interface ByteSource {
  read(into: Buffer): Promise<number>;
  close(): void;
}

export interface StreamReport {
  records: number;
  /** Sum of the lost records' counts. */
  lostRecords: number;
  /** Where the stream was malformed (absolute offsets, baseOffset added) and why: the first MAX_DAMAGE_KEPT. */
  damage: { offset: number; reason: string }[];
  /** Damaged places met, including those past the ones kept. */
  damageCount: number;
  /** Bytes left over that never formed a whole record (a truncated tail); set at the end. */
  trailingBytes: number;
  /** Stream bytes read so far. */
  bytes: number;
}

export interface RecordStreamOptions {
  /** Offset of the stream's first byte in its file, for error messages. */
  baseOffset?: number;
  chunkBytes?: number;
  /**
   * Awaited after each chunk is read and its records consumed, with the chunk's
   * size: a view flushes its output or applies backpressure here.
   */
  afterChunk?: (bytes: number) => void | Promise<void>;
}

/** Damaged places whose offset and reason are kept; the rest are only counted. */
export const MAX_DAMAGE_KEPT = 100;

export class RecordStream implements AsyncIterable<DecodedRecord> {
  readonly report: StreamReport = { records: 0, lostRecords: 0, damage: [], damageCount: 0, trailingBytes: 0, bytes: 0 };

  constructor(
    private readonly source: ByteSource,
    private readonly opts: RecordStreamOptions = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<DecodedRecord> {
    const decoder = new StreamDecoder();
    const buf = Buffer.alloc(this.opts.chunkBytes ?? 1 << 16);
    const base = this.opts.baseOffset ?? 0;
    for (;;) {
      const n = await this.source.read(buf);
      if (n === 0) break;
      this.report.bytes += n;
      decoder.push(buf.subarray(0, n));
      for (;;) {
        const next = decoder.next();
        if (next.kind === 'need-more') break;
        if (next.kind === 'malformed') {
          // Bounded: a long damaged stream must not grow memory; the first places say where it starts.
          if (this.report.damage.length < MAX_DAMAGE_KEPT) this.report.damage.push({ offset: base + next.offset, reason: next.reason });
          this.report.damageCount++;
          decoder.resync();
          continue;
        }
        this.report.records++;
        if (next.record.type === 'lost') this.report.lostRecords += next.record.count;
        yield next.record;
      }
      await this.opts.afterChunk?.(n);
    }
    this.report.trailingBytes = decoder.buffered;
  }
}

/** The records of @source, decoded; `for await` them, then read `.report`. */
export function readRecords(source: ByteSource, opts: RecordStreamOptions = {}): RecordStream {
  return new RecordStream(source, opts);
}

/** An in-memory stream as a ByteSource, handed out @chunkBytes at a time (tests, the bench). */
export function bytesSource(bytes: Uint8Array, chunkBytes = 1 << 16): ByteSource {
  let at = 0;
  return {
    read: (into) => {
      const n = Math.min(into.length, chunkBytes, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
    close: () => undefined,
  };
}
