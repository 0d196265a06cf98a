// mincore's vector as strace prints it: each page's byte reduced to its
// low bit (resident or not), `[1, 0]`, at most -s entries, then `...`.

const PAGE_SIZE = 4096n;

/** Pages in @length bytes, rounded up (x86-64's 4 KiB pages). */
export function pagesOf(length: bigint): bigint {
  return length / PAGE_SIZE + (length % PAGE_SIZE === 0n ? 0n : 1n);
}

/**
 * The vector of @pages bytes from the first ones captured; undefined when
 * the capture holds fewer than the ones to show.
 */
export function formatPageVec(bytes: Uint8Array, pages: bigint, maxElements: number): string | undefined {
  const shown = pages < BigInt(maxElements) ? Number(pages) : maxElements;
  if (bytes.length < shown) return undefined;
  const items: string[] = [];
  for (let i = 0; i < shown; i++) items.push(String(bytes[i] & 1));
  if (pages > BigInt(shown)) items.push('...');
  return `[${items.join(', ')}]`;
}
