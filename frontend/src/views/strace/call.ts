// A syscall's name and printed arguments, split where strace splits a line
// that another thread interrupts: arguments known at entry, and those the
// kernel fills in, printed at exit.
import { SYS_ARGS, type SysArgRow } from '../../abi/generated';
import { signatureOf, syscallName } from '../../syscalls';
import { exitSplit, resolveShape, type ArgSlot, type CallShape, type RetKind } from '../../syscalls/shape';
import { formatArg, formatArrayAtExit, layoutOptionsOf, type ArgContext, type CapturedSlot, type MsgSlot, type SockoptSlot, type ViewSlot, type WaitSlot } from './args';
import { selectNote } from './select';
import { formatTimespec } from './structs';
import type { StructLayoutName } from './layouts';
import { selfSizedChange, type DependentSlot } from './capture-slots';
import type { CapturedString, QuoteOptions } from './types';
import type { FlagTable } from '../../syscalls/xlat';

const ZERO_ARGS: readonly bigint[] = [0n, 0n, 0n, 0n, 0n, 0n];

/** Six hex arguments: how strace prints a syscall it has no decoder for. */
const RAW_SHAPE: CallShape = {
  args: [0, 1, 2, 3, 4, 5].map((index): ArgSlot => ({ kind: 'hex', index })),
  ret: 'int',
};

/** A call's printed arguments: the signature's slots, with what the view decodes beyond them. */
export interface ViewShape {
  readonly args: readonly ViewSlot[];
  readonly ret: RetKind;
  readonly retFlags?: FlagTable;
}

export interface CallLayout {
  readonly name: string;
  readonly shape: ViewShape;
  /** Index into shape.args of the first argument printed at exit. */
  readonly split: number;
  /**
   * The comma before the first argument printed at exit is printed at
   * exit too (sched_setattr, whose attr E2BIG changes): `f(0, {size=1}
   * <unfinished ...>`, then `<... f resumed> => {size=56}, 0)`.
   */
  readonly commaAtExit?: boolean;
}

/**
 * Calls strace prints some inputs of at exit, with the comma before them,
 * after what the kernel changed in the last argument printed at entry: the
 * index of the first of them.
 */
const INPUTS_AT_EXIT: { readonly [name: string]: number } = { sched_setattr: 2 };

/** The argument holding argv, which the strings variable captures as a list of strings. */
const ARGV_ARGUMENT: { readonly [name: string]: number } = { execve: 1, execveat: 2 };
/** The argument holding envp, of which the module captures the number of entries. */
const ENVP_ARGUMENT: { readonly [name: string]: number } = { execve: 2, execveat: 3 };
/** The str_arg slot holding how an exec's argv and envp end (kind argv_v), by syscall. */
const EXEC_LISTS: ReadonlyMap<string, number> = new Map(SYS_ARGS.filter((r) => r.kind === 'argv_v').map((r) => [r.syscall, r.arg]));

const STRUCT_KINDS: ReadonlySet<string> = new Set([
  'struct_in',
  'struct_out',
  'array_in',
  'array_inout',
  'sized_in',
  'sized_out',
  'array_out',
  'sockopt_in',
  'iovec_in',
  'iovec_out',
  'fd_set',
  'struct_inout',
  'sigset_pack',
  'sockopt_out',
  'sockaddr_out',
  'msghdr_in',
  'msghdr_out',
  'mmsghdr_in',
  'fcntl_arg',
  'file_handle',
  'page_vec',
  'struct_ext',
  'iocbs',
  'self_sized',
]);
/** Signature kinds a captured struct replaces: the ones that would print its address. */
const POINTER_KINDS: ReadonlySet<string> = new Set(['ptr', 'out', 'timespec', 'pipe-fds']);

/**
 * The struct arguments the module captures (kmod/ktrace_sysargs.h), by
 * syscall name and argument index: the capture table, not the signatures,
 * says which struct an argument points to.
 */
const STRUCT_ARGS: ReadonlyMap<string, ReadonlyMap<number, SysArgRow>> = (() => {
  const bySyscall = new Map<string, Map<number, SysArgRow>>();
  for (const row of SYS_ARGS) {
    if (!STRUCT_KINDS.has(row.kind)) continue;
    let args = bySyscall.get(row.syscall);
    if (args === undefined) bySyscall.set(row.syscall, (args = new Map()));
    args.set(row.arg, row);
  }
  return bySyscall;
})();

