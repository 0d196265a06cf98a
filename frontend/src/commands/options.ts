// Option groups shared by the commands, so `ktrace`, `run` and `report`
// accept the same strace-style view flags.
import type { Argv } from 'yargs';
import { DEFAULT_VARS, eventMask, snaplenOf, splitList, varMask } from '../session/trace-options';
import { pidPrefixMode, type ViewOptions } from '../session/trace-view';
import { openViewOutput, type ViewOutput } from '../session/view-output';
import { UserError } from '../user-error';
import { parseSignalExpression, parseTraceExpression } from '../views/strace';
import { parseProbeSpec, resolveProbe, type TraceProbe } from '../usdt/trace-probe';

export interface SelectionArgs {
  events: string[];
  vars: string[];
  device: string;
}

export interface ViewArgs {
  output?: string;
  /** -f: 1, -ff: 2. */
  follow: number;
  s: number;
  T: boolean;
  t: number;
  r: boolean;
  e?: string | string[];
  c: boolean;
  json: boolean;
  /** -q: 1, -qq: 2 (no `+++ exited with N +++` lines). */
  q?: number;
  /** -v: structs unabbreviated. */
  v?: boolean;
  /** -a: return values' column. */
  a?: number;
}

/**
 * What the strace-style commands (run, trace) record unless --events says
 * otherwise: syscalls, and like strace the signals delivered and how each
 * thread ended (for `--- SIGx {...} ---` and `+++ killed by SIGx +++`).
 */
export const STRACE_EVENTS: readonly string[] = ['syscall', 'signal_deliver', 'proc_exit'];

