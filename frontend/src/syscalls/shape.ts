// How a syscall's arguments and return value are to be printed: the
// vocabulary the signature table is written in and the strace view reads.
import type { EnumTable, FlagTable } from './xlat';

/** Argument kinds printed from the raw register value alone or with captured memory. */
export type PlainKind =
  | 'int' // C int: the low 32 bits, signed
  | 'uint' // the low 32 bits, unsigned
  | 'uid' // uid_t/gid_t: the low 32 bits unsigned, (uid_t)-1 as -1
  | 'long' // 64-bit signed
  | 'ulong' // 64-bit unsigned, decimal (sizes, counts)
  | 'hex' // 64-bit unsigned in hex, 0 as `0`
  | 'hex32' // the low 32 bits in hex, 0 as `0`
  | 'ptr' // NULL or hex
  | 'fd'
  | 'dirfd' // AT_FDCWD or an fd
  | 'mode' // umode_t in octal
  | 'file-mode' // umode_t with its S_IF* type: `S_IFCHR|0600`
  | 'dev' // a 32-bit dev_t: `makedev(0x1, 0x7)`
  | 'signal'
  | 'path' // NUL-terminated input string, printed whole
  | 'string' // NUL-terminated input string, cut at the snap length
  | 'timespec' // pointer to an input struct timespec
  | 'open-flags' // access mode and O_* flags
  | 'mmap-flags' // mapping type and MAP_* flags
  | 'socket-type' // SOCK_* type and flags
  | 'statx-flags' // AT_STATX_* sync type and AT_* flags
  | 'mount-flags' // MS_* flags, with the old magic number
  | 'clone-flags' // CLONE_* flags and the exit signal
  | 'ioctl-request'
  | 'futex-op'
  | 'sched-policy' // SCHED_* with SCHED_RESET_ON_FORK
  | 'ioprio' // IOPRIO_PRIO_VALUE(class, data)
  | 'sigframe-mask' // rt_sigreturn: the signal mask its frame restores, `{mask=[INT]}`
  | 'memfd-flags'; // MFD_* and the huge page size

/** Kinds the kernel writes: printed when the syscall returns. */
export type OutputKind =
  | 'buf-out' // bytes, length = return value, cut at the snap length
  | 'value-out' // the same, a last NUL left out (strace's xattr values)
  | 'hex-buf-out' // the same, every byte as \xNN (getrandom)
  | 'str-out' // NUL-terminated string (getcwd)
  | 'pipe-fds' // int[2]
  | 'cpu-mask-out' // a CPU bitmask of ret bytes: `[0 1]`
  | 'dirents' // a getdents buffer: its address and `/* N entries */`
  | 'out'; // pointer to a struct the kernel fills

export type ArgSpec =
  | { readonly kind: PlainKind | OutputKind }
  | { readonly kind: 'flags'; readonly table: FlagTable; readonly wide?: boolean } // wide: all 64 bits
  | { readonly kind: 'enum'; readonly table: EnumTable }
  | { readonly kind: 'enum-comment'; readonly table: EnumTable } // int, then the name in a comment
  | { readonly kind: 'buf-in'; readonly lenArg: number; readonly max?: number; readonly value?: boolean; readonly hex?: boolean; readonly intLength?: boolean } // input bytes whose length is another argument (above max: the pointer; value: a last NUL left out; hex: every byte as \xNN; intLength: the length an int, negative: the pointer)
  | { readonly kind: 'cpu-mask-in'; readonly lenArg: number } // a CPU bitmask of lenArg bytes
  | { readonly kind: 'flags-mode'; readonly table: FlagTable } // flags, then permission bits: `IPC_CREAT|0600`
  | { readonly kind: 'sockaddr'; readonly lenArg: number } // input struct sockaddr
  | { readonly kind: 'bounded-string'; readonly max: number }; // NUL-terminated input, at most min(-s, max) bytes: `...` when no NUL within them

/** One printed argument: which raw argument it shows and an optional `label=`. */
export type ArgSlot = ArgSpec & { readonly index: number; readonly label?: string };

