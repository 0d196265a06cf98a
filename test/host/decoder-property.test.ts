// Round trip: random records -> encoder -> decoder (in random chunks) must
// equal what the rules of docs/abi.md say, computed by a separate model.
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { EVENTS } from '../../frontend/src/abi/abi';
import { createRandom, seedFromEnvironment } from '../support/prng';
import { decodeStream, recordsOf } from '../support/decode';
import { encodeSpecs, expectedRecords, normalized, randomRecord } from '../support/model';

const eventName = (bit: number): string => EVENTS.find((e) => e.bit === bit)?.name ?? `event${bit}`;

describe('decoder round trip (property)', function () {
  this.timeout(60_000);
  const seed = seedFromEnvironment();

  before(() => {
    console.log(`      seed ${seed} (replay with KTRACE_SEED=${seed})`);
  });

  it('decodes 300 random streams exactly as the model says', () => {
    const random = createRandom(seed);
    for (let round = 0; round < 300; round++) {
      const specs = Array.from({ length: random.int(1, 60) }, () => randomRecord(random));
      const { bytes, offsets } = encodeSpecs(specs);
      const chunks = Array.from({ length: 8 }, () => random.int(1, 64));
      const outcomes = decodeStream(bytes, chunks);
      assert.ok(
        outcomes.every((o) => o.kind === 'record'),
        `seed ${seed} round ${round}: ${inspect(outcomes.find((o) => o.kind === 'malformed'))}`,
      );
      const expected = expectedRecords(specs, offsets, eventName);
      assert.deepEqual(recordsOf(outcomes).map(normalized), expected, `seed ${seed} round ${round}`);
    }
  });
});
