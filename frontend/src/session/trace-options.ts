// Turns command-line event and variable names into the masks the module takes.
import { EVENTS, VARIABLES, eventFamilies, expandEventNames, expandVariableNames, maskOf } from '../abi/abi';
import { UserError } from '../user-error';

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
