// Whatever bytes arrive, the decoder returns: no exception, no endless
// loop, bounded work per input, bounded buffering.
import { strict as assert } from 'node:assert';
import { StreamDecoder } from '../../frontend/src/decode/decoder';
import { createRandom, seedFromEnvironment, type Random } from '../support/prng';
import { decodeStream } from '../support/decode';
import { encodeSpecs, randomRecord } from '../support/model';

/** Random bytes, biased toward bytes that look like our tags and lengths. */
function garbage(random: Random, length: number): Uint8Array {
  const interesting = [0x7f, 0x40, 0x41, 0x60, 0x80, 0x81, 0x82, 0x83, 0x84, 0x9f, 0xff, 0x00, 0x1f];
  return Uint8Array.from({ length }, () => (random.int(0, 1) ? random.pick(interesting) : random.int(0, 255)));
}

/** A valid stream with some bytes flipped, dropped or inserted. */
function corrupted(random: Random): Uint8Array {
  const { bytes } = encodeSpecs(Array.from({ length: random.int(1, 30) }, () => randomRecord(random)));
  const out = Array.from(bytes);
  for (let i = random.int(1, 5); i > 0; i--) {
    const at = random.int(0, out.length - 1);
    const how = random.int(0, 2);
    if (how === 0) out[at] = random.int(0, 255);
    else if (how === 1) out.splice(at, 1);
    else out.splice(at, 0, random.int(0, 255));
  }
  return Uint8Array.from(out);
}

describe('decoder on garbage', function () {
  this.timeout(120_000);
  const seed = seedFromEnvironment();

  // Bounded work, not wall-clock time (a loaded host once paused a round for 331 ms):
  // decodeStream throws if the decoder yields more results than there are bytes, so a
  // decoder that stops making progress fails the round, and one that loops forever
  // inside next() runs into this suite's timeout.
  it(`never throws or hangs on random and corrupted input (seed ${seed})`, () => {
    const random = createRandom(seed);
    for (let round = 0; round < 3000; round++) {
      const input = round % 2 === 0 ? garbage(random, random.int(0, 600)) : corrupted(random);
      const chunks = [random.int(1, 16), random.int(1, 300)];
      assert.doesNotThrow(() => decodeStream(input, chunks, true), `seed ${seed} round ${round}`);
    }
  });

  it('does not buffer more than one record plus the unread input', () => {
    const random = createRandom(seed ^ 0x5a5a);
    const decoder = new StreamDecoder();
    for (let i = 0; i < 2000; i++) {
      decoder.push(garbage(random, 512));
      for (let r = decoder.next(); r.kind !== 'need-more'; r = decoder.next()) if (r.kind === 'malformed') decoder.resync();
      assert.ok(decoder.buffered <= 64 * 1024 + 16, `buffered ${decoder.buffered}`);
    }
  });
});
