// Symbolic constants of the x86_64 Linux user ABI (include/uapi and the
// x86 asm headers), in the order strace prints them. Values are facts of
// the kernel ABI; the order of composite entries matters (see xlat.ts).
import { enumTable, flagTable, type EnumTable } from './xlat';

export const AT_FDCWD = -100;

/** open(2) flags other than the access mode (the low two bits). */
export const OPEN_FLAGS = flagTable('O_', [
  [0o100, 'O_CREAT'],
  [0o200, 'O_EXCL'],
  [0o400, 'O_NOCTTY'],
  [0o1000, 'O_TRUNC'],
  [0o2000, 'O_APPEND'],
  [0o4000, 'O_NONBLOCK'],
  [0o4010000, 'O_SYNC'], // __O_SYNC|O_DSYNC
  [0o10000, 'O_DSYNC'],
  [0o40000, 'O_DIRECT'],
  [0o100000, 'O_LARGEFILE'],
  [0o400000, 'O_NOFOLLOW'],
  [0o1000000, 'O_NOATIME'],
  [0o2000000, 'O_CLOEXEC'],
  [0o10000000, 'O_PATH'],
  [0o20200000, 'O_TMPFILE'], // __O_TMPFILE|O_DIRECTORY
  [0o20000000, '__O_TMPFILE'],
  [0o200000, 'O_DIRECTORY'],
  [0o20000, 'FASYNC'],
]);

export const O_ACCMODE = 3n;
export const O_CREAT = 0o100n;
export const O_TMPFILE_BIT = 0o20000000n;
export const ACCESS_MODES = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE'] as const;

export const FD_FLAGS = flagTable('FD_', [[1, 'FD_CLOEXEC']]);

/** fcntl F_NOTIFY's events. */
export const DN_FLAGS = flagTable('DN_', [
  [0x1, 'DN_ACCESS'],
  [0x2, 'DN_MODIFY'],
  [0x4, 'DN_CREATE'],
  [0x8, 'DN_DELETE'],
  [0x10, 'DN_RENAME'],
  [0x20, 'DN_ATTRIB'],
  [0x80000000, 'DN_MULTISHOT'],
]);

/** fcntl F_ADD_SEALS's seals. */
export const SEAL_FLAGS = flagTable('F_SEAL_', [
  [0x1, 'F_SEAL_SEAL'],
  [0x2, 'F_SEAL_SHRINK'],
  [0x4, 'F_SEAL_GROW'],
  [0x8, 'F_SEAL_WRITE'],
  [0x10, 'F_SEAL_FUTURE_WRITE'],
]);

export const AT_FLAGS = flagTable('AT_', [
  [0x100, 'AT_SYMLINK_NOFOLLOW'],
  [0x200, 'AT_REMOVEDIR'],
  [0x400, 'AT_SYMLINK_FOLLOW'],
  [0x800, 'AT_NO_AUTOMOUNT'],
  [0x1000, 'AT_EMPTY_PATH'],
  [0x8000, 'AT_RECURSIVE'],
]);

/** faccessat2 flags: 0x200 means AT_EACCESS here, not AT_REMOVEDIR. */
export const FACCESSAT_FLAGS = flagTable('AT_', [
  [0x100, 'AT_SYMLINK_NOFOLLOW'],
  [0x200, 'AT_EACCESS'],
  [0x1000, 'AT_EMPTY_PATH'],
]);

export const AT_STATX_SYNC_TYPE = 0x6000n;
export const STATX_SYNC_TYPES = enumTable('AT_STATX_', [
  [0, 'AT_STATX_SYNC_AS_STAT'],
  [0x2000, 'AT_STATX_FORCE_SYNC'],
  [0x4000, 'AT_STATX_DONT_SYNC'],
]);

export const STATX_MASK = flagTable('STATX_', [
  [0xfff, 'STATX_ALL'],
  [0x7ff, 'STATX_BASIC_STATS'],
  [0x1, 'STATX_TYPE'],
  [0x2, 'STATX_MODE'],
  [0x4, 'STATX_NLINK'],
  [0x8, 'STATX_UID'],
  [0x10, 'STATX_GID'],
  [0x20, 'STATX_ATIME'],
  [0x40, 'STATX_MTIME'],
  [0x80, 'STATX_CTIME'],
  [0x100, 'STATX_INO'],
  [0x200, 'STATX_SIZE'],
  [0x400, 'STATX_BLOCKS'],
  [0x800, 'STATX_BTIME'],
  [0x1000, 'STATX_MNT_ID'],
  [0x2000, 'STATX_DIOALIGN'],
]);

export const ACCESS_FLAGS = flagTable(
  '',
  [
    [4, 'R_OK'],
    [2, 'W_OK'],
    [1, 'X_OK'],
  ],
  'F_OK',
);

export const PROT_FLAGS = flagTable(
  'PROT_',
  [
    [0x1, 'PROT_READ'],
    [0x2, 'PROT_WRITE'],
    [0x4, 'PROT_EXEC'],
    [0x8, 'PROT_SEM'],
    [0x01000000, 'PROT_GROWSDOWN'],
    [0x02000000, 'PROT_GROWSUP'],
  ],
  'PROT_NONE',
);

