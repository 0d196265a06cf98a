// -c: strace's summary table of time, calls and errors per syscall.
import { syscallDisplayName } from './call';
import { errnoOf } from './ret';
import type { StraceOptions, SyscallEvent } from './types';

interface Tally {
  readonly sysno: number;
  readonly name: string;
  calls: number;
  errors: number;
  ns: number;
}

const RULE = '------ ----------- ----------- --------- --------- ----------------';

function row(percent: string, seconds: number, usecsPerCall: string, calls: number, errors: number, name: string): string {
  return [
    percent.padStart(6),
    seconds.toFixed(6).padStart(11),
    usecsPerCall.padStart(11),
    String(calls).padStart(9),
    (errors === 0 ? '' : String(errors)).padStart(9),
    name,
  ].join(' ');
}

/**
 * Counts completed syscalls (a call that never returns, like exit_group, is
 * not counted, as in strace) with the wall time between entry and exit.
 */
export class SyscallSummary {
  private readonly entered = new Map<number, SyscallEvent>();
  private readonly tallies = new Map<number, Tally>();

  constructor(private readonly options: Pick<StraceOptions, 'filter'> = {}) {}

  push(event: SyscallEvent): void {
    if (event.phase === 'enter') {
      this.entered.set(event.tid, event);
      return;
    }
    const enter = this.entered.get(event.tid);
    this.entered.delete(event.tid);
    if (enter === undefined || enter.sysno !== event.sysno) return;
    const name = syscallDisplayName(event.sysno);
    if (this.options.filter !== undefined && !this.options.filter(event.sysno, name)) return;
    let tally = this.tallies.get(event.sysno);
    if (tally === undefined) {
      tally = { sysno: event.sysno, name, calls: 0, errors: 0, ns: 0 };
      this.tallies.set(event.sysno, tally);
    }
    tally.calls++;
    if (event.ret !== undefined && errnoOf(event.ret) !== undefined) tally.errors++;
    tally.ns += Math.max(0, event.tsNs - enter.tsNs);
  }

  /** The table, most time first (ties by syscall number), with the total row. */
  lines(): string[] {
    const rows = [...this.tallies.values()].sort((a, b) => b.ns - a.ns || a.sysno - b.sysno);
    const totalNs = rows.reduce((sum, t) => sum + t.ns, 0);
    const totalCalls = rows.reduce((sum, t) => sum + t.calls, 0);
    const totalErrors = rows.reduce((sum, t) => sum + t.errors, 0);
    const percent = (ns: number): string => (totalNs === 0 ? 0 : (100 * ns) / totalNs).toFixed(2);
    const perCall = (ns: number, calls: number): string => String(calls === 0 ? 0 : Math.floor(ns / calls / 1000));
    return [
      '% time     seconds  usecs/call     calls    errors syscall',
      RULE,
      ...rows.map((t) => row(percent(t.ns), t.ns / 1e9, perCall(t.ns, t.calls), t.calls, t.errors, t.name)),
      RULE,
      row('100.00', totalNs / 1e9, perCall(totalNs, totalCalls), totalCalls, totalErrors, 'total'),
    ];
  }
}
