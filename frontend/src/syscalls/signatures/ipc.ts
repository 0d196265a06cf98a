// Printing signatures: System V IPC, POSIX message queues and native AIO.
import {
  BUF_OUT,
  bufIn,
  choice,
  FD,
  HEX,
  INT,
  LONG,
  MODE,
  OUT,
  PTR,
  shape,
  STRING,
  TIMESPEC,
  UINT,
  ULONG,
  type ArgSpec,
  type CallShape,
  type Signature,
} from '../shape';
import { enumTable, flagTable } from '../xlat';

/** A key_t: IPC_PRIVATE, or the key in hex. */
const IPC_KEY = choice(enumTable('IPC_', [[0, 'IPC_PRIVATE']], 'hex'));

const IPC_GET_FLAGS = flagTable('IPC_', [
  [0o1000, 'IPC_CREAT'],
  [0o2000, 'IPC_EXCL'],
]);

const SHMGET_FLAGS = flagTable('IPC_', [
  [0o1000, 'IPC_CREAT'],
  [0o2000, 'IPC_EXCL'],
  [0o4000, 'SHM_HUGETLB'],
  [0o10000, 'SHM_NORESERVE'],
]);

const SHMAT_FLAGS = flagTable('SHM_', [
  [0o10000, 'SHM_RDONLY'],
  [0o20000, 'SHM_RND'],
  [0o40000, 'SHM_REMAP'],
  [0o100000, 'SHM_EXEC'],
]);

const IPC_COMMON: readonly (readonly [number, string])[] = [
  [0, 'IPC_RMID'],
  [1, 'IPC_SET'],
  [2, 'IPC_STAT'],
  [3, 'IPC_INFO'],
];

const SHMCTL_COMMANDS = enumTable('SHM_', [
  ...IPC_COMMON,
  [11, 'SHM_LOCK'],
  [12, 'SHM_UNLOCK'],
  [13, 'SHM_STAT'],
  [14, 'SHM_INFO'],
  [15, 'SHM_STAT_ANY'],
]);

const SEMCTL_COMMANDS = enumTable('SEM_', [
  ...IPC_COMMON,
  [11, 'GETPID'],
  [12, 'GETVAL'],
  [13, 'GETALL'],
  [14, 'GETNCNT'],
  [15, 'GETZCNT'],
  [16, 'SETVAL'],
  [17, 'SETALL'],
  [18, 'SEM_STAT'],
  [19, 'SEM_INFO'],
  [20, 'SEM_STAT_ANY'],
]);

const MSGCTL_COMMANDS = enumTable('MSG_', [
  ...IPC_COMMON,
  [11, 'MSG_STAT'],
  [12, 'MSG_INFO'],
  [13, 'MSG_STAT_ANY'],
]);

const MSG_FLAGS = flagTable('MSG_', [
  [0o4000, 'IPC_NOWAIT'],
  [0o10000, 'MSG_NOERROR'],
  [0o20000, 'MSG_EXCEPT'],
  [0o40000, 'MSG_COPY'],
]);

function flagsMode(table: ReturnType<typeof flagTable>): ArgSpec {
  return { kind: 'flags-mode', table };
}

const OPEN_FLAGS_ARG: ArgSpec = { kind: 'open-flags' };
const O_CREAT = 0o100n;

/** mq_open(name, oflag, mode, attr): mode and attr only with O_CREAT. */
function mqOpen(raw: readonly bigint[]): CallShape {
  return shape(BigInt.asUintN(32, raw[1]) & O_CREAT ? [STRING, OPEN_FLAGS_ARG, MODE, PTR] : [STRING, OPEN_FLAGS_ARG]);
}

const FLAGS_ARG = (table: ReturnType<typeof flagTable>): ArgSpec => ({ kind: 'flags', table });

export const IPC_SIGNATURES: { readonly [name: string]: Signature } = {
  // System V shared memory, semaphores and message queues
  shmget: shape([IPC_KEY, ULONG, flagsMode(SHMGET_FLAGS)]),
  shmat: shape([INT, PTR, FLAGS_ARG(SHMAT_FLAGS)], 'hex'),
  shmdt: shape([PTR]),
  shmctl: shape([INT, choice(SHMCTL_COMMANDS), PTR]),
  semget: shape([IPC_KEY, INT, flagsMode(IPC_GET_FLAGS)]),
  semop: shape([INT, PTR, UINT]),
  semtimedop: shape([INT, PTR, UINT, TIMESPEC]),
  semctl: shape([INT, INT, choice(SEMCTL_COMMANDS), PTR]),
  msgget: shape([IPC_KEY, flagsMode(IPC_GET_FLAGS)]),
  msgsnd: shape([INT, PTR, ULONG, FLAGS_ARG(MSG_FLAGS)]),
  msgrcv: shape([INT, PTR, ULONG, LONG, FLAGS_ARG(MSG_FLAGS)]),
  msgctl: shape([INT, choice(MSGCTL_COMMANDS), PTR]),
  // POSIX message queues
  mq_open: mqOpen,
  mq_unlink: shape([STRING]),
  mq_timedsend: shape([FD, bufIn(2), ULONG, UINT, TIMESPEC]),
  mq_timedreceive: shape([FD, BUF_OUT, ULONG, OUT, TIMESPEC]),
  mq_notify: shape([FD, PTR]),
  mq_getsetattr: shape([FD, PTR, OUT]),
  // native AIO
  io_setup: shape([UINT, OUT]),
  io_destroy: shape([HEX]),
  io_submit: shape([HEX, LONG, PTR]),
  io_cancel: shape([HEX, PTR, OUT]),
  io_getevents: shape([HEX, LONG, LONG, OUT, TIMESPEC]),
  io_pgetevents: shape([HEX, LONG, LONG, OUT, TIMESPEC, PTR]),
};
