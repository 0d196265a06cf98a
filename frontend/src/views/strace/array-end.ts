// How strace ends a printed array of structs it reads element by element
// (print_array): at most -s elements, then `...`; at an element it cannot
// read, `... /* ADDR */` with that element's address; the array's own
// address when not even the first can be read.
import { hex } from '../../syscalls/xlat';

export interface ArrayEnd {
  /** Elements to print. */
  readonly shown: number;
  /** What follows them: `...`, `... /* 0x7f04a588e000 *\/`, or nothing. */
  readonly tail?: string;
}

/**
 * From a capture of @length bytes of @size-byte elements (the module's
 * array kinds: cut at an element it could not read, or at the room the
 * record had left), of an array of @count elements at @base, of which the
 * first @limit are printed; @probed: the capture reads one element more
 * than the snap length (array_in), which tells whether the one after the
 * shown ones can be read. Undefined when the array's address is printed
 * instead: no element was read, or the capture is shorter than it says.
 */
export function arrayEnd(length: number, size: number, count: bigint, limit: number, truncated: boolean, base: bigint, probed = false): ArrayEnd | undefined {
  const elements = Math.floor(length / size);
  const wanted = count < BigInt(limit) ? Number(count) : limit;
  // Cut at an unreadable element leaves whole elements; at the record's room, most often not.
  const unreadable = truncated && length % size === 0;
  const at = (i: number): string => `... /* ${hex(BigInt.asUintN(64, base + BigInt(i * size)))} */`;
  if (elements >= wanted) {
    if (count <= BigInt(wanted)) return { shown: wanted };
    // A capture that tried the element after the shown ones and stopped before it: it could not be read.
    return { shown: wanted, tail: probed && elements === wanted && unreadable ? at(wanted) : '...' };
  }
  if (!truncated || elements === 0) return undefined;
  return { shown: elements, tail: unreadable ? at(elements) : '...' };
}
