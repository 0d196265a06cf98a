// Event rate: a sparkline per event family over the last seconds.
import { eventByBit } from '../../../abi/abi';
import type { EventRecord } from '../../../decode';
import { SecondSeries } from '../rolling';

const HISTORY_SECONDS = 300;
const BARS = ' ▁▂▃▄▅▆▇█';

export class EventRatePanelModel {
  private readonly families = new Map<string, SecondSeries>();

  onRecord(record: EventRecord, sec: number): void {
    const family = eventByBit(record.eventBit)?.family ?? 'other';
    let series = this.families.get(family);
    if (!series) this.families.set(family, (series = new SecondSeries(HISTORY_SECONDS)));
    series.add(sec);
  }

  get size(): number {
    return this.families.size;
  }

  /** Each family's counts for the @width seconds ending with @last, families by name. */
  series(last: number, width: number): { family: string; counts: number[] }[] {
    return [...this.families.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([family, s]) => ({ family, counts: s.window(last, width) }));
  }
}

/** One character per value, scaled to the largest; zero is a blank. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? BARS[0] : BARS[Math.max(1, Math.round((v / max) * (BARS.length - 1)))])).join('');
}

/** `family  ▁▂█  123/s`: the rate is the last complete second. */
export function formatRateLine(family: string, counts: readonly number[], width: number): string {
  const last = counts.length >= 2 ? counts[counts.length - 2] : 0;
  const rate = `${last}/s`.padStart(8);
  const barWidth = Math.max(1, width - 8 - rate.length - 1);
  return `${family.padEnd(8)}${sparkline(counts.slice(-barWidth))} ${rate}`;
}
