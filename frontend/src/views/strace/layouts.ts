// strace's text for the structs the strings variable captures, one
// formatter per layout of kmod/ktrace_sysargs.h (x86-64, little-endian).
// Each takes exactly the bytes of one struct (an array: whole elements).
import type { ArgLayoutName } from '../../abi/generated';
import { signalName } from '../../syscalls/constants';
import { ADJTIME_MODES, ADJTIME_STATUS, SCHED_ATTR_FLAGS, SCHED_POLICIES, SIGEV_NOTIFY } from '../../syscalls/constants-process';
import { flagTable, formatEnum, formatFlags, hex } from '../../syscalls/xlat';
import { FS_LAYOUT_FORMATTERS } from './layouts-fs';
import { formatIocbHeader, formatIoEvent } from './aio';
import { formatRawMmsghdr, formatRawMsghdr } from './msghdr';
import { formatFutexWaitv } from './futex-waitv';
import { quoteBytes, untilNul } from './quote';
import { decodeSiginfo, formatSiginfo } from './signal';
import type { HexStrings } from './types';

export interface LayoutOptions {
  /** strace -v: every field, not the abbreviated `...` form. */
  readonly verbose: boolean;
  readonly hexStrings: HexStrings;
  /** Elements of an array shown before `...` (strace's -s for arrays). */
  readonly maxElements: number;
  /** Time zone of the dates -v prints after stat's times. */
  readonly timeZone: 'local' | 'utc';
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

const u16 = (b: Uint8Array, at: number): bigint => BigInt(view(b).getUint16(at, true));
const s16 = (b: Uint8Array, at: number): bigint => BigInt(view(b).getInt16(at, true));
const u32 = (b: Uint8Array, at: number): bigint => BigInt(view(b).getUint32(at, true));
const s32 = (b: Uint8Array, at: number): bigint => BigInt(view(b).getInt32(at, true));
const u64 = (b: Uint8Array, at: number): bigint => view(b).getBigUint64(at, true);
const s64 = (b: Uint8Array, at: number): bigint => view(b).getBigInt64(at, true);

/** `{a=1, b=2}`, or with `...` after the fields shown when abbreviated. */
function struct(fields: readonly string[], abbreviated = false): string {
  return `{${[...fields, ...(abbreviated ? ['...'] : [])].join(', ')}}`;
}

// --- struct stat ---------------------------------------------------------

const S_IFMT = 0o170000n;
/** S_IFMT's values by name (stat's st_mode; mknod's mode, args.ts). */
export const FILE_TYPES: ReadonlyMap<bigint, string> = new Map<bigint, string>([
  [0o140000n, 'S_IFSOCK'],
  [0o120000n, 'S_IFLNK'],
  [0o100000n, 'S_IFREG'],
  [0o060000n, 'S_IFBLK'],
  [0o040000n, 'S_IFDIR'],
  [0o020000n, 'S_IFCHR'],
  [0o010000n, 'S_IFIFO'],
]);

/** st_mode as strace prints it: `S_IFREG|0644`, `S_IFDIR|S_ISVTX|0777`. */
export function formatStatMode(mode: bigint): string {
  const parts: string[] = [];
  const type = mode & S_IFMT;
  const typeName = FILE_TYPES.get(type);
  if (typeName !== undefined) parts.push(typeName);
  else if (type !== 0n) parts.push(`0${type.toString(8)}`);
  if (mode & 0o4000n) parts.push('S_ISUID');
  if (mode & 0o2000n) parts.push('S_ISGID');
  if (mode & 0o1000n) parts.push('S_ISVTX');
  const perm = mode & 0o777n;
  parts.push(perm === 0n ? '000' : `0${perm.toString(8)}`.padStart(3, '0'));
  return parts.join('|');
}

/** A dev_t from the kernel's struct stat (new_encode_dev): `makedev(0x8, 0x1)`. */
export function formatDev(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & 0xfffff000n);
  const minor = (dev & 0xffn) | ((dev >> 12n) & 0xffffff00n);
  return `makedev(${hex(major)}, ${hex(minor)})`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2026-12-06T17:10:45.520000000+0000`, the comment strace -v puts after a time. */
export function isoTime(sec: bigint, nsec: bigint, zone: 'local' | 'utc'): string {
  const ms = Number(sec) * 1000;
  const offsetMin = zone === 'utc' ? 0 : -new Date(ms).getTimezoneOffset();
  const d = new Date(ms + offsetMin * 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const off = Math.abs(offsetMin);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const frac = nsec >= 0n && nsec < 1_000_000_000n ? `.${nsec.toString().padStart(9, '0')}` : '';
  return `${date}T${time}${frac}${sign}${pad(Math.floor(off / 60))}${pad(off % 60)}`;
}

function statTime(b: Uint8Array, at: number, name: string, o: LayoutOptions): string[] {
  const sec = s64(b, at);
  const nsec = s64(b, at + 8);
  return [`${name}=${sec} /* ${isoTime(sec, nsec, o.timeZone)} */`, `${name}_nsec=${nsec}`];
}

/** struct stat (x86-64 kernel layout, 144 bytes). */
function formatStat(b: Uint8Array, o: LayoutOptions): string {
  const mode = u32(b, 24);
  const type = mode & S_IFMT;
  const device = type === 0o020000n || type === 0o060000n;
  const sizeOrDev = device ? `st_rdev=${formatDev(u64(b, 40))}` : `st_size=${s64(b, 48)}`;
  if (!o.verbose) return struct([`st_mode=${formatStatMode(mode)}`, sizeOrDev], true);
  return struct([
    `st_dev=${formatDev(u64(b, 0))}`,
    `st_ino=${u64(b, 8)}`,
    `st_mode=${formatStatMode(mode)}`,
    `st_nlink=${u64(b, 16)}`,
    `st_uid=${u32(b, 28)}`,
    `st_gid=${u32(b, 32)}`,
    `st_blksize=${s64(b, 56)}`,
    `st_blocks=${s64(b, 64)}`,
    sizeOrDev,
    ...statTime(b, 72, 'st_atime', o),
    ...statTime(b, 88, 'st_mtime', o),
    ...statTime(b, 104, 'st_ctime', o),
  ]);
}

// --- times, limits, usage ---------------------------------------------------

/** struct timespec (__kernel_timespec); tv_nsec unsigned, as strace prints it. */
function formatTimespec(b: Uint8Array, at = 0): string {
  return `{tv_sec=${s64(b, at)}, tv_nsec=${u64(b, at + 8)}}`;
}

/** struct timeval; tv_usec unsigned, as strace prints it. */
function formatTimeval(b: Uint8Array, at: number): string {
  return `{tv_sec=${s64(b, at)}, tv_usec=${u64(b, at + 8)}}`;
}

const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

/** One limit: `RLIM64_INFINITY`, `8192*1024` for multiples of 1024 above it, else decimal. */
export function formatRlim(v: bigint): string {
  if (v === RLIM_INFINITY) return 'RLIM64_INFINITY';
  if (v > 1024n && v % 1024n === 0n) return `${v / 1024n}*1024`;
  return v.toString();
}

function formatRlimit(b: Uint8Array): string {
  return `{rlim_cur=${formatRlim(u64(b, 0))}, rlim_max=${formatRlim(u64(b, 8))}}`;
}

const RUSAGE_LONGS = [
  'ru_maxrss', 'ru_ixrss', 'ru_idrss', 'ru_isrss', 'ru_minflt', 'ru_majflt', 'ru_nswap',
  'ru_inblock', 'ru_oublock', 'ru_msgsnd', 'ru_msgrcv', 'ru_nsignals', 'ru_nvcsw', 'ru_nivcsw',
];

/** struct rusage: the two times, then `...` unless verbose. */
function formatRusage(b: Uint8Array, o: LayoutOptions): string {
  const times = [`ru_utime=${formatTimeval(b, 0)}`, `ru_stime=${formatTimeval(b, 16)}`];
  if (!o.verbose) return struct(times, true);
  return struct([...times, ...RUSAGE_LONGS.map((name, i) => `${name}=${s64(b, 32 + 8 * i)}`)]);
}

/** The int a wait call stores: `[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]`. */
export function formatWaitStatus(b: Uint8Array): string {
  const s = Number(s32(b, 0));
  const low = s & 0x7f;
  let text: string;
  if ((s & 0xff) === 0x7f) text = `WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName((s >> 8) & 0xff)}`;
  else if (s === 0xffff) text = 'WIFCONTINUED(s)';
  else if (low === 0) text = `WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> 8) & 0xff}`;
  else text = `WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(low)}${s & 0x80 ? ' && WCOREDUMP(s)' : ''}`;
  return `[{${text}}]`;
}

// --- system -------------------------------------------------------------------

const UTS_FIELDS = ['sysname', 'nodename', 'release', 'version', 'machine', 'domainname'];
const UTS_LENGTH = 65;

/** struct new_utsname: six NUL-terminated 65-byte fields. */
function formatUtsname(b: Uint8Array, o: LayoutOptions): string {
  const shown = o.verbose ? UTS_FIELDS.length : 2;
  const fields = UTS_FIELDS.slice(0, shown).map((name, i) => {
    const { text } = untilNul(b.subarray(i * UTS_LENGTH, (i + 1) * UTS_LENGTH));
    return `${name}=${quoteBytes(text, false, o.hexStrings)}`;
  });
  return struct(fields, !o.verbose);
}

/** struct sysinfo, every field (strace does not abbreviate it). */
function formatSysinfo(b: Uint8Array): string {
  return struct([
    `uptime=${s64(b, 0)}`,
    `loads=[${u64(b, 8)}, ${u64(b, 16)}, ${u64(b, 24)}]`,
    `totalram=${u64(b, 32)}`,
    `freeram=${u64(b, 40)}`,
    `sharedram=${u64(b, 48)}`,
    `bufferram=${u64(b, 56)}`,
    `totalswap=${u64(b, 64)}`,
    `freeswap=${u64(b, 72)}`,
    `procs=${u16(b, 80)}`,
    `totalhigh=${u64(b, 88)}`,
    `freehigh=${u64(b, 96)}`,
    `mem_unit=${u32(b, 104)}`,
  ]);
}

// --- signals ------------------------------------------------------------------

const NSIG = 64;

/**
 * A 64-signal set as strace prints it: `[INT TERM]`, `[]`, or for a set
 * with more than half the signals, the complement: `~[RTMIN RT_1]`.
 */
export function formatSigset(b: Uint8Array): string {
  const bits = u64(b, 0);
  let count = 0;
  for (let i = 0; i < NSIG; i++) if ((bits >> BigInt(i)) & 1n) count++;
  const inverted = count > NSIG / 2;
  const names: string[] = [];
  for (let signal = 1; signal <= NSIG; signal++) {
    const set = ((bits >> BigInt(signal - 1)) & 1n) === 1n;
    if (set !== inverted) names.push(signalName(signal).replace(/^SIG/, ''));
  }
  return `${inverted ? '~' : ''}[${names.join(' ')}]`;
}

const SA_RESTORER = 0x04000000n;
const SA_FLAGS = flagTable('SA_', [
  [SA_RESTORER, 'SA_RESTORER'],
  [0x08000000, 'SA_ONSTACK'],
  [0x10000000, 'SA_RESTART'],
  [0x40000000, 'SA_NODEFER'],
  [0x80000000, 'SA_RESETHAND'],
  [4, 'SA_SIGINFO'],
  [1, 'SA_NOCLDSTOP'],
  [2, 'SA_NOCLDWAIT'],
  [0x400, 'SA_UNSUPPORTED'],
  [0x800, 'SA_EXPOSE_TAGBITS'],
]);

function formatHandler(v: bigint): string {
  if (v === 0n) return 'SIG_DFL';
  if (v === 1n) return 'SIG_IGN';
  if (v === 0xffff_ffff_ffff_ffffn) return 'SIG_ERR';
  return hex(v);
}

/** The kernel's struct sigaction: handler, flags, restorer, mask. */
function formatSigaction(b: Uint8Array): string {
  const flags = u64(b, 8);
  const fields = [`sa_handler=${formatHandler(u64(b, 0))}`, `sa_mask=${formatSigset(b.subarray(24, 32))}`, `sa_flags=${formatFlags(flags, SA_FLAGS)}`];
  if (flags & SA_RESTORER) fields.push(`sa_restorer=${hex(u64(b, 16))}`);
  return struct(fields);
}

// --- poll ---------------------------------------------------------------------

export const POLL_EVENTS = flagTable('POLL', [
  [0x1, 'POLLIN'],
  [0x2, 'POLLPRI'],
  [0x4, 'POLLOUT'],
  [0x8, 'POLLERR'],
  [0x10, 'POLLHUP'],
  [0x20, 'POLLNVAL'],
  [0x40, 'POLLRDNORM'],
  [0x80, 'POLLRDBAND'],
  [0x100, 'POLLWRNORM'],
  [0x200, 'POLLWRBAND'],
  [0x400, 'POLLMSG'],
  [0x1000, 'POLLREMOVE'],
  [0x2000, 'POLLRDHUP'],
]);

const POLLFD_SIZE = 8;

/**
 * struct pollfd[] as given (`events`), or as returned (`revents`: only the
 * entries with events, as strace shows them after the return value).
 * `more` says the array had elements beyond these bytes.
 */
export function formatPollfds(b: Uint8Array, field: 'events' | 'revents', more: boolean, o: LayoutOptions): string {
  const items: string[] = [];
  const count = Math.floor(b.length / POLLFD_SIZE);
  let cut = more;
  for (let i = 0; i < count; i++) {
    const at = i * POLLFD_SIZE;
    const value = BigInt.asUintN(16, s16(b, at + (field === 'events' ? 4 : 6)));
    if (field === 'revents' && value === 0n) continue;
    if (items.length === o.maxElements) {
      cut = true;
      break;
    }
    items.push(`{fd=${s32(b, at)}, ${field}=${formatFlags(value, POLL_EVENTS)}}`);
  }
  if (cut) items.push('...');
  return `[${items.join(', ')}]`;
}

// --- process, time ----------------------------------------------------------------

/** A uid_t or gid_t: unsigned, (uid_t)-1 as -1. */
export function formatUidValue(v: bigint): string {
  return v === 0xffff_ffffn ? '-1' : v.toString();
}

/** clock_t ticks with their seconds at USER_HZ (100) when not 0: `29 /* 0.29 s *\/`. */
function ticks(v: bigint): string {
  if (v === 0n) return '0';
  return `${v} /* ${v / 100n}.${(v % 100n).toString().padStart(2, '0')} s */`;
}

