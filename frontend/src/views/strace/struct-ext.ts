// A struct the caller gives with its size, larger than the struct strace
// knows (openat2's how): what strace prints of the bytes after it, up to
// the size or a page (print_nonzero_bytes): nothing when they are all
// zero, `???` when they cannot be read, else `/* bytes 24..31 */` and
// their first -s bytes as a hex-quoted string.
import { quoteBytes } from './quote';

const PAGE_SIZE = 4096n;

/**
 * @text the struct as printed (`{...}`), @bytes its capture (the struct,
 * then the rest's first bytes when not all zero), @truncated its mark,
 * @size the struct's bytes, @given the size argument. Undefined when the
 * capture does not hold the struct.
 */
export function withExtension(text: string, bytes: Uint8Array, truncated: boolean, size: number, given: bigint, snapLength: number): string | undefined {
  if (bytes.length < size) return undefined;
  if (given <= BigInt(size)) return text;
  const total = given < PAGE_SIZE ? Number(given) : Number(PAGE_SIZE);
  let rest: string;
  if (bytes.length === size) {
    // The struct alone: the rest was all zeros (nothing to print), or could not be read.
    if (!truncated) return text;
    rest = '???';
  } else {
    const shown = bytes.subarray(size, size + Math.min(snapLength, bytes.length - size));
    rest = `/* bytes ${size}..${total - 1} */ ${quoteBytes(shown, total - size > shown.length, 'all')}`;
  }
  return `${text.slice(0, -1)}, ${rest}}`;
}
