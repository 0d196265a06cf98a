// Prints one syscall argument the way strace does, from its raw register
// value and whatever memory the kernel captured for it.
import {
  AT_FDCWD,
  AT_FLAGS,
  CLONE_FLAGS,
  CLONE_SIGNAL_MASK,
  FUTEX_CLOCK_REALTIME,
  FUTEX_COMMANDS,
  FUTEX_PRIVATE_FLAG,
  IOCTL_REQUESTS,
  MAP_FLAGS,
  MAP_TYPE_MASK,
  MAP_TYPES,
  MOUNT_FLAGS,
  MS_MGC_MASK,
  MS_MGC_VAL,
  signalName,
  SOCKET_FLAGS,
  SOCKET_TYPE_MASK,
  SOCKET_TYPES,
} from '../../syscalls/constants';
import { ARG_LAYOUTS, CONSTANTS, type ArgKindName } from '../../abi/abi';
import { MAX_ERRNO } from '../../syscalls/errno';
import type { ArgSlot } from '../../syscalls/shape';
import { flagParts, flagTable, formatEnum, formatFlags, hex, joinFlags, type EnumTable, type FlagTable } from '../../syscalls/xlat';
import { quoteBytes, untilNul } from './quote';
import { formatIovecs, formatIovecArray as iovecArray } from './iovec';
import { formatSembufs, openFlagsText } from './layouts-fs';
import { formatPollfds, LAYOUT_FORMATTERS, type LayoutOptions, type StructLayoutName } from './layouts';
import { formatSockoptValue } from './sockopt';
import { formatSockaddr, formatTimespec, readInt32 } from './structs';
import { FILE_TYPES, formatDev, formatSigset, formatSigsetPack, formatUidValue } from './layouts';
import { formatIoprio } from './ret';
import { formatMsgSlot, type MsgSlot } from './msghdr-arg';
import { formatFdSet } from './select';
import { formatDependentSlot, type DependentSlot } from './capture-slots';
import { formatFutexWaiters } from './futex-waitv';
import { arrayEnd } from './array-end';
import { formatIocbHeader, formatIoEvents, IOCB_SIZE } from './aio';
import { formatGetsockoptLength, formatGetsockoptValue } from './getsockopt';
import { SCHED_POLICIES, SCHED_RESET_ON_FORK } from '../../syscalls/constants-process';
import { argvStrings, decodeExecLists, envpComment, formatArgvLists } from './exec-lists';
import type { CapturedString, QuoteOptions } from './types';

/**
 * A printed argument: a slot of the signature table, or one the view
 * decodes from captured memory beyond the table's kinds (argv).
 */
export type ViewSlot =
  | ArgSlot
  | { readonly kind: 'argv' | 'envp'; readonly index: number; readonly label?: string; readonly lists?: number }
  | CapturedSlot
  | SockoptSlot
  | WaitSlot
  | MsgSlot
  | DependentSlot;

export type { MsgSlot };

/**
 * Captures beyond one struct (kmod/ktrace_sysargs.h kinds 20-24): an
 * fd_set of select/pselect6 (its nfds in countArg), pselect6's sigmask
 * pair, getsockopt's value, a socket address the kernel wrote (recvfrom,
 * accept, getsockname), and the int length of those two as given and as
 * returned.
 */
export interface WaitSlot {
  readonly kind: 'fd-set' | 'sigset-pack' | 'getsockopt-value' | 'sockaddr-out' | 'length-inout';
  readonly index: number;
  readonly label?: string;
  /** fd-set: the nfds argument; getsockopt-value, sockaddr-out: the length argument. */
  readonly countArg: number;
}

/** setsockopt's value, which the module reads as the option's struct (sockopt_in). */
export interface SockoptSlot {
  readonly kind: 'sockopt';
  readonly index: number;
  readonly label?: string;
  /** The argument holding optlen. */
  readonly lenArg: number;
}

/** An argument whose struct (or array of structs) the capture table says the module reads. */
export interface CapturedSlot {
  readonly kind: 'captured';
  readonly index: number;
  readonly label?: string;
  readonly capture: ArgKindName;
  readonly layout: StructLayoutName;
  /** The argument holding an array's element count. */
  readonly countArg: number;
  /** An output printed only when the call returned more than 0 (wait4's status and rusage). */
  readonly onlyPositive?: boolean;
  /** An output printed only when a signal interrupted the call (a sleep's time left). */
  readonly onlyInterrupted?: boolean;
}

const LAYOUT_SIZES: ReadonlyMap<string, number> = new Map(ARG_LAYOUTS.map((l) => [l.name, l.size]));

/** The options struct formatters take, from the view's. */
export function layoutOptionsOf(quote: QuoteOptions): LayoutOptions {
  return {
    verbose: quote.verbose ?? false,
    hexStrings: quote.hexStrings,
    maxElements: quote.snapLength,
    timeZone: quote.timeZone ?? 'local',
  };
}

