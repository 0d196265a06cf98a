// x86_64 syscall names, numbers and printing signatures.
import { SYSCALLS_X86_64 } from './table-x86_64';

export { TRACE_CLASSES } from './classes';
export { errnoMessage, errnoName, errnoNumber, isRestartCode, MAX_ERRNO } from './errno';
export { signatureOf } from './signatures';
export * from './shape';

const NAMES = new Map<number, string>(SYSCALLS_X86_64);
const NUMBERS = new Map<string, number>(SYSCALLS_X86_64.map(([nr, name]) => [name, nr]));

export function syscallName(nr: number): string | undefined {
  return NAMES.get(nr);
}

export function syscallNumber(name: string): number | undefined {
  return NUMBERS.get(name);
}

/** Every known syscall, ascending by number. */
export function allSyscalls(): readonly (readonly [number, string])[] {
  return SYSCALLS_X86_64;
}
