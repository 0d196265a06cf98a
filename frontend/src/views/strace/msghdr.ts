// struct msghdr and struct mmsghdr as strace prints them (sendmsg, recvmsg,
// sendmmsg, recvmmsg), from the module's message captures
// (kmod/ktrace_sysargs.h, kinds 25-27): each struct as the caller's memory
// held it, then its msg_name and msg_control bytes, each after a u32 count,
// then a u32 length, a status byte and msg_iov's iovecs as IOVEC_IN holds them.
import { MSG_FLAGS } from '../../syscalls/constants';
import { formatFlags, hex } from '../../syscalls/xlat';
import { formatControl } from './cmsg';
import { formatIovecs } from './iovec';
import { formatSockaddr } from './structs';
import type { QuoteOptions } from './types';

export const MSGHDR = 56;
export const MMSGHDR = 64;
const UNREADABLE = 0xffff_ffff;
/** What the module keeps of a name (a sockaddr_storage) and of msg_control. */
const SOCKADDR_STORAGE = 128;
const CONTROL_MAX = 256n;
/** KT_STR_UNAVAILABLE: msg_iov could not be read. */
const IOV_UNAVAILABLE = 2;

export interface Message {
  readonly name: bigint;
  readonly namelen: number;
  readonly iov: bigint;
  readonly iovlen: bigint;
  readonly control: bigint;
  readonly controllen: bigint;
  readonly flags: number;
  /** mmsghdr's msg_len (undefined for a msghdr). */
  readonly msgLen?: number;
  /** msg_name's bytes; undefined when they could not be read. */
  readonly nameBytes?: Uint8Array;
  readonly controlBytes?: Uint8Array;
  /** msg_iov's iovecs with their bytes; undefined when msg_iov could not be read. */
  readonly iovecs?: Uint8Array;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

const pointer = (v: bigint): string => (v === 0n ? 'NULL' : hex(v));

/** The messages a capture holds, each whole; @size: MSGHDR or MMSGHDR. */
export function parseMessages(bytes: Uint8Array, size: number): Message[] {
  const out: Message[] = [];
  let at = 0;
  const part = (): Uint8Array | undefined => {
    if (at + 4 > bytes.length) throw new RangeError('short');
    const n = view(bytes).getUint32(at, true);
    at += 4;
    if (n === UNREADABLE) return undefined;
    if (at + n > bytes.length) throw new RangeError('short');
    at += n;
    return bytes.subarray(at - n, at);
  };
  try {
    while (at + size <= bytes.length) {
      const d = view(bytes.subarray(at, at + size));
      at += size;
      const nameBytes = part();
      const controlBytes = part();
      if (at + 5 > bytes.length) break;
      const iovLen = view(bytes).getUint32(at, true);
      const iovStatus = bytes[at + 4];
      at += 5;
      if (at + iovLen > bytes.length) break;
      const iovecs = iovStatus === IOV_UNAVAILABLE ? undefined : bytes.subarray(at, at + iovLen);
      at += iovLen;
      out.push({
        name: d.getBigUint64(0, true),
        namelen: d.getInt32(8, true),
        iov: d.getBigUint64(16, true),
        iovlen: d.getBigUint64(24, true),
        control: d.getBigUint64(32, true),
        controllen: d.getBigUint64(40, true),
        flags: d.getUint32(48, true),
        ...(size === MMSGHDR ? { msgLen: d.getUint32(56, true) } : {}),
        ...(nameBytes === undefined ? {} : { nameBytes }),
        ...(controlBytes === undefined ? {} : { controlBytes }),
        ...(iovecs === undefined ? {} : { iovecs }),
      });
    }
  } catch {
    // A message cut short is not shown.
  }
  return out;
}

export interface MessageOptions {
  readonly quote: QuoteOptions;
  /** How a descriptor prints (SCM_RIGHTS). */
  readonly fd: (fd: bigint) => string;
  /** The bytes placed in the iovecs (a receive), or undefined (a send: each iovec's own length). */
  readonly written?: bigint;
  /** msg_namelen as the caller gave it, when the kernel may have changed it (a receive). */
  readonly userNamelen?: number;
}

/** `{msg_name=..., msg_namelen=..., msg_iov=[...], msg_iovlen=N, msg_control=[...], msg_controllen=N, msg_flags=...}`. */
export function formatMessage(m: Message, o: MessageOptions): string {
  // strace reads as much of the name as the smaller of the two lengths says.
  const namelen = o.userNamelen !== undefined && m.namelen > o.userNamelen ? o.userNamelen : m.namelen;
  let name = pointer(m.name);
  // Fewer bytes than that: the module could read only those (strace prints the address).
  if (m.name !== 0n && namelen >= 2 && m.nameBytes !== undefined && m.nameBytes.length >= Math.min(namelen, SOCKADDR_STORAGE)) {
    name = formatSockaddr(m.nameBytes, BigInt(namelen)) ?? name;
  }
  const namelenText = o.userNamelen !== undefined && o.userNamelen !== m.namelen ? `${o.userNamelen} => ${m.namelen}` : `${m.namelen}`;
  let iov = pointer(m.iov);
  if (m.iov !== 0n && m.iovecs !== undefined) {
    iov = formatIovecs({ bytes: m.iovecs, truncated: false }, m.iovlen, o.written, o.quote);
  }
  const fields = [`msg_name=${name}`, `msg_namelen=${namelenText}`, `msg_iov=${iov}`, `msg_iovlen=${m.iovlen}`];
  if (m.controllen !== 0n) {
    // Fewer bytes than the module keeps of it: a page it could not read (strace prints the address).
    const whole = m.controlBytes !== undefined && BigInt(m.controlBytes.length) >= (m.controllen < CONTROL_MAX ? m.controllen : CONTROL_MAX);
    const control = whole ? formatControl(m.controlBytes, m.controllen, m.control, { fd: o.fd, maxElements: o.quote.snapLength, hexStrings: o.quote.hexStrings }) : undefined;
    fields.push(`msg_control=${control ?? pointer(m.control)}`);
  }
  fields.push(`msg_controllen=${m.controllen}`, `msg_flags=${formatFlags(BigInt(m.flags), MSG_FLAGS)}`);
  return `{${fields.join(', ')}}`;
}

export interface MessagesOptions extends Omit<MessageOptions, 'written' | 'userNamelen'> {
  /** Messages there were (vlen; recvmmsg: its return value). */
  readonly count: bigint;
  /** How many have a msg_len to show (sendmmsg: its return value; recvmmsg: all). */
  readonly withLen: number;
  /** recvmmsg: each message's bytes are its msg_len. */
  readonly received: boolean;
  /** recvmmsg: msg_namelen of each message as given. */
  readonly userNamelens?: readonly number[];
  /** Whether the capture stopped before the messages it could have held. */
  readonly truncated: boolean;
}

/** `[{msg_hdr={...}, msg_len=3}, ...]`. */
export function formatMessages(messages: readonly Message[], o: MessagesOptions): string {
  const items: string[] = [];
  for (const [i, m] of messages.entries()) {
    if (i >= o.quote.snapLength || BigInt(i) >= o.count) break;
    const userNamelen = o.userNamelens?.[i];
    const hdr = formatMessage(m, {
      quote: o.quote,
      fd: o.fd,
      ...(o.received ? { written: BigInt(m.msgLen ?? 0) } : {}),
      ...(userNamelen === undefined ? {} : { userNamelen }),
    });
    items.push(i < o.withLen ? `{msg_hdr=${hdr}, msg_len=${m.msgLen ?? 0}}` : `{msg_hdr=${hdr}}`);
  }
  if (BigInt(items.length) < o.count) items.push('...');
  return `[${items.join(', ')}]`;
}

/** u32s of a namelens capture (recvmsg's and recvmmsg's at entry). */
export function parseNamelens(bytes: Uint8Array): number[] {
  const d = view(bytes);
  return Array.from({ length: Math.floor(bytes.length / 4) }, (_, i) => d.getInt32(4 * i, true));
}

/** A struct msghdr alone (no name, control or iovec bytes): its pointers as addresses. */
export function formatRawMsghdr(b: Uint8Array): string {
  const d = view(b);
  const flags = formatFlags(BigInt(d.getUint32(48, true)), MSG_FLAGS);
  return (
    `{msg_name=${pointer(d.getBigUint64(0, true))}, msg_namelen=${d.getInt32(8, true)}, msg_iov=${pointer(d.getBigUint64(16, true))}, ` +
    `msg_iovlen=${d.getBigUint64(24, true)}, msg_controllen=${d.getBigUint64(40, true)}, msg_flags=${flags}}`
  );
}

/** A struct mmsghdr alone: `{msg_hdr={...}, msg_len=N}`. */
export function formatRawMmsghdr(b: Uint8Array): string {
  return `{msg_hdr=${formatRawMsghdr(b.subarray(0, MSGHDR))}, msg_len=${view(b).getUint32(56, true)}}`;
}
