// strace's -e read=SET / -e write=SET: every byte a call read from or wrote
// to a selected descriptor, as hex and ASCII lines after the call's line:
//  | 00000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  abcdefghijklmnop |
// (offset in hex, 16 bytes in two groups of 8, the same bytes as text with
// `.` for anything not printable). The module captures at most
// KT_SNAPLEN_MAX bytes of a buffer: a call that moved more gets the bytes
// captured and then ` * N bytes not captured` instead of inventing them.
import { syscallName } from '../../syscalls';
import { iovecElements } from './iovec';
import { MMSGHDR, MSGHDR, parseMessages } from './msghdr';
import type { CapturedString } from './types';

/** Which descriptors' data is dumped (strace's fd set: numbers, `all`, `none`, `!` negation). */
export type FdSet = (fd: number) => boolean;

export function parseFdSet(expression: string): FdSet {
  const negate = expression.startsWith('!');
  const body = negate ? expression.slice(1) : expression;
  let all = false;
  const fds = new Set<number>();
  for (const item of body.split(',').map((s) => s.trim())) {
    if (item === 'all') all = true;
    else if (item === 'none') continue;
    else if (/^\d+$/.test(item)) fds.add(Number(item));
    else throw new Error(`invalid descriptor '${item}'`);
  }
  const selected = (fd: number): boolean => all || fds.has(fd);
  return negate ? (fd) => !selected(fd) : selected;
}

export interface DumpSource {
  readonly direction: 'read' | 'write';
  /** The argument holding the buffer, iovecs or message (the fd is argument 0). */
  readonly bufArg: number;
  /** The data is in iovecs: dumped a buffer at a time. */
  readonly iovec?: boolean;
  /** The buffers are a message's (msghdr) or each message's of a vector (mmsghdr). */
  readonly message?: 'msghdr' | 'mmsghdr';
  /** The capture to dump is the exit's (a message the kernel filled, sendmmsg's read at exit). */
  readonly atExit?: boolean;
}

const read = (extra: Omit<DumpSource, 'direction' | 'bufArg'> = {}): DumpSource => ({ direction: 'read', bufArg: 1, ...extra });
const write = (extra: Omit<DumpSource, 'direction' | 'bufArg'> = {}): DumpSource => ({ direction: 'write', bufArg: 1, ...extra });

/** The calls whose data is dumped. */
const SOURCES: ReadonlyMap<string, DumpSource> = new Map([
  ['read', read()],
  ['pread64', read()],
  ['recvfrom', read()],
  ['write', write()],
  ['pwrite64', write()],
  ['sendto', write()],
  ...['readv', 'preadv', 'preadv2'].map((name): [string, DumpSource] => [name, read({ iovec: true })]),
  ...['writev', 'pwritev', 'pwritev2', 'vmsplice'].map((name): [string, DumpSource] => [name, write({ iovec: true })]),
  ['recvmsg', read({ iovec: true, message: 'msghdr', atExit: true })],
  ['recvmmsg', read({ iovec: true, message: 'mmsghdr', atExit: true })],
  ['sendmsg', write({ iovec: true, message: 'msghdr' })],
  ['sendmmsg', write({ iovec: true, message: 'mmsghdr', atExit: true })],
]);

export function dumpDirection(sysno: number): DumpSource | undefined {
  const name = syscallName(sysno);
  return name === undefined ? undefined : SOURCES.get(name);
}

const GROUP = 8;
const WIDTH = 16;

function dumpLine(offset: number, bytes: Uint8Array, offsetDigits: number): string {
  let hex = '';
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i === GROUP) hex += ' ';
    hex += ` ${bytes[i].toString(16).padStart(2, '0')}`;
    text += bytes[i] >= 0x20 && bytes[i] < 0x7f ? String.fromCharCode(bytes[i]) : '.';
  }
  return ` | ${offset.toString(16).padStart(offsetDigits, '0')} ${hex.padEnd(WIDTH * 3 + 1)}  ${text.padEnd(WIDTH)} |`;
}

/** The dump lines of @length bytes of which @mem holds the first ones. */
export function dumpLines(mem: CapturedString | undefined, length: number): string[] {
  if (length <= 0) return [];
  const bytes = mem === undefined || 'unavailable' in mem ? new Uint8Array(0) : mem.bytes.subarray(0, length);
  const digits = Math.max(5, (length - 1).toString(16).length);
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += WIDTH) lines.push(dumpLine(at, bytes.subarray(at, at + WIDTH), digits));
  if (bytes.length < length) lines.push(` * ${length - bytes.length} bytes not captured`);
  return lines;
}

/**
 * The dump of @length bytes moved through iovecs, as strace prints it: for
 * each buffer in order, ` * N bytes in buffer I` (N: what of the length is
 * left, at most its iov_len) and its dump, until the length is used up or
 * a buffer is empty. Without the iovecs (not captured or unreadable), nothing.
 */
export function iovecDumpLines(mem: CapturedString | undefined, length: number): string[] {
  if (length <= 0 || mem === undefined || 'unavailable' in mem) return [];
  const lines: string[] = [];
  let left = BigInt(length);
  let i = 0;
  for (const e of iovecElements(mem.bytes)) {
    const n = e.len < left ? e.len : left;
    if (n === 0n) break;
    left -= n;
    lines.push(` * ${n} bytes in buffer ${i++}`);
    lines.push(...dumpLines(e.data === undefined ? undefined : { bytes: e.data, truncated: false }, Number(n)));
  }
  return lines;
}

/**
 * The dump of a message call, as strace prints it: a msghdr's buffers up to
 * the bytes moved (@ret); for each of the @ret messages of a vector,
 * ` = N buffers in vector I`, then its buffers up to its msg_len.
 */
export function messageDumpLines(mem: CapturedString | undefined, kind: 'msghdr' | 'mmsghdr', ret: number): string[] {
  if (ret <= 0 || mem === undefined || 'unavailable' in mem) return [];
  const messages = parseMessages(mem.bytes, kind === 'msghdr' ? MSGHDR : MMSGHDR);
  const buffers = (iovecs: Uint8Array | undefined, length: number) =>
    iovecs === undefined ? [] : iovecDumpLines({ bytes: iovecs, truncated: false }, length);
  if (kind === 'msghdr') return messages.length ? buffers(messages[0].iovecs, ret) : [];
  return messages.slice(0, ret).flatMap((m, i) => [` = ${m.iovlen} buffers in vector ${i}`, ...buffers(m.iovecs, m.msgLen ?? 0)]);
}
