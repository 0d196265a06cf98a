// SPDX-License-Identifier: GPL-2.0
/* Syscall family: raw_syscalls sys_enter and sys_exit, with argument memory. */
#include <linux/aio_abi.h>
#include <linux/auxvec.h>
#include <linux/compat.h>
#include <linux/errno.h>
#include <linux/eventpoll.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/futex.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/mm_types.h>
#include <uapi/linux/mount.h>
#include <linux/mqueue.h>
#include <linux/openat2.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <uapi/linux/sched/types.h>
#include <linux/poll.h>
#include <linux/resource.h>
#include <linux/sem.h>
#include <linux/signal.h>
#include <linux/socket.h>
#include <linux/stat.h>
#include <linux/statfs.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/timex.h>
#include <linux/time_types.h>
#include <linux/times.h>
#include <linux/uio.h>
#include <linux/utime.h>
#include <linux/utsname.h>
#include <asm/ldt.h>
#include <asm/sigframe.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <trace/events/syscalls.h>

#include "wrapper/syscall_tp.h"
#include "wrapper/tracepoint.h"
#include "probe.h"
#include "ktrace_sysargs.h"

enum kt_arg_kind {
#define KT_X(id, value, name, when) KT_ARG_##id = (value),
	KT_ARG_KINDS(KT_X)
#undef KT_X
};

enum kt_arg_layout {
#define KT_X(id, value, name, size) KT_LAYOUT_##id = (value),
	KT_ARG_LAYOUTS(KT_X)
#undef KT_X
};

