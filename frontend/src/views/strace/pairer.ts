// Pairs syscall entries with their exits, per thread, and says what strace
// would print in which order (paired.ts): a call whose line another thread
// interrupts splits into `unfinished` and `resumed`, a call whose exit
// never comes ends with the reason, a thread's end finishes its pending
// call. Nothing is formatted: the renderers (render-text.ts,
// render-json.ts, export/syscall-slices.ts) and the summary and
// descriptor tables consume the items.
//
// It holds only the pairing state: each thread's pending call, which
// thread's line is begun, and which threads are alive (tid -> pid).
import { inputsAwaitExit, layoutCall, mergeStrings, type CallLayout } from './call';
import type { FdTracker } from './fds';
import { statusOf, type EndedCall, type EnteredCall, type CallEnd, type StraceItem } from './paired';
import { errnoOf } from './ret';
import type { DeliveredSignal, ExitStatus } from './signal';
import type { CallStatus, SyscallEvent } from './types';

export interface PairerOptions {
  /**
   * Which calls are shown (-e trace=, -P); @enter is undefined when only
   * the exit was seen. Calls not shown are not followed: they neither
   * interrupt a line nor produce an item.
   */
  readonly select?: (sysno: number, layout: CallLayout, enter: SyscallEvent | undefined) => boolean;
  /** -e status=: which calls are shown by how they ended; a call's line then waits whole for its end. */
  readonly status?: (status: CallStatus) => boolean;
  /** -y: the descriptor table whose paths calls keep (fdsAtEntry, fdsAtEnd); the caller feeds it every event first. */
  readonly fds?: FdTracker;
  /**
   * Whether exit_group ends the calls the process's other threads are
   * inside (`process-exited`), as strace shows them; default true. The
   * descriptor table and the summary follow the records instead: a thread
   * the group exit kills still records its call's exit, with its effect.
   */
  readonly groupExitEnds?: boolean;
}

interface Pending {
  readonly call: EnteredCall;
  /** Threads traced when its line began. */
  readonly threads: number;
  /**
   * An exec whose path and argv only its exit carries (an unprivileged
   * reader's): its line waits whole for the exit, as under -e status=,
   * instead of printing addresses.
   */
  readonly whole: boolean;
  /** -P: its entry named none of the paths; the path its exit brings decides. */
  readonly selectAtExit: boolean;
}

export class CallPairer {
  private readonly pending = new Map<number, Pending>();
  /** The thread whose line is begun: its entry is held until its exit or an interruption. */
  private openLine: number | undefined;
  /** Threads seen and not exited, tid -> pid. */
  private readonly live = new Map<number, number>();
  /** Threads whose exit was reported at their exit call, until their proc_exit. */
  private readonly exitReported = new Set<number>();

  constructor(private readonly options: PairerOptions = {}) {}

  /** Takes the next entry or exit, in stream order; returns the items it completes. */
  push(event: SyscallEvent): StraceItem[] {
    const items: StraceItem[] = [];
    this.live.set(event.tid, event.pid);
    if (event.phase === 'enter') this.enter(event, items);
    else this.exit(event, items);
    return items;
  }

  /** End of the trace: every call still pending ends (`trace-ended`). */
  flush(): StraceItem[] {
    const items: StraceItem[] = [];
    if (this.openLine !== undefined) this.finishUnreturned(this.openLine, 'trace-ended', items);
    for (const tid of [...this.pending.keys()]) this.finishUnreturned(tid, 'trace-ended', items);
    return items;
  }

  /** A line of another event family from thread @tid: a begun line of another thread is interrupted first. */
  other(tid: number, pid: number, tsNs: number, text: string): StraceItem[] {
    const items = this.interrupt(tid, pid);
    items.push({ kind: 'event', tid, pid, tsNs, text, threads: this.live.size });
    return items;
  }

  /** A signal delivered to thread @tid (one the caller shows). */
  signal(tid: number, pid: number, tsNs: number, signal: DeliveredSignal): StraceItem[] {
    const items = this.interrupt(tid, pid);
    items.push({ kind: 'signal', tid, pid, tsNs, signal, threads: this.live.size });
    return items;
  }

