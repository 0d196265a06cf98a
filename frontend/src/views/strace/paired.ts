// What the call pairer (pairer.ts) emits: syscalls with their entry and end
// joined, and the other things strace prints between them, in the order
// strace prints them. Plain values; nothing here is formatted.
import { inputsAgainAtExit, mergeStrings, type CallLayout, type CallValues } from './call';
import type { FdView } from './fds';
import type { DeliveredSignal, ExitStatus } from './signal';
import type { CallStatus, CapturedString } from './types';

/**
 * How a call ended: its exit was seen (`returned`), or it has none: exit
 * and exit_group never return, a second entry of the thread came first
 * (the exit record was `lost`), the thread ended inside it (its proc_exit,
 * or another thread's exit_group ended the process), or the trace ended.
 */
export type CallEnd = 'returned' | 'never-returns' | 'lost' | 'thread-exited' | 'process-exited' | 'trace-ended';

/** A call's entry: what the thread asked for. */
export interface EnteredCall {
  readonly tid: number;
  /** Thread group id. */
  readonly pid: number;
  readonly sysno: number;
  /** The display name (`syscall_0x1b6` when the number is unknown), layout.name. */
  readonly name: string;
  /** The signature the arguments follow, resolved against the raw arguments. */
  readonly layout: CallLayout;
  /** CLOCK_MONOTONIC nanoseconds. */
  readonly enterNs: number;
  /** The six raw arguments. */
  readonly raw: readonly bigint[];
  /** Memory captured at entry (inputs), by argument index. */
  readonly entryStrings?: ReadonlyMap<number, CapturedString>;
  /** -y: the paths of the process's descriptors at entry. */
  readonly fdsAtEntry?: FdView;
}

/**
 * A call that ended. The entry fields are absent when only the exit was
 * seen (the trace began inside the call); the exit fields when it has none.
 */
export interface EndedCall extends Omit<EnteredCall, 'enterNs' | 'raw'> {
  readonly enterNs?: number;
  readonly raw?: readonly bigint[];
  readonly exitNs?: number;
  /**
   * The number the exit record carried: the entry's, or -1 after
   * rt_sigreturn (the frame it restores has none); another number means
   * records were lost between entry and exit.
   */
  readonly exitSysno?: number;
  /** The raw return value (a negative errno on failure). */
  readonly ret?: bigint;
  /** The errno of a failed call. */
  readonly errno?: number;
  /** Memory captured at exit (outputs), by argument index. */
  readonly exitStrings?: ReadonlyMap<number, CapturedString>;
  /** -y: the paths of the process's descriptors when the call ended (after its own changes). */
  readonly fdsAtEnd?: FdView;
  readonly end: CallEnd;
}

/**
 * What strace prints, as values. `threads` is how many threads were
 * traced (seen and not exited) when the item's line began, which decides
 * strace's `[pid N]` prefix; a line begins at the call's entry for
 * `complete` and `unfinished` (at its end when -e status= holds lines
 * whole), at the exit for `resumed`.
 * - `complete`: a call whose entry and end print on one line;
 * - `unfinished`: a call whose line another one interrupted: its entry
 *   prints now (`<unfinished ...>`), its end later as `resumed`;
 * - `resumed`: the end of an unfinished call, or an exit whose entry was not seen;
 * - `signal`: a signal delivered to the thread;
 * - `exited`: the thread or process ended (`+++ exited with N +++`, `+++ killed by SIGx +++`);
 * - `event`: a line of another event family, with its body as the caller wrote it.
 */
export type StraceItem =
  | { readonly kind: 'complete'; readonly call: EndedCall; readonly threads: number }
  | { readonly kind: 'unfinished'; readonly call: EnteredCall; readonly threads: number }
  | { readonly kind: 'resumed'; readonly call: EndedCall; readonly threads: number }
  | { readonly kind: 'signal'; readonly tid: number; readonly pid: number; readonly tsNs: number; readonly signal: DeliveredSignal; readonly threads: number }
  | { readonly kind: 'exited'; readonly tid: number; readonly pid: number; readonly tsNs: number; readonly status: ExitStatus; readonly threads: number }
  | { readonly kind: 'event'; readonly tid: number; readonly pid: number; readonly tsNs: number; readonly text: string; readonly threads: number };

/** -e status=: how a call ended, by strace's names. */
export function statusOf(call: Pick<EndedCall, 'ret' | 'errno'>): CallStatus {
  return call.ret === undefined ? 'unfinished' : call.errno === undefined ? 'successful' : 'failed';
}

/**
 * What the arguments known at entry are printed from: the entry's strings,
 * and for an exec that ended those its exit carried again (an unprivileged
 * reader's only ones: docs/abi.md); the entry's win where both have one.
 */
export function entryValues(call: EnteredCall | EndedCall): CallValues {
  const exitStrings = 'exitStrings' in call && inputsAgainAtExit(call.name) ? call.exitStrings : undefined;
  const failed = 'errno' in call && call.errno !== undefined;
  return { raw: call.raw ?? [], strings: mergeStrings(call.entryStrings, exitStrings, failed), fdPath: call.fdsAtEntry };
}

/** What the arguments filled in by the kernel, and the result, are printed from. */
export function endValues(call: EndedCall): CallValues {
  return {
    raw: call.raw ?? [],
    ret: call.ret,
    strings: mergeStrings(call.entryStrings, call.exitStrings, call.errno !== undefined && inputsAgainAtExit(call.name)),
    exitStrings: call.exitStrings,
    fdPath: call.fdsAtEnd,
  };
}