static const u16 kt_layout_size[] = {
#define KT_X(id, value, name, size) \
	[KT_LAYOUT_##id] = (size),
	KT_ARG_LAYOUTS(KT_X)
#undef KT_X
};

/* The table's sizes are the kernel's own: a struct is copied whole. */
static_assert(sizeof(struct stat) == 144);
static_assert(sizeof(struct __kernel_timespec) == 16);
static_assert(sizeof(struct rlimit) == 16 && sizeof(struct rlimit64) == 16);
static_assert(sizeof(struct rusage) == 144);
static_assert(sizeof(struct new_utsname) == 390);
static_assert(sizeof(struct sysinfo) == 112);
static_assert(sizeof(sigset_t) == 8);
static_assert(sizeof(struct sigaction) == 32);
static_assert(sizeof(struct pollfd) == 8);
static_assert(sizeof(int) == 4 && sizeof(uid_t) == 4 && sizeof(gid_t) == 4);
static_assert(sizeof(unsigned long) == 8 && sizeof(void __user *) == 8);
static_assert(sizeof(__kernel_old_time_t) == 8);
static_assert(sizeof(struct __kernel_old_timeval) == 16);
static_assert(sizeof(struct timezone) == 8);
static_assert(sizeof(struct tms) == 32);
static_assert(sizeof(struct __kernel_old_itimerval) == 32);
static_assert(sizeof(struct __kernel_itimerspec) == 32);
static_assert(sizeof(siginfo_t) == 128);
static_assert(sizeof(struct sched_attr) == 56);
static_assert(sizeof(struct __kernel_timex) == 208);
/*
 * A sigevent's first 32 bytes: the value, signo, notify and the thread id
 * or function and attributes, all strace prints; the kernel copies 64.
 */
static_assert(sizeof(sigevent_t) == 64 &&
	      offsetof(sigevent_t, _sigev_un._sigev_thread._attribute) == 24);
static_assert(sizeof(struct user_desc) == 16);
/* x86-64's struct epoll_event is packed: events, then data at offset 4. */
static_assert(sizeof(struct epoll_event) == 12);
/* The setsockopt values a view decodes (x86-64 sizes, as it assumes). */
static_assert(sizeof(struct ip_mreq) == 8 && sizeof(struct ipv6_mreq) == 20);
static_assert(sizeof(struct group_req) == 136 && sizeof(struct linger) == 8);
static_assert(sizeof(loff_t) == 8);
static_assert(sizeof(struct statfs) == 120);
static_assert(sizeof(struct __kernel_old_timeval) * 2 == 32);
static_assert(sizeof(struct utimbuf) == 16);
static_assert(sizeof(struct __kernel_timespec) * 2 == 32);
static_assert(sizeof(struct open_how) == 24);
static_assert(sizeof(struct mq_attr) == 64);
static_assert(sizeof(struct sembuf) == 6);
static_assert(sizeof(aio_context_t) == 8);
static_assert(sizeof(struct iovec) == 16);
static_assert(sizeof(struct user_msghdr) == 56 && sizeof(struct mmsghdr) == 64);
static_assert(sizeof(struct flock) == 32 && sizeof(struct f_owner_ex) == 8);
static_assert(offsetof(struct file_handle, f_handle) == 8);
static_assert(sizeof(struct futex_waitv) == 24);
static_assert(sizeof(struct __sysctl_args) == 80);
static_assert(sizeof(struct iocb) == 64 && sizeof(struct io_event) == 32);
/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
static_assert(sizeof(void __user *) + sizeof(size_t) == 16);

/* Descriptors one fd_set capture lists at most: three fit in a record. */
#define KT_FDSET_MAX_FDS 128
/* The fd_set bits strace reads at most, whatever nfds says. */
#define KT_FDSET_MAX_BITS (1024 * 1024)

/* What one argument points to: KT_ARG_*, KT_LAYOUT_*, length argument. */
struct kt_sys_arg {
	u8 kind;
	u8 layout;
	u8 aux;
};

/* Native x86-64 syscalls whose pointer arguments the strings variable reads. */
static const struct kt_sys_arg kt_sys_args[][6] = {
#define KT_X(sys, arg, kind, layout, aux)				\
	[__NR_##sys][arg] = { KT_ARG_##kind, KT_LAYOUT_##layout, aux },
	KT_SYS_ARGS(KT_X)
#undef KT_X
};

static const struct kt_sys_arg *kt_arg_kinds(long nr)
{
	/* Compat tasks number syscalls differently: their strings are not read. */
	if (nr < 0 || nr >= ARRAY_SIZE(kt_sys_args) || in_compat_syscall())
		return NULL;
	return kt_sys_args[nr];
}

/*
 * An array of @count structs of @size bytes: its first @snap elements,
 * marked truncated when there were more or when one could not be read
 * (then the elements before it).
 */
static void kt_set_array_user(struct kt_ring *ring, unsigned int tag,
			      const void __user *p, u64 count, u32 size,
			      u32 snap)
{
	u64 len = min_t(u64, count, KT_STR_BYTES) * size;
	u32 max = min_t(u64, count, snap) * size;

	if (p)
		kt_set_elems_user(ring, tag, p, len, max, size);
}

/*
 * The bytes setsockopt's value has for the options whose struct a view
 * decodes (0: not read): as many as the option's struct or int, never more,
 * so a short value or one that ends at an unmapped page is not read past.
 */
static u32 kt_sockopt_size(unsigned long level, unsigned long name)
{
	switch ((u32)level) {
	case SOL_SOCKET:
		return (u32)name == SO_LINGER ? sizeof(struct linger) : sizeof(int);
	case SOL_IP:
		if ((u32)name == IP_ADD_MEMBERSHIP || (u32)name == IP_DROP_MEMBERSHIP)
			return sizeof(struct ip_mreq);
		fallthrough;
	case SOL_IPV6:
		if ((u32)name == MCAST_JOIN_GROUP || (u32)name == MCAST_LEAVE_GROUP)
			return sizeof(struct group_req);
		if ((u32)level == SOL_IPV6 &&
		    ((u32)name == IPV6_ADD_MEMBERSHIP ||
		     (u32)name == IPV6_DROP_MEMBERSHIP ||
		     (u32)name == IPV6_JOIN_ANYCAST ||
		     (u32)name == IPV6_LEAVE_ANYCAST))
			return sizeof(struct ipv6_mreq);
		return 0;
	default:
		return 0;
	}
}

/*
 * The bytes of the struct fcntl's third argument points to for @cmd (an
 * unsigned int, as the kernel takes it) that the entry (@exit false) or the
 * exit reads: the commands that set read it at entry, those that get at
 * exit; 0 for the commands whose argument is no struct.
 */
static u32 kt_fcntl_size(unsigned long cmd, bool exit)
{
	switch ((u32)cmd) {
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return exit ? 0 : sizeof(struct flock);
	case F_GETLK:
	case F_OFD_GETLK:
		return exit ? sizeof(struct flock) : 0;
	case F_SETOWN_EX:
		return exit ? 0 : sizeof(struct f_owner_ex);
	case F_GETOWN_EX:
		return exit ? sizeof(struct f_owner_ex) : 0;
	default:
		return 0;
	}
}

/* The f_handle bytes strace prints at most (MAX_HANDLE_SZ). */
#define KT_HANDLE_MAX 128

/*
 * A struct file_handle: its header, then (@bytes) the first handle_bytes
 * of its f_handle, at most KT_HANDLE_MAX; the header alone, truncated,
 * when those cannot be read.
 */
static void kt_capture_file_handle(struct kt_ring *ring, unsigned int tag,
				   const u8 __user *p, bool bytes)
{
	struct {
		u32 handle_bytes;
		s32 handle_type;
		u8 f_handle[KT_HANDLE_MAX];
	} fh;
	u32 n = offsetof(typeof(fh), f_handle), len;
	u8 status = KT_STR_COMPLETE;

	if (!p)
		return;
	if (copy_from_user_nofault(&fh, p, n)) {
		kt_set_bytes_kernel(ring, tag, &fh, 0, KT_STR_UNAVAILABLE);
		return;
	}
	len = min_t(u32, fh.handle_bytes, KT_HANDLE_MAX);
	if (bytes && len) {
		if (copy_from_user_nofault(fh.f_handle, p + n, len))
			status = KT_STR_TRUNCATED;
		else
			n += len;
	}
	kt_set_bytes_kernel(ring, tag, &fh, n, status);
}

/*
 * A struct of @size bytes the caller gives with its size (@given, at least
 * @size): the struct, then what strace shows of the bytes after it up to
 * @given or a page (openat2's how): none when they are all zero, else
 * their first @snap (truncated when there are more); the struct alone,
 * truncated, when one of them cannot be read.
 */
static void kt_capture_struct_ext(struct kt_ring *ring, unsigned int tag,
				  const u8 __user *p, u64 given, u32 size,
				  u32 snap)
{
	u32 total = min_t(u64, given, PAGE_SIZE), off, n;
	bool zero = true;
	u8 tmp[64];

	if (!p || given < size)
		return;
	for (off = size; off < total; off += n) {
		n = min_t(u32, total - off, sizeof(tmp));
		if (copy_from_user_nofault(tmp, p + off, n)) {
			/* The struct, marked cut: it has more than was read. */
			kt_set_bytes_user(ring, tag, p, size + 1, size);
			return;
		}
		if (memchr_inv(tmp, 0, n))
			zero = false;
	}
	/* At least a byte of a nonzero rest: the struct alone means cut. */
	kt_set_bytes_user(ring, tag, p, zero ? size : total,
			  zero ? size : size + max_t(u32, snap, 1));
}

/*
 * fsconfig's key (@arg 2) and value (@arg 3) by command (@cmd): for the set
 * commands the key is a string of @snap; the value a string of @snap
 * (FSCONFIG_SET_STRING), its first @snap of aux bytes when aux is 0 to the
 * kernel's 1 MiB (FSCONFIG_SET_BINARY), or a path (FSCONFIG_SET_PATH and
 * FSCONFIG_SET_PATH_EMPTY); nothing for the other commands and values.
 */
static void kt_capture_fsconfig(struct kt_ring *ring, unsigned int tag,
				unsigned int arg, unsigned int cmd,
				const unsigned long *args, u32 snap)
{
	const char __user *p = (const char __user *)args[arg];
	int aux = args[4];

	if (!p || cmd > FSCONFIG_SET_FD)
		return;
	if (arg == 2) {
		kt_set_str_user(ring, tag, p, snap);
		return;
	}
	switch (cmd) {
	case FSCONFIG_SET_STRING:
		kt_set_str_user(ring, tag, p, snap);
		break;
	case FSCONFIG_SET_BINARY:
		if (aux >= 0 && aux <= SZ_1M)
			kt_set_bytes_user(ring, tag, p, aux, snap);
		break;
	case FSCONFIG_SET_PATH:
	case FSCONFIG_SET_PATH_EMPTY:
		kt_set_str_user(ring, tag, p, KT_PATH_MAX);
		break;
	}
}

/*
 * A struct whose first field is its size, a u32 (sched_setattr's attr), as
 * strace reads it: the size, or when it (0: the first version, @least
 * bytes) is at least @least, the struct's first min(size, @size) bytes;
 * unavailable when those cannot be read.
 */
static void kt_capture_self_sized(struct kt_ring *ring, unsigned int tag,
				  const void __user *p, u32 size, u32 least)
{
	u32 given;

	if (!p)
		return;
	if (copy_from_user_nofault(&given, p, sizeof(given))) {
		kt_set_bytes_kernel(ring, tag, &given, 0, KT_STR_UNAVAILABLE);
		return;
	}
	if (!given)
		given = least;
	if (given < least)
		kt_set_bytes_kernel(ring, tag, &given, sizeof(given),
				    KT_STR_COMPLETE);
	else
		kt_set_bytes_user(ring, tag, p, min(given, size), size);
}

/*
 * An fd_set of select or pselect6: nfds is an int (the kernel drops the
 * upper bits); none, and nothing read, when it is not above 0.
 */
static void kt_capture_fdset(struct kt_ring *ring, unsigned int tag,
			     const void __user *p, unsigned long nfds)
{
	int n = (int)nfds;

	if (p && n > 0)
		kt_set_fdset_user(ring, tag, p, min(n, KT_FDSET_MAX_BITS),
				  KT_FDSET_MAX_FDS);
}

/*
 * pselect6's { sigset pointer, its size }, and the sigset after it when
 * the size is a sigset's (as strace prints it; otherwise its address).
 */
static void kt_capture_sigset_pack(struct kt_ring *ring, unsigned int tag,
				   const void __user *p)
{
	struct {
		u64 ss;
		u64 len;
		u8 set[sizeof(sigset_t)];
	} pack;
	u32 n = sizeof(pack.ss) + sizeof(pack.len);

	if (!p)
		return;
	if (copy_from_user_nofault(&pack, p, n)) {
		kt_set_bytes_kernel(ring, tag, &pack, 0, KT_STR_UNAVAILABLE);
		return;
	}
	if (pack.ss && pack.len == sizeof(sigset_t) &&
	    !copy_from_user_nofault(pack.set, (const void __user *)pack.ss,
				    sizeof(pack.set)))
		n += sizeof(pack.set);
	kt_set_bytes_kernel(ring, tag, &pack, n, KT_STR_COMPLETE);
}

/*
 * getsockopt's value: the bytes its optlen, read again at exit, says the
 * kernel wrote; at most 4 * snap (an array of snap u32s: netlink's
 * memberships), and at least 16.
 */
static void kt_capture_sockopt_out(struct kt_ring *ring, unsigned int tag,
				   const void __user *p,
				   const void __user *optlen, u32 snap)
{
	int len;

	if (!p || !optlen || copy_from_user_nofault(&len, optlen, sizeof(len)) ||
	    len <= 0)
		return;
	kt_set_bytes_user(ring, tag, p, len, max_t(u32, 4 * snap, 16));
}

/*
 * A socket address the kernel wrote: the bytes its length, read again at
 * exit, says it has (at most a sockaddr_storage).
 */
static void kt_capture_sockaddr_out(struct kt_ring *ring, unsigned int tag,
				    const void __user *p,
				    const void __user *addrlen)
{
	int len;

	if (!p || !addrlen ||
	    copy_from_user_nofault(&len, addrlen, sizeof(len)) || len <= 0)
		return;
	kt_set_bytes_user(ring, tag, p, len, sizeof(struct sockaddr_storage));
}

/* The messages of a msghdr capture: one, or aux's vlen (an unsigned int). */
static u64 kt_msg_count(const struct kt_sys_arg *kind, const unsigned long *args)
{
	return kind->aux ? (u32)args[kind->aux] : 1;
}

static void kt_capture_enter(struct kt_ring *ring, const struct kt_sys_arg *kinds,
			     const unsigned long *args)
{
	u32 snap = READ_ONCE(kt_global_snaplen);
	unsigned int i;

	for (i = 0; i < 6; i++) {
		const void __user *p = (const void __user *)args[i];
		u32 size = kt_layout_size[kinds[i].layout];
		unsigned int aux = kinds[i].aux;

		switch (kinds[i].kind) {
		case KT_ARG_PATH:
			if (aux)
				kt_set_name_user(ring, KT_F_STR_ARG0 + i, p,
						 KT_PATH_MAX);
			else
				kt_set_str_user(ring, KT_F_STR_ARG0 + i, p,
						KT_PATH_MAX);
			break;
		case KT_ARG_BUF_IN:
			kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
					  args[aux], snap);
			break;
		case KT_ARG_SOCKADDR:
			if (p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  args[aux],
						  sizeof(struct sockaddr_storage));
			break;
		case KT_ARG_ARGV:
			kt_set_argv_user(ring, KT_F_STR_ARG0 + i, p, snap);
			break;
		case KT_ARG_LIST_COUNT:
			kt_set_ptr_count_user(ring, KT_F_STR_ARG0 + i, p);
			break;
		case KT_ARG_ARGV_V:
			kt_set_argv_v_user(ring, KT_F_STR_ARG0 + i,
					   (const void __user *)args[aux],
					   (const void __user *)args[aux + 1],
					   snap);
			break;
		case KT_ARG_STRUCT_IN:
		case KT_ARG_STRUCT_INOUT:
			if (p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  size, size);
			break;
		case KT_ARG_FDSET:
			kt_capture_fdset(ring, KT_F_STR_ARG0 + i, p, args[aux]);
			break;
		case KT_ARG_SIGSET_PACK:
			kt_capture_sigset_pack(ring, KT_F_STR_ARG0 + i, p);
			break;
		case KT_ARG_SIZED_IN:
			if (p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  min_t(u64, args[aux], size),
						  size);
			break;
		case KT_ARG_SOCKOPT_IN:
			/* optlen is an int: a negative one reads nothing. */
			size = kt_sockopt_size(args[1], args[2]);
			if (p && size && (int)args[aux] > 0)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  min_t(u32, (u32)args[aux], size),
						  size);
			break;
		case KT_ARG_ARRAY_IN:
			/*
			 * futex_waitv's nr_futexes is an unsigned int. One
			 * element past snap: strace reads the one after those it
			 * prints, and shows the address of one it cannot read.
			 */
			kt_set_array_user(ring, KT_F_STR_ARG0 + i, p,
					  kinds[i].layout == KT_LAYOUT_FUTEX_WAITV ?
					  (u32)args[aux] : args[aux], size, snap + 1);
			break;
		case KT_ARG_ARRAY_INOUT:
			/* poll's nfds is an unsigned int: the upper bits are not its. */
			kt_set_array_user(ring, KT_F_STR_ARG0 + i, p, (u32)args[aux],
					  size, snap);
			break;
		case KT_ARG_IOVEC_IN:
			if (p)
				kt_set_iovec_user(ring, KT_F_STR_ARG0 + i, p,
						  args[aux], snap, U64_MAX);
			break;
		case KT_ARG_MSGHDR_IN:
			if (p)
				kt_set_msgs_user(ring, KT_F_STR_ARG0 + i, p,
						 kt_msg_count(&kinds[i], args), size,
						 snap, U64_MAX, false);
			break;
		case KT_ARG_MSGHDR_OUT:
			/* What the caller gave: the kernel updates it. */
			if (p)
				kt_set_msg_namelens_user(ring, KT_F_STR_ARG0 + i, p,
							 kt_msg_count(&kinds[i], args),
							 size, snap);
			break;
		case KT_ARG_FCNTL_ARG:
			size = kt_fcntl_size(args[aux], false);
			if (p && size)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  size, size);
			break;
		case KT_ARG_FILE_HANDLE:
			kt_capture_file_handle(ring, KT_F_STR_ARG0 + i, p, !aux);
			break;
		case KT_ARG_STRUCT_EXT:
			kt_capture_struct_ext(ring, KT_F_STR_ARG0 + i, p,
					      args[aux], size, snap);
			break;
		case KT_ARG_IOCBS:
			/* nr is a long: strace shows a negative one's address. */
			if (p && (long)args[aux] >= 0)
				kt_set_iocbs_user(ring, KT_F_STR_ARG0 + i, p,
						  args[aux], snap);
			break;
		case KT_ARG_FSCONFIG:
			kt_capture_fsconfig(ring, KT_F_STR_ARG0 + i, i,
					    args[aux], args, snap);
			break;
		case KT_ARG_SELF_SIZED:
			kt_capture_self_sized(ring, KT_F_STR_ARG0 + i, p, size,
					      aux);
			break;
		}
	}
}

