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

/** An iovec capture: each [base, len, bytes kept (undefined: unreadable)]. */
export function iovecs(elements: readonly (readonly [number | bigint, number | bigint, string | undefined | 'element'])[], truncated = false): CapturedString {
  const parts = elements.map(([base, len, data]) => {
    const head = Buffer.alloc(20);
    head.writeBigUInt64LE(BigInt.asUintN(64, BigInt(base)), 0);
    head.writeBigUInt64LE(BigInt.asUintN(64, BigInt(len)), 8);
    if (data === 'element') {
      head.writeUInt32LE(0xfffffffe, 16);
      return head;
    }
    head.writeUInt32LE(data === undefined ? 0xffffffff : data.length, 16);
    return Buffer.concat([head, Buffer.from(data ?? '', 'latin1')]);
  });
  return { bytes: Buffer.concat(parts), truncated };
}

/** Little-endian struct bytes from [offset, width, value] fields. */
export function bytes(size: number, fields: readonly (readonly [number, 2 | 4 | 8, number | bigint])[]): Uint8Array {
  const b = Buffer.alloc(size);
  for (const [at, width, value] of fields) {
    if (width === 8) b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), at);
    else if (width === 4) b.writeUInt32LE(Number(BigInt.asUintN(32, BigInt(value))), at);
    else b.writeUInt16LE(Number(BigInt.asUintN(16, BigInt(value))), at);
  }
  return b;
}
