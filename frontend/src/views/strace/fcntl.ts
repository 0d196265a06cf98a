// fcntl's struct argument, as strace prints it for the lock and owner
// commands (x86-64 layouts, little-endian): struct flock (struct flock64
// is the same) and struct f_owner_ex.
import { SEEK_WHENCE } from '../../syscalls/constants';
import { enumTable, formatEnum } from '../../syscalls/xlat';

const LOCK_TYPES = enumTable('F_', [
  [0, 'F_RDLCK'],
  [1, 'F_WRLCK'],
  [2, 'F_UNLCK'],
  [4, 'F_EXLCK'],
  [8, 'F_SHLCK'],
]);

const OWNER_TYPES = enumTable('F_OWNER_', [
  [0, 'F_OWNER_TID'],
  [1, 'F_OWNER_PID'],
  [2, 'F_OWNER_PGRP'],
]);

const F_GETLK = 5n;
const F_SETLK = 6n;
const F_SETLKW = 7n;
const F_SETOWN_EX = 15n;
const F_GETOWN_EX = 16n;
const F_OFD_GETLK = 36n;
const F_OFD_SETLK = 37n;
const F_OFD_SETLKW = 38n;

const FLOCK_SIZE = 32;
const F_OWNER_EX_SIZE = 8;

/** What fcntl's third argument is for a command (an unsigned int), or undefined when no struct. */
export function fcntlStruct(cmd: bigint): { readonly size: number; readonly atExit: boolean } | undefined {
  switch (cmd) {
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
      return { size: FLOCK_SIZE, atExit: false };
    case F_GETLK:
    case F_OFD_GETLK:
      return { size: FLOCK_SIZE, atExit: true };
    case F_SETOWN_EX:
      return { size: F_OWNER_EX_SIZE, atExit: false };
    case F_GETOWN_EX:
      return { size: F_OWNER_EX_SIZE, atExit: true };
    default:
      return undefined;
  }
}

/**
 * `{l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=4096}`, with
 * `l_pid` for the lock a get command returned. l_type and l_whence are
 * shorts strace zero-extends.
 */
export function formatFlock(b: Uint8Array, withPid: boolean): string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const fields = [
    `l_type=${formatEnum(BigInt(v.getUint16(0, true)), LOCK_TYPES)}`,
    `l_whence=${formatEnum(BigInt(v.getUint16(2, true)), SEEK_WHENCE)}`,
    `l_start=${v.getBigInt64(8, true)}`,
    `l_len=${v.getBigInt64(16, true)}`,
  ];
  if (withPid) fields.push(`l_pid=${v.getInt32(24, true)}`);
  return `{${fields.join(', ')}}`;
}

/** `{type=F_OWNER_TID, pid=20}`. */
export function formatFOwnerEx(b: Uint8Array): string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return `{type=${formatEnum(BigInt(v.getUint32(0, true)), OWNER_TYPES)}, pid=${v.getInt32(4, true)}}`;
}

/** The struct of command @cmd from its captured bytes; undefined when they do not cover it. */
export function formatFcntlStruct(cmd: bigint, bytes: Uint8Array): string | undefined {
  const struct = fcntlStruct(cmd);
  if (struct === undefined || bytes.length < struct.size) return undefined;
  const b = bytes.subarray(0, struct.size);
  return struct.size === FLOCK_SIZE ? formatFlock(b, struct.atExit) : formatFOwnerEx(b);
}