export const MAP_TYPE_MASK = 0xfn;
export const MAP_TYPES = enumTable('MAP_', [
  [0, 'MAP_FILE'],
  [1, 'MAP_SHARED'],
  [2, 'MAP_PRIVATE'],
  [3, 'MAP_SHARED_VALIDATE'],
]);

export const MAP_FLAGS = flagTable('MAP_', [
  [0x10, 'MAP_FIXED'],
  [0x20, 'MAP_ANONYMOUS'],
  [0x40, 'MAP_32BIT'],
  [0x4000, 'MAP_NORESERVE'],
  [0x8000, 'MAP_POPULATE'],
  [0x10000, 'MAP_NONBLOCK'],
  [0x100, 'MAP_GROWSDOWN'],
  [0x800, 'MAP_DENYWRITE'],
  [0x1000, 'MAP_EXECUTABLE'],
  [0x2000, 'MAP_LOCKED'],
  [0x20000, 'MAP_STACK'],
  [0x40000, 'MAP_HUGETLB'],
  [0x80000, 'MAP_SYNC'],
  [0x100000, 'MAP_FIXED_NOREPLACE'],
  [0x4000000, 'MAP_UNINITIALIZED'],
]);

export const MADVISE_ADVICE = enumTable('MADV_', [
  [0, 'MADV_NORMAL'],
  [1, 'MADV_RANDOM'],
  [2, 'MADV_SEQUENTIAL'],
  [3, 'MADV_WILLNEED'],
  [4, 'MADV_DONTNEED'],
  [8, 'MADV_FREE'],
  [9, 'MADV_REMOVE'],
  [10, 'MADV_DONTFORK'],
  [11, 'MADV_DOFORK'],
  [12, 'MADV_MERGEABLE'],
  [13, 'MADV_UNMERGEABLE'],
  [14, 'MADV_HUGEPAGE'],
  [15, 'MADV_NOHUGEPAGE'],
  [16, 'MADV_DONTDUMP'],
  [17, 'MADV_DODUMP'],
  [18, 'MADV_WIPEONFORK'],
  [19, 'MADV_KEEPONFORK'],
  [20, 'MADV_COLD'],
  [21, 'MADV_PAGEOUT'],
  [22, 'MADV_POPULATE_READ'],
  [23, 'MADV_POPULATE_WRITE'],
  [24, 'MADV_DONTNEED_LOCKED'],
  [25, 'MADV_COLLAPSE'],
  [100, 'MADV_HWPOISON'],
  [101, 'MADV_SOFT_OFFLINE'],
]);

const SIGNAL_NAMES = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE',
  'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT',
  'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU',
  'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];
const SIGRTMIN = 32;
const SIGRTMAX = 64;

/** Signal name as strace prints it (SIGRTMIN, SIGRT_1..SIGRT_32), else the number. */
export function signalName(signal: number): string {
  if (signal >= 1 && signal <= SIGNAL_NAMES.length) return SIGNAL_NAMES[signal - 1];
  if (signal === SIGRTMIN) return 'SIGRTMIN';
  if (signal > SIGRTMIN && signal <= SIGRTMAX) return `SIGRT_${signal - SIGRTMIN}`;
  return String(signal);
}

export const SIGPROCMASK_HOW = enumTable('SIG_', [
  [0, 'SIG_BLOCK'],
  [1, 'SIG_UNBLOCK'],
  [2, 'SIG_SETMASK'],
]);

export const ADDRESS_FAMILIES = enumTable('AF_', [
  [0, 'AF_UNSPEC'],
  [1, 'AF_UNIX'],
  [2, 'AF_INET'],
  [3, 'AF_AX25'],
  [4, 'AF_IPX'],
  [5, 'AF_APPLETALK'],
  [6, 'AF_NETROM'],
  [7, 'AF_BRIDGE'],
  [8, 'AF_ATMPVC'],
  [9, 'AF_X25'],
  [10, 'AF_INET6'],
  [11, 'AF_ROSE'],
  [12, 'AF_DECnet'],
  [13, 'AF_NETBEUI'],
  [14, 'AF_SECURITY'],
  [15, 'AF_KEY'],
  [16, 'AF_NETLINK'],
  [17, 'AF_PACKET'],
  [18, 'AF_ASH'],
  [19, 'AF_ECONET'],
  [20, 'AF_ATMSVC'],
  [21, 'AF_RDS'],
  [22, 'AF_SNA'],
  [23, 'AF_IRDA'],
  [24, 'AF_PPPOX'],
  [25, 'AF_WANPIPE'],
  [26, 'AF_LLC'],
  [27, 'AF_IB'],
  [28, 'AF_MPLS'],
  [29, 'AF_CAN'],
  [30, 'AF_TIPC'],
  [31, 'AF_BLUETOOTH'],
  [32, 'AF_IUCV'],
  [33, 'AF_RXRPC'],
  [34, 'AF_ISDN'],
  [35, 'AF_PHONET'],
  [36, 'AF_IEEE802154'],
  [37, 'AF_CAIF'],
  [38, 'AF_ALG'],
  [39, 'AF_NFC'],
  [40, 'AF_VSOCK'],
  [41, 'AF_KCM'],
  [42, 'AF_QIPCRTR'],
  [43, 'AF_SMC'],
  [44, 'AF_XDP'],
  [45, 'AF_MCTP'],
]);

