// A syscall's name and printed arguments, split where strace splits a line
// that another thread interrupts: arguments known at entry, and those the
// kernel fills in, printed at exit.
import { SYS_ARGS, type SysArgRow } from '../../abi/generated';
import { signatureOf, syscallName } from '../../syscalls';
import { exitSplit, resolveShape, type ArgSlot, type CallShape, type RetKind } from '../../syscalls/shape';
import { formatArg, formatArrayAtExit, type ArgContext, type CapturedSlot, type SockoptSlot, type ViewSlot } from './args';
import type { StructLayoutName } from './layouts';
import type { CapturedString, QuoteOptions } from './types';

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
}

export interface CallLayout {
  readonly name: string;
  readonly shape: ViewShape;
  /** Index into shape.args of the first argument printed at exit. */
  readonly split: number;
}

/** The argument holding argv, which the strings variable captures as a list of strings. */
const ARGV_ARGUMENT: { readonly [name: string]: number } = { execve: 1, execveat: 2 };
/** The argument holding envp, of which the module captures the number of entries. */
const ENVP_ARGUMENT: { readonly [name: string]: number } = { execve: 2, execveat: 3 };

const STRUCT_KINDS: ReadonlySet<string> = new Set(['struct_in', 'struct_out', 'array_in', 'array_inout', 'sized_in', 'sized_out', 'array_out', 'sockopt_in']);
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

function capturedSlot(name: string, slot: ArgSlot, row: SysArgRow): CapturedSlot | SockoptSlot {
  const label = slot.label === undefined ? {} : { label: slot.label };
  if (row.kind === 'sockopt_in') return { kind: 'sockopt', index: slot.index, ...label, lenArg: row.aux };
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
      if (slot.index === argv && slot.kind === 'ptr') return { kind: 'argv', index: argv };
      if (slot.index === envp && slot.kind === 'ptr') return { kind: 'envp', index: envp };
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
  return { name, shape: withViewKinds(name, shape, raw), split: exitSplit(shape) };
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
  return { raw: values.raw, ret: values.ret, strings: values.strings, quote, fdPath: values.fdPath };
}

/**
 * What strace prints in parentheses after the result: an array the kernel
 * updated, as it returned it (poll's `([{fd=3, revents=POLLIN}])`). ppoll's
 * note would also give the time left, which is not captured: it gets one
 * only without a timeout.
 */
export function returnNote(layout: CallLayout, values: CallValues, quote: QuoteOptions): string | undefined {
  const slot = layout.shape.args.find((s): s is CapturedSlot => s.kind === 'captured' && s.capture === 'array_inout');
  if (slot === undefined || (layout.name === 'ppoll' && (values.raw[2] ?? 0n) !== 0n)) return undefined;
  const ctx = { raw: values.raw, ret: values.ret, strings: values.exitStrings, quote };
  return formatArrayAtExit(slot, ctx);
}

export function entryArgs(layout: CallLayout, values: CallValues, quote: QuoteOptions): string[] {
  const ctx = context(values, quote);
  return layout.shape.args.slice(0, layout.split).map((slot) => formatArg(slot, ctx));
}

export function exitArgs(layout: CallLayout, values: CallValues, quote: QuoteOptions): string[] {
  const ctx = context(values, quote);
  return layout.shape.args.slice(layout.split).map((slot) => formatArg(slot, ctx));
}

/** Whether any argument waits for the exit (then an unfinished line ends in `, `). */
export function hasExitArgs(layout: CallLayout): boolean {
  return layout.split < layout.shape.args.length;
}

/**
 * Merges the captured memory of entry (inputs) and exit (outputs). Where
 * both have an argument (execve's path and argv, which the module captures
 * again at the exit for readers that do not get the entry's), the entry's
 * wins: it is what the call was given.
 */
export function mergeStrings(
  atEnter: ReadonlyMap<number, CapturedString> | undefined,
  atExit: ReadonlyMap<number, CapturedString> | undefined,
): ReadonlyMap<number, CapturedString> | undefined {
  if (atEnter === undefined) return atExit;
  if (atExit === undefined) return atEnter;
  return new Map([...atExit, ...atEnter]);
}
