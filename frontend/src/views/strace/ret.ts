// The text after `= `: a value, `-1 ENOENT (No such file or directory)`, or `?`.
import { ACCESS_MODES, FD_FLAGS, LEASE_TYPES, O_ACCMODE, OPEN_FLAGS, SEAL_FLAGS, signalName } from '../../syscalls/constants';
import { errnoMessage, errnoName, isRestartCode, MAX_ERRNO } from '../../syscalls/errno';
import type { RetKind } from '../../syscalls/shape';
import { CLOCK_STATES, IOPRIO_CLASSES, SCHED_POLICIES } from '../../syscalls/constants-process';
import { flagParts, formatEnum, formatFlags, hex, joinFlags, type FlagTable } from '../../syscalls/xlat';
import { formatMode } from './args';
import { isoTime } from './layouts';

export interface ReturnText {
  readonly text: string;
  /** The errno's name when the syscall failed. */
  readonly errno?: string;
}

/** The errno a raw return value stands for, or undefined for a result. */
export function errnoOf(ret: bigint): number | undefined {
  const signed = BigInt.asIntN(64, ret);
  return signed < 0n && signed >= -BigInt(MAX_ERRNO) ? Number(-signed) : undefined;
}

function fileFlags(value: bigint): string {
  const { names, rest } = flagParts(value & ~O_ACCMODE, OPEN_FLAGS);
  return joinFlags([ACCESS_MODES[Number(value & O_ACCMODE)], ...names], rest, 'O_');
}

/** An I/O priority: `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)` (class in bits 13-15). */
export function formatIoprio(value: bigint): string {
  const v = BigInt.asUintN(32, value);
  return `IOPRIO_PRIO_VALUE(${formatEnum(v >> 13n, IOPRIO_CLASSES)}, ${v & 0x1fffn})`;
}

/**
 * @note what strace adds in parentheses after a successful result, such as
 * poll's returned events: `1 ([{fd=3, revents=POLLIN}])`.
 */
export function formatReturn(kind: RetKind, ret: bigint | undefined, note?: string, retFlags?: FlagTable): ReturnText {
  if (ret === undefined || kind === 'none') return { text: '?' };
  // modify_ldt returns its int zero-extended: an errno in the low 32 bits follows the value.
  if (kind === 'ldt') {
    const low = BigInt.asIntN(32, ret);
    const value = BigInt.asUintN(64, ret);
    if (value <= 0xffff_ffffn && low < 0n && low >= -BigInt(MAX_ERRNO)) {
      const code = Number(-low);
      const name = errnoName(code) ?? `ERRNO_${code}`;
      return { text: `${value} ${name} (${errnoMessage(code)})`, errno: name };
    }
  }
  const errno = errnoOf(ret);
  if (errno !== undefined) {
    const name = errnoName(errno) ?? `ERRNO_${errno}`;
    const message = errnoMessage(errno);
    return { text: isRestartCode(errno) ? `? ${name} (${message})` : `-1 ${name} (${message})`, errno: name };
  }
  const value = BigInt.asIntN(64, ret);
  if (note !== undefined && value > 0n) return { text: `${value} (${note})` };
  switch (kind) {
    case 'hex':
      return { text: hex(BigInt.asUintN(64, ret)) };
    case 'octal':
      return { text: formatMode(value) };
    case 'timeout':
      return { text: value === 0n ? '0 (Timeout)' : value.toString() };
    case 'fd-flags':
      return { text: value === 0n ? '0' : `${hex(value)} (flags ${formatFlags(value, FD_FLAGS)})` };
    case 'file-flags':
      return { text: `${hex(value)} (flags ${fileFlags(value)})` };
    case 'lease': {
      const name = LEASE_TYPES.names.get(value);
      return { text: name === undefined ? hex(value) : `${hex(value)} (${name})` };
    }
    case 'seals':
      return { text: value === 0n ? '0' : `${hex(value)} (seals ${formatFlags(value, SEAL_FLAGS)})` };
    case 'uint':
      return { text: BigInt.asUintN(32, ret).toString() };
    case 'time':
      return { text: `${value} (${isoTime(value, -1n, 'local')})` };
    case 'signal':
      return { text: value > 0n ? `${value} (${signalName(Number(value))})` : value.toString() };
    case 'clock-state':
      return { text: `${value} (${formatEnum(value, CLOCK_STATES)})` };
    case 'sched-policy':
      return { text: `${value} (${formatEnum(value, SCHED_POLICIES)})` };
    case 'ioprio':
      return { text: `${value} (${formatIoprio(value)})` };
    case 'query-flags':
      return { text: value === 0n || retFlags === undefined ? hex(value) : `${hex(value)} (${formatFlags(value, retFlags)})` };
    case 'int':
    case 'ldt':
      return { text: value.toString() };
  }
}
