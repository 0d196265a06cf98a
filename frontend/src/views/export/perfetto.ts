// A recording as a Perfetto timeline (Chrome JSON trace-event format): every
// record goes to the part that draws it, and finish() returns the events.
import { eventByBit, FieldTag, fieldByName, tagNamed as fieldTag, varByName } from '../../abi/abi';
import type { DecodedRecord, EventRecord } from '../../decode';
import { signalName } from '../../syscalls/constants';
import { usdtJson } from '../usdt-line';
import type { ProbeSites } from '../../usdt/attach';
import { eventFields, isHexField } from '../event-line';
import { syscallEventOf } from '../strace';
import { CounterTracks } from './counters';
import { CpuTracks } from './cpu-tracks';
import { SyscallSlices } from './syscall-slices';
import { TaskNames } from './task-names';
import { micros, SYSTEM_PID, type ArgValue, type InstantEvent, type MetadataEvent, type TimedEvent, type TraceEvent } from './trace-event';

const CPU_TAG = fieldTag('cpu');
const PREV_STATE_TAG = fieldTag('prev_state');
const SIGNO_TAG = fieldTag('signo');


function recorded(vars: bigint, name: string): boolean {
  const bit = varByName(name)?.bit;
  return bit !== undefined && ((vars >> BigInt(bit)) & 1n) === 1n;
}

/**
 * An event field as a trace arg: addresses in hex as debuggers show them,
 * other integers as numbers while exact, text as text.
 */
function argValue(name: string, json: string | null): ArgValue {
  const type = fieldByName(name)?.type;
  if (json === null || type === 'STR' || type === 'CHARS' || type === undefined) return json;
  const value = BigInt(json);
  if (isHexField(name)) return `0x${BigInt.asUintN(64, value).toString(16)}`;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : json;
}

export interface PerfettoOptions {
  /** The recording's variable mask (its header's `vars`): what the records really carry. */
  readonly recordedVars: bigint;
  /** USDT probe sites of the recording (its header's `usdt`), to name usdt instants. */
  readonly usdtSites?: ProbeSites;
}

export class PerfettoExport {
  private readonly syscalls = new SyscallSlices();
  private readonly cpus = new CpuTracks();
  private readonly counters: CounterTracks;
  private readonly names = new TaskNames();
  private readonly instants: InstantEvent[] = [];
  private readonly threadExits = new Map<number, number>();
  private readonly hasComm: boolean;
  private readonly hasCpu: boolean;
  private startNs: number | undefined;
  private lastNs = 0;
  /** Switches seen without the cpu variable: they cannot be placed on a CPU. */
  unplacedSwitches = 0;

  constructor(private readonly opts: PerfettoOptions) {
    this.counters = new CounterTracks(opts.recordedVars);
    this.hasComm = recorded(opts.recordedVars, 'comm');
    this.hasCpu = recorded(opts.recordedVars, 'cpu');
  }

  onRecord(record: DecodedRecord): void {
    if (record.type === 'lost') {
      // A lost record has no time of its own: it sits after the last record read.
      this.instants.push({
        ph: 'i',
        s: 'g',
        cat: 'lost',
        name: `lost ${record.count} records`,
        pid: SYSTEM_PID,
        tid: SYSTEM_PID,
        ts: micros(this.lastNs),
        args: { count: record.count, cpu: record.srcCpu },
      });
      return;
    }
    // Before the first keyframe the state is relative to zero, times included.
    if (record.type !== 'event' || !record.synced) return;
    this.lastNs = record.tsNs;
    this.startNs ??= record.tsNs;
    const pid = record.get(FieldTag.PID);
    const tid = record.get(FieldTag.TID);
    if (this.hasComm) this.names.onEvent(record, pid, tid);
    this.counters.onEvent(record, pid);
    const syscall = syscallEventOf(record);
    if (syscall !== undefined) {
      this.syscalls.push(syscall);
      return;
    }
    if (record.eventName === 'sched_in' || record.eventName === 'sched_out') {
      this.onSwitch(record, pid, tid);
      return;
    }
    if (record.eventName === 'proc_exit') this.threadExits.set(tid, record.tsNs);
    this.instants.push(this.instant(record, pid, tid));
  }

  /** Every event, metadata first, then in time order. */
  finish(): TraceEvent[] {
    this.syscalls.finish(this.threadExits);
    this.cpus.finish(this.lastNs);
    const metadata: MetadataEvent[] = [
      { ph: 'M', name: 'process_name', pid: SYSTEM_PID, args: { name: 'System (ktrace)' } },
      { ph: 'M', name: 'process_sort_index', pid: SYSTEM_PID, args: { sort_index: -1 } },
      ...this.cpus.names(),
      ...this.names.metadata(),
    ];
    const timed: TimedEvent[] = [...this.syscalls.events, ...this.cpus.events, ...this.counters.events, ...this.instants];
    timed.sort((a, b) => a.ts - b.ts);
    return [...metadata, ...timed];
  }

  private onSwitch(record: EventRecord, pid: number, tid: number): void {
    if (!this.hasCpu) {
      this.unplacedSwitches++;
      return;
    }
    const cpu = record.get(CPU_TAG);
    const task = { pid, tid, name: this.names.nameOf(tid) ?? `tid` };
    // sched_out is recorded in the task that gets the CPU, sched_in in the one that leaves it.
    if (record.eventName === 'sched_out') this.cpus.switchedIn(cpu, task, record.tsNs);
    else this.cpus.switchedOut(cpu, task, record.get(PREV_STATE_TAG), record.tsNs, this.startNs ?? record.tsNs);
  }

  private instant(record: EventRecord, pid: number, tid: number): InstantEvent {
    const usdt = record.eventName === 'usdt' && this.opts.usdtSites ? usdtJson(record, this.opts.usdtSites) : undefined;
    if (usdt) {
      const args: Record<string, ArgValue> = {};
      const strings = new Set(usdt.strings as number[]);
      (usdt.args as (string | null)[]).forEach((v, i) => {
        const n = v !== null && !strings.has(i) ? Number(v) : NaN;
        args[`arg${i + 1}`] = Number.isSafeInteger(n) ? n : v;
      });
      if (typeof usdt.text === 'string') args.text = usdt.text;
      return { ph: 'i', s: 't', cat: 'usdt', name: `u:${String(usdt.probe)}`, pid, tid, ts: micros(record.tsNs), args };
    }
    const args: Record<string, ArgValue> = {};
    for (const field of eventFields(record)) args[field.name] = argValue(field.name, field.json);
    const family = eventByBit(record.eventBit)?.family ?? 'unknown';
    const name = family === 'signal' ? `${record.eventName} ${signalName(record.get(SIGNO_TAG))}` : record.eventName;
    return { ph: 'i', s: 't', cat: family, name, pid, tid, ts: micros(record.tsNs), args };
  }
}

/** The trace file's text: the JSON object form, one event per line so it diffs and greps well. */
export function serializeTrace(events: readonly TraceEvent[], otherData: Readonly<Record<string, string>>): string {
  const body = events.map((e) => JSON.stringify(e)).join(',\n');
  return `{"displayTimeUnit":"ns","otherData":${JSON.stringify(otherData)},"traceEvents":[\n${body}\n]}\n`;
}
