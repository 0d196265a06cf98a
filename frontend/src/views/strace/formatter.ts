// strace-compatible text from a stream of syscall entries and exits.
//
// The formatter holds only the pairing state: the calls each thread has
// entered and not yet left, which thread's line is begun but not printed,
// and which threads are alive (for the pid prefixes). Every push returns the
// complete lines it produced; nothing is written anywhere.
//
// Pid prefixes follow strace's printleader(): `[pid %5u] ` on a line printed
// while more than one thread is traced ('auto'; 'always' for a system-wide
// trace, where that is always so), `%-5d ` on every line of `-o FILE -f`
// ('column'), none in the per-thread files of -ff ('none'). Like strace,
// the prefix of a line is decided when the line begins: an `<unfinished ...>`
// line keeps the prefix of its entry, a `<... resumed>` line takes the one
// of its exit.
import { entryArgs, exitArgs, hasExitArgs, layoutCall, mergeStrings, returnNote, type CallLayout, type CallValues } from './call';
import { toJson } from './json';
import { duration, pidColumn, pidPrefix, relativeTime, timeOfDay, withReturn } from './leader';
import { errnoOf, formatReturn, type ReturnText } from './ret';
import { formatExitLine, formatSignalLine, shownDelivery, type DeliveredSignal, type ExitStatus } from './signal';
import { decoratedFd } from './args';
import { dumpDirection, dumpLines } from './dump';
import { returnsFd } from './fds';
import type { CallStatus, QuoteOptions, StraceOptions, SyscallEvent } from './types';

interface PendingCall {
  readonly enter: SyscallEvent;
  readonly layout: CallLayout;
  readonly entryText: readonly string[];
  /** The line's pid prefix, decided when it began. */
  readonly prefix: string;
  /** An `<unfinished ...>` line was printed; the exit prints `<... name resumed>`. */
  unfinished: boolean;
}

export class StraceFormatter {
  private readonly quote: QuoteOptions;
  private readonly pending = new Map<number, PendingCall>();
  /** The thread whose line is begun: its entry is held until its exit or an interruption. */
  private openLine: number | undefined;
  /** Threads seen and not exited, tid -> pid. */
  private readonly live = new Map<number, number>();
  private previousLineNs: number | undefined;
  /** Threads whose `+++ exited with N +++` was printed at their exit call, until their proc_exit. */
  private readonly exitReported = new Set<number>();

  constructor(private readonly options: StraceOptions = {}) {
    this.quote = {
      snapLength: options.snapLength ?? 32,
      hexStrings: options.hexStrings ?? 'none',
      verbose: options.verbose ?? false,
      timeZone: options.timeZone ?? 'local',
    };
  }

  /** Takes the next entry or exit, in stream order; returns the lines it completes. */
  push(event: SyscallEvent): string[] {
    const lines: string[] = [];
    this.live.set(event.tid, event.pid);
    // The descriptor table follows every call, shown or not; an exit updates it before its line is printed.
    this.options.fds?.push(event);
    if (event.phase === 'enter') this.enter(event, lines);
    else this.exit(event, lines);
    return lines;
  }

  /** End of the trace: every call still pending ends with `= ?`. */
  flush(): string[] {
    const lines: string[] = [];
    if (this.openLine !== undefined) this.finishUnreturned(this.openLine, lines);
    for (const tid of [...this.pending.keys()]) this.finishUnreturned(tid, lines);
    return lines;
  }

  private selected(sysno: number, name: string): boolean {
    return this.options.filter === undefined || this.options.filter(sysno, name);
  }

  /**
   * -P: whether the call names one of the paths (as given, or made
   * absolute against what is known of its directory), or uses a descriptor
   * known to refer to one.
   */
  private touchesPaths(layout: CallLayout, event: SyscallEvent): boolean {
    const paths = this.options.tracePaths;
    if (paths === undefined) return true;
    const fds = this.options.fds;
    const raw = event.args ?? [];
    for (const slot of layout.shape.args) {
      if (slot.kind === 'fd' || slot.kind === 'dirfd') {
        const fd = Number(BigInt.asIntN(32, raw[slot.index] ?? 0n));
        const path = fd >= 0 ? fds?.pathOf(event.pid, fd) : undefined;
        if (path !== undefined && paths.includes(path)) return true;
      } else if (slot.kind === 'path') {
        const mem = event.strings?.get(slot.index);
        if (mem === undefined || 'unavailable' in mem) continue;
        const nul = mem.bytes.indexOf(0);
        const given = Buffer.from(nul < 0 ? mem.bytes : mem.bytes.subarray(0, nul)).toString('latin1');
        if (paths.includes(given)) return true;
        const dirIndex = layout.shape.args.findIndex((s) => s.kind === 'dirfd' && s.index === slot.index - 1);
        const dirfd = dirIndex < 0 ? -100 : Number(BigInt.asIntN(32, raw[slot.index - 1] ?? 0n));
        const resolved = fds?.resolve(event.pid, dirfd, given);
        if (resolved !== undefined && paths.includes(resolved)) return true;
      }
    }
    return false;
  }

