// The only file that touches the native ioctl binding, so it can be swapped
// (or faked in tests) without the rest of the frontend noticing.
import { errnoName } from '../syscalls/errno';

type NativeIoctl = (fd: number, request: number, arg: Buffer | number) => number;

let native: NativeIoctl | undefined;

function loadNative(): NativeIoctl {
  if (!native) {
    // ioctl-napi ships no types; its export is the bare function.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    native = require('ioctl-napi') as NativeIoctl;
  }
  return native;
}

export class IoctlError extends Error {
  constructor(
    readonly errno: number,
    readonly code: string,
    readonly request: number,
  ) {
    super(`ioctl ${request.toString(16)} failed: ${code}`);
  }
}

/** ioctl(2) with a buffer argument; throws IoctlError with the errno. */
export function ioctl(fd: number, request: number, arg: Buffer | number): number {
  try {
    return loadNative()(fd, request, arg);
  } catch (err) {
    // The binding reports errno as the error's code, as a decimal string.
    const errno = Number((err as { code?: unknown }).code);
    if (!Number.isInteger(errno)) throw err;
    throw new IoctlError(errno, errnoName(errno) ?? `E${errno}`, request);
  }
}

/** ioctl(2) whose argument is a raw integer (e.g. a deliberately bad pointer in tests). */
export function ioctlRaw(fd: number, request: number, arg: number): number {
  return ioctl(fd, request, arg);
}
