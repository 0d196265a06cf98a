/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* The table of syscall argument memory the strings variable captures (ABI). */
#ifndef KTRACE_SYSARGS_H
#define KTRACE_SYSARGS_H

/*
 * One table drives both sides: the module reads, for each native x86-64
 * syscall argument listed here, the memory it points to into str_arg<i>;
 * scripts/gen-abi compiles the same rows into frontend/src/abi/generated.ts,
 * where they choose the formatter of each captured argument. A host test
 * checks that the strace view's signatures agree with them.
 *
 * KT_ARG_KIND(ID, value, name, when)
 *   when   - "enter": read at sys_enter; "exit": read at sys_exit when the
 *            call succeeded; "both": read at both.
 *
 * KT_ARG_LAYOUT(ID, value, name, size)
 *   size   - bytes of one struct (one element of an array), x86-64 layout;
 *            the module checks each against the kernel's own struct.
 *
 * KT_SYS_ARG(syscall, arg, kind, layout, aux)
 *   syscall - the syscall's name (its __NR_ number)
 *   arg     - the argument (0-5); exit kinds only 0-3 (sys_exit records
 *             str_arg0-str_arg3)
 *   aux     - the argument holding the length (BUF_IN, SOCKADDR, SOCKOPT_IN), the
 *             element count (ARRAY_IN, ARRAY_INOUT) or the size the caller
 *             gives the struct (SIZED_IN, SIZED_OUT); 0 otherwise
 *
 * Kinds 13-15 (since ABI 3, additive): SIZED_IN and SIZED_OUT read one
 * struct of at most the layout's size, cut to the size argument (a sigset
 * with its sigsetsize); ARRAY_OUT reads the ret elements the kernel wrote
 * (getgroups), the first snaplen of them.
 */
#define KT_ARG_KINDS(X)							\
	X(PATH, 1, "path", "enter")	/* NUL-terminated, up to KT_PATH_MAX */ \
	X(BUF_IN, 2, "buf_in", "enter")	/* aux bytes, first snaplen */	\
	X(SOCKADDR, 3, "sockaddr", "enter") /* aux bytes, whole */	\
	X(ARGV, 4, "argv", "enter")	/* NULL-terminated string list */ \
	X(BUF_OUT, 5, "buf_out", "exit") /* ret bytes, first snaplen */	\
	X(STRUCT_IN, 6, "struct_in", "enter")	/* one struct, whole */	\
	X(STRUCT_OUT, 7, "struct_out", "exit")	/* one struct, whole */	\
	X(ARRAY_IN, 8, "array_in", "enter") /* aux structs, first snaplen */ \
	X(ARRAY_INOUT, 9, "array_inout", "both") /* the same, again at exit */ \
	X(SIZED_IN, 13, "sized_in", "enter") /* min(aux, size) bytes */	\
	X(SIZED_OUT, 14, "sized_out", "exit") /* min(aux, size) bytes */	\
	X(ARRAY_OUT, 15, "array_out", "exit") /* ret structs, first snaplen */ \
	X(SOCKOPT_IN, 16, "sockopt_in", "enter") /* aux bytes, known options */ \
	X(LIST_COUNT, 19, "list_count", "enter") /* entries of a NULL-ended list */

#define KT_ARG_LAYOUTS(X)				\
	X(NONE, 0, "none", 0)				\
	X(STAT, 1, "stat", 144)				\
	X(TIMESPEC, 2, "timespec", 16)			\
	X(INT_PAIR, 3, "int_pair", 8)			\
	X(RLIMIT, 4, "rlimit", 16)			\
	X(WAIT_STATUS, 5, "wait_status", 4)		\
	X(RUSAGE, 6, "rusage", 144)			\
	X(UTSNAME, 7, "utsname", 390)			\
	X(SYSINFO, 8, "sysinfo", 112)			\
	X(SIGSET, 9, "sigset", 8)			\
	X(SIGACTION, 10, "sigaction", 32)		\
	X(POLLFD, 11, "pollfd", 8)			\
	X(INT, 30, "int", 4)				\
	X(UID, 31, "uid", 4)				\
	X(KULONG, 32, "kulong", 8)			\
	X(UPTR, 33, "uptr", 8)				\
	X(TIME, 34, "time", 8)				\
	X(TIMEVAL, 35, "timeval", 16)			\
	X(TIMEZONE, 36, "timezone", 8)			\
	X(TMS, 37, "tms", 32)				\
	X(ITIMERVAL, 38, "itimerval", 32)		\
	X(ITIMERSPEC, 39, "itimerspec", 32)		\
	X(SIGINFO, 40, "siginfo", 128)			\
	X(SCHED_ATTR, 41, "sched_attr", 56)		\
	X(TIMEX, 42, "timex", 208)			\
	X(SIGEVENT, 43, "sigevent", 64)			\
	X(USER_DESC, 44, "user_desc", 16)		\
	X(EPOLL_EVENT, 50, "epoll_event", 12)