  /**
   * Thread @tid is gone (proc_exit): its pending call ends, then its end
   * is reported, unless its exit call already did.
   */
  threadExited(tid: number, pid: number, tsNs: number, status: ExitStatus): StraceItem[] {
    const items: StraceItem[] = [];
    if (!this.exitReported.delete(tid)) {
      this.live.set(tid, pid);
      this.finishUnreturned(tid, 'thread-exited', items);
      items.push({ kind: 'exited', tid, pid, tsNs, status, threads: this.live.size });
    }
    this.live.delete(tid);
    return items;
  }

  /** A thread that is gone (its exit was seen): it is no longer traced. */
  threadEnded(tid: number): void {
    this.live.delete(tid);
  }

  /**
   * For -ff, where each thread has its own pairer: the thread's process
   * ended (another thread called exit_group with @status).
   */
  processExited(tid: number, status: bigint, tsNs: number): StraceItem[] {
    const items: StraceItem[] = [];
    this.finishUnreturned(tid, 'process-exited', items);
    this.exitReported.add(tid);
    const pid = this.live.get(tid) ?? tid;
    items.push({ kind: 'exited', tid, pid, tsNs, status: { exited: Number(BigInt.asUintN(8, status)) }, threads: this.live.size });
    this.live.delete(tid);
    return items;
  }

  private interrupt(tid: number, pid: number): StraceItem[] {
    const items: StraceItem[] = [];
    this.live.set(tid, pid);
    this.breakOpenLine(undefined, items);
    return items;
  }

  private shownStatus(call: EndedCall): boolean {
    return this.options.status === undefined || this.options.status(statusOf(call));
  }

  private entered(event: SyscallEvent, layout: CallLayout): EnteredCall {
    const fds = this.options.fds;
    return {
      tid: event.tid,
      pid: event.pid,
      sysno: event.sysno,
      name: layout.name,
      layout,
      enterNs: event.tsNs,
      raw: event.args ?? [],
      ...(event.strings === undefined ? {} : { entryStrings: event.strings }),
      ...(fds === undefined ? {} : { fdsAtEntry: fds.view(event.pid) }),
    };
  }

  /** @call ended by @exit, or without one for the reason @end. */
  private ended(call: Omit<EnteredCall, 'enterNs' | 'raw'> & Partial<EnteredCall>, exit: SyscallEvent | undefined, end: CallEnd): EndedCall {
    const fds = this.options.fds;
    const ret = exit?.ret;
    const errno = ret === undefined ? undefined : errnoOf(ret);
    return {
      ...call,
      ...(exit === undefined ? {} : { exitNs: exit.tsNs, exitSysno: exit.sysno }),
      ...(ret === undefined ? {} : { ret }),
      ...(errno === undefined ? {} : { errno }),
      ...(exit?.strings === undefined ? {} : { exitStrings: exit.strings }),
      ...(fds === undefined ? {} : { fdsAtEnd: fds.view(call.pid) }),
      end,
    };
  }

  private enter(event: SyscallEvent, items: StraceItem[]): void {
    // A second entry without an exit in between: that exit was lost.
    if (this.pending.has(event.tid)) this.finishUnreturned(event.tid, 'lost', items);
    const layout = layoutCall(event.sysno, event.args);
    const neverReturns = layout.shape.ret === 'none';
    const awaitsExit = inputsAwaitExit(layout, event);
    const selected = this.options.select?.(event.sysno, layout, event) ?? true;
    if (selected || awaitsExit) {
      const pending: Pending = { call: this.entered(event, layout), threads: this.live.size, whole: awaitsExit, selectAtExit: !selected };
      if (neverReturns) {
        const call = this.ended(pending.call, undefined, 'never-returns');
        if (this.shownStatus(call)) {
          this.breakOpenLine(event.tid, items);
          items.push({ kind: 'complete', call, threads: pending.threads });
        }
      } else if (this.options.status !== undefined || pending.whole) {
        // Whether it prints depends on how it ends (the line waits whole for the exit, as strace's
        // does), or its inputs come with the exit.
        this.pending.set(event.tid, pending);
      } else {
        this.breakOpenLine(event.tid, items);
        this.pending.set(event.tid, pending);
        this.openLine = event.tid;
      }
    }
    // strace reports a thread's end whether or not its exit call is traced.
    if (neverReturns) this.threadsExit(event, layout.name === 'exit_group', items);
  }

