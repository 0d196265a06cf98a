// Processes: comm, syscalls/s, faults/s, context switches/s and rss per pid,
// for the most recently active processes only (bounded).
import type { EventRecord } from '../../../decode';
import { commOf, TAG } from '../fields';
import { CappedMap, RollingRate } from '../rolling';

export interface ProcessStat {
  pid: number;
  comm: string;
  syscalls: RollingRate;
  faults: RollingRate;
  switches: RollingRate;
  rssBytes: number;
  exited: boolean;
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
    }));
    const comm = commOf(record);
    if (comm) proc.comm = comm;
    const rss = record.get(TAG.rss);
    if (rss) proc.rssBytes = rss;
    switch (record.eventName) {
      case 'sys_enter':
        proc.syscalls.add(sec);
        break;
      case 'fault_user':
      case 'fault_kernel':
        proc.faults.add(sec);
        break;
      case 'sched_in': // the record of the task leaving the CPU
        proc.switches.add(sec);
        break;
      case 'proc_exec':
        proc.exited = false;
        break;
      case 'proc_exit':
        proc.exited = true;
        break;
    }
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

/** 46 columns, like the syscalls panel above it. */
export const PROCESS_HEADER = `${'pid'.padStart(6)} ${'comm'.padEnd(14)}${'sys/s'.padStart(6)}${'flt/s'.padStart(6)}${'csw/s'.padStart(6)}${'rss'.padStart(7)}`;

export function formatProcessRow(row: ProcessRow): string {
  return (
    String(row.pid).padStart(6) +
    ' ' +
    row.comm.slice(0, 13).padEnd(14) +
    String(row.syscallsPerSec).padStart(6) +
    String(row.faultsPerSec).padStart(6) +
    String(row.switchesPerSec).padStart(6) +
    (row.rssBytes ? formatBytes(row.rssBytes) : '-').padStart(7)
  );
}
