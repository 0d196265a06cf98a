// strace's text from the call pairer's items (paired.ts).
//
// Pid prefixes follow strace's printleader(): `[pid %5u] ` on a line printed
// while more than one thread is traced ('auto'; 'always' for a system-wide
// trace, where that is always so), `%-5d ` on every line of `-o FILE -f`
// ('column'), none in the per-thread files of -ff ('none'). The item says
// how many threads were traced when its line began. The renderer's only
// state is the time of the previous line, for -r.
import { changedAtExit, entryArgs, exitArgs, hasExitArgs, type CallValues } from './call';
import { quoteOptions, returnText } from './call-text';
import { dumpDirection, dumpLines, iovecDumpLines, messageDumpLines } from './dump';
import { duration, pidColumn, pidPrefix, relativeTime, timeOfDay, withReturn } from './leader';
import { endValues, entryValues, type EndedCall, type EnteredCall, type StraceItem } from './paired';
import { formatExitLine, formatSignalLine } from './signal';
import type { QuoteOptions, StraceOptions } from './types';

export class TextRenderer {
  private readonly quote: QuoteOptions;
  private previousLineNs: number | undefined;

  constructor(private readonly options: StraceOptions = {}) {
    this.quote = quoteOptions(options);
  }

  /** The lines of @item (none for an end line -qq or -e signal= hides). */
  render(item: StraceItem): string[] {
    switch (item.kind) {
      case 'complete':
        return this.complete(item.call, item.threads);
      case 'unfinished':
        return [this.unfinished(item.call, item.threads)];
      case 'resumed':
        return this.resumed(item.call, item.threads);
      case 'signal':
        return [`${this.leader(item.tid, item.threads, item.tsNs)}${formatSignalLine(item.signal)}`];
      case 'event':
        return [`${this.leader(item.tid, item.threads, item.tsNs)}${item.text}`];
      case 'exited': {
        // strace: -qq hides `exited with`; -e signal= decides `killed by` (whatever -q says).
        const status = item.status;
        const shown = 'signal' in status ? this.options.signalFilter?.(status.signal) ?? true : this.options.exitLines ?? true;
        return shown ? [`${this.leader(item.tid, item.threads, item.tsNs)}${formatExitLine(status)}`] : [];
      }
    }
  }

  private prefix(tid: number, threads: number): string {
    switch (this.options.pids ?? 'auto') {
      case 'column':
        return pidColumn(tid);
      case 'always':
        return pidPrefix(tid);
      case 'auto':
        return threads > 1 ? pidPrefix(tid) : '';
      case 'none':
        return '';
    }
  }

  /** Pid prefix and -t/-tt/-ttt/-r stamps of a line of @tid at @tsNs. */
  private leader(tid: number, threads: number, tsNs: number): string {
    const relative = this.options.relative ? relativeTime(tsNs - (this.previousLineNs ?? tsNs)) : '';
    this.previousLineNs = tsNs;
    return `${this.prefix(tid, threads)}${timeOfDay(tsNs, this.options)}${relative}`;
  }

  private unfinished(call: EnteredCall, threads: number): string {
    const entry = entryArgs(call.layout, entryValues(call), this.quote);
    const comma = hasExitArgs(call.layout) && entry.length > 0 && call.layout.commaAtExit !== true ? ', ' : '';
    return `${this.leader(call.tid, threads, call.enterNs)}${call.name}(${entry.join(', ')}${comma} <unfinished ...>`;
  }

  private complete(call: EndedCall, threads: number): string[] {
    const values = endValues(call);
    const args = [...entryArgs(call.layout, entryValues(call), this.quote, values), ...exitArgs(call.layout, values, this.quote)];
    const returned = returnText(call, values, this.quote);
    const head = `${this.leader(call.tid, threads, call.enterNs ?? 0)}${call.name}(${args.join(', ')})`;
    return [withReturn(head, returned.text, this.options.alignColumn) + this.durationOf(call), ...this.dumpOf(call, values)];
  }

  private resumed(call: EndedCall, threads: number): string[] {
    const values = call.enterNs === undefined ? undefined : endValues(call);
    const exitText = values === undefined ? [] : exitArgs(call.layout, values, this.quote);
    const returned = returnText(call, values, this.quote);
    // sched_setattr: ` => {size=56}, 0)`, the comma printed at exit.
    const changed = values === undefined ? '' : changedAtExit(call.layout, values, this.quote);
    const comma = call.layout.commaAtExit === true && exitText.length > 0 ? ', ' : '';
    const head = `${this.leader(call.tid, threads, call.exitNs ?? call.enterNs ?? 0)}<... ${call.name} resumed>${changed}${comma}${exitText.join(', ')})`;
    return [withReturn(head, returned.text, this.options.alignColumn) + this.durationOf(call), ...this.dumpOf(call, values)];
  }

  private durationOf(call: EndedCall): string {
    return this.options.durations && call.enterNs !== undefined && call.exitNs !== undefined ? duration(call.exitNs - call.enterNs) : '';
  }

  /** -e read= / -e write=: the data of a successful transfer on a selected descriptor. */
  private dumpOf(call: EndedCall, values: CallValues | undefined): string[] {
    if (call.enterNs === undefined || call.ret === undefined || values === undefined) return [];
    const io = dumpDirection(call.sysno);
    if (io === undefined) return [];
    const selected = io.direction === 'read' ? this.options.readFds : this.options.writeFds;
    const fd = Number(BigInt.asIntN(32, call.raw?.[0] ?? 0n));
    if (selected === undefined || !selected(fd) || call.errno !== undefined) return [];
    const ret = Number(BigInt.asIntN(64, call.ret));
    const mem = (io.atExit ? values.exitStrings : values.strings)?.get(io.bufArg);
    if (io.message) return messageDumpLines(mem, io.message, ret);
    return (io.iovec ? iovecDumpLines : dumpLines)(mem, ret);
  }
}