#define KT_SYS_ARGS(X)						\
	/* strings and buffers */				\
	X(read, 1, BUF_OUT, NONE, 0)				\
	X(write, 1, BUF_IN, NONE, 2)				\
	X(open, 0, PATH, NONE, 0)				\
	X(stat, 0, PATH, NONE, 0)				\
	X(lstat, 0, PATH, NONE, 0)				\
	X(pread64, 1, BUF_OUT, NONE, 0)				\
	X(pwrite64, 1, BUF_IN, NONE, 2)				\
	X(access, 0, PATH, NONE, 0)				\
	X(connect, 1, SOCKADDR, NONE, 2)			\
	X(sendto, 1, BUF_IN, NONE, 2)				\
	X(sendto, 4, SOCKADDR, NONE, 5)				\
	X(recvfrom, 1, BUF_OUT, NONE, 0)			\
	X(bind, 1, SOCKADDR, NONE, 2)				\
	X(execve, 0, PATH, NONE, 0)				\
	X(execve, 1, ARGV, NONE, 0)				\
	X(execve, 2, LIST_COUNT, NONE, 0)			\
	X(truncate, 0, PATH, NONE, 0)				\
	X(getcwd, 0, BUF_OUT, NONE, 0)				\
	X(chdir, 0, PATH, NONE, 0)				\
	X(rename, 0, PATH, NONE, 0)				\
	X(rename, 1, PATH, NONE, 0)				\
	X(mkdir, 0, PATH, NONE, 0)				\
	X(rmdir, 0, PATH, NONE, 0)				\
	X(creat, 0, PATH, NONE, 0)				\
	X(link, 0, PATH, NONE, 0)				\
	X(link, 1, PATH, NONE, 0)				\
	X(unlink, 0, PATH, NONE, 0)				\
	X(symlink, 0, PATH, NONE, 0)				\
	X(symlink, 1, PATH, NONE, 0)				\
	X(readlink, 0, PATH, NONE, 0)				\
	X(readlink, 1, BUF_OUT, NONE, 0)			\
	X(chmod, 0, PATH, NONE, 0)				\
	X(chown, 0, PATH, NONE, 0)				\
	X(lchown, 0, PATH, NONE, 0)				\
	X(mknod, 0, PATH, NONE, 0)				\
	X(statfs, 0, PATH, NONE, 0)				\
	X(chroot, 0, PATH, NONE, 0)				\
	X(mount, 0, PATH, NONE, 0)				\
	X(mount, 1, PATH, NONE, 0)				\
	X(mount, 2, PATH, NONE, 0)				\
	X(umount2, 0, PATH, NONE, 0)				\
	X(openat, 1, PATH, NONE, 0)				\
	X(mkdirat, 1, PATH, NONE, 0)				\
	X(mknodat, 1, PATH, NONE, 0)				\
	X(fchownat, 1, PATH, NONE, 0)				\
	X(newfstatat, 1, PATH, NONE, 0)				\
	X(unlinkat, 1, PATH, NONE, 0)				\
	X(renameat, 1, PATH, NONE, 0)				\
	X(renameat, 3, PATH, NONE, 0)				\
	X(linkat, 1, PATH, NONE, 0)				\
	X(linkat, 3, PATH, NONE, 0)				\
	X(symlinkat, 0, PATH, NONE, 0)				\
	X(symlinkat, 2, PATH, NONE, 0)				\
	X(readlinkat, 1, PATH, NONE, 0)				\
	X(readlinkat, 2, BUF_OUT, NONE, 0)			\
	X(fchmodat, 1, PATH, NONE, 0)				\
	X(faccessat, 1, PATH, NONE, 0)				\
	X(utimensat, 1, PATH, NONE, 0)				\
	X(renameat2, 1, PATH, NONE, 0)				\
	X(renameat2, 3, PATH, NONE, 0)				\
	X(execveat, 1, PATH, NONE, 0)				\
	X(execveat, 2, ARGV, NONE, 0)				\
	X(execveat, 3, LIST_COUNT, NONE, 0)			\
	X(statx, 1, PATH, NONE, 0)				\
	X(openat2, 1, PATH, NONE, 0)				\
	X(faccessat2, 1, PATH, NONE, 0)				\
	KT_SYS_STRUCT_ARGS(X)

