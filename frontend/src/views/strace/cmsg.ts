// A message's ancillary data (msg_control) as strace prints it:
// `[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[0, 1]}]`.
// SOL_SOCKET's SCM_RIGHTS and SCM_CREDENTIALS have their data decoded; other
// SOL_SOCKET types are named, other levels' types printed in hex, their data
// left out (strace decodes some of them further).
import { SOCKET_LEVELS } from '../../syscalls/constants';
import { enumTable, formatEnum, hex } from '../../syscalls/xlat';
import { quoteBytes } from './quote';
import type { HexStrings } from './types';

/** x86-64's struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type (int). */
const CMSGHDR = 16;
const WORD = 8;
const SOL_SOCKET = 1n;
const SCM_RIGHTS = 1n;
const SCM_CREDENTIALS = 2n;

const SCM_SECURITY = 3n;
/** The timestamps (x86-64: the _NEW ones have the same 64-bit layout), named as strace 6.1 names them. */
const TIMEVAL_TYPES: ReadonlySet<bigint> = new Set([29n, 63n]);
const TIMESPEC_TYPES: ReadonlySet<bigint> = new Set([35n, 64n]);
const TIMESTAMPING_TYPES: ReadonlySet<bigint> = new Set([37n, 65n]);

const SCM_TYPES = enumTable('SCM_', [
  [1, 'SCM_RIGHTS'],
  [2, 'SCM_CREDENTIALS'],
  [3, 'SCM_SECURITY'],
  [4, 'SCM_PIDFD'],
  [29, 'SO_TIMESTAMP_OLD'],
  [35, 'SO_TIMESTAMPNS_OLD'],
  [37, 'SO_TIMESTAMPING_OLD'],
  [41, 'SCM_WIFI_STATUS'],
  [61, 'SCM_TXTIME'],
  [63, 'SO_TIMESTAMP_NEW'],
  [64, 'SO_TIMESTAMPNS_NEW'],
  [65, 'SO_TIMESTAMPING_NEW'],
]);

export interface ControlOptions {
  /** How a descriptor prints (-y: with its path). */
  readonly fd: (fd: bigint) => string;
  /** Most elements of an array shown (-s). */
  readonly maxElements: number;
  readonly hexStrings?: HexStrings;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function cmsgData(level: bigint, type: bigint, data: Uint8Array, o: ControlOptions): string | undefined {
  if (level !== SOL_SOCKET) return undefined;
  const d = view(data);
  if (type === SCM_RIGHTS && data.length >= 4) {
    const fds: string[] = [];
    for (let i = 0; i + 4 <= data.length; i += 4) {
      if (fds.length >= o.maxElements) {
        fds.push('...');
        break;
      }
      fds.push(o.fd(BigInt(d.getInt32(i, true))));
    }
    return `[${fds.join(', ')}]`;
  }
  if (type === SCM_CREDENTIALS && data.length >= 12) {
    return `{pid=${d.getUint32(0, true)}, uid=${d.getUint32(4, true)}, gid=${d.getUint32(8, true)}}`;
  }
  if (type === SCM_SECURITY && data.length >= 1) return quoteBytes(data, false, o.hexStrings ?? 'none');
  // Timestamps: a timeval, a timespec, three timespecs; `???` when the data is shorter.
  const times = (unit: string, n: number): string => {
    if (data.length < 16 * n) return '???';
    const one = (at: number) => `{tv_sec=${d.getBigInt64(at, true)}, ${unit}=${d.getBigInt64(at + 8, true)}}`;
    return n === 1 ? one(0) : `[${Array.from({ length: n }, (_, i) => one(16 * i)).join(', ')}]`;
  };
  if (TIMEVAL_TYPES.has(type)) return times('tv_usec', 1);
  if (TIMESPEC_TYPES.has(type)) return times('tv_nsec', 1);
  if (TIMESTAMPING_TYPES.has(type)) return times('tv_nsec', 3);
  return undefined;
}

/**
 * msg_control: @bytes the first of its @controlLen bytes at @address.
 * undefined when strace prints the address instead (shorter than a
 * cmsghdr, or not captured).
 */
export function formatControl(bytes: Uint8Array, controlLen: bigint, address: bigint, o: ControlOptions): string | undefined {
  if (controlLen < BigInt(CMSGHDR) || bytes.length < CMSGHDR) return undefined;
  const items: string[] = [];
  let at = 0;
  let left = bytes.length;
  while (left >= CMSGHDR) {
    const d = view(bytes.subarray(at));
    const cmsgLen = d.getBigUint64(0, true);
    const level = BigInt(d.getUint32(8, true));
    const type = BigInt(d.getUint32(12, true));
    const len = cmsgLen > BigInt(left) ? left : Number(cmsgLen);
    const typeText = level === SOL_SOCKET ? formatEnum(type, SCM_TYPES) : hex(type);
    const data = cmsgData(level, type, bytes.subarray(at + CMSGHDR, at + Math.max(len, CMSGHDR)), o);
    items.push(
      `{cmsg_len=${cmsgLen}, cmsg_level=${formatEnum(level, SOCKET_LEVELS)}, cmsg_type=${typeText}${data === undefined ? '' : `, cmsg_data=${data}`}}`,
    );
    if (len < CMSGHDR) {
      left -= CMSGHDR;
      break;
    }
    const next = (cmsgLen + BigInt(WORD - 1)) & ~BigInt(WORD - 1);
    if (next >= BigInt(left)) {
      left = 0;
      break;
    }
    at += Number(next);
    left -= Number(next);
  }
  // Where strace's reading stopped: what it read less what is left (after a cmsg_len below a header's size, past it).
  if (left > 0) items.push(`... /* ${hex(BigInt.asUintN(64, address + BigInt(bytes.length - left)))} */`);
  else if (BigInt(bytes.length) < controlLen) items.push('...');
  return `[${items.join(', ')}]`;
}
