// The short decoder fuzz (`npm run fuzz` is the long one): mutated slices of
// the real recordings in test/fixtures must decode to an end, with every
// malformed result naming its offset and buffering bounded.
import { strict as assert } from 'node:assert';
import { seedFromEnvironment } from '../support/prng';
import { fuzzDecoder, makeInput } from '../support/fuzz';
import { fuzzSources } from '../support/fuzz-cli';
import { createRandom } from '../support/prng';

const INPUTS = Number(process.env.KTRACE_FUZZ_INPUTS ?? 20000);

describe('decoder fuzz (host)', function () {
  this.timeout(120_000);
  const sources = fuzzSources();

  it('has real recordings to mutate', () => {
    assert.ok(sources.length >= 4 && sources.every((s) => s.length > 1000), `${sources.length} sources`);
  });

  for (const seed of [1, seedFromEnvironment()]) {
    it(`${INPUTS} mutated streams end, name their offsets and stay bounded (seed ${seed}; replay with KTRACE_SEED)`, () => {
      const summary = fuzzDecoder(seed, INPUTS, sources);
      assert.equal(summary.inputs, INPUTS);
      // The mutations reach both sides: records decoded and damage found.
      assert.ok(summary.records > INPUTS && summary.malformed > INPUTS / 10, JSON.stringify(summary));
    });
  }

  it('replays: the same seed makes the same inputs', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    for (let i = 0; i < 50; i++) assert.deepEqual(makeInput(a, sources), makeInput(b, sources));
  });
});