export type RetKind =
  | 'int' // decimal, -1 ERRNO (message) on error
  | 'hex' // addresses (mmap, brk)
  | 'octal' // umask
  | 'none' // never returns (exit, exit_group): `?`
  | 'timeout' // 0 prints as `0 (Timeout)` (poll, select)
  | 'uint' // the low 32 bits, unsigned (setfsuid)
  | 'signal' // a signal number: `10 (SIGUSR1)`
  | 'clock-state' // adjtimex: `5 (TIME_ERROR)`
  | 'ldt' // modify_ldt's int in a zero-extended long: `4294967258 ENOSYS (Function not implemented)`
  | 'time' // seconds since the epoch, with the date: `1796584259 (2026-12-06T19:10:59+0000)`
  | 'sched-policy' // `0 (SCHED_OTHER)`
  | 'ioprio' // `4 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))`
  | 'fd-flags' // fcntl F_GETFD
  | 'file-flags' // fcntl F_GETFL
  | 'lease' // fcntl F_GETLEASE: `0x2 (F_UNLCK)`
  | 'seals' // fcntl F_GET_SEALS: `0x5 (seals F_SEAL_SEAL|F_SEAL_GROW)`
  | 'query-flags'; // hex with the names of its bits: `0x1fe (MEMBARRIER_CMD_...)`

export interface CallShape {
  readonly args: readonly ArgSlot[];
  readonly ret: RetKind;
  /** The bits a 'query-flags' return names. */
  readonly retFlags?: FlagTable;
}

/** A fixed shape, or one that depends on the raw arguments (open's mode, fcntl's cmd). */
export type Signature = CallShape | ((raw: readonly bigint[]) => CallShape);

const OUTPUT_KINDS: ReadonlySet<string> = new Set<OutputKind>(['buf-out', 'value-out', 'hex-buf-out', 'str-out', 'pipe-fds', 'cpu-mask-out', 'dirents', 'out']);

export function isOutput(spec: ArgSpec): boolean {
  return OUTPUT_KINDS.has(spec.kind);
}

/**
 * Index in `args` of the first argument printed at exit. strace prints
 * arguments in order, so everything from the first output argument on waits
 * for the return; this is where an `<unfinished ...>` line is cut.
 */
export function exitSplit(shape: CallShape): number {
  const i = shape.args.findIndex(isOutput);
  return i < 0 ? shape.args.length : i;
}

/** Builds slots at consecutive raw indexes from specs. */
export function positional(specs: readonly ArgSpec[]): ArgSlot[] {
  return specs.map((spec, index) => ({ ...spec, index }));
}

export function shape(specs: readonly ArgSpec[], ret: RetKind = 'int'): CallShape {
  return { args: positional(specs), ret };
}

export function resolveShape(signature: Signature, raw: readonly bigint[]): CallShape {
  return typeof signature === 'function' ? signature(raw) : signature;
}

// Shorthands the signature table is written with.
export const INT: ArgSpec = { kind: 'int' };
export const UINT: ArgSpec = { kind: 'uint' };
export const LONG: ArgSpec = { kind: 'long' };
export const ULONG: ArgSpec = { kind: 'ulong' };
export const UID: ArgSpec = { kind: 'uid' };
export const HEX: ArgSpec = { kind: 'hex' };
export const HEX32: ArgSpec = { kind: 'hex32' };
export const PTR: ArgSpec = { kind: 'ptr' };
export const FD: ArgSpec = { kind: 'fd' };
export const DIRFD: ArgSpec = { kind: 'dirfd' };
export const MODE: ArgSpec = { kind: 'mode' };
export const FILE_MODE: ArgSpec = { kind: 'file-mode' };
export const DEV: ArgSpec = { kind: 'dev' };
export const SIGNAL: ArgSpec = { kind: 'signal' };
export const PATH: ArgSpec = { kind: 'path' };
export const STRING: ArgSpec = { kind: 'string' };
export const TIMESPEC: ArgSpec = { kind: 'timespec' };
export const OUT: ArgSpec = { kind: 'out' };
export const BUF_OUT: ArgSpec = { kind: 'buf-out' };
export const VALUE_OUT: ArgSpec = { kind: 'value-out' };

export function flags(table: FlagTable): ArgSpec {
  return { kind: 'flags', table };
}

/** Flags of a 64-bit argument (unknown high bits print too). */
export function flags64(table: FlagTable): ArgSpec {
  return { kind: 'flags', table, wide: true };
}

export function choice(table: EnumTable): ArgSpec {
  return { kind: 'enum', table };
}

export function bufIn(lenArg: number, max?: number): ArgSpec {
  return max === undefined ? { kind: 'buf-in', lenArg } : { kind: 'buf-in', lenArg, max };
}

/** A syscall without arguments. */
export const NO_ARGS: CallShape = shape([]);
