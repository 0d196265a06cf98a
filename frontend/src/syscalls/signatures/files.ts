// Printing signatures: files, descriptors and polling.
import {
  ACCESS_FLAGS,
  AT_FLAGS,
  EPOLL_CREATE_FLAGS,
  EPOLL_CTL_OPS,
  FACCESSAT_FLAGS,
  OPEN_FLAGS,
  RENAME_FLAGS,
  SEEK_WHENCE,
  STATX_MASK,
  UMOUNT_FLAGS,
} from '../constants';
import * as dynamic from '../dynamic';
import { fsconfig } from '../dynamic-fs';
import {
  BUF_OUT,
  VALUE_OUT,
  bufIn,
  choice,
  DEV,
  DIRFD,
  FD,
  FILE_MODE,
  flags,
  flags64,
  HEX,
  INT,
  LONG,
  MODE,
  NO_ARGS,
  OUT,
  PATH,
  PTR,
  shape,
  STRING,
  TIMESPEC,
  UINT,
  UID,
  ULONG,
  type ArgSpec,
  type CallShape,
  type Signature,
} from '../shape';
import { flagTable } from '../xlat';

const PIPE_FDS: ArgSpec = { kind: 'pipe-fds' };
const DIRENTS: ArgSpec = { kind: 'dirents' };

const STAT = [PATH, OUT];

const FLOCK_OPS = flagTable('LOCK_', [
  [1, 'LOCK_SH'],
  [2, 'LOCK_EX'],
  [4, 'LOCK_NB'],
  [8, 'LOCK_UN'],
]);

const EVENTFD_FLAGS = flagTable('EFD_', [
  [1, 'EFD_SEMAPHORE'],
  [0o2000000, 'EFD_CLOEXEC'],
  [0o4000, 'EFD_NONBLOCK'],
]);

const OPEN_FLAGS_NO_ACCMODE = flags(OPEN_FLAGS);
const OPEN_FLAGS_ARG: ArgSpec = { kind: 'open-flags' };

/** preadv2/pwritev2's flags, also an iocb's aio_rw_flags (views/strace/aio.ts). */
export const RWF_FLAGS = flagTable('RWF_', [
  [0x01, 'RWF_HIPRI'],
  [0x02, 'RWF_DSYNC'],
  [0x04, 'RWF_SYNC'],
  [0x08, 'RWF_NOWAIT'],
  [0x10, 'RWF_APPEND'],
]);

const FALLOC_FLAGS = flagTable('FALLOC_FL_', [
  [0x01, 'FALLOC_FL_KEEP_SIZE'],
  [0x02, 'FALLOC_FL_PUNCH_HOLE'],
  [0x04, 'FALLOC_FL_NO_HIDE_STALE'],
  [0x08, 'FALLOC_FL_COLLAPSE_RANGE'],
  [0x10, 'FALLOC_FL_ZERO_RANGE'],
  [0x20, 'FALLOC_FL_INSERT_RANGE'],
  [0x40, 'FALLOC_FL_UNSHARE_RANGE'],
]);

const SPLICE_FLAGS = flags(
  flagTable('SPLICE_F_', [
    [1, 'SPLICE_F_MOVE'],
    [2, 'SPLICE_F_NONBLOCK'],
    [4, 'SPLICE_F_MORE'],
    [8, 'SPLICE_F_GIFT'],
  ]),
);

const SYNC_FILE_RANGE_FLAGS = flagTable('SYNC_FILE_RANGE_', [
  [1, 'SYNC_FILE_RANGE_WAIT_BEFORE'],
  [2, 'SYNC_FILE_RANGE_WRITE'],
  [4, 'SYNC_FILE_RANGE_WAIT_AFTER'],
]);

const INOTIFY_INIT_FLAGS = flagTable('IN_', [
  [0o4000, 'IN_NONBLOCK'],
  [0o2000000, 'IN_CLOEXEC'],
]);