  /** -e status=: whether a call that ended so is printed. */
  private statusShown(exit: SyscallEvent | undefined): boolean {
    const filter = this.options.statusFilter;
    if (filter === undefined) return true;
    const status: CallStatus = exit?.ret === undefined ? 'unfinished' : errnoOf(exit.ret) === undefined ? 'successful' : 'failed';
    return filter(status);
  }

  private valuesOf(enter: SyscallEvent, exit?: SyscallEvent): CallValues {
    const values = valuesOf(enter, exit);
    const fds = this.options.fds;
    if (!this.options.decodeFds || fds === undefined) return values;
    return { ...values, fdPath: (fd) => fds.pathOf(enter.pid, fd) };
  }

  /** -y: a returned descriptor with its path (`= 3</etc/passwd>`), as strace prints it. */
  private returned(layout: CallLayout, enter: SyscallEvent | undefined, exit: SyscallEvent | undefined, values: CallValues | undefined): ReturnText {
    const note = values === undefined ? undefined : returnNote(layout, values, this.quote);
    const returned = formatReturn(layout.shape.ret, exit?.ret, note);
    const fds = this.options.fds;
    if (!this.options.decodeFds || fds === undefined || exit?.ret === undefined || returned.errno !== undefined) return returned;
    if (!returnsFd(layout.name, enter?.args)) return returned;
    return { text: decoratedFd(exit.ret, (fd) => fds.pathOf(exit.pid, fd), this.quote.hexStrings) };
  }

  /** -e read= / -e write=: the data of a successful transfer on a selected descriptor. */
  private dumpOf(enter: SyscallEvent | undefined, exit: SyscallEvent | undefined, values: CallValues | undefined): string[] {
    if (enter === undefined || exit?.ret === undefined || values === undefined || this.options.json) return [];
    const io = dumpDirection(enter.sysno);
    if (io === undefined) return [];
    const selected = io.direction === 'read' ? this.options.readFds : this.options.writeFds;
    const fd = Number(BigInt.asIntN(32, enter.args?.[0] ?? 0n));
    if (selected === undefined || !selected(fd) || errnoOf(exit.ret) !== undefined) return [];
    return dumpLines(values.strings?.get(io.bufArg), Number(BigInt.asIntN(64, exit.ret)));
  }

  private enter(event: SyscallEvent, lines: string[]): void {
    // A second entry without an exit in between: that exit was lost.
    if (this.pending.has(event.tid)) this.finishUnreturned(event.tid, lines);
    const layout = layoutCall(event.sysno, event.args);
    const neverReturns = layout.shape.ret === 'none';
    if (this.selected(event.sysno, layout.name) && this.touchesPaths(layout, event)) {
      const call: PendingCall = {
        enter: event,
        layout,
        entryText: entryArgs(layout, this.valuesOf(event), this.quote),
        prefix: this.prefixOf(event.tid),
        unfinished: false,
      };
      if (neverReturns) {
        if (this.statusShown(undefined)) {
          this.breakOpenLine(event.tid, lines);
          this.emitComplete(call, undefined, lines);
        }
      } else if (this.options.statusFilter !== undefined) {
        // Whether it prints depends on how it ends: the line waits whole for the exit, as strace's does.
        this.pending.set(event.tid, call);
      } else {
        this.breakOpenLine(event.tid, lines);
        this.pending.set(event.tid, call);
        this.openLine = event.tid;
      }
    }
    // strace reports a thread's end whether or not its exit call is traced.
    if (neverReturns) this.threadsExit(event, layout.name === 'exit_group', lines);
  }

  private exit(event: SyscallEvent, lines: string[]): void {
    const call = this.pending.get(event.tid);
    if (call === undefined) {
      const layout = layoutCall(event.sysno, undefined);
      if (!this.selected(event.sysno, layout.name) || this.options.tracePaths !== undefined || !this.statusShown(event)) return;
      // Only the exit was seen (the trace began inside the call): no arguments to show.
      this.breakOpenLine(event.tid, lines);
      this.emitResumed(layout, event.tid, undefined, event, [], lines);
      return;
    }
    this.pending.delete(event.tid);
    if (this.options.statusFilter !== undefined) {
      if (!this.statusShown(event)) return;
      this.breakOpenLine(event.tid, lines);
      this.emitComplete(call, event, lines);
    } else if (this.openLine === event.tid) {
      this.openLine = undefined;
      this.emitComplete(call, event, lines);
    } else {
      this.breakOpenLine(event.tid, lines);
      this.emitResumed(call.layout, event.tid, call.enter, event, call.entryText, lines);
    }
  }