/** struct tms: four clock_t tick counts. */
function formatTms(b: Uint8Array): string {
  const names = ['tms_utime', 'tms_stime', 'tms_cutime', 'tms_cstime'];
  return struct(names.map((name, i) => `${name}=${ticks(u64(b, 8 * i))}`));
}

/** struct __kernel_old_itimerval: two timevals. */
function formatItimerval(b: Uint8Array): string {
  return `{it_interval=${formatTimeval(b, 0)}, it_value=${formatTimeval(b, 16)}}`;
}

/** struct __kernel_itimerspec: two timespecs. */
function formatItimerspec(b: Uint8Array): string {
  return `{it_interval=${formatTimespec(b, 0)}, it_value=${formatTimespec(b, 16)}}`;
}

/** struct sched_attr's first version (SCHED_ATTR_SIZE_VER0) and the one with the utilisation clamps (VER1). */
export const SCHED_ATTR_VER0 = 48;
export const SCHED_ATTR_VER1 = 56;
const SCHED_FLAG_KEEP_POLICY = 0x08n;
const SCHED_FLAG_KEEP_PARAMS = 0x10n;

/**
 * struct sched_attr as strace prints it, from @b (its first @read bytes,
 * at most 56, the rest zeros): the size field, then, when @read holds the
 * first version, the fields, the clamps when @read holds them too, and
 * `...` when @given (the size the caller gave) is more than was read.
 * Given to sched_setattr (@set), the policy is left out when a
 * SCHED_FLAG_KEEP_* flag keeps it (and it is not negative as an int), and
 * nice to period when SCHED_FLAG_KEEP_PARAMS keeps them.
 */
