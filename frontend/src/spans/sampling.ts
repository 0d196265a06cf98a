// libktrace-blkin's sampling decision (lib/blkin/blkin.c), for checking what
// a sampled recording kept: a trace is kept when the 64-bit mix of its id is
// 0 modulo the rate.
const M64 = (1n << 64n) - 1n;

export function mix64(id: bigint): bigint {
  let x = BigInt.asUintN(64, id);
  x ^= x >> 30n;
  x = (x * 0xbf58476d1ce4e5b9n) & M64;
  x ^= x >> 27n;
  x = (x * 0x94d049bb133111ebn) & M64;
  x ^= x >> 31n;
  return x;
}

export function blkinSampled(traceId: bigint, rate: number): boolean {
  return mix64(traceId) % BigInt(Math.max(1, rate)) === 0n;
}
