// Flag and enum tables of the process, scheduling, time and signal syscalls
// (values from the Linux UAPI headers, names as strace prints them).
import { enumTable, flagTable } from './xlat';

export const SCHED_POLICIES = enumTable('SCHED_', [
  [0, 'SCHED_OTHER'],
  [1, 'SCHED_FIFO'],
  [2, 'SCHED_RR'],
  [3, 'SCHED_BATCH'],
  [4, 'SCHED_ISO'],
  [5, 'SCHED_IDLE'],
  [6, 'SCHED_DEADLINE'],
]);
export const SCHED_RESET_ON_FORK = 0x40000000n;

export const SCHED_ATTR_FLAGS = flagTable('SCHED_FLAG_', [
  [0x01, 'SCHED_FLAG_RESET_ON_FORK'],
  [0x02, 'SCHED_FLAG_RECLAIM'],
  [0x04, 'SCHED_FLAG_DL_OVERRUN'],
  [0x08, 'SCHED_FLAG_KEEP_POLICY'],
  [0x10, 'SCHED_FLAG_KEEP_PARAMS'],
  [0x20, 'SCHED_FLAG_UTIL_CLAMP_MIN'],
  [0x40, 'SCHED_FLAG_UTIL_CLAMP_MAX'],
]);

export const PRIO_WHICH = enumTable('PRIO_', [
  [0, 'PRIO_PROCESS'],
  [1, 'PRIO_PGRP'],
  [2, 'PRIO_USER'],
]);

export const IOPRIO_WHO = enumTable('IOPRIO_WHO_', [
  [1, 'IOPRIO_WHO_PROCESS'],
  [2, 'IOPRIO_WHO_PGRP'],
  [3, 'IOPRIO_WHO_USER'],
]);

export const IOPRIO_CLASSES = enumTable('IOPRIO_CLASS_', [
  [0, 'IOPRIO_CLASS_NONE'],
  [1, 'IOPRIO_CLASS_RT'],
  [2, 'IOPRIO_CLASS_BE'],
  [3, 'IOPRIO_CLASS_IDLE'],
]);

export const ITIMER_WHICH = enumTable('ITIMER_', [
  [0, 'ITIMER_REAL'],
  [1, 'ITIMER_VIRTUAL'],
  [2, 'ITIMER_PROF'],
]);

export const TFD_CREATE_FLAGS = flagTable('TFD_', [
  [0o2000000, 'TFD_CLOEXEC'],
  [0o4000, 'TFD_NONBLOCK'],
]);

export const TFD_SETTIME_FLAGS = flagTable('TFD_TIMER_', [
  [1, 'TFD_TIMER_ABSTIME'],
  [2, 'TFD_TIMER_CANCEL_ON_SET'],
]);

export const SFD_FLAGS = flagTable('SFD_', [
  [0o2000000, 'SFD_CLOEXEC'],
  [0o4000, 'SFD_NONBLOCK'],
]);

export const SYSLOG_ACTIONS = enumTable('SYSLOG_ACTION_', [
  [0, 'SYSLOG_ACTION_CLOSE'],
  [1, 'SYSLOG_ACTION_OPEN'],
  [2, 'SYSLOG_ACTION_READ'],
  [3, 'SYSLOG_ACTION_READ_ALL'],
  [4, 'SYSLOG_ACTION_READ_CLEAR'],
  [5, 'SYSLOG_ACTION_CLEAR'],
  [6, 'SYSLOG_ACTION_CONSOLE_OFF'],
  [7, 'SYSLOG_ACTION_CONSOLE_ON'],
  [8, 'SYSLOG_ACTION_CONSOLE_LEVEL'],
  [9, 'SYSLOG_ACTION_SIZE_UNREAD'],
  [10, 'SYSLOG_ACTION_SIZE_BUFFER'],
]);

export const LOGLEVELS = enumTable('LOGLEVEL_', [
  [0, 'LOGLEVEL_EMERG'],
  [1, 'LOGLEVEL_ALERT'],
  [2, 'LOGLEVEL_CRIT'],
  [3, 'LOGLEVEL_ERR'],
  [4, 'LOGLEVEL_WARNING'],
  [5, 'LOGLEVEL_NOTICE'],
  [6, 'LOGLEVEL_INFO'],
  [7, 'LOGLEVEL_DEBUG'],
  [8, 'LOGLEVEL_DEBUG+1'],
]);

export const IDTYPES = enumTable('P_', [
  [0, 'P_ALL'],
  [1, 'P_PID'],
  [2, 'P_PGID'],
  [3, 'P_PIDFD'],
]);