export const AF_INET = 2n;
export const AF_INET6 = 10n;
export const AF_UNIX = 1n;
export const AF_NETLINK = 16n;

export const SOCKET_TYPE_MASK = 0xfn;
export const SOCKET_TYPES = enumTable('SOCK_', [
  [1, 'SOCK_STREAM'],
  [2, 'SOCK_DGRAM'],
  [3, 'SOCK_RAW'],
  [4, 'SOCK_RDM'],
  [5, 'SOCK_SEQPACKET'],
  [6, 'SOCK_DCCP'],
  [10, 'SOCK_PACKET'],
]);

export const SOCKET_FLAGS = flagTable('SOCK_', [
  [0o2000000, 'SOCK_CLOEXEC'],
  [0o4000, 'SOCK_NONBLOCK'],
]);

export const IP_PROTOCOLS = enumTable('IPPROTO_', [
  [0, 'IPPROTO_IP'],
  [1, 'IPPROTO_ICMP'],
  [2, 'IPPROTO_IGMP'],
  [4, 'IPPROTO_IPIP'],
  [6, 'IPPROTO_TCP'],
  [8, 'IPPROTO_EGP'],
  [12, 'IPPROTO_PUP'],
  [17, 'IPPROTO_UDP'],
  [22, 'IPPROTO_IDP'],
  [29, 'IPPROTO_TP'],
  [33, 'IPPROTO_DCCP'],
  [41, 'IPPROTO_IPV6'],
  [46, 'IPPROTO_RSVP'],
  [47, 'IPPROTO_GRE'],
  [50, 'IPPROTO_ESP'],
  [51, 'IPPROTO_AH'],
  [58, 'IPPROTO_ICMPV6'],
  [92, 'IPPROTO_MTP'],
  [94, 'IPPROTO_BEETPH'],
  [98, 'IPPROTO_ENCAP'],
  [103, 'IPPROTO_PIM'],
  [108, 'IPPROTO_COMP'],
  [115, 'IPPROTO_L2TP'],
  [132, 'IPPROTO_SCTP'],
  [136, 'IPPROTO_UDPLITE'],
  [137, 'IPPROTO_MPLS'],
  [143, 'IPPROTO_ETHERNET'],
  [255, 'IPPROTO_RAW'],
  [262, 'IPPROTO_MPTCP'],
]);

export const NETLINK_PROTOCOLS = enumTable('NETLINK_', [
  [0, 'NETLINK_ROUTE'],
  [2, 'NETLINK_USERSOCK'],
  [4, 'NETLINK_SOCK_DIAG'],
  [6, 'NETLINK_XFRM'],
  [7, 'NETLINK_SELINUX'],
  [9, 'NETLINK_AUDIT'],
  [10, 'NETLINK_FIB_LOOKUP'],
  [11, 'NETLINK_CONNECTOR'],
  [12, 'NETLINK_NETFILTER'],
  [15, 'NETLINK_KOBJECT_UEVENT'],
  [16, 'NETLINK_GENERIC'],
]);

export const MSG_FLAGS = flagTable('MSG_', [
  [0x1, 'MSG_OOB'],
  [0x2, 'MSG_PEEK'],
  [0x4, 'MSG_DONTROUTE'],
  [0x8, 'MSG_CTRUNC'],
  [0x10, 'MSG_PROBE'],
  [0x20, 'MSG_TRUNC'],
  [0x40, 'MSG_DONTWAIT'],
  [0x80, 'MSG_EOR'],
  [0x100, 'MSG_WAITALL'],
  [0x200, 'MSG_FIN'],
  [0x400, 'MSG_SYN'],
  [0x800, 'MSG_CONFIRM'],
  [0x1000, 'MSG_RST'],
  [0x2000, 'MSG_ERRQUEUE'],
  [0x4000, 'MSG_NOSIGNAL'],
  [0x8000, 'MSG_MORE'],
  [0x10000, 'MSG_WAITFORONE'],
  [0x20000, 'MSG_SENDPAGE_NOTLAST'],
  [0x40000, 'MSG_BATCH'],
  [0x80000, 'MSG_NO_SHARED_FRAGS'],
  [0x4000000, 'MSG_ZEROCOPY'],
  [0x20000000, 'MSG_FASTOPEN'],
  [0x40000000, 'MSG_CMSG_CLOEXEC'],
  [0x80000000, 'MSG_CMSG_COMPAT'],
]);

export const SHUTDOWN_HOW = enumTable('SHUT_', [
  [0, 'SHUT_RD'],
  [1, 'SHUT_WR'],
  [2, 'SHUT_RDWR'],
]);

