// SPDX-License-Identifier: GPL-2.0
/* Syscall family: raw_syscalls sys_enter and sys_exit, with argument memory. */
#include <linux/compat.h>
#include <linux/errno.h>
#include <linux/eventpoll.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/auxvec.h>
#include <linux/kernel.h>
#include <linux/mm_types.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <uapi/linux/sched/types.h>
#include <linux/poll.h>
#include <linux/resource.h>
#include <linux/signal.h>
#include <linux/socket.h>
#include <linux/stat.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/timex.h>
#include <linux/time_types.h>
#include <linux/times.h>
#include <linux/utsname.h>
#include <asm/ldt.h>
#include <asm/sigframe.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <trace/events/syscalls.h>

#include "wrapper/syscall_tp.h"
#include "wrapper/tracepoint.h"
#include "ktrace.h"
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
static_assert(sizeof(sigevent_t) == 64);
static_assert(sizeof(struct user_desc) == 16);
/* x86-64's struct epoll_event is packed: events, then data at offset 4. */
static_assert(sizeof(struct epoll_event) == 12);
/* The setsockopt values a view decodes (x86-64 sizes, as it assumes). */
static_assert(sizeof(struct ip_mreq) == 8 && sizeof(struct ipv6_mreq) == 20);
static_assert(sizeof(struct group_req) == 136 && sizeof(struct linger) == 8);

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
 * marked truncated when there were more.
 */
static void kt_set_array_user(struct kt_ring *ring, unsigned int tag,
			      const void __user *p, u64 count, u32 size,
			      u32 snap)
{
	u64 len = min_t(u64, count, KT_STR_BYTES) * size;
	u32 max = min_t(u64, count, snap) * size;

	if (p)
		kt_set_bytes_user(ring, tag, p, len, max);
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
			kt_set_str_user(ring, KT_F_STR_ARG0 + i, p, KT_PATH_MAX);
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
		case KT_ARG_STRUCT_IN:
			if (p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  size, size);
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
		case KT_ARG_ARRAY_INOUT:
			kt_set_array_user(ring, KT_F_STR_ARG0 + i, p, args[aux],
					  size, snap);
			break;
		}
	}
}

/*
 * What the kernel wrote for a call that succeeded: output buffers (of
 * @ret bytes), structs, and arrays it updated. Only arguments 0-3: the
 * sys_exit record has str_arg0-str_arg3.
 */
static void kt_capture_exit(struct kt_ring *ring, const struct kt_sys_arg *kinds,
			    const unsigned long *args, long ret)
{
	u32 snap = READ_ONCE(kt_global_snaplen);
	unsigned int i;

	for (i = 0; i < 4; i++) {
		const void __user *p = (const void __user *)args[i];
		u32 size = kt_layout_size[kinds[i].layout];

		switch (kinds[i].kind) {
		case KT_ARG_BUF_OUT:
			if (ret > 0)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  ret, snap);
			break;
		case KT_ARG_STRUCT_OUT:
			if (p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  size, size);
			break;
		case KT_ARG_SIZED_OUT:
			if (p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  min_t(u64, args[kinds[i].aux],
							size), size);
			break;
		case KT_ARG_ARRAY_INOUT:
			kt_set_array_user(ring, KT_F_STR_ARG0 + i, p,
					  args[kinds[i].aux], size, snap);
			break;
		case KT_ARG_ARRAY_OUT:
			if (ret > 0)
				kt_set_array_user(ring, KT_F_STR_ARG0 + i, p,
						  ret, size, snap);
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
 * between env_start and env_end.
 */
static void kt_capture_exec_exit(struct kt_ring *ring, long nr, long ret,
				 const unsigned long *args)
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
		kt_capture_exec_exit(ring, nr, ret, args);
	} else if (kinds && (!IS_ERR_VALUE(ret) || kt_sleep_interrupted(nr, ret)) &&
		   kt_wants(KT_EV_SYS_EXIT, KT_F_STR_ARG0)) {
		kt_capture_exit(ring, kinds, args, ret);
	}
	kt_record_commit(ring, KT_EV_SYS_EXIT, flags);
}

const struct kt_probe kt_syscall_probes[] = {
	KT_TP_PROBE(KT_EV_SYS_ENTER, sys_enter, kt_probe_sys_enter),
	KT_TP_PROBE(KT_EV_SYS_EXIT, sys_exit, kt_probe_sys_exit),
};

const unsigned int kt_nr_syscall_probes = ARRAY_SIZE(kt_syscall_probes);
