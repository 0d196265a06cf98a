// futex_waitv's waiters as strace 6.1 prints them: `[{val=0x1,
// uaddr=0x7f..., flags=FUTEX_32|FUTEX_PRIVATE_FLAG}]`, __reserved only when
// not 0, at most FUTEX_WAITV_MAX (128) and -s of them.
import { flagTable, formatFlags, hex } from '../../syscalls/xlat';
import { arrayEnd } from './array-end';

const WAITV_SIZE = 24;
const FUTEX_WAITV_MAX = 128;

const WAITER_FLAGS = flagTable('FUTEX_', [
  [0x2, 'FUTEX_32'],
  [0x80, 'FUTEX_PRIVATE_FLAG'],
]);

/** One struct futex_waitv { u64 val; u64 uaddr; u32 flags; u32 __reserved; }. */
export function formatFutexWaitv(b: Uint8Array): string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const uaddr = v.getBigUint64(8, true);
  const reserved = v.getUint32(20, true);
  const fields = [
    `val=${hex(v.getBigUint64(0, true))}`,
    `uaddr=${uaddr === 0n ? 'NULL' : hex(uaddr)}`,
    `flags=${formatFlags(BigInt(v.getUint32(16, true)), WAITER_FLAGS)}`,
  ];
  if (reserved !== 0) fields.push(`__reserved=${hex(BigInt(reserved))}`);
  return `{${fields.join(', ')}}`;
}

/**
 * The array of @count (nr_futexes, an unsigned int) waiters at @base from
 * its capture; undefined when its address is printed instead.
 */
export function formatFutexWaiters(bytes: Uint8Array, truncated: boolean, count: bigint, base: bigint, maxElements: number): string | undefined {
  if (count === 0n) return '[]';
  const end = arrayEnd(bytes.length, WAITV_SIZE, count, Math.min(maxElements, FUTEX_WAITV_MAX), truncated, base, true);
  if (end === undefined) return undefined;
  const items: string[] = [];
  for (let i = 0; i < end.shown; i++) items.push(formatFutexWaitv(bytes.subarray(i * WAITV_SIZE, (i + 1) * WAITV_SIZE)));
  if (end.tail !== undefined) items.push(end.tail);
  return `[${items.join(', ')}]`;
}