  /** The pid prefix of a line of @tid that begins now. */
  private prefixOf(tid: number): string {
    switch (this.options.pids ?? 'auto') {
      case 'column':
        return pidColumn(tid);
      case 'always':
        return pidPrefix(tid);
      case 'auto':
        return this.live.size > 1 ? pidPrefix(tid) : '';
      case 'none':
        return '';
    }
  }

  private leader(prefix: string, tsNs: number): string {
    const relative = this.options.relative ? relativeTime(tsNs - (this.previousLineNs ?? tsNs)) : '';
    this.previousLineNs = tsNs;
    return `${prefix}${timeOfDay(tsNs, this.options)}${relative}`;
  }

  /**
   * A line of another kind (an event of another family) from thread @tid:
   * a begun syscall line ends with `<unfinished ...>` first, so the output
   * stays in time order, as when another thread interrupts it. Returns the
   * lines to print, the last one @text behind its leader (pid prefix and
   * -t/-tt/-ttt/-r stamps, as a syscall line of @tid would have).
   */
  line(tid: number, pid: number, tsNs: number, text: string): string[] {
    const lines: string[] = [];
    this.live.set(tid, pid);
    this.breakOpenLine(undefined, lines);
    lines.push(`${this.leader(this.prefixOf(tid), tsNs)}${text}`);
    return lines;
  }

  /**
   * A signal delivered to thread @tid: `--- SIGx {...} ---`, unless -e
   * signal= hides it or strace would not show it (SIGKILL). Like any line
   * of another kind it ends a begun syscall line of another thread first.
   */
  signal(tid: number, pid: number, tsNs: number, signal: DeliveredSignal): string[] {
    if (this.options.json || !shownDelivery(signal)) return [];
    if (this.options.signalFilter !== undefined && !this.options.signalFilter(signal.signo)) return [];
    return this.line(tid, pid, tsNs, formatSignalLine(signal));
  }

  /**
   * Thread @tid is gone (proc_exit). A signal that killed it gets
   * `+++ killed by SIGx +++` after its unfinished call (`= ?`), as strace
   * prints for each traced thread, when -e signal= selects that signal
   * (-qq does not hide it, as in strace); so does a plain exit whose
   * `+++ exited with N +++` was not printed at its exit call (another
   * thread's exit_group, or syscalls not recorded).
   */
  threadExited(tid: number, pid: number, tsNs: number, status: ExitStatus): string[] {
    const lines: string[] = [];
    if (!this.exitReported.delete(tid)) {
      this.live.set(tid, pid);
      this.finishUnreturned(tid, lines);
      // strace: -qq hides `exited with`; -e signal= decides `killed by` (whatever -q says).
      const shown = 'signal' in status ? this.options.signalFilter?.(status.signal) ?? true : this.options.exitLines ?? true;
      if (shown && !this.options.json) lines.push(`${this.leader(this.prefixOf(tid), tsNs)}${formatExitLine(status)}`);
    }
    this.live.delete(tid);
    return lines;
  }

  /** A thread that is gone (its exit was seen): it no longer counts for the prefixes. */
  threadEnded(tid: number): void {
    this.live.delete(tid);
  }

  /**
   * For -ff, where each thread has its own formatter: the thread's process
   * ended (another thread called exit_group). A call still pending ends
   * with `= ?`, then `+++ exited with N +++`, as strace prints in each file.
   */
  processExited(tid: number, status: bigint, tsNs: number): string[] {
    const lines: string[] = [];
    this.finishUnreturned(tid, lines);
    this.exitReported.add(tid);
    if ((this.options.exitLines ?? true) && !this.options.json) {
      lines.push(`${this.leader(this.prefixOf(tid), tsNs)}+++ exited with ${BigInt.asUintN(8, status)} +++`);
    }
    this.live.delete(tid);
    return lines;
  }

  /** Ends the begun line of another thread with `<unfinished ...>`. */
  private breakOpenLine(tid: number | undefined, lines: string[]): void {
    const owner = this.openLine;
    if (owner === undefined || owner === tid) return;
    this.openLine = undefined;
    const call = this.pending.get(owner);
    if (call === undefined) return;
    call.unfinished = true;
    if (this.options.json) return;
    const args = call.entryText.join(', ');
    const comma = hasExitArgs(call.layout) && call.entryText.length > 0 ? ', ' : '';
    const head = this.leader(call.prefix, call.enter.tsNs);
    lines.push(`${head}${call.layout.name}(${args}${comma} <unfinished ...>`);
  }

