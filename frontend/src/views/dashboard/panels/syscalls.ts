// Top syscalls: calls, calls/s, errors, average and maximum latency, per
// syscall, in total and per process (so a pid filter needs no replay).
import type { EventRecord } from '../../../decode';
import { MAX_ERRNO, syscallName } from '../../../syscalls';
import { fitColumns, formatCells, formatHeader, type Column } from '../columns';
import { TAG } from '../fields';
import { CappedMap, RollingRate } from '../rolling';

export interface SyscallStat {
  calls: RollingRate;
  errors: number;
  /** Latency of the calls whose entry and exit were both seen. */
  timedCalls: number;
  totalNs: number;
  maxNs: number;
}

export interface SyscallRow {
  sysno: number;
  name: string;
  calls: number;
  perSec: number;
  errors: number;
  avgNs: number;
  maxNs: number;
  /** Summed latency of the timed calls. */
  totalNs: number;
}

export const SYSCALL_SORTS = ['calls', 'perSec', 'errors', 'avgNs', 'maxNs', 'totalNs'] as const;
export type SyscallSort = (typeof SYSCALL_SORTS)[number];

const newStat = (): SyscallStat => ({ calls: new RollingRate(), errors: 0, timedCalls: 0, totalNs: 0, maxNs: 0 });

export class SyscallPanelModel {
  /** Capped too: a program may make calls with any number, and each would be a row. */
  private readonly total: CappedMap<number, SyscallStat>;
  private readonly byPid: CappedMap<number, CappedMap<number, SyscallStat>>;
  /** Entry time and number by thread: the exit closes the call. */
  private readonly pending: CappedMap<number, { sysno: number; tsNs: number }>;

  /** Entries in all the per-process maps together. */
  private perPidEntries = 0;

  /**
   * @limits: distinct syscalls kept (in total and per process), processes,
   * threads with a call in progress, and per-process entries altogether:
   * 1024 processes of 512 numbers each would be half a million entries.
   */
  constructor(private readonly limits = { pids: 1024, threads: 4096, syscalls: 512, perPidEntries: 32768 }) {
    this.total = new CappedMap(limits.syscalls);
    this.byPid = new CappedMap(limits.pids, (mine) => (this.perPidEntries -= mine.size));
    this.pending = new CappedMap(limits.threads);
  }

  /** How many entries each map holds, for the memory test. */
  sizes(): { syscalls: number; pids: number; perPidEntries: number; perPidCounted: number; threads: number } {
    let perPidEntries = 0;
    for (const mine of this.byPid.values()) perPidEntries += mine.size;
    return { syscalls: this.total.size, pids: this.byPid.size, perPidEntries, perPidCounted: this.perPidEntries, threads: this.pending.size };
  }

  onRecord(record: EventRecord, sec: number): void {
    if (record.eventName === 'sys_enter') this.onEnter(record, sec);
    else if (record.eventName === 'sys_exit') this.onExit(record);
  }

  private statsOf(pid: number, sysno: number): [SyscallStat, SyscallStat] {
    const total = this.total.touch(sysno, newStat);
    const map = this.byPid.touch(pid, () => new CappedMap(this.limits.syscalls));
    const before = map.size;
    const mine = map.touch(sysno, newStat);
    this.perPidEntries += map.size - before;
    // Over the budget: the processes least recently seen go first (never this one).
    while (this.perPidEntries > this.limits.perPidEntries && this.byPid.size > 1) this.byPid.evictOldest();
    return [total, mine];
  }

  private onEnter(record: EventRecord, sec: number): void {
    const sysno = record.get(TAG.sysno);
    for (const stat of this.statsOf(record.get(TAG.pid), sysno)) stat.calls.add(sec);
    const entry = this.pending.touch(record.get(TAG.tid), () => ({ sysno, tsNs: record.tsNs }));
    entry.sysno = sysno;
    entry.tsNs = record.tsNs;
  }

