// setsockopt's value as strace prints it, from the bytes the module read
// (kmod: kt_sockopt_size): SO_LINGER's struct, the int options of
// SOL_SOCKET, ip_mreq, ipv6_mreq and group_req. Anything else, or a value
// shorter than its struct, is the address.
import * as fs from 'node:fs';
import { formatSockaddr, ipv6Text } from './structs';

const SOL_IP = 0n;
const SOL_SOCKET = 1n;
const SOL_IPV6 = 41n;
const SO_LINGER = 13n;
const MCAST_GROUP = new Set([42n, 45n]);
const IP_MEMBERSHIP = new Set([35n, 36n]);
const IPV6_MEMBERSHIP = new Set([20n, 21n, 27n, 28n]);

/** The SOL_SOCKET options strace prints as `[int]`. */
const SOCKET_INT_OPTIONS = new Set<bigint>(
  [1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 19, 27, 29, 30, 32, 33, 34, 35, 36, 37, 40, 41, 42, 43, 44, 45, 46, 49, 53, 56, 60, 63, 64, 65, 68, 69, 70, 73, 75].map(BigInt),
);

const s32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getInt32(at, true);
const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);

/** Interface names by index, read once from /sys/class/net (the machine ktrace runs on). */
let interfaces: Map<number, string> | undefined;

function interfaceName(index: number): string | undefined {
  if (interfaces === undefined) {
    interfaces = new Map();
    try {
      for (const name of fs.readdirSync('/sys/class/net')) {
        const n = Number(fs.readFileSync(`/sys/class/net/${name}/ifindex`, 'latin1').trim());
        if (Number.isInteger(n)) interfaces.set(n, name);
      }
    } catch {
      // No sysfs: indexes print as numbers.
    }
  }
  return interfaces.get(index);
}

/** An interface index as strace prints it: `if_nametoindex("lo")` when it names one here. */
export function formatIfindex(index: number): string {
  const name = interfaceName(index);
  return name === undefined ? index.toString() : `if_nametoindex("${name}")`;
}

const inet = (b: Uint8Array, at: number): string => `inet_addr("${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}")`;

/** The value of setsockopt(level, name) given @length bytes of which @bytes were read; undefined: print the address. */
export function formatSockoptValue(level: bigint, name: bigint, bytes: Uint8Array, length: number): string | undefined {
  const need = (size: number): boolean => length >= size && bytes.length >= size;
  if (level === SOL_SOCKET) {
    if (name === SO_LINGER) return need(8) ? `{l_onoff=${s32(bytes, 0)}, l_linger=${s32(bytes, 4)}}` : undefined;
    return SOCKET_INT_OPTIONS.has(name) && need(4) ? `[${s32(bytes, 0)}]` : undefined;
  }
  if (level === SOL_IP && IP_MEMBERSHIP.has(name)) {
    return need(8) ? `{imr_multiaddr=${inet(bytes, 0)}, imr_interface=${inet(bytes, 4)}}` : undefined;
  }
  if (level === SOL_IPV6 && IPV6_MEMBERSHIP.has(name)) {
    if (!need(20)) return undefined;
    return `{inet_pton(AF_INET6, "${ipv6Text(bytes.subarray(0, 16))}", &ipv6mr_multiaddr), ipv6mr_interface=${formatIfindex(u32(bytes, 16))}}`;
  }
  if ((level === SOL_IP || level === SOL_IPV6) && MCAST_GROUP.has(name)) {
    // struct group_req: gr_interface, then a sockaddr_storage at offset 8.
    if (!need(136)) return undefined;
    const group = formatSockaddr(bytes.subarray(8, 136), 128n);
    return group === undefined ? undefined : `{gr_interface=${formatIfindex(u32(bytes, 0))}, gr_group=${group}}`;
  }
  return undefined;
}
