// The dashboard's state: every panel's aggregation, fed from one decoded
// stream. Time is record time, so replay and live aggregate identically.
import type { DecodedRecord } from '../../decode';
import { EventRatePanelModel } from './panels/event-rate';
import { MemoryPanelModel } from './panels/memory';
import { ProcessPanelModel } from './panels/processes';
import { SchedLogModel } from './panels/sched-log';
import { SpanPanelModel, type SpanWatch } from './panels/spans';
import { formatAlertEvent } from '../../spans/monitor';
import { StatusModel } from './panels/status';
import { SyscallPanelModel } from './panels/syscalls';

export class DashboardModel {
  readonly syscalls = new SyscallPanelModel();
  readonly processes = new ProcessPanelModel();
  readonly rates = new EventRatePanelModel();
  readonly memory = new MemoryPanelModel();
  readonly log = new SchedLogModel((pid) => this.processes.commOf(pid));
  readonly status = new StatusModel();
  /** With span monitoring: its crossings also go to the log. */
  readonly spans: SpanPanelModel | undefined;
  /** Timestamp of the first record, ns; seconds count from it. */
  startNs: number | undefined;
  lastNs = 0;

  constructor(spans?: SpanWatch) {
    this.spans = spans && new SpanPanelModel(spans, (e) => this.log.note(Number(e.at), formatAlertEvent(e)));
  }

  /**
   * Entries held by every panel: each is capped, so a dashboard left
   * running for days holds no more than after its first minutes.
   */
  stateSizes(): Record<string, number> {
    return {
      processes: this.processes.size,
      ...this.syscalls.sizes(),
      rateFamilies: this.rates.size,
      memorySamples: this.memory.size,
      logEntries: this.log.size,
      ...(this.spans ? { spanNames: this.spans.size } : {}),
    };
  }

  /** Whole seconds since the first record, of the latest record. */
  get nowSec(): number {
    return this.secOf(this.lastNs);
  }

  get elapsedSec(): number {
    return this.startNs === undefined ? 0 : (this.lastNs - this.startNs) / 1e9;
  }

  private secOf(tsNs: number): number {
    return this.startNs === undefined ? 0 : Math.floor((tsNs - this.startNs) / 1e9);
  }

  /** Live: time passes without records too, so rates fall to zero when nothing happens. */
  advanceTo(nowNs: number): void {
    if (this.startNs !== undefined) this.lastNs = Math.max(this.lastNs, nowNs);
  }

  /**
   * Live: every record before @settledNs has come. Traces idle since are
   * complete; not on the clock alone, which runs on while records wait to
   * be read and would end a trace before its last annotations came.
   */
  settleTo(settledNs: number): void {
    this.spans?.advanceTo(BigInt(Math.floor(settledNs)));
  }

  /** The stream ended (a replay's end): what is still in progress is complete. */
  endOfStream(): void {
    this.spans?.finish();
  }

  onRecord(record: DecodedRecord): void {
    if (record.type === 'event' || record.type === 'keyframe') {
      this.startNs ??= record.tsNs;
      this.lastNs = Math.max(this.lastNs, record.tsNs);
    }
    const sec = this.nowSec;
    this.status.onRecord(record, sec);
    // Annotations carry no relative state: the spans need no keyframe.
    this.spans?.onRecord(record);
    // Before the first keyframe the state is relative to zero: nothing to show yet.
    if (record.type !== 'event' || !record.synced) return;
    this.processes.onRecord(record, sec);
    this.syscalls.onRecord(record, sec);
    this.rates.onRecord(record, sec);
    this.memory.onRecord(record, sec);
    this.log.onRecord(record);
  }
}