export function formatSchedAttrFields(b: Uint8Array, read: number, given: bigint, set: boolean): string {
  const whole = new Uint8Array(SCHED_ATTR_VER1);
  whole.set(b.subarray(0, Math.min(read, SCHED_ATTR_VER1)));
  const fields = [`size=${u32(whole, 0)}`];
  if (read >= SCHED_ATTR_VER0) {
    const policy = u32(whole, 4);
    const flags = u64(whole, 8);
    if (!set || policy >= 0x8000_0000n || (flags & (SCHED_FLAG_KEEP_POLICY | SCHED_FLAG_KEEP_PARAMS)) === 0n) {
      fields.push(`sched_policy=${formatEnum(policy, SCHED_POLICIES)}`);
    }
    fields.push(`sched_flags=${formatFlags(flags, SCHED_ATTR_FLAGS)}`);
    if (!set || (flags & SCHED_FLAG_KEEP_PARAMS) === 0n) {
      fields.push(
        `sched_nice=${s32(whole, 16)}`,
        `sched_priority=${u32(whole, 20)}`,
        `sched_runtime=${u64(whole, 24)}`,
        `sched_deadline=${u64(whole, 32)}`,
        `sched_period=${u64(whole, 40)}`,
      );
    }
    if (read >= SCHED_ATTR_VER1) fields.push(`sched_util_min=${u32(whole, 48)}`, `sched_util_max=${u32(whole, 52)}`);
  }
  return struct(fields, given > BigInt(read));
}

