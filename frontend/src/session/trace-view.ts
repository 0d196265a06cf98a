// Routes decoded records to the right view: syscalls to the strace formatter
// (or its -c summary), other events to one line each in the same style (pid
// prefix, -t/-r stamps), losses to a marker. With -ff every thread has its
// own formatter and output, as strace writes FILE.TID.
import { FieldTag } from '../abi/abi';
import type { DecodedRecord, EventRecord } from '../decode';
import { eventFields, formatEventLine, formatLostLine } from '../views/event-line';
import { FdTracker, StraceFormatter, SyscallSummary, deliveredSignalOf, parseFdSet, parseStatusExpression, exitCodeOf, exitJson, exitStatusOf, parseSignalExpression, parseTraceExpression, shownDelivery, signalJson, syscallEventOf } from '../views/strace';
import type { HexStrings, InitialFd, PidPrefixMode, StraceOptions, SyscallEvent } from '../views/strace';
import { syscallNumber } from '../syscalls';
import { UserError } from '../user-error';
import type { ProbeSites } from '../usdt/attach';
import { formatUsdtLine, usdtJson } from '../views/usdt-line';

const EXIT_GROUP = syscallNumber('exit_group');

export interface ViewOptions {
  /** The pid prefix rule (see pidPrefixMode); `auto` unless told. */
  pids?: PidPrefixMode;
  durations: boolean;
  timestamps: 'none' | 't' | 'tt' | 'ttt';
  relative: boolean;
  snapLength: number;
  /** -v: structs unabbreviated. */
  verbose?: boolean;
  /** -a: the column return values are aligned at (strace's default 40). */
  alignColumn?: number;
  trace?: string;
  /** -e signal=: which delivered signals print (strace's syntax). */
  signals?: string;
  /** -q count: with 2 or more (-qq) no `+++ exited with N +++` lines. */
  quiet?: number;
  summary: boolean;
  json: boolean;
  realtimeOffsetNs?: bigint;
  /** -ff: the output of each thread, by tid (strace's FILE.TID); the shared write then gets nothing. */
  perThread?: (tid: number) => (line: string) => void;
  /** USDT probe sites of this trace, to show usdt records by name. */
  usdtSites?: ProbeSites;
  /** -x / -xx. */
  hexStrings?: HexStrings;
  /** -y: descriptors with their paths. */
  decodeFds?: boolean;
  /** -P: only calls touching these paths. */
  tracePaths?: string[];
  /** -e status= (or -z, -Z) expression. */
  status?: string;
  /** -e read= / -e write= descriptor sets. */
  readFds?: string;
  writeFds?: string;
}

function parsed<T>(what: string, expression: string | undefined, parse: (e: string) => T): T | undefined {
  if (expression === undefined) return undefined;
  try {
    return parse(expression);
  } catch (err) {
    throw new UserError(`bad -e ${what}= expression: ${(err as Error).message}`, 2);
  }
}

/**
 * strace's choice of pid prefix: `PID ` on every line of a shared -o FILE
 * when -f (or several -p pids, or a system-wide trace), none in -ff's
 * per-thread files, `[pid N]` on every line of a system-wide trace on the
 * terminal, else `[pid N]` while more than one thread is traced.
 */
export function pidPrefixMode(o: { toFile: boolean; follow: number; systemWide: boolean; severalPids?: boolean }): PidPrefixMode {
  if (o.toFile && o.follow >= 2) return 'none';
  if (o.toFile && (o.follow >= 1 || o.systemWide || o.severalPids === true)) return 'column';
  return o.systemWide ? 'always' : 'auto';
}

/** Decides per record whether it is shown (e.g. only after the first execve). */
export type RecordGate = (record: EventRecord) => boolean;

/** Shows a record only when every gate does; each gate sees every record (they learn from them). */
export function allGates(...gates: (RecordGate | undefined)[]): RecordGate {
  const active = gates.filter((g): g is RecordGate => g !== undefined);
  return (record) => active.reduce((shown, gate) => gate(record) && shown, true);
}

interface ThreadOutput {
  readonly formatter: StraceFormatter;
  readonly write: (line: string) => void;
  readonly pid: number;
}

