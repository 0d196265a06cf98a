// Symbolic printing of flag words and enumerated values, the way strace does:
// flags in table order joined by `|` with unknown bits as one hex remainder,
// unknown enum values as `0x7 /* SEEK_??? */`.

/** Bits with names; composite entries (several bits) must precede their parts. */
export interface FlagTable {
  readonly prefix: string;
  readonly entries: readonly (readonly [bigint, string])[];
  /** Printed for a zero value; `0` when absent. */
  readonly zero?: string;
}

/** Values with names. */
export interface EnumTable {
  readonly prefix: string;
  readonly names: ReadonlyMap<bigint, string>;
  /** How an unknown value prints: strace uses hex with a comment for most. */
  readonly unknown?: UnknownStyle;
  /** The comment's text when it is not PREFIX??? (strace's socket levels say SOL_??). */
  readonly unknownName?: string;
}

export function flagTable(prefix: string, entries: readonly (readonly [number | bigint, string])[], zero?: string): FlagTable {
  return { prefix, entries: entries.map(([value, name]) => [BigInt(value), name] as const), zero };
}

export type UnknownStyle = 'hex-comment' | 'hex' | 'decimal';

export function enumTable(
  prefix: string,
  entries: readonly (readonly [number | bigint, string])[],
  unknown: UnknownStyle = 'hex-comment',
): EnumTable {
  return { prefix, names: new Map(entries.map(([value, name]) => [BigInt(value), name])), unknown };
}

export function hex(value: bigint): string {
  return value === 0n ? '0' : `0x${value.toString(16)}`;
}

function unknownComment(value: bigint, prefix: string): string {
  return `${hex(value)} /* ${prefix}??? */`;
}

/** Names of the set bits in table order, and the bits no entry names. */
export function flagParts(value: bigint, table: FlagTable): { readonly names: string[]; readonly rest: bigint } {
  const names: string[] = [];
  let rest = value;
  for (const [bits, name] of table.entries) {
    if (bits !== 0n && (rest & bits) === bits) {
      names.push(name);
      rest &= ~bits;
    }
  }
  return { names, rest };
}

/**
 * Joins names and a hex remainder with `|`; with no names at all the
 * remainder prints in hex with a `PREFIX_???` comment, as strace does.
 */
export function joinFlags(names: readonly string[], rest: bigint, prefix: string): string {
  if (rest === 0n) return names.length > 0 ? names.join('|') : '0';
  if (names.length === 0) return unknownComment(rest, prefix);
  return [...names, hex(rest)].join('|');
}

export function formatFlags(value: bigint, table: FlagTable): string {
  if (value === 0n) return table.zero ?? '0';
  const { names, rest } = flagParts(value, table);
  return joinFlags(names, rest, table.prefix);
}

export function formatEnum(value: bigint, table: EnumTable): string {
  const name = table.names.get(value);
  if (name !== undefined) return name;
  if (table.unknown === 'decimal') return value.toString();
  if (table.unknown === 'hex') return hex(value);
  return table.unknownName === undefined ? unknownComment(value, table.prefix) : `${hex(value)} /* ${table.unknownName} */`;
}