/**
 * struct sched_attr as sched_getattr returned it: as far as its size
 * field says the kernel wrote it (48 bytes before the utilisation clamps
 * of 56; below 48, the size alone).
 */
function formatSchedAttr(b: Uint8Array): string {
  const size = u32(b, 0);
  const read = size > BigInt(SCHED_ATTR_VER1) ? SCHED_ATTR_VER1 : Number(size);
  return formatSchedAttrFields(b, read, BigInt(read), false);
}

/** struct __kernel_timex (x86-64, 208 bytes), every field strace prints. */
function formatTimex(b: Uint8Array): string {
  const long = (name: string, at: number) => `${name}=${s64(b, at)}`;
  return struct([
    `modes=${formatFlags(u32(b, 0), ADJTIME_MODES)}`,
    long('offset', 8),
    long('freq', 16),
    long('maxerror', 24),
    long('esterror', 32),
    `status=${formatFlags(u32(b, 40), ADJTIME_STATUS)}`,
    long('constant', 48),
    long('precision', 56),
    long('tolerance', 64),
    `time=${formatTimeval(b, 72)}`,
    long('tick', 88),
    long('ppsfreq', 96),
    long('jitter', 104),
    `shift=${s32(b, 112)}`,
    long('stabil', 120),
    long('jitcnt', 128),
    long('calcnt', 136),
    long('errcnt', 144),
    long('stbcnt', 152),
    `tai=${s32(b, 160)}`,
  ]);
}

