// struct iovec arrays as strace prints them: `[{iov_base="abc", iov_len=3}]`,
// from the module's iovec captures (kmod/ktrace_sysargs.h, IOVEC_IN and
// IOVEC_OUT: each struct iovec followed by a u32 count of its bytes kept and
// those bytes) or from a plain array of them (process_madvise).
import { hex } from '../../syscalls/xlat';
import { quoteBytes } from './quote';
import type { QuoteOptions } from './types';

const IOVEC = 16;
const UNREADABLE = 0xffff_ffff;
/** The count of an element the module could not read; its iov_base is where it begins. */
const UNREADABLE_ELEMENT = 0xffff_fffe;

function pointer(v: bigint): string {
  return v === 0n ? 'NULL' : hex(v);
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** One element of an iovec capture: the struct and the bytes kept of its buffer (undefined: unreadable). */
export interface IovecElement {
  readonly base: bigint;
  readonly len: bigint;
  readonly data: Uint8Array | undefined;
}

/** The elements of an iovec capture, up to the first the module could not read itself (excluded). */
export function* iovecElements(b: Uint8Array): Generator<IovecElement> {
  let at = 0;
  while (at + IOVEC + 4 <= b.length) {
    const d = view(b.subarray(at));
    const kept = d.getUint32(16, true);
    const base = d.getBigUint64(0, true);
    const len = d.getBigUint64(8, true);
    at += IOVEC + 4;
    if (kept === UNREADABLE_ELEMENT) return;
    if (kept === UNREADABLE) {
      yield { base, len, data: undefined };
      continue;
    }
    yield { base, len, data: b.subarray(at, at + kept) };
    at += kept;
  }
}

/**
 * The iovecs with their bytes. @written: undefined for an input (each
 * buffer shows up to its iov_len), the return value for a read that
 * succeeded (the bytes placed in order), -1 for one that failed (the
 * buffers' addresses). Elements past -s, or that the capture did not hold,
 * are `...`.
 */
export function formatIovecs(mem: { readonly bytes: Uint8Array; readonly truncated: boolean }, count: bigint, written: bigint | undefined, quote: QuoteOptions): string {
  const items: string[] = [];
  const b = mem.bytes;
  let left = written === undefined ? -1n : written;
  let at = 0;
  while (at + IOVEC + 4 <= b.length) {
    const d = view(b.subarray(at));
    const base = d.getBigUint64(0, true);
    const len = d.getBigUint64(8, true);
    const kept = d.getUint32(16, true);
    at += IOVEC + 4;
    // An element that could not be read says so even past -s, as strace does.
    if (kept === UNREADABLE_ELEMENT) {
      items.push(`... /* ${pointer(base)} */`);
      return `[${items.join(', ')}]`;
    }
    if (items.length >= quote.snapLength) break;
    let text: string;
    if (kept === UNREADABLE || left === -1n && written !== undefined) {
      text = pointer(base);
    } else {
      const data = b.subarray(at, at + kept);
      at += kept;
      const limit = written === undefined ? len : len < left ? len : left;
      if (written !== undefined) left -= limit;
      const shown = data.subarray(0, Math.min(data.length, quote.snapLength));
      text = quoteBytes(shown, limit > BigInt(shown.length), quote.hexStrings);
    }
    items.push(`{iov_base=${text}, iov_len=${len}}`);
  }
  if (BigInt(items.length) < count) items.push('...');
  return `[${items.join(', ')}]`;
}

/**
 * A plain iovec array (process_madvise): addresses and lengths; an element
 * the module could not read as `... /* where it begins *\/`.
 */
export function formatIovecArray(bytes: Uint8Array, address: bigint, count: bigint, truncated: boolean, snapLength: number): string {
  const items: string[] = [];
  const elements = Math.floor(bytes.length / IOVEC);
  const wanted = count < BigInt(snapLength) ? Number(count) : snapLength;
  for (let i = 0; i < Math.min(elements, wanted); i++) {
    const d = view(bytes.subarray(i * IOVEC));
    items.push(`{iov_base=${pointer(d.getBigUint64(0, true))}, iov_len=${d.getBigUint64(8, true)}}`);
  }
  if (truncated && elements < wanted) items.push(`... /* ${hex(BigInt.asUintN(64, address + BigInt(elements * IOVEC)))} */`);
  else if (count > BigInt(items.length)) items.push('...');
  return `[${items.join(', ')}]`;
}