export class TraceView {
  private readonly formatterOptions: StraceOptions;
  private readonly shared: ThreadOutput;
  private readonly threads = new Map<number, ThreadOutput>();
  private readonly summary?: SyscallSummary;
  /** -y / -P: the traced processes' descriptors, followed through every call. */
  private readonly fds?: FdTracker;
  lost = 0;

  constructor(
    private readonly opts: ViewOptions,
    write: (line: string) => void,
    private readonly gate: RecordGate = () => true,
  ) {
    let filter: StraceOptions['filter'];
    if (opts.trace) {
      try {
        filter = parseTraceExpression(opts.trace.replace(/^trace=/, ''));
      } catch (err) {
        throw new UserError(`bad -e expression: ${(err as Error).message}`, 2);
      }
    }
    let signalFilter: StraceOptions['signalFilter'];
    if (opts.signals !== undefined) {
      try {
        signalFilter = parseSignalExpression(opts.signals);
      } catch (err) {
        throw new UserError(`bad -e signal= expression: ${(err as Error).message}`, 2);
      }
    }
    this.fds = opts.decodeFds || opts.tracePaths !== undefined ? new FdTracker() : undefined;
    this.formatterOptions = {
      fds: this.fds,
      decodeFds: opts.decodeFds ?? false,
      tracePaths: opts.tracePaths,
      statusFilter: parsed('status', opts.status, parseStatusExpression),
      readFds: parsed('read', opts.readFds, parseFdSet),
      writeFds: parsed('write', opts.writeFds, parseFdSet),
      hexStrings: opts.hexStrings ?? 'none',
      signalFilter,
      exitLines: (opts.quiet ?? 0) < 2,
      pids: opts.perThread ? 'none' : opts.pids,
      durations: opts.durations,
      timestamps: opts.timestamps,
      realtimeOffsetNs: opts.realtimeOffsetNs,
      relative: opts.relative,
      snapLength: opts.snapLength,
      verbose: opts.verbose ?? false,
      alignColumn: opts.alignColumn,
      filter,
      json: opts.json,
    };
    this.shared = { formatter: new StraceFormatter(this.formatterOptions), write, pid: 0 };
    if (opts.summary) this.summary = new SyscallSummary({ filter });
  }

  /** -y / -P: what process @pid had open when the trace began (read from /proc by the command). */
  seedFds(pid: number, fds: readonly InitialFd[], cwd?: string): void {
    this.fds?.seed(pid, fds, cwd);
  }

  /** Whether the view follows descriptors (-y, -P): then the command seeds it. */
  get followsFds(): boolean {
    return this.fds !== undefined;
  }

  /** The formatter and output of a thread: the shared ones, or with -ff its own. */
  private outputOf(tid: number, pid: number): ThreadOutput {
    if (!this.opts.perThread) return this.shared;
    let out = this.threads.get(tid);
    if (out === undefined) {
      out = { formatter: new StraceFormatter(this.formatterOptions), write: this.opts.perThread(tid), pid };
      this.threads.set(tid, out);
    }
    return out;
  }

