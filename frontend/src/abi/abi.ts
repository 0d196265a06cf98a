// Lookups over the generated ABI table. The table is small and fixed, so the
// indexes are built once at load and every lookup is a Map or array access.
import { EVENTS, FIELDS, VARIABLES, type EventRow, type FieldRow, type VariableRow } from './generated';

export * from './generated';

const eventsByName = new Map<string, EventRow>(EVENTS.map((e) => [e.name, e]));
const eventsByBit = new Map<number, EventRow>(EVENTS.map((e) => [e.bit, e]));
const fieldsByTag = new Map<number, FieldRow>(FIELDS.map((f) => [f.tag, f]));
const fieldsByName = new Map<string, FieldRow>(FIELDS.map((f) => [f.name, f]));
const varsByName = new Map<string, VariableRow>(VARIABLES.map((v) => [v.name, v]));
const varsByBit = new Map<number, VariableRow>(VARIABLES.map((v) => [v.bit, v]));

/** A field's tag by name; throws at load when the table has no such row. */
export function tagNamed(name: string): number {
  const field = fieldsByName.get(name);
  if (!field) throw new Error(`ABI table has no field ${name}`);
  return field.tag;
}

/**
 * Tags of the fields the decoder and views use by name. Looked up from the
 * table rather than written as numbers, so a renamed row fails at load.
 */
export const FieldTag = {
  TS_DELTA: tagNamed('ts_delta'),
  TS: tagNamed('ts'),
  SEQ: tagNamed('seq'),
  LOST_COUNT: tagNamed('lost_count'),
  SRC_CPU: tagNamed('src_cpu'),
  SYSNO: tagNamed('sysno'),
  ARG0: tagNamed('arg0'),
  RET: tagNamed('ret'),
  PID: tagNamed('pid'),
  TID: tagNamed('tid'),
  UID: tagNamed('uid'),
  EUID: tagNamed('euid'),
  COMM_LO: tagNamed('comm_lo'),
  COMM_HI: tagNamed('comm_hi'),
} as const;

/** Tags of the six syscall argument fields, arg0 first. */
export const ARG_TAGS: readonly number[] = [0, 1, 2, 3, 4, 5].map((i) => tagNamed(`arg${i}`));

/** Tags of the six STR fields holding the memory syscall argument i points to (variable `strings`). */
export const STR_ARG_TAGS: readonly number[] = [0, 1, 2, 3, 4, 5].map((i) => tagNamed(`str_arg${i}`));

export function eventByName(name: string): EventRow | undefined {
  return eventsByName.get(name);
}

export function eventByBit(bit: number): EventRow | undefined {
  return eventsByBit.get(bit);
}

export function fieldByTag(tag: number): FieldRow | undefined {
  return fieldsByTag.get(tag);
}

export function fieldByName(name: string): FieldRow | undefined {
  return fieldsByName.get(name);
}

export function varByName(name: string): VariableRow | undefined {
  return varsByName.get(name);
}

export function varByBit(bit: number): VariableRow | undefined {
  return varsByBit.get(bit);
}

/** Whether the 64-bit value of this field is to be read as unsigned (CHARS are packed bytes). */
export function isUnsignedField(tag: number): boolean {
  const type = fieldsByTag.get(tag)?.type;
  return type === 'U64' || type === 'KADDR' || type === 'CHARS';
}

/** Whether the field's content is an OCTET STRING (status byte and bytes), not an integer. */
export function isStringField(tag: number): boolean {
  return fieldsByTag.get(tag)?.type === 'STR';
}

export function eventFamilies(): string[] {
  return [...new Set(EVENTS.map((e) => e.family))];
}

/**
 * Expands user-given event names: an event name stands for itself, a family
 * name (e.g. `syscall`) for its events, `all` for every event. Throws on an
 * unknown name so a typo never silently traces nothing.
 */
export function expandEventNames(names: readonly string[]): EventRow[] {
  const chosen = new Set<EventRow>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === 'all') {
      EVENTS.forEach((e) => chosen.add(e));
      continue;
    }
    const event = eventsByName.get(name);
    if (event) {
      chosen.add(event);
      continue;
    }
    const family = EVENTS.filter((e) => e.family === name);
    if (family.length === 0) throw new Error(`unknown event or event family: ${name}`);
    family.forEach((e) => chosen.add(e));
  }
  return [...chosen].sort((a, b) => a.bit - b.bit);
}

/** Mask with the bits of the given rows set, as a bigint (masks are 64-bit). */
export function maskOf(rows: readonly { readonly bit: number }[]): bigint {
  let mask = 0n;
  for (const row of rows) mask |= 1n << BigInt(row.bit);
  return mask;
}

/** Rows whose bit is set in the mask, in table order. */
export function rowsInMask<Row extends { readonly bit: number }>(rows: readonly Row[], mask: bigint): Row[] {
  return rows.filter((row) => (mask >> BigInt(row.bit)) & 1n);
}

/** Expands variable names (`all` for every variable); throws on an unknown name. */
export function expandVariableNames(names: readonly string[]): VariableRow[] {
  const chosen = new Set<VariableRow>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === 'all') {
      VARIABLES.forEach((v) => chosen.add(v));
      continue;
    }
    const variable = varsByName.get(name);
    if (!variable) throw new Error(`unknown variable: ${name}`);
    chosen.add(variable);
  }
  return [...chosen].sort((a, b) => a.bit - b.bit);
}
