// Prints one syscall argument the way strace does, from its raw register
// value and whatever memory the kernel captured for it.
import {
  ACCESS_MODES,
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
  O_ACCMODE,
  OPEN_FLAGS,
  signalName,
  SOCKET_FLAGS,
  SOCKET_TYPE_MASK,
  SOCKET_TYPES,
} from '../../syscalls/constants';
import { ARG_LAYOUTS, CONSTANTS, type ArgKindName } from '../../abi/abi';
import { MAX_ERRNO } from '../../syscalls/errno';
import type { ArgSlot } from '../../syscalls/shape';
import { flagParts, formatEnum, formatFlags, hex, joinFlags, type EnumTable } from '../../syscalls/xlat';
import { quoteBytes, untilNul } from './quote';
import { formatPollfds, LAYOUT_FORMATTERS, type LayoutOptions, type StructLayoutName } from './layouts';
import { formatSockoptValue } from './sockopt';
import { formatSockaddr, formatTimespec, readInt32 } from './structs';
import { formatDev, formatSigset, formatUidValue } from './layouts';
import { formatIoprio } from './ret';
import { SCHED_POLICIES, SCHED_RESET_ON_FORK } from '../../syscalls/constants-process';
import type { CapturedString, QuoteOptions } from './types';

/**
 * A printed argument: a slot of the signature table, or one the view
 * decodes from captured memory beyond the table's kinds (argv).
 */
export type ViewSlot =
  | ArgSlot
  | { readonly kind: 'argv' | 'envp'; readonly index: number; readonly label?: string }
  | CapturedSlot
  | SockoptSlot;

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

function layoutOptions(ctx: ArgContext): LayoutOptions {
  return {
    verbose: ctx.quote.verbose ?? false,
    hexStrings: ctx.quote.hexStrings,
    maxElements: ctx.quote.snapLength,
    timeZone: ctx.quote.timeZone ?? 'local',
  };
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
  const count = ulong(ctx.raw[slot.countArg] ?? 0n);
  const more = mem.truncated || count > BigInt(elements);
  return formatPollfds(mem.bytes.subarray(0, elements * size), field, more, layoutOptions(ctx));
}

/** The array as the exit returned it, for the note after the result. */
export function formatArrayAtExit(slot: CapturedSlot, ctx: ArgContext): string | undefined {
  return succeeded(ctx.ret) ? formatArray(slot, ctx, 'revents') : undefined;
}

/**
 * An array of uid_t/gid_t (getgroups' ret elements, setgroups' count):
 * `[0, 1]`, `[]`; the pointer when not captured whole.
 */
function formatUidArray(slot: CapturedSlot, ctx: ArgContext, count: bigint): string {
  const v = ctx.raw[slot.index] ?? 0n;
  if (count === 0n) return '[]';
  const mem = captured(ctx, slot.index);
  if (mem === undefined) return formatPointer(v);
  const elements = Math.floor(mem.bytes.length / 4);
  if (BigInt(elements) < count && !mem.truncated) return formatPointer(v);
  const shown = Math.min(elements, ctx.quote.snapLength);
  const items: string[] = [];
  for (let i = 0; i < shown; i++) items.push(formatUidValue(BigInt(readInt32(mem.bytes, 4 * i) >>> 0)));
  if (BigInt(shown) < count) items.push('...');
  return `[${items.join(', ')}]`;
}

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
  if (slot.capture === 'array_in' || slot.capture === 'array_inout') return formatArray(slot, ctx, 'events') ?? formatPointer(v);
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

