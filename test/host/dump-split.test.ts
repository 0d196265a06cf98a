// `ktrace dump` reads a recording chunk by chunk: an element cut by a chunk
// boundary anywhere (after its tag byte, inside its length, inside its
// content) must wait for more bytes, never read as damage.
import { strict as assert } from 'node:assert';
import { STR_ARG_TAGS, FieldTag } from '../../frontend/src/abi/abi';
import { concatBytes, encodeEvent, encodeKeyframe, str } from '../../frontend/src/decode/encoder';
import { dumpElements, elementIncomplete } from '../../frontend/src/views/dump-view';

const SYS_ENTER = 0;

/** dump's loop: @bytes handed over in two pieces cut at @cut. */
function dumpInTwo(bytes: Uint8Array, cut: number): { lines: string[]; damagedAt?: number } {
  const lines: string[] = [];
  let pending: Uint8Array = new Uint8Array();
  let base = 0;
  for (const piece of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
    const joined = concatBytes([pending, piece]);
    const result = dumpElements(joined, base);
    lines.push(...result.lines);
    if (result.damagedAt !== undefined) return { lines, damagedAt: result.damagedAt };
    pending = joined.subarray(result.consumed);
    base += result.consumed;
  }
  assert.equal(pending.length, 0, 'bytes left over');
  return { lines };
}

describe('ktrace dump across chunk boundaries', function () {
  it('an element cut at any byte waits for the rest, and the dump is the same as whole', () => {
    // A short record, one with a 2-byte length (a 200-byte string) and one with a 3-byte length.
    const bytes = concatBytes([
      encodeKeyframe(5, [[FieldTag.PID, 7]]),
      encodeEvent(SYS_ENTER, 1, [[STR_ARG_TAGS[1], str('x'.repeat(200))]]),
      encodeEvent(SYS_ENTER, 2, [[STR_ARG_TAGS[1], str('y'.repeat(300))]]),
    ]);
    const whole = dumpElements(bytes, 0);
    assert.equal(whole.damagedAt, undefined);
    assert.equal(whole.consumed, bytes.length);
    assert.equal(whole.lines.filter((l) => /\] (keyframe|sys_enter) \(/.test(l)).length, 3);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const split = dumpInTwo(bytes, cut);
      assert.equal(split.damagedAt, undefined, `cut at ${cut}: damage reported`);
      assert.deepEqual(split.lines, whole.lines, `cut at ${cut}`);
    }
  });

  it('tells a cut header from a damaged element', () => {
    assert.equal(elementIncomplete(Uint8Array.from([])), true);
    assert.equal(elementIncomplete(Uint8Array.from([0x60])), true); // a tag byte alone
    assert.equal(elementIncomplete(Uint8Array.from([0x7f])), true); // a high tag without its number
    assert.equal(elementIncomplete(Uint8Array.from([0x60, 0x82, 0x01])), true); // half a 2-byte length
    assert.equal(elementIncomplete(Uint8Array.from([0x60, 0x05, 0x80, 0x01])), true); // content short
    assert.equal(elementIncomplete(Uint8Array.from([0x60, 0x02, 0x80, 0x01])), false); // whole
    assert.equal(elementIncomplete(Uint8Array.from([0x60, 0x80])), false); // indefinite: not ours
    // A whole element whose content is not BER is damage, at its offset.
    assert.deepEqual(dumpElements(Uint8Array.from([0x60, 0x02, 0x80, 0x05]), 100).damagedAt, 100);
  });
});
