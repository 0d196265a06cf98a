// Native AIO's structs as strace prints them (x86-64, little-endian):
// io_submit's iocb pointers with their iocbs and buffers (kmod's kind
// iocbs), io_cancel's iocb (its header: layout iocb), the io_events
// io_getevents and io_cancel return (layout io_event).
import { RWF_FLAGS } from '../../syscalls/signatures/files';
import { flagTable, formatFlags, hex } from '../../syscalls/xlat';
import { arrayEnd } from './array-end';
import { formatIovecs } from './iovec';
import { POLL_EVENTS } from './layouts';
import { quoteBytes } from './quote';
import { formatIoprio } from './ret';
import type { QuoteOptions } from './types';

export const IOCB_SIZE = 64;
export const IO_EVENT_SIZE = 32;

const IOCB_CMDS: readonly string[] = [
  'IOCB_CMD_PREAD',
  'IOCB_CMD_PWRITE',
  'IOCB_CMD_FSYNC',
  'IOCB_CMD_FDSYNC',
  'IOCB_CMD_PREADX',
  'IOCB_CMD_POLL',
  'IOCB_CMD_NOOP',
  'IOCB_CMD_PREADV',
  'IOCB_CMD_PWRITEV',
];
const PREAD = 0;
const PWRITE = 1;
const POLL = 5;
const PREADV = 7;
const PWRITEV = 8;

const IOCB_FLAG_RESFD = 1n;
const IOCB_FLAG_IOPRIO = 2n;
const IOCB_FLAGS = flagTable('IOCB_FLAG_', [
  [IOCB_FLAG_RESFD, 'IOCB_FLAG_RESFD'],
  [IOCB_FLAG_IOPRIO, 'IOCB_FLAG_IOPRIO'],
]);


/** A descriptor as printed: its number, or with -y its path (args.ts's decoratedFd). */
export type FdText = (fd: bigint) => string;

const plainFd: FdText = (fd) => BigInt.asIntN(32, fd).toString();

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

interface Iocb {
  readonly data: bigint;
  readonly key: number;
  readonly rwFlags: number;
  readonly opcode: number;
  readonly reqprio: number;
  readonly fildes: number;
  readonly buf: bigint;
  readonly nbytes: bigint;
  readonly offset: bigint;
  readonly flags: number;
  readonly resfd: number;
}

function iocbOf(b: Uint8Array): Iocb {
  const v = view(b);
  return {
    data: v.getBigUint64(0, true),
    key: v.getUint32(8, true),
    rwFlags: v.getUint32(12, true),
    opcode: v.getUint16(16, true),
    reqprio: v.getInt16(18, true),
    fildes: v.getInt32(20, true),
    buf: v.getBigUint64(24, true),
    nbytes: v.getBigUint64(32, true),
    offset: v.getBigInt64(40, true),
    flags: v.getUint32(56, true),
    resfd: v.getInt32(60, true),
  };
}

/** aio_data, aio_key and aio_rw_flags when set, aio_lio_opcode, aio_reqprio (an I/O priority under IOCB_FLAG_IOPRIO), aio_fildes. */
function headerFields(cb: Iocb, fd: FdText): string[] {
  const fields = [`aio_data=${hex(cb.data)}`];
  if (cb.key !== 0) fields.push(`aio_key=${cb.key}`);
  if (cb.rwFlags !== 0) fields.push(`aio_rw_flags=${formatFlags(BigInt(cb.rwFlags), RWF_FLAGS)}`);
  fields.push(`aio_lio_opcode=${IOCB_CMDS[cb.opcode] ?? `${cb.opcode} /* IOCB_CMD_??? */`}`);
  // The priority as the u16 the field holds.
  if ((BigInt(cb.flags) & IOCB_FLAG_IOPRIO) !== 0n) fields.push(`aio_reqprio=${formatIoprio(BigInt(cb.reqprio & 0xffff))}`);
  else if (cb.reqprio !== 0) fields.push(`aio_reqprio=${cb.reqprio}`);
  fields.push(`aio_fildes=${fd(BigInt(cb.fildes))}`);
  return fields;
}

