// Helpers that drive a StreamDecoder to the end of a byte stream and keep
// plain copies of everything it yields.
import { strict as assert } from 'node:assert';
import { inspect } from 'node:util';
import { StreamDecoder } from '../../frontend/src/decode/decoder';
import { concatBytes } from '../../frontend/src/decode/encoder';
import { materialize, type PlainRecord } from '../../frontend/src/decode/materialize';

export type Outcome =
  | { readonly kind: 'record'; readonly record: PlainRecord }
  | { readonly kind: 'malformed'; readonly offset: number; readonly reason: string };

/**
 * Pushes `bytes` cut at the given chunk sizes (repeating the last), draining
 * the decoder after each push. With `resync`, malformed input is skipped the
 * way a reader would; without it decoding stops at the first malformed.
 * Throws if the decoder yields more results than the stream has bytes, which
 * would mean it loops.
 */
export function decodeStream(bytes: Uint8Array, chunkSizes: readonly number[] = [bytes.length || 1], resync = false): Outcome[] {
  const decoder = new StreamDecoder();
  const outcomes: Outcome[] = [];
  const limit = 4 * bytes.length + 16;
  let at = 0;
  let chunk = 0;
  while (at < bytes.length) {
    const size = Math.max(1, chunkSizes[Math.min(chunk++, chunkSizes.length - 1)]);
    decoder.push(bytes.subarray(at, at + size));
    at += size;
    for (;;) {
      if (outcomes.length > limit) throw new Error('decoder yields without end');
      const result = decoder.next();
      if (result.kind === 'need-more') break;
      if (result.kind === 'record') {
        outcomes.push({ kind: 'record', record: materialize(result.record) });
        continue;
      }
      outcomes.push({ kind: 'malformed', offset: result.offset, reason: result.reason });
      if (!resync) return outcomes;
      decoder.resync();
    }
  }
  return outcomes;
}

export function recordsOf(outcomes: readonly Outcome[]): PlainRecord[] {
  return outcomes.flatMap((o) => (o.kind === 'record' ? [o.record] : []));
}

/** A malformed-input case: what it is, its bytes, the offending byte's offset in them, the reason. */
export type MalformedCase = [what: string, bytes: number[], relative: number, reason: RegExp];

/** One mocha test per case: after `lead`, the decoder reports the case at its exact offset. */
export function itReportsMalformed(lead: Uint8Array, cases: readonly MalformedCase[]): void {
  for (const [what, bytes, relative, reason] of cases) {
    const offset = lead.length + relative;
    it(`reports ${what} at offset ${offset}`, () => {
      const outcomes = decodeStream(concatBytes([lead, Uint8Array.from(bytes)]));
      const bad = outcomes[outcomes.length - 1];
      assert.ok(bad.kind === 'malformed', inspect(outcomes));
      assert.equal(bad.offset, offset);
      assert.match(bad.reason, reason);
    });
  }
}