function layoutOptions(ctx: ArgContext): LayoutOptions {
  return layoutOptionsOf(ctx.quote);
}

/**
 * The captured array of @slot (pollfd[]): `events` as given at entry, or
 * the `revents` the kernel returned; undefined when not captured whole
 * enough to show (the caller prints the pointer).
 */
function formatArray(slot: CapturedSlot, ctx: ArgContext, field: 'events' | 'revents'): string | undefined {
  const mem = captured(ctx, slot.index);
  const size = LAYOUT_SIZES.get(slot.layout) ?? 0;
  if (mem === undefined || size === 0) return undefined;
  const elements = Math.floor(mem.bytes.length / size);
  // poll's nfds is an unsigned int (the kernel ignores the upper bits, as strace does).
  const count = slot.layout === 'pollfd' ? uint(ctx.raw[slot.countArg] ?? 0n) : ulong(ctx.raw[slot.countArg] ?? 0n);
  const more = mem.truncated || count > BigInt(elements);
  const bytes = mem.bytes.subarray(0, elements * size);
  const o = layoutOptions(ctx);
  if (slot.layout === 'iovec') return formatIovecArray(ctx, slot, bytes, count, mem.truncated);
  if (slot.layout !== 'sembuf') return formatPollfds(bytes, field, more, o);
  // nsops is an unsigned int; the capture holds one element past the snap length (array_in).
  const end = arrayEnd(mem.bytes.length, size, uint(count), o.maxElements, mem.truncated, ulong(ctx.raw[slot.index] ?? 0n), true);
  if (end === undefined) return undefined;
  const body = formatSembufs(bytes.subarray(0, end.shown * size), false).slice(0, -1);
  return end.tail === undefined ? `${body}]` : `${body}${end.shown > 0 ? ', ' : ''}${end.tail}]`;
}

/** The array as the exit returned it, for the note after the result. */
export function formatArrayAtExit(slot: CapturedSlot, ctx: ArgContext): string | undefined {
  return succeeded(ctx.ret) ? formatArray(slot, ctx, 'revents') : undefined;
}

/**
 * An array of uid_t/gid_t (getgroups' ret elements, setgroups' count):
 * `[0, 1]`, `[]`, `[-1, ... /* 0x7f04a588e000 *\/]` when cut at an element
 * that could not be read; the pointer when not even the first could.
 */
function formatUidArray(slot: CapturedSlot, ctx: ArgContext, count: bigint): string {
  const v = ctx.raw[slot.index] ?? 0n;
  if (count === 0n) return '[]';
  // More groups than the kernel takes (NGROUPS_MAX): strace prints the address.
  if (slot.capture === 'array_in' && count > NGROUPS_MAX) return formatPointer(v);
  const mem = captured(ctx, slot.index);
  const end = mem === undefined ? undefined : arrayEnd(mem.bytes.length, 4, count, ctx.quote.snapLength, mem.truncated, ulong(v), slot.capture === 'array_in');
  if (mem === undefined || end === undefined) return formatPointer(v);
  const items: string[] = [];
  for (let i = 0; i < end.shown; i++) items.push(formatUidValue(BigInt(readInt32(mem.bytes, 4 * i) >>> 0)));
  if (end.tail !== undefined) items.push(end.tail);
  return `[${items.join(', ')}]`;
}

/** The most supplementary groups the kernel takes (sysconf(_SC_NGROUPS_MAX)). */
const NGROUPS_MAX = 65536n;

/** x86-64's word: the smallest input strace reads a sized struct from. */
const WORD_BYTES = 8;