/* Structs and arrays of structs (since ABI 3, additive). */
#define KT_SYS_STRUCT_ARGS(X)					\
	X(stat, 1, STRUCT_OUT, STAT, 0)				\
	X(fstat, 1, STRUCT_OUT, STAT, 0)			\
	X(lstat, 1, STRUCT_OUT, STAT, 0)			\
	X(newfstatat, 2, STRUCT_OUT, STAT, 0)			\
	X(nanosleep, 0, STRUCT_IN, TIMESPEC, 0)			\
	X(clock_nanosleep, 2, STRUCT_IN, TIMESPEC, 0)		\
	X(nanosleep, 1, STRUCT_OUT, TIMESPEC, 0)			\
	X(clock_nanosleep, 3, STRUCT_OUT, TIMESPEC, 0)		\
	X(clock_gettime, 1, STRUCT_OUT, TIMESPEC, 0)		\
	X(clock_getres, 1, STRUCT_OUT, TIMESPEC, 0)		\
	X(ppoll, 2, STRUCT_IN, TIMESPEC, 0)			\
	X(pselect6, 4, STRUCT_IN, TIMESPEC, 0)			\
	X(pipe, 0, STRUCT_OUT, INT_PAIR, 0)			\
	X(pipe2, 0, STRUCT_OUT, INT_PAIR, 0)			\
	X(socketpair, 3, STRUCT_OUT, INT_PAIR, 0)		\
	X(getrlimit, 1, STRUCT_OUT, RLIMIT, 0)			\
	X(setrlimit, 1, STRUCT_IN, RLIMIT, 0)			\
	X(prlimit64, 2, STRUCT_IN, RLIMIT, 0)			\
	X(prlimit64, 3, STRUCT_OUT, RLIMIT, 0)			\
	X(wait4, 1, STRUCT_OUT, WAIT_STATUS, 0)			\
	X(wait4, 3, STRUCT_OUT, RUSAGE, 0)			\
	X(getrusage, 1, STRUCT_OUT, RUSAGE, 0)			\
	X(uname, 0, STRUCT_OUT, UTSNAME, 0)			\
	X(sysinfo, 0, STRUCT_OUT, SYSINFO, 0)			\
	X(rt_sigprocmask, 1, SIZED_IN, SIGSET, 3)		\
	X(rt_sigprocmask, 2, SIZED_OUT, SIGSET, 3)		\
	X(rt_sigaction, 1, STRUCT_IN, SIGACTION, 0)		\
	X(rt_sigaction, 2, STRUCT_OUT, SIGACTION, 0)		\
	X(poll, 0, ARRAY_INOUT, POLLFD, 1)			\
	X(ppoll, 0, ARRAY_INOUT, POLLFD, 1)			\
	X(epoll_ctl, 3, STRUCT_IN, EPOLL_EVENT, 0)		\
	X(setsockopt, 3, SOCKOPT_IN, NONE, 4)			\
	KT_SYS_PROCESS_ARGS(X)

