// Option groups shared by the commands, so `ktrace`, `run` and `report`
// accept the same strace-style view flags.
import { posix } from 'node:path';
import type { Argv } from 'yargs';
import { CONSTANTS } from '../abi/abi';
import { DEFAULT_VARS, eventMask, snaplenOf, splitList, varMask } from '../session/trace-options';
import { pidPrefixMode, type ViewOptions } from '../session/trace-view';
import { openViewOutput, type ViewOutput } from '../session/view-output';
import { UserError } from '../user-error';
import { parseFdSet, parseSignalExpression, parseStatusExpression, parseTraceExpression, type HexStrings } from '../views/strace';
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
  /** -x: 1, -xx: 2. */
  x?: number;
  /** --strings-in-hex=none|all|non-ascii. */
  'strings-in-hex'?: string;
  /** -y (-yy prints the same). */
  y?: number;
  /** -P PATH (repeatable). */
  P?: string | string[];
  /** -z / -Z: only successful / failed calls. */
  z?: boolean;
  Z?: boolean;
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
    .count('x')
    .describe('x', '-x: strings with non-ASCII bytes entirely as \\xNN; -xx: every string as \\xNN')
    .option('strings-in-hex', { type: 'string', describe: 'none, non-ascii (-x) or all (-xx)' })
    .count('y')
    .describe(
      'y',
      'print descriptors with what they refer to: 3</etc/passwd>. Known from /proc when the trace begins (run, trace -p) and from the ' +
        "trace's open/dup/close/fork/exec calls; paths as the call gave them, made absolute (symbolic links not resolved); sockets and pipes " +
        'made during the trace are bare numbers (their inode is not traced); -yy prints the same',
    )
    .option('P', {
      type: 'string',
      alias: 'trace-path',
      describe: 'only calls that name PATH or use a descriptor known (as for -y) to refer to it; repeatable',
    })
    .option('z', { type: 'boolean', alias: 'successful-only', describe: 'only calls that succeeded (-e status=successful)' })
    .option('Z', { type: 'boolean', alias: 'failed-only', describe: 'only calls that failed (-e status=failed)' })
    .count('t')
    .describe('t', '-t time of day, -tt with microseconds, -ttt seconds since the epoch')
    .option('r', { type: 'boolean', default: false, describe: 'relative timestamp (since the previous line)' })
    .option('e', {
      type: 'string',
      describe:
        'trace=NAMES|%CLASS: which syscalls to show; signal=SET: which signals; status=SET: calls that ended so (successful, failed, ' +
        'unfinished); read=FDS / write=FDS: hex and ASCII dump of the data read from / written to those descriptors (read, pread64, ' +
        'recvfrom / write, pwrite64, sendto; up to 1024 bytes are captured, the rest is counted as not captured). ' +
        'Given twice, the last wins, as in strace',
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

export const LOST_HINT = 'the reader fell behind; use --no-loss, or load trace.ko with a larger buffer_kb';

export interface LossArgs {
  /** false: --no-loss. */
  loss: boolean;
}

/** --loss / --no-loss; @noLossDefault: what the command does without either. */
export function withLoss<T>(y: Argv<T>, noLossDefault: boolean): Argv<T & LossArgs> {
  return y.option('loss', {
    type: 'boolean',
    default: !noLossDefault,
    describe:
      '--no-loss: a traced process that would outrun ktrace waits for it on its way back to user space, so no record is lost ' +
      '(the program is slowed, as under strace; needs a command or --pid); --loss: never slow it, records may be lost when ktrace falls behind',
  }) as unknown as Argv<T & LossArgs>;
}

/** How long no-loss targets waited for the reader, for a summary line; undefined if they never did. */
export function waitSummary(stats: { targetWaits: bigint; targetWaitNs: bigint }): string | undefined {
  if (stats.targetWaits === 0n) return undefined;
  const ms = Number(stats.targetWaitNs / 1000n) / 1000;
  return `traced processes waited ${stats.targetWaits} times (${ms.toFixed(3)} ms) for ktrace to catch up`;
}

/** strace's -e qualifiers ktrace does not implement (with their short forms), named in the error. */
const STRACE_QUALIFIERS = new Set([
  'abbrev', 'a', 'verbose', 'v', 'raw', 'x',
  'fault', 'inject', 'quiet', 'silent', 'silence', 'q', 'decode-fds', 'decode-fd', 'decode-pids', 'decode-pid',
  'kvm', 'trace-fds', 'trace-fd', 'fd', 'fds', 'secontext', 'namespace',
]);

/** strace's names of the signal= qualifier. */
const SIGNAL_QUALIFIERS = new Set(['signal', 'signals', 's']);

/** The other qualifiers ktrace takes, by each of strace's names for them. */
const VALUE_QUALIFIERS: { readonly [name: string]: 'read' | 'write' | 'status' } = {
  read: 'read', reads: 'read', r: 'read', write: 'write', writes: 'write', w: 'write', status: 'status',
};

/**
 * The read=, write= or status= expression of the -e options (the last one
 * wins), checked, or undefined when not given.
 */
export function qualifierExpression(e: string | readonly string[] | undefined, which: 'read' | 'write' | 'status'): string | undefined {
  const given = e === undefined ? [] : Array.isArray(e) ? e : [e as string];
  let expression: string | undefined;
  for (const item of given.map(String)) {
    const eq = item.indexOf('=');
    if (eq >= 0 && VALUE_QUALIFIERS[item.slice(0, eq)] === which) expression = item.slice(eq + 1);
  }
  if (expression === undefined) return undefined;
  try {
    if (which === 'status') parseStatusExpression(expression);
    else parseFdSet(expression);
  } catch (err) {
    throw new UserError(`-e ${which}=${expression}: ${(err as Error).message}`, 2);
  }
  return expression;
}

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
    else if (SIGNAL_QUALIFIERS.has(qualifier) || Object.prototype.hasOwnProperty.call(VALUE_QUALIFIERS, qualifier)) continue;
    else if (STRACE_QUALIFIERS.has(qualifier))
      throw new UserError(`-e ${item}: strace's ${qualifier}= qualifier is not supported; ktrace takes -e trace=, signal=, status=, read= and write=`, 2);
    else throw new UserError(`-e ${item}: unknown qualifier '${qualifier}' (ktrace takes -e trace=, signal=, status=, read= and write=)`, 2);
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
    hexStrings: hexStringsOf(args),
    decodeFds: (args.y ?? 0) > 0,
    tracePaths: tracePathsOf(args.P),
    status: statusOf(args),
    readFds: qualifierExpression(args.e, 'read'),
    writeFds: qualifierExpression(args.e, 'write'),
  };
}