/* Most directory entries counted for a getdents call: the walk is bounded. */
#define KT_DIRENTS_MAX 1024

/*
 * How many directory entries the @len bytes at @p hold, walking their
 * d_reclen (offset 16 in struct linux_dirent and linux_dirent64).
 */
static void kt_set_dirents_user(struct kt_ring *ring, unsigned int tag,
				const u8 __user *p, unsigned long len)
{
	u8 status = KT_STR_COMPLETE;
	unsigned long off = 0;
	u32 n = 0;

	while (off < len) {
		u16 reclen;

		if (n == KT_DIRENTS_MAX || len - off < 18 ||
		    copy_from_user_nofault(&reclen, p + off + 16, sizeof(reclen)) ||
		    !reclen) {
			status = KT_STR_TRUNCATED;
			break;
		}
		n++;
		off += reclen;
	}
	kt_set_bytes_kernel(ring, tag, &n, sizeof(n), status);
}

/*
 * What the kernel wrote for a call that succeeded (@ok: or for a sleep a
 * signal interrupted): output buffers (of @ret bytes), structs, and arrays
 * it updated, the directory entries it returned, the messages it received;
 * and, also for a failed call, the iovecs a read was given, with the bytes
 * placed in them (none when it failed), the messages sendmmsg sent, and
 * the size a struct's E2BIG wrote back.
 */
