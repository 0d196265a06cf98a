// Turns decoded records into vmstat-like rows: the latest memory variables,
// and per-second rates of the counters and of page allocation events.
import { tagNamed as tag } from '../../abi/abi';
import { MEMORY_COUNTERS as COUNTERS, MEMORY_TAGS, type MemoryCounter as Counter } from './counters';
import type { DecodedRecord } from '../../decode';

const T = {
  ...MEMORY_TAGS,
  order: tag('order'),
  pid: tag('pid'),
  rss: tag('rss'),
  vmSize: tag('vm_size'),
  minFlt: tag('min_flt'),
  majFlt: tag('maj_flt'),
};

export interface TaskMemory {
  pid: number;
  rssBytes: number;
  vmSizeBytes: number;
  minorFaultsPerSec: number;
  majorFaultsPerSec: number;
}

export interface MemRow {
  /** Seconds since the first row's interval began. */
  elapsedSec: number;
  freeBytes: number;
  totalBytes: number;
  faultsPerSec: number;
  pageInsPerSec: number;
  pageOutsPerSec: number;
  swapInsPerSec: number;
  swapOutsPerSec: number;
  /** Pages (order-0 units) allocated and freed per second, from the page events. */
  allocPagesPerSec: number;
  freePagesPerSec: number;
  /** Records lost in the interval: rates may then be low. */
  lost: number;
  task?: TaskMemory;
}

/**
 * Accumulates records between rows. Feed it system records (page events with
 * the memory variables) and, for --pid, the task's records (task_mem and
 * task_faults); take a row every interval.
 */
export class MemSampler {
  private readonly latest: Record<Counter | 'freeMem' | 'totalMem', number> = {
    freeMem: 0, totalMem: 0, pageFaults: 0, pageIns: 0, pageOuts: 0, swapIns: 0, swapOuts: 0,
  };
  private previous: Record<Counter, number> | undefined;
  private allocPages = 0;
  private freedPages = 0;
  private lost = 0;
  private task: { pid: number; rss: number; vmSize: number; minFlt: number; majFlt: number } | undefined;
  private previousTaskFaults: { minFlt: number; majFlt: number } | undefined;
  private elapsedSec = 0;
  private seenSystem = false;

  constructor(private readonly taskPid?: number) {}

  onSystemRecord(record: DecodedRecord): void {
    if (record.type === 'lost') {
      this.lost += record.count;
      return;
    }
    if (record.type !== 'event' || !record.synced) return;
    this.seenSystem = true;
    this.latest.freeMem = record.get(T.freeMem);
    this.latest.totalMem = record.get(T.totalMem);
    for (const c of COUNTERS) this.latest[c] = record.get(T[c]);
    const pages = 2 ** record.get(T.order);
    if (record.eventName === 'page_alloc') this.allocPages += pages;
    else if (record.eventName === 'page_free') this.freedPages += pages;
  }

  onTaskRecord(record: DecodedRecord): void {
    if (record.type === 'lost') {
      this.lost += record.count;
      return;
    }
    if (record.type !== 'event' || !record.synced || record.get(T.pid) !== this.taskPid) return;
    this.task = {
      pid: record.get(T.pid),
      rss: record.get(T.rss),
      vmSize: record.get(T.vmSize),
      minFlt: record.get(T.minFlt),
      majFlt: record.get(T.majFlt),
    };
  }

  /** Closes the interval of @seconds; undefined until a system record arrived. */
  row(seconds: number): MemRow | undefined {
    if (!this.seenSystem || seconds <= 0) return undefined;
    const rate = (now: number, before: number | undefined) => (before === undefined ? 0 : Math.max(0, now - before) / seconds);
    const row: MemRow = {
      elapsedSec: (this.elapsedSec += seconds),
      freeBytes: this.latest.freeMem,
      totalBytes: this.latest.totalMem,
      faultsPerSec: rate(this.latest.pageFaults, this.previous?.pageFaults),
      pageInsPerSec: rate(this.latest.pageIns, this.previous?.pageIns),
      pageOutsPerSec: rate(this.latest.pageOuts, this.previous?.pageOuts),
      swapInsPerSec: rate(this.latest.swapIns, this.previous?.swapIns),
      swapOutsPerSec: rate(this.latest.swapOuts, this.previous?.swapOuts),
      allocPagesPerSec: this.allocPages / seconds,
      freePagesPerSec: this.freedPages / seconds,
      lost: this.lost,
    };
    if (this.task) {
      row.task = {
        pid: this.task.pid,
        rssBytes: this.task.rss,
        vmSizeBytes: this.task.vmSize,
        minorFaultsPerSec: rate(this.task.minFlt, this.previousTaskFaults?.minFlt),
        majorFaultsPerSec: rate(this.task.majFlt, this.previousTaskFaults?.majFlt),
      };
      this.previousTaskFaults = { minFlt: this.task.minFlt, majFlt: this.task.majFlt };
    }
    this.previous = { pageFaults: this.latest.pageFaults, pageIns: this.latest.pageIns, pageOuts: this.latest.pageOuts, swapIns: this.latest.swapIns, swapOuts: this.latest.swapOuts };
    this.allocPages = 0;
    this.freedPages = 0;
    this.lost = 0;
    return row;
  }
}