/**
 * The snap length the module is asked to capture: -s, or with -e read= /
 * -e write= as much as it captures (KT_SNAPLEN_MAX), for the dumps; the
 * view still cuts strings at -s.
 */
export function captureSnaplen(args: Pick<ViewArgs, 's' | 'e'>): number {
  const snapLength = snaplenOf(args.s);
  const dumps = qualifierExpression(args.e, 'read') !== undefined || qualifierExpression(args.e, 'write') !== undefined;
  return dumps ? Math.max(snapLength, CONSTANTS.KT_SNAPLEN_MAX) : snapLength;
}

/** -x, -xx, --strings-in-hex. */
export function hexStringsOf(args: Pick<ViewArgs, 'x' | 'strings-in-hex'>): HexStrings {
  const named = args['strings-in-hex'];
  if (named !== undefined) {
    const styles: { readonly [name: string]: HexStrings } = { none: 'none', 'non-ascii': 'non-printable', all: 'all', '': 'all' };
    const style = Object.prototype.hasOwnProperty.call(styles, named) ? styles[named] : undefined;
    if (style === undefined) throw new UserError(`--strings-in-hex=${named}: not one of none, non-ascii, all`, 2);
    return style;
  }
  const x = args.x ?? 0;
  return x >= 2 ? 'all' : x === 1 ? 'non-printable' : 'none';
}

/** -P PATH...: the paths, each also made absolute against ktrace's own directory as strace resolves them. */
export function tracePathsOf(P: string | string[] | undefined): string[] | undefined {
  const paths = listOf(P);
  if (paths.length === 0) return undefined;
  if (paths.some((p) => p === '')) throw new UserError('-P: empty path', 2);
  return [...new Set(paths.flatMap((p) => (p.startsWith('/') ? [p] : [p, posix.resolve(process.cwd(), p)])))];
}

/** -e status= wins over -z / -Z (both: either). */
export function statusOf(args: Pick<ViewArgs, 'e' | 'z' | 'Z'>): string | undefined {
  const expression = qualifierExpression(args.e, 'status');
  if (expression !== undefined) return expression;
  const chosen = [...(args.z ? ['successful'] : []), ...(args.Z ? ['failed'] : [])];
  return chosen.length === 0 ? undefined : chosen.join(',');
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