/**
 * struct sigevent: the value, the signal (by name when it is one), how to
 * notify, and what that notification uses.
 */
function formatSigevent(b: Uint8Array): string {
  const ptr = u64(b, 0);
  const signo = u32(b, 8);
  const notify = u32(b, 12);
  // The value only when set, as strace prints it.
  const fields = ptr === 0n ? [] : [`sigev_value={sival_int=${s32(b, 0)}, sival_ptr=${hex(ptr)}}`];
  fields.push(`sigev_signo=${signo >= 1n && signo <= 64n ? signalName(Number(signo)) : signo}`, `sigev_notify=${formatEnum(notify, SIGEV_NOTIFY)}`);
  const pointer = (v: bigint) => (v === 0n ? 'NULL' : hex(v));
  if (notify === 2n) fields.push(`sigev_notify_function=${pointer(u64(b, 16))}`, `sigev_notify_attributes=${pointer(u64(b, 24))}`);
  if (notify === 4n) fields.push(`sigev_notify_thread_id=${s32(b, 16)}`);
  return struct(fields);
}

/** `%#08x`, as strace prints an LDT entry's base and limit: `0x87868584`, `00000000`. */
function hex08(v: bigint): string {
  return v === 0n ? '00000000' : `0x${v.toString(16).padStart(6, '0')}`;
}

/** struct user_desc (modify_ldt's LDT entry): the entry, base, limit and the flag bits. */
function formatUserDesc(b: Uint8Array): string {
  const entry = u32(b, 0);
  const bits = u32(b, 12);
  const bit = (n: bigint, width = 1n) => (bits >> n) & ((1n << width) - 1n);
  return struct([
    `entry_number=${entry === 0xffff_ffffn ? '-1' : entry}`,
    `base_addr=${hex08(u32(b, 4))}`,
    `limit=${hex08(u32(b, 8))}`,
    `seg_32bit=${bit(0n)}`,
    `contents=${bit(1n, 2n)}`,
    `read_exec_only=${bit(3n)}`,
    `limit_in_pages=${bit(4n)}`,
    `seg_not_present=${bit(5n)}`,
    `useable=${bit(6n)}`,
    `lm=${bit(7n)}`,
  ]);
}

// --- struct epoll_event -----------------------------------------------------

/** EPOLL* event bits in strace's order. */
export const EPOLL_EVENTS = flagTable('EPOLL', [
  [0x1, 'EPOLLIN'],
  [0x2, 'EPOLLPRI'],
  [0x4, 'EPOLLOUT'],
  [0x40, 'EPOLLRDNORM'],
  [0x80, 'EPOLLRDBAND'],
  [0x100, 'EPOLLWRNORM'],
  [0x200, 'EPOLLWRBAND'],
  [0x400, 'EPOLLMSG'],
  [0x8, 'EPOLLERR'],
  [0x10, 'EPOLLHUP'],
  [0x2000, 'EPOLLRDHUP'],
  [1n << 28n, 'EPOLLEXCLUSIVE'],
  [1n << 29n, 'EPOLLWAKEUP'],
  [1n << 30n, 'EPOLLONESHOT'],
  [1n << 31n, 'EPOLLET'],
]);

