// The kernel's side of a span: what the annotating thread did between its
// first and last annotation (syscalls, leaving the CPU, faults), from the
// syscall, sched and fault records of the same trace.
import { tagNamed } from '../abi/abi';
import { FieldTag } from '../abi/abi';
import type { EventRecord } from '../decode';
import type { KernelView } from './model';

const PREV_STATE = tagNamed('prev_state');

interface Interval {
  readonly from: bigint;
  to: bigint | undefined;
  readonly blocked?: boolean;
}

interface ThreadActivity {
  syscalls: Interval[];
  offCpu: Interval[];
  faults: bigint[];
  openSyscall?: Interval;
  openOffCpu?: Interval;
}

/** Which families the trace recorded: a view only claims what it could have seen. */
export interface Recorded {
  readonly syscall: boolean;
  readonly sched: boolean;
  readonly fault: boolean;
}

function overlap(i: Interval, from: bigint, to: bigint, end: bigint): bigint {
  const a = i.from > from ? i.from : from;
  const iTo = i.to ?? end;
  const b = iTo < to ? iTo : to;
  return b > a ? b - a : 0n;
}

/** Kept only for threads that annotated (a span starts in user space: nothing earlier can overlap it). */
export class KernelActivity {
  private readonly threads = new Map<number, ThreadActivity>();
  private last = 0n;

  constructor(readonly recorded: Recorded) {}

  /** A thread's annotations begin: its activity is kept from now on. */
  watch(tid: number): void {
    if (!this.threads.has(tid)) this.threads.set(tid, { syscalls: [], offCpu: [], faults: [] });
  }

  onRecord(record: EventRecord): void {
    const t = this.threads.get(record.get(FieldTag.TID));
    if (!t) return;
    const ts = record.tsBigInt();
    if (ts > this.last) this.last = ts;
    switch (record.eventName) {
      case 'sys_enter':
        t.openSyscall = { from: ts, to: undefined };
        t.syscalls.push(t.openSyscall);
        break;
      case 'sys_exit':
        if (t.openSyscall) t.openSyscall.to = ts;
        t.openSyscall = undefined;
        break;
      case 'sched_in': // the thread gives up the CPU (the record is the previous task's)
        t.openOffCpu = { from: ts, to: undefined, blocked: record.getBigInt(PREV_STATE) !== 0n };
        t.offCpu.push(t.openOffCpu);
        break;
      case 'sched_out': // the thread gets the CPU back
        if (t.openOffCpu) t.openOffCpu.to = ts;
        t.openOffCpu = undefined;
        break;
      case 'fault_user':
      case 'fault_kernel':
        t.faults.push(ts);
        break;
    }
  }

  /**
   * Forgets what no span can need any more: for threads in @keepFrom, what
   * ended before their earliest pending annotation; for the others, all but
   * what is still open (a syscall or a stay off the CPU in progress).
   */
  prune(keepFrom: ReadonlyMap<number, bigint>): void {
    for (const [tid, t] of this.threads) {
      const from = keepFrom.get(tid);
      const keep = (i: Interval) => i.to === undefined || (from !== undefined && i.to >= from);
      t.syscalls = t.syscalls.filter(keep);
      t.offCpu = t.offCpu.filter(keep);
      t.faults = from === undefined ? [] : t.faults.filter((ts) => ts >= from);
    }
  }

  /** @tid's view over [from, to]; intervals still open end with the trace. */
  view(tid: number, from: bigint, to: bigint): KernelView | undefined {
    const t = this.threads.get(tid);
    if (!t) return undefined;
    const { syscall, sched, fault } = this.recorded;
    if (!syscall && !sched && !fault) return undefined;
    const inWindow = (ts: bigint) => ts >= from && ts <= to;
    const sum = (list: Interval[]) => list.reduce((s, i) => s + overlap(i, from, to, this.last), 0n);
    const off = t.offCpu.filter((i) => inWindow(i.from));
    return {
      ...(syscall ? { syscalls: t.syscalls.filter((i) => inWindow(i.from)).length, syscallNs: sum(t.syscalls) } : {}),
      ...(sched
        ? { contextSwitches: off.length, blockedNs: sum(t.offCpu.filter((i) => i.blocked)), preemptedNs: sum(t.offCpu.filter((i) => !i.blocked)) }
        : {}),
      ...(fault ? { faults: t.faults.filter(inWindow).length } : {}),
    };
  }
}