/** aio_flags when set; aio_resfd, a descriptor under IOCB_FLAG_RESFD, else in hex when not 0. */
function flagFields(cb: Iocb, fd: FdText): string[] {
  const fields: string[] = [];
  if (cb.flags !== 0) fields.push(`aio_flags=${formatFlags(BigInt(cb.flags), IOCB_FLAGS)}`);
  if ((BigInt(cb.flags) & IOCB_FLAG_RESFD) !== 0n) fields.push(`aio_resfd=${fd(BigInt(cb.resfd))}`);
  else if (cb.resfd !== 0) fields.push(`aio_resfd=${hex(BigInt(cb.resfd >>> 0))}`);
  return fields;
}

/** io_cancel's iocb: its header alone, `{aio_data=0x1, aio_lio_opcode=IOCB_CMD_PREAD, aio_fildes=0}`. */
export function formatIocbHeader(b: Uint8Array, fd: FdText = plainFd): string {
  return `{${headerFields(iocbOf(b), fd).join(', ')}}`;
}

/** What the module kept of an iocb's buffer: its bytes, whether there were more, or unavailable. */
interface IocbBuffer {
  readonly bytes: Uint8Array;
  readonly status: number;
}

const TRUNCATED = 1;
const UNAVAILABLE = 2;

/** An array strace would not read: more bytes than the address space (print_array prints its address). */
function overflows(base: bigint, count: bigint, size: bigint): boolean {
  return count * size >= 1n << 64n || base + count * size >= 1n << 64n;
}

/** The vector's iovecs (PREADV: their addresses; PWRITEV: their bytes), as tprint_iov prints them. */
function vectorText(cb: Iocb, buffer: IocbBuffer, quote: QuoteOptions): string {
  if (cb.buf === 0n) return 'NULL';
  if (cb.nbytes === 0n) return '[]';
  if (overflows(cb.buf, cb.nbytes, 16n) || buffer.status === UNAVAILABLE) return hex(cb.buf);
  return formatIovecs({ bytes: buffer.bytes, truncated: buffer.status === TRUNCATED }, cb.nbytes, cb.opcode === PWRITEV ? undefined : -1n, quote);
}

/** io_submit's iocb with what its opcode gives it: the buffer written, the iovecs, the events polled. */
function formatIocb(b: Uint8Array, buffer: IocbBuffer, quote: QuoteOptions, fd: FdText): string {
  const cb = iocbOf(b);
  const fields = headerFields(cb, fd);
  // aio_nbytes a size_t strace would take as negative: the buffer's address, its size.
  const valid = BigInt.asIntN(64, cb.nbytes) >= 0n;
  if (cb.opcode === PREAD || cb.opcode === PWRITE) {
    let buf = hex(cb.buf);
    if (cb.opcode === PWRITE && valid) {
      if (cb.buf === 0n) buf = 'NULL';
      else if (buffer.status !== UNAVAILABLE) {
        const shown = buffer.bytes.subarray(0, Math.min(buffer.bytes.length, quote.snapLength));
        buf = quoteBytes(shown, cb.nbytes > BigInt(shown.length), quote.hexStrings);
      }
    }
    fields.push(`aio_buf=${buf}`, `aio_nbytes=${cb.nbytes}`, `aio_offset=${cb.offset}`, ...flagFields(cb, fd));
  } else if (cb.opcode === PREADV || cb.opcode === PWRITEV) {
    if (valid) fields.push(`aio_buf=${vectorText(cb, buffer, quote)}`);
    else fields.push(`aio_buf=${hex(cb.buf)}`, `aio_nbytes=${cb.nbytes}`);
    fields.push(`aio_offset=${cb.offset}`, ...flagFields(cb, fd));
  } else if (cb.opcode === POLL) {
    fields.push(`aio_buf=${formatFlags(cb.buf, POLL_EVENTS)}`, ...flagFields(cb, fd));
  }
  return `{${fields.join(', ')}}`;
}

