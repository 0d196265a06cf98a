// A small seeded PRNG (mulberry32) so randomized tests are reproducible:
// every test prints its seed, and KTRACE_SEED=<n> replays it.

export interface Random {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** A uniformly random 64-bit pattern, as a signed bigint. */
  int64(): bigint;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Uint8Array;
}

export function seedFromEnvironment(): number {
  const fromEnv = process.env.KTRACE_SEED;
  return fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    int64: () => BigInt.asIntN(64, (BigInt(int(0, 2 ** 32 - 1)) << 32n) | BigInt(int(0, 2 ** 32 - 1))),
    pick: (items) => items[int(0, items.length - 1)],
    bytes: (length) => Uint8Array.from({ length }, () => int(0, 255)),
  };
}