function formatCaptured(slot: CapturedSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  if (v === 0n) return 'NULL';
  const output = slot.capture === 'struct_out' || slot.capture === 'sized_out' || slot.capture === 'array_out';
  // A sleep's time left exists only when a signal cut it short (EINTR, ERESTART_RESTARTBLOCK).
  if (slot.onlyInterrupted === true) {
    const ret = ctx.ret === undefined ? undefined : BigInt.asIntN(64, ctx.ret);
    if (ret !== -4n && ret !== -516n) return formatPointer(v);
  } else if (output && !succeeded(ctx.ret)) {
    // The kernel wrote the struct only if the call succeeded; the module reads it only then.
    return formatPointer(v);
  }
  // wait4 wrote its status and usage only when it reaped a child (returned its pid).
  if (slot.onlyPositive === true && output && (ctx.ret ?? 0n) <= 0n) return formatPointer(v);
  if (slot.layout === 'uid' && (slot.capture === 'array_out' || slot.capture === 'array_in')) {
    return formatUidArray(slot, ctx, slot.capture === 'array_out' ? ulong(ctx.ret ?? 0n) : uint(ctx.raw[slot.countArg] ?? 0n));
  }
  if (slot.layout === 'futex_waitv') {
    const mem = captured(ctx, slot.index);
    const count = uint(ctx.raw[slot.countArg] ?? 0n);
    return (mem === undefined ? undefined : formatFutexWaiters(mem.bytes, mem.truncated, count, ulong(v), ctx.quote.snapLength)) ?? formatPointer(v);
  }
  if (slot.capture === 'array_in' || slot.capture === 'array_inout') return formatArray(slot, ctx, 'events') ?? formatPointer(v);
  // io_getevents' events: ret of them.
  if (slot.layout === 'io_event' && slot.capture === 'array_out') return formatIoEvents(captured(ctx, slot.index), ulong(ctx.ret ?? 0n), ulong(v), ctx.quote.snapLength) ?? formatPointer(v);
  // io_cancel's iocb, its descriptor as -y shows it.
  if (slot.layout === 'iocb') {
    const mem = captured(ctx, slot.index);
    return mem === undefined || mem.bytes.length < IOCB_SIZE ? formatPointer(v) : formatIocbHeader(mem.bytes, (fd) => decoratedFd(fd, ctx.fdPath, ctx.quote.hexStrings));
  }
  if (slot.capture === 'iovec_in' || slot.capture === 'iovec_out') {
    const mem = captured(ctx, slot.index);
    if (mem === undefined) return formatPointer(v);
    const written = slot.capture === 'iovec_in' ? undefined : succeeded(ctx.ret) ? ctx.ret : -1n;
    return formatIovecs(mem, ulong(ctx.raw[slot.countArg] ?? 0n), written, ctx.quote);
  }
  const mem = captured(ctx, slot.index);
  let size = LAYOUT_SIZES.get(slot.layout) ?? 0;
  // modify_ldt's entry only when its byte count is one entry's size.
  if (slot.layout === 'user_desc' && ulong(ctx.raw[slot.index + 1] ?? 0n) !== BigInt(size)) return formatPointer(v);
  if (slot.capture === 'sized_in' || slot.capture === 'sized_out') {
    // sched_getattr's size is an unsigned int (the kernel ignores the upper bits); a sigsetsize a size_t.
    const given = slot.layout === 'sched_attr' ? uint(ctx.raw[slot.countArg] ?? 0n) : ulong(ctx.raw[slot.countArg] ?? 0n);
    // strace reads an output of 1 to sizeof(struct) bytes, an input of at
    // least a word (so a sigset given in only whole); other sizes print the pointer.
    const least = slot.capture === 'sized_in' ? BigInt(Math.min(size, WORD_BYTES)) : 1n;
    if (given < least || given > BigInt(size)) return formatPointer(v);
    // The bytes the caller gave, the rest of the struct as zeros.
    if (mem === undefined || BigInt(mem.bytes.length) < given) return formatPointer(v);
    const whole = new Uint8Array(size);
    whole.set(mem.bytes.subarray(0, Number(given)));
    return LAYOUT_FORMATTERS[slot.layout](whole, layoutOptions(ctx));
  }
  if (mem === undefined || mem.bytes.length < size || size === 0) return formatPointer(v);
  size = Math.min(size, mem.bytes.length);
  return LAYOUT_FORMATTERS[slot.layout](mem.bytes.subarray(0, size), layoutOptions(ctx));
}

function formatIovecArray(ctx: ArgContext, slot: CapturedSlot, bytes: Uint8Array, count: bigint, truncated: boolean): string {
  return iovecArray(bytes, ulong(ctx.raw[slot.index] ?? 0n), count, truncated, ctx.quote.snapLength);
}

export interface ArgContext {
  /** The six raw arguments. */
  readonly raw: readonly bigint[];
  /** The raw return value, once the syscall has returned. */
  readonly ret?: bigint;
  readonly strings?: ReadonlyMap<number, CapturedString>;
  /** What the exit alone captured (getsockopt's optlen as the kernel returned it). */
  readonly exitStrings?: ReadonlyMap<number, CapturedString>;
  readonly quote: QuoteOptions;
  /** -y: what a descriptor of the calling process refers to, when known; AT_FDCWD (-100): its working directory. */
  readonly fdPath?: (fd: number) => string | undefined;
}

/** AT_FDCWD, under -y with the working directory when it is known: `AT_FDCWD</home/u>`, as strace. */
function atFdcwd(ctx: ArgContext): string {
  const cwd = ctx.fdPath?.(AT_FDCWD);
  return cwd === undefined ? 'AT_FDCWD' : `AT_FDCWD<${quoteBytes(Buffer.from(cwd, 'latin1'), false, ctx.quote.hexStrings).slice(1, -1)}>`;
}

