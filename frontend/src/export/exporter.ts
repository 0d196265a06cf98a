// Ships spans in batches through a transport: a bounded queue that counts
// what it drops, one batch in flight, retries with exponential backoff for
// what may succeed later (timeouts, refused connections, 408/429/5xx).
import type { ExportSpan } from './span';

export class ExportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface Transport {
  /** Where the spans go, for messages. */
  readonly name: string;
  /** Resolves when the receiver took the batch; throws an ExportError otherwise. */
  send(batch: readonly ExportSpan[]): Promise<void>;
}

export interface ExporterOptions {
  /** Spans held at most; more are dropped (and counted). */
  readonly maxQueue: number;
  readonly batchSize: number;
  /** Attempts after the first. */
  readonly maxRetries: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** A partial batch waits this long for more spans (0: only flush() sends it). */
  readonly flushIntervalMs: number;
}

export const DEFAULT_EXPORTER_OPTIONS: ExporterOptions = {
  maxQueue: 8192,
  batchSize: 512,
  maxRetries: 4,
  initialBackoffMs: 200,
  maxBackoffMs: 5000,
  flushIntervalMs: 1000,
};

export interface ExportStats {
  exported: number;
  /** Spans the full queue turned away, and spans of batches that failed for good. */
  dropped: number;
  retries: number;
  failedBatches: number;
  lastError?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SpanExporter {
  readonly options: ExporterOptions;
  readonly stats: ExportStats = { exported: 0, dropped: 0, retries: 0, failedBatches: 0 };
  private readonly queue: ExportSpan[] = [];
  private sending?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly transport: Transport,
    options: Partial<ExporterOptions> = {},
  ) {
    this.options = { ...DEFAULT_EXPORTER_OPTIONS, ...options };
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Queues @span; false (and counted) when the queue is full. */
  push(span: ExportSpan): boolean {
    if (this.queue.length >= this.options.maxQueue) {
      this.stats.dropped++;
      return false;
    }
    this.queue.push(span);
    if (this.queue.length >= this.options.batchSize) void this.pump();
    else if (this.options.flushIntervalMs > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.pump();
      }, this.options.flushIntervalMs);
      this.timer.unref();
    }
    return true;
  }

  /** Sends everything queued; resolves when each batch was taken or given up on. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.sending || this.queue.length) await this.pump();
  }

  private pump(): Promise<void> {
    this.sending ??= (async () => {
      try {
        while (this.queue.length) await this.sendBatch(this.queue.splice(0, this.options.batchSize));
      } finally {
        this.sending = undefined;
      }
    })();
    return this.sending;
  }

  private async sendBatch(batch: ExportSpan[]): Promise<void> {
    const { maxRetries, initialBackoffMs, maxBackoffMs } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.transport.send(batch);
        this.stats.exported += batch.length;
        return;
      } catch (err) {
        const e = err instanceof ExportError ? err : new ExportError(String((err as Error)?.message ?? err), true);
        this.stats.lastError = e.message;
        if (!e.retryable || attempt >= maxRetries) {
          this.stats.dropped += batch.length;
          this.stats.failedBatches++;
          return;
        }
        this.stats.retries++;
        await sleep(Math.min(maxBackoffMs, initialBackoffMs * 2 ** attempt));
      }
    }
  }
}
