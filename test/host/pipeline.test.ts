// Encoded like the module's stream, decoded and printed: the pipeline the
// CLI runs, and what recorded fixtures in test/fixtures/ are checked with.
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { ARG_TAGS, FieldTag } from '../../frontend/src/abi/abi';
import { concatBytes, encodeEvent, encodeKeyframe, encodeLost } from '../../frontend/src/decode/encoder';
import { decodeStream } from '../support/decode';
import { loadFixtures } from '../support/fixtures';
import { straceLinesOf } from '../support/pipeline';

const { PID, TID, SYSNO, RET, UID, EUID } = FieldTag;
const SYS_ENTER = 0;
const SYS_EXIT = 1;

describe('decode -> strace pipeline', () => {
  it('prints the calls of a delta-encoded stream', () => {
    const stream = concatBytes([
      encodeKeyframe(1_000_000, [[PID, 300], [TID, 300], [UID, 1000], [EUID, 1000]]),
      // close(3) = 0: only the fields that changed are carried.
      encodeEvent(SYS_ENTER, 10, [[SYSNO, 3], [ARG_TAGS[0], 3]]),
      encodeEvent(SYS_EXIT, 20, [[RET, 0]]),
      // close(3) again: nothing but the time changed.
      encodeEvent(SYS_ENTER, 10),
      encodeEvent(SYS_EXIT, 20, [[RET, -9]]),
      encodeLost(1, 4),
      encodeKeyframe(2_000_000, [[PID, 300], [TID, 301], [SYSNO, 39], [UID, 1000], [EUID, 1000]]),
      encodeEvent(SYS_ENTER, 10),
      encodeEvent(SYS_EXIT, 20, [[RET, 300]]),
    ]);
    assert.deepEqual(straceLinesOf(stream), [
      'close(3)                                = 0',
      'close(3)                                = -1 EBADF (Bad file descriptor)',
      '[pid   301] getpid()                    = 300',
    ]);
  });
});

describe('recorded fixtures (test/fixtures/*.bin)', () => {
  for (const fixture of loadFixtures()) {
    it(`${fixture.name}: decodes cleanly from a keyframe`, () => {
      const outcomes = decodeStream(fixture.bytes, [4096]);
      assert.ok(outcomes.every((o) => o.kind === 'record'), `${fixture.name}: ${inspect(outcomes.find((o) => o.kind === 'malformed'))}`);
      const first = outcomes[0];
      assert.ok(first === undefined || (first.kind === 'record' && first.record.type === 'keyframe'), 'a stream begins with a keyframe');
      if (fixture.meta?.records !== undefined) assert.equal(outcomes.length, fixture.meta.records);
    });
    const expected = fixture.expectedStrace;
    if (expected !== undefined) {
      it(`${fixture.name}: prints the expected strace lines`, () => {
        assert.deepEqual(straceLinesOf(fixture.bytes, fixture.meta?.options ?? {}), expected);
      });
    }
  }
});
