// Arguments whose capture depends on another argument or on the call's
// outcome (kmod/ktrace_sysargs.h kinds 28-32 and 34): fcntl's struct,
// chosen by its command; a struct file_handle, whose size is its first
// field; mincore's vector, a byte a page of its length argument; a struct
// given with its size, and the bytes after it; io_submit's iocbs; a struct
// whose size is its first field (sched_setattr's), with the size E2BIG
// wrote back.
import { hex } from '../../syscalls/xlat';
import { MAX_ERRNO } from '../../syscalls/errno';
import { fcntlStruct, formatFcntlStruct } from './fcntl';
import { formatFileHandle, formatFileHandleOut } from './file-handle';
import { formatPageVec, pagesOf } from './page-vec';
import { formatSchedAttrFields, LAYOUT_FORMATTERS, SCHED_ATTR_VER1, type LayoutOptions, type StructLayoutName } from './layouts';
import { withExtension } from './struct-ext';
import { formatIocbs, type FdText } from './aio';
import { ARG_LAYOUTS } from '../../abi/abi';
import type { ArgContext } from './args';
import type { CapturedString, QuoteOptions } from './types';

/** An argument the module reads by another argument or by the call's outcome. */
export interface DependentSlot {
  readonly kind: 'fcntl-arg' | 'file-handle' | 'page-vec' | 'struct-ext' | 'iocbs' | 'self-sized';
  readonly index: number;
  readonly label?: string;
  /** The row's aux: fcntl-arg, the command's argument; file-handle, 1 when read again at exit; page-vec, the length's argument; struct-ext, the size's; iocbs, the count's; self-sized, the bytes of the struct's first version. */
  readonly aux: number;
  /** struct-ext and self-sized: the struct's layout. */
  readonly layout?: StructLayoutName;
}

/** The options struct formatters take (as args.ts's layoutOptionsOf, which this file cannot import). */
function layoutOptions(quote: QuoteOptions): LayoutOptions {
  return { verbose: quote.verbose ?? false, hexStrings: quote.hexStrings, maxElements: quote.snapLength, timeZone: quote.timeZone ?? 'local' };
}

function pointer(v: bigint): string {
  return v === 0n ? 'NULL' : hex(BigInt.asUintN(64, v));
}

function succeeded(ret: bigint | undefined): boolean {
  return ret !== undefined && !(ret < 0n && ret >= -BigInt(MAX_ERRNO));
}

function bytesOf(s: CapturedString | undefined): Uint8Array | undefined {
  return s === undefined || 'unavailable' in s ? undefined : s.bytes;
}

/** fcntl's struct: set at entry, or as a get command returned it (the address when it failed). */
function formatFcntlArg(slot: DependentSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  const cmd = BigInt.asUintN(32, ctx.raw[slot.aux] ?? 0n);
  const struct = fcntlStruct(cmd);
  if (v === 0n || struct === undefined) return pointer(v);
  if (struct.atExit && !succeeded(ctx.ret)) return pointer(v);
  const bytes = bytesOf(struct.atExit ? ctx.exitStrings?.get(slot.index) : ctx.strings?.get(slot.index));
  return (bytes === undefined ? undefined : formatFcntlStruct(cmd, bytes)) ?? pointer(v);
}

const EOVERFLOW = -75n;

/** A file handle: open_by_handle_at's as given, name_to_handle_at's as given and returned. */
function formatHandle(slot: DependentSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  const given = bytesOf(ctx.strings?.get(slot.index));
  if (v === 0n || given === undefined) return pointer(v);
  if (slot.aux === 0) return formatFileHandle(given) ?? pointer(v);
  const ret = ctx.ret === undefined ? undefined : BigInt.asIntN(64, ctx.ret);
  const ok = succeeded(ctx.ret);
  const returned = ok || ret === EOVERFLOW ? bytesOf(ctx.exitStrings?.get(slot.index)) : undefined;
  return formatFileHandleOut(given, returned, ok) ?? pointer(v);
}

