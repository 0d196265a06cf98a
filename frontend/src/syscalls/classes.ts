// strace's syscall classes for `-e trace=%class`, as name lists (x86_64).

const FILE = [
  'open', 'openat', 'openat2', 'creat', 'stat', 'lstat', 'newfstatat', 'statx', 'statfs', 'access',
  'faccessat', 'faccessat2', 'execve', 'execveat', 'chdir', 'chroot', 'rename', 'renameat', 'renameat2',
  'mkdir', 'mkdirat', 'mknod', 'mknodat', 'rmdir', 'link', 'linkat', 'symlink', 'symlinkat', 'unlink',
  'unlinkat', 'readlink', 'readlinkat', 'chmod', 'fchmodat', 'fchmodat2', 'chown', 'lchown', 'fchownat',
  'truncate', 'utime', 'utimes', 'utimensat', 'futimesat', 'mount', 'umount2', 'swapon', 'swapoff',
  'pivot_root', 'getxattr', 'lgetxattr', 'setxattr', 'lsetxattr', 'listxattr', 'llistxattr',
  'removexattr', 'lremovexattr', 'inotify_add_watch', 'fanotify_mark', 'name_to_handle_at', 'quotactl',
  'acct', 'uselib', 'open_tree', 'move_mount', 'fsconfig', 'mount_setattr', 'statmount',
];

const DESC = [
  'read', 'write', 'open', 'close', 'fstat', 'poll', 'lseek', 'mmap', 'ioctl', 'pread64', 'pwrite64',
  'readv', 'writev', 'pipe', 'select', 'dup', 'dup2', 'sendfile', 'fcntl', 'flock', 'fsync', 'fdatasync',
  'ftruncate', 'getdents', 'getdents64', 'fchdir', 'creat', 'fchmod', 'fchown', 'fstatfs', 'readahead',
  'fsetxattr', 'fgetxattr', 'flistxattr', 'fremovexattr', 'epoll_create', 'epoll_create1', 'epoll_ctl',
  'epoll_wait', 'epoll_pwait', 'epoll_pwait2', 'fadvise64', 'openat', 'mkdirat', 'mknodat', 'fchownat',
  'futimesat', 'newfstatat', 'unlinkat', 'renameat', 'renameat2', 'linkat', 'symlinkat', 'readlinkat',
  'fchmodat', 'fchmodat2', 'faccessat', 'faccessat2', 'pselect6', 'ppoll', 'splice', 'tee',
  'sync_file_range', 'vmsplice', 'utimensat', 'signalfd', 'signalfd4', 'timerfd_create', 'timerfd_settime',
  'timerfd_gettime', 'eventfd', 'eventfd2', 'fallocate', 'dup3', 'pipe2', 'inotify_init', 'inotify_init1',
  'inotify_add_watch', 'inotify_rm_watch', 'preadv', 'pwritev', 'preadv2', 'pwritev2', 'fanotify_init',
  'fanotify_mark', 'name_to_handle_at', 'open_by_handle_at', 'syncfs', 'setns', 'finit_module',
  'memfd_create', 'copy_file_range', 'statx', 'execveat', 'pidfd_open', 'pidfd_getfd', 'close_range',
  'openat2', 'io_uring_setup', 'io_uring_enter', 'io_uring_register', 'process_madvise',
];

const PROCESS = [
  'clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat', 'exit', 'exit_group', 'wait4', 'waitid',
  'kill', 'tkill', 'tgkill', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo', 'pidfd_send_signal', 'pidfd_open',
  'arch_prctl', 'unshare', 'setns', 'seccomp',
];

const NETWORK = [
  'socket', 'socketpair', 'connect', 'accept', 'accept4', 'bind', 'listen', 'sendto', 'recvfrom',
  'sendmsg', 'recvmsg', 'sendmmsg', 'recvmmsg', 'shutdown', 'getsockname', 'getpeername', 'setsockopt',
  'getsockopt',
];

const MEMORY = [
  'brk', 'mmap', 'munmap', 'mprotect', 'mremap', 'msync', 'mincore', 'madvise', 'mlock', 'mlock2',
  'munlock', 'mlockall', 'munlockall', 'remap_file_pages', 'mbind', 'get_mempolicy', 'set_mempolicy',
  'migrate_pages', 'move_pages', 'pkey_mprotect', 'process_madvise', 'set_mempolicy_home_node', 'mseal',
  'shmat', 'shmdt', 'io_setup', 'io_destroy', 'map_shadow_stack',
];

const SIGNAL = [
  'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'rt_sigpending', 'rt_sigtimedwait',
  'rt_sigqueueinfo', 'rt_sigsuspend', 'rt_tgsigqueueinfo', 'sigaltstack', 'kill', 'tkill', 'tgkill',
  'pause', 'signalfd', 'signalfd4', 'pidfd_send_signal',
];

const IPC = [
  'shmget', 'shmat', 'shmctl', 'shmdt', 'semget', 'semop', 'semctl', 'semtimedop', 'msgget', 'msgsnd',
  'msgrcv', 'msgctl',
];

const CREDS = [
  'getuid', 'getgid', 'setuid', 'setgid', 'geteuid', 'getegid', 'setreuid', 'setregid', 'getgroups',
  'setgroups', 'setresuid', 'getresuid', 'setresgid', 'getresgid', 'setfsuid', 'setfsgid', 'capget',
  'capset', 'prctl',
];

const CLOCK = [
  'gettimeofday', 'settimeofday', 'adjtimex', 'time', 'clock_settime', 'clock_gettime', 'clock_getres',
  'clock_adjtime', 'clock_nanosleep', 'nanosleep', 'timer_create', 'timer_settime', 'timer_gettime',
  'timer_getoverrun', 'timer_delete', 'alarm', 'getitimer', 'setitimer', 'timerfd_create',
  'timerfd_settime', 'timerfd_gettime',
];

export const TRACE_CLASSES: { readonly [cls: string]: ReadonlySet<string> } = {
  file: new Set(FILE),
  desc: new Set(DESC),
  process: new Set(PROCESS),
  network: new Set(NETWORK),
  net: new Set(NETWORK),
  memory: new Set(MEMORY),
  signal: new Set(SIGNAL),
  ipc: new Set(IPC),
  creds: new Set(CREDS),
  clock: new Set(CLOCK),
};
