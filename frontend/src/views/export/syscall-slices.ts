// Syscalls as slices on their thread's track: the call pairer joins each
// entry with its end, and each call becomes one slice (or an instant when
// only one of its ends is known).
import { callText, quoteOptions } from '../strace/call-text';
import { retValue } from '../strace/json';
import type { EndedCall, StraceItem } from '../strace/paired';
import { CallPairer } from '../strace/pairer';
import type { SyscallEvent } from '../strace/types';
import { micros, type ArgValue, type TimedEvent } from './trace-event';

/** Every byte the recording captured goes into the args (1024 is the module's most). */
const QUOTE = quoteOptions({ snapLength: 1024 });

export class SyscallSlices {
  private readonly pairer = new CallPairer();
  readonly events: TimedEvent[] = [];

  push(event: SyscallEvent): void {
    this.addAll(this.pairer.push(event), undefined);
  }

  /**
   * End of the trace. A call still open either ran past the end (a begun
   * slice, which Perfetto draws as "Did not end") or its thread exited
   * inside it (@threadExits: tid -> exit time), which ends the slice there.
   */
  finish(threadExits: ReadonlyMap<number, number>): void {
    this.addAll(this.pairer.flush(), threadExits);
  }

  private addAll(items: readonly StraceItem[], threadExits: ReadonlyMap<number, number> | undefined): void {
    for (const item of items) if (item.kind === 'complete' || item.kind === 'resumed') this.events.push(syscallSlice(item.call, threadExits));
  }
}

/**
 * The slice of a call that ended: complete when both ends are known (or
 * its thread exited inside it), begun when it ran past the trace's end,
 * an instant when only one end is known. @threadExits: tid -> exit time,
 * at the end of the trace; undefined while it runs.
 */
export function syscallSlice(call: EndedCall, threadExits: ReadonlyMap<number, number> | undefined): TimedEvent {
  const { args: argTexts, returned } = callText(call, QUOTE);
  const ts = call.enterNs ?? call.exitNs ?? 0;
  const text = argTexts.join(', ');
  const base = { name: call.name, cat: 'syscall', pid: call.pid, tid: call.tid, ts: micros(ts) };
  const args: Record<string, ArgValue> = { nr: call.sysno, text, ret: retValue(call.ret, returned), errno: returned.errno ?? null };
  if (call.enterNs !== undefined && call.exitNs !== undefined) return { ...base, ph: 'X', dur: micros(Math.round(call.exitNs - call.enterNs)), args };
  // The trace began inside the call: only its end is known.
  if (call.enterNs === undefined) return { ...base, ph: 'i', s: 't', args: { ...args, entry: 'not seen' } };
  if (call.end === 'never-returns') return { ...base, ph: 'i', s: 't', args: { nr: call.sysno, text } };
  // While the trace runs: another entry came first (the exit record was lost), or another thread's exit_group ended it.
  if (threadExits === undefined) return { ...base, ph: 'i', s: 't', args: { ...args, exit: 'not seen' } };
  const exitNs = threadExits.get(call.tid);
  if (exitNs !== undefined && exitNs >= ts) return { ...base, ph: 'X', dur: micros(exitNs - ts), args: { ...args, exit: 'thread exited' } };
  return { ...base, ph: 'B', args: { ...args, exit: 'after the trace ended' } };
}
