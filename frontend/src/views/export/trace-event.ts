// The Chrome/Perfetto JSON trace-event format, as far as the export uses it:
// https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
// (times in microseconds; `X` complete slices, `B` begun slices, `i`
// instants, `C` counters, `M` metadata such as process and thread names).

export type ArgValue = string | number | boolean | null;

interface Common {
  readonly name: string;
  readonly pid: number;
  readonly args?: Readonly<Record<string, ArgValue>>;
}

export interface CompleteEvent extends Common {
  readonly ph: 'X';
  readonly cat: string;
  readonly ts: number;
  readonly dur: number;
  readonly tid: number;
}

/** A slice that began and was still open when the trace ended (Perfetto shows "Did not end"). */
export interface BeginEvent extends Common {
  readonly ph: 'B';
  readonly cat: string;
  readonly ts: number;
  readonly tid: number;
}

/** `s`: t thread, p process, g global (a line across the whole timeline). */
export interface InstantEvent extends Common {
  readonly ph: 'i';
  readonly cat: string;
  readonly ts: number;
  readonly tid: number;
  readonly s: 't' | 'p' | 'g';
}

/** One counter track per (pid, name); each args key is a series of it. */
export interface CounterEvent extends Common {
  readonly ph: 'C';
  readonly ts: number;
  readonly args: Readonly<Record<string, number>>;
}

export interface MetadataEvent extends Common {
  readonly ph: 'M';
  readonly name: 'process_name' | 'thread_name' | 'process_sort_index' | 'thread_sort_index';
  readonly tid?: number;
  readonly args: Readonly<Record<string, ArgValue>>;
}

export type TraceEvent = CompleteEvent | BeginEvent | InstantEvent | CounterEvent | MetadataEvent;

/** The JSON object form, which also carries metadata about the recording. */
export interface TraceFile {
  readonly traceEvents: readonly TraceEvent[];
  readonly displayTimeUnit: 'ns';
  readonly otherData: Readonly<Record<string, string>>;
}

/** CLOCK_MONOTONIC nanoseconds to the format's microseconds (fractions keep the ns). */
export function micros(ns: number): number {
  return ns / 1000;
}

/**
 * The synthetic process holding the system-wide tracks (CPUs, memory
 * counters). Linux pids stay below PID_MAX_LIMIT (2^22), so no real process
 * can share it.
 */
export const SYSTEM_PID = 1 << 22;

/** The synthetic thread of SYSTEM_PID that is CPU @cpu's track. */
export function cpuTrackTid(cpu: number): number {
  return SYSTEM_PID + 1 + cpu;
}

/** Every event with a time (all but metadata). */
export type TimedEvent = Exclude<TraceEvent, MetadataEvent>;
