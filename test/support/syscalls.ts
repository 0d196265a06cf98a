// Builders of SyscallEvents for formatter tests: names instead of numbers,
// numbers instead of bigints, strings instead of byte arrays.
import { syscallNumber } from '../../frontend/src/syscalls';
import type { CapturedString, SyscallEvent } from '../../frontend/src/views/strace/types';

export type Memory = { readonly [argIndex: number]: string | Uint8Array | CapturedString };

function captured(memory: Memory | undefined): ReadonlyMap<number, CapturedString> | undefined {
  if (memory === undefined) return undefined;
  return new Map(
    Object.entries(memory).map(([index, value]): [number, CapturedString] => {
      if (typeof value === 'string') return [Number(index), { bytes: Buffer.from(value, 'latin1'), truncated: false }];
      if (value instanceof Uint8Array) return [Number(index), { bytes: value, truncated: false }];
      return [Number(index), value];
    }),
  );
}

function numberOf(name: string | number): number {
  if (typeof name === 'number') return name;
  const nr = syscallNumber(name);
  if (nr === undefined) throw new Error(`no syscall ${name}`);
  return nr;
}

export interface Where {
  readonly tid?: number;
  readonly pid?: number;
  readonly ts?: number;
}

export function enter(name: string | number, args: readonly (number | bigint)[], memory?: Memory, where: Where = {}): SyscallEvent {
  const raw = [...args.map((a) => BigInt(a)), 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6);
  const tid = where.tid ?? 100;
  return { phase: 'enter', tsNs: where.ts ?? 0, pid: where.pid ?? tid, tid, sysno: numberOf(name), args: raw, strings: captured(memory) };
}

export function exit(name: string | number, ret: number | bigint, memory?: Memory, where: Where = {}): SyscallEvent {
  const tid = where.tid ?? 100;
  return { phase: 'exit', tsNs: where.ts ?? 0, pid: where.pid ?? tid, tid, sysno: numberOf(name), ret: BigInt(ret), strings: captured(memory) };
}

/** Both halves of a call that nothing interrupts. */
export function call(name: string | number, args: readonly (number | bigint)[], ret: number | bigint, memory?: Memory, outMemory?: Memory, where: Where = {}): SyscallEvent[] {
  return [enter(name, args, memory, where), exit(name, ret, outMemory, { ...where, ts: (where.ts ?? 0) + 1000 })];
}
