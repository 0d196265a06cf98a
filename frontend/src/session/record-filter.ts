// Which records of a recording `ktrace report` shows: by process (-p, with
// -f their descendants too), by command name (--comm), by time (--from,
// --to) and by event family (--events). The filter sees every record, in
// stream order, so it can learn forks and names even from records it hides.
import { EVENTS, FieldTag, eventFamilies, expandEventNames, tagNamed, varByName } from '../abi/abi';
import type { EventRecord } from '../decode';
import { commText } from '../decode/strings';
import { syscallNumber } from '../syscalls';
import { UserError } from '../user-error';

const COMM_LO = tagNamed('comm_lo');
const COMM_HI = tagNamed('comm_hi');
const CHILD_PID = tagNamed('child_pid');
const CHILD_TID = tagNamed('child_tid');
const EXEC_FILENAME = tagNamed('exec_filename');
const STR_ARG0 = tagNamed('str_arg0');
const PPID = tagNamed('ppid');

/** The kernel keeps a task's comm in 16 bytes, NUL included. */
const TASK_COMM_LEN = 15;

const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3'].map((name) => syscallNumber(name)));
const EXECS = new Set(['execve', 'execveat'].map((name) => syscallNumber(name)));

export interface RecordFilterSpec {
  /** -p: processes (thread group ids) or threads to show. */
  readonly pids?: readonly number[];
  /** -f with -p: their descendants too, from the forks the recording shows. */
  readonly children?: boolean;
  /** --comm: command names to show (the kernel's comm, at most 15 bytes). */
  readonly comms?: readonly string[];
  /** --from / --to: the window, both ends included. */
  readonly from?: TimeBound;
  readonly to?: TimeBound;
  /** --events: which events to show, by bit. */
  readonly events?: ReadonlySet<number>;
}

/** Parses `-p 12,34 -p 56`: positive integers. */
export function parsePidList(values: readonly (string | number)[]): number[] {
  const pids = values.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  if (pids.length === 0) throw new UserError(`bad -p value: '${values.join(',')}' (a process id, or a comma list of them)`, 2);
  return pids.map((text) => {
    const pid = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(pid) || pid <= 0) throw new UserError(`bad -p value: ${text} (a process id, or a comma list of them)`, 2);
    return pid;
  });
}

/**
 * Parses `--events syscall,signal`, `--events '!sched'`: event families or
 * event names (as `ktrace --events list` shows them); a leading `!` selects
 * every event but those. Returns the selected event bits.
 */
export function parseEventSelection(expression: string): Set<number> {
  const negate = expression.startsWith('!');
  const names = (negate ? expression.slice(1) : expression).split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UserError(`bad --events value: '${expression}' (a comma list of events or families)`, 2);
  let chosen: Set<number>;
  try {
    chosen = new Set(expandEventNames(names).map((e) => e.bit));
  } catch (err) {
    throw new UserError(`bad --events value: ${(err as Error).message}; valid: all, ${eventFamilies().join(', ')}, ${EVENTS.map((e) => e.name).join(', ')}`, 2);
  }
  return negate ? new Set(EVENTS.map((e) => e.bit).filter((bit) => !chosen.has(bit))) : chosen;
}

const UNIT_NS: { readonly [unit: string]: number } = { '': 1e9, s: 1e9, ms: 1e6, us: 1e3, ns: 1 };

/** A --from/--to bound: a time since the recording's first event, or a time of day. */
export type TimeBound =
  | { readonly kind: 'since-start'; readonly ns: number }
  | {
      readonly kind: 'time-of-day';
      readonly hours: number;
      readonly minutes: number;
      readonly seconds: number;
      readonly fractionNs: number;
      /** The last digit's unit: `--to 12:00:01.000005` includes that whole microsecond, as -tt printed it. */
      readonly unitNs: number;
    };

/**
 * Parses a --from/--to value: seconds since the recording's first event
 * (`2.5`, `2.5s`, `250ms`, `40us`, `100ns`), or a time of day as -t/-tt
 * print it (`14:03:07`, `14:03:07.250000`, local time).
 */
