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
 *            call succeeded (IOVEC_OUT: also when it failed, the iovecs
 *            without their bytes); "both": read at both.
 *
 * IOVEC_IN and IOVEC_OUT: the first snaplen iovecs, each followed by a u32
 * count of its buffer's bytes kept (U32_MAX: unreadable; U32_MAX - 1: the
 * iovec itself unreadable, iov_base giving its address) and those bytes,
 * the first snaplen + 1 of the buffer (IOVEC_OUT: of the return value's
 * bytes still to place, in order).
 *
 * DIRENTS: how many directory entries (struct linux_dirent or
 * linux_dirent64: d_reclen at offset 16 in both) the return value's bytes
 * hold, as a u32; truncated when the module stopped counting at
 * KT_DIRENTS_MAX or could not read an entry.
 *
 * KT_ARG_LAYOUT(ID, value, name, size)
 *   size   - bytes of one struct (one element of an array), x86-64 layout;
 *            the module checks each against the kernel's own struct.
 *
 * KT_SYS_ARG(syscall, arg, kind, layout, aux)
 *   syscall - the syscall's name (its __NR_ number)
 *   arg     - the argument (0-5); sys_exit records str_arg0-str_arg5
 *             (str_arg4 and str_arg5 since ABI 3, additive)
 *   aux     - the argument holding the length (BUF_IN, SOCKADDR, SOCKOPT_IN), the
 *             element count (ARRAY_IN, ARRAY_INOUT, IOVEC_IN, IOVEC_OUT;
 *             MSGHDR_OUT and MMSGHDR_IN of a struct mmsghdr array;
 *             an unsigned int for ARRAY_IN of FUTEX_WAITV) or
 *             the size the caller gives the struct (SIZED_IN, SIZED_OUT);
 *             PATH: 1 for a name, not a path (the bytes before a fault
 *             are kept, truncated; a path that cannot be read to its NUL
 *             or PATH_MAX is unavailable); SELF_SIZED: the bytes of
 *             the struct's first version; 0 otherwise
 *
 * Kinds 20-24 (since ABI 3, additive):
 *
 * FDSET: the descriptors set in the first aux-argument bits of an fd_set
 * (an int; as strace reads it: at most 1024 * 1024, rounded up to whole
 * longs), as u32s, at most 128 of them (then truncated); unavailable when a
 * byte of the set cannot be read. Again at exit, when ret > 0.
 *
 * STRUCT_INOUT: one struct at entry, and again at exit on success (a
 * timeout the kernel updated: select's time left).
 *
 * SIGSET_PACK: pselect6's { const sigset_t *ss; size_t ss_len; } (the
 * layout), followed by the 8 bytes of the sigset when ss is not NULL,
 * ss_len is 8 and the sigset could be read.
 *
 * SOCKOPT_OUT: getsockopt's value, at exit on success: as many bytes as
 * the int argument aux points to says the kernel wrote back (its optlen),
 * when above 0; at most 4 * snaplen (snaplen u32s), and at least 16.
 *
 * SOCKADDR_OUT: a socket address the kernel wrote (recvfrom's source,
 * accept's peer), at exit on success: as many bytes as the int argument
 * aux points to holds then, when above 0; at most a sockaddr_storage.
 *
 * Kinds 25-27 (since ABI 3, additive): struct msghdr and struct mmsghdr
 * (the layouts: 56 and 64 bytes), as messages. A message is the struct
 * as the caller's memory held it, then a u32 count and that many bytes of
 * msg_name (min(msg_namelen, a sockaddr_storage); 0 for NULL) and of
 * msg_control (the first min(msg_controllen, 256); of either, only the
 * bytes before a page that cannot be read; the count U32_MAX and no bytes
 * when none can be), then a u32 length, a status byte
 * (complete, truncated or unavailable: msg_iov could not be read) and that
 * many bytes of msg_iov's iovecs as IOVEC_IN holds them. An array of
 * messages (aux: the vlen argument) holds its first snaplen; truncated
 * when there were more, or the next did not fit whole (its name) or could
 * not be read; unavailable when the first struct could not be read.
 *
 * MSGHDR_IN: sendmsg's message at entry, all of each iovec's bytes.
 *
 * MSGHDR_OUT: recvmsg's and recvmmsg's: at entry the msg_namelen of each
 * message, as u32s (at most snaplen); at exit on success the
 * messages the kernel filled in (recvmmsg: ret of them), the bytes it
 * received placed in each one's iovecs (recvmsg: ret; recvmmsg: msg_len).
 *
 * MMSGHDR_IN: sendmmsg's messages at exit (also when it failed), all of
 * each iovec's bytes; msg_len as the kernel set it for the first ret.
 *
 * FCNTL_ARG (since ABI 3, additive): the struct fcntl's third argument
 * points to for its command (argument aux, an unsigned int): struct flock
 * (32 bytes) for F_SETLK, F_SETLKW, F_OFD_SETLK and F_OFD_SETLKW at entry,
 * for F_GETLK and F_OFD_GETLK at exit on success; struct f_owner_ex (8
 * bytes) for F_SETOWN_EX at entry, for F_GETOWN_EX at exit on success;
 * nothing for other commands.
 *
 * FILE_HANDLE (since ABI 3, additive): a struct file_handle's 8-byte
 * header (handle_bytes, handle_type), then the first min(handle_bytes,
 * 128) bytes of its f_handle; truncated, the header alone, when they
 * cannot be read. At entry; with aux 0 (open_by_handle_at) its f_handle
 * too, with aux 1 (name_to_handle_at) the header only, and again at exit
 * when the call succeeded (with f_handle) or failed with EOVERFLOW (the
 * header: the size the kernel asks for).
 *
 * PAGE_VEC (since ABI 3, additive): mincore's vector, at exit on
 * success: one byte for each page of the length argument aux (rounded up
 * to whole pages), the first snaplen of them.
 *
 * STRUCT_EXT (since ABI 3, additive): a struct the caller gives with its
 * size (argument aux; nothing when smaller than the layout's): the
 * layout's bytes, then, when the size is larger, the bytes after the
 * struct up to the size or to a page from the struct's start, whichever
 * is less: none when they are all zero, else the first snaplen of them
 * (truncated when there are more); the struct alone, truncated, when one
 * of them cannot be read.
 *
 * IOCBS (since ABI 3, additive): io_submit's iocb pointers (aux: their
 * count, a long; nothing when it is below 0), an element each: a u8 state
 * and a u64. State 0: a NULL pointer; 1: a pointer (the u64) to an iocb
 * that cannot be read; 2: a pointer to an iocb, then its 64 bytes, a u32
 * length, a status byte and that many bytes of what its buffer holds by
 * its opcode when its aio_nbytes is not negative: IOCB_CMD_PWRITE the
 * first min(aio_nbytes, snaplen) bytes of aio_buf (unavailable when they
 * cannot be read), IOCB_CMD_PREADV and IOCB_CMD_PWRITEV the aio_nbytes
 * iovecs at aio_buf as IOVEC_IN holds them (PREADV without their bytes);
 * nothing for other opcodes; 3: the pointer at the u64 cannot be read
 * (the last element). At most snaplen elements (the pointer after them is
 * read too: state 3 when it cannot be); truncated when there were more or
 * the next did not fit; unavailable when the first pointer cannot be read.
 *
 * ARGV_V (since ABI 3, additive): what ARGV and LIST_COUNT cannot say of
 * an exec's argv (argument aux) and envp (aux + 1), in an argument slot
 * the exec does not use, so that a decoder that does not know it still
 * reads those two as before. Per list (argv, then envp) a u32 count of the
 * pointers before its end, a u32 saying how it ends (0: its NULL; 1: a
 * pointer that cannot be read, whose address follows; 2: not read past 65
 * pointers of argv, 65536 of envp) and that u64 address (else 0); then a
 * u32 first: argv's first entry whose string cannot be read (where ARGV
 * stops), or the number of entries held; then a status byte for each of
 * argv's first 64 entries (0: a string; 1: a string longer than snaplen;
 * 2: a string that cannot be read), those from first on followed by the
 * string cut at snaplen and a NUL, or (2) by its pointer as a u64.
 * Truncated when it holds fewer entries than argv has before its end.
 *
 * FSCONFIG (since ABI 3, additive): fsconfig's key (argument 2) and value
 * (argument 3) by its command (argument aux, an unsigned int): for the set
 * commands the key, a string cut at snaplen; the value of
 * FSCONFIG_SET_STRING a string cut at snaplen, of FSCONFIG_SET_BINARY the
 * first snaplen of its aux bytes (argument 4, an int) when 0 to 1 MiB, of
 * FSCONFIG_SET_PATH and FSCONFIG_SET_PATH_EMPTY a path as PATH reads it;
 * nothing otherwise.
 *
 * SELF_SIZED (since ABI 3, additive): a struct whose first field is its
 * size, a u32 (sched_setattr's struct sched_attr), read as strace reads
 * it. At entry the size; when it (0 meaning the struct's first version,
 * of aux bytes) is at least aux, instead the struct's first min(size, the
 * layout's) bytes, unavailable when they cannot be read. Again at exit
 * when the call failed with E2BIG: the u32 size alone, the size the
 * kernel wrote back.
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
	X(ARRAY_IN, 8, "array_in", "enter") /* aux structs, snaplen + 1 */ \
	X(ARRAY_INOUT, 9, "array_inout", "both") /* the same; at exit all */ \
	X(IOVEC_IN, 10, "iovec_in", "enter") /* aux iovecs, their bytes */ \
	X(IOVEC_OUT, 11, "iovec_out", "exit") /* the same, ret bytes */ \
	X(DIRENTS, 12, "dirents", "exit") /* u32: entries in ret bytes */ \
	X(SIZED_IN, 13, "sized_in", "enter") /* min(aux, size) bytes */	\
	X(SIZED_OUT, 14, "sized_out", "exit") /* min(aux, size) bytes */	\
	X(ARRAY_OUT, 15, "array_out", "exit") /* ret structs, first snaplen */ \
	X(SOCKOPT_IN, 16, "sockopt_in", "enter") /* aux bytes, known options */ \
	X(LIST_COUNT, 19, "list_count", "enter") /* entries of a NULL-ended list */ \
	X(FDSET, 20, "fd_set", "both") /* u32s: the set fds, again at exit */ \
	X(STRUCT_INOUT, 21, "struct_inout", "both") /* one struct, again at exit */ \
	X(SIGSET_PACK, 22, "sigset_pack", "enter") /* the pair, its sigset */ \
	X(SOCKOPT_OUT, 23, "sockopt_out", "exit") /* *aux bytes, first snaplen */ \
	X(SOCKADDR_OUT, 24, "sockaddr_out", "exit") /* *aux bytes, a sockaddr */ \
	X(MSGHDR_IN, 25, "msghdr_in", "enter") /* a message, its bytes */ \
	X(MSGHDR_OUT, 26, "msghdr_out", "both") /* namelens; messages received */ \
	X(MMSGHDR_IN, 27, "mmsghdr_in", "exit") /* aux messages sent */ \
	X(FCNTL_ARG, 28, "fcntl_arg", "both") /* by cmd: flock, f_owner_ex */ \
	X(FILE_HANDLE, 29, "file_handle", "both") /* header, f_handle bytes */ \
	X(PAGE_VEC, 30, "page_vec", "exit") /* a byte a page, first snaplen */ \
	X(STRUCT_EXT, 31, "struct_ext", "enter") /* struct, nonzero rest */ \
	X(IOCBS, 32, "iocbs", "enter") /* iocb pointers, iocbs, buffers */ \
	X(ARGV_V, 33, "argv_v", "enter") /* argv and envp ends, bad entries */ \
	X(SELF_SIZED, 34, "self_sized", "both") /* by its size; E2BIG's */ \
	X(FSCONFIG, 36, "fsconfig", "enter") /* key or value by command */

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
	X(LOFF, 12, "loff", 8)				\
	X(STATFS, 13, "statfs", 120)			\
	X(TIMEVAL_PAIR, 14, "timeval_pair", 32)		\
	X(UTIMBUF, 15, "utimbuf", 16)			\
	X(TIMESPEC_PAIR, 16, "timespec_pair", 32)	\
	X(OPEN_HOW, 17, "open_how", 24)			\
	X(MQ_ATTR, 18, "mq_attr", 64)			\
	X(SEMBUF, 19, "sembuf", 6)			\
	X(AIO_CONTEXT, 20, "aio_context", 8)		\
	X(IOVEC, 21, "iovec", 16)			\
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
	X(SIGEVENT, 43, "sigevent", 32)	/* its first 32 */ \
	X(USER_DESC, 44, "user_desc", 16)		\
	X(EPOLL_EVENT, 50, "epoll_event", 12)		\
	X(SIGSET_PACK, 60, "sigset_pack", 16)		\
	X(MSGHDR, 70, "msghdr", 56)			\
	X(MMSGHDR, 71, "mmsghdr", 64)		\
	X(IOCB, 72, "iocb", 64)				\
	X(IO_EVENT, 73, "io_event", 32)			\
	X(FUTEX_WAITV, 80, "futex_waitv", 24)		\
	X(SYSCTL_ARGS, 81, "sysctl_args", 80)

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
	X(execve, 3, ARGV_V, NONE, 1)				\
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
	X(execveat, 5, ARGV_V, NONE, 2)				\
	X(statx, 1, PATH, NONE, 0)				\
	X(openat2, 1, PATH, NONE, 0)				\
	X(faccessat2, 1, PATH, NONE, 0)				\
	KT_SYS_FS_ARGS(X)					\
	KT_SYS_STRUCT_ARGS(X)					\
	KT_SYS_FS_STRUCT_ARGS(X)

/* Files, filesystems, IPC (since ABI 3, additive). */
#define KT_SYS_FS_ARGS(X)					\
	X(memfd_create, 0, PATH, NONE, 1)			\
	X(utime, 0, PATH, NONE, 0)				\
	X(utimes, 0, PATH, NONE, 0)				\
	X(futimesat, 1, PATH, NONE, 0)				\
	X(inotify_add_watch, 1, PATH, NONE, 0)			\
	X(fanotify_mark, 4, PATH, NONE, 0)			\
	X(name_to_handle_at, 1, PATH, NONE, 0)			\
	X(pivot_root, 0, PATH, NONE, 0)				\
	X(pivot_root, 1, PATH, NONE, 0)				\
	X(lookup_dcookie, 1, BUF_OUT, NONE, 0)			\
	X(setxattr, 0, PATH, NONE, 0)				\
	X(setxattr, 1, PATH, NONE, 0)				\
	X(setxattr, 2, BUF_IN, NONE, 3)				\
	X(lsetxattr, 0, PATH, NONE, 0)				\
	X(lsetxattr, 1, PATH, NONE, 0)				\
	X(lsetxattr, 2, BUF_IN, NONE, 3)			\
	X(fsetxattr, 1, PATH, NONE, 0)				\
	X(fsetxattr, 2, BUF_IN, NONE, 3)			\
	X(getxattr, 0, PATH, NONE, 0)				\
	X(getxattr, 1, PATH, NONE, 0)				\
	X(getxattr, 2, BUF_OUT, NONE, 0)			\
	X(lgetxattr, 0, PATH, NONE, 0)				\
	X(lgetxattr, 1, PATH, NONE, 0)				\
	X(lgetxattr, 2, BUF_OUT, NONE, 0)			\
	X(fgetxattr, 1, PATH, NONE, 0)				\
	X(fgetxattr, 2, BUF_OUT, NONE, 0)			\
	X(listxattr, 0, PATH, NONE, 0)				\
	X(listxattr, 1, BUF_OUT, NONE, 0)			\
	X(llistxattr, 0, PATH, NONE, 0)				\
	X(llistxattr, 1, BUF_OUT, NONE, 0)			\
	X(flistxattr, 1, BUF_OUT, NONE, 0)			\
	X(removexattr, 0, PATH, NONE, 0)			\
	X(removexattr, 1, PATH, NONE, 0)			\
	X(lremovexattr, 0, PATH, NONE, 0)			\
	X(lremovexattr, 1, PATH, NONE, 0)			\
	X(fremovexattr, 1, PATH, NONE, 0)			\
	X(fsopen, 0, PATH, NONE, 0)				\
	X(move_mount, 1, PATH, NONE, 0)				\
	X(move_mount, 3, PATH, NONE, 0)				\
	X(open_tree, 1, PATH, NONE, 0)				\
	X(fspick, 1, PATH, NONE, 0)				\
	X(fsconfig, 2, FSCONFIG, NONE, 1)			\
	X(fsconfig, 3, FSCONFIG, NONE, 1)			\
	X(mq_open, 0, PATH, NONE, 0)				\
	X(mq_unlink, 0, PATH, NONE, 0)				\
	X(mq_timedsend, 1, BUF_IN, NONE, 2)			\
	X(mq_timedreceive, 1, BUF_OUT, NONE, 0)			\
	X(mq_timedreceive, 3, STRUCT_OUT, INT, 0)		\
	X(getdents, 1, DIRENTS, NONE, 0)			\
	X(getdents64, 1, DIRENTS, NONE, 0)			\
	X(fcntl, 2, FCNTL_ARG, NONE, 1)				\
	X(name_to_handle_at, 2, FILE_HANDLE, NONE, 1)		\
	X(name_to_handle_at, 3, STRUCT_OUT, INT, 0)		\
	X(open_by_handle_at, 1, FILE_HANDLE, NONE, 0)		\
	X(mincore, 2, PAGE_VEC, NONE, 1)

/* Structs of files, filesystems, IPC and AIO (since ABI 3, additive). */
#define KT_SYS_FS_STRUCT_ARGS(X)				\
	X(splice, 1, STRUCT_IN, LOFF, 0)			\
	X(splice, 3, STRUCT_IN, LOFF, 0)			\
	X(copy_file_range, 1, STRUCT_IN, LOFF, 0)		\
	X(copy_file_range, 3, STRUCT_IN, LOFF, 0)		\
	X(statfs, 1, STRUCT_OUT, STATFS, 0)			\
	X(fstatfs, 1, STRUCT_OUT, STATFS, 0)			\
	X(utimes, 1, STRUCT_IN, TIMEVAL_PAIR, 0)		\
	X(futimesat, 2, STRUCT_IN, TIMEVAL_PAIR, 0)		\
	X(utime, 1, STRUCT_IN, UTIMBUF, 0)			\
	X(utimensat, 2, STRUCT_IN, TIMESPEC_PAIR, 0)		\
	X(openat2, 2, STRUCT_EXT, OPEN_HOW, 3)			\
	X(mq_open, 3, STRUCT_IN, MQ_ATTR, 0)			\
	X(mq_getsetattr, 1, STRUCT_IN, MQ_ATTR, 0)		\
	X(mq_getsetattr, 2, STRUCT_OUT, MQ_ATTR, 0)		\
	X(mq_notify, 1, STRUCT_IN, SIGEVENT, 0)			\
	X(mq_timedsend, 4, STRUCT_IN, TIMESPEC, 0)		\
	X(mq_timedreceive, 4, STRUCT_IN, TIMESPEC, 0)		\
	X(semop, 1, ARRAY_IN, SEMBUF, 2)			\
	X(semtimedop, 1, ARRAY_IN, SEMBUF, 2)			\
	X(semtimedop, 3, STRUCT_IN, TIMESPEC, 0)		\
	X(io_setup, 1, STRUCT_OUT, AIO_CONTEXT, 0)		\
	X(io_submit, 2, IOCBS, IOCB, 1)				\
	X(io_cancel, 1, STRUCT_IN, IOCB, 0)			\
	X(io_cancel, 2, STRUCT_OUT, IO_EVENT, 0)		\
	X(io_getevents, 3, ARRAY_OUT, IO_EVENT, 0)		\
	X(io_getevents, 4, STRUCT_IN, TIMESPEC, 0)		\
	X(io_pgetevents, 3, ARRAY_OUT, IO_EVENT, 0)		\
	X(io_pgetevents, 4, STRUCT_IN, TIMESPEC, 0)		\
	X(readv, 1, IOVEC_OUT, IOVEC, 2)			\
	X(writev, 1, IOVEC_IN, IOVEC, 2)			\
	X(preadv, 1, IOVEC_OUT, IOVEC, 2)			\
	X(pwritev, 1, IOVEC_IN, IOVEC, 2)			\
	X(preadv2, 1, IOVEC_OUT, IOVEC, 2)			\
	X(pwritev2, 1, IOVEC_IN, IOVEC, 2)			\
	X(vmsplice, 1, IOVEC_IN, IOVEC, 2)			\
	X(process_madvise, 1, ARRAY_IN, IOVEC, 2)

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
	X(ppoll, 2, STRUCT_INOUT, TIMESPEC, 0)			\
	X(pselect6, 4, STRUCT_INOUT, TIMESPEC, 0)		\
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
	X(sched_setattr, 1, SELF_SIZED, SCHED_ATTR, 48)		\
	X(sched_getaffinity, 2, BUF_OUT, NONE, 0)		\
	X(sched_setaffinity, 2, BUF_IN, NONE, 1)		\
	X(get_robust_list, 1, STRUCT_OUT, UPTR, 0)		\
	X(get_robust_list, 2, STRUCT_OUT, KULONG, 0)		\
	X(getrandom, 0, BUF_OUT, NONE, 0)			\
	X(modify_ldt, 1, STRUCT_IN, USER_DESC, 0)		\
	X(syslog, 1, BUF_OUT, NONE, 0)				\
	X(futex_waitv, 0, ARRAY_IN, FUTEX_WAITV, 1)		\
	X(futex_waitv, 3, STRUCT_IN, TIMESPEC, 0)		\
	X(_sysctl, 0, STRUCT_IN, SYSCTL_ARGS, 0)		\
	X(sethostname, 0, BUF_IN, NONE, 1)			\
	X(setdomainname, 0, BUF_IN, NONE, 1)			\
	X(time, 0, STRUCT_OUT, TIME, 0)				\
	X(times, 0, STRUCT_OUT, TMS, 0)				\
	X(gettimeofday, 0, STRUCT_OUT, TIMEVAL, 0)		\
	X(gettimeofday, 1, STRUCT_OUT, TIMEZONE, 0)		\
	X(settimeofday, 0, STRUCT_IN, TIMEVAL, 0)		\
	X(settimeofday, 1, STRUCT_IN, TIMEZONE, 0)		\
	X(select, 4, STRUCT_INOUT, TIMEVAL, 0)		\
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
	X(ppoll, 3, SIZED_IN, SIGSET, 4)				\
	KT_SYS_WAIT_ARGS(X)

/* fd_sets, timeouts and values the kernel updates (since ABI 3, additive). */
#define KT_SYS_WAIT_ARGS(X)					\
	X(select, 1, FDSET, NONE, 0)				\
	X(select, 2, FDSET, NONE, 0)				\
	X(select, 3, FDSET, NONE, 0)				\
	X(pselect6, 1, FDSET, NONE, 0)				\
	X(pselect6, 2, FDSET, NONE, 0)				\
	X(pselect6, 3, FDSET, NONE, 0)				\
	X(pselect6, 5, SIGSET_PACK, SIGSET_PACK, 0)		\
	X(io_pgetevents, 5, SIGSET_PACK, SIGSET_PACK, 0)	\
	X(getsockopt, 3, SOCKOPT_OUT, NONE, 4)			\
	X(getsockopt, 4, STRUCT_INOUT, INT, 0)			\
	X(waitid, 4, STRUCT_OUT, RUSAGE, 0)				\
	X(recvfrom, 4, SOCKADDR_OUT, NONE, 5)			\
	X(recvfrom, 5, STRUCT_INOUT, INT, 0)			\
	X(accept, 1, SOCKADDR_OUT, NONE, 2)			\
	X(accept, 2, STRUCT_INOUT, INT, 0)			\
	X(accept4, 1, SOCKADDR_OUT, NONE, 2)			\
	X(accept4, 2, STRUCT_INOUT, INT, 0)			\
	X(getsockname, 1, SOCKADDR_OUT, NONE, 2)		\
	X(getsockname, 2, STRUCT_INOUT, INT, 0)			\
	X(getpeername, 1, SOCKADDR_OUT, NONE, 2)		\
	X(getpeername, 2, STRUCT_INOUT, INT, 0)			\
	KT_SYS_MSG_ARGS(X)

/* Messages of sendmsg, recvmsg, sendmmsg, recvmmsg; recvmmsg's timeout (ABI 3). */
#define KT_SYS_MSG_ARGS(X)					\
	X(sendmsg, 1, MSGHDR_IN, MSGHDR, 0)			\
	X(recvmsg, 1, MSGHDR_OUT, MSGHDR, 0)			\
	X(sendmmsg, 1, MMSGHDR_IN, MMSGHDR, 2)			\
	X(recvmmsg, 1, MSGHDR_OUT, MMSGHDR, 2)			\
	X(recvmmsg, 4, STRUCT_INOUT, TIMESPEC, 0)

#endif /* KTRACE_SYSARGS_H */