static void kt_capture_exit(struct kt_ring *ring, const struct kt_sys_arg *kinds,
			    const unsigned long *args, long ret, bool ok)
{
	u32 snap = READ_ONCE(kt_global_snaplen);
	unsigned int i;

	for (i = 0; i < 6; i++) {
		const void __user *p = (const void __user *)args[i];
		u32 size = kt_layout_size[kinds[i].layout];

		switch (kinds[i].kind) {
		case KT_ARG_FDSET:
			/* The sets say which descriptors are ready. */
			if (ret > 0)
				kt_capture_fdset(ring, KT_F_STR_ARG0 + i, p,
						 args[kinds[i].aux]);
			break;
		case KT_ARG_SOCKOPT_OUT:
			if (!ok)
				break;
			kt_capture_sockopt_out(ring, KT_F_STR_ARG0 + i, p,
					       (const void __user *)args[kinds[i].aux],
					       snap);
			break;
		case KT_ARG_SOCKADDR_OUT:
			if (!ok)
				break;
			kt_capture_sockaddr_out(ring, KT_F_STR_ARG0 + i, p,
						(const void __user *)args[kinds[i].aux]);
			break;
		case KT_ARG_BUF_OUT:
			if (ret > 0)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  ret, snap);
			break;
		case KT_ARG_STRUCT_OUT:
		case KT_ARG_STRUCT_INOUT:
			if (ok && p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  size, size);
			break;
		case KT_ARG_SIZED_OUT:
			if (ok && p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  min_t(u64, args[kinds[i].aux],
							size), size);
			break;
		case KT_ARG_ARRAY_INOUT:
			/*
			 * Every element the record holds, not the first snap:
			 * the ones the kernel marked (poll's revents) may be
			 * anywhere in the array.
			 */
			if (ok)
				kt_set_array_user(ring, KT_F_STR_ARG0 + i, p,
						  (u32)args[kinds[i].aux], size,
						  KT_STR_BYTES);
			break;
		case KT_ARG_IOVEC_OUT:
			if (p)
				kt_set_iovec_user(ring, KT_F_STR_ARG0 + i, p,
						  args[kinds[i].aux], snap,
						  IS_ERR_VALUE(ret) ? 0 : ret);
			break;
		case KT_ARG_MSGHDR_OUT:
			/* recvmsg: ret bytes; recvmmsg: ret messages, msg_len each. */
			if (ok && p && ret >= 0)
				kt_set_msgs_user(ring, KT_F_STR_ARG0 + i, p,
						 kinds[i].aux ? ret : 1, size, snap,
						 ret, kinds[i].aux);
			break;
		case KT_ARG_MMSGHDR_IN:
			/* Also when it failed: strace shows what it was given. */
			if (p)
				kt_set_msgs_user(ring, KT_F_STR_ARG0 + i, p,
						 kt_msg_count(&kinds[i], args), size,
						 snap, U64_MAX, false);
			break;
		case KT_ARG_DIRENTS:
			if (!IS_ERR_VALUE(ret) && p)
				kt_set_dirents_user(ring, KT_F_STR_ARG0 + i, p,
						    ret);
			break;
		case KT_ARG_ARRAY_OUT:
			if (ret > 0)
				kt_set_array_user(ring, KT_F_STR_ARG0 + i, p,
						  ret, size, snap);
			break;
		case KT_ARG_FCNTL_ARG:
			size = kt_fcntl_size(args[kinds[i].aux], true);
			if (ok && p && size)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  size, size);
			break;
		case KT_ARG_PAGE_VEC:
			/* A byte a page: the length rounded up, not overflowing. */
			if (ok && p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  args[kinds[i].aux] / PAGE_SIZE +
						  !!(args[kinds[i].aux] & ~PAGE_MASK),
						  snap);
			break;
		case KT_ARG_FILE_HANDLE:
			/* name_to_handle_at's: EOVERFLOW gives the size needed. */
			if (kinds[i].aux && (ok || ret == -EOVERFLOW))
				kt_capture_file_handle(ring, KT_F_STR_ARG0 + i,
						       p, ok);
			break;
		case KT_ARG_SELF_SIZED:
			/* E2BIG: the kernel wrote back the size it takes. */
			if (ret == -E2BIG && p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  sizeof(u32), sizeof(u32));
			break;
		}
	}
}