/** strace -y's `3</etc/passwd>`: the number, then the path in angle brackets when it is known. */
export function decoratedFd(fd: bigint, fdPath: ((fd: number) => string | undefined) | undefined, hexStrings: QuoteOptions['hexStrings']): string {
  const n = Number(BigInt.asIntN(32, fd));
  const path = n >= 0 ? fdPath?.(n) : undefined;
  if (path === undefined) return n.toString();
  const quoted = quoteBytes(Buffer.from(path, 'latin1'), false, hexStrings);
  return `${n}<${quoted.slice(1, -1)}>`;
}

const int = (v: bigint): bigint => BigInt.asIntN(32, v);
const uint = (v: bigint): bigint => BigInt.asUintN(32, v);
const ulong = (v: bigint): bigint => BigInt.asUintN(64, v);

export function formatPointer(v: bigint): string {
  return v === 0n ? 'NULL' : hex(ulong(v));
}

/** A uid_t or gid_t: unsigned, but (uid_t)-1 ("no change") as -1. */
export function formatUid(v: bigint): string {
  const id = uint(v);
  return id === 0xffff_ffffn ? '-1' : id.toString();
}

/** umode_t in octal as strace prints it: `0644`, `01755`, `000`. */
export function formatMode(v: bigint): string {
  const mode = v & 0xffffn;
  return mode === 0n ? '000' : `0${mode.toString(8)}`.padStart(3, '0');
}

/**
 * A umode_t with its file type, as mknod's mode prints: `S_IFCHR|0600`,
 * `S_IFBLK|S_ISUID|0777`; without a known type, the whole value in octal.
 */
export function formatFileMode(v: bigint): string {
  const mode = v & 0xffffn;
  const type = FILE_TYPES.get(mode & 0o170000n);
  if (type === undefined) return formatMode(mode);
  const parts = [type];
  if (mode & 0o4000n) parts.push('S_ISUID');
  if (mode & 0o2000n) parts.push('S_ISGID');
  if (mode & 0o1000n) parts.push('S_ISVTX');
  parts.push(formatMode(mode & 0o777n));
  return parts.join('|');
}


/** Flags above permission bits, as IPC get calls print them: `IPC_CREAT|IPC_EXCL|0600`, `0xf000|000`. */
export function formatFlagsMode(v: bigint, table: FlagTable): string {
  const { names, rest } = flagParts(v & ~0o777n, table);
  const parts = rest === 0n ? names : [...names, hex(rest)];
  return [...parts, formatMode(v & 0o777n)].join('|');
}

function succeeded(ret: bigint | undefined): ret is bigint {
  return ret !== undefined && !(ret < 0n && ret >= -BigInt(MAX_ERRNO));
}

function captured(ctx: ArgContext, index: number): { bytes: Uint8Array; truncated: boolean } | undefined {
  const s = ctx.strings?.get(index);
  return s === undefined || 'unavailable' in s ? undefined : s;
}

/** A buffer of `length` bytes at the argument, cut at the snap length. */
function formatBuffer(ctx: ArgContext, slot: ArgSlot, length: bigint, forceHex: boolean, value = false): string {
  if (ulong(ctx.raw[slot.index] ?? 0n) === 0n) return 'NULL';
  // Nothing to read (the module captures output buffers only when ret > 0).
  if (length === 0n && ulong(ctx.raw[slot.index] ?? 0n) !== 0n) return '""';
  const mem = captured(ctx, slot.index);
  if (mem === undefined) return formatPointer(ctx.raw[slot.index]);
  const available = mem.bytes.subarray(0, Number(length < BigInt(mem.bytes.length) ? length : BigInt(mem.bytes.length)));
  // An xattr value whose last byte is NUL is printed without it, as strace does.
  const omitNul = value && BigInt(available.length) === length && available.at(-1) === 0;
  const shown = available.subarray(0, Math.min(ctx.quote.snapLength, omitNul ? available.length - 1 : available.length));
  const more = (omitNul ? length - 1n : length) > BigInt(shown.length);
  return quoteBytes(shown, more, forceHex ? 'all' : ctx.quote.hexStrings);
}

/** A NUL-terminated string; `limit` is the snap length, or none for paths. */
function formatString(ctx: ArgContext, slot: ArgSlot, limited: boolean): string {
  const mem = captured(ctx, slot.index);
  if (mem === undefined) return formatPointer(ctx.raw[slot.index]);
  const { text, terminated } = untilNul(mem.bytes);
  const limit = limited ? ctx.quote.snapLength : text.length;
  const shown = text.subarray(0, limit);
  const more = shown.length < text.length || (!terminated && mem.truncated);
  return quoteBytes(shown, more, ctx.quote.hexStrings);
}

/**
 * A string strace reads with a length (fsconfig's key and value): at most
 * min(-s, @max) bytes, and `...` unless its NUL came within them, so a
 * string of exactly that many bytes is cut too.
 */