/* Credentials, scheduling, time and signals (since ABI 3, additive). */
#define KT_SYS_PROCESS_ARGS(X)					\
	X(getresuid, 0, STRUCT_OUT, UID, 0)			\
	X(getresuid, 1, STRUCT_OUT, UID, 0)			\
	X(getresuid, 2, STRUCT_OUT, UID, 0)			\
	X(getresgid, 0, STRUCT_OUT, UID, 0)			\
	X(getresgid, 1, STRUCT_OUT, UID, 0)			\
	X(getresgid, 2, STRUCT_OUT, UID, 0)			\
	X(getgroups, 1, ARRAY_OUT, UID, 0)			\
	X(setgroups, 1, ARRAY_IN, UID, 0)			\
	X(getcpu, 0, STRUCT_OUT, INT, 0)			\
	X(getcpu, 1, STRUCT_OUT, INT, 0)			\
	X(sched_getparam, 1, STRUCT_OUT, INT, 0)		\
	X(sched_setparam, 1, STRUCT_IN, INT, 0)			\
	X(sched_setscheduler, 2, STRUCT_IN, INT, 0)		\
	X(sched_rr_get_interval, 1, STRUCT_OUT, TIMESPEC, 0)	\
	X(sched_getattr, 1, SIZED_OUT, SCHED_ATTR, 2)		\
	X(sched_getaffinity, 2, BUF_OUT, NONE, 0)		\
	X(sched_setaffinity, 2, BUF_IN, NONE, 1)		\
	X(get_robust_list, 1, STRUCT_OUT, UPTR, 0)		\
	X(get_robust_list, 2, STRUCT_OUT, KULONG, 0)		\
	X(getrandom, 0, BUF_OUT, NONE, 0)			\
	X(modify_ldt, 1, STRUCT_IN, USER_DESC, 0)		\
	X(syslog, 1, BUF_OUT, NONE, 0)				\
	X(futex_waitv, 3, STRUCT_IN, TIMESPEC, 0)		\
	X(sethostname, 0, BUF_IN, NONE, 1)			\
	X(setdomainname, 0, BUF_IN, NONE, 1)			\
	X(time, 0, STRUCT_OUT, TIME, 0)				\
	X(times, 0, STRUCT_OUT, TMS, 0)				\
	X(gettimeofday, 0, STRUCT_OUT, TIMEVAL, 0)		\
	X(gettimeofday, 1, STRUCT_OUT, TIMEZONE, 0)		\
	X(settimeofday, 0, STRUCT_IN, TIMEVAL, 0)		\
	X(settimeofday, 1, STRUCT_IN, TIMEZONE, 0)		\
	X(select, 4, STRUCT_IN, TIMEVAL, 0)			\
	X(clock_settime, 1, STRUCT_IN, TIMESPEC, 0)		\
	X(adjtimex, 0, STRUCT_OUT, TIMEX, 0)			\
	X(clock_adjtime, 1, STRUCT_OUT, TIMEX, 0)		\
	X(getitimer, 1, STRUCT_OUT, ITIMERVAL, 0)		\
	X(setitimer, 1, STRUCT_IN, ITIMERVAL, 0)		\
	X(setitimer, 2, STRUCT_OUT, ITIMERVAL, 0)		\
	X(timer_create, 1, STRUCT_IN, SIGEVENT, 0)		\
	X(timer_create, 2, STRUCT_OUT, INT, 0)			\
	X(timer_settime, 2, STRUCT_IN, ITIMERSPEC, 0)		\
	X(timer_settime, 3, STRUCT_OUT, ITIMERSPEC, 0)		\
	X(timer_gettime, 1, STRUCT_OUT, ITIMERSPEC, 0)		\
	X(timerfd_settime, 2, STRUCT_IN, ITIMERSPEC, 0)		\
	X(timerfd_settime, 3, STRUCT_OUT, ITIMERSPEC, 0)	\
	X(timerfd_gettime, 1, STRUCT_OUT, ITIMERSPEC, 0)	\
	X(rt_sigpending, 0, SIZED_OUT, SIGSET, 1)		\
	X(rt_sigsuspend, 0, SIZED_IN, SIGSET, 1)		\
	X(rt_sigtimedwait, 0, SIZED_IN, SIGSET, 3)		\
	X(rt_sigtimedwait, 1, STRUCT_OUT, SIGINFO, 0)		\
	X(rt_sigtimedwait, 2, STRUCT_IN, TIMESPEC, 0)		\
	X(rt_sigqueueinfo, 2, STRUCT_IN, SIGINFO, 0)		\
	X(rt_tgsigqueueinfo, 3, STRUCT_IN, SIGINFO, 0)		\
	X(waitid, 2, STRUCT_OUT, SIGINFO, 0)			\
	X(signalfd, 1, SIZED_IN, SIGSET, 2)			\
	X(signalfd4, 1, SIZED_IN, SIGSET, 2)			\
	X(ppoll, 3, SIZED_IN, SIGSET, 4)

#endif /* KTRACE_SYSARGS_H */