/** clone(2) flags; the low byte is the exit signal and prints separately. */
export const CLONE_FLAGS = flagTable('CLONE_', [
  [0x100, 'CLONE_VM'],
  [0x200, 'CLONE_FS'],
  [0x400, 'CLONE_FILES'],
  [0x800, 'CLONE_SIGHAND'],
  [0x1000, 'CLONE_PIDFD'],
  [0x2000, 'CLONE_PTRACE'],
  [0x4000, 'CLONE_VFORK'],
  [0x8000, 'CLONE_PARENT'],
  [0x10000, 'CLONE_THREAD'],
  [0x20000, 'CLONE_NEWNS'],
  [0x40000, 'CLONE_SYSVSEM'],
  [0x80000, 'CLONE_SETTLS'],
  [0x100000, 'CLONE_PARENT_SETTID'],
  [0x200000, 'CLONE_CHILD_CLEARTID'],
  [0x800000, 'CLONE_UNTRACED'],
  [0x1000000, 'CLONE_CHILD_SETTID'],
  [0x2000000, 'CLONE_NEWCGROUP'],
  [0x4000000, 'CLONE_NEWUTS'],
  [0x8000000, 'CLONE_NEWIPC'],
  [0x10000000, 'CLONE_NEWUSER'],
  [0x20000000, 'CLONE_NEWPID'],
  [0x40000000, 'CLONE_NEWNET'],
  [0x80000000, 'CLONE_IO'],
]);
export const CLONE_SIGNAL_MASK = 0xffn;
export const CLONE_PARENT_SETTID = 0x100000n;
export const CLONE_SETTLS = 0x80000n;
export const CLONE_CHILD_TID_FLAGS = 0x1200000n; // CHILD_SETTID|CHILD_CLEARTID

export const WAIT_OPTIONS = flagTable('W', [
  [0x1, 'WNOHANG'],
  [0x4, 'WEXITED'],
  [0x2, 'WSTOPPED'],
  [0x8, 'WCONTINUED'],
  [0x1000000, 'WNOWAIT'],
  [0x80000000, '__WCLONE'],
  [0x40000000, '__WALL'],
  [0x20000000, '__WNOTHREAD'],
]);

export const FCNTL_COMMANDS = enumTable('F_', [
  [0, 'F_DUPFD'],
  [1, 'F_GETFD'],
  [2, 'F_SETFD'],
  [3, 'F_GETFL'],
  [4, 'F_SETFL'],
  [5, 'F_GETLK'],
  [6, 'F_SETLK'],
  [7, 'F_SETLKW'],
  [8, 'F_SETOWN'],
  [9, 'F_GETOWN'],
  [10, 'F_SETSIG'],
  [11, 'F_GETSIG'],
  [15, 'F_SETOWN_EX'],
  [16, 'F_GETOWN_EX'],
  [36, 'F_OFD_GETLK'],
  [37, 'F_OFD_SETLK'],
  [38, 'F_OFD_SETLKW'],
  [1024, 'F_SETLEASE'],
  [1025, 'F_GETLEASE'],
  [1026, 'F_NOTIFY'],
  [1030, 'F_DUPFD_CLOEXEC'],
  [1031, 'F_SETPIPE_SZ'],
  [1032, 'F_GETPIPE_SZ'],
  [1033, 'F_ADD_SEALS'],
  [1034, 'F_GET_SEALS'],
]);

export const LEASE_TYPES = enumTable('F_', [
  [0, 'F_RDLCK'],
  [1, 'F_WRLCK'],
  [2, 'F_UNLCK'],
]);

export const SEEK_WHENCE = enumTable('SEEK_', [
  [0, 'SEEK_SET'],
  [1, 'SEEK_CUR'],
  [2, 'SEEK_END'],
  [3, 'SEEK_DATA'],
  [4, 'SEEK_HOLE'],
]);

export const RLIMIT_RESOURCES = enumTable('RLIMIT_', [
  [0, 'RLIMIT_CPU'],
  [1, 'RLIMIT_FSIZE'],
  [2, 'RLIMIT_DATA'],
  [3, 'RLIMIT_STACK'],
  [4, 'RLIMIT_CORE'],
  [5, 'RLIMIT_RSS'],
  [6, 'RLIMIT_NPROC'],
  [7, 'RLIMIT_NOFILE'],
  [8, 'RLIMIT_MEMLOCK'],
  [9, 'RLIMIT_AS'],
  [10, 'RLIMIT_LOCKS'],
  [11, 'RLIMIT_SIGPENDING'],
  [12, 'RLIMIT_MSGQUEUE'],
  [13, 'RLIMIT_NICE'],
  [14, 'RLIMIT_RTPRIO'],
  [15, 'RLIMIT_RTTIME'],
]);

export const CLOCK_IDS = enumTable('CLOCK_', [
  [0, 'CLOCK_REALTIME'],
  [1, 'CLOCK_MONOTONIC'],
  [2, 'CLOCK_PROCESS_CPUTIME_ID'],
  [3, 'CLOCK_THREAD_CPUTIME_ID'],
  [4, 'CLOCK_MONOTONIC_RAW'],
  [5, 'CLOCK_REALTIME_COARSE'],
  [6, 'CLOCK_MONOTONIC_COARSE'],
  [7, 'CLOCK_BOOTTIME'],
  [8, 'CLOCK_REALTIME_ALARM'],
  [9, 'CLOCK_BOOTTIME_ALARM'],
  [11, 'CLOCK_TAI'],
]);