  private exit(event: SyscallEvent, items: StraceItem[]): void {
    const pending = this.pending.get(event.tid);
    if (pending === undefined) {
      // Only the exit was seen (the trace began inside the call): no arguments.
      const layout = layoutCall(event.sysno, undefined);
      if (!(this.options.select?.(event.sysno, layout, undefined) ?? true)) return;
      const identity = { tid: event.tid, pid: event.pid, sysno: event.sysno, name: layout.name, layout };
      const call = this.ended(identity, event, 'returned');
      if (!this.shownStatus(call)) return;
      this.breakOpenLine(event.tid, items);
      items.push({ kind: 'resumed', call, threads: this.live.size });
      return;
    }
    this.pending.delete(event.tid);
    const call = this.ended(pending.call, event, 'returned');
    if (pending.selectAtExit && !this.selectedAtExit(pending.call, event)) return;
    if (this.options.status !== undefined || pending.whole) {
      if (!this.shownStatus(call)) return;
      this.breakOpenLine(event.tid, items);
      items.push({ kind: 'complete', call, threads: this.live.size });
    } else if (this.openLine === event.tid) {
      this.openLine = undefined;
      items.push({ kind: 'complete', call, threads: pending.threads });
    } else {
      this.breakOpenLine(event.tid, items);
      items.push({ kind: 'resumed', call, threads: this.live.size });
    }
  }

  /** -P for an exec whose entry carried no path: asked again with the strings its exit brought. */
  private selectedAtExit(call: EnteredCall, exit: SyscallEvent): boolean {
    const enter: SyscallEvent = {
      phase: 'enter',
      tsNs: call.enterNs,
      pid: call.pid,
      tid: call.tid,
      sysno: call.sysno,
      args: call.raw,
      strings: mergeStrings(call.entryStrings, exit.strings, exit.ret !== undefined && BigInt.asIntN(64, BigInt(exit.ret)) < 0n),
    };
    return this.options.select?.(call.sysno, call.layout, enter) ?? true;
  }

  /** Interrupts the begun line of another thread than @tid: its entry prints as `unfinished`. */
  private breakOpenLine(tid: number | undefined, items: StraceItem[]): void {
    const owner = this.openLine;
    if (owner === undefined || owner === tid) return;
    this.openLine = undefined;
    const pending = this.pending.get(owner);
    if (pending !== undefined) items.push({ kind: 'unfinished', call: pending.call, threads: pending.threads });
  }

  /** A pending call whose exit will never come, for the reason @end. */
  private finishUnreturned(tid: number, end: CallEnd, items: StraceItem[]): void {
    const pending = this.pending.get(tid);
    if (pending === undefined) return;
    this.pending.delete(tid);
    const call = this.ended(pending.call, undefined, end);
    if (pending.selectAtExit) return;
    if (pending.whole && this.options.status === undefined) {
      // An exec whose exit never came (a setuid exec hides it): the line keeps the prefix of its entry.
      items.push({ kind: 'complete', call, threads: pending.threads });
    } else if (this.options.status !== undefined || pending.whole) {
      if (this.shownStatus(call)) items.push({ kind: 'complete', call, threads: this.live.size });
    } else if (this.openLine === tid) {
      this.openLine = undefined;
      items.push({ kind: 'complete', call, threads: pending.threads });
    } else {
      this.breakOpenLine(tid, items);
      items.push({ kind: 'resumed', call, threads: this.live.size });
    }
  }

  /** After exit (one thread) or exit_group (its whole process): the thread, or every one of the process, ends. */
  private threadsExit(event: SyscallEvent, wholeProcess: boolean, items: StraceItem[]): void {
    if (wholeProcess && (this.options.groupExitEnds ?? true)) {
      for (const [tid, pid] of this.live) if (pid === event.pid && tid !== event.tid) this.finishUnreturned(tid, 'process-exited', items);
    }
    this.exitReported.add(event.tid);
    const status = Number(BigInt.asUintN(8, event.args?.[0] ?? 0n));
    items.push({ kind: 'exited', tid: event.tid, pid: event.pid, tsNs: event.tsNs, status: { exited: status }, threads: this.live.size });
    for (const [tid, pid] of [...this.live]) {
      if (tid === event.tid || (wholeProcess && pid === event.pid)) this.live.delete(tid);
    }
  }
}