export function parseTimeBound(text: string, option: string): TimeBound {
  const relative = /^(\d+(?:\.\d*)?|\.\d+)(s|ms|us|ns)?$/.exec(text);
  if (relative) return { kind: 'since-start', ns: Math.round(Number(relative[1]) * UNIT_NS[relative[2] ?? '']) };
  const clock = /^(\d{1,2}):(\d{2}):(\d{2})(\.\d{1,9})?$/.exec(text);
  if (clock && Number(clock[1]) < 24 && Number(clock[2]) < 60 && Number(clock[3]) < 60) {
    const digits = (clock[4] ?? '.').slice(1);
    return {
      kind: 'time-of-day',
      hours: Number(clock[1]),
      minutes: Number(clock[2]),
      seconds: Number(clock[3]),
      fractionNs: Number(digits.padEnd(9, '0')),
      unitNs: 10 ** (9 - digits.length),
    };
  }
  throw new UserError(`bad ${option} value: ${text} (seconds since the recording's first event, e.g. 1.5 or 250ms, or a time of day HH:MM:SS[.ffffff])`, 2);
}

/**
 * A bound in ns since the first event, whose wall-clock time is @startWallNs:
 * a time of day is the first such moment from the first event's second on
 * (a recording may run past midnight), in the local time zone as -t shows.
 */
export function resolveTimeBound(bound: TimeBound, startWallNs: bigint): number {
  if (bound.kind === 'since-start') return bound.ns;
  const start = new Date(Number(startWallNs / 1_000_000n));
  const at = (dayOffset: number) =>
    new Date(start.getFullYear(), start.getMonth(), start.getDate() + dayOffset, bound.hours, bound.minutes, bound.seconds).getTime();
  let wallMs = at(0);
  if (wallMs < Math.floor(start.getTime() / 1000) * 1000) wallMs = at(1);
  return Number(BigInt(wallMs) * 1_000_000n + BigInt(bound.fractionNs) - startWallNs);
}

/** The recording's variables: what a --comm filter can learn names from. */
export interface RecordingFacts {
  /** The header's variable mask. */
  readonly vars: bigint;
  /** The header's event mask. */
  readonly events: bigint;
  /** CLOCK_REALTIME minus CLOCK_MONOTONIC (ns) when recording: for times of day. */
  readonly realtimeOffsetNs: bigint;
}

function hasBit(mask: bigint, bit: number | undefined): boolean {
  return bit !== undefined && ((mask >> BigInt(bit)) & 1n) === 1n;
}

/** Checks that a recording can answer --comm; throws a one-line error when it cannot. */
export function checkCommSource(facts: RecordingFacts): void {
  const procExec = EVENTS.find((e) => e.name === 'proc_exec')?.bit;
  if (hasBit(facts.vars, varByName('comm')?.bit) || hasBit(facts.vars, varByName('strings')?.bit) || hasBit(facts.events, procExec)) return;
  throw new UserError('--comm: the recording has no command names (record with --vars comm, or strings, or --events proc)', 2);
}

/**
 * Learns each thread's command name from the comm variable when recorded,
 * else from execs (proc_exec's file name, execve's path) and forks (a child
 * starts with its parent's name).
 */
class CommNames {
  private readonly names = new Map<number, string>();
  /** tid -> the path its pending execve was given. */
  private readonly execPaths = new Map<number, string>();

  constructor(private readonly fromVariable: boolean) {}

  /** The name of the record's thread after the record. */
  learn(record: EventRecord, pid: number, tid: number): string | undefined {
    if (this.fromVariable) return commText(record.getBigInt(COMM_LO), record.getBigInt(COMM_HI));
    const name = record.eventName;
    if (name === 'proc_exec') {
      const file = record.getString(EXEC_FILENAME);
      if (file !== undefined && file.status !== 'unavailable') this.names.set(tid, taskComm(file.bytes));
    } else if (name === 'proc_fork') {
      const parent = this.nameOf(pid, tid);
      if (parent !== undefined) this.names.set(record.get(CHILD_TID), parent);
    } else if (name === 'sys_enter' && EXECS.has(record.get(FieldTag.SYSNO))) {
      const path = this.execPath(record, record.get(FieldTag.SYSNO));
      if (path !== undefined) this.execPaths.set(tid, path);
    } else if (name === 'sys_exit') {
      const sysno = record.get(FieldTag.SYSNO);
      const ret = record.get(FieldTag.RET);
      if (EXECS.has(sysno)) {
        // The exit carries the path too (unprivileged readers get only the exit's: docs/abi.md).
        const path = this.execPaths.get(tid) ?? this.execPath(record, sysno);
        this.execPaths.delete(tid);
        if (ret === 0 && path !== undefined) this.names.set(tid, path);
      } else if (FORKS.has(sysno) && ret > 0 && !this.names.has(ret)) {
        const parent = this.nameOf(pid, tid);
        if (parent !== undefined) this.names.set(ret, parent);
      }
    }
    return this.nameOf(pid, tid);
  }

