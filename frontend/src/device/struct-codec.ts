// Reads and writes ioctl argument structs by member name, using the layouts
// that scripts/gen-abi.js compiled from the C header, so offsets never drift.
import type { StructLayout } from '../abi/abi';

export class StructBuffer<Layout extends StructLayout> {
  readonly buffer: Buffer;

  constructor(private readonly layout: Layout) {
    this.buffer = Buffer.alloc(layout.size);
  }

  private member(name: keyof Layout['members'] & string) {
    const member = this.layout.members[name];
    if (!member) throw new Error(`no member ${name}`);
    return member;
  }

  getUint(name: keyof Layout['members'] & string): bigint {
    const { offset, size } = this.member(name);
    return size === 8 ? this.buffer.readBigUInt64LE(offset) : BigInt(this.buffer.readUInt32LE(offset));
  }

  getNumber(name: keyof Layout['members'] & string): number {
    return Number(this.getUint(name));
  }

  getString(name: keyof Layout['members'] & string): string {
    const { offset, size } = this.member(name);
    const bytes = this.buffer.subarray(offset, offset + size);
    const end = bytes.indexOf(0);
    return bytes.subarray(0, end < 0 ? size : end).toString('utf8');
  }

  setInt(name: keyof Layout['members'] & string, value: number | bigint): this {
    const { offset, size } = this.member(name);
    if (size === 8) this.buffer.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), offset);
    else this.buffer.writeUInt32LE(Number(BigInt.asUintN(32, BigInt(value))), offset);
    return this;
  }
}
