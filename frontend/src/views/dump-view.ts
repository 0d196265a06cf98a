// `ktrace dump`: the raw BER element tree with tags named (the thesis'
// "expand" tool), parsed with asn1js as the reference decoder.
import * as asn1js from 'asn1js';
import { CONSTANTS, KEYFRAME_TAG, LOST_TAG, eventByBit, fieldByTag } from '../abi/abi';
import { charsBytes } from '../decode/strings';
import { quoteBytes } from './strace/quote';

const STATUS_NAMES: { readonly [byte: number]: string } = {
  [CONSTANTS.KT_STR_COMPLETE]: 'complete',
  [CONSTANTS.KT_STR_TRUNCATED]: 'truncated',
  [CONSTANTS.KT_STR_UNAVAILABLE]: 'unavailable',
};

/** A field's value as text: integers in decimal (U64/KADDR unsigned), CHARS and STR quoted. */
function fieldValue(type: string | undefined, bytes: Uint8Array): string {
  if (type === 'STR') {
    if (bytes.length === 0) return '(no status byte)';
    const status = STATUS_NAMES[bytes[0]] ?? `status ${bytes[0]}`;
    return `${quoteBytes(bytes.subarray(1), false, 'none')} ${status}, ${bytes.length - 1} bytes`;
  }
  const value = integer(bytes);
  if (type === 'CHARS') return `${quoteBytes(charsBytes(value), false, 'none')}`;
  return String(type !== undefined && type !== 'S64' ? BigInt.asUintN(64, value) : value);
}

const CLASS_NAMES = ['', 'UNIVERSAL', 'APPLICATION', 'CONTEXT', 'PRIVATE'];

function recordName(tag: number): string {
  if (tag === KEYFRAME_TAG) return 'keyframe';
  if (tag === LOST_TAG) return 'lost';
  return eventByBit(tag)?.name ?? `event${tag}`;
}

function integer(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return bytes.length ? BigInt.asIntN(bytes.length * 8, v) : 0n;
}

export interface DumpResult {
  lines: string[];
  /** Offset where parsing stopped on damage, if it did. */
  damagedAt?: number;
  consumed: number;
}

/**
 * Whether @bytes begin with an element whose header or content is not all there yet
 * (read from the header itself: asn1js's messages for a cut input vary with where
 * the cut falls, e.g. right after the tag byte).
 */
export function elementIncomplete(bytes: Uint8Array): boolean {
  let i = 1;
  if (bytes.length === 0) return true;
  if ((bytes[0] & 0x1f) === 0x1f) {
    while (i < bytes.length && bytes[i] & 0x80) i++;
    if (i >= bytes.length) return true;
    i++;
  }
  if (i >= bytes.length) return true;
  const first = bytes[i++];
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    // Indefinite or longer than any record: not ours, damage.
    if (n === 0 || n > 4) return false;
    if (i + n > bytes.length) return true;
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + bytes[i + k];
    i += n;
  }
  return i + length > bytes.length;
}

/** Dumps every whole element of @bytes; @base is the offset of bytes[0]. */
export function dumpElements(bytes: Uint8Array, base: number): DumpResult {
  const lines: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const parsed = asn1js.fromBER(bytes.subarray(offset));
    if (parsed.offset <= 0) {
      const incomplete = elementIncomplete(bytes.subarray(offset));
      return { lines, damagedAt: incomplete ? undefined : base + offset, consumed: offset };
    }
    const el = parsed.result;
    const cls = CLASS_NAMES[el.idBlock.tagClass] ?? '?';
    lines.push(`${String(base + offset).padStart(10)}  [${cls} ${el.idBlock.tagNumber}] ${recordName(el.idBlock.tagNumber)} (${parsed.offset} bytes)`);
    const children = (el.valueBlock as unknown as { value?: asn1js.BaseBlock[] }).value ?? [];
    for (const child of children) {
      const tag = child.idBlock.tagNumber;
      const bytesOf = (child.valueBlock as unknown as { valueHexView?: Uint8Array }).valueHexView ?? new Uint8Array();
      const field = fieldByTag(tag);
      const hexText = field?.type === 'STR' && bytesOf.length > 32 ? `${Buffer.from(bytesOf.subarray(0, 32)).toString('hex')}...` : Buffer.from(bytesOf).toString('hex');
      lines.push(`              [${CLASS_NAMES[child.idBlock.tagClass]} ${tag}] ${field?.name ?? '?'} = ${fieldValue(field?.type, bytesOf)} (${hexText})`);
    }
    offset += parsed.offset;
  }
  return { lines, consumed: offset };
}
