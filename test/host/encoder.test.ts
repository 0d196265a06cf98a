import { strict as assert } from 'node:assert';
import { encodeField, encodeIntegerContent, encodeLength, encodeTag, encodeEvent, encodeLost } from '../../frontend/src/decode/encoder';

const hex = (bytes: ArrayLike<number>): string => Buffer.from(Array.from(bytes)).toString('hex');

describe('encoder', () => {
  it('writes minimal two\'s-complement integers', () => {
    const cases: [bigint, string][] = [
      [0n, '00'],
      [127n, '7f'],
      [128n, '0080'],
      [-1n, 'ff'],
      [-128n, '80'],
      [-129n, 'ff7f'],
      [256n, '0100'],
      [2n ** 63n - 1n, '7fffffffffffffff'],
      [-(2n ** 63n), '8000000000000000'],
      [2n ** 64n - 1n, 'ff'], // U64 all ones is -1 as 64 bits
      [2n ** 63n, '8000000000000000'],
    ];
    for (const [value, expected] of cases) assert.equal(hex(encodeIntegerContent(value)), expected, String(value));
  });

  it('writes short, long and high-number tags and lengths', () => {
    assert.equal(hex(encodeTag(0x80, false, 30)), '9e');
    assert.equal(hex(encodeTag(0x80, false, 31)), '9f1f');
    assert.equal(hex(encodeTag(0x40, true, 64)), '7f40');
    assert.equal(hex(encodeTag(0x40, true, 128)), '7f8100');
    assert.equal(hex(encodeTag(0x80, false, 0xffffffff)), '9f8fffffff7f');
    assert.equal(hex(encodeLength(127)), '7f');
    assert.equal(hex(encodeLength(128)), '8180');
    assert.equal(hex(encodeLength(256)), '820100');
    assert.equal(hex(encodeField(15, -2)), '8f01fe');
  });

  it('writes records as the module does', () => {
    assert.equal(hex(encodeEvent(1, 5, [[15, 3]])), '6106' + '800105' + '8f0103');
    assert.equal(hex(encodeLost(2, 1000)), '7f4107' + '840102' + '830203e8');
  });
});
