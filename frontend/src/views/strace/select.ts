// select and pselect6 as strace prints them: the fd_sets given (`[3 4]`),
// pselect6's sigmask pair, and after the result what the kernel left in
// the sets and the timeout (`= 1 (in [3], left {tv_sec=0, tv_usec=99})`).
// The module captures a set as the list of its set descriptors (fd_set).
import { LAYOUT_FORMATTERS, type LayoutOptions, type StructLayoutName } from './layouts';
import type { CapturedString } from './types';

/** The descriptors of a captured fd_set, and whether the module listed them all. */
export function fdSetMembers(mem: { readonly bytes: Uint8Array; readonly truncated: boolean }): { fds: number[]; truncated: boolean } {
  const view = new DataView(mem.bytes.buffer, mem.bytes.byteOffset, mem.bytes.byteLength);
  const fds: number[] = [];
  for (let at = 0; at + 4 <= mem.bytes.length; at += 4) fds.push(view.getUint32(at, true));
  return { fds, truncated: mem.truncated };
}

/**
 * A set given to select: `[3 4]`, each descriptor as @fd prints it (-y);
 * one the module could not list whole ends in `...`.
 */
export function formatFdSet(mem: { readonly bytes: Uint8Array; readonly truncated: boolean }, fd: (n: number) => string): string {
  const { fds, truncated } = fdSetMembers(mem);
  const items = fds.map(fd);
  if (truncated) items.push('...');
  return `[${items.join(' ')}]`;
}

export interface SelectExit {
  /** The raw arguments. */
  readonly raw: readonly bigint[];
  /** The return value: the number of ready descriptors. */
  readonly ret: bigint;
  /** What the exit captured, by argument. */
  readonly strings: ReadonlyMap<number, CapturedString>;
  /** The timeout's layout: timeval (select) or timespec (pselect6). */
  readonly timeout: StructLayoutName;
  readonly options: LayoutOptions;
}

const NAMES = ['in', 'out', 'except'];

/**
 * What strace prints in parentheses after a select that returned N > 0:
 * each set's first ready descriptors until N are counted (`in [3], out
 * [4]`), then the time left when a timeout was given. As strace builds it,
 * a set that had none after one that had some still adds its `]`.
 */
export function selectNote(exit: SelectExit): string {
  let ready = Number(exit.ret);
  let out = '';
  let sep = '';
  for (let i = 0; i < 3 && ready > 0; i++) {
    const mem = exit.strings.get(i + 1);
    if ((exit.raw[i + 1] ?? 0n) === 0n || mem === undefined || 'unavailable' in mem) continue;
    let first = true;
    for (const fd of fdSetMembers(mem).fds) {
      if (first) {
        out += `${sep}${NAMES[i]} [${fd}`;
        first = false;
        sep = ', ';
      } else {
        out += ` ${fd}`;
      }
      if (--ready === 0) break;
    }
    if (out !== '') out += ']';
  }
  const tv = exit.raw[4] ?? 0n;
  if (tv !== 0n) {
    const mem = exit.strings.get(4);
    const left = mem === undefined || 'unavailable' in mem || mem.bytes.length < 16 ? `0x${tv.toString(16)}` : LAYOUT_FORMATTERS[exit.timeout](mem.bytes.subarray(0, 16), exit.options);
    out += `${sep}left ${left}`;
  }
  return out;
}