  /** The comm an exec's path (captured at its entry or exit) gives. */
  private execPath(record: EventRecord, sysno: number): string | undefined {
    const path = record.getString(sysno === syscallNumber('execveat') ? tagNamed('str_arg1') : STR_ARG0);
    return path === undefined || path.status === 'unavailable' ? undefined : taskComm(path.bytes);
  }

  private nameOf(pid: number, tid: number): string | undefined {
    return this.names.get(tid) ?? this.names.get(pid);
  }
}

/** What the kernel makes a task's comm on exec: the file's base name, cut to 15 bytes. */
function taskComm(path: Uint8Array): string {
  const text = new TextDecoder().decode(path);
  return Buffer.from(text.slice(text.lastIndexOf('/') + 1)).subarray(0, TASK_COMM_LEN).toString('utf8');
}

function commMatches(comm: string | undefined, wanted: readonly string[]): boolean {
  if (comm === undefined) return false;
  // A longer name matches its first 15 bytes, which is all the kernel keeps.
  return wanted.some((name) => name === comm || (Buffer.byteLength(comm) === TASK_COMM_LEN && name.startsWith(comm)));
}

export class RecordFilter {
  private firstNs: number | undefined;
  private fromNs = -Infinity;
  private toNs = Infinity;
  private readonly pids: Set<number> | undefined;
  private readonly comms: CommNames | undefined;
  private readonly hasPpid: boolean;

  constructor(
    private readonly spec: RecordFilterSpec,
    private readonly facts: RecordingFacts,
  ) {
    this.pids = spec.pids === undefined || spec.pids.length === 0 ? undefined : new Set(spec.pids);
    this.hasPpid = hasBit(facts.vars, varByName('ppid')?.bit);
    if (spec.comms !== undefined && spec.comms.length > 0) {
      checkCommSource(facts);
      this.comms = new CommNames(hasBit(facts.vars, varByName('comm')?.bit));
    }
  }

  /** Whether @record is shown; every event record must pass here, in stream order. */
  accept(record: EventRecord): boolean {
    if (this.firstNs === undefined) this.start(record.tsNs);
    const pid = record.get(FieldTag.PID);
    const tid = record.get(FieldTag.TID);
    const byProcess = this.pids === undefined || this.followProcess(record, pid, tid);
    const comm = this.comms?.learn(record, pid, tid);
    if (!byProcess) return false;
    if (this.comms !== undefined && !commMatches(comm, this.spec.comms ?? [])) return false;
    if (this.spec.events !== undefined && !this.spec.events.has(record.eventBit)) return false;
    const sinceStart = record.tsNs - (this.firstNs ?? record.tsNs);
    return sinceStart >= this.fromNs && sinceStart <= this.toNs;
  }

  /** The first event: times of day become times since it. */
  private start(tsNs: number): void {
    this.firstNs = tsNs;
    const wallNs = BigInt(Math.round(tsNs)) + this.facts.realtimeOffsetNs;
    if (this.spec.from !== undefined) this.fromNs = resolveTimeBound(this.spec.from, wallNs);
    const to = this.spec.to;
    if (to !== undefined) this.toNs = resolveTimeBound(to, wallNs) + (to.kind === 'time-of-day' ? to.unitNs - 1 : 0);
  }

  /** Whether the record's task is selected by -p; with -f, adds the children it forks. */
  private followProcess(record: EventRecord, pid: number, tid: number): boolean {
    const pids = this.pids as Set<number>;
    // A child's first records may come before its fork returns (vfork): its ppid names it.
    const byParent = this.spec.children === true && this.hasPpid && pids.has(record.get(PPID));
    if (byParent) pids.add(pid);
    const selected = byParent || pids.has(pid) || pids.has(tid);
    if (!selected || !this.spec.children) return selected;
    if (record.eventName === 'proc_fork') {
      pids.add(record.get(CHILD_PID));
      pids.add(record.get(CHILD_TID));
    } else if (record.eventName === 'sys_exit' && FORKS.has(record.get(FieldTag.SYSNO)) && record.get(FieldTag.RET) > 0) {
      pids.add(record.get(FieldTag.RET));
    }
    return true;
  }
}