/** The states of an element of the module's iocbs capture (kmod/ktrace_sysargs.h, IOCBS). */
const NULL_POINTER = 0;
const IOCB_UNREADABLE = 1;
const IOCB_READ = 2;
const POINTER_UNREADABLE = 3;

/**
 * io_submit's iocbpp of @nr pointers at @base: `[{aio_data=0, ...}, NULL,
 * 0xffffffffffffffff, ... /* 0x7f04a588e000 *\/]`; its address when
 * strace would not read it (nr below 0, more than the address space) or
 * the module could not read its first pointer; undefined when the capture
 * is malformed.
 */
export function formatIocbs(mem: { readonly bytes: Uint8Array; readonly truncated: boolean } | undefined, nr: bigint, base: bigint, quote: QuoteOptions, fd: FdText = plainFd): string | undefined {
  const address = base === 0n ? 'NULL' : hex(base);
  if (base === 0n || nr < 0n) return address;
  if (nr === 0n) return '[]';
  if (overflows(base, nr, 8n) || mem === undefined) return address;
  const b = mem.bytes;
  const v = view(b);
  const items: string[] = [];
  let at = 0;
  let tail: string | undefined;
  while (at < b.length) {
    if (at + 9 > b.length) return undefined;
    const state = b[at];
    const value = v.getBigUint64(at + 1, true);
    at += 9;
    if (state === POINTER_UNREADABLE) {
      tail = `... /* ${hex(value)} */`;
      break;
    }
    if (items.length >= quote.snapLength) {
      tail = '...';
      break;
    }
    if (state === NULL_POINTER) items.push('NULL');
    else if (state === IOCB_UNREADABLE) items.push(hex(value));
    else if (state === IOCB_READ) {
      if (at + IOCB_SIZE + 5 > b.length) return undefined;
      const cb = b.subarray(at, at + IOCB_SIZE);
      at += IOCB_SIZE;
      const length = v.getUint32(at, true);
      const status = b[at + 4];
      at += 5;
      if (at + length > b.length) return undefined;
      items.push(formatIocb(cb, { bytes: b.subarray(at, at + length), status }, quote, fd));
      at += length;
    } else return undefined;
  }
  if (tail === undefined && BigInt(items.length) < nr) tail = '...';
  if (tail !== undefined) items.push(tail);
  return `[${items.join(', ')}]`;
}

/** `{data=0x1, obj=0x7f04a588e000, res=4096, res2=0}`. */
export function formatIoEvent(b: Uint8Array): string {
  const v = view(b);
  const obj = v.getBigUint64(8, true);
  return `{data=${hex(v.getBigUint64(0, true))}, obj=${hex(obj)}, res=${v.getBigInt64(16, true)}, res2=${v.getBigInt64(24, true)}}`;
}

/**
 * The @count events io_getevents returned at @base: `[]`, `[{data=...}, ...]`;
 * undefined when the capture does not hold them (the caller prints the address).
 */
export function formatIoEvents(mem: { readonly bytes: Uint8Array; readonly truncated: boolean } | undefined, count: bigint, base: bigint, snapLength: number): string | undefined {
  if (count === 0n) return '[]';
  if (mem === undefined) return undefined;
  const end = arrayEnd(mem.bytes.length, IO_EVENT_SIZE, count, snapLength, mem.truncated, base);
  if (end === undefined) return undefined;
  const items: string[] = [];
  for (let i = 0; i < end.shown; i++) items.push(formatIoEvent(mem.bytes.subarray(i * IO_EVENT_SIZE, (i + 1) * IO_EVENT_SIZE)));
  if (end.tail !== undefined) items.push(end.tail);
  return `[${items.join(', ')}]`;
}

