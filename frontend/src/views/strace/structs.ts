// Decoders for the few structs strace prints inline, from captured bytes
// (x86_64 layouts, little-endian). Each returns undefined when the bytes do
// not cover the struct, and the caller prints the pointer instead.
import { ADDRESS_FAMILIES, AF_INET, AF_INET6, AF_NETLINK, AF_UNIX } from '../../syscalls/constants';
import { formatEnum } from '../../syscalls/xlat';
import { quoteBytes, untilNul } from './quote';

export function readInt32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) | 0;
}

function readInt64(bytes: Uint8Array, at: number): bigint {
  const lo = BigInt(readInt32(bytes, at) >>> 0);
  const hi = BigInt(readInt32(bytes, at + 4));
  return (hi << 32n) | lo;
}

/**
 * struct timespec { tv_sec; tv_nsec; }: tv_nsec unsigned, as strace prints
 * it (an invalid negative one shows as a large number).
 */
export function formatTimespec(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined || bytes.length < 16) return undefined;
  return `{tv_sec=${readInt64(bytes, 0)}, tv_nsec=${BigInt.asUintN(64, readInt64(bytes, 8))}}`;
}

function port(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

export function ipv6Text(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  // Compress the longest run of zero groups (RFC 5952), as inet_ntop does.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (bestStart < 0) return groups.join(':');
  // An IPv4 address in IPv6 (::a.b.c.d, ::ffff:a.b.c.d) ends in dotted quad, as inet_ntop writes it.
  const words = (i: number): number => (bytes[2 * i] << 8) | bytes[2 * i + 1];
  if (bestStart === 0 && (bestLength === 6 || (bestLength === 7 && words(7) !== 1) || (bestLength === 5 && words(5) === 0xffff))) {
    return `::${bestLength === 5 ? 'ffff:' : ''}${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** struct sockaddr of the families strace spells out; others by family only. */
export function formatSockaddr(bytes: Uint8Array | undefined, length: bigint): string | undefined {
  if (bytes === undefined || bytes.length < 2) return undefined;
  const family = BigInt(bytes[0] | (bytes[1] << 8));
  const familyText = `sa_family=${formatEnum(family, ADDRESS_FAMILIES)}`;
  const shown = bytes.subarray(0, Number(length < BigInt(bytes.length) ? length : BigInt(bytes.length)));
  // strace decodes a family's fields only from an address as long as its struct (sockaddr_in: 16).
  if (family === AF_INET && shown.length >= 16) {
    const addr = `${shown[4]}.${shown[5]}.${shown[6]}.${shown[7]}`;
    return `{${familyText}, sin_port=htons(${port(shown, 2)}), sin_addr=inet_addr("${addr}")}`;
  }
  if (family === AF_INET6 && shown.length >= 28) {
    const flow = ((shown[4] << 24) | (shown[5] << 16) | (shown[6] << 8) | shown[7]) >>> 0; // network order
    const scope = readInt32(shown, 24) >>> 0;
    const addr = ipv6Text(shown.subarray(8, 24));
    return `{${familyText}, sin6_port=htons(${port(shown, 2)}), sin6_flowinfo=htonl(${flow}), inet_pton(AF_INET6, "${addr}", &sin6_addr), sin6_scope_id=${scope}}`;
  }
  // The family alone: an unnamed socket (addrlen 2).
  if (shown.length <= 2) return `{${familyText}}`;
  if (family === AF_UNIX) {
    const path = shown.subarray(2, 2 + 108); // sun_path[108]
    // A leading NUL makes an abstract name: its bytes, NULs included, after '@'.
    if (path[0] === 0) return `{${familyText}, sun_path=@${quoteBytes(path.subarray(1), false, 'none')}}`;
    const { text } = untilNul(path);
    return `{${familyText}, sun_path=${quoteBytes(text, false, 'none')}}`;
  }
  if (family === AF_NETLINK && shown.length >= 12) {
    const groups = (readInt32(shown, 8) >>> 0).toString(16).padStart(8, '0');
    return `{${familyText}, nl_pid=${readInt32(shown, 4) >>> 0}, nl_groups=${groups}}`;
  }
  // Too short for its family's struct, or a family without a decoder: the bytes after the family.
  return `{${familyText}, sa_data=${quoteBytes(shown.subarray(2), false, 'none')}}`;
}