/*
 * rt_sigreturn's argument is its signal frame: the handler's return popped
 * the frame's return address, so the stack pointer is just past it. The
 * mask the frame restores goes to str_arg0 (the caller's own memory, read
 * like any argument).
 */
static void kt_capture_sigreturn(struct kt_ring *ring, struct pt_regs *regs)
{
	unsigned long frame = user_stack_pointer(regs) - sizeof(char __user *);
	const void __user *mask = (const void __user *)(frame +
		offsetof(struct rt_sigframe, uc.uc_sigmask));

	kt_set_bytes_user(ring, KT_F_STR_ARG0, mask, sizeof(sigset_t),
			  sizeof(sigset_t));
}

static void kt_probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	const struct kt_sys_arg *kinds = kt_arg_kinds(id);
	unsigned long args[6];
	struct kt_ring *ring;
	unsigned long flags;
	unsigned int i;

	kt_syscall_probe_context();
	/* Register reads only: nothing here can fault or sleep. */
	syscall_get_arguments(current, regs, args);
	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SYSNO, id);
	for (i = 0; i < ARRAY_SIZE(args); i++)
		kt_set(ring, KT_F_ARG0 + i, args[i]);
	if (id == __NR_rt_sigreturn && !in_compat_syscall() &&
	    kt_wants(KT_EV_SYS_ENTER, KT_F_STR_ARG0))
		kt_capture_sigreturn(ring, regs);
	else if (kinds && kt_wants(KT_EV_SYS_ENTER, KT_F_STR_ARG0))
		kt_capture_enter(ring, kinds, args);
	kt_record_commit(ring, KT_EV_SYS_ENTER, flags);
}

