// The test helper that stands in for a second machine's clock
// (test/support/shift-clock.ts): on a recording of the real module, every
// record decodes the same but SHIFT ns later, and wall times stay.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRecordHeader } from '../../frontend/src/record/record-file';
import { decodeStream, type Outcome } from '../support/decode';
import { tmpDir } from '../support/cli-run';
import { fixturesDir } from '../support/fixtures';
import { shiftRecording } from '../support/shift-clock';

function load(file: string): { realtime: bigint; outcomes: Outcome[] } {
  const bytes = fs.readFileSync(file);
  const parsed = parseRecordHeader(bytes, file);
  assert.equal(parsed.kind, 'header');
  if (parsed.kind !== 'header') throw new Error('unreachable');
  return { realtime: BigInt(parsed.header.realtimeOffsetNs), outcomes: decodeStream(bytes.subarray(parsed.streamOffset)) };
}

/** Records without their stream offsets (a keyframe's ts may take another byte), times moved back by @shift. */
function plain(outcomes: readonly Outcome[], shift: bigint): unknown[] {
  return outcomes.map((o) => {
    assert.equal(o.kind, 'record', o.kind === 'malformed' ? `malformed at ${o.offset}: ${o.reason}` : '');
    if (o.kind !== 'record') return o;
    const { offset: _offset, ...rest } = o.record;
    return 'ts' in rest ? { ...rest, ts: rest.ts - shift } : rest;
  });
}

describe('shiftRecording (a second machine\'s clock, for tests)', () => {
  for (const shift of [1n, 3_600_000_123_457n, (1n << 56n) + 5n]) {
    it(`moves every record of paths-seq.ktr ${shift} ns later and nothing else`, () => {
      const from = path.join(fixturesDir(), 'paths-seq.ktr');
      const to = path.join(tmpDir(), 'shifted.ktr');
      const keyframes = shiftRecording(from, to, shift);
      const a = load(from);
      const b = load(to);
      assert.equal(b.realtime, a.realtime - shift);
      assert.ok(keyframes >= 1);
      assert.equal(a.outcomes.filter((o) => o.kind === 'record' && o.record.type === 'keyframe').length, keyframes);
      assert.ok(a.outcomes.length > 50);
      assert.deepEqual(plain(b.outcomes, shift), plain(a.outcomes, 0n));
      assert.notDeepEqual(plain(b.outcomes, 0n), plain(a.outcomes, 0n));
    });
  }
});
