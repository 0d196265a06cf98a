// Status line: where the stream comes from, records/s, lost records, elapsed.
import type { DecodedRecord } from '../../../decode';
import { RollingRate } from '../rolling';

export interface SourceInfo {
  kernel: string;
  abi: number;
  /** Per-CPU ring size and CPUs, when known (live). */
  bufferBytesPerCpu?: number;
  nrCpus: number;
  readers?: number;
}

export class StatusModel {
  readonly records = new RollingRate();
  lost = 0;

  onRecord(record: DecodedRecord, sec: number): void {
    this.records.add(sec);
    if (record.type === 'lost') this.lost += record.count;
  }
}

export interface StatusView {
  source: SourceInfo;
  recordsPerSec: number;
  lost: number;
  elapsedSec: number;
  paused: boolean;
  /** Replay: how far through the file. */
  position?: { fraction: number; speed: number; done: boolean };
  filter?: string;
  /** Live: how far the view lags the kernel, seconds; shown from BEHIND_SHOWN_SEC on. */
  behindSec?: number;
}

/** Below this the lag is a redraw or two: not worth a warning. */
export const BEHIND_SHOWN_SEC = 1;

export function formatElapsed(sec: number): string {
  const s = Math.floor(sec);
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return hms.map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * Parts of the status line, most urgent first; `behind` (empty when caught
 * up) and `lost` are separate so the screen can highlight them. Given a
 * @width, the source's details go, least useful first, until the line fits:
 * readers, the buffer, the ABI, the kernel.
 */
export function formatStatus(v: StatusView, width = Infinity): { head: string; behind: string; lost: string; tail: string } {
  const pos = v.position ? ` | replay ${(v.position.fraction * 100).toFixed(0)}% x${v.position.speed}${v.position.done ? ' end' : ''}` : '';
  const buffer = v.source.bufferBytesPerCpu ? ` buf ${v.source.bufferBytesPerCpu >> 10}Kx${v.source.nrCpus}` : ` cpus ${v.source.nrCpus}`;
  const readers = v.source.readers !== undefined ? ` readers ${v.source.readers}` : '';
  const head = `${v.paused ? 'PAUSED | ' : ''}${v.recordsPerSec} rec/s | `;
  const behind = v.behindSec !== undefined && v.behindSec >= BEHIND_SHOWN_SEC ? `behind ${v.behindSec.toFixed(1)}s` : '';
  const lost = `lost ${v.lost}`;
  const essential = ` | ${formatElapsed(v.elapsedSec)}${pos}${v.filter ? ` | filter ${v.filter}` : ''}`;
  const sources = [
    ` | kernel ${v.source.kernel} ABI ${v.source.abi}${buffer}${readers}`,
    ` | kernel ${v.source.kernel} ABI ${v.source.abi}${buffer}`,
    ` | kernel ${v.source.kernel} ABI ${v.source.abi}`,
    ` | ${v.source.kernel}`,
    '',
  ];
  const fixed = head.length + (behind ? behind.length + 3 : 0) + lost.length + essential.length;
  const source = sources.find((s) => fixed + s.length <= width) ?? '';
  return { head, behind, lost, tail: essential + source };
}