/** Syscalls whose outputs exist only when they returned more than 0: wait4 with WNOHANG may reap nothing. */
const OUTPUT_IF_POSITIVE: ReadonlySet<string> = new Set(['wait4']);
/** Syscalls whose output is the time left of a sleep a signal interrupted. */
const OUTPUT_IF_INTERRUPTED: ReadonlySet<string> = new Set(['nanosleep', 'clock_nanosleep']);

const MSG_KINDS: ReadonlySet<string> = new Set(['msghdr_in', 'msghdr_out', 'mmsghdr_in']);

function capturedSlot(name: string, slot: ArgSlot, row: SysArgRow): CapturedSlot | SockoptSlot | WaitSlot | MsgSlot | DependentSlot {
  const label = slot.label === undefined ? {} : { label: slot.label };
  if (MSG_KINDS.has(row.kind)) return { kind: 'msghdr', index: slot.index, ...label, capture: row.kind, countArg: row.aux };
  if (row.kind === 'fcntl_arg') return { kind: 'fcntl-arg', index: slot.index, ...label, aux: row.aux };
  if (row.kind === 'file_handle') return { kind: 'file-handle', index: slot.index, ...label, aux: row.aux };
  if (row.kind === 'page_vec') return { kind: 'page-vec', index: slot.index, ...label, aux: row.aux };
  if (row.kind === 'iocbs') return { kind: 'iocbs', index: slot.index, ...label, aux: row.aux };
  if (row.kind === 'struct_ext') return { kind: 'struct-ext', index: slot.index, ...label, aux: row.aux, layout: row.layout as StructLayoutName };
  if (row.kind === 'self_sized') return { kind: 'self-sized', index: slot.index, ...label, aux: row.aux, layout: row.layout as StructLayoutName };
  if (row.kind === 'sockopt_in') return { kind: 'sockopt', index: slot.index, ...label, lenArg: row.aux };
  if (row.kind === 'fd_set') return { kind: 'fd-set', index: slot.index, ...label, countArg: row.aux };
  if (row.kind === 'sigset_pack') return { kind: 'sigset-pack', index: slot.index, ...label, countArg: 0 };
  if (row.kind === 'sockopt_out') return { kind: 'getsockopt-value', index: slot.index, ...label, countArg: row.aux };
  if (row.kind === 'sockaddr_out') return { kind: 'sockaddr-out', index: slot.index, ...label, countArg: row.aux };
  // An int length given and returned (getsockopt's optlen, an addrlen): `[16]`, `[128 => 16]`.
  if (row.kind === 'struct_inout' && row.layout === 'int') return { kind: 'length-inout', index: slot.index, ...label, countArg: 0 };
  return {
    kind: 'captured',
    index: slot.index,
    ...(slot.label === undefined ? {} : { label: slot.label }),
    capture: row.kind,
    layout: row.layout as StructLayoutName,
    countArg: row.aux,
    ...(OUTPUT_IF_POSITIVE.has(name) ? { onlyPositive: true } : {}),
    ...(OUTPUT_IF_INTERRUPTED.has(name) && row.kind === 'struct_out' ? { onlyInterrupted: true } : {}),
  };
}

/**
 * Captured structs strace does not print for some calls: epoll_ctl's event
 * with EPOLL_CTL_DEL (the kernel ignores it; strace shows its address).
 */
const STRUCT_UNUSED: { readonly [name: string]: (raw: readonly bigint[]) => boolean } = {
  epoll_ctl: (raw) => BigInt.asUintN(32, raw[1] ?? 0n) === 2n,
};