const INOTIFY_MASK = flagTable('IN_', [
  [0x00000001, 'IN_ACCESS'],
  [0x00000002, 'IN_MODIFY'],
  [0x00000004, 'IN_ATTRIB'],
  [0x00000008, 'IN_CLOSE_WRITE'],
  [0x00000010, 'IN_CLOSE_NOWRITE'],
  [0x00000020, 'IN_OPEN'],
  [0x00000040, 'IN_MOVED_FROM'],
  [0x00000080, 'IN_MOVED_TO'],
  [0x00000100, 'IN_CREATE'],
  [0x00000200, 'IN_DELETE'],
  [0x00000400, 'IN_DELETE_SELF'],
  [0x00000800, 'IN_MOVE_SELF'],
  [0x00002000, 'IN_UNMOUNT'],
  [0x00004000, 'IN_Q_OVERFLOW'],
  [0x00008000, 'IN_IGNORED'],
  [0x01000000, 'IN_ONLYDIR'],
  [0x02000000, 'IN_DONT_FOLLOW'],
  [0x04000000, 'IN_EXCL_UNLINK'],
  [0x10000000, 'IN_MASK_CREATE'],
  [0x20000000, 'IN_MASK_ADD'],
  [0x40000000, 'IN_ISDIR'],
  [0x80000000, 'IN_ONESHOT'],
]);

const FANOTIFY_INIT_FLAGS = flagTable('FAN_', [
  [0x00000001, 'FAN_CLOEXEC'],
  [0x00000002, 'FAN_NONBLOCK'],
  [0x00000010, 'FAN_UNLIMITED_QUEUE'],
  [0x00000020, 'FAN_UNLIMITED_MARKS'],
  [0x00000040, 'FAN_ENABLE_AUDIT'],
  [0x00000080, 'FAN_REPORT_PIDFD'],
  [0x00000100, 'FAN_REPORT_TID'],
  [0x00000200, 'FAN_REPORT_FID'],
  [0x00000400, 'FAN_REPORT_DIR_FID'],
  [0x00000800, 'FAN_REPORT_NAME'],
  [0x00001000, 'FAN_REPORT_TARGET_FID'],
]);

const FANOTIFY_MARK_FLAGS = flagTable('FAN_MARK_', [
  [0x001, 'FAN_MARK_ADD'],
  [0x002, 'FAN_MARK_REMOVE'],
  [0x004, 'FAN_MARK_DONT_FOLLOW'],
  [0x008, 'FAN_MARK_ONLYDIR'],
  [0x010, 'FAN_MARK_MOUNT'],
  [0x020, 'FAN_MARK_IGNORED_MASK'],
  [0x040, 'FAN_MARK_IGNORED_SURV_MODIFY'],
  [0x080, 'FAN_MARK_FLUSH'],
  [0x100, 'FAN_MARK_FILESYSTEM'],
  [0x200, 'FAN_MARK_EVICTABLE'],
  [0x400, 'FAN_MARK_IGNORE'],
]);

const FANOTIFY_EVENTS = flagTable('FAN_', [
  [0x00000001, 'FAN_ACCESS'],
  [0x00000002, 'FAN_MODIFY'],
  [0x00000004, 'FAN_ATTRIB'],
  [0x00000008, 'FAN_CLOSE_WRITE'],
  [0x00000010, 'FAN_CLOSE_NOWRITE'],
  [0x00000020, 'FAN_OPEN'],
  [0x00000040, 'FAN_MOVED_FROM'],
  [0x00000080, 'FAN_MOVED_TO'],
  [0x00000100, 'FAN_CREATE'],
  [0x00000200, 'FAN_DELETE'],
  [0x00000400, 'FAN_DELETE_SELF'],
  [0x00000800, 'FAN_MOVE_SELF'],
  [0x00001000, 'FAN_OPEN_EXEC'],
  [0x00004000, 'FAN_Q_OVERFLOW'],
  [0x00008000, 'FAN_FS_ERROR'],
  [0x00010000, 'FAN_OPEN_PERM'],
  [0x00020000, 'FAN_ACCESS_PERM'],
  [0x00040000, 'FAN_OPEN_EXEC_PERM'],
  [0x00080000, 'FAN_DIR_MODIFY'],
  [0x40000000, 'FAN_ONDIR'],
  [0x08000000, 'FAN_EVENT_ON_CHILD'],
  [0x10000000, 'FAN_RENAME'],
]);

const XATTR_FLAGS = flags(
  flagTable('XATTR_', [
    [1, 'XATTR_CREATE'],
    [2, 'XATTR_REPLACE'],
  ]),
);

/** Values above this the kernel refuses, and strace does not read. */
const XATTR_SIZE_MAX = 65536n;

/** set*xattr(file, name, value, size, flags): the value as a buffer, unless too big to be one. */
function setxattr(file: ArgSpec): (raw: readonly bigint[]) => CallShape {
  return (raw) => shape([file, STRING, BigInt.asUintN(64, raw[3]) > XATTR_SIZE_MAX ? PTR : { kind: 'buf-in', lenArg: 3, value: true }, ULONG, XATTR_FLAGS]);
}

