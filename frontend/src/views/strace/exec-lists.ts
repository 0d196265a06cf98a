// An exec's argv and envp where the memory they point to cannot all be
// read, as strace 6.1 prints them: an entry whose string cannot be read as
// its pointer, a list cut where its next pointer cannot be read as
// `... /* ADDR */`, an envp without its NULL as `/* 5 vars, unterminated */`.
// The module's argv_v field (kmod/ktrace_sysargs.h, docs/abi.md) says how
// each list ends and which entries could not be read; the argv field (kind
// argv) holds the strings before the first of those.
import { CONSTANTS } from '../../abi/abi';
import { hex } from '../../syscalls/xlat';
import { quoteBytes } from './quote';
import type { CapturedString, QuoteOptions } from './types';

/** How a pointer list ends: at its NULL, at a pointer that cannot be read (`fault`), or not read to its end. */
export interface ListEnd {
  /** The pointers before its end. */
  readonly count: number;
  readonly end: 'null' | 'fault' | 'long';
  /** The address of the pointer that could not be read (`fault`). */
  readonly fault: bigint;
}

/** One argv entry of an argv_v field: a string (its bytes from the first unreadable entry on), or the pointer of one that cannot be read. */
export type ArgvEntry = { readonly string: true; readonly cut: boolean; readonly bytes?: Uint8Array } | { readonly string: false; readonly pointer: bigint };

export interface ExecLists {
  readonly argv: ListEnd;
  readonly envp: ListEnd;
  /** argv's first entry whose string could not be read: the argv field holds the strings before it. */
  readonly first: number;
  readonly entries: readonly ArgvEntry[];
}

const HEAD_BYTES = 36;
const ENDS = ['null', 'fault', 'long'] as const;

function listEnd(view: DataView, at: number): ListEnd | undefined {
  const end = ENDS[view.getUint32(at + 4, true)];
  return end === undefined ? undefined : { count: view.getUint32(at, true), end, fault: view.getBigUint64(at + 8, true) };
}

/** An argv_v field's contents; undefined when it is absent, unavailable or malformed. */
export function decodeExecLists(s: CapturedString | undefined): ExecLists | undefined {
  if (s === undefined || 'unavailable' in s || s.bytes.length < HEAD_BYTES) return undefined;
  const { bytes } = s;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const argv = listEnd(view, 0);
  const envp = listEnd(view, 16);
  if (argv === undefined || envp === undefined) return undefined;
  const first = view.getUint32(32, true);
  const entries: ArgvEntry[] = [];
  for (let at = HEAD_BYTES; at < bytes.length; ) {
    const status = bytes[at++];
    if (entries.length < first) {
      if (status > 1) break;
      entries.push({ string: true, cut: status === 1 });
    } else if (status === 2) {
      if (at + 8 > bytes.length) break;
      entries.push({ string: false, pointer: view.getBigUint64(at, true) });
      at += 8;
    } else if (status <= 1) {
      const nul = bytes.indexOf(0, at);
      if (nul < 0) break;
      entries.push({ string: true, cut: status === 1, bytes: bytes.subarray(at, nul) });
      at = nul + 1;
    } else {
      break;
    }
  }
  return { argv, envp, first, entries };
}

/** The strings of an argv field (kind argv): each followed by a NUL. */
export function argvStrings(bytes: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const nul = bytes.indexOf(0, at);
    const end = nul < 0 ? bytes.length : nul;
    entries.push(bytes.subarray(at, end));
    at = end + 1;
  }
  return entries;
}

/**
 * argv as strace prints it, from the argv field's strings (undefined when
 * it was not captured) and the argv_v field: strace reads one pointer past
 * the snap length's entries, so a list cut there shows its address.
 */
export function formatArgvLists(
  raw: bigint,
  strings: { readonly bytes: Uint8Array; readonly truncated: boolean } | undefined,
  lists: ExecLists,
  quote: QuoteOptions,
): string {
  const { count, end, fault } = lists.argv;
  if (count === 0 && end === 'fault') return hex(raw);
  const held = strings === undefined ? [] : argvStrings(strings.bytes);
  const limit = quote.snapLength;
  const items: string[] = [];
  const quoted = (bytes: Uint8Array, cut: boolean): string => quoteBytes(bytes.subarray(0, limit), cut || bytes.length > limit, quote.hexStrings);
  for (let i = 0; ; i++) {
    if (i === count) {
      if (end === 'fault') items.push(`... /* ${hex(fault)} */`);
      else if (end === 'long') items.push('...');
      break;
    }
    if (i >= limit) {
      items.push('...');
      break;
    }
    const entry = lists.entries[i] as ArgvEntry | undefined;
    if (i < held.length) {
      // The argv field's string (a failed exec's may come from its exit, read where the entry could not).
      const cut = entry?.string === true ? entry.cut : strings?.truncated === true && held[i].length >= Math.min(limit, CONSTANTS.KT_SNAPLEN_MAX);
      items.push(quoted(held[i], cut));
    } else if (entry !== undefined && !entry.string) {
      items.push(hex(entry.pointer));
    } else if (entry?.string === true && entry.bytes !== undefined) {
      items.push(quoted(entry.bytes, entry.cut));
    } else {
      // Not held (the record's room): more follow.
      items.push('...');
      break;
    }
  }
  return `[${items.join(', ')}]`;
}

/** envp's count comment from the argv_v field: `/* 5 vars, unterminated *\/`; undefined when strace prints the address alone. */
export function envpComment(lists: ExecLists): string | undefined {
  const { count, end } = lists.envp;
  if (end === 'long' || (end === 'fault' && count === 0)) return undefined;
  return `/* ${count} var${count === 1 ? '' : 's'}${end === 'fault' ? ', unterminated' : ''} */`;
}
