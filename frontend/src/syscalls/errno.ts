// Errno names and messages for strace-style return values (x86_64 Linux).
//
// Names come from Node's os.constants.errno, which covers the POSIX set;
// Linux-only names Node lacks, and the kernel-internal restart codes a tracer
// sees at syscall exit, are listed here. Messages are glibc's strerror texts,
// which is what strace prints in parentheses.
import { constants } from 'node:os';

const LINUX_ONLY_NAMES: readonly (readonly [number, string])[] = [
  [15, 'ENOTBLK'],
  [44, 'ECHRNG'],
  [45, 'EL2NSYNC'],
  [46, 'EL3HLT'],
  [47, 'EL3RST'],
  [48, 'ELNRNG'],
  [49, 'EUNATCH'],
  [50, 'ENOCSI'],
  [51, 'EL2HLT'],
  [52, 'EBADE'],
  [53, 'EBADR'],
  [54, 'EXFULL'],
  [55, 'ENOANO'],
  [56, 'EBADRQC'],
  [57, 'EBADSLT'],
  [59, 'EBFONT'],
  [64, 'ENONET'],
  [65, 'ENOPKG'],
  [66, 'EREMOTE'],
  [68, 'EADV'],
  [69, 'ESRMNT'],
  [70, 'ECOMM'],
  [73, 'EDOTDOT'],
  [76, 'ENOTUNIQ'],
  [77, 'EBADFD'],
  [78, 'EREMCHG'],
  [79, 'ELIBACC'],
  [80, 'ELIBBAD'],
  [81, 'ELIBSCN'],
  [82, 'ELIBMAX'],
  [83, 'ELIBEXEC'],
  [85, 'ERESTART'],
  [86, 'ESTRPIPE'],
  [87, 'EUSERS'],
  [94, 'ESOCKTNOSUPPORT'],
  [96, 'EPFNOSUPPORT'],
  [108, 'ESHUTDOWN'],
  [109, 'ETOOMANYREFS'],
  [112, 'EHOSTDOWN'],
  [117, 'EUCLEAN'],
  [118, 'ENOTNAM'],
  [119, 'ENAVAIL'],
  [120, 'EISNAM'],
  [121, 'EREMOTEIO'],
  [123, 'ENOMEDIUM'],
  [124, 'EMEDIUMTYPE'],
  [126, 'ENOKEY'],
  [127, 'EKEYEXPIRED'],
  [128, 'EKEYREVOKED'],
  [129, 'EKEYREJECTED'],
  [130, 'EOWNERDEAD'],
  [131, 'ENOTRECOVERABLE'],
  [132, 'ERFKILL'],
  [133, 'EHWPOISON'],
];

/** glibc's strerror text by errno number. */
const GLIBC_MESSAGES = new Map<number, string>([
  [1, 'Operation not permitted'],
  [2, 'No such file or directory'],
  [3, 'No such process'],
  [4, 'Interrupted system call'],
  [5, 'Input/output error'],
  [6, 'No such device or address'],
  [7, 'Argument list too long'],
  [8, 'Exec format error'],
  [9, 'Bad file descriptor'],
  [10, 'No child processes'],
  [11, 'Resource temporarily unavailable'],
  [12, 'Cannot allocate memory'],
  [13, 'Permission denied'],
  [14, 'Bad address'],
  [15, 'Block device required'],
  [16, 'Device or resource busy'],
  [17, 'File exists'],
  [18, 'Invalid cross-device link'],
  [19, 'No such device'],
  [20, 'Not a directory'],
  [21, 'Is a directory'],
  [22, 'Invalid argument'],
  [23, 'Too many open files in system'],
  [24, 'Too many open files'],
  [25, 'Inappropriate ioctl for device'],
  [26, 'Text file busy'],
  [27, 'File too large'],
  [28, 'No space left on device'],
  [29, 'Illegal seek'],
  [30, 'Read-only file system'],
  [31, 'Too many links'],
  [32, 'Broken pipe'],
  [33, 'Numerical argument out of domain'],
  [34, 'Numerical result out of range'],
  [35, 'Resource deadlock avoided'],
  [36, 'File name too long'],
  [37, 'No locks available'],
  [38, 'Function not implemented'],
  [39, 'Directory not empty'],
  [40, 'Too many levels of symbolic links'],
  [42, 'No message of desired type'],
  [43, 'Identifier removed'],
  [44, 'Channel number out of range'],
  [45, 'Level 2 not synchronized'],
  [46, 'Level 3 halted'],
  [47, 'Level 3 reset'],
  [48, 'Link number out of range'],
  [49, 'Protocol driver not attached'],
  [50, 'No CSI structure available'],
  [51, 'Level 2 halted'],
  [52, 'Invalid exchange'],
  [53, 'Invalid request descriptor'],
  [54, 'Exchange full'],
  [55, 'No anode'],
  [56, 'Invalid request code'],
  [57, 'Invalid slot'],
  [59, 'Bad font file format'],
  [60, 'Device not a stream'],
  [61, 'No data available'],
  [62, 'Timer expired'],
  [63, 'Out of streams resources'],
  [64, 'Machine is not on the network'],
  [65, 'Package not installed'],
  [66, 'Object is remote'],
  [67, 'Link has been severed'],
  [68, 'Advertise error'],
  [69, 'Srmount error'],
  [70, 'Communication error on send'],
  [71, 'Protocol error'],
  [72, 'Multihop attempted'],
  [73, 'RFS specific error'],
  [74, 'Bad message'],
  [75, 'Value too large for defined data type'],
  [76, 'Name not unique on network'],
  [77, 'File descriptor in bad state'],
  [78, 'Remote address changed'],
  [79, 'Can not access a needed shared library'],
  [80, 'Accessing a corrupted shared library'],
  [81, '.lib section in a.out corrupted'],
  [82, 'Attempting to link in too many shared libraries'],
  [83, 'Cannot exec a shared library directly'],
  [84, 'Invalid or incomplete multibyte or wide character'],
  [85, 'Interrupted system call should be restarted'],
  [86, 'Streams pipe error'],
  [87, 'Too many users'],
  [88, 'Socket operation on non-socket'],
  [89, 'Destination address required'],
  [90, 'Message too long'],
  [91, 'Protocol wrong type for socket'],
  [92, 'Protocol not available'],
  [93, 'Protocol not supported'],
  [94, 'Socket type not supported'],
  [95, 'Operation not supported'],
  [96, 'Protocol family not supported'],
  [97, 'Address family not supported by protocol'],
  [98, 'Address already in use'],
  [99, 'Cannot assign requested address'],
  [100, 'Network is down'],
  [101, 'Network is unreachable'],
  [102, 'Network dropped connection on reset'],
  [103, 'Software caused connection abort'],
  [104, 'Connection reset by peer'],
  [105, 'No buffer space available'],
  [106, 'Transport endpoint is already connected'],
  [107, 'Transport endpoint is not connected'],
  [108, 'Cannot send after transport endpoint shutdown'],
  [109, 'Too many references: cannot splice'],
  [110, 'Connection timed out'],
  [111, 'Connection refused'],
  [112, 'Host is down'],
  [113, 'No route to host'],
  [114, 'Operation already in progress'],
  [115, 'Operation now in progress'],
  [116, 'Stale file handle'],
  [117, 'Structure needs cleaning'],
  [118, 'Not a XENIX named type file'],
  [119, 'No XENIX semaphores available'],
  [120, 'Is a named type file'],
  [121, 'Remote I/O error'],
  [122, 'Disk quota exceeded'],
  [123, 'No medium found'],
  [124, 'Wrong medium type'],
  [125, 'Operation canceled'],
  [126, 'Required key not available'],
  [127, 'Key has expired'],
  [128, 'Key has been revoked'],
  [129, 'Key was rejected by service'],
  [130, 'Owner died'],
  [131, 'State not recoverable'],
  [132, 'Operation not possible due to RF-kill'],
  [133, 'Memory page has hardware error'],
]);

