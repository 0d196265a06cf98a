// A minimal ELF64 reader: section and program headers, enough to find USDT notes.
import { UserError } from '../user-error';

export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly addr: bigint;
  readonly offset: number;
  readonly size: number;
}

export interface ElfSegment {
  readonly type: number;
  readonly flags: number;
  readonly offset: bigint;
  readonly vaddr: bigint;
  readonly filesz: bigint;
  readonly memsz: bigint;
}

export interface ElfFile {
  readonly bytes: Buffer;
  /** ET_EXEC, ET_DYN, ... */
  readonly type: number;
  readonly machine: number;
  readonly sections: readonly ElfSection[];
  readonly segments: readonly ElfSegment[];
}

export const SHT_NOTE = 7;
export const PT_LOAD = 1;
export const PF_X = 1;
export const EM_X86_64 = 62;

/** Thrown for a file that is not an ELF file this reader understands. */
export class ElfError extends UserError {}

function need(bytes: Buffer, off: number, len: number, what: string): void {
  if (off < 0 || off + len > bytes.length) throw new ElfError(`${what} at offset ${off} lies past the end of the file (${bytes.length} bytes)`);
}

/** Parses @bytes as a little-endian ELF64 file. @name is only for messages. */
export function parseElf(bytes: Buffer, name: string): ElfFile {
  if (bytes.length < 64 || bytes.readUInt32BE(0) !== 0x7f454c46) throw new ElfError(`${name}: not an ELF file`);
  if (bytes[4] !== 2) throw new ElfError(`${name}: not a 64-bit ELF file (only x86-64 USDT probes are supported)`);
  if (bytes[5] !== 1) throw new ElfError(`${name}: not a little-endian ELF file`);
  const type = bytes.readUInt16LE(16);
  const machine = bytes.readUInt16LE(18);
  const phoff = Number(bytes.readBigUInt64LE(32));
  const shoff = Number(bytes.readBigUInt64LE(40));
  const phentsize = bytes.readUInt16LE(54);
  const phnum = bytes.readUInt16LE(56);
  const shentsize = bytes.readUInt16LE(58);
  const shnum = bytes.readUInt16LE(60);
  const shstrndx = bytes.readUInt16LE(62);

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    need(bytes, p, 56, `${name}: program header ${i}`);
    segments.push({
      type: bytes.readUInt32LE(p),
      flags: bytes.readUInt32LE(p + 4),
      offset: bytes.readBigUInt64LE(p + 8),
      vaddr: bytes.readBigUInt64LE(p + 16),
      filesz: bytes.readBigUInt64LE(p + 32),
      memsz: bytes.readBigUInt64LE(p + 40),
    });
  }

  const raw: { nameOff: number; type: number; addr: bigint; offset: number; size: number }[] = [];
  for (let i = 0; i < shnum; i++) {
    const s = shoff + i * shentsize;
    need(bytes, s, 64, `${name}: section header ${i}`);
    raw.push({
      nameOff: bytes.readUInt32LE(s),
      type: bytes.readUInt32LE(s + 4),
      addr: bytes.readBigUInt64LE(s + 16),
      offset: Number(bytes.readBigUInt64LE(s + 24)),
      size: Number(bytes.readBigUInt64LE(s + 32)),
    });
  }
  const strtab = raw[shstrndx];
  const sections = raw.map((s) => {
    let sname = '';
    if (strtab && strtab.type !== 8) {
      const start = strtab.offset + s.nameOff;
      const end = bytes.indexOf(0, start);
      if (start < bytes.length && end >= 0) sname = bytes.toString('latin1', start, end);
    }
    return { name: sname, type: s.type, addr: s.addr, offset: s.offset, size: s.size };
  });
  return { bytes, type, machine, sections, segments };
}

/**
 * File offset of virtual address @addr through the PT_LOAD segment holding
 * it (@exec: only executable segments), or undefined when none holds it.
 */
export function vaddrToOffset(elf: ElfFile, addr: bigint, exec: boolean): bigint | undefined {
  for (const seg of elf.segments) {
    if (seg.type !== PT_LOAD || (exec && !(seg.flags & PF_X))) continue;
    if (addr >= seg.vaddr && addr < seg.vaddr + seg.memsz) return addr - seg.vaddr + seg.offset;
  }
  return undefined;
}