function formatBoundedString(ctx: ArgContext, slot: ArgSlot, max: number): string {
  const mem = captured(ctx, slot.index);
  if (mem === undefined) return formatPointer(ctx.raw[slot.index]);
  const { text, terminated } = untilNul(mem.bytes);
  const limit = Math.min(ctx.quote.snapLength, max);
  const whole = (terminated || !mem.truncated) && text.length < limit;
  return whole ? quoteBytes(text, false, ctx.quote.hexStrings) : quoteBytes(text.subarray(0, limit), true, ctx.quote.hexStrings);
}

/**
 * argv as strace prints it: `["ls", "-l"]`, each string cut at the snap
 * length, at most that many strings, then `...`. The capture holds each
 * string followed by a NUL, each cut at the capture's snap length (at least
 * this reader's, at most KT_SNAPLEN_MAX); truncated says a string or the
 * list was cut.
 */
function formatArgv(ctx: ArgContext, index: number, listsIndex: number | undefined): string {
  const raw = ctx.raw[index] ?? 0n;
  const mem = captured(ctx, index);
  // How argv ends and its unreadable entries (argv_v, absent from older recordings).
  const lists = raw === 0n || listsIndex === undefined ? undefined : decodeExecLists(ctx.strings?.get(listsIndex));
  if (lists !== undefined) return formatArgvLists(ulong(raw), mem, lists, ctx.quote);
  if (raw === 0n || mem === undefined) return formatPointer(raw);
  const entries = argvStrings(mem.bytes);
  const limit = ctx.quote.snapLength;
  // A string as long as the capture's cut may have been longer.
  const maybeCut = (entry: Uint8Array): boolean => mem.truncated && entry.length >= Math.min(limit, CONSTANTS.KT_SNAPLEN_MAX);
  const items = entries.slice(0, limit).map((entry) => quoteBytes(entry.subarray(0, limit), entry.length > limit || maybeCut(entry), ctx.quote.hexStrings));
  // More strings than shown, or a list the capture cut short.
  if (entries.length > limit || (mem.truncated && !entries.some(maybeCut))) items.push('...');
  return `[${items.join(', ')}]`;
}

function formatOpenFlags(v: bigint): string {
  return openFlagsText(uint(v));
}

const MAP_HUGETLB = 0x40000n;
const MAP_HUGE_SHIFT = 26n;
const MAP_HUGE_MASK = 0x3fn;

function formatMmapFlags(v: bigint): string {
  const flags = uint(v);
  const type = formatEnum(flags & MAP_TYPE_MASK, MAP_TYPES);
  // With MAP_HUGETLB, bits 26-31 give the page size's log2.
  const huge = flags & MAP_HUGETLB ? (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK : 0n;
  const { names, rest } = flagParts(flags & ~MAP_TYPE_MASK & ~(huge << MAP_HUGE_SHIFT), MAP_FLAGS);
  const hugeName = huge === 0n ? [] : [`${huge}<<MAP_HUGE_SHIFT`];
  return joinFlags([type, ...names, ...hugeName], rest, 'MAP_');
}

const MFD_HUGETLB_NAMES = flagTable('MFD_', [
  [1, 'MFD_CLOEXEC'],
  [2, 'MFD_ALLOW_SEALING'],
  [4, 'MFD_HUGETLB'],
  [8, 'MFD_NOEXEC_SEAL'],
  [0x10, 'MFD_EXEC'],
]);

/** memfd_create's flags: bits 26-31 are a huge page size's log2, `30<<MFD_HUGE_SHIFT`. */
function formatMemfdFlags(v: bigint): string {
  const flags = uint(v);
  const huge = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
  const { names, rest } = flagParts(flags & ~(MAP_HUGE_MASK << MAP_HUGE_SHIFT), MFD_HUGETLB_NAMES);
  return joinFlags(huge === 0n ? names : [...names, `${huge}<<MFD_HUGE_SHIFT`], rest, 'MFD_');
}

function formatSocketType(v: bigint): string {
  const value = uint(v);
  const typeName = SOCKET_TYPES.names.get(value & SOCKET_TYPE_MASK);
  const withoutType = typeName === undefined ? value : value & ~SOCKET_TYPE_MASK;
  const { names, rest } = flagParts(withoutType, SOCKET_FLAGS);
  return joinFlags(typeName === undefined ? names : [typeName, ...names], rest, 'SOCK_');
}

function formatStatxFlags(v: bigint): string {
  const value = uint(v);
  const sync: string[] = [];
  if ((value & 0x6000n) === 0n) sync.push('AT_STATX_SYNC_AS_STAT');
  if (value & 0x2000n) sync.push('AT_STATX_FORCE_SYNC');
  if (value & 0x4000n) sync.push('AT_STATX_DONT_SYNC');
  const { names, rest } = flagParts(value & ~0x6000n, AT_FLAGS);
  return joinFlags([...sync, ...names], rest, 'AT_');
}

function formatMountFlags(v: bigint): string {
  let value = ulong(v);
  const names: string[] = [];
  if ((value & MS_MGC_MASK) === MS_MGC_VAL) {
    names.push('MS_MGC_VAL');
    value &= ~MS_MGC_MASK;
  }
  const parts = flagParts(value, MOUNT_FLAGS);
  return joinFlags([...names, ...parts.names], parts.rest, 'MS_');
}

function formatCloneFlags(v: bigint): string {
  const value = ulong(v);
  const signal = value & CLONE_SIGNAL_MASK;
  const { names, rest } = flagParts(value & ~CLONE_SIGNAL_MASK, CLONE_FLAGS);
  const parts = rest === 0n ? names : [...names, hex(rest)];
  if (signal !== 0n) parts.push(signalName(Number(signal)));
  return parts.length > 0 ? parts.join('|') : '0';
}

const IOC_DIRECTIONS = ['_IOC_NONE', '_IOC_WRITE', '_IOC_READ', '_IOC_READ|_IOC_WRITE'];

function formatIoctlRequest(v: bigint): string {
  const request = uint(v);
  const name = IOCTL_REQUESTS.names.get(request);
  if (name !== undefined) return name;
  const field = (shift: bigint, mask: bigint): string => hex((request >> shift) & mask);
  return `_IOC(${IOC_DIRECTIONS[Number(request >> 30n)]}, ${field(8n, 0xffn)}, ${field(0n, 0xffn)}, ${field(16n, 0x3fffn)})`;
}

function formatFutexOp(v: bigint): string {
  const op = uint(v);
  const name = FUTEX_COMMANDS.names.get(op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME));
  if (name === undefined) return formatEnum(op, FUTEX_COMMANDS);
  const privateName = op & FUTEX_PRIVATE_FLAG ? `${name}_PRIVATE` : name;
  return op & FUTEX_CLOCK_REALTIME ? `${privateName}|FUTEX_CLOCK_REALTIME` : privateName;
}

