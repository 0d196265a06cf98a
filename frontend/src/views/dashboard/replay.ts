// Plays a `ktrace record` file at the pace its timestamps give, times
// --speed, so the dashboard looks as it did live.
import { StreamDecoder, type DecodedRecord } from '../../decode';
import { FileSource } from '../../record/file-source';
import type { RecordHeader } from '../../record/record-file';

export interface ReplayControl {
  /** While true, playback waits. */
  paused(): boolean;
  /** Once true, playback ends. */
  stopped(): boolean;
}

const MAX_SLEEP_MS = 50;
const MAX_DAMAGE_KEPT = 100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Replay {
  readonly header: RecordHeader;
  private readonly source: FileSource;
  private readonly streamBytes: number;
  /** Stream bytes played so far. */
  private played = 0;
  /** Damage met so far, with file offsets, as `ktrace report` reports it. */
  readonly damage: { offset: number; reason: string }[] = [];
  /** At the end: bytes that never formed a whole record (a truncated recording). */
  trailingBytes = 0;
  private readonly streamOffset: number;
  /** Damaged spots met, including those beyond the ones kept. */
  damageCount = 0;

  constructor(
    path: string,
    readonly speed: number,
  ) {
    const opened = FileSource.open(path);
    this.source = opened.source;
    this.header = opened.header;
    this.streamOffset = opened.streamOffset;
    this.streamBytes = Math.max(0, opened.source.size - opened.streamOffset);
  }

  /** How far through the recording, 0..1. */
  get fraction(): number {
    return this.streamBytes ? Math.min(1, this.played / this.streamBytes) : 1;
  }

  /** Hands every record to @onRecord when its time comes; damage is skipped at the next keyframe. */
  async play(onRecord: (record: DecodedRecord) => void, control: ReplayControl): Promise<void> {
    const decoder = new StreamDecoder();
    const chunk = Buffer.alloc(1 << 16);
    let firstNs: number | undefined;
    let startMs = 0;
    try {
      for (;;) {
        const n = await this.source.read(chunk);
        if (n === 0) break;
        decoder.push(chunk.subarray(0, n));
        for (let next = decoder.next(); next.kind !== 'need-more'; next = decoder.next()) {
          if (next.kind === 'malformed') {
            // Bounded: one entry per damaged spot is plenty to say where it starts.
            if (this.damage.length < MAX_DAMAGE_KEPT) this.damage.push({ offset: this.streamOffset + next.offset, reason: next.reason });
            this.damageCount++;
            decoder.resync();
            continue;
          }
          const record = next.record;
          if (record.type === 'event' || record.type === 'keyframe') {
            if (firstNs === undefined) {
              firstNs = record.tsNs;
              startMs = performance.now();
            }
            // Waiting while paused moves the start, so the pace resumes where it stopped.
            for (;;) {
              if (control.stopped()) return;
              const pausedAt = performance.now();
              while (control.paused() && !control.stopped()) await sleep(MAX_SLEEP_MS);
              startMs += performance.now() - pausedAt;
              const due = startMs + (record.tsNs - firstNs) / 1e6 / this.speed;
              const wait = due - performance.now();
              if (wait <= 0) break;
              await sleep(Math.min(wait, MAX_SLEEP_MS));
            }
          }
          this.played = record.offset + record.length;
          onRecord(record);
        }
      }
      this.played = this.streamBytes;
      this.trailingBytes = decoder.buffered;
    } finally {
      this.source.close();
    }
  }

  /** The damage so far in one short line for the screen, or undefined while there is none. */
  warning(): string | undefined {
    const parts: string[] = [];
    if (this.damageCount) {
      const first = this.damage[0];
      parts.push(`damaged recording: malformed at offset ${first.offset}${this.damageCount > 1 ? ` and ${this.damageCount - 1} more` : ''}, skipped to the next keyframe`);
    }
    if (this.trailingBytes) parts.push(`truncated recording: the last ${this.trailingBytes} bytes are not a whole record`);
    return parts.length ? parts.join('; ') : undefined;
  }

  /** Every problem, one line each, for stderr once the screen is gone (as `ktrace report` says them). */
  problems(file: string): string[] {
    const lines = this.damage.map((d) => `${file}: malformed at offset ${d.offset}: ${d.reason}; resumed at the next keyframe`);
    if (this.damageCount > this.damage.length) lines.push(`${file}: ${this.damageCount - this.damage.length} more damaged places`);
    if (this.trailingBytes) lines.push(`${file}: truncated: the last ${this.trailingBytes} bytes do not form a whole record`);
    return lines;
  }
}