export const TIMER_FLAGS = flagTable('TIMER_', [[1, 'TIMER_ABSTIME']]);

export const GETRANDOM_FLAGS = flagTable('GRND_', [
  [1, 'GRND_NONBLOCK'],
  [2, 'GRND_RANDOM'],
  [4, 'GRND_INSECURE'],
]);

export const ARCH_PRCTL_CODES = enumTable('ARCH_', [
  [0x1001, 'ARCH_SET_GS'],
  [0x1002, 'ARCH_SET_FS'],
  [0x1003, 'ARCH_GET_FS'],
  [0x1004, 'ARCH_GET_GS'],
  [0x1011, 'ARCH_GET_CPUID'],
  [0x1012, 'ARCH_SET_CPUID'],
  [0x1021, 'ARCH_GET_XCOMP_SUPP'],
  [0x1022, 'ARCH_GET_XCOMP_PERM'],
  [0x1023, 'ARCH_REQ_XCOMP_PERM'],
  [0x1024, 'ARCH_GET_XCOMP_GUEST_PERM'],
  [0x1025, 'ARCH_REQ_XCOMP_GUEST_PERM'],
  [0x2001, 'ARCH_MAP_VDSO_X32'],
  [0x2002, 'ARCH_MAP_VDSO_32'],
  [0x2003, 'ARCH_MAP_VDSO_64'],
]);

export const FUTEX_PRIVATE_FLAG = 128n;
export const FUTEX_CLOCK_REALTIME = 256n;
export const FUTEX_COMMANDS = enumTable('FUTEX_', [
  [0, 'FUTEX_WAIT'],
  [1, 'FUTEX_WAKE'],
  [2, 'FUTEX_FD'],
  [3, 'FUTEX_REQUEUE'],
  [4, 'FUTEX_CMP_REQUEUE'],
  [5, 'FUTEX_WAKE_OP'],
  [6, 'FUTEX_LOCK_PI'],
  [7, 'FUTEX_UNLOCK_PI'],
  [8, 'FUTEX_TRYLOCK_PI'],
  [9, 'FUTEX_WAIT_BITSET'],
  [10, 'FUTEX_WAKE_BITSET'],
  [11, 'FUTEX_WAIT_REQUEUE_PI'],
  [12, 'FUTEX_CMP_REQUEUE_PI'],
  [13, 'FUTEX_LOCK_PI2'],
]);
export const FUTEX_BITSET_MATCH_ANY = 0xffffffffn;

export const EPOLL_CTL_OPS = enumTable('EPOLL_CTL_', [
  [1, 'EPOLL_CTL_ADD'],
  [2, 'EPOLL_CTL_DEL'],
  [3, 'EPOLL_CTL_MOD'],
]);

export const EPOLL_CREATE_FLAGS = flagTable('EPOLL_', [[0o2000000, 'EPOLL_CLOEXEC']]);

export const RENAME_FLAGS = flagTable('RENAME_', [
  [1, 'RENAME_NOREPLACE'],
  [2, 'RENAME_EXCHANGE'],
  [4, 'RENAME_WHITEOUT'],
]);

export const UMOUNT_FLAGS = flagTable('MNT_', [
  [1, 'MNT_FORCE'],
  [2, 'MNT_DETACH'],
  [4, 'MNT_EXPIRE'],
  [8, 'UMOUNT_NOFOLLOW'],
]);

/** The magic number old mount(2) callers put in the upper half of the flags. */
export const MS_MGC_MASK = 0xffff0000n;
export const MS_MGC_VAL = 0xc0ed0000n;
export const MOUNT_FLAGS = flagTable('MS_', [
  [1, 'MS_RDONLY'],
  [2, 'MS_NOSUID'],
  [4, 'MS_NODEV'],
  [8, 'MS_NOEXEC'],
  [16, 'MS_SYNCHRONOUS'],
  [32, 'MS_REMOUNT'],
  [64, 'MS_MANDLOCK'],
  [128, 'MS_DIRSYNC'],
  [256, 'MS_NOSYMFOLLOW'],
  [1024, 'MS_NOATIME'],
  [2048, 'MS_NODIRATIME'],
  [4096, 'MS_BIND'],
  [8192, 'MS_MOVE'],
  [16384, 'MS_REC'],
  [32768, 'MS_SILENT'],
  [1 << 16, 'MS_POSIXACL'],
  [1 << 17, 'MS_UNBINDABLE'],
  [1 << 18, 'MS_PRIVATE'],
  [1 << 19, 'MS_SLAVE'],
  [1 << 20, 'MS_SHARED'],
  [1 << 21, 'MS_RELATIME'],
  [1 << 22, 'MS_KERNMOUNT'],
  [1 << 23, 'MS_I_VERSION'],
  [1 << 24, 'MS_STRICTATIME'],
  [1 << 25, 'MS_LAZYTIME'],
  [1 << 26, 'MS_SUBMOUNT'],
  [1 << 27, 'MS_NOREMOTELOCK'],
  [1 << 28, 'MS_NOSEC'],
  [1 << 29, 'MS_BORN'],
  [1 << 30, 'MS_ACTIVE'],
  [0x80000000, 'MS_NOUSER'],
]);