/**
 * envp as strace prints it without -v: its address and the count of its
 * entries, which the module reads; `unterminated` when a pointer after the
 * first could not be read (argv_v).
 */
function formatEnvp(ctx: ArgContext, index: number, listsIndex: number | undefined): string {
  const raw = ctx.raw[index] ?? 0n;
  const mem = captured(ctx, index);
  const pointer = formatPointer(raw);
  if (raw === 0n) return pointer;
  if (mem === undefined || mem.truncated || mem.bytes.length !== 4) {
    const lists = listsIndex === undefined ? undefined : decodeExecLists(ctx.strings?.get(listsIndex));
    const comment = lists === undefined ? undefined : envpComment(lists);
    return comment === undefined ? pointer : `${pointer} ${comment}`;
  }
  const n = new DataView(mem.bytes.buffer, mem.bytes.byteOffset, 4).getUint32(0, true);
  return `${pointer} /* ${n} var${n === 1 ? '' : 's'} */`;
}

/** An int with its name in a comment: `0 /* SYSLOG_ACTION_CLOSE *\/`, `-1 /* SYSLOG_ACTION_??? *\/`. */
export function formatEnumComment(v: bigint, table: EnumTable): string {
  const name = table.names.get(uint(v)) ?? `${table.prefix}???`;
  return `${int(v)} /* ${name} */`;
}

/** A scheduling policy with its flag: `SCHED_FIFO|SCHED_RESET_ON_FORK`. */
export function formatSchedPolicy(v: bigint): string {
  const policy = uint(v);
  const base = formatEnum(policy & ~SCHED_RESET_ON_FORK, SCHED_POLICIES);
  if ((policy & SCHED_RESET_ON_FORK) === 0n) return base;
  const name = SCHED_POLICIES.names.get(policy & ~SCHED_RESET_ON_FORK);
  return name === undefined ? `${hex(policy)} /* SCHED_??? */` : `${name}|SCHED_RESET_ON_FORK`;
}

/**
 * A CPU bitmask of @length bytes (sched_getaffinity's cpu_set_t): the set
 * CPUs' numbers, `[0 1]`; the pointer when not captured whole.
 */
function formatCpuMask(ctx: ArgContext, index: number, length: bigint): string {
  const v = ctx.raw[index] ?? 0n;
  if (length === 0n) return '[]';
  const mem = captured(ctx, index);
  if (v === 0n || mem === undefined || length > BigInt(mem.bytes.length)) return formatPointer(v);
  const cpus: number[] = [];
  for (let byte = 0; byte < Number(length); byte++) {
    for (let bit = 0; bit < 8; bit++) if (mem.bytes[byte] & (1 << bit)) cpus.push(byte * 8 + bit);
  }
  return `[${cpus.join(' ')}]`;
}

