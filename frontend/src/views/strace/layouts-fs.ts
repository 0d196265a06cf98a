// strace's text for the file, filesystem, IPC and AIO structs the strings
// variable captures (kmod/ktrace_sysargs.h layouts 12-20; x86-64,
// little-endian). Each takes exactly the bytes of one struct; sembuf,
// an array's whole elements.
import { ACCESS_MODES, O_ACCMODE, OPEN_FLAGS } from '../../syscalls/constants';
import { FS_MAGIC } from '../../syscalls/fsmagic';
import { flagParts, flagTable, formatEnum, formatFlags, hex, joinFlags } from '../../syscalls/xlat';
import { formatIovecArray } from './iovec';
import type { LayoutOptions } from './layouts';

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

const u16 = (b: Uint8Array, at: number): bigint => BigInt(view(b).getUint16(at, true));
const s16 = (b: Uint8Array, at: number): bigint => BigInt(view(b).getInt16(at, true));
const u32 = (b: Uint8Array, at: number): bigint => BigInt(view(b).getUint32(at, true));
const u64 = (b: Uint8Array, at: number): bigint => view(b).getBigUint64(at, true);
const s64 = (b: Uint8Array, at: number): bigint => view(b).getBigInt64(at, true);

/** Access mode and O_* flags of a 64-bit value (open_how.flags; open's own are 32-bit). */
export function openFlagsText(value: bigint): string {
  const { names, rest } = flagParts(value & ~O_ACCMODE, OPEN_FLAGS);
  return joinFlags([ACCESS_MODES[Number(value & O_ACCMODE)], ...names], rest, 'O_');
}

