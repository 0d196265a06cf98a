// Routes decoded records to the right view: syscalls to the strace formatter
// (or its -c summary), other events to one line each, losses to a marker.
import { FieldTag } from '../abi/abi';
import type { DecodedRecord, EventRecord } from '../decode';
import { eventFields, formatEventLine, formatLostLine } from '../views/event-line';
import { StraceFormatter, SyscallSummary, parseTraceExpression, syscallEventOf } from '../views/strace';
import type { StraceOptions } from '../views/strace';
import { UserError } from '../user-error';
import type { ProbeSites } from '../usdt/attach';
import { formatUsdtLine, usdtJson } from '../views/usdt-line';

export interface ViewOptions {
  follow: boolean;
  durations: boolean;
  timestamps: 'none' | 't' | 'tt' | 'ttt';
  relative: boolean;
  snapLength: number;
  trace?: string;
  summary: boolean;
  json: boolean;
  realtimeOffsetNs?: bigint;
  /** USDT probe sites of this trace, to show usdt records by name. */
  usdtSites?: ProbeSites;
}

/** Decides per record whether it is shown (e.g. only after the first execve). */
export type RecordGate = (record: EventRecord) => boolean;

export class TraceView {
  private readonly formatter: StraceFormatter;
  private readonly summary?: SyscallSummary;
  lost = 0;

  constructor(
    private readonly opts: ViewOptions,
    private readonly write: (line: string) => void,
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
    this.formatter = new StraceFormatter({
      follow: opts.follow,
      durations: opts.durations,
      timestamps: opts.timestamps,
      realtimeOffsetNs: opts.realtimeOffsetNs,
      relative: opts.relative,
      snapLength: opts.snapLength,
      filter,
      json: opts.json,
    });
    if (opts.summary) this.summary = new SyscallSummary({ filter });
  }

  onRecord(record: DecodedRecord): void {
    if (record.type === 'lost') {
      this.lost += record.count;
      if (!this.summary) this.write(this.opts.json ? JSON.stringify({ lost: record.count, cpu: record.srcCpu }) : formatLostLine(record.srcCpu, record.count));
      return;
    }
    if (record.type !== 'event' || !this.gate(record)) return;
    const syscall = syscallEventOf(record);
    if (syscall) {
      if (this.summary) this.summary.push(syscall);
      else for (const line of this.formatter.push(syscall)) this.write(line);
      return;
    }
    const usdt = record.eventName === 'usdt' && this.opts.usdtSites ? this.opts.usdtSites : undefined;
    if (usdt && !this.summary) {
      const line = this.opts.json ? usdtJson(record, usdt) : formatUsdtLine(record, usdt);
      if (line !== undefined) {
        if (!this.opts.json) for (const l of this.formatter.interrupt()) this.write(l);
        this.write(typeof line === 'string' ? line : JSON.stringify(line));
        return;
      }
    }
    if (!this.summary && !this.opts.json) {
      for (const line of this.formatter.interrupt()) this.write(line);
      this.write(formatEventLine(record, ''));
    }
    else if (!this.summary)
      this.write(
        JSON.stringify({
          ts: record.tsNs,
          pid: record.get(FieldTag.PID),
          tid: record.get(FieldTag.TID),
          event: record.eventName,
          fields: Object.fromEntries(eventFields(record).map((f) => [f.name, f.json])),
        }),
      );
  }

  finish(): void {
    if (this.summary) for (const line of this.summary.lines()) this.write(line);
    else for (const line of this.formatter.flush()) this.write(line);
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
