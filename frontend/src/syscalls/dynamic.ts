// Signatures whose printed arguments depend on other arguments' values, as
// strace decodes them: open's mode only with O_CREAT/O_TMPFILE, fcntl's third
// argument by command, futex's argument count by operation, clone's labels.
import {
  ADDRESS_FAMILIES,
  AF_INET,
  AF_INET6,
  AF_NETLINK,
  ARCH_PRCTL_CODES,
  CLONE_CHILD_TID_FLAGS,
  CLONE_PARENT_SETTID,
  CLONE_SETTLS,
  DN_FLAGS,
  FCNTL_COMMANDS,
  FD_FLAGS,
  FUTEX_COMMANDS,
  FUTEX_CLOCK_REALTIME,
  FUTEX_PRIVATE_FLAG,
  IOCTL_REQUESTS,
  IP_PROTOCOLS,
  LEASE_TYPES,
  NETLINK_PROTOCOLS,
  O_CREAT,
  O_TMPFILE_BIT,
  SEAL_FLAGS,
  SOCKET_LEVELS,
  SOL_IP_OPTIONS,
  SOL_IPV6_OPTIONS,
  SOL_SOCKET_OPTIONS,
  SOL_TCP_OPTIONS,
  SOL_NETLINK_OPTIONS,
} from './constants';
import {
  choice,
  DIRFD,
  FD,
  flags,
  HEX,
  INT,
  MODE,
  OUT,
  PATH,
  PTR,
  shape,
  SIGNAL,
  TIMESPEC,
  UINT,
  type ArgSlot,
  type ArgSpec,
  type CallShape,
} from './shape';
import { enumTable } from './xlat';

const OPEN_FLAGS_ARG: ArgSpec = { kind: 'open-flags' };

function needsMode(openFlags: bigint): boolean {
  return (openFlags & (O_CREAT | O_TMPFILE_BIT)) !== 0n;
}

export function open(raw: readonly bigint[]): CallShape {
  return shape(needsMode(raw[1]) ? [PATH, OPEN_FLAGS_ARG, MODE] : [PATH, OPEN_FLAGS_ARG]);
}

export function openat(raw: readonly bigint[]): CallShape {
  return shape(needsMode(raw[2]) ? [DIRFD, PATH, OPEN_FLAGS_ARG, MODE] : [DIRFD, PATH, OPEN_FLAGS_ARG]);
}

export function socket(raw: readonly bigint[]): CallShape {
  return shape([choice(ADDRESS_FAMILIES), { kind: 'socket-type' }, protocolFor(raw[0])]);
}

export function socketpair(raw: readonly bigint[]): CallShape {
  return shape([choice(ADDRESS_FAMILIES), { kind: 'socket-type' }, protocolFor(raw[0]), { kind: 'pipe-fds' }]);
}

function protocolFor(family: bigint): ArgSpec {
  const f = BigInt.asUintN(32, family);
  if (f === AF_INET || f === AF_INET6) return choice(IP_PROTOCOLS);
  if (f === AF_NETLINK) return choice(NETLINK_PROTOCOLS);
  return INT;
}

const FCNTL_CMD = choice(FCNTL_COMMANDS);
const FCNTL_NO_ARG = new Set(['F_GETFD', 'F_GETFL', 'F_GETOWN', 'F_GETSIG', 'F_GETLEASE', 'F_GETPIPE_SZ', 'F_GET_SEALS']);
const FCNTL_INT_ARG = new Set(['F_DUPFD', 'F_DUPFD_CLOEXEC', 'F_SETOWN', 'F_SETPIPE_SZ']);
const FCNTL_PTR_ARG = new Set(['F_SETLK', 'F_SETLKW', 'F_OFD_SETLK', 'F_OFD_SETLKW', 'F_SETOWN_EX']);
/** Commands whose struct the kernel fills in: strace prints it at exit. */
const FCNTL_OUT_ARG = new Set(['F_GETLK', 'F_OFD_GETLK', 'F_GETOWN_EX']);

export function fcntl(raw: readonly bigint[]): CallShape {
  const cmd = FCNTL_COMMANDS.names.get(BigInt.asUintN(32, raw[1]));
  if (cmd === 'F_GETFD') return shape([FD, FCNTL_CMD], 'fd-flags');
  if (cmd === 'F_GETFL') return shape([FD, FCNTL_CMD], 'file-flags');
  if (cmd === 'F_GETLEASE') return shape([FD, FCNTL_CMD], 'lease');
  if (cmd === 'F_GETSIG') return shape([FD, FCNTL_CMD], 'signal');
  if (cmd === 'F_GET_SEALS') return shape([FD, FCNTL_CMD], 'seals');
  if (cmd !== undefined && FCNTL_NO_ARG.has(cmd)) return shape([FD, FCNTL_CMD]);
  if (cmd !== undefined && FCNTL_INT_ARG.has(cmd)) return shape([FD, FCNTL_CMD, INT]);
  if (cmd !== undefined && FCNTL_PTR_ARG.has(cmd)) return shape([FD, FCNTL_CMD, PTR]);
  if (cmd !== undefined && FCNTL_OUT_ARG.has(cmd)) return shape([FD, FCNTL_CMD, OUT]);
  if (cmd === 'F_SETFD') return shape([FD, FCNTL_CMD, flags(FD_FLAGS)]);
  if (cmd === 'F_SETFL') return shape([FD, FCNTL_CMD, OPEN_FLAGS_ARG]);
  if (cmd === 'F_SETSIG') return shape([FD, FCNTL_CMD, SIGNAL]);
  if (cmd === 'F_SETLEASE') return shape([FD, FCNTL_CMD, choice(LEASE_TYPES)]);
  if (cmd === 'F_NOTIFY') return shape([FD, FCNTL_CMD, flags(DN_FLAGS)]);
  if (cmd === 'F_ADD_SEALS') return shape([FD, FCNTL_CMD, flags(SEAL_FLAGS)]);
  return shape([FD, FCNTL_CMD, HEX]);
}

