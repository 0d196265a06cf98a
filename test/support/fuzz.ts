// Decoder fuzzing seeded from real recordings: mutated slices of the
// streams in test/fixtures (bit flips, interesting bytes, truncation,
// splices, duplicated and dropped ranges, corrupted lengths) and random
// bytes, each decoded in random chunks with resync. Every input must end:
// a bounded number of results, every malformed result naming an offset
// inside the input with a reason, and bounded buffering.
import { StreamDecoder, MAX_RECORD_BYTES } from '../../frontend/src/decode/decoder';
import { createRandom, type Random } from './prng';

export interface FuzzSummary {
  seed: number;
  inputs: number;
  bytes: number;
  records: number;
  malformed: number;
  maxBuffered: number;
}

export class FuzzFailure extends Error {}

const INTERESTING = [0x00, 0x1f, 0x40, 0x41, 0x5f, 0x60, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x88, 0x9f, 0xbf, 0xff];

function slice(random: Random, source: Uint8Array): number[] {
  const length = random.int(0, Math.min(source.length, random.pick([64, 512, 4096, 32768])));
  const start = random.next() < 0.3 ? 0 : random.int(0, source.length - length);
  return Array.from(source.subarray(start, start + length));
}

/** One input: usually a real stream's slice mutated a few times, sometimes random bytes. */
export function makeInput(random: Random, sources: readonly Uint8Array[]): Uint8Array {
  if (random.next() < 0.1) return Uint8Array.from({ length: random.int(0, 2048) }, () => (random.int(0, 1) ? random.pick(INTERESTING) : random.int(0, 255)));
  const out = slice(random, random.pick(sources));
  for (let n = random.int(1, 6); n > 0 && out.length; n--) {
    const at = random.int(0, out.length - 1);
    switch (random.int(0, 7)) {
      case 0:
        out[at] ^= 1 << random.int(0, 7);
        break;
      case 1:
        out[at] = random.pick(INTERESTING);
        break;
      case 2:
        out.length = at;
        break;
      case 3:
        out.splice(at, 0, ...slice(random, random.pick(sources)).slice(0, 256));
        break;
      case 4:
        out.splice(at, random.int(1, 64));
        break;
      case 5:
        out.splice(at, 0, ...out.slice(at, at + random.int(1, 128)));
        break;
      case 6:
        // A long-form length: claims up to 4 GiB.
        out.splice(at, 1, random.pick([0x81, 0x82, 0x83, 0x84, 0x88]), ...Array.from({ length: random.int(1, 4) }, () => random.int(0, 255)));
        break;
      default:
        out.splice(at, 0, ...Array.from({ length: random.int(1, 32) }, () => random.int(0, 255)));
    }
  }
  return Uint8Array.from(out);
}

/** Decodes @input in random chunks, resyncing after each malformed result; throws FuzzFailure on a broken rule. */
export function decodeChecked(input: Uint8Array, random: Random, summary: FuzzSummary): void {
  const decoder = new StreamDecoder();
  // Each result consumes at least one byte, or is need-more once per push.
  const limit = 2 * input.length + 64;
  let results = 0;
  let at = 0;
  while (at < input.length) {
    const size = random.int(1, random.pick([7, 300, 70000]));
    decoder.push(input.subarray(at, at + size));
    at += size;
    for (;;) {
      if (++results > limit) throw new FuzzFailure(`more than ${limit} results for ${input.length} bytes`);
      const next = decoder.next();
      if (next.kind === 'need-more') break;
      if (next.kind === 'record') {
        summary.records++;
        continue;
      }
      summary.malformed++;
      if (!Number.isInteger(next.offset) || next.offset < 0 || next.offset > input.length)
        throw new FuzzFailure(`malformed offset ${next.offset} outside the ${input.length}-byte input`);
      if (!next.reason) throw new FuzzFailure(`malformed at ${next.offset} without a reason`);
      decoder.resync();
    }
    // Whole records are at most MAX_RECORD_BYTES: no more may wait for the rest.
    if (decoder.buffered > MAX_RECORD_BYTES + 16) throw new FuzzFailure(`buffers ${decoder.buffered} bytes`);
    summary.maxBuffered = Math.max(summary.maxBuffered, decoder.buffered);
  }
}

/** Runs @inputs inputs from @seed; a failure names the seed and input index that replay it. */
export function fuzzDecoder(seed: number, inputs: number, sources: readonly Uint8Array[]): FuzzSummary {
  const summary: FuzzSummary = { seed, inputs: 0, bytes: 0, records: 0, malformed: 0, maxBuffered: 0 };
  const random = createRandom(seed);
  for (let i = 0; i < inputs; i++) {
    const input = makeInput(random, sources);
    try {
      decodeChecked(input, random, summary);
    } catch (err) {
      throw new FuzzFailure(`seed ${seed}, input ${i} (${input.length} bytes): ${(err as Error).message}`);
    }
    summary.inputs++;
    summary.bytes += input.length;
  }
  return summary;
}
