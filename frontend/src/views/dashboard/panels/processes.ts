// Processes: comm, syscalls/s, faults/s, context switches/s and rss per pid,
// for the most recently active processes only (bounded).
import type { EventRecord } from '../../../decode';
import { fitColumns, formatCells, formatHeader, type Column } from '../columns';
import { commOf, TAG } from '../fields';
import { CappedMap, RollingRate } from '../rolling';
import { taskStateLetter } from './sched-log';

export interface ProcessStat {
  pid: number;
  comm: string;
  syscalls: RollingRate;
  faults: RollingRate;
  switches: RollingRate;
  rssBytes: number;
  exited: boolean;
  /** ps's state letter as last seen: R on a CPU, else what the switch away said. */
  state: string;
}

export interface ProcessRow {
  pid: number;
  comm: string;
  syscallsPerSec: number;
  faultsPerSec: number;
  switchesPerSec: number;
  syscalls: number;
  faults: number;
  switches: number;
  rssBytes: number;
  exited: boolean;
  /** ps's letter: R, S, D, T, t, Z, P, I as last seen; X once the process exited. */
  state: string;
}

export const PROCESS_SORTS = ['syscallsPerSec', 'faultsPerSec', 'switchesPerSec', 'rssBytes', 'syscalls', 'pid'] as const;
export type ProcessSort = (typeof PROCESS_SORTS)[number];

const SORT_TITLES: Record<ProcessSort, string> = {
  syscallsPerSec: 'sys/s',
  faultsPerSec: 'flt/s',
  switchesPerSec: 'csw/s',
  rssBytes: 'rss',
  syscalls: 'syscalls',
  pid: 'pid',
};

export function processSortTitle(sort: ProcessSort): string {
  return SORT_TITLES[sort];
}

export class ProcessPanelModel {
  private readonly procs: CappedMap<number, ProcessStat>;

  constructor(capacity = 2048) {
    this.procs = new CappedMap(capacity);
  }

  onRecord(record: EventRecord, sec: number): void {
    const pid = record.get(TAG.pid);
    if (pid <= 0) return; // the idle task, or a stream without the pid variable
    const proc = this.procs.touch(pid, () => ({
      pid,
      comm: '',
      syscalls: new RollingRate(),
      faults: new RollingRate(),
      switches: new RollingRate(),
      rssBytes: 0,
      exited: false,
      state: '',
    }));
    const comm = commOf(record);
    if (comm) proc.comm = comm;
    const rss = record.get(TAG.rss);
    if (rss) proc.rssBytes = rss;
    switch (record.eventName) {
      case 'sys_enter':
        proc.syscalls.add(sec);
        proc.state = 'R';
        break;
      case 'fault_user':
      case 'fault_kernel':
        proc.faults.add(sec);
        proc.state = 'R';
        break;
      case 'sched_in': // the record of the task leaving the CPU
        proc.switches.add(sec);
        proc.state = taskStateLetter(record.get(TAG.prevState)).slice(0, 1);
        break;
      case 'sched_out': // the task taking the CPU
        proc.state = 'R';
        break;
      case 'proc_exec':
        proc.exited = false;
        break;
      case 'proc_exit':
        // Every thread's exit has the event: the process ends with its main thread.
        if (record.get(TAG.tid) === pid) proc.exited = true;
        break;
    }
  }

  /** Processes kept, for the memory test. */
  get size(): number {
    return this.procs.size;
  }

  commOf(pid: number): string | undefined {
    return this.procs.get(pid)?.comm || undefined;
  }

  /** Pids whose number is @text or whose comm contains it. */
  matching(text: string): Set<number> {
    const pids = new Set<number>();
    for (const proc of this.procs.values()) if (String(proc.pid) === text || (proc.comm && proc.comm.includes(text))) pids.add(proc.pid);
    if (/^\d+$/.test(text)) pids.add(Number(text));
    return pids;
  }

  rows(now: number, sort: ProcessSort): ProcessRow[] {
    const rows: ProcessRow[] = [];
    for (const p of this.procs.values())
      rows.push({
        pid: p.pid,
        comm: p.comm,
        syscallsPerSec: p.syscalls.perSec(now),
        faultsPerSec: p.faults.perSec(now),
        switchesPerSec: p.switches.perSec(now),
        syscalls: p.syscalls.total,
        faults: p.faults.total,
        switches: p.switches.total,
        rssBytes: p.rssBytes,
        exited: p.exited,
        state: p.exited ? 'X' : p.state,
      });
    const dir = sort === 'pid' ? -1 : 1;
    return rows.sort((a, b) => dir * (b[sort] - a[sort]) || b.syscalls - a.syscalls || a.pid - b.pid);
  }
}

/** Bytes as top shows memory: K, M or G with one decimal above K. */
export function formatBytes(bytes: number): string {
  if (bytes < 1 << 20) return `${Math.round(bytes / 1024)}K`;
  if (bytes < 1 << 30) return `${(bytes / (1 << 20)).toFixed(1)}M`;
  return `${(bytes / (1 << 30)).toFixed(1)}G`;
}

const COLUMNS: readonly Column<ProcessRow>[] = [
  { title: 'pid', width: 6, cell: (r) => String(r.pid) },
  // A comm is at most 15 bytes (TASK_COMM_LEN).
  { title: ' comm', width: 15, left: true, maxWidth: 17, cell: (r) => ` ${r.comm}` },
  { title: 'S', width: 2, cell: (r) => r.state || '-' },
  { title: 'sys/s', width: 6, cell: (r) => String(r.syscallsPerSec) },
  { title: 'flt/s', width: 6, cell: (r) => String(r.faultsPerSec) },
  { title: 'csw/s', width: 6, cell: (r) => String(r.switchesPerSec) },
  { title: 'rss', width: 7, cell: (r) => (r.rssBytes ? formatBytes(r.rssBytes) : '-') },
  { title: 'syscalls', width: 10, optional: 1, cell: (r) => String(r.syscalls) },
  { title: 'faults', width: 10, optional: 2, cell: (r) => String(r.faults) },
  { title: 'csw', width: 10, optional: 3, cell: (r) => String(r.switches) },
];

/** The narrowest table: 48 columns, beside the chart on an 80-column terminal. */
export const PROCESS_MIN_WIDTH = fitColumns(COLUMNS, 0).width;

/** The header and a row formatter for a panel @width columns wide: wider panels add the totals. */
export function processTable(width = PROCESS_MIN_WIDTH): { header: string; row: (r: ProcessRow) => string } {
  const fitted = fitColumns(COLUMNS, width);
  return { header: formatHeader(fitted), row: (r) => formatCells(fitted, r) };
}

export const PROCESS_HEADER = processTable().header;

export function formatProcessRow(row: ProcessRow, width = PROCESS_MIN_WIDTH): string {
  return processTable(width).row(row);
}