/** With size 0 the kernel writes nothing, only says how much it would: the buffer's address. */
const outUnlessSizeZero = (size: bigint, out: ArgSpec = BUF_OUT): ArgSpec => (BigInt.asUintN(64, size) === 0n ? PTR : out);

/** get*xattr: the value as strace prints xattr values, a last NUL left out. */
function getxattr(file: ArgSpec): (raw: readonly bigint[]) => CallShape {
  return (raw) => shape([file, STRING, outUnlessSizeZero(raw[3], VALUE_OUT), ULONG]);
}

function listxattr(file: ArgSpec): (raw: readonly bigint[]) => CallShape {
  return (raw) => shape([file, outUnlessSizeZero(raw[2]), ULONG]);
}

const NAME_TO_HANDLE_AT_FLAGS = flagTable('AT_', [
  [0x400, 'AT_SYMLINK_FOLLOW'],
  [0x1000, 'AT_EMPTY_PATH'],
]);

const FSOPEN_FLAGS = flagTable('FSOPEN_', [[1, 'FSOPEN_CLOEXEC']]);
const FSMOUNT_FLAGS = flagTable('FSMOUNT_', [[1, 'FSMOUNT_CLOEXEC']]);

const MOUNT_ATTR_FLAGS = flagTable('MOUNT_ATTR_', [
  [0x1, 'MOUNT_ATTR_RDONLY'],
  [0x2, 'MOUNT_ATTR_NOSUID'],
  [0x4, 'MOUNT_ATTR_NODEV'],
  [0x8, 'MOUNT_ATTR_NOEXEC'],
  [0x10, 'MOUNT_ATTR_NOATIME'],
  [0x20, 'MOUNT_ATTR_STRICTATIME'],
  [0x80, 'MOUNT_ATTR_NODIRATIME'],
  [0x100000, 'MOUNT_ATTR_IDMAP'],
  [0x200000, 'MOUNT_ATTR_NOSYMFOLLOW'],
]);

const MOVE_MOUNT_FLAGS = flagTable('MOVE_MOUNT_', [
  [0x01, 'MOVE_MOUNT_F_SYMLINKS'],
  [0x02, 'MOVE_MOUNT_F_AUTOMOUNTS'],
  [0x04, 'MOVE_MOUNT_F_EMPTY_PATH'],
  [0x10, 'MOVE_MOUNT_T_SYMLINKS'],
  [0x20, 'MOVE_MOUNT_T_AUTOMOUNTS'],
  [0x40, 'MOVE_MOUNT_T_EMPTY_PATH'],
  [0x100, 'MOVE_MOUNT_SET_GROUP'],
]);

const OPEN_TREE_FLAGS = flagTable('OPEN_TREE_', [
  [1, 'OPEN_TREE_CLONE'],
  [0o2000000, 'OPEN_TREE_CLOEXEC'],
  [0x100, 'AT_SYMLINK_NOFOLLOW'],
  [0x200, 'AT_REMOVEDIR'],
  [0x400, 'AT_SYMLINK_FOLLOW'],
  [0x800, 'AT_NO_AUTOMOUNT'],
  [0x1000, 'AT_EMPTY_PATH'],
  [0x8000, 'AT_RECURSIVE'],
]);

const FSPICK_FLAGS = flagTable('FSPICK_', [
  [1, 'FSPICK_CLOEXEC'],
  [2, 'FSPICK_SYMLINK_NOFOLLOW'],
  [4, 'FSPICK_NO_AUTOMOUNT'],
  [8, 'FSPICK_EMPTY_PATH'],
]);

const S_IFMT = 0o170000n;
const S_IFCHR = 0o020000n;
const S_IFBLK = 0o060000n;

/** mknod's dev only for a device node, as strace prints it. */
function withDev(mode: bigint): ArgSpec[] {
  const type = mode & S_IFMT;
  return type === S_IFCHR || type === S_IFBLK ? [FILE_MODE, DEV] : [FILE_MODE];
}

/** sizeof(struct open_how) as of its first version. */
const OPEN_HOW_SIZE = 24n;

