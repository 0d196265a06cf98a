// The decoder's field state: one slot per field tag.
//
// Values are kept as a Float64Array for fast numeric reads plus the exact 64
// bits as an Int32Array/Uint32Array pair. Storing the bits costs two typed-array
// writes and no allocation, whereas a BigInt per field would allocate on every
// record; getBigInt() builds a BigInt only when asked, and only from the bits
// when the number is not a safe integer.
import { FIELDS } from '../abi/abi';

/**
 * Field tags at or above this are validated and skipped: the table uses small
 * tags, and a bound keeps a garbage tag number from sizing an array.
 */
export const MAX_TRACKED_TAG = 256;

const TWO_32 = 4294967296;

export class FieldState {
  readonly values = new Float64Array(MAX_TRACKED_TAG);
  readonly hi = new Int32Array(MAX_TRACKED_TAG);
  readonly lo = new Uint32Array(MAX_TRACKED_TAG);
  /** Stamp of the record that last carried the tag; compared with `serial`. */
  readonly carriedStamp = new Uint32Array(MAX_TRACKED_TAG);
  readonly unsigned = new Uint8Array(MAX_TRACKED_TAG);
  serial = 1;

  // Time: the keyframe's exact ts plus the deltas since, summed separately so
  // rounding of a large base never accumulates over many deltas.
  tsBase = 0;
  tsBaseHi = 0;
  tsBaseLo = 0;
  tsOffset = 0;
  synced = false;

  constructor() {
    for (const field of FIELDS) {
      if (field.tag < MAX_TRACKED_TAG && (field.type === 'U64' || field.type === 'KADDR' || field.type === 'CHARS')) this.unsigned[field.tag] = 1;
    }
  }

  /** Starts a new record: carried() now answers for it. */
  beginRecord(): void {
    this.serial = (this.serial + 1) >>> 0;
    if (this.serial === 0) {
      this.carriedStamp.fill(0);
      this.serial = 1;
    }
  }

  reset(): void {
    this.values.fill(0);
    this.hi.fill(0);
    this.lo.fill(0);
  }

  store(tag: number, hi: number, lo: number): void {
    const hiNumber = this.unsigned[tag] === 1 ? hi >>> 0 : hi;
    this.values[tag] = hiNumber * TWO_32 + (lo >>> 0);
    this.hi[tag] = hi;
    this.lo[tag] = lo;
    this.carriedStamp[tag] = this.serial;
  }

  setKeyframeTime(hi: number, lo: number): void {
    this.tsBaseHi = hi;
    this.tsBaseLo = lo;
    this.tsBase = (hi >>> 0) * TWO_32 + (lo >>> 0); // ts is U64
    this.tsOffset = 0;
  }

  get(tag: number): number {
    return tag >= 0 && tag < MAX_TRACKED_TAG ? this.values[tag] : 0;
  }

  getBigInt(tag: number): bigint {
    if (!(tag >= 0 && tag < MAX_TRACKED_TAG)) return 0n;
    const value = this.values[tag];
    if (Number.isSafeInteger(value)) return BigInt(value);
    const hi = this.unsigned[tag] === 1 ? this.hi[tag] >>> 0 : this.hi[tag];
    return (BigInt(hi) << 32n) | BigInt(this.lo[tag]);
  }

  carried(tag: number): boolean {
    return tag >= 0 && tag < MAX_TRACKED_TAG && this.carriedStamp[tag] === this.serial;
  }

  carriedTags(): number[] {
    const tags: number[] = [];
    for (let tag = 0; tag < MAX_TRACKED_TAG; tag++) if (this.carriedStamp[tag] === this.serial) tags.push(tag);
    return tags;
  }

  get tsNs(): number {
    return this.tsBase + this.tsOffset;
  }

  tsBigInt(): bigint {
    return ((BigInt(this.tsBaseHi >>> 0) << 32n) | BigInt(this.tsBaseLo >>> 0)) + BigInt(this.tsOffset);
  }
}
