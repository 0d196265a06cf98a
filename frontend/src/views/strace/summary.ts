// -c: strace's summary table of time, calls and errors per syscall.
import type { EndedCall } from './paired';
import { CallPairer } from './pairer';
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
  private readonly pairer = new CallPairer({ groupExitEnds: false });
  private readonly tallies = new Map<number, Tally>();

  constructor(private readonly options: Pick<StraceOptions, 'filter'> = {}) {}

  push(event: SyscallEvent): void {
    for (const item of this.pairer.push(event)) {
      if (item.kind === 'complete' || item.kind === 'resumed') this.count(item.call);
    }
  }

  /** A call that returned, both ends seen (an exit with another number than its entry's is in doubt: skipped). */
  private count(call: EndedCall): void {
    if (call.enterNs === undefined || call.exitNs === undefined || call.exitSysno !== call.sysno) return;
    if (this.options.filter !== undefined && !this.options.filter(call.sysno, call.name)) return;
    let tally = this.tallies.get(call.sysno);
    if (tally === undefined) {
      tally = { sysno: call.sysno, name: call.name, calls: 0, errors: 0, ns: 0 };
      this.tallies.set(call.sysno, tally);
    }
    tally.calls++;
    if (call.errno !== undefined) tally.errors++;
    tally.ns += Math.max(0, call.exitNs - call.enterNs);
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
