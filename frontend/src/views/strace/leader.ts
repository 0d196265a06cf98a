// What strace prints before a line: `[pid  1234] ` (or `1234  ` in a file
// of -o FILE -f), the time of day (-t, -tt, -ttt) and the time since the
// previous line (-r).
import type { StraceOptions } from './types';

const NS_PER_SEC = 1_000_000_000n;
const NS_PER_USEC = 1000n;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function micros(ns: bigint): string {
  return String((ns % NS_PER_SEC) / NS_PER_USEC).padStart(6, '0');
}

/** strace's `[pid %5u] `: on the terminal, while more than one thread is traced. */
export function pidPrefix(tid: number): string {
  return `[pid ${String(tid).padStart(5)}] `;
}

/** strace's `%-5d `: every line of a shared output file of -f (`-o FILE -f`). */
export function pidColumn(tid: number): string {
  return `${String(tid).padEnd(5)} `;
}

/** -t/-tt/-ttt text for a CLOCK_MONOTONIC time, with a trailing space; '' when off. */
export function timeOfDay(tsNs: number, options: StraceOptions): string {
  const style = options.timestamps ?? 'none';
  if (style === 'none') return '';
  const wallNs = BigInt(Math.round(tsNs)) + BigInt(options.realtimeOffsetNs ?? 0);
  const seconds = wallNs / NS_PER_SEC;
  if (style === 'ttt') return `${seconds}.${micros(wallNs)} `;
  const date = new Date(Number(seconds) * 1000);
  const utc = options.timeZone === 'utc';
  const hms = utc
    ? `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
    : `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return style === 'tt' ? `${hms}.${micros(wallNs)} ` : `${hms} `;
}

/** -r text: `%6ld.%06ld ` of the nanoseconds since the previous line. */
export function relativeTime(deltaNs: number): string {
  const ns = BigInt(Math.max(0, Math.round(deltaNs)));
  return `${String(ns / NS_PER_SEC).padStart(6)}.${micros(ns)} `;
}

/** `<0.000123>` of -T. */
export function duration(ns: number): string {
  return ` <${(Math.max(0, ns) / 1e9).toFixed(6)}>`;
}

/** strace aligns `= result` at column 40 and falls back to one space. */
export const RETURN_COLUMN = 40;

export function withReturn(head: string, ret: string, column = RETURN_COLUMN): string {
  return head.length < column ? `${head.padEnd(column)}= ${ret}` : `${head} = ${ret}`;
}