export function ioctl(raw: readonly bigint[]): CallShape {
  const known = IOCTL_REQUESTS.names.has(BigInt.asUintN(32, raw[1]));
  return shape([FD, { kind: 'ioctl-request' }, known ? PTR : HEX]);
}

export function archPrctl(raw: readonly bigint[]): CallShape {
  const code = ARCH_PRCTL_CODES.names.get(BigInt.asUintN(32, raw[0]));
  const codeArg = choice(ARCH_PRCTL_CODES);
  if (code === 'ARCH_GET_CPUID') return shape([codeArg]);
  if (code === 'ARCH_GET_FS' || code === 'ARCH_GET_GS') return shape([codeArg, OUT]);
  return shape([codeArg, HEX]);
}

const FUTEX_OP: ArgSpec = { kind: 'futex-op' };
const BITSET: ArgSpec = choice(enumTable('FUTEX_', [[0xffffffff, 'FUTEX_BITSET_MATCH_ANY']], 'hex'));
const FUTEX_ARGS: { readonly [command: string]: readonly ArgSpec[] } = {
  FUTEX_WAIT: [PTR, FUTEX_OP, INT, TIMESPEC],
  FUTEX_WAKE: [PTR, FUTEX_OP, INT],
  FUTEX_FD: [PTR, FUTEX_OP, INT],
  FUTEX_REQUEUE: [PTR, FUTEX_OP, INT, UINT, PTR],
  FUTEX_CMP_REQUEUE: [PTR, FUTEX_OP, INT, UINT, PTR, INT],
  FUTEX_WAKE_OP: [PTR, FUTEX_OP, INT, UINT, PTR, HEX],
  FUTEX_LOCK_PI: [PTR, FUTEX_OP, TIMESPEC],
  FUTEX_LOCK_PI2: [PTR, FUTEX_OP, TIMESPEC],
  FUTEX_UNLOCK_PI: [PTR, FUTEX_OP],
  FUTEX_TRYLOCK_PI: [PTR, FUTEX_OP],
  FUTEX_WAIT_BITSET: [PTR, FUTEX_OP, INT, TIMESPEC, BITSET],
  FUTEX_WAKE_BITSET: [PTR, FUTEX_OP, INT, BITSET],
  FUTEX_WAIT_REQUEUE_PI: [PTR, FUTEX_OP, INT, TIMESPEC, PTR],
  FUTEX_CMP_REQUEUE_PI: [PTR, FUTEX_OP, INT, UINT, PTR, INT],
};

export function futex(raw: readonly bigint[]): CallShape {
  const command = BigInt.asUintN(32, raw[1]) & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  const name = FUTEX_COMMANDS.names.get(command);
  const args = name !== undefined ? FUTEX_ARGS[name] : undefined;
  // The kernel slot order for a bitset is arg5 (val3); uaddr2 (arg4) is skipped.
  if (name === 'FUTEX_WAIT_BITSET' || name === 'FUTEX_WAKE_BITSET') {
    const specs = args ?? [];
    const slots: ArgSlot[] = specs.map((spec, i) => ({ ...spec, index: i === specs.length - 1 ? 5 : i }));
    return { args: slots, ret: 'int' };
  }
  return shape(args ?? [PTR, FUTEX_OP, INT, PTR, PTR, INT]);
}

/** clone(flags, stack, parent_tid, child_tid, tls) as strace labels it on x86_64. */
export function clone(raw: readonly bigint[]): CallShape {
  const cloneFlags = raw[0];
  const args: ArgSlot[] = [
    { ...PTR, index: 1, label: 'child_stack' },
    { kind: 'clone-flags', index: 0, label: 'flags' },
  ];
  if (cloneFlags & CLONE_PARENT_SETTID) args.push({ ...PTR, index: 2, label: 'parent_tid' });
  if (cloneFlags & CLONE_SETTLS) args.push({ ...PTR, index: 4, label: 'tls' });
  if (cloneFlags & CLONE_CHILD_TID_FLAGS) args.push({ ...PTR, index: 3, label: 'child_tidptr' });
  return { args, ret: 'int' };
}

/** Option names by level; a level without a table prints its options in decimal, as strace. */
const SOCKET_OPTION_TABLES: ReadonlyMap<bigint, ReturnType<typeof enumTable>> = new Map([
  [0n, SOL_IP_OPTIONS],
  [1n, SOL_SOCKET_OPTIONS],
  [6n, SOL_TCP_OPTIONS],
  [270n, SOL_NETLINK_OPTIONS],
  [41n, SOL_IPV6_OPTIONS],
]);
const UNNAMED_OPTIONS = enumTable('', [], 'decimal');

function socketOption(level: bigint | undefined): ArgSpec {
  return choice(SOCKET_OPTION_TABLES.get(BigInt.asUintN(32, level ?? 0n)) ?? UNNAMED_OPTIONS);
}

/** setsockopt(fd, SOL_IP, IP_ADD_MEMBERSHIP, optval, optlen): the option named within its level; optlen a signed int. */
export function setsockopt(raw: readonly bigint[]): CallShape {
  return shape([FD, choice(SOCKET_LEVELS), socketOption(raw[1]), PTR, INT]);
}

/** getsockopt: optval and optlen are written by the kernel. */
export function getsockopt(raw: readonly bigint[]): CallShape {
  return shape([FD, choice(SOCKET_LEVELS), socketOption(raw[1]), OUT, OUT]);
}