/** rt_sigreturn's argument: the mask the signal frame restores, `{mask=[INT]}`. */
function formatSigframeMask(ctx: ArgContext, index: number): string {
  const mem = captured(ctx, index);
  if (mem === undefined || mem.bytes.length < 8) return '';
  return `{mask=${formatSigset(mem.bytes.subarray(0, 8))}}`;
}

function formatPipeFds(ctx: ArgContext, slot: ArgSlot): string {
  const mem = captured(ctx, slot.index);
  if (!succeeded(ctx.ret) || mem === undefined || mem.bytes.length < 8) return formatPointer(ctx.raw[slot.index]);
  return `[${readInt32(mem.bytes, 0)}, ${readInt32(mem.bytes, 4)}]`;
}

/** A getdents buffer as strace prints it without -v: `0x4aa2e0 /* 3 entries *\/`. */
function formatDirents(ctx: ArgContext, slot: ArgSlot): string {
  const address = formatPointer(ctx.raw[slot.index] ?? 0n);
  const mem = captured(ctx, slot.index);
  if (!succeeded(ctx.ret) || mem === undefined || mem.truncated || mem.bytes.length < 4) return address;
  return `${address} /* ${readInt32(mem.bytes, 0) >>> 0} entries */`;
}

function formatValue(slot: ViewSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  switch (slot.kind) {
    case 'argv':
      return formatArgv(ctx, slot.index, slot.lists);
    case 'envp':
      return formatEnvp(ctx, slot.index, slot.lists);
    case 'captured':
      return formatCaptured(slot, ctx);
    case 'fd-set':
    case 'sigset-pack':
    case 'getsockopt-value':
    case 'sockaddr-out':
    case 'length-inout':
      return formatWaitSlot(slot, ctx);
    case 'msghdr':
      return formatMsgSlot(slot, ctx, (fd) => decoratedFd(fd, ctx.fdPath, ctx.quote.hexStrings));
    case 'fcntl-arg':
    case 'file-handle':
    case 'page-vec':
    case 'struct-ext':
    case 'iocbs':
      return formatDependentSlot(slot, ctx, (fd) => decoratedFd(fd, ctx.fdPath, ctx.quote.hexStrings));
    case 'self-sized':
      return formatDependentSlot(slot, ctx);
    case 'sockopt': {
      const mem = captured(ctx, slot.index);
      const length = Number(int(ctx.raw[slot.lenArg] ?? 0n));
      const text = mem === undefined ? undefined : formatSockoptValue(uint(ctx.raw[1] ?? 0n), uint(ctx.raw[2] ?? 0n), mem.bytes, length);
      return text ?? formatPointer(v);
    }
    case 'int':
      return int(v).toString();
    case 'fd':
      return decoratedFd(v, ctx.fdPath, ctx.quote.hexStrings);
    case 'uint':
      return uint(v).toString();
    case 'uid':
      return formatUid(v);
    case 'long':
      return BigInt.asIntN(64, v).toString();
    case 'ulong':
      return ulong(v).toString();
    case 'hex':
      return hex(ulong(v));
    case 'hex32':
      return hex(uint(v));
    case 'ptr':
    case 'out':
      return formatPointer(v);
    case 'dirfd':
      return int(v) === BigInt(AT_FDCWD) ? atFdcwd(ctx) : decoratedFd(v, ctx.fdPath, ctx.quote.hexStrings);
    case 'mode':
      return formatMode(v);
    case 'file-mode':
      return formatFileMode(v);
    case 'dev':
      return formatDev(uint(v));
    case 'signal':
      return signalName(Number(int(v)));
    case 'path':
      return formatString(ctx, slot, false);
    case 'string':
      return formatString(ctx, slot, true);
    case 'bounded-string':
      return formatBoundedString(ctx, slot, slot.max);
    case 'timespec':
      return formatTimespec(captured(ctx, slot.index)?.bytes) ?? formatPointer(v);
    case 'sockaddr':
      return formatSockaddr(captured(ctx, slot.index)?.bytes, ulong(ctx.raw[slot.lenArg] ?? 0n)) ?? formatPointer(v);
    case 'open-flags':
      return formatOpenFlags(v);
    case 'mmap-flags':
      return formatMmapFlags(v);
    case 'socket-type':
      return formatSocketType(v);
    case 'statx-flags':
      return formatStatxFlags(v);
    case 'mount-flags':
      return formatMountFlags(v);
    case 'clone-flags':
      return formatCloneFlags(v);
    case 'ioctl-request':
      return formatIoctlRequest(v);
    case 'futex-op':
      return formatFutexOp(v);
    case 'memfd-flags':
      return formatMemfdFlags(v);
    case 'flags':
      return formatFlags(slot.wide === true ? ulong(v) : uint(v), slot.table);
    case 'enum':
      return formatEnum(uint(v), slot.table);
    case 'enum-comment':
      return formatEnumComment(v, slot.table);
    case 'sched-policy':
      return formatSchedPolicy(v);
    case 'ioprio':
      return formatIoprio(v);
    case 'sigframe-mask':
      return formatSigframeMask(ctx, slot.index);
    case 'cpu-mask-in':
      return formatCpuMask(ctx, slot.index, ulong(ctx.raw[slot.lenArg] ?? 0n));
    case 'cpu-mask-out':
      return succeeded(ctx.ret) ? formatCpuMask(ctx, slot.index, ctx.ret) : formatPointer(v);
    case 'buf-in': {
      const length = slot.intLength === true ? int(ctx.raw[slot.lenArg] ?? 0n) : ulong(ctx.raw[slot.lenArg] ?? 0n);
      if (length < 0n || (slot.max !== undefined && length > BigInt(slot.max))) return formatPointer(v);
      return formatBuffer(ctx, slot, length, slot.hex === true, slot.value === true);
    }
    case 'flags-mode':
      return formatFlagsMode(uint(v), slot.table);
    case 'buf-out':
    case 'hex-buf-out':
    case 'value-out':
      return succeeded(ctx.ret) ? formatBuffer(ctx, slot, ctx.ret, slot.kind === 'hex-buf-out', slot.kind === 'value-out') : formatPointer(v);
    case 'str-out':
      return succeeded(ctx.ret) ? formatString(ctx, slot, false) : formatPointer(v);
    case 'pipe-fds':
      return formatPipeFds(ctx, slot);
    case 'dirents':
      return formatDirents(ctx, slot);
  }
}