/*
 * An execve's path, argv and environment count again at its exit, where
 * the credentials it ended with decide who sees them (unprivileged readers
 * are never sent the ones captured at its entry: docs/abi.md, Security).
 * A failed exec left the caller's memory in place; a successful one put
 * them in the new program's: the path at AT_EXECFN, argv between arg_start
 * and arg_end (for a script, the interpreter's argv), the environment
 * between env_start and env_end. After a failure, also how argv and envp
 * end and argv's unreadable entries (ARGV_V), from the caller's memory.
 */
static void kt_capture_exec_exit(struct kt_ring *ring,
				 const struct kt_sys_arg *kinds, long nr,
				 long ret, const unsigned long *args)
{
	unsigned int path = nr == __NR_execveat ? 1 : 0, i;
	u32 snap = READ_ONCE(kt_global_snaplen);
	struct mm_struct *mm = current->mm;
	unsigned long execfn = 0;

	if (ret < 0) {
		kt_set_str_user(ring, KT_F_STR_ARG0 + path,
				(const char __user *)args[path], KT_PATH_MAX);
		kt_set_argv_user(ring, KT_F_STR_ARG0 + path + 1,
				 (const void __user *)args[path + 1], snap);
		kt_set_ptr_count_user(ring, KT_F_STR_ARG0 + path + 2,
				      (const void __user *)args[path + 2]);
		for (i = 0; i < 6; i++)
			if (kinds[i].kind == KT_ARG_ARGV_V)
				kt_set_argv_v_user(ring, KT_F_STR_ARG0 + i,
						   (const void __user *)args[path + 1],
						   (const void __user *)args[path + 2],
						   snap);
		return;
	}
	if (!mm)
		return;
	for (i = 0; i + 1 < ARRAY_SIZE(mm->saved_auxv) &&
	     mm->saved_auxv[i] != AT_NULL; i += 2)
		if (mm->saved_auxv[i] == AT_EXECFN)
			execfn = mm->saved_auxv[i + 1];
	kt_set_str_user(ring, KT_F_STR_ARG0 + path,
			(const char __user *)execfn, KT_PATH_MAX);
	kt_set_argv_block_user(ring, KT_F_STR_ARG0 + path + 1,
			       READ_ONCE(mm->arg_start), READ_ONCE(mm->arg_end),
			       snap);
	kt_set_str_count_block_user(ring, KT_F_STR_ARG0 + path + 2,
				    READ_ONCE(mm->env_start),
				    READ_ONCE(mm->env_end));
}

