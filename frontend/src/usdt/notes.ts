// USDT probes of an ELF file: its .note.stapsdt notes, with addresses made file offsets.
import * as fs from 'node:fs';
import { parseElf, SHT_NOTE, vaddrToOffset, ElfError, type ElfFile } from './elf';
import { parseArgSpec, splitArgSpecs, UsdtArgError, type UsdtArg } from './args';

export const NT_STAPSDT = 3;

export interface UsdtNote {
  readonly provider: string;
  readonly name: string;
  /** Addresses as the note records them. */
  readonly pc: bigint;
  readonly base: bigint;
  readonly semaphore: bigint;
  /** The argument string, e.g. `-4@%edi 8@%rsi`. */
  readonly args: string;
}

export interface UsdtProbe extends UsdtNote {
  /** pc after the .stapsdt.base (prelink) correction. */
  readonly address: bigint;
  /** File offset of the probed instruction (what uprobes take). */
  readonly offset: bigint;
  /** File offset of the semaphore (uprobes' ref_ctr_offset), or 0n without one. */
  readonly semaphoreOffset: bigint;
  /** Parsed specs; an unsupported one is kept as its error. */
  readonly parsedArgs: readonly (UsdtArg | UsdtArgError)[];
}

function cString(buf: Buffer, start: number, end: number): [string, number] {
  const nul = buf.indexOf(0, start);
  if (nul < 0 || nul >= end) throw new ElfError(`stapsdt note string at offset ${start} is not NUL-terminated`);
  return [buf.toString('latin1', start, nul), nul + 1];
}

/** The stapsdt notes of @elf in file order. */
export function readNotes(elf: ElfFile): UsdtNote[] {
  const notes: UsdtNote[] = [];
  const b = elf.bytes;
  for (const sec of elf.sections) {
    if (sec.type !== SHT_NOTE || sec.name !== '.note.stapsdt') continue;
    const end = sec.offset + sec.size;
    if (end > b.length) throw new ElfError(`section .note.stapsdt ends past the end of the file`);
    let p = sec.offset;
    while (p + 12 <= end) {
      const namesz = b.readUInt32LE(p);
      const descsz = b.readUInt32LE(p + 4);
      const type = b.readUInt32LE(p + 8);
      const nameStart = p + 12;
      const descStart = nameStart + ((namesz + 3) & ~3);
      const next = descStart + ((descsz + 3) & ~3);
      if (descStart + descsz > end) throw new ElfError(`stapsdt note at offset ${p} overruns its section`);
      const owner = b.toString('latin1', nameStart, nameStart + Math.max(0, namesz - 1));
      if (owner === 'stapsdt' && type === NT_STAPSDT) {
        if (descsz < 24 + 3) throw new ElfError(`stapsdt note at offset ${p} is too short (${descsz} bytes)`);
        const descEnd = descStart + descsz;
        const pc = b.readBigUInt64LE(descStart);
        const base = b.readBigUInt64LE(descStart + 8);
        const semaphore = b.readBigUInt64LE(descStart + 16);
        let at = descStart + 24;
        let provider: string, name: string, args: string;
        [provider, at] = cString(b, at, descEnd);
        [name, at] = cString(b, at, descEnd);
        [args, at] = cString(b, at, descEnd);
        notes.push({ provider, name, pc, base, semaphore, args });
      }
      p = next;
    }
  }
  return notes;
}

/** Resolves notes to file offsets (prelink correction, program headers). */
export function resolveProbes(elf: ElfFile, notes: readonly UsdtNote[], file: string): UsdtProbe[] {
  const baseSection = elf.sections.find((s) => s.name === '.stapsdt.base');
  return notes.map((note) => {
    // A prelinked file moved its sections: .stapsdt.base says by how much.
    const address = baseSection && note.base !== 0n ? note.pc + (baseSection.addr - note.base) : note.pc;
    const offset = vaddrToOffset(elf, address, true);
    if (offset === undefined)
      throw new ElfError(`${file}: probe ${note.provider}:${note.name} at 0x${address.toString(16)} lies in no executable segment`);
    let semaphoreOffset = 0n;
    if (note.semaphore !== 0n) {
      const off = vaddrToOffset(elf, note.semaphore, false);
      if (off === undefined)
        throw new ElfError(`${file}: semaphore of ${note.provider}:${note.name} at 0x${note.semaphore.toString(16)} lies in no loaded segment`);
      semaphoreOffset = off;
    }
    const parsedArgs = splitArgSpecs(note.args).map((spec) => {
      try {
        return parseArgSpec(spec);
      } catch (err) {
        if (err instanceof UsdtArgError) return err;
        throw err;
      }
    });
    return { ...note, address, offset, semaphoreOffset, parsedArgs };
  });
}

/** The USDT probes of the ELF file at @path. */
export function readProbes(path: string): UsdtProbe[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new ElfError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((err as Error).message)}`);
  }
  const elf = parseElf(bytes, path);
  return resolveProbes(elf, readNotes(elf), path);
}
