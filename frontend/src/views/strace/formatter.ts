// strace-compatible text (or --json lines) from a stream of syscall entries
// and exits: the call pairer (pairer.ts) joins each entry with its end and
// orders the items as strace prints them; a renderer turns them into lines.
// Every push returns the complete lines it produced; nothing is written
// anywhere.
//
// Like strace, the pid prefix of a line is decided when the line begins:
// an `<unfinished ...>` line keeps the prefix of its entry, a `<... resumed>`
// line takes the one of its exit.
import type { CallLayout } from './call';
import type { FdTracker } from './fds';
import type { StraceItem } from './paired';
import { CallPairer, type PairerOptions } from './pairer';
import { JsonRenderer } from './render-json';
import { TextRenderer } from './render-text';
import { shownDelivery, type DeliveredSignal, type ExitStatus } from './signal';
import type { StraceOptions, SyscallEvent } from './types';

/**
 * -P: whether the call names one of @paths (as given, or made absolute
 * against what is known of its directory), or uses a descriptor known to
 * refer to one.
 */
function touchesPaths(paths: readonly string[], fds: FdTracker | undefined, layout: CallLayout, event: SyscallEvent): boolean {
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

/** The calls -e trace= and -P select; only the exit seen: by name, and never under -P. */
function selection(options: StraceOptions): PairerOptions['select'] {
  const { filter, tracePaths } = options;
  if (filter === undefined && tracePaths === undefined) return undefined;
  return (sysno, layout, enter) => {
    if (filter !== undefined && !filter(sysno, layout.name)) return false;
    if (tracePaths === undefined) return true;
    return enter !== undefined && touchesPaths(tracePaths, options.fds, layout, enter);
  };
}

export class StraceFormatter {
  private readonly pairer: CallPairer;
  private readonly text: TextRenderer;
  private readonly json: JsonRenderer | undefined;

  constructor(private readonly options: StraceOptions = {}) {
    this.pairer = new CallPairer({
      select: selection(options),
      status: options.statusFilter,
      fds: options.decodeFds ? options.fds : undefined,
    });
    this.text = new TextRenderer(options);
    this.json = options.json ? new JsonRenderer(options) : undefined;
  }

  private render(items: readonly StraceItem[]): string[] {
    // With --json a line of another family stays text, as given (the trace view writes objects for those itself).
    const json = this.json;
    return items.flatMap((item) => (json !== undefined && item.kind !== 'event' ? json.render(item) : this.text.render(item)));
  }

  /** Takes the next entry or exit, in stream order; returns the lines it completes. */
  push(event: SyscallEvent): string[] {
    // The descriptor table follows every call, shown or not; an exit updates it before its line is printed.
    this.options.fds?.push(event);
    return this.render(this.pairer.push(event));
  }

  /** End of the trace: every call still pending ends with `= ?`. */
  flush(): string[] {
    return this.render(this.pairer.flush());
  }

  /**
   * A line of another kind (an event of another family) from thread @tid:
   * a begun syscall line ends with `<unfinished ...>` first, so the output
   * stays in time order, as when another thread interrupts it. Returns the
   * lines to print, the last one @text behind its leader (pid prefix and
   * -t/-tt/-ttt/-r stamps, as a syscall line of @tid would have).
   */
  line(tid: number, pid: number, tsNs: number, text: string): string[] {
    return this.render(this.pairer.other(tid, pid, tsNs, text));
  }

  /**
   * A signal delivered to thread @tid: `--- SIGx {...} ---`, unless -e
   * signal= hides it or strace would not show it (SIGKILL). Like any line
   * of another kind it ends a begun syscall line of another thread first.
   */
  signal(tid: number, pid: number, tsNs: number, signal: DeliveredSignal): string[] {
    if (this.options.json || !shownDelivery(signal)) return [];
    if (this.options.signalFilter !== undefined && !this.options.signalFilter(signal.signo)) return [];
    return this.render(this.pairer.signal(tid, pid, tsNs, signal));
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
    return this.render(this.pairer.threadExited(tid, pid, tsNs, status));
  }

  /** A thread that is gone (its exit was seen): it no longer counts for the prefixes. */
  threadEnded(tid: number): void {
    this.pairer.threadEnded(tid);
  }

  /**
   * For -ff, where each thread has its own formatter: the thread's process
   * ended (another thread called exit_group). A call still pending ends
   * with `= ?`, then `+++ exited with N +++`, as strace prints in each file.
   */
  processExited(tid: number, status: bigint, tsNs: number): string[] {
    return this.render(this.pairer.processExited(tid, status, tsNs));
  }
}
