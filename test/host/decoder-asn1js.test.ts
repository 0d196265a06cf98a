// An independent BER parser (asn1js) must see the same elements, tags and
// integer contents as the decoder, element by element.
import { strict as assert } from 'node:assert';
import * as asn1js from 'asn1js';
import { KEYFRAME_TAG, LOST_TAG, FieldTag } from '../../frontend/src/abi/abi';
import { encodeIntegerContent, encodeStringContent, type StringValue } from '../../frontend/src/decode/encoder';
import type { PlainRecord } from '../../frontend/src/decode/materialize';
import { createRandom, seedFromEnvironment } from '../support/prng';
import { decodeStream, recordsOf } from '../support/decode';
import { encodeSpecs, randomRecord, type RecordSpec } from '../support/model';
import { loadFixtures } from '../support/fixtures';

interface Element {
  readonly offset: number;
  readonly length: number;
  readonly tagClass: number;
  readonly tagNumber: number;
  readonly constructed: boolean;
  readonly children: readonly { tagClass: number; tagNumber: number; content: string }[];
}

const APPLICATION = 2;
const CONTEXT = 3;

/** asn1js parses one element at a time: walk the stream by its offsets. */
function asn1Elements(bytes: Uint8Array): Element[] {
  const buffer = new Uint8Array(bytes).buffer;
  const elements: Element[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const parsed = asn1js.fromBER(buffer.slice(offset));
    assert.equal(parsed.result.error, '', `asn1js at ${offset}: ${parsed.result.error}`);
    assert.ok(parsed.offset > 0);
    const block = parsed.result;
    const children = block instanceof asn1js.Constructed ? block.valueBlock.value : [];
    elements.push({
      offset,
      length: parsed.offset,
      tagClass: block.idBlock.tagClass,
      tagNumber: block.idBlock.tagNumber,
      constructed: block.idBlock.isConstructed,
      children: children.map((c) => ({
        tagClass: c.idBlock.tagClass,
        tagNumber: c.idBlock.tagNumber,
        content: c instanceof asn1js.Primitive ? Buffer.from(c.valueBlock.valueHexView).toString('hex') : `not primitive: ${c.constructor.name}`,
      })),
    });
    offset += parsed.offset;
  }
  return elements;
}

function tagNumberOf(record: PlainRecord): number {
  if (record.type === 'lost') return LOST_TAG;
  if (record.type === 'unknown') return record.tagNumber;
  return record.type === 'keyframe' ? KEYFRAME_TAG : (record.eventBit ?? -1);
}

function hexOf(value: bigint | number | StringValue): string {
  return Buffer.from(typeof value === 'object' ? encodeStringContent(value) : encodeIntegerContent(value)).toString('hex');
}

function expectedElement(spec: RecordSpec): Pick<Element, 'tagClass' | 'tagNumber' | 'constructed' | 'children'> {
  const fields =
    spec.type === 'event'
      ? [[FieldTag.TS_DELTA, spec.tsDelta] as const, ...spec.fields]
      : spec.type === 'keyframe'
        ? [[FieldTag.TS, spec.ts] as const, ...spec.fields]
        : [[FieldTag.SRC_CPU, spec.srcCpu] as const, [FieldTag.LOST_COUNT, spec.count] as const];
  const tagNumber = spec.type === 'event' ? spec.bit : spec.type === 'keyframe' ? KEYFRAME_TAG : LOST_TAG;
  return {
    tagClass: APPLICATION,
    tagNumber,
    constructed: true,
    children: fields.map(([tag, value]) => ({ tagClass: CONTEXT, tagNumber: tag, content: hexOf(value) })),
  };
}

describe('asn1js agrees with the decoder', function () {
  this.timeout(60_000);
  const seed = seedFromEnvironment();

  it(`on element boundaries, tags and contents of random streams (seed ${seed})`, () => {
    const random = createRandom(seed);
    for (let round = 0; round < 50; round++) {
      const specs = Array.from({ length: random.int(1, 40) }, () => randomRecord(random));
      const { bytes, offsets } = encodeSpecs(specs);
      const elements = asn1Elements(bytes);
      const records = recordsOf(decodeStream(bytes));
      assert.deepEqual(
        elements.map((e) => e.offset),
        records.map((r) => r.offset),
        `seed ${seed} round ${round}: boundaries`,
      );
      assert.deepEqual(elements.map((e) => e.offset), offsets);
      elements.forEach((element, i) => {
        const { offset: _offset, length: _length, ...shape } = element;
        assert.deepEqual(shape, expectedElement(specs[i]), `seed ${seed} round ${round} record ${i}`);
      });
    }
  });

  for (const fixture of loadFixtures()) {
    it(`on the recorded fixture ${fixture.name}`, () => {
      const elements = asn1Elements(fixture.bytes);
      const records = recordsOf(decodeStream(fixture.bytes));
      assert.deepEqual(
        elements.map((e) => [e.offset, e.tagNumber]),
        records.map((r) => [r.offset, tagNumberOf(r)]),
      );
    });
  }
});
