// Input and options of the strace view.
import type { FdTracker } from './fds';

/** Memory the kernel captured for a pointer argument. */
export type CapturedString = { readonly bytes: Uint8Array; readonly truncated: boolean } | { readonly unavailable: true };

/** One syscall entry or exit, as the decoder's sys_enter/sys_exit events carry it. */
export interface SyscallEvent {
  readonly phase: 'enter' | 'exit';
  /** CLOCK_MONOTONIC nanoseconds. */
  readonly tsNs: number;
  /** Thread group id. */
  readonly pid: number;
  readonly tid: number;
  readonly sysno: number;
  /** The six raw arguments, at enter. */
  readonly args?: readonly bigint[];
  /** The raw return value (negative errno on failure), at exit. */
  readonly ret?: bigint;
  /** Captured memory by argument index: input strings at enter, output buffers at exit. */
  readonly strings?: ReadonlyMap<number, CapturedString>;
}

/** strace's -x and -xx. */
export type HexStrings = 'none' | 'non-printable' | 'all';

export interface QuoteOptions {
  /** -s: bytes of a buffer or string printed before `...`. */
  readonly snapLength: number;
  readonly hexStrings: HexStrings;
  /** -v: structs with every field instead of strace's abbreviated form. */
  readonly verbose?: boolean;
  /** Time zone of the dates -v prints after file times; `local` unless told. */
  readonly timeZone?: 'local' | 'utc';
}

/**
 * Which pid prefix lines get (strace's printleader()):
 * - `auto`: `[pid %5u] ` on lines printed while more than one thread is
 *   traced (seen and not exited): strace on a terminal or pipe;
 * - `always`: `[pid %5u] ` on every line: a system-wide trace, where more
 *   than one process is always traced;
 * - `column`: `%-5d ` on every line: strace -o FILE -f (or several -p);
 * - `none`: no prefix: the per-thread files of -ff.
 */
export type PidPrefixMode = 'auto' | 'always' | 'column' | 'none';

export interface StraceOptions {
  /** The pid prefix rule; `auto` unless told. */
  readonly pids?: PidPrefixMode;
  /** -T: append the time spent in the syscall. */
  readonly durations?: boolean;
  /** -t, -tt, -ttt: wall-clock time of day, with microseconds, or since the epoch. */
  readonly timestamps?: 'none' | 't' | 'tt' | 'ttt';
  /** CLOCK_REALTIME minus CLOCK_MONOTONIC in ns, needed by `timestamps`. */
  readonly realtimeOffsetNs?: bigint | number;
  /** Time zone of -t/-tt; `local` unless told (tests use `utc`). */
  readonly timeZone?: 'local' | 'utc';
  /** -r: time since the previous line. */
  readonly relative?: boolean;
  /** -s: default 32. */
  readonly snapLength?: number;
  /** -x / -xx. */
  readonly hexStrings?: HexStrings;
  /** -v: unabbreviated structs. */
  readonly verbose?: boolean;
  /** -a: the column return values are aligned at; default 40, as strace's. */
  readonly alignColumn?: number;
  /** -e trace=: which syscalls to print (see parseTraceExpression). */
  readonly filter?: (sysno: number, name: string | undefined) => boolean;
  /** Print `+++ exited with N +++` and `+++ killed by SIGx +++` (default true; strace's -qq turns them off). */
  readonly exitLines?: boolean;
  /** -e signal=: which delivered signals get a `--- SIGx {...} ---` line (default all). */
  readonly signalFilter?: (signo: number) => boolean;
  /** One JSON object per line instead of strace text (docs/json-output.md). */
  readonly json?: boolean;
  /**
   * What the traced processes' descriptors refer to (fds.ts), followed
   * through every call; needed by -y and -P. Formatters of one trace
   * (-ff's, one per thread) share it.
   */
  readonly fds?: FdTracker;
  /** -y: descriptors printed as `3</path>` when their path is known. */
  readonly decodeFds?: boolean;
  /** -P: only calls that name one of these paths, or use a descriptor known to refer to one. */
  readonly tracePaths?: readonly string[];
  /** -e status=, -z, -Z: which calls print, by how they ended. */
  readonly statusFilter?: (status: CallStatus) => boolean;
  /** -e read=: descriptors whose data read is dumped in hex after the call. */
  readonly readFds?: (fd: number) => boolean;
  /** -e write=: descriptors whose data written is dumped. */
  readonly writeFds?: (fd: number) => boolean;
}

/** How a call ended, for -e status= (strace's names). */
export type CallStatus = 'successful' | 'failed' | 'unfinished' | 'unavailable' | 'detached';
