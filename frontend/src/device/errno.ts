import { constants } from 'node:os';

const names = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) {
  if (!names.has(value)) names.set(value, name);
}

/** ENOENT for 2, and so on; E<n> for numbers Node does not name. */
export function errnoName(errno: number): string {
  return names.get(errno) ?? `E${errno}`;
}
