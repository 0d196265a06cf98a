// Turns anything a command throws into the one line the user sees,
// `ktrace: <what>: <why>`, and its exit status (EXIT in user-error.ts).
import { IoctlError } from './device/ioctl-binding';
import { EXIT, UserError, describeSystemError } from './user-error';
import { errnoMessage } from './syscalls/errno';

/** The --help epilogue, also the man page's: what ktrace's exit statuses mean. */
export const EXIT_STATUS_HELP = [
  'Exit status:',
  '  0    done',
  '  1    failed while working: damaged or truncated recording, I/O or device error',
  '  2    usage error, or no usable trace device',
  '  3    the module and this ktrace speak different ABIs',
  '  141  the output was closed early (128+SIGPIPE), as in `ktrace report f | head`',
  '  127  the command to run or record was not found or is not executable',
  '  `ktrace run` exits with the status of its command.',
  'Errors are one line, `ktrace: what: why`; KTRACE_DEBUG=1 adds a stack trace.',
].join('\n');

export interface Failure {
  line: string;
  exitCode: number;
  /** The stack, shown only under KTRACE_DEBUG=1. */
  debug?: string;
}

export function failureLine(err: unknown): Failure {
  const debug = err instanceof Error ? err.stack : undefined;
  if (err instanceof UserError) return { line: `ktrace: ${err.message}`, exitCode: err.exitCode, debug };
  if (err instanceof IoctlError)
    return { line: `ktrace: trace device: ioctl 0x${err.request.toString(16)}: ${errnoMessage(err.errno)}`, exitCode: EXIT.failure, debug };
  const sys = err as NodeJS.ErrnoException;
  if (sys && typeof sys.code === 'string' && sys.syscall) {
    const what = sys.path ? `${sys.syscall} ${sys.path}` : sys.syscall;
    return { line: `ktrace: ${what}: ${describeSystemError(err)}`, exitCode: EXIT.failure, debug };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: `ktrace: internal error: ${message.split('\n')[0]}`, exitCode: EXIT.failure, debug };
}