/** A few tty/file ioctls strace names; others print as _IOC(...). */
export const IOCTL_REQUESTS = enumTable('', [
  [0x5401, 'TCGETS'],
  [0x5402, 'TCSETS'],
  [0x5403, 'TCSETSW'],
  [0x5404, 'TCSETSF'],
  [0x540b, 'TCFLSH'],
  [0x540e, 'TIOCSCTTY'],
  [0x540f, 'TIOCGPGRP'],
  [0x5410, 'TIOCSPGRP'],
  [0x5413, 'TIOCGWINSZ'],
  [0x5414, 'TIOCSWINSZ'],
  [0x541b, 'FIONREAD'],
  [0x5421, 'FIONBIO'],
  [0x5450, 'FIONCLEX'],
  [0x5451, 'FIOCLEX'],
  [0x5452, 'FIOASYNC'],
  [0x80045430, 'TIOCGPTN'],
  [0x40045431, 'TIOCSPTLCK'],
]);

/** Socket option levels (setsockopt/getsockopt), as strace names them (an unknown one has the comment SOL_??). */
export const SOCKET_LEVELS: EnumTable = { ...enumTable('SOL_', [
  [0, 'SOL_IP'], [1, 'SOL_SOCKET'], [6, 'SOL_TCP'], [17, 'SOL_UDP'], [41, 'SOL_IPV6'], [58, 'SOL_ICMPV6'],
  [132, 'SOL_SCTP'], [136, 'SOL_UDPLITE'], [255, 'SOL_RAW'], [256, 'SOL_IPX'], [257, 'SOL_AX25'], [258, 'SOL_ATALK'],
  [259, 'SOL_NETROM'], [260, 'SOL_ROSE'], [261, 'SOL_DECNET'], [262, 'SOL_X25'], [263, 'SOL_PACKET'], [264, 'SOL_ATM'],
  [265, 'SOL_AAL'], [266, 'SOL_IRDA'], [267, 'SOL_NETBEUI'], [268, 'SOL_LLC'], [269, 'SOL_DCCP'], [270, 'SOL_NETLINK'],
  [271, 'SOL_TIPC'], [272, 'SOL_RXRPC'], [273, 'SOL_PPPOL2TP'], [274, 'SOL_BLUETOOTH'], [275, 'SOL_PNPIPE'], [276, 'SOL_RDS'],
  [277, 'SOL_IUCV'], [278, 'SOL_CAIF'], [279, 'SOL_ALG'], [280, 'SOL_NFC'], [281, 'SOL_KCM'], [282, 'SOL_TLS'],
  [283, 'SOL_XDP'], [284, 'SOL_MPTCP'], [285, 'SOL_MCTP'], [286, 'SOL_SMC'],
]), unknownName: 'SOL_??' };

/** SOL_SOCKET options (x86-64 numbers). */
export const SOL_SOCKET_OPTIONS = enumTable('SO_', [
  [1, 'SO_DEBUG'], [2, 'SO_REUSEADDR'], [3, 'SO_TYPE'], [4, 'SO_ERROR'], [5, 'SO_DONTROUTE'], [6, 'SO_BROADCAST'],
  [7, 'SO_SNDBUF'], [8, 'SO_RCVBUF'], [9, 'SO_KEEPALIVE'], [10, 'SO_OOBINLINE'], [11, 'SO_NO_CHECK'], [12, 'SO_PRIORITY'],
  [13, 'SO_LINGER'], [14, 'SO_BSDCOMPAT'], [15, 'SO_REUSEPORT'], [16, 'SO_PASSCRED'], [17, 'SO_PEERCRED'], [18, 'SO_RCVLOWAT'],
  [19, 'SO_SNDLOWAT'], [20, 'SO_RCVTIMEO_OLD'], [21, 'SO_SNDTIMEO_OLD'], [22, 'SO_SECURITY_AUTHENTICATION'],
  [23, 'SO_SECURITY_ENCRYPTION_TRANSPORT'], [24, 'SO_SECURITY_ENCRYPTION_NETWORK'], [25, 'SO_BINDTODEVICE'],
  [26, 'SO_ATTACH_FILTER'], [27, 'SO_DETACH_FILTER'], [28, 'SO_PEERNAME'], [29, 'SO_TIMESTAMP_OLD'], [30, 'SO_ACCEPTCONN'],
  [31, 'SO_PEERSEC'], [32, 'SO_SNDBUFFORCE'], [33, 'SO_RCVBUFFORCE'], [34, 'SO_PASSSEC'], [35, 'SO_TIMESTAMPNS_OLD'],
  [36, 'SO_MARK'], [37, 'SO_TIMESTAMPING_OLD'], [38, 'SO_PROTOCOL'], [39, 'SO_DOMAIN'], [40, 'SO_RXQ_OVFL'],
  [41, 'SO_WIFI_STATUS'], [42, 'SO_PEEK_OFF'], [43, 'SO_NOFCS'], [44, 'SO_LOCK_FILTER'], [45, 'SO_SELECT_ERR_QUEUE'],
  [46, 'SO_BUSY_POLL'], [47, 'SO_MAX_PACING_RATE'], [48, 'SO_BPF_EXTENSIONS'], [49, 'SO_INCOMING_CPU'], [50, 'SO_ATTACH_BPF'],
  [51, 'SO_ATTACH_REUSEPORT_CBPF'], [52, 'SO_ATTACH_REUSEPORT_EBPF'], [53, 'SO_CNX_ADVICE'], [55, 'SO_MEMINFO'],
  [56, 'SO_INCOMING_NAPI_ID'], [57, 'SO_COOKIE'], [59, 'SO_PEERGROUPS'], [60, 'SO_ZEROCOPY'], [61, 'SO_TXTIME'],
  [62, 'SO_BINDTOIFINDEX'], [63, 'SO_TIMESTAMP_NEW'], [64, 'SO_TIMESTAMPNS_NEW'], [65, 'SO_TIMESTAMPING_NEW'],
  [66, 'SO_RCVTIMEO_NEW'], [67, 'SO_SNDTIMEO_NEW'], [68, 'SO_DETACH_REUSEPORT_BPF'], [69, 'SO_PREFER_BUSY_POLL'],
  [70, 'SO_BUSY_POLL_BUDGET'], [71, 'SO_NETNS_COOKIE'], [72, 'SO_BUF_LOCK'], [73, 'SO_RESERVE_MEM'], [74, 'SO_TXREHASH'],
  [75, 'SO_RCVMARK'],
]);