export function withSelection<T>(y: Argv<T>, defaultEvents: readonly string[] = ['syscall']): Argv<T & SelectionArgs> {
  return y
    .option('events', {
      type: 'string',
      array: true,
      default: [...defaultEvents],
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
    .option('output', {
      alias: 'o',
      type: 'string',
      describe: 'write the trace to FILE; with -f every line starts with the PID, with -ff each thread gets FILE.TID',
    })
    .count('follow')
    .alias('follow', 'f')
    .describe('follow', 'follow children (-ff with -o: one file per thread); lines get [pid N] while several are traced')
    .option('s', { type: 'number', default: 32, describe: 'string snap length: bytes of buffers and argv strings shown (and captured, up to 1024)' })
    .option('T', { type: 'boolean', default: false, describe: 'show time spent in each syscall' })
    .option('v', { type: 'boolean', default: false, describe: 'print structs unabbreviated (stat, rusage, uname: every field)' })
    .option('a', { type: 'number', describe: 'align return values at column N (default 40), as strace -a' })
    .count('t')
    .describe('t', '-t time of day, -tt with microseconds, -ttt seconds since the epoch')
    .option('r', { type: 'boolean', default: false, describe: 'relative timestamp (since the previous line)' })
    .option('e', {
      type: 'string',
      describe: 'trace=NAMES|%CLASS: which syscalls to show; signal=SET: which signals (given twice, the last wins, as in strace)',
    })
    .count('q')
    .describe('q', '-qq: no "+++ exited with N +++" lines ("+++ killed by SIG +++" follows -e signal=, as in strace; -q alone changes nothing)')
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

/** strace's -e qualifiers ktrace does not implement (with their short forms), named in the error. */
const STRACE_QUALIFIERS = new Set([
  'abbrev', 'a', 'verbose', 'v', 'raw', 'x', 'read', 'reads', 'r', 'write', 'writes', 'w',
  'fault', 'inject', 'status', 'quiet', 'silent', 'silence', 'q', 'decode-fds', 'decode-fd', 'decode-pids', 'decode-pid',
  'kvm', 'trace-fds', 'trace-fd', 'fd', 'fds', 'secontext', 'namespace',
]);

/** strace's names of the signal= qualifier. */
const SIGNAL_QUALIFIERS = new Set(['signal', 'signals', 's']);

/**
 * The signal= expression of the -e options (the last one wins), checked,
 * or undefined for strace's default, all signals.
 */
export function signalExpression(e: string | readonly string[] | undefined): string | undefined {
  const given = e === undefined ? [] : Array.isArray(e) ? e : [e as string];
  let expression: string | undefined;
  for (const item of given.map(String)) {
    const eq = item.indexOf('=');
    if (eq >= 0 && SIGNAL_QUALIFIERS.has(item.slice(0, eq))) expression = item.slice(eq + 1);
  }
  if (expression === undefined) return undefined;
  try {
    parseSignalExpression(expression);
  } catch (err) {
    throw new UserError(`-e signal=${expression}: ${(err as Error).message}`, 2);
  }
  return expression;
}

/**
 * The trace= expression of the -e options, checked: strace's qualifier
 * syntax (`-e trace=open`, `-e open`); the last trace= wins; signal= is
 * signalExpression's; other qualifiers and bad names are one usage error
 * naming what is wrong.
 */
export function traceExpression(e: string | readonly string[] | undefined): string | undefined {
  const given = e === undefined ? [] : Array.isArray(e) ? e : [e as string];
  let expression: string | undefined;
  for (const item of given.map(String)) {
    const eq = item.indexOf('=');
    const qualifier = eq < 0 ? 'trace' : item.slice(0, eq);
    const value = eq < 0 ? item : item.slice(eq + 1);
    if (qualifier === 'trace' || qualifier === 't') expression = value;
    else if (SIGNAL_QUALIFIERS.has(qualifier)) continue;
    else if (STRACE_QUALIFIERS.has(qualifier))
      throw new UserError(`-e ${item}: strace's ${qualifier}= qualifier is not supported; ktrace filters with -e trace= and -e signal=`, 2);
    else throw new UserError(`-e ${item}: unknown qualifier '${qualifier}' (ktrace takes -e trace=NAMES|%CLASS and -e signal=SET)`, 2);
  }
  if (expression === undefined) return undefined;
  if (expression === '') throw new UserError('-e trace=: empty list of system calls (use trace=none to show none)', 2);
  try {
    parseTraceExpression(expression);
  } catch (err) {
    throw new UserError(`-e trace=${expression}: ${(err as Error).message}`, 2);
  }
  return expression;
}

/** What the pid prefixes depend on besides the flags: whether the trace covers every process. */
export interface ViewContext {
  readonly systemWide: boolean;
  /** Several -p pids: strace's other reason for the PID column in -o FILE. */
  readonly severalPids?: boolean;
}

/** -ff with -o: one file per thread (not for -c, whose table is one). */
function separateFiles(args: ViewArgs): boolean {
  return args.follow >= 2 && args.output !== undefined && !args.c;
}

/** The view's output: @fallbackFd, -o FILE, or with -ff FILE.TID per thread. */
export function viewOutput(args: ViewArgs, fallbackFd: 1 | 2): ViewOutput {
  return openViewOutput(args.output, separateFiles(args), fallbackFd);
}

export function viewOptions(args: ViewArgs, realtimeOffsetNs: bigint | undefined, context: ViewContext, output?: ViewOutput): ViewOptions {
  const stamps = ['none', 't', 'tt', 'ttt'] as const;
  return {
    pids: pidPrefixMode({
      toFile: args.output !== undefined,
      follow: separateFiles(args) ? 2 : Math.min(args.follow, 1),
      systemWide: context.systemWide,
      severalPids: context.severalPids,
    }),
    perThread: output?.perThread,
    durations: args.T,
    timestamps: stamps[Math.min(args.t, 3)],
    relative: args.r,
    snapLength: snaplenOf(args.s),
    verbose: args.v ?? false,
    alignColumn: alignColumnOf(args.a),
    trace: traceExpression(args.e),
    signals: signalExpression(args.e),
    quiet: args.q ?? 0,
    summary: args.c,
    json: args.json,
    realtimeOffsetNs,
  };
}

/** -a N: a column from 0 up; strace refuses anything else the same way. */
export function alignColumnOf(a: number | undefined): number | undefined {
  if (a === undefined) return undefined;
  if (!Number.isInteger(a) || a < 0) throw new UserError(`-a: invalid column: ${a}`, 2);
  return a;
}

/** A repeatable option's values (not `array: true`, which would swallow a positional argument). */
export function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}