function withViewKinds(name: string, shape: CallShape, raw: readonly bigint[] | undefined): ViewShape {
  const argv = Object.prototype.hasOwnProperty.call(ARGV_ARGUMENT, name) ? ARGV_ARGUMENT[name] : undefined;
  const unused = Object.prototype.hasOwnProperty.call(STRUCT_UNUSED, name) && raw !== undefined && STRUCT_UNUSED[name](raw);
  const structs = unused ? undefined : STRUCT_ARGS.get(name);
  const envp = Object.prototype.hasOwnProperty.call(ENVP_ARGUMENT, name) ? ENVP_ARGUMENT[name] : undefined;
  if (argv === undefined && structs === undefined) return shape;
  return {
    ...shape,
    args: shape.args.map((slot): ViewSlot => {
      const lists = EXEC_LISTS.has(name) ? { lists: EXEC_LISTS.get(name) } : {};
      if (slot.index === argv && slot.kind === 'ptr') return { kind: 'argv', index: argv, ...lists };
      if (slot.index === envp && slot.kind === 'ptr') return { kind: 'envp', index: envp, ...lists };
      const row = structs?.get(slot.index);
      return row === undefined || !POINTER_KINDS.has(slot.kind) ? slot : capturedSlot(name, slot, row);
    }),
  };
}

export function syscallDisplayName(sysno: number): string {
  return syscallName(sysno) ?? `syscall_0x${sysno.toString(16)}`;
}

export function layoutCall(sysno: number, raw: readonly bigint[] | undefined): CallLayout {
  const name = syscallDisplayName(sysno);
  const signature = syscallName(sysno) === undefined ? undefined : signatureOf(name);
  const shape = signature === undefined ? RAW_SHAPE : resolveShape(signature, raw ?? ZERO_ARGS);
  const view = withViewKinds(name, shape, raw);
  if (Object.prototype.hasOwnProperty.call(INPUTS_AT_EXIT, name)) return { name, shape: view, split: INPUTS_AT_EXIT[name], commaAtExit: true };
  return { name, shape: view, split: exitSplit(shape) };
}

export interface CallValues {
  readonly raw: readonly bigint[];
  readonly ret?: bigint;
  readonly strings?: ReadonlyMap<number, CapturedString>;
  /** What the exit alone captured (an array the kernel updated: poll's revents). */
  readonly exitStrings?: ReadonlyMap<number, CapturedString>;
  /** -y: the paths of the calling process's descriptors. */
  readonly fdPath?: (fd: number) => string | undefined;
}

function context(values: CallValues, quote: QuoteOptions): ArgContext {
  return { raw: values.raw, ret: values.ret, strings: values.strings, exitStrings: values.exitStrings, quote, fdPath: values.fdPath };
}

/**
 * What strace prints in parentheses after the result: an array the kernel
 * updated, as it returned it (poll's `([{fd=3, revents=POLLIN}])`). ppoll's
 * note would also give the time left, which is not captured: it gets one
 * only without a timeout.
 */
export function returnNote(layout: CallLayout, values: CallValues, quote: QuoteOptions): string | undefined {
  const ret = values.ret === undefined ? undefined : BigInt.asIntN(64, values.ret);
  if (layout.name === 'select' || layout.name === 'pselect6') {
    // Only a positive result has one; the exit captured nothing without the strings variable.
    if (ret === undefined || ret <= 0n || values.exitStrings === undefined) return undefined;
    const timeout = layout.name === 'select' ? 'timeval' : 'timespec';
    return selectNote({ raw: values.raw, ret, strings: values.exitStrings, timeout, options: layoutOptionsOf(quote) });
  }
  if (layout.name === 'recvmmsg') return recvmmsgNote(values);
  const slot = layout.shape.args.find((s): s is CapturedSlot => s.kind === 'captured' && s.capture === 'array_inout');
  if (slot === undefined) return undefined;
  const ctx = { raw: values.raw, ret: values.ret, strings: values.exitStrings, quote };
  const fds = formatArrayAtExit(slot, ctx);
  if (layout.name !== 'ppoll' || (values.raw[2] ?? 0n) === 0n) return fds;
  // ppoll's time left, after the descriptors that had events.
  const mem = values.exitStrings?.get(2);
  if (fds === undefined || mem === undefined || 'unavailable' in mem || mem.bytes.length < 16) return undefined;
  const left = `left ${formatTimespec(mem.bytes) ?? ''}`;
  return fds === '[]' ? left : `${fds}, ${left}`;
}