/**
 * Codes the kernel uses inside a syscall that is interrupted and will be
 * restarted; a tracer at syscall exit sees them, user space never does.
 * strace prints them as `= ? ERESTARTSYS (...)`.
 */
const RESTART_CODES = new Map<number, readonly [string, string]>([
  [512, ['ERESTARTSYS', 'To be restarted if SA_RESTART is set']],
  [513, ['ERESTARTNOINTR', 'To be restarted']],
  [514, ['ERESTARTNOHAND', 'To be restarted if no handler']],
  [515, ['ENOIOCTLCMD', 'No ioctl command']],
  [516, ['ERESTART_RESTARTBLOCK', 'Interrupted by signal']],
  [517, ['EPROBE_DEFER', 'Driver requests probe retry']],
  [518, ['EOPENSTALE', 'Open found a stale dentry']],
  [519, ['ENOPARAM', 'Parameter not supported']],
  [521, ['EBADHANDLE', 'Illegal NFS file handle']],
  [524, ['ENOTSUPP', 'Operation not supported']],
]);

// Where Node lists two names for one number, strace prints the first of these.
const PREFERRED = new Set(['EAGAIN', 'EDEADLK', 'EOPNOTSUPP']);

function buildNames(): Map<number, string> {
  const names = new Map<number, string>(LINUX_ONLY_NAMES);
  for (const [name, value] of Object.entries(constants.errno)) {
    const known = names.get(value);
    if (known === undefined || (PREFERRED.has(name) && !PREFERRED.has(known))) names.set(value, name);
  }
  for (const [value, [name]] of RESTART_CODES) names.set(value, name);
  return names;
}

const NAMES = buildNames();
const NUMBERS = new Map<string, number>([
  ...Object.entries(constants.errno),
  ...LINUX_ONLY_NAMES.map(([value, name]) => [name, value] as const),
  ...[...NAMES].map(([value, name]) => [name, value] as const),
]);

/** Largest errno a syscall returns as -errno; larger negative values are results. */
export const MAX_ERRNO = 4095;

/** The errno's symbolic name, e.g. `ENOENT`; undefined for an unknown number. */
export function errnoName(errno: number): string | undefined {
  return NAMES.get(errno);
}

/** The errno's number by name, e.g. 2 for `ENOENT`. */
export function errnoNumber(name: string): number | undefined {
  return NUMBERS.get(name);
}

/** glibc's message for the errno; falls back to the name, then to `Unknown error N`. */
export function errnoMessage(errno: number): string {
  return GLIBC_MESSAGES.get(errno) ?? RESTART_CODES.get(errno)?.[1] ?? NAMES.get(errno) ?? `Unknown error ${errno}`;
}

/** Whether strace prints this errno as `= ? NAME` (the syscall is restarted, not failed). */
export function isRestartCode(errno: number): boolean {
  return errno >= 512 && errno <= 516;
}
