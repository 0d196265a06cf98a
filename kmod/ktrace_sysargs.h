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
 *   aux     - the argument holding the length (BUF_IN, SOCKADDR, SOCKOPT_IN) or the
 *             element count (ARRAY_IN, ARRAY_INOUT); 0 otherwise
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
	X(SOCKOPT_IN, 16, "sockopt_in", "enter") /* aux bytes, known options */

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
	X(POLLFD, 11, "pollfd", 8)				\
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
	X(rt_sigprocmask, 1, STRUCT_IN, SIGSET, 0)		\
	X(rt_sigprocmask, 2, STRUCT_OUT, SIGSET, 0)		\
	X(rt_sigaction, 1, STRUCT_IN, SIGACTION, 0)		\
	X(rt_sigaction, 2, STRUCT_OUT, SIGACTION, 0)		\
	X(poll, 0, ARRAY_INOUT, POLLFD, 1)			\
	X(ppoll, 0, ARRAY_INOUT, POLLFD, 1)			\
	X(epoll_ctl, 3, STRUCT_IN, EPOLL_EVENT, 0)			\
	X(setsockopt, 3, SOCKOPT_IN, NONE, 4)

#endif /* KTRACE_SYSARGS_H */