/** openat2(dirfd, path, how, size): a how shorter than the struct is not read, only its address shown. */
function openat2(raw: readonly bigint[]): CallShape {
  const short = BigInt.asUintN(64, raw[3]) < OPEN_HOW_SIZE && raw[2] !== 0n;
  return shape([DIRFD, PATH, short ? HEX : PTR, ULONG]);
}

function mknod(raw: readonly bigint[]): CallShape {
  return shape([PATH, ...withDev(raw[1])]);
}

function mknodat(raw: readonly bigint[]): CallShape {
  return shape([DIRFD, PATH, ...withDev(raw[2])]);
}

export const FILES_SIGNATURES: { readonly [name: string]: Signature } = {
  read: shape([FD, BUF_OUT, ULONG]),
  write: shape([FD, bufIn(2), ULONG]),
  pread64: shape([FD, BUF_OUT, ULONG, LONG]),
  pwrite64: shape([FD, bufIn(2), ULONG, LONG]),
  readv: shape([FD, OUT, INT]),
  writev: shape([FD, PTR, INT]),
  preadv: shape([FD, OUT, INT, LONG]),
  pwritev: shape([FD, PTR, INT, LONG]),
  preadv2: shape([FD, OUT, INT, LONG, flags(RWF_FLAGS)]),
  pwritev2: shape([FD, PTR, INT, LONG, flags(RWF_FLAGS)]),
  open: dynamic.open,
  openat: dynamic.openat,
  creat: shape([PATH, MODE]),
  close: shape([FD]),
  stat: shape(STAT),
  lstat: shape(STAT),
  fstat: shape([FD, OUT]),
  newfstatat: shape([DIRFD, PATH, OUT, flags(AT_FLAGS)]),
  statx: shape([DIRFD, PATH, { kind: 'statx-flags' }, flags(STATX_MASK), OUT]),
  lseek: shape([FD, LONG, choice(SEEK_WHENCE)]),
  access: shape([PATH, flags(ACCESS_FLAGS)]),
  faccessat: shape([DIRFD, PATH, flags(ACCESS_FLAGS)]),
  faccessat2: shape([DIRFD, PATH, flags(ACCESS_FLAGS), flags(FACCESSAT_FLAGS)]),
  pipe: shape([PIPE_FDS]),
  pipe2: shape([PIPE_FDS, OPEN_FLAGS_NO_ACCMODE]),
  dup: shape([FD]),
  dup2: shape([FD, FD]),
  dup3: shape([FD, FD, OPEN_FLAGS_NO_ACCMODE]),
  fcntl: dynamic.fcntl,
  ioctl: dynamic.ioctl,
  flock: shape([FD, flags(FLOCK_OPS)]),
  fsync: shape([FD]),
  fdatasync: shape([FD]),
  truncate: shape([PATH, LONG]),
  ftruncate: shape([FD, LONG]),
  getdents: shape([FD, DIRENTS, UINT]),
  getdents64: shape([FD, DIRENTS, UINT]),
  getcwd: shape([{ kind: 'str-out' }, ULONG]),
  chdir: shape([PATH]),
  fchdir: shape([FD]),
  rename: shape([PATH, PATH]),
  renameat: shape([DIRFD, PATH, DIRFD, PATH]),
  renameat2: shape([DIRFD, PATH, DIRFD, PATH, flags(RENAME_FLAGS)]),
  mkdir: shape([PATH, MODE]),
  mkdirat: shape([DIRFD, PATH, MODE]),
  rmdir: shape([PATH]),
  link: shape([PATH, PATH]),
  linkat: shape([DIRFD, PATH, DIRFD, PATH, flags(AT_FLAGS)]),
  symlink: shape([PATH, PATH]),
  symlinkat: shape([PATH, DIRFD, PATH]),
  unlink: shape([PATH]),
  unlinkat: shape([DIRFD, PATH, flags(AT_FLAGS)]),
  readlink: shape([PATH, BUF_OUT, ULONG]),
  readlinkat: shape([DIRFD, PATH, BUF_OUT, ULONG]),
  chmod: shape([PATH, MODE]),
  fchmod: shape([FD, MODE]),
  fchmodat: shape([DIRFD, PATH, MODE]),
  chown: shape([PATH, UID, UID]),
  fchown: shape([FD, UID, UID]),
  lchown: shape([PATH, UID, UID]),
  fchownat: shape([DIRFD, PATH, UID, UID, flags(AT_FLAGS)]),
  umask: shape([MODE], 'octal'),
  mount: shape([STRING, PATH, STRING, { kind: 'mount-flags' }, PTR]),
  umount2: shape([PATH, flags(UMOUNT_FLAGS)]),
  sendfile: shape([FD, FD, PTR, ULONG]),
  eventfd2: shape([UINT, flags(EVENTFD_FLAGS)]),
  memfd_create: shape([STRING, { kind: 'memfd-flags' }]),
  mknod,
  mknodat,
  statfs: shape([PATH, OUT]),
  fstatfs: shape([FD, OUT]),
  utime: shape([PATH, PTR]),
  utimes: shape([PATH, PTR]),
  futimesat: shape([DIRFD, PATH, PTR]),
  utimensat: shape([DIRFD, PATH, PTR, flags(AT_FLAGS)]),
  fallocate: shape([FD, flags(FALLOC_FLAGS), LONG, LONG]),
  readahead: shape([FD, LONG, ULONG]),
  splice: shape([FD, PTR, FD, PTR, ULONG, SPLICE_FLAGS]),
  tee: shape([FD, FD, ULONG, SPLICE_FLAGS]),
  vmsplice: shape([FD, PTR, ULONG, SPLICE_FLAGS]),
  sync_file_range: shape([FD, LONG, LONG, flags(SYNC_FILE_RANGE_FLAGS)]),
  copy_file_range: shape([FD, PTR, FD, PTR, ULONG, UINT]),
  inotify_init: NO_ARGS,
  inotify_init1: shape([flags(INOTIFY_INIT_FLAGS)]),
  inotify_add_watch: shape([FD, PATH, flags(INOTIFY_MASK)]),
  inotify_rm_watch: shape([FD, INT]),
  fanotify_init: shape([flags(FANOTIFY_INIT_FLAGS), OPEN_FLAGS_ARG]),
  fanotify_mark: shape([FD, flags(FANOTIFY_MARK_FLAGS), flags64(FANOTIFY_EVENTS), DIRFD, PATH]),
  // The handle's size goes in and comes back (EOVERFLOW: the size needed), the mount id comes back.
  name_to_handle_at: shape([DIRFD, PATH, OUT, OUT, flags(NAME_TO_HANDLE_AT_FLAGS)]),
  open_by_handle_at: shape([FD, PTR, OPEN_FLAGS_ARG]),
  openat2,
  chroot: shape([PATH]),
  pivot_root: shape([PATH, PATH]),
  lookup_dcookie: shape([ULONG, BUF_OUT, ULONG]),
  syncfs: shape([FD]),
  setxattr: setxattr(PATH),
  lsetxattr: setxattr(PATH),
  fsetxattr: setxattr(FD),
  getxattr: getxattr(PATH),
  lgetxattr: getxattr(PATH),
  fgetxattr: getxattr(FD),
  listxattr: listxattr(PATH),
  llistxattr: listxattr(PATH),
  flistxattr: listxattr(FD),
  removexattr: shape([PATH, STRING]),
  lremovexattr: shape([PATH, STRING]),
  fremovexattr: shape([FD, STRING]),
  // the mount API
  fsopen: shape([STRING, flags(FSOPEN_FLAGS)]),
  fsconfig: fsconfig,
  fsmount: shape([FD, flags(FSMOUNT_FLAGS), flags(MOUNT_ATTR_FLAGS)]),
  move_mount: shape([DIRFD, PATH, DIRFD, PATH, flags(MOVE_MOUNT_FLAGS)]),
  open_tree: shape([DIRFD, PATH, flags(OPEN_TREE_FLAGS)]),
  fspick: shape([DIRFD, PATH, flags(FSPICK_FLAGS)]),
  // polling
  poll: shape([PTR, UINT, INT], 'timeout'),
  ppoll: shape([PTR, UINT, TIMESPEC, PTR, ULONG], 'timeout'),
  select: shape([INT, PTR, PTR, PTR, PTR], 'timeout'),
  pselect6: shape([INT, PTR, PTR, PTR, TIMESPEC, PTR], 'timeout'),
  epoll_create: shape([INT]),
  epoll_create1: shape([flags(EPOLL_CREATE_FLAGS)]),
  epoll_ctl: shape([FD, choice(EPOLL_CTL_OPS), FD, PTR]),
  epoll_wait: shape([FD, OUT, INT, INT]),
  epoll_pwait: shape([FD, OUT, INT, INT, PTR, ULONG]),
  epoll_pwait2: shape([FD, OUT, INT, PTR, PTR, ULONG]),
};
