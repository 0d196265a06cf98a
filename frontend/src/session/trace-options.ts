// Turns command-line event and variable names into the masks the module takes.
import { CONSTANTS, EVENTS, VARIABLES, eventFamilies, expandEventNames, expandVariableNames, maskOf } from '../abi/abi';
import { UserError } from '../user-error';

/** What the strace-style commands record unless --vars says otherwise: strings for paths, buffers, argv. */
export const DEFAULT_VARS: readonly string[] = ['regs', 'pid', 'strings'];

/** Validates `-s N`: a non-negative integer (strace's default is 32). */
export function snaplenOf(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`bad -s value: ${String(value)} (a snap length in bytes, 0 or more)`, 2);
  return n;
}

/** The snap length to ask the module for: -s, capped at what it captures at most (KT_SNAPLEN_MAX). */
export function deviceSnaplen(snapLength: number): number {
  return Math.min(snapLength, CONSTANTS.KT_SNAPLEN_MAX);
}

export function splitList(values: readonly string[] | string | undefined): string[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function eventMask(names: readonly string[]): bigint {
  try {
    return maskOf(expandEventNames(names));
  } catch (err) {
    throw new UserError(
      `${(err as Error).message}; valid: all, ${eventFamilies().join(', ')}, ${EVENTS.map((e) => e.name).join(', ')}`,
      2,
    );
  }
}

export function varMask(names: readonly string[]): bigint {
  try {
    return maskOf(expandVariableNames(names));
  } catch (err) {
    throw new UserError(`${(err as Error).message}; valid: all, ${VARIABLES.map((v) => v.name).join(', ')}`, 2);
  }
}