/** The protocol-independent multicast options, the same numbers at SOL_IP and SOL_IPV6. */
const MCAST_OPTIONS: readonly (readonly [number, string])[] = [
  [42, 'MCAST_JOIN_GROUP'], [43, 'MCAST_BLOCK_SOURCE'], [44, 'MCAST_UNBLOCK_SOURCE'], [45, 'MCAST_LEAVE_GROUP'],
  [46, 'MCAST_JOIN_SOURCE_GROUP'], [47, 'MCAST_LEAVE_SOURCE_GROUP'], [48, 'MCAST_MSFILTER'],
];

/** SOL_IP options. */
export const SOL_IP_OPTIONS = enumTable('IP_', [
  [1, 'IP_TOS'], [2, 'IP_TTL'], [3, 'IP_HDRINCL'], [4, 'IP_OPTIONS'], [5, 'IP_ROUTER_ALERT'], [6, 'IP_RECVOPTS'],
  [7, 'IP_RETOPTS'], [8, 'IP_PKTINFO'], [9, 'IP_PKTOPTIONS'], [10, 'IP_MTU_DISCOVER'], [11, 'IP_RECVERR'], [12, 'IP_RECVTTL'],
  [13, 'IP_RECVTOS'], [14, 'IP_MTU'], [15, 'IP_FREEBIND'], [16, 'IP_IPSEC_POLICY'], [17, 'IP_XFRM_POLICY'], [18, 'IP_PASSSEC'],
  [19, 'IP_TRANSPARENT'], [20, 'IP_ORIGDSTADDR'], [21, 'IP_MINTTL'], [22, 'IP_NODEFRAG'], [23, 'IP_CHECKSUM'],
  [24, 'IP_BIND_ADDRESS_NO_PORT'], [25, 'IP_RECVFRAGSIZE'], [26, 'IP_RECVERR_RFC4884'], [32, 'IP_MULTICAST_IF'],
  [33, 'IP_MULTICAST_TTL'], [34, 'IP_MULTICAST_LOOP'], [35, 'IP_ADD_MEMBERSHIP'], [36, 'IP_DROP_MEMBERSHIP'],
  [37, 'IP_UNBLOCK_SOURCE'], [38, 'IP_BLOCK_SOURCE'], [39, 'IP_ADD_SOURCE_MEMBERSHIP'], [40, 'IP_DROP_SOURCE_MEMBERSHIP'],
  [41, 'IP_MSFILTER'], ...MCAST_OPTIONS, [49, 'IP_MULTICAST_ALL'], [50, 'IP_UNICAST_IF'],
]);

