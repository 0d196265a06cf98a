// fsconfig as strace decodes it: the key a string for the set commands, the
// value by command (a string, bytes in hex, a path, or an address), and aux
// a descriptor where the command names one.
import { choice, DIRFD, FD, INT, PATH, PTR, shape, type ArgSpec, type CallShape } from './shape';
import { enumTable } from './xlat';

export const FSCONFIG_COMMANDS = enumTable('FSCONFIG_', [
  [0, 'FSCONFIG_SET_FLAG'],
  [1, 'FSCONFIG_SET_STRING'],
  [2, 'FSCONFIG_SET_BINARY'],
  [3, 'FSCONFIG_SET_PATH'],
  [4, 'FSCONFIG_SET_PATH_EMPTY'],
  [5, 'FSCONFIG_SET_FD'],
  [6, 'FSCONFIG_CMD_CREATE'],
  [7, 'FSCONFIG_CMD_RECONFIGURE'],
]);

/** Key and string value: strace reads at most 256 bytes of them (the kernel's limit), `...` without a NUL there. */
const STRING: ArgSpec = { kind: 'bounded-string', max: 256 };
/** The most bytes a binary value may have (the kernel's limit): a longer length prints the address. */
const FSCONFIG_BINARY_MAX = 1 << 20;
const COMMAND = choice(FSCONFIG_COMMANDS);
/** The binary value: aux bytes (an int: the upper bits are not its), every one as \xNN. */
const BINARY: ArgSpec = { kind: 'buf-in', lenArg: 4, max: FSCONFIG_BINARY_MAX, hex: true, intLength: true };

/** Key, value and aux of each set command; the others print addresses and an int. */
const BY_COMMAND: { readonly [command: string]: readonly [ArgSpec, ArgSpec, ArgSpec] } = {
  FSCONFIG_SET_FLAG: [STRING, PTR, INT],
  FSCONFIG_SET_STRING: [STRING, STRING, INT],
  FSCONFIG_SET_BINARY: [STRING, BINARY, INT],
  FSCONFIG_SET_PATH: [STRING, PATH, DIRFD],
  FSCONFIG_SET_PATH_EMPTY: [STRING, PATH, DIRFD],
  FSCONFIG_SET_FD: [STRING, PTR, FD],
};

export function fsconfig(raw: readonly bigint[]): CallShape {
  const command = FSCONFIG_COMMANDS.names.get(BigInt.asUintN(32, raw[1] ?? 0n));
  const rest = (command === undefined ? undefined : BY_COMMAND[command]) ?? [PTR, PTR, INT];
  return shape([FD, COMMAND, ...rest]);
}
