// A syscall's name and printed arguments, split where strace splits a line
// that another thread interrupts: arguments known at entry, and those the
// kernel fills in, printed at exit.
import { signatureOf, syscallName } from '../../syscalls';
import { exitSplit, resolveShape, type ArgSlot, type CallShape } from '../../syscalls/shape';
import { formatArg, type ArgContext } from './args';
import type { CapturedString, QuoteOptions } from './types';

const ZERO_ARGS: readonly bigint[] = [0n, 0n, 0n, 0n, 0n, 0n];

/** Six hex arguments: how strace prints a syscall it has no decoder for. */
const RAW_SHAPE: CallShape = {
  args: [0, 1, 2, 3, 4, 5].map((index): ArgSlot => ({ kind: 'hex', index })),
  ret: 'int',
};

export interface CallLayout {
  readonly name: string;
  readonly shape: CallShape;
  /** Index into shape.args of the first argument printed at exit. */
  readonly split: number;
}

export function syscallDisplayName(sysno: number): string {
  return syscallName(sysno) ?? `syscall_0x${sysno.toString(16)}`;
}

export function layoutCall(sysno: number, raw: readonly bigint[] | undefined): CallLayout {
  const name = syscallDisplayName(sysno);
  const signature = syscallName(sysno) === undefined ? undefined : signatureOf(name);
  const shape = signature === undefined ? RAW_SHAPE : resolveShape(signature, raw ?? ZERO_ARGS);
  return { name, shape, split: exitSplit(shape) };
}

export interface CallValues {
  readonly raw: readonly bigint[];
  readonly ret?: bigint;
  readonly strings?: ReadonlyMap<number, CapturedString>;
}

function context(values: CallValues, quote: QuoteOptions): ArgContext {
  return { raw: values.raw, ret: values.ret, strings: values.strings, quote };
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

/** Merges the captured memory of entry (inputs) and exit (outputs). */
export function mergeStrings(
  atEnter: ReadonlyMap<number, CapturedString> | undefined,
  atExit: ReadonlyMap<number, CapturedString> | undefined,
): ReadonlyMap<number, CapturedString> | undefined {
  if (atEnter === undefined) return atExit;
  if (atExit === undefined) return atEnter;
  return new Map([...atEnter, ...atExit]);
}
