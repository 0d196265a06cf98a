// --json: one object per completed syscall. Field names are a stable
// interface, documented in docs/json-output.md.
import { hex } from '../../syscalls/xlat';
import type { ReturnText } from './ret';

export interface CompletedCall {
  readonly pid: number;
  readonly tid: number;
  readonly sysno: number;
  readonly name: string;
  /** Entry time; undefined when only the exit was seen. */
  readonly enterNs?: number;
  /** Exit time; undefined when the syscall never returned (exit_group, end of trace). */
  readonly exitNs?: number;
  readonly raw?: readonly bigint[];
  readonly ret?: bigint;
  /** The decoded arguments, as in the strace line, comma-separated. */
  readonly argsText: string;
  readonly returned: ReturnText;
}

export interface JsonSyscall {
  readonly ts: number;
  readonly wall_ts?: string;
  readonly pid: number;
  readonly tid: number;
  readonly syscall: string;
  readonly nr: number;
  readonly args: readonly string[];
  readonly text: string;
  readonly ret: number | string | null;
  readonly errno: string | null;
  readonly duration_ns: number | null;
}

/** The `ret` member: null without an exit, -1 on failure, else the value (a string past 2^53). */
export function retValue(ret: bigint | undefined, returned: ReturnText): number | string | null {
  if (ret === undefined) return null;
  if (returned.errno !== undefined) return -1;
  const value = BigInt.asIntN(64, ret);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function wallTime(tsNs: number, realtimeOffsetNs: bigint | number): string {
  const wallNs = BigInt(Math.round(tsNs)) + BigInt(realtimeOffsetNs);
  const iso = new Date(Number(wallNs / 1_000_000n)).toISOString(); // ms precision
  const micros = String((wallNs % 1_000_000_000n) / 1000n).padStart(6, '0');
  return `${iso.slice(0, 19)}.${micros}Z`;
}

export function toJson(call: CompletedCall, realtimeOffsetNs?: bigint | number): JsonSyscall {
  const ts = call.enterNs ?? call.exitNs ?? 0;
  const duration = call.enterNs !== undefined && call.exitNs !== undefined ? Math.round(call.exitNs - call.enterNs) : null;
  return {
    ts,
    ...(realtimeOffsetNs === undefined ? {} : { wall_ts: wallTime(ts, realtimeOffsetNs) }),
    pid: call.pid,
    tid: call.tid,
    syscall: call.name,
    nr: call.sysno,
    args: (call.raw ?? []).map((v) => hex(BigInt.asUintN(64, v))),
    text: call.argsText,
    ret: retValue(call.ret, call.returned),
    errno: call.returned.errno ?? null,
    duration_ns: duration,
  };
}