/** SOL_IPV6 options. */
export const SOL_IPV6_OPTIONS = enumTable('IPV6_', [
  [1, 'IPV6_ADDRFORM'], [2, 'IPV6_2292PKTINFO'], [3, 'IPV6_2292HOPOPTS'], [4, 'IPV6_2292DSTOPTS'], [5, 'IPV6_2292RTHDR'],
  [6, 'IPV6_2292PKTOPTIONS'], [7, 'IPV6_CHECKSUM'], [8, 'IPV6_2292HOPLIMIT'], [9, 'IPV6_NEXTHOP'], [10, 'IPV6_AUTHHDR'],
  [11, 'IPV6_FLOWINFO'], [16, 'IPV6_UNICAST_HOPS'], [17, 'IPV6_MULTICAST_IF'], [18, 'IPV6_MULTICAST_HOPS'],
  [19, 'IPV6_MULTICAST_LOOP'], [20, 'IPV6_ADD_MEMBERSHIP'], [21, 'IPV6_DROP_MEMBERSHIP'], [22, 'IPV6_ROUTER_ALERT'],
  [23, 'IPV6_MTU_DISCOVER'], [24, 'IPV6_MTU'], [25, 'IPV6_RECVERR'], [26, 'IPV6_V6ONLY'], [27, 'IPV6_JOIN_ANYCAST'],
  [28, 'IPV6_LEAVE_ANYCAST'], [29, 'IPV6_MULTICAST_ALL'], [30, 'IPV6_ROUTER_ALERT_ISOLATE'], [31, 'IPV6_RECVERR_RFC4884'],
  [34, 'IPV6_IPSEC_POLICY'], [35, 'IPV6_XFRM_POLICY'], [36, 'IPV6_HDRINCL'], ...MCAST_OPTIONS, [49, 'IPV6_RECVPKTINFO'],
  [50, 'IPV6_PKTINFO'], [51, 'IPV6_RECVHOPLIMIT'], [52, 'IPV6_HOPLIMIT'], [53, 'IPV6_RECVHOPOPTS'], [54, 'IPV6_HOPOPTS'],
  [55, 'IPV6_RTHDRDSTOPTS'], [56, 'IPV6_RECVRTHDR'], [57, 'IPV6_RTHDR'], [58, 'IPV6_RECVDSTOPTS'], [59, 'IPV6_DSTOPTS'],
  [60, 'IPV6_RECVPATHMTU'], [61, 'IPV6_PATHMTU'], [62, 'IPV6_DONTFRAG'], [66, 'IPV6_RECVTCLASS'], [67, 'IPV6_TCLASS'],
  [70, 'IPV6_AUTOFLOWLABEL'], [72, 'IPV6_ADDR_PREFERENCES'], [73, 'IPV6_MINHOPCOUNT'], [74, 'IPV6_ORIGDSTADDR'],
  [75, 'IPV6_TRANSPARENT'], [76, 'IPV6_UNICAST_IF'], [77, 'IPV6_RECVFRAGSIZE'], [78, 'IPV6_FREEBIND'],
]);

/** SOL_TCP options. */
export const SOL_TCP_OPTIONS = enumTable('TCP_', [
  [1, 'TCP_NODELAY'], [2, 'TCP_MAXSEG'], [3, 'TCP_CORK'], [4, 'TCP_KEEPIDLE'], [5, 'TCP_KEEPINTVL'], [6, 'TCP_KEEPCNT'],
  [7, 'TCP_SYNCNT'], [8, 'TCP_LINGER2'], [9, 'TCP_DEFER_ACCEPT'], [10, 'TCP_WINDOW_CLAMP'], [11, 'TCP_INFO'],
  [12, 'TCP_QUICKACK'], [13, 'TCP_CONGESTION'], [14, 'TCP_MD5SIG'], [15, 'TCP_COOKIE_TRANSACTIONS'],
  [16, 'TCP_THIN_LINEAR_TIMEOUTS'], [17, 'TCP_THIN_DUPACK'], [18, 'TCP_USER_TIMEOUT'], [19, 'TCP_REPAIR'],
  [20, 'TCP_REPAIR_QUEUE'], [21, 'TCP_QUEUE_SEQ'], [22, 'TCP_REPAIR_OPTIONS'], [23, 'TCP_FASTOPEN'], [24, 'TCP_TIMESTAMP'],
  [25, 'TCP_NOTSENT_LOWAT'], [26, 'TCP_CC_INFO'], [27, 'TCP_SAVE_SYN'], [28, 'TCP_SAVED_SYN'], [29, 'TCP_REPAIR_WINDOW'],
  [30, 'TCP_FASTOPEN_CONNECT'], [31, 'TCP_ULP'], [32, 'TCP_MD5SIG_EXT'], [33, 'TCP_FASTOPEN_KEY'],
  [34, 'TCP_FASTOPEN_NO_COOKIE'], [35, 'TCP_ZEROCOPY_RECEIVE'], [36, 'TCP_INQ'], [37, 'TCP_TX_DELAY'],
]);

/** SOL_NETLINK option names (getsockopt/setsockopt at level 270). */
export const SOL_NETLINK_OPTIONS = enumTable('NETLINK_', [
  [1, 'NETLINK_ADD_MEMBERSHIP'], [2, 'NETLINK_DROP_MEMBERSHIP'], [3, 'NETLINK_PKTINFO'], [4, 'NETLINK_BROADCAST_ERROR'],
  [5, 'NETLINK_NO_ENOBUFS'], [6, 'NETLINK_RX_RING'], [7, 'NETLINK_TX_RING'], [8, 'NETLINK_LISTEN_ALL_NSID'],
  [9, 'NETLINK_LIST_MEMBERSHIPS'], [10, 'NETLINK_CAP_ACK'], [11, 'NETLINK_EXT_ACK'], [12, 'NETLINK_GET_STRICT_CHK'],
]);
