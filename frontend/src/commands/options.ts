// Option groups shared by the commands, so `ktrace`, `run` and `report`
// accept the same strace-style view flags.
import type { Argv } from 'yargs';
import { DEFAULT_VARS, eventMask, snaplenOf, splitList, varMask } from '../session/trace-options';
import type { ViewOptions } from '../session/trace-view';
import { parseProbeSpec, resolveProbe, type TraceProbe } from '../usdt/trace-probe';

export interface SelectionArgs {
  events: string[];
  vars: string[];
  device: string;
}

export interface ViewArgs {
  output?: string;
  follow: boolean;
  s: number;
  T: boolean;
  t: number;
  r: boolean;
  e?: string;
  c: boolean;
  json: boolean;
}

export function withSelection<T>(y: Argv<T>): Argv<T & SelectionArgs> {
  return y
    .option('events', {
      type: 'string',
      array: true,
      default: ['syscall'],
      describe: 'events or families to record (comma list; `list` shows them), and USDT probes: u:PATH:[provider:]name ["fmt", arg1, ...]',
    })
    .option('vars', {
      type: 'string',
      array: true,
      default: [...DEFAULT_VARS],
      describe: 'variables to record (`list` shows them); `strings` captures paths, buffers, argv and addresses',
    })
    .option('device', { type: 'string', default: '/dev/trace', describe: 'trace device' }) as unknown as Argv<T & SelectionArgs>;
}

export function withView<T>(y: Argv<T>): Argv<T & ViewArgs> {
  return y
    .option('output', { alias: 'o', type: 'string', describe: 'write the trace to FILE instead of stderr' })
    .option('follow', { alias: 'f', type: 'boolean', default: false, describe: 'follow children; prefix lines with [pid N]' })
    .option('s', { type: 'number', default: 32, describe: 'string snap length: bytes of buffers and argv strings shown (and captured, up to 1024)' })
    .option('T', { type: 'boolean', default: false, describe: 'show time spent in each syscall' })
    .count('t')
    .describe('t', '-t time of day, -tt with microseconds, -ttt seconds since the epoch')
    .option('r', { type: 'boolean', default: false, describe: 'relative timestamp (since the previous line)' })
    .option('e', { type: 'string', describe: 'trace=NAMES|%CLASS: which syscalls to show' })
    .option('c', { type: 'boolean', default: false, describe: 'summary table of syscalls instead of a trace' })
    .option('json', { type: 'boolean', default: false, describe: 'one JSON object per event (docs/json-output.md)' }) as unknown as Argv<
    T & ViewArgs
  >;
}

/**
 * --events values: event names (comma lists) and USDT probe specs. A probe
 * spec runs to the end of its value (its format and arguments have commas).
 */
export function splitEvents(values: readonly string[]): { names: string[]; probes: string[] } {
  const names: string[] = [];
  const probes: string[] = [];
  for (const value of values) {
    const at = value.search(/(^|,)\s*u:/);
    const head = at < 0 ? value : value.slice(0, at);
    names.push(...splitList(head));
    if (at >= 0) probes.push(value.slice(at).replace(/^,?\s*/, ''));
  }
  return { names, probes };
}

/** The masks a selection asks for; pid is always added, the views need it; usdt when it has probes. */
export function selectionMasks(args: SelectionArgs, extraProbes: readonly string[] = []): { events: bigint; vars: bigint; probes: TraceProbe[] } {
  const { names, probes } = splitEvents(args.events);
  const specs = [...probes, ...extraProbes];
  const resolved = specs.map((spec) => resolveProbe(parseProbeSpec(spec)));
  if (resolved.length && !names.includes('usdt')) names.push('usdt');
  return { events: eventMask(names), vars: varMask([...splitList(args.vars), 'pid']), probes: resolved };
}

/** `-s N`, for the commands that read a live device: the snap length the module is asked to capture. */
export function withSnaplen<T>(y: Argv<T>): Argv<T & { s: number }> {
  return y.option('s', { type: 'number', default: 32, describe: 'string snap length: bytes of buffers and argv strings captured (up to 1024)' }) as unknown as Argv<
    T & { s: number }
  >;
}

export const LOST_HINT = 'the reader fell behind; load trace.ko with a larger buffer_kb';

export function viewOptions(args: ViewArgs, realtimeOffsetNs?: bigint): ViewOptions {
  const stamps = ['none', 't', 'tt', 'ttt'] as const;
  return {
    follow: args.follow,
    durations: args.T,
    timestamps: stamps[Math.min(args.t, 3)],
    relative: args.r,
    snapLength: snaplenOf(args.s),
    trace: args.e,
    summary: args.c,
    json: args.json,
    realtimeOffsetNs,
  };
}
