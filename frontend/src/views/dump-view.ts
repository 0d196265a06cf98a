// `ktrace dump`: the raw BER element tree with tags named (the thesis'
// "expand" tool), parsed with asn1js as the reference decoder.
import * as asn1js from 'asn1js';
import { KEYFRAME_TAG, LOST_TAG, eventByBit, fieldByTag } from '../abi/abi';

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

/** Dumps every whole element of @bytes; @base is the offset of bytes[0]. */
export function dumpElements(bytes: Uint8Array, base: number): DumpResult {
  const lines: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const parsed = asn1js.fromBER(bytes.subarray(offset));
    if (parsed.offset <= 0) {
      const incomplete = /too short|End of input/i.test(parsed.result.error);
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
      const value = integer(bytesOf);
      const shown = field && field.type !== 'S64' ? BigInt.asUintN(64, value) : value;
      lines.push(`              [${CLASS_NAMES[child.idBlock.tagClass]} ${tag}] ${field?.name ?? '?'} = ${shown} (${Buffer.from(bytesOf).toString('hex')})`);
    }
    offset += parsed.offset;
  }
  return { lines, consumed: offset };
}