export const PERSONALITIES = enumTable('PER_', [
  [0, 'PER_LINUX'],
  [0x0800000, 'PER_LINUX_32BIT'],
  [0x4100000, 'PER_SVR4'],
  [0x5000002, 'PER_SVR3'],
  [0x7000003, 'PER_SCOSVR3'],
  [0x1000006, 'PER_WYSEV386'],
  [0x1000009, 'PER_UW7'],
  [0x0000008, 'PER_LINUX32'],
]);

export const PR_OPTIONS = enumTable('PR_', [
  [1, 'PR_SET_PDEATHSIG'],
  [2, 'PR_GET_PDEATHSIG'],
  [3, 'PR_GET_DUMPABLE'],
  [4, 'PR_SET_DUMPABLE'],
  [7, 'PR_GET_KEEPCAPS'],
  [8, 'PR_SET_KEEPCAPS'],
  [15, 'PR_SET_NAME'],
  [16, 'PR_GET_NAME'],
  [21, 'PR_GET_SECCOMP'],
  [22, 'PR_SET_SECCOMP'],
  [23, 'PR_CAPBSET_READ'],
  [24, 'PR_CAPBSET_DROP'],
  [36, 'PR_SET_CHILD_SUBREAPER'],
  [37, 'PR_GET_CHILD_SUBREAPER'],
  [38, 'PR_SET_NO_NEW_PRIVS'],
  [39, 'PR_GET_NO_NEW_PRIVS'],
  [40, 'PR_GET_TID_ADDRESS'],
  [41, 'PR_SET_THP_DISABLE'],
  [42, 'PR_GET_THP_DISABLE'],
  [47, 'PR_CAP_AMBIENT'],
  [0x59616d61, 'PR_SET_PTRACER'],
  [0x53564d41, 'PR_SET_VMA'],
]);

export const KCMP_TYPES = enumTable('KCMP_', [
  [0, 'KCMP_FILE'],
  [1, 'KCMP_VM'],
  [2, 'KCMP_FILES'],
  [3, 'KCMP_FS'],
  [4, 'KCMP_SIGHAND'],
  [5, 'KCMP_IO'],
  [6, 'KCMP_SYSVSEM'],
  [7, 'KCMP_EPOLL_TFD'],
]);


export const ADJTIME_MODES = flagTable('ADJ_', [
  [0xa001, 'ADJ_OFFSET_SS_READ'],
  [0x8001, 'ADJ_OFFSET_SINGLESHOT'],
  [0x0001, 'ADJ_OFFSET'],
  [0x0002, 'ADJ_FREQUENCY'],
  [0x0004, 'ADJ_MAXERROR'],
  [0x0008, 'ADJ_ESTERROR'],
  [0x0010, 'ADJ_STATUS'],
  [0x0020, 'ADJ_TIMECONST'],
  [0x0080, 'ADJ_TAI'],
  [0x0100, 'ADJ_SETOFFSET'],
  [0x1000, 'ADJ_MICRO'],
  [0x2000, 'ADJ_NANO'],
  [0x4000, 'ADJ_TICK'],
]);

export const ADJTIME_STATUS = flagTable('STA_', [
  [0x0001, 'STA_PLL'],
  [0x0002, 'STA_PPSFREQ'],
  [0x0004, 'STA_PPSTIME'],
  [0x0008, 'STA_FLL'],
  [0x0010, 'STA_INS'],
  [0x0020, 'STA_DEL'],
  [0x0040, 'STA_UNSYNC'],
  [0x0080, 'STA_FREQHOLD'],
  [0x0100, 'STA_PPSSIGNAL'],
  [0x0200, 'STA_PPSJITTER'],
  [0x0400, 'STA_PPSWANDER'],
  [0x0800, 'STA_PPSERROR'],
  [0x1000, 'STA_CLOCKERR'],
  [0x2000, 'STA_NANO'],
  [0x4000, 'STA_MODE'],
  [0x8000, 'STA_CLK'],
]);

export const CLOCK_STATES = enumTable('TIME_', [
  [0, 'TIME_OK'],
  [1, 'TIME_INS'],
  [2, 'TIME_DEL'],
  [3, 'TIME_OOP'],
  [4, 'TIME_WAIT'],
  [5, 'TIME_ERROR'],
]);

export const SIGEV_NOTIFY = enumTable('SIGEV_', [
  [0, 'SIGEV_SIGNAL'],
  [1, 'SIGEV_NONE'],
  [2, 'SIGEV_THREAD'],
  [4, 'SIGEV_THREAD_ID'],
]);
