// strace's -e read=SET / -e write=SET: every byte a call read from or wrote
// to a selected descriptor, as hex and ASCII lines after the call's line:
//  | 00000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  abcdefghijklmnop |
// (offset in hex, 16 bytes in two groups of 8, the same bytes as text with
// `.` for anything not printable). The module captures at most
// KT_SNAPLEN_MAX bytes of a buffer: a call that moved more gets the bytes
// captured and then ` * N bytes not captured` instead of inventing them.
import { syscallName } from '../../syscalls';
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

/** The calls whose data is dumped, with the argument holding their buffer (its fd is argument 0). */
const READS: { readonly [name: string]: number } = { read: 1, pread64: 1, recvfrom: 1 };
const WRITES: { readonly [name: string]: number } = { write: 1, pwrite64: 1, sendto: 1 };

export function dumpDirection(sysno: number): { readonly direction: 'read' | 'write'; readonly bufArg: number } | undefined {
  const name = syscallName(sysno);
  if (name === undefined) return undefined;
  if (Object.prototype.hasOwnProperty.call(READS, name)) return { direction: 'read', bufArg: READS[name] };
  if (Object.prototype.hasOwnProperty.call(WRITES, name)) return { direction: 'write', bufArg: WRITES[name] };
  return undefined;
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