  private emitComplete(call: PendingCall, exit: SyscallEvent | undefined, lines: string[]): void {
    const values = this.valuesOf(call.enter, exit);
    const args = [...call.entryText, ...exitArgs(call.layout, values, this.quote)];
    const returned = this.returned(call.layout, call.enter, exit, values);
    if (this.options.json) {
      lines.push(this.json(call.layout, call.enter, exit, args, returned));
      return;
    }
    // Under -e status= the line is printed whole at the exit: its leader is the entry's, as strace's.
    const prefix = this.options.statusFilter !== undefined ? this.prefixOf(call.enter.tid) : call.prefix;
    const head = `${this.leader(prefix, call.enter.tsNs)}${call.layout.name}(${args.join(', ')})`;
    lines.push(withReturn(head, returned.text, this.options.alignColumn) + this.durationOf(call.enter, exit));
    lines.push(...this.dumpOf(call.enter, exit, values));
  }

  private emitResumed(
    layout: CallLayout,
    tid: number,
    enter: SyscallEvent | undefined,
    exit: SyscallEvent | undefined,
    entryText: readonly string[],
    lines: string[],
  ): void {
    const values = enter === undefined ? undefined : this.valuesOf(enter, exit);
    const exitText = values === undefined ? [] : exitArgs(layout, values, this.quote);
    const returned = this.returned(layout, enter, exit, values);
    if (this.options.json) {
      lines.push(this.json(layout, enter, exit, [...entryText, ...exitText], returned));
      return;
    }
    const tsNs = exit?.tsNs ?? enter?.tsNs ?? 0;
    const head = `${this.leader(this.prefixOf(tid), tsNs)}<... ${layout.name} resumed>${exitText.join(', ')})`;
    lines.push(withReturn(head, returned.text, this.options.alignColumn) + this.durationOf(enter, exit));
    lines.push(...this.dumpOf(enter, exit, values));
  }

  private durationOf(enter: SyscallEvent | undefined, exit: SyscallEvent | undefined): string {
    return this.options.durations && enter !== undefined && exit !== undefined ? duration(exit.tsNs - enter.tsNs) : '';
  }

  private json(
    layout: CallLayout,
    enter: SyscallEvent | undefined,
    exit: SyscallEvent | undefined,
    args: readonly string[],
    returned: ReturnText,
  ): string {
    const event = enter ?? exit;
    const record = toJson(
      {
        pid: event?.pid ?? 0,
        tid: event?.tid ?? 0,
        sysno: event?.sysno ?? 0,
        name: layout.name,
        enterNs: enter?.tsNs,
        exitNs: exit?.tsNs,
        raw: enter?.args,
        ret: exit?.ret,
        argsText: args.join(', '),
        returned,
      },
      this.options.realtimeOffsetNs,
    );
    return JSON.stringify(record);
  }

  /** A pending call whose exit will never come (lost, or the trace ended). */
  private finishUnreturned(tid: number, lines: string[]): void {
    const call = this.pending.get(tid);
    if (call === undefined) return;
    this.pending.delete(tid);
    if (this.options.statusFilter !== undefined) {
      if (this.statusShown(undefined)) this.emitComplete(call, undefined, lines);
    } else if (this.openLine === tid) {
      this.openLine = undefined;
      this.emitComplete(call, undefined, lines);
    } else {
      this.breakOpenLine(tid, lines);
      this.emitResumed(call.layout, tid, call.enter, undefined, call.entryText, lines);
    }
  }

  /** After exit (one thread) or exit_group (its whole process): `+++ exited with N +++`. */
  private threadsExit(event: SyscallEvent, wholeProcess: boolean, lines: string[]): void {
    if (wholeProcess) {
      for (const [tid, pid] of this.live) if (pid === event.pid && tid !== event.tid) this.finishUnreturned(tid, lines);
    }
    this.exitReported.add(event.tid);
    if ((this.options.exitLines ?? true) && !this.options.json) {
      const status = BigInt.asUintN(8, event.args?.[0] ?? 0n);
      lines.push(`${this.leader(this.prefixOf(event.tid), event.tsNs)}+++ exited with ${status} +++`);
    }
    for (const [tid, pid] of [...this.live]) {
      if (tid === event.tid || (wholeProcess && pid === event.pid)) this.live.delete(tid);
    }
  }
}

function valuesOf(enter: SyscallEvent, exit?: SyscallEvent): CallValues {
  return { raw: enter.args ?? [], ret: exit?.ret, strings: mergeStrings(enter.strings, exit?.strings), exitStrings: exit?.strings };
}