/** `{events=EPOLLIN, data={u32=4294967295, u64=18446744073709551615}}` (x86-64: packed, data at 4). */
function formatEpollEvent(b: Uint8Array): string {
  return struct([`events=${formatFlags(u32(b, 0), EPOLL_EVENTS)}`, `data={u32=${u32(b, 4)}, u64=${u64(b, 4)}}`]);
}

// --- the table ------------------------------------------------------------------

export type StructLayoutName = Exclude<ArgLayoutName, 'none'>;

/**
 * _sysctl's struct __sysctl_args, as strace prints it: its pointers as
 * addresses (the name array is not read), `{name=NULL, nlen=0,
 * oldval=NULL, oldlenp=NULL, newval=NULL, newlen=0}`.
 */
function formatSysctlArgs(b: Uint8Array): string {
  const ptr = (at: number): string => (u64(b, at) === 0n ? 'NULL' : hex(u64(b, at)));
  return `{name=${ptr(0)}, nlen=${s32(b, 8)}, oldval=${ptr(16)}, oldlenp=${ptr(24)}, newval=${ptr(32)}, newlen=${u64(b, 40)}}`;
}

/** Formatter of one captured struct (arrays have their own, formatPollfds). */
/**
 * pselect6's sixth argument, `{sigmask=[HUP CHLD], sigsetsize=8}`: the
 * pair, then the sigset when it was read (the module reads it only when
 * sigsetsize is a sigset's 8 bytes; otherwise strace prints its address).
 */
export function formatSigsetPack(b: Uint8Array): string {
  const mask = u64(b, 0);
  const size = u64(b, 8);
  let sigmask: string;
  if (mask === 0n) sigmask = 'NULL';
  else if (size === 8n && b.length >= 24) sigmask = formatSigset(b.subarray(16, 24));
  else sigmask = `0x${mask.toString(16)}`;
  return `{sigmask=${sigmask}, sigsetsize=${size}}`;
}

export const LAYOUT_FORMATTERS: { readonly [name in StructLayoutName]: (bytes: Uint8Array, o: LayoutOptions) => string } = {
  stat: formatStat,
  timespec: (b) => formatTimespec(b),
  int_pair: (b) => `[${s32(b, 0)}, ${s32(b, 4)}]`,
  rlimit: formatRlimit,
  wait_status: formatWaitStatus,
  rusage: formatRusage,
  utsname: formatUtsname,
  sysinfo: formatSysinfo,
  sigset: formatSigset,
  sigaction: formatSigaction,
  pollfd: (b, o) => formatPollfds(b, 'events', false, o),
  int: (b) => `[${s32(b, 0)}]`,
  uid: (b) => `[${formatUidValue(u32(b, 0))}]`,
  kulong: (b) => `[${u64(b, 0)}]`,
  uptr: (b) => `[${u64(b, 0) === 0n ? 'NULL' : hex(u64(b, 0))}]`,
  time: (b, o) => `[${s64(b, 0)} /* ${isoTime(s64(b, 0), -1n, o.timeZone)} */]`,
  timeval: (b) => formatTimeval(b, 0),
  timezone: (b) => `{tz_minuteswest=${s32(b, 0)}, tz_dsttime=${s32(b, 4)}}`,
  tms: formatTms,
  itimerval: formatItimerval,
  itimerspec: formatItimerspec,
  siginfo: (b) => formatSiginfo(decodeSiginfo(b) ?? []),
  sched_attr: formatSchedAttr,
  timex: formatTimex,
  sigevent: formatSigevent,
  user_desc: formatUserDesc,
  epoll_event: formatEpollEvent,
  sigset_pack: formatSigsetPack,
  msghdr: formatRawMsghdr,
  mmsghdr: formatRawMmsghdr,
  futex_waitv: (b) => `[${formatFutexWaitv(b)}]`,
  sysctl_args: formatSysctlArgs,
  // Called, not referenced: aio.ts imports this file.
  iocb: (b) => formatIocbHeader(b),
  io_event: (b) => formatIoEvent(b),
  ...FS_LAYOUT_FORMATTERS,
};