  private onExit(record: EventRecord): void {
    const tid = record.get(TAG.tid);
    const entry = this.pending.get(tid);
    // rt_sigreturn exits with number -1 (it resets orig_ax) and the interrupted call's result: not its own error.
    if (record.get(TAG.sysno) < 0) {
      this.pending.delete(tid);
      return;
    }
    const sysno = record.get(TAG.sysno);
    const ret = record.get(TAG.ret);
    const stats = this.statsOf(record.get(TAG.pid), sysno);
    if (ret < 0 && ret >= -MAX_ERRNO) for (const stat of stats) stat.errors++;
    if (!entry || entry.sysno !== sysno) return;
    this.pending.delete(tid);
    const ns = record.tsNs - entry.tsNs;
    for (const stat of stats) {
      stat.timedCalls++;
      stat.totalNs += ns;
      stat.maxNs = Math.max(stat.maxNs, ns);
    }
  }

  /** Rows of every syscall seen, for all processes or only those @pids, sorted descending by @sort. */
  rows(now: number, sort: SyscallSort, pids?: ReadonlySet<number>): SyscallRow[] {
    const merged = new Map<number, SyscallRow>();
    const timed = new Map<number, number>();
    const add = (sysno: number, stat: SyscallStat) => {
      let row = merged.get(sysno);
      if (!row) {
        row = { sysno, name: syscallName(sysno) ?? `syscall_${sysno}`, calls: 0, perSec: 0, errors: 0, avgNs: 0, maxNs: 0, totalNs: 0 };
        merged.set(sysno, row);
      }
      row.calls += stat.calls.total;
      row.perSec += stat.calls.perSec(now);
      row.errors += stat.errors;
      row.totalNs += stat.totalNs;
      row.maxNs = Math.max(row.maxNs, stat.maxNs);
      timed.set(sysno, (timed.get(sysno) ?? 0) + stat.timedCalls);
    };
    if (pids) {
      for (const pid of pids) for (const [sysno, stat] of this.byPid.get(pid)?.entries() ?? []) add(sysno, stat);
    } else {
      for (const [sysno, stat] of this.total.entries()) add(sysno, stat);
    }
    const rows = [...merged.values()];
    for (const row of rows) row.avgNs = timed.get(row.sysno) ? row.totalNs / timed.get(row.sysno)! : 0;
    return rows.sort((a, b) => b[sort] - a[sort] || b.calls - a.calls || a.sysno - b.sysno);
  }
}

const SORT_TITLES: Record<SyscallSort, string> = { calls: 'calls', perSec: 'calls/s', errors: 'errors', avgNs: 'avg', maxNs: 'max', totalNs: 'time' };

export function syscallSortTitle(sort: SyscallSort): string {
  return SORT_TITLES[sort];
}

/** Latency with a unit that keeps it short: 850ns, 12.3us, 4.56ms, 1.20s. */
export function formatLatency(ns: number): string {
  if (ns < 1e3) return `${Math.round(ns)}ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)}us`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)}ms`;
  return `${(ns / 1e9).toFixed(2)}s`;
}

const COLUMNS: readonly Column<SyscallRow>[] = [
  { title: 'syscall', width: 16, left: true, maxWidth: 24, cell: (r) => r.name },
  { title: 'calls', width: 7, cell: (r) => String(r.calls) },
  { title: '/s', width: 6, cell: (r) => String(r.perSec) },
  { title: 'err', width: 5, cell: (r) => String(r.errors) },
  { title: 'avg', width: 9, cell: (r) => formatLatency(r.avgNs) },
  { title: 'max', width: 9, cell: (r) => formatLatency(r.maxNs) },
  { title: 'time', width: 10, optional: 1, cell: (r) => formatLatency(r.totalNs) },
  { title: 'err%', width: 7, optional: 2, cell: (r) => (r.calls ? `${((100 * r.errors) / r.calls).toFixed(1)}` : '-') },
];

/** The narrowest table: 52 columns, so the panel fits beside the chart on an 80-column terminal. */
export const SYSCALL_MIN_WIDTH = fitColumns(COLUMNS, 0).width;

/** The header and a row formatter for a panel @width columns wide: wider panels show more columns and longer names. */
export function syscallTable(width = SYSCALL_MIN_WIDTH): { header: string; row: (r: SyscallRow) => string } {
  const fitted = fitColumns(COLUMNS, width);
  return { header: formatHeader(fitted), row: (r) => formatCells(fitted, r) };
}

export const SYSCALL_HEADER = syscallTable().header;

export function formatSyscallRow(row: SyscallRow, width = SYSCALL_MIN_WIDTH): string {
  return syscallTable(width).row(row);
}