/** `0755` as strace prints a mode with %#03o, of any width. */
function octal(v: bigint): string {
  return v === 0n ? '000' : `0${v.toString(8)}`.padStart(3, '0');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// The dates JavaScript can hold: ±8.64e15 ms.
const MAX_DATE_SECONDS = 8_640_000_000_000n;

/**
 * The comment strace puts after a time it was given: ` /* 2017-04-16T15:31:48.567891+0000 *\/`,
 * none for 0 or for a fraction out of range; the fraction only when not 0.
 */
export function timeComment(sec: bigint, part: bigint, width: 6 | 9, zone: LayoutOptions['timeZone']): string {
  const max = width === 6 ? 999_999n : 999_999_999n;
  if ((sec === 0n && part === 0n) || part < 0n || part > max) return '';
  if (sec > MAX_DATE_SECONDS || sec < -MAX_DATE_SECONDS) return '';
  const ms = Number(sec) * 1000;
  const offsetMin = zone === 'utc' ? 0 : -new Date(ms).getTimezoneOffset();
  const d = new Date(ms + offsetMin * 60_000);
  if (Number.isNaN(d.getTime())) return '';
  const sign = offsetMin < 0 ? '-' : '+';
  const off = Math.abs(offsetMin);
  const year = d.getUTCFullYear();
  const date = `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const frac = part === 0n ? '' : `.${part.toString().padStart(width, '0')}`;
  return ` /* ${date}T${time}${frac}${sign}${pad(Math.floor(off / 60))}${pad(off % 60)} */`;
}

/** A loff_t the call reads and may update: `[1234]`. */
function formatLoff(b: Uint8Array): string {
  return `[${s64(b, 0)}]`;
}

const ST_FLAGS = flagTable('ST_', [
  [0x0020, 'ST_VALID'],
  [0x0001, 'ST_RDONLY'],
  [0x0002, 'ST_NOSUID'],
  [0x0004, 'ST_NODEV'],
  [0x0008, 'ST_NOEXEC'],
  [0x0010, 'ST_SYNCHRONOUS'],
  [0x0040, 'ST_MANDLOCK'],
  [0x0400, 'ST_NOATIME'],
  [0x0800, 'ST_NODIRATIME'],
  [0x1000, 'ST_RELATIME'],
  [0x2000, 'ST_NOSYMFOLLOW'],
]);
const ST_VALID = 0x20n;

/** struct statfs (120 bytes): every field; f_flags only when the kernel marked them valid. */
function formatStatfs(b: Uint8Array): string {
  const fields = [
    `f_type=${formatEnum(u64(b, 0), FS_MAGIC)}`,
    `f_bsize=${u64(b, 8)}`,
    `f_blocks=${u64(b, 16)}`,
    `f_bfree=${u64(b, 24)}`,
    `f_bavail=${u64(b, 32)}`,
    `f_files=${u64(b, 40)}`,
    `f_ffree=${u64(b, 48)}`,
    `f_fsid={val=[${hex(u32(b, 56))}, ${hex(u32(b, 60))}]}`,
    `f_namelen=${u64(b, 64)}`,
    `f_frsize=${u64(b, 72)}`,
  ];
  const flags = u64(b, 80);
  if (flags & ST_VALID) fields.push(`f_flags=${formatFlags(flags, ST_FLAGS)}`);
  return `{${fields.join(', ')}}`;
}

function timeval(b: Uint8Array, at: number, o: LayoutOptions): string {
  const sec = s64(b, at);
  const usec = u64(b, at + 8);
  return `{tv_sec=${sec}, tv_usec=${usec}}${timeComment(sec, usec, 6, o.timeZone)}`;
}

/** struct timeval[2] (utimes, futimesat). */
function formatTimevalPair(b: Uint8Array, o: LayoutOptions): string {
  return `[${timeval(b, 0, o)}, ${timeval(b, 16, o)}]`;
}

/** struct utimbuf (utime). */
function formatUtimbuf(b: Uint8Array, o: LayoutOptions): string {
  const at = s64(b, 0);
  const mod = s64(b, 8);
  return `{actime=${at}${timeComment(at, 0n, 9, o.timeZone)}, modtime=${mod}${timeComment(mod, 0n, 9, o.timeZone)}}`;
}

const UTIME_NOW = (1n << 30n) - 1n;
const UTIME_OMIT = (1n << 30n) - 2n;

function utimeSpec(b: Uint8Array, at: number, o: LayoutOptions): string {
  const sec = s64(b, at);
  const nsec = u64(b, at + 8);
  if (nsec === UTIME_NOW) return 'UTIME_NOW';
  if (nsec === UTIME_OMIT) return 'UTIME_OMIT';
  return `{tv_sec=${sec}, tv_nsec=${nsec}}${timeComment(sec, nsec, 9, o.timeZone)}`;
}

/** struct timespec[2] (utimensat), UTIME_NOW and UTIME_OMIT by name. */
function formatTimespecPair(b: Uint8Array, o: LayoutOptions): string {
  return `[${utimeSpec(b, 0, o)}, ${utimeSpec(b, 16, o)}]`;
}

const RESOLVE_FLAGS = flagTable('RESOLVE_', [
  [0x01, 'RESOLVE_NO_XDEV'],
  [0x02, 'RESOLVE_NO_MAGICLINKS'],
  [0x04, 'RESOLVE_NO_SYMLINKS'],
  [0x08, 'RESOLVE_BENEATH'],
  [0x10, 'RESOLVE_IN_ROOT'],
  [0x20, 'RESOLVE_CACHED'],
]);
const O_CREAT = 0o100n;
const O_TMPFILE = 0o20000000n;

/** struct open_how (openat2): the mode only when set or when the flags create a file. */
function formatOpenHow(b: Uint8Array): string {
  const flags = u64(b, 0);
  const mode = u64(b, 8);
  const fields = [`flags=${openFlagsText(flags)}`];
  if (mode !== 0n || flags & (O_CREAT | O_TMPFILE)) fields.push(`mode=${octal(mode)}`);
  fields.push(`resolve=${formatFlags(u64(b, 16), RESOLVE_FLAGS)}`);
  return `{${fields.join(', ')}}`;
}

const O_NONBLOCK = 0o4000n;

/** mq_flags: O_NONBLOCK, or the whole value in hex when other bits are set, as strace prints it. */
function mqFlags(v: bigint): string {
  if (v === 0n) return '0';
  return v === O_NONBLOCK ? 'O_NONBLOCK' : hex(v);
}

/** struct mq_attr. */
function formatMqAttr(b: Uint8Array): string {
  return `{mq_flags=${mqFlags(u64(b, 0))}, mq_maxmsg=${s64(b, 8)}, mq_msgsize=${s64(b, 16)}, mq_curmsgs=${s64(b, 24)}}`;
}

const SEM_FLAGS = flagTable('SEM_', [
  [0o10000, 'SEM_UNDO'],
  [0o4000, 'IPC_NOWAIT'],
]);

/** struct sembuf[]: the elements given, `...` after them when there were more. */
export function formatSembufs(b: Uint8Array, more: boolean): string {
  const items: string[] = [];
  for (let at = 0; at + 6 <= b.length; at += 6) {
    items.push(`{sem_num=${u16(b, at)}, sem_op=${s16(b, at + 2)}, sem_flg=${formatFlags(u16(b, at + 4), SEM_FLAGS)}}`);
  }
  if (more) items.push('...');
  return `[${items.join(', ')}]`;
}

/** The aio_context_t io_setup stores. */
function formatAioContext(b: Uint8Array): string {
  return `[${hex(u64(b, 0))}]`;
}

export const FS_LAYOUT_FORMATTERS = {
  loff: formatLoff,
  statfs: formatStatfs,
  timeval_pair: formatTimevalPair,
  utimbuf: formatUtimbuf,
  timespec_pair: formatTimespecPair,
  open_how: formatOpenHow,
  mq_attr: formatMqAttr,
  sembuf: (b: Uint8Array) => formatSembufs(b, false),
  aio_context: formatAioContext,
  iovec: (b: Uint8Array) => formatIovecArray(b, 0n, 1n, false, 1),
} as const;
