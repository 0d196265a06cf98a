// Memory chart (thesis Figure 5.1, live): free against total memory per
// second, with the rates of page faults, page in/out and swap in/out.
import type { EventRecord } from '../../../decode';
import { MEMORY_COUNTERS as COUNTERS, type MemoryCounter as Counter } from '../../mem/counters';
import { TAG } from '../fields';
import { Ring } from '../rolling';


export interface MemSample {
  sec: number;
  freeBytes: number;
  totalBytes: number;
  /** Counter increase during the second. */
  rates: Record<Counter, number>;
}

const HISTORY_SECONDS = 600;

export class MemoryPanelModel {
  private readonly samples = new Ring<MemSample>(HISTORY_SECONDS);
  private sec = -1;
  private latest: MemSample | undefined;
  private counters: Record<Counter, number> | undefined;
  private base: Record<Counter, number> | undefined;

  onRecord(record: EventRecord, sec: number): void {
    const total = record.get(TAG.totalMem);
    if (total === 0) return; // the stream lacks the memory variables
    if (sec !== this.sec) this.closeSecond(sec);
    this.counters = {
      pageFaults: record.get(TAG.pageFaults),
      pageIns: record.get(TAG.pageIns),
      pageOuts: record.get(TAG.pageOuts),
      swapIns: record.get(TAG.swapIns),
      swapOuts: record.get(TAG.swapOuts),
    };
    this.base ??= { ...this.counters };
    this.latest = { sec, freeBytes: record.get(TAG.freeMem), totalBytes: total, rates: this.latest?.rates ?? zero() };
  }

  /** Ends the second in progress: its sample holds the last values and the counters' increase. */
  private closeSecond(next: number): void {
    if (this.latest && this.counters && this.base) {
      const rates = zero();
      for (const c of COUNTERS) rates[c] = Math.max(0, this.counters[c] - this.base[c]);
      this.samples.push({ ...this.latest, rates });
      this.base = { ...this.counters };
    }
    this.sec = next;
  }

  /** Complete seconds, oldest first, then the one in progress (its rates not yet known: zero). */
  history(): MemSample[] {
    const done = this.samples.toArray();
    return this.latest && this.latest.sec !== done[done.length - 1]?.sec ? [...done, { ...this.latest, rates: zero() }] : done;
  }

  get size(): number {
    return this.samples.length;
  }

  /** The last complete second, or undefined before one ended. */
  lastComplete(): MemSample | undefined {
    return this.samples.last();
  }

  current(): MemSample | undefined {
    return this.latest;
  }
}

function zero(): Record<Counter, number> {
  return { pageFaults: 0, pageIns: 0, pageOuts: 0, swapIns: 0, swapOuts: 0 };
}

const MIB = 1 << 20;

/** The figures under the chart (rates of the last complete second), packed into lines of @width. */
export function formatMemoryFigures(now: MemSample | undefined, last: MemSample | undefined, width: number): string[] {
  if (!now) return ['no memory variables'];
  const r = last?.rates ?? zero();
  const items = [
    `free ${(now.freeBytes / MIB).toFixed(0)}M/${(now.totalBytes / MIB).toFixed(0)}M ${((100 * now.freeBytes) / now.totalBytes).toFixed(1)}%`,
    `flt/s ${r.pageFaults}`,
    `pgin/s ${r.pageIns}`,
    `pgout/s ${r.pageOuts}`,
    `swpin/s ${r.swapIns}`,
    `swpout/s ${r.swapOuts}`,
  ];
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 2 + item.length <= width) lines[last] += `  ${item}`;
    else lines.push(item);
  }
  return lines;
}

/**
 * A braille line chart of @values (0..@max) filling @width x @height cells:
 * each cell holds 2 x 4 dots. With at least one value per dot column the
 * newest are shown one per column, the newest on the right; fewer values
 * are spread over the whole width, joined by straight lines, so a short
 * history still fills the box. Steps between columns are drawn vertically,
 * so the line never breaks.
 */
export function brailleChart(values: readonly number[], max: number, width: number, height: number): string[] {
  const dotsHigh = height * 4;
  const dotsWide = width * 2;
  const grid: number[][] = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  // Dot bits of a braille cell by [column][row from the top].
  const BITS = [
    [0x01, 0x02, 0x04, 0x40],
    [0x08, 0x10, 0x20, 0x80],
  ];
  const levelOf = (v: number) => (max > 0 ? Math.min(dotsHigh - 1, Math.max(0, (v / max) * (dotsHigh - 1))) : 0);
  const shown = values.slice(-dotsWide);
  const levels: number[] = [];
  if (shown.length === 1) levels.push(...new Array<number>(dotsWide).fill(Math.round(levelOf(shown[0]))));
  else if (shown.length > 1) {
    for (let x = 0; x < dotsWide; x++) {
      // Position of column x among the values: 0 .. shown.length - 1.
      const at = (x * (shown.length - 1)) / (dotsWide - 1);
      const i = Math.min(shown.length - 2, Math.floor(at));
      const f = at - i;
      levels.push(Math.round(levelOf(shown[i]) * (1 - f) + levelOf(shown[i + 1]) * f));
    }
  }
  const dot = (x: number, level: number) => {
    const y = dotsHigh - 1 - level;
    grid[Math.floor(y / 4)][Math.floor(x / 2)] |= BITS[x % 2][y % 4];
  };
  levels.forEach((level, x) => {
    const prev = x > 0 ? levels[x - 1] : level;
    // From the step's middle to this level, so a jump reads as a vertical line.
    const lo = Math.min(level, prev < level ? prev + 1 : level);
    const hi = Math.max(level, prev > level ? prev - 1 : level);
    for (let l = lo; l <= hi; l++) dot(x, l);
  });
  return grid.map((row) => row.map((bits) => String.fromCharCode(0x2800 + bits)).join(''));
}