/*
 * A sleep a signal interrupted: the kernel wrote the time left to its
 * remaining-time argument (the one output a failed call has).
 */
static bool kt_sleep_interrupted(long nr, long ret)
{
	return (nr == __NR_nanosleep || nr == __NR_clock_nanosleep) &&
	       (ret == -EINTR || ret == -ERESTART_RESTARTBLOCK);
}

static void kt_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	long nr = syscall_get_nr(current, regs);
	const struct kt_sys_arg *kinds = kt_arg_kinds(nr);
	unsigned long args[6];
	struct kt_ring *ring;
	unsigned long flags;

	/* On x86-64 the argument registers survive the syscall. */
	syscall_get_arguments(current, regs, args);
	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SYSNO, nr);
	kt_set(ring, KT_F_RET, ret);
	if (kinds && (nr == __NR_execve || nr == __NR_execveat) &&
	    kt_wants(KT_EV_SYS_EXIT, KT_F_STR_ARG0)) {
		kt_capture_exec_exit(ring, kinds, nr, ret, args);
	} else if (kinds && kt_wants(KT_EV_SYS_EXIT, KT_F_STR_ARG0)) {
		kt_capture_exit(ring, kinds, args, ret,
				!IS_ERR_VALUE(ret) || kt_sleep_interrupted(nr, ret));
	}
	kt_record_commit(ring, KT_EV_SYS_EXIT, flags);
}

static const struct kt_probe kt_syscall_probes[] = {
	KT_TP_PROBE(KT_EV_SYS_ENTER, sys_enter, kt_probe_sys_enter),
	KT_TP_PROBE(KT_EV_SYS_EXIT, sys_exit, kt_probe_sys_exit),
};

const struct kt_probe_family kt_syscall_family = {
	.probes = kt_syscall_probes,
	.nr = ARRAY_SIZE(kt_syscall_probes),
};
