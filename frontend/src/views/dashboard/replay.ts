// Plays a `ktrace record` file at the pace its timestamps give, times
// --speed, so the dashboard looks as it did live.
import { readRecords, type DecodedRecord, type StreamReport } from '../../decode';
import { FileSource } from '../../record/file-source';
import type { RecordHeader } from '../../record/record-file';
import { problemLines } from '../../session/recording-problems';

export interface ReplayControl {
  /** While true, playback waits. */
  paused(): boolean;
  /** Once true, playback ends. */
  stopped(): boolean;
}

const MAX_SLEEP_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Replay {
  readonly header: RecordHeader;
  private readonly source: FileSource;
  private readonly streamBytes: number;
  /** Stream bytes played so far. */
  private played = 0;
  /** Damage met so far (file offsets, as `ktrace report` reports it; bounded) and, at the end, a truncated tail. */
  private report: StreamReport | undefined;
  private readonly streamOffset: number;

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
    let firstNs: number | undefined;
    let startMs = 0;
    try {
      const stream = readRecords(this.source, { baseOffset: this.streamOffset });
      this.report = stream.report;
      for await (const record of stream) {
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
      this.played = this.streamBytes;
    } finally {
      this.source.close();
    }
  }

  /** The damage so far in one short line for the screen, or undefined while there is none. */
  warning(): string | undefined {
    const report = this.report;
    if (!report) return undefined;
    const parts: string[] = [];
    if (report.damageCount) {
      const first = report.damage[0];
      const more = report.damageCount > 1 ? ` and ${report.damageCount - 1} more` : '';
      parts.push(`damaged recording: malformed at offset ${first.offset}${more}, skipped to the next keyframe`);
    }
    if (report.trailingBytes) parts.push(`truncated recording: the last ${report.trailingBytes} bytes are not a whole record`);
    return parts.length ? parts.join('; ') : undefined;
  }

  /** Every problem, one line each, for stderr once the screen is gone (as `ktrace report` says them). */
  problems(file: string): string[] {
    return this.report ? problemLines(file, this.report) : [];
  }
}
