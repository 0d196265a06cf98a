// Errors meant for the person at the terminal: one clear line, an exit code.
import { DEFAULT_DEVICE } from './device/trace-device';
import { IoctlError } from './device/ioctl-binding';
import { errnoMessage, errnoNumber } from './syscalls/errno';

/**
 * Exit statuses, documented in --help and docs/ktrace.1 (EXIT STATUS):
 * 0 done; 1 a failure while working (damaged recording, I/O or device error);
 * 2 a usage error or a device that cannot be used; 3 an ABI mismatch;
 * 141 (128 + SIGPIPE) the reader of the output went away; 127 the command
 * to run was not found (session/held-child.ts); `run` exits with its
 * command's status.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, abi: 3, brokenPipe: 141 } as const;

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** "No such file or directory" for a Node system error, as strerror(3) says it; else its message. */
export function describeSystemError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const errno = typeof e?.code === 'string' ? errnoNumber(e.code) : undefined;
  if (errno !== undefined) return errnoMessage(errno);
  return err instanceof Error ? err.message : String(err);
}

const LOAD_HINT = 'load it with `sudo insmod trace.ko` (from a build of kmod/) or `sudo modprobe trace`';

/** Turns an open() failure on the device into an explanation. */
export function explainOpenError(err: unknown, path = DEFAULT_DEVICE): Error {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT' && path !== DEFAULT_DEVICE) return new UserError(`cannot open ${path}: ${describeSystemError(err)} (--device takes the trace device, ${DEFAULT_DEVICE})`, 2);
  if (code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV')
    return new UserError(`${path} does not exist: the ktrace module is not loaded; ${LOAD_HINT}`, 2);
  if (code === 'EACCES' || code === 'EPERM')
    return new UserError(`cannot open ${path}: permission denied (the device should be mode 0444; check its permissions)`, 2);
  if (code === 'EMFILE')
    return new UserError(`cannot open ${path}: too many readers open for your user (module parameter max_user_readers)`, 2);
  if (code === 'ENOMEM')
    return new UserError(`cannot open ${path}: your readers hold the memory allowed per user (module parameter max_user_kb), or the kernel is out of memory`, 2);
  if (code === 'EUSERS')
    return new UserError(`cannot open ${path}: too many different users are reading (64 at most)`, 2);
  if (code === 'EISDIR') return new UserError(`${path}: not the trace device: it is a directory (--device takes /dev/trace)`, 2);
  if (code === 'ENOTTY') return new UserError(`${path}: not the trace device: it does not answer ktrace's ioctls (--device takes /dev/trace)`, 2);
  return new UserError(`cannot open ${path}: ${describeSystemError(err)}`, 2);
}

/** SET_EVENTS or START refused with EACCES: the module parameter paranoid. */
export const PARANOID_MESSAGE =
  'permission denied: without CAP_PERFMON or CAP_SYS_ADMIN only syscall, proc, signal, fault, USDT and msg events of your own processes may be traced (module parameter paranoid=2); an administrator may allow all events with `echo 1 > /sys/module/trace/parameters/paranoid`';

/** Turns a configuration ioctl failure into an explanation. */
export function explainTargetError(err: unknown, pid: number): Error {
  if (!(err instanceof IoctlError)) return err instanceof Error ? err : new Error(String(err));
  if (err.code === 'ESRCH') return new UserError(`no process with pid ${pid}`);
  if (err.code === 'EPERM')
    return new UserError(
      `permission denied: you may not ptrace process ${pid} (another user's, setuid/setgid, non-dumpable or more capable); only CAP_PERFMON or CAP_SYS_ADMIN may trace it`,
    );
  if (err.code === 'EINVAL') return new UserError(`invalid pid ${pid}`);
  return err;
}

/**
 * Turns an EOPNOTSUPP from SET_EVENTS/SET_VARS into the names this kernel
 * cannot provide. @unavailable: the requested rows the module marks unavailable.
 */
export function explainMaskError(err: unknown, kind: 'event' | 'variable', unavailable: readonly { name: string; hook?: string }[]): Error {
  if (err instanceof IoctlError && err.code === 'EACCES') return new UserError(PARANOID_MESSAGE, 2);
  if (!(err instanceof IoctlError) || err.code !== 'EOPNOTSUPP') return err instanceof Error ? err : new Error(String(err));
  const what = unavailable.map((row) => (row.hook ? `${row.name} (${row.hook})` : row.name)).join(', ');
  return new UserError(
    `not available on this kernel: ${kind} ${what || '(unknown)'}; \`ktrace --${kind === 'event' ? 'events' : 'vars'} list\` shows what is`,
    2,
  );
}