export interface ArgContext {
  /** The six raw arguments. */
  readonly raw: readonly bigint[];
  /** The raw return value, once the syscall has returned. */
  readonly ret?: bigint;
  readonly strings?: ReadonlyMap<number, CapturedString>;
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

function succeeded(ret: bigint | undefined): ret is bigint {
  return ret !== undefined && !(ret < 0n && ret >= -BigInt(MAX_ERRNO));
}

function captured(ctx: ArgContext, index: number): { bytes: Uint8Array; truncated: boolean } | undefined {
  const s = ctx.strings?.get(index);
  return s === undefined || 'unavailable' in s ? undefined : s;
}

/** A buffer of `length` bytes at the argument, cut at the snap length. */
function formatBuffer(ctx: ArgContext, slot: ArgSlot, length: bigint, forceHex: boolean): string {
  // Nothing to read (the module captures output buffers only when ret > 0).
  if (length === 0n && ulong(ctx.raw[slot.index] ?? 0n) !== 0n) return '""';
  const mem = captured(ctx, slot.index);
  if (mem === undefined) return formatPointer(ctx.raw[slot.index]);
  const available = mem.bytes.subarray(0, Number(length < BigInt(mem.bytes.length) ? length : BigInt(mem.bytes.length)));
  const shown = available.subarray(0, ctx.quote.snapLength);
  const more = length > BigInt(shown.length);
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
 * argv as strace prints it: `["ls", "-l"]`, each string cut at the snap
 * length, at most that many strings, then `...`. The capture holds each
 * string followed by a NUL, each cut at the capture's snap length (at least
 * this reader's, at most KT_SNAPLEN_MAX); truncated says a string or the
 * list was cut.
 */
function formatArgv(ctx: ArgContext, index: number): string {
  const raw = ctx.raw[index] ?? 0n;
  const mem = captured(ctx, index);
  if (raw === 0n || mem === undefined) return formatPointer(raw);
  const entries: Uint8Array[] = [];
  for (let at = 0; at < mem.bytes.length; ) {
    const nul = mem.bytes.indexOf(0, at);
    const end = nul < 0 ? mem.bytes.length : nul;
    entries.push(mem.bytes.subarray(at, end));
    at = end + 1;
  }
  const limit = ctx.quote.snapLength;
  // A string as long as the capture's cut may have been longer.
  const maybeCut = (entry: Uint8Array): boolean => mem.truncated && entry.length >= Math.min(limit, CONSTANTS.KT_SNAPLEN_MAX);
  const items = entries.slice(0, limit).map((entry) => quoteBytes(entry.subarray(0, limit), entry.length > limit || maybeCut(entry), ctx.quote.hexStrings));
  // More strings than shown, or a list the capture cut short.
  if (entries.length > limit || (mem.truncated && !entries.some(maybeCut))) items.push('...');
  return `[${items.join(', ')}]`;
}

function formatOpenFlags(v: bigint): string {
  const { names, rest } = flagParts(uint(v) & ~O_ACCMODE, OPEN_FLAGS);
  return joinFlags([ACCESS_MODES[Number(v & O_ACCMODE)], ...names], rest, 'O_');
}

function formatMmapFlags(v: bigint): string {
  const flags = uint(v);
  const type = formatEnum(flags & MAP_TYPE_MASK, MAP_TYPES);
  const { names, rest } = flagParts(flags & ~MAP_TYPE_MASK, MAP_FLAGS);
  return joinFlags([type, ...names], rest, 'MAP_');
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

/** envp as strace prints it without -v: its address and the count of its entries, which the module reads. */
function formatEnvp(ctx: ArgContext, index: number): string {
  const raw = ctx.raw[index] ?? 0n;
  const mem = captured(ctx, index);
  const pointer = formatPointer(raw);
  if (raw === 0n || mem === undefined || mem.truncated || mem.bytes.length !== 4) return pointer;
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

function formatValue(slot: ViewSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  switch (slot.kind) {
    case 'argv':
      return formatArgv(ctx, slot.index);
    case 'envp':
      return formatEnvp(ctx, slot.index);
    case 'captured':
      return formatCaptured(slot, ctx);
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
    case 'uint-hex':
      return hex(uint(v));
    case 'ptr':
    case 'out':
      return formatPointer(v);
    case 'dirfd':
      return int(v) === BigInt(AT_FDCWD) ? atFdcwd(ctx) : decoratedFd(v, ctx.fdPath, ctx.quote.hexStrings);
    case 'mode':
      return formatMode(v);
    case 'signal':
      return signalName(Number(int(v)));
    case 'path':
      return formatString(ctx, slot, false);
    case 'string':
      return formatString(ctx, slot, true);
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
    case 'flags':
      return formatFlags(uint(v), slot.table);
    case 'enum':
      return formatEnum(uint(v), slot.table);
    case 'enum-comment':
      return formatEnumComment(v, slot.table);
    case 'sched-policy':
      return formatSchedPolicy(v);
    case 'ioprio':
      return formatIoprio(v);
    case 'dev':
      return formatDev(uint(v));
    case 'sigframe-mask':
      return formatSigframeMask(ctx, slot.index);
    case 'cpu-mask-in':
      return formatCpuMask(ctx, slot.index, ulong(ctx.raw[slot.lenArg] ?? 0n));
    case 'cpu-mask-out':
      return succeeded(ctx.ret) ? formatCpuMask(ctx, slot.index, ctx.ret) : formatPointer(v);
    case 'buf-in': {
      const length = ulong(ctx.raw[slot.lenArg] ?? 0n);
      if (slot.max !== undefined && length > BigInt(slot.max)) return formatPointer(v);
      return formatBuffer(ctx, slot, length, false);
    }
    case 'buf-out':
    case 'hex-buf-out':
      return succeeded(ctx.ret) ? formatBuffer(ctx, slot, ctx.ret, slot.kind === 'hex-buf-out') : formatPointer(v);
    case 'str-out':
      return succeeded(ctx.ret) ? formatString(ctx, slot, false) : formatPointer(v);
    case 'pipe-fds':
      return formatPipeFds(ctx, slot);
  }
}

export function formatArg(slot: ViewSlot, ctx: ArgContext): string {
  const value = formatValue(slot, ctx);
  return slot.label === undefined ? value : `${slot.label}=${value}`;
}