/** mincore's vector, as the call wrote it; its address when it failed. */
function formatVec(slot: DependentSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  const bytes = bytesOf(ctx.strings?.get(slot.index));
  if (v === 0n || !succeeded(ctx.ret) || bytes === undefined) return pointer(v);
  const pages = pagesOf(BigInt.asUintN(64, ctx.raw[slot.aux] ?? 0n));
  return formatPageVec(bytes, pages, ctx.quote.snapLength) ?? pointer(v);
}

/** A struct given with its size: the struct, then what strace shows of the bytes after it. */
function formatExt(slot: DependentSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  const s = ctx.strings?.get(slot.index);
  const size = ARG_LAYOUTS.find((l) => l.name === slot.layout)?.size ?? 0;
  if (v === 0n || s === undefined || 'unavailable' in s || slot.layout === undefined || size === 0 || s.bytes.length < size) return pointer(v);
  const text = LAYOUT_FORMATTERS[slot.layout](s.bytes.subarray(0, size), layoutOptions(ctx.quote));
  const given = BigInt.asUintN(64, ctx.raw[slot.aux] ?? 0n);
  return withExtension(text, s.bytes, s.truncated, size, given, ctx.quote.snapLength) ?? pointer(v);
}

/** io_submit's iocbs (nr: a long), as given. */
function formatIocbArg(slot: DependentSlot, ctx: ArgContext, fd: FdText | undefined): string {
  const v = BigInt.asUintN(64, ctx.raw[slot.index] ?? 0n);
  const s = ctx.strings?.get(slot.index);
  const mem = s === undefined || 'unavailable' in s ? undefined : s;
  const nr = BigInt.asIntN(64, ctx.raw[slot.aux] ?? 0n);
  return formatIocbs(mem, nr, v, ctx.quote, fd) ?? pointer(v);
}

const E2BIG = -7n;

/**
 * A struct whose size is its first field, as given (sched_setattr's attr):
 * `{size=1}` below its first version's size, else its fields as far as the
 * size says (0: the first version), `...` when it says more than the
 * layout; the address when it could not be read. Once the call failed with
 * E2BIG, the size the kernel wrote back: `{size=1} => {size=56}` (@ctx
 * holds the call's result and exit capture only on a line that shows it).
 */
function formatSelfSized(slot: DependentSlot, ctx: ArgContext): string {
  const v = ctx.raw[slot.index] ?? 0n;
  const bytes = bytesOf(ctx.strings?.get(slot.index));
  const text = bytes === undefined || slot.layout !== 'sched_attr' ? undefined : selfSizedText(bytes, slot.aux);
  return (text ?? pointer(v)) + selfSizedChange(slot, ctx);
}

function selfSizedText(bytes: Uint8Array, least: number): string | undefined {
  if (bytes.length < 4) return undefined;
  const size = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const given = size === 0 ? least : size;
  if (given < least) return `{size=${size}}`;
  const read = Math.min(given, SCHED_ATTR_VER1);
  if (bytes.length < read) return undefined;
  return formatSchedAttrFields(bytes, read, BigInt(given), true);
}

/** ` => {size=56}`: what E2BIG wrote back to a self-sized struct, when the exit read it; else ''. */
export function selfSizedChange(slot: DependentSlot, ctx: ArgContext): string {
  if (slot.kind !== 'self-sized' || ctx.ret === undefined || BigInt.asIntN(64, ctx.ret) !== E2BIG) return '';
  const after = bytesOf(ctx.exitStrings?.get(slot.index));
  if (after === undefined || after.length < 4) return '';
  return ` => {size=${new DataView(after.buffer, after.byteOffset, after.byteLength).getUint32(0, true)}}`;
}

/** @fd: a descriptor as printed (-y's paths), for the structs that hold one. */
export function formatDependentSlot(slot: DependentSlot, ctx: ArgContext, fd?: FdText): string {
  switch (slot.kind) {
    case 'iocbs':
      return formatIocbArg(slot, ctx, fd);
    case 'fcntl-arg':
      return formatFcntlArg(slot, ctx);
    case 'file-handle':
      return formatHandle(slot, ctx);
    case 'page-vec':
      return formatVec(slot, ctx);
    case 'struct-ext':
      return formatExt(slot, ctx);
    case 'self-sized':
      return formatSelfSized(slot, ctx);
  }
}
