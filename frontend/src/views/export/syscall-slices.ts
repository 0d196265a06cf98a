// Syscalls as slices on their thread's track: the strace view pairs entries
// with exits (its --json objects), and each pair becomes one complete slice.
import { StraceFormatter, type JsonSyscall, type SyscallEvent } from '../strace';
import { layoutCall } from '../strace/call';
import { micros, type ArgValue, type TimedEvent } from './trace-event';

export class SyscallSlices {
  /** Every byte the recording captured goes into the args (1024 is the module's most). */
  private readonly formatter = new StraceFormatter({ json: true, snapLength: 1024 });
  readonly events: TimedEvent[] = [];

  push(event: SyscallEvent): void {
    for (const line of this.formatter.push(event)) this.add(JSON.parse(line) as JsonSyscall, undefined);
  }

  /**
   * End of the trace. A call still open either ran past the end (a begun
   * slice, which Perfetto draws as "Did not end") or its thread exited
   * inside it (@threadExits: tid -> exit time), which ends the slice there.
   */
  finish(threadExits: ReadonlyMap<number, number>): void {
    for (const line of this.formatter.flush()) this.add(JSON.parse(line) as JsonSyscall, threadExits);
  }

  private add(call: JsonSyscall, threadExits: ReadonlyMap<number, number> | undefined): void {
    const base = { name: call.syscall, cat: 'syscall', pid: call.pid, tid: call.tid, ts: micros(call.ts) };
    const args: Record<string, ArgValue> = { nr: call.nr, text: call.text, ret: call.ret, errno: call.errno };
    if (call.duration_ns !== null) {
      this.events.push({ ...base, ph: 'X', dur: micros(call.duration_ns), args });
      return;
    }
    if (call.args.length === 0) {
      // The trace began inside the call: only its end is known.
      this.events.push({ ...base, ph: 'i', s: 't', args: { ...args, entry: 'not seen' } });
      return;
    }
    if (layoutCall(call.nr, undefined).shape.ret === 'none') {
      this.events.push({ ...base, ph: 'i', s: 't', args: { nr: call.nr, text: call.text } });
      return;
    }
    if (threadExits === undefined) {
      // Another entry came first: this call's exit record was lost.
      this.events.push({ ...base, ph: 'i', s: 't', args: { ...args, exit: 'not seen' } });
      return;
    }
    const exitNs = threadExits.get(call.tid);
    if (exitNs !== undefined && exitNs >= call.ts)
      this.events.push({ ...base, ph: 'X', dur: micros(exitNs - call.ts), args: { ...args, exit: 'thread exited' } });
    else this.events.push({ ...base, ph: 'B', args: { ...args, exit: 'after the trace ended' } });
  }
}