  onRecord(record: DecodedRecord): void {
    if (record.type === 'lost') {
      this.lost += record.count;
      if (this.summary) return;
      const line = this.opts.json ? JSON.stringify({ lost: record.count, cpu: record.srcCpu }) : formatLostLine(record.srcCpu, record.count);
      // Any thread may have lost records: with -ff every file says so.
      if (this.opts.perThread) for (const out of this.threads.values()) out.write(line);
      else this.shared.write(line);
      return;
    }
    if (record.type !== 'event') return;
    if (!this.gate(record)) {
      // Not shown, but what it did to the descriptors counts (the held shell closing its gate).
      const hidden = this.fds === undefined ? undefined : syscallEventOf(record);
      if (hidden) this.fds?.push(hidden);
      return;
    }
    const syscall = syscallEventOf(record);
    if (syscall) {
      if (this.summary) this.summary.push(syscall);
      else this.onSyscall(syscall);
      return;
    }
    if (this.summary) return;
    const pid = record.get(FieldTag.PID);
    const tid = record.get(FieldTag.TID);
    const out = this.outputOf(tid, pid);
    if (record.eventName === 'signal_deliver') {
      this.onSignal(out, pid, tid, record);
      return;
    }
    if (record.eventName === 'proc_exit') {
      this.onThreadExit(out, pid, tid, record);
      return;
    }
    // A usdt record of one of this trace's probes: by its name, with the user's format.
    const sites = record.eventName === 'usdt' ? this.opts.usdtSites : undefined;
    if (sites) {
      if (this.opts.json) {
        const object = usdtJson(record, sites);
        if (object !== undefined) {
          out.write(JSON.stringify(object));
          return;
        }
      } else {
        const text = formatUsdtLine(record, sites);
        if (text !== undefined) {
          for (const line of out.formatter.line(tid, pid, record.tsNs, text)) out.write(line);
          return;
        }
      }
    }
    if (this.opts.json) {
      out.write(
        JSON.stringify({
          ts: record.tsNs,
          pid,
          tid,
          event: record.eventName,
          fields: Object.fromEntries(eventFields(record).map((f) => [f.name, f.json])),
        }),
      );
      return;
    }
    // A child counts as traced from its first shown record on (a filter may hide
    // it); an exited thread no longer does (onThreadExit).
    for (const line of out.formatter.line(tid, pid, record.tsNs, formatEventLine(record))) out.write(line);
  }

  /** signal_deliver: strace's `--- SIGx {siginfo} ---` line, or with --json an object. */
  private onSignal(out: ThreadOutput, pid: number, tid: number, record: EventRecord): void {
    const signal = deliveredSignalOf(record);
    if (this.opts.json) {
      if (!shownDelivery(signal) || this.formatterOptions.signalFilter?.(signal.signo) === false) return;
      out.write(JSON.stringify(signalJson(record.tsNs, pid, tid, signal)));
      return;
    }
    for (const line of out.formatter.signal(tid, pid, record.tsNs, signal)) out.write(line);
  }

  /**
   * proc_exit: a thread is gone. Its call still pending ends (`= ?`); killed
   * by a signal, `+++ killed by SIGx +++`; a plain exit gets its
   * `+++ exited with N +++` unless its exit call printed it. With --json an
   * exit object follows the pending call's.
   */
  private onThreadExit(out: ThreadOutput, pid: number, tid: number, record: EventRecord): void {
    const status = exitStatusOf(exitCodeOf(record));
    for (const line of out.formatter.threadExited(tid, pid, record.tsNs, status)) out.write(line);
    if (this.opts.json) out.write(JSON.stringify(exitJson(record.tsNs, pid, tid, status)));
  }

  private onSyscall(event: SyscallEvent): void {
    const out = this.outputOf(event.tid, event.pid);
    for (const line of out.formatter.push(event)) out.write(line);
    // -ff: exit_group ends the other threads of the process, each in its own file.
    if (this.opts.perThread && event.phase === 'enter' && event.sysno === EXIT_GROUP) {
      for (const [tid, other] of this.threads) {
        if (tid === event.tid || other.pid !== event.pid) continue;
        for (const line of other.formatter.processExited(tid, event.args?.[0] ?? 0n, event.tsNs)) other.write(line);
      }
    }
  }

  finish(): void {
    if (this.summary) {
      for (const line of this.summary.lines()) this.shared.write(line);
      return;
    }
    for (const out of this.opts.perThread ? this.threads.values() : [this.shared]) for (const line of out.formatter.flush()) out.write(line);
  }
}

/**
 * For `ktrace run`: hide the held shell's last syscalls, showing the target
 * from its first execve on (strace starts there too).
 */
export function firstExecGate(pid: number): RecordGate {
  let started = false;
  return (record) => {
    if (started) return true;
    if (record.get(FieldTag.PID) !== pid) return true;
    // A trace of USDT probes alone has no execve to wait for; the shell has no probes.
    if (record.eventName === 'usdt') return true;
    const sysno = record.get(FieldTag.SYSNO);
    if (record.eventName === 'sys_enter' && (sysno === 59 || sysno === 322)) started = true;
    return started;
  };
}