/** An int length as given (captured at entry: optlen, addrlen), or undefined when strace prints the addresses. */
function givenOptlen(ctx: ArgContext, lenArg: number): number | undefined {
  const mem = captured(ctx, lenArg);
  if ((ctx.raw[lenArg] ?? 0n) === 0n || mem === undefined || mem.bytes.length < 4) return undefined;
  return readInt32(mem.bytes, 0);
}

/** The length as the call returned it: undefined when it failed or it was not read. */
function returnedOptlen(ctx: ArgContext, lenArg: number): number | undefined {
  const s = ctx.exitStrings?.get(lenArg);
  if (!succeeded(ctx.ret) || s === undefined || 'unavailable' in s || s.bytes.length < 4) return undefined;
  return readInt32(s.bytes, 0);
}

function formatWaitSlot(slot: WaitSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  switch (slot.kind) {
    case 'fd-set': {
      const mem = captured(ctx, slot.index);
      // strace reads no set for an nfds of 0 or less, and prints its address.
      if (v === 0n || mem === undefined || int(ctx.raw[slot.countArg] ?? 0n) <= 0n) return formatPointer(v);
      return formatFdSet(mem, (fd) => decoratedFd(BigInt(fd), ctx.fdPath, ctx.quote.hexStrings));
    }
    case 'sigset-pack': {
      const mem = captured(ctx, slot.index);
      return v === 0n || mem === undefined || mem.bytes.length < 16 ? formatPointer(v) : formatSigsetPack(mem.bytes);
    }
    case 'getsockopt-value': {
      const ulen = givenOptlen(ctx, slot.countArg);
      const rlen = returnedOptlen(ctx, slot.countArg);
      if (ulen === undefined || rlen === undefined) return formatPointer(v);
      const s = ctx.exitStrings?.get(slot.index);
      return formatGetsockoptValue({
        level: Number(uint(ctx.raw[1] ?? 0n)),
        name: Number(uint(ctx.raw[2] ?? 0n)),
        addr: ulong(v),
        ulen,
        rlen,
        bytes: s === undefined || 'unavailable' in s ? undefined : s.bytes,
        snapLength: ctx.quote.snapLength,
        hexStrings: ctx.quote.hexStrings,
      });
    }
    case 'sockaddr-out': {
      // strace decodes the address the kernel wrote, as long as the smaller of the two lengths.
      const ulen = givenOptlen(ctx, slot.countArg);
      const rlen = returnedOptlen(ctx, slot.countArg);
      const s = ctx.exitStrings?.get(slot.index);
      if (ulen === undefined || rlen === undefined || v === 0n || s === undefined || 'unavailable' in s) return formatPointer(v);
      return formatSockaddr(s.bytes, BigInt(Math.max(0, Math.min(ulen, rlen)))) ?? formatPointer(v);
    }
    case 'length-inout': {
      const ulen = givenOptlen(ctx, slot.index);
      return ulen === undefined ? formatPointer(v) : formatGetsockoptLength(ulen, returnedOptlen(ctx, slot.index));
    }
  }
}

export function formatArg(slot: ViewSlot, ctx: ArgContext): string {
  const value = formatValue(slot, ctx);
  return slot.label === undefined ? value : `${slot.label}=${value}`;
}