/** recvmmsg's time left, when it had a timeout and received messages: `(left {tv_sec=0, tv_nsec=N})`. */
function recvmmsgNote(values: CallValues): string | undefined {
  const ret = values.ret === undefined ? undefined : BigInt.asIntN(64, values.ret);
  const mem = values.exitStrings?.get(4);
  if (ret === undefined || ret <= 0n || (values.raw[4] ?? 0n) === 0n || mem === undefined || 'unavailable' in mem || mem.bytes.length < 16) return undefined;
  return `left ${formatTimespec(mem.bytes) ?? ''}`;
}

/**
 * The arguments printed at entry. @end: the call's values at its end, when
 * the line shows it: an argument it changed shows the change
 * (sched_setattr's `{size=1} => {size=56}`).
 */
export function entryArgs(layout: CallLayout, values: CallValues, quote: QuoteOptions, end?: CallValues): string[] {
  const ctx = end === undefined ? context(values, quote) : { ...context(values, quote), ret: end.ret, exitStrings: end.exitStrings };
  return layout.shape.args.slice(0, layout.split).map((slot) => formatArg(slot, ctx));
}

/** What a resumed line begins with: the change the kernel made to an argument printed at entry (` => {size=56}`), else ''. */
export function changedAtExit(layout: CallLayout, values: CallValues, quote: QuoteOptions): string {
  const ctx = context(values, quote);
  return layout.shape.args
    .slice(0, layout.split)
    .map((slot) => (slot.kind === 'self-sized' ? selfSizedChange(slot, ctx) : ''))
    .join('');
}

export function exitArgs(layout: CallLayout, values: CallValues, quote: QuoteOptions): string[] {
  const ctx = context(values, quote);
  return layout.shape.args.slice(layout.split).map((slot) => formatArg(slot, ctx));
}

/**
 * Calls whose inputs the module captures again at the exit (docs/abi.md):
 * execve's and execveat's path, argv and envp count, which unprivileged
 * readers never get from the entry (the exec's outcome is unknown then).
 */
const INPUTS_AGAIN_AT_EXIT: ReadonlySet<string> = new Set(['execve', 'execveat']);

/**
 * Whether the entry lacks inputs its exit may bring (an exec's path, for a
 * reader that does not get the entry's strings; one the module could not
 * read at entry, from a page not yet touched, which a failed exec leaves
 * readable at its exit): then its line waits whole for the exit, as under
 * -e status=, instead of printing addresses.
 */
export function inputsAwaitExit(layout: CallLayout, enter: { readonly strings?: ReadonlyMap<number, CapturedString> }): boolean {
  if (!INPUTS_AGAIN_AT_EXIT.has(layout.name)) return false;
  const path = layout.shape.args.find((slot) => slot.kind === 'path');
  if (path !== undefined && enter.strings?.has(path.index) !== true) return true;
  return [...(enter.strings?.values() ?? [])].some((v) => 'unavailable' in v);
}

/** Whether the module captures @name's inputs again at its exit (see inputsAwaitExit). */
export function inputsAgainAtExit(name: string): boolean {
  return INPUTS_AGAIN_AT_EXIT.has(name);
}

/** Whether any argument waits for the exit (then an unfinished line ends in `, `). */
export function hasExitArgs(layout: CallLayout): boolean {
  return layout.split < layout.shape.args.length;
}

/**
 * Merges the captured memory of entry (inputs) and exit (outputs). Where
 * both have an argument (execve's path and argv, which the module captures
 * again at the exit for readers that do not get the entry's), the entry's
 * wins: it is what the call was given. @failed: the call failed, so its
 * inputs were still the caller's at its exit, and an exit capture stands in
 * for one the entry could not read.
 */
export function mergeStrings(
  atEnter: ReadonlyMap<number, CapturedString> | undefined,
  atExit: ReadonlyMap<number, CapturedString> | undefined,
  failed = false,
): ReadonlyMap<number, CapturedString> | undefined {
  if (atEnter === undefined) return atExit;
  if (atExit === undefined) return atEnter;
  const merged = new Map([...atExit, ...atEnter]);
  if (failed) for (const [i, v] of atExit) if (!('unavailable' in v) && 'unavailable' in (atEnter.get(i) ?? { unavailable: true })) merged.set(i, v);
  return merged;
}
