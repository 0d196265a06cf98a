// getsockopt's value and length as strace prints them after the call: the
// value from the bytes the module read at exit (sockopt_out: as many as
// the length the kernel wrote back says), the length as given and as
// returned (`[8]`, `[5 => 4]`). Options strace has no decoder for print
// as an int when 4 bytes long, else as a string.
import { errnoName } from '../../syscalls/errno';
import { quoteBytes } from './quote';
import type { HexStrings } from './types';

const SOL_SOCKET = 1;
const SOL_PACKET = 263;
const SOL_NETLINK = 270;
const SO_ERROR = 4;
const SO_LINGER = 13;
const SO_PEERCRED = 17;
const SO_TXREHASH = 74;
const PACKET_STATISTICS = 6;
const NETLINK_LIST_MEMBERSHIPS = 9;

/** The SOL_SOCKET options strace prints as `[int]` (its "int-like" list). */
const SOCKET_INT_OPTIONS = new Set<number>([
  1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 19, 27, 29, 30, 32, 33, 34, 35, 36, 37, 40, 41, 42, 43, 44, 45, 46, 49, 53, 56, 60, 63,
  64, 65, 68, 69, 70, 73, 75,
]);

const TXREHASH = new Map([
  [0, 'SOCK_TXREHASH_DISABLED'],
  [1, 'SOCK_TXREHASH_ENABLED'],
  [255, 'SOCK_TXREHASH_DEFAULT'],
]);

export interface GetsockoptValue {
  readonly level: number;
  readonly name: number;
  /** optval's address. */
  readonly addr: bigint;
  /** optlen as given and as the kernel returned it. */
  readonly ulen: number;
  readonly rlen: number;
  /** The value's bytes the module read (at most rlen), and whether it read fewer than rlen. */
  readonly bytes: Uint8Array | undefined;
  readonly snapLength: number;
  readonly hexStrings: HexStrings;
}

const s32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getInt32(at, true);
const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
const pointer = (v: bigint): string => (v === 0n ? 'NULL' : `0x${v.toString(16)}`);

/**
 * A struct of 4-byte fields of which only @len bytes were returned, as
 * strace prints one: whole fields, then a cut one as hex bytes, then none.
 */
function partialStruct(b: Uint8Array, len: number, fields: readonly string[], value: (at: number) => string): string {
  const parts: string[] = [];
  fields.forEach((name, i) => {
    const start = 4 * i;
    if (len <= start) return;
    parts.push(len >= start + 4 ? `${name}=${value(start)}` : `${name}=${quoteBytes(b.subarray(start, len), false, 'all')}`);
  });
  return `{${parts.join(', ')}}`;
}

/** The value as strace prints it, or undefined when it prints the address (the bytes were not read). */
function formatValue(v: GetsockoptValue, b: Uint8Array): string | undefined {
  const int = (): string | undefined => (b.length >= 4 ? `[${s32(b, 0)}]` : undefined);
  const hexBytes = (): string | undefined => (b.length >= v.rlen ? quoteBytes(b.subarray(0, v.rlen), false, 'all') : undefined);
  if (v.level === SOL_SOCKET) {
    switch (v.name) {
      case SO_LINGER: {
        const len = Math.min(v.rlen, 8);
        return b.length >= len ? partialStruct(b, len, ['l_onoff', 'l_linger'], (at) => s32(b, at).toString()) : undefined;
      }
      case SO_PEERCRED: {
        const len = Math.min(v.rlen, 12);
        return b.length >= len ? partialStruct(b, len, ['pid', 'uid', 'gid'], (at) => (at === 0 ? s32(b, at) : u32(b, at)).toString()) : undefined;
      }
      case SO_ERROR: {
        if (v.rlen < 4) return hexBytes();
        if (b.length < 4) return undefined;
        const err = u32(b, 0);
        return `[${errnoName(err) ?? err.toString()}]`;
      }
      case SO_TXREHASH:
        if (v.rlen < 4) return hexBytes();
        return b.length >= 4 ? `[${TXREHASH.get(s32(b, 0)) ?? `${s32(b, 0)} /* SOCK_TXREHASH_??? */`}]` : undefined;
      default:
        if (SOCKET_INT_OPTIONS.has(v.name)) return v.rlen >= 4 ? int() : hexBytes();
    }
  } else if (v.level === SOL_PACKET && v.name === PACKET_STATISTICS) {
    const len = Math.min(v.rlen, 12);
    return b.length >= len ? partialStruct(b, len, ['tp_packets', 'tp_drops', 'tp_freeze_q_cnt'], (at) => u32(b, at).toString()) : undefined;
  } else if (v.level === SOL_NETLINK) {
    if (v.name !== NETLINK_LIST_MEMBERSHIPS) return int();
    const count = Math.floor(Math.min(v.ulen, v.rlen) / 4);
    const shown = Math.min(count, v.snapLength);
    if (b.length < shown * 4) return undefined;
    const items: string[] = [];
    for (let i = 0; i < shown; i++) items.push(u32(b, 4 * i).toString());
    if (count > shown) items.push('...');
    return `[${items.join(', ')}]`;
  }
  if (v.rlen === 4) return int();
  const shown = Math.min(v.rlen, v.snapLength);
  return b.length >= shown ? quoteBytes(b.subarray(0, shown), v.rlen > shown, v.hexStrings) : undefined;
}

/** optval after a successful getsockopt. */
export function formatGetsockoptValue(v: GetsockoptValue): string {
  // The kernel never returns a negative length: userspace forged it.
  if (v.ulen <= 0 || v.rlen <= 0 || v.addr === 0n || v.bytes === undefined) return pointer(v.addr);
  return formatValue(v, v.bytes) ?? pointer(v.addr);
}

/** optlen: `[4]`, or as given and as returned when the kernel changed it, `[5 => 4]`. */
export function formatGetsockoptLength(ulen: number, rlen: number | undefined): string {
  if (rlen === undefined || rlen === ulen) return `[${rlen ?? ulen}]`;
  return `[${ulen} => ${rlen}]`;
}
