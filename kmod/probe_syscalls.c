// SPDX-License-Identifier: GPL-2.0
/* Syscall family: raw_syscalls sys_enter and sys_exit, with string arguments. */
#include <linux/compat.h>
#include <linux/auxvec.h>
#include <linux/kernel.h>
#include <linux/mm_types.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/socket.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <trace/events/syscalls.h>

#include "wrapper/syscall_tp.h"
#include "wrapper/tracepoint.h"
#include "ktrace.h"

/*
 * What an argument points to, for the strings variable. The low nibble is
 * the kind, the high one the index of the argument holding the length.
 */
enum kt_arg_kind {
	KT_ARG_PATH = 1,	/* NUL-terminated, up to KT_PATH_MAX */
	KT_ARG_BUF_IN,		/* bytes given to the kernel: snap length */
	KT_ARG_SOCKADDR,	/* a socket address, whole */
	KT_ARG_ARGV,		/* a NULL-terminated array of strings */
	KT_ARG_BUF_OUT,		/* bytes the kernel filled: ret long, at exit */
};

#define P KT_ARG_PATH
#define IN(len_arg) (KT_ARG_BUF_IN | (len_arg) << 4)
#define SA(len_arg) (KT_ARG_SOCKADDR | (len_arg) << 4)
#define AV KT_ARG_ARGV
#define OUT KT_ARG_BUF_OUT

/* Native x86-64 syscalls whose pointer arguments the strings variable reads. */
static const u8 kt_sys_args[][6] = {
	[__NR_read] = { 0, OUT },
	[__NR_write] = { 0, IN(2) },
	[__NR_open] = { P },
	[__NR_stat] = { P },
	[__NR_lstat] = { P },
	[__NR_pread64] = { 0, OUT },
	[__NR_pwrite64] = { 0, IN(2) },
	[__NR_access] = { P },
	[__NR_connect] = { 0, SA(2) },
	[__NR_sendto] = { 0, IN(2), 0, 0, SA(5) },
	[__NR_recvfrom] = { 0, OUT },
	[__NR_bind] = { 0, SA(2) },
	[__NR_execve] = { P, AV },
	[__NR_truncate] = { P },
	[__NR_getcwd] = { OUT },
	[__NR_chdir] = { P },
	[__NR_rename] = { P, P },
	[__NR_mkdir] = { P },
	[__NR_rmdir] = { P },
	[__NR_creat] = { P },
	[__NR_link] = { P, P },
	[__NR_unlink] = { P },
	[__NR_symlink] = { P, P },
	[__NR_readlink] = { P, OUT },
	[__NR_chmod] = { P },
	[__NR_chown] = { P },
	[__NR_lchown] = { P },
	[__NR_mknod] = { P },
	[__NR_statfs] = { P },
	[__NR_chroot] = { P },
	[__NR_mount] = { P, P, P },
	[__NR_umount2] = { P },
	[__NR_openat] = { 0, P },
	[__NR_mkdirat] = { 0, P },
	[__NR_mknodat] = { 0, P },
	[__NR_fchownat] = { 0, P },
	[__NR_newfstatat] = { 0, P },
	[__NR_unlinkat] = { 0, P },
	[__NR_renameat] = { 0, P, 0, P },
	[__NR_linkat] = { 0, P, 0, P },
	[__NR_symlinkat] = { P, 0, P },
	[__NR_readlinkat] = { 0, P, OUT },
	[__NR_fchmodat] = { 0, P },
	[__NR_faccessat] = { 0, P },
	[__NR_utimensat] = { 0, P },
	[__NR_renameat2] = { 0, P, 0, P },
	[__NR_execveat] = { 0, P, AV },
	[__NR_statx] = { 0, P },
	[__NR_openat2] = { 0, P },
	[__NR_faccessat2] = { 0, P },
};

#undef P
#undef IN
#undef SA
#undef AV
#undef OUT

static const u8 *kt_arg_kinds(long nr)
{
	/* Compat tasks number syscalls differently: their strings are not read. */
	if (nr < 0 || nr >= ARRAY_SIZE(kt_sys_args) || in_compat_syscall())
		return NULL;
	return kt_sys_args[nr];
}

static void kt_capture_enter(struct kt_ring *ring, const u8 *kinds,
			     const unsigned long *args)
{
	u32 snap = READ_ONCE(kt_global_snaplen);
	unsigned int i;

	for (i = 0; i < 6; i++) {
		const void __user *p = (const void __user *)args[i];
		unsigned int len_arg = kinds[i] >> 4;

		switch (kinds[i] & 0xf) {
		case KT_ARG_PATH:
			kt_set_str_user(ring, KT_F_STR_ARG0 + i, p, KT_PATH_MAX);
			break;
		case KT_ARG_BUF_IN:
			kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
					  args[len_arg], snap);
			break;
		case KT_ARG_SOCKADDR:
			if (p)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i, p,
						  args[len_arg],
						  sizeof(struct sockaddr_storage));
			break;
		case KT_ARG_ARGV:
			kt_set_argv_user(ring, KT_F_STR_ARG0 + i, p, snap);
			break;
		}
	}
}

static void kt_probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	const u8 *kinds = kt_arg_kinds(id);
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
	if (kinds && kt_wants(KT_EV_SYS_ENTER, KT_F_STR_ARG0))
		kt_capture_enter(ring, kinds, args);
	kt_record_commit(ring, KT_EV_SYS_ENTER, flags);
}

/*
 * An execve's path and argv again at its exit, where the credentials it
 * ended with decide who sees them (unprivileged readers are never sent the
 * ones captured at its entry: docs/abi.md, Security). A failed exec left
 * the caller's memory in place; a successful one put both in the new
 * program's: the path at AT_EXECFN, argv between arg_start and arg_end
 * (for a script, the interpreter's argv).
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
}

static void kt_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	long nr = syscall_get_nr(current, regs);
	const u8 *kinds = kt_arg_kinds(nr);
	unsigned long args[6];
	struct kt_ring *ring;
	unsigned long flags;
	unsigned int i;

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
	} else if (kinds && ret > 0 && kt_wants(KT_EV_SYS_EXIT, KT_F_STR_ARG0)) {
		for (i = 0; i < 4; i++)
			if (kinds[i] == KT_ARG_BUF_OUT)
				kt_set_bytes_user(ring, KT_F_STR_ARG0 + i,
						  (const void __user *)args[i], ret,
						  READ_ONCE(kt_global_snaplen));
	}
	kt_record_commit(ring, KT_EV_SYS_EXIT, flags);
}

const struct kt_probe kt_syscall_probes[] = {
	KT_TP_PROBE(KT_EV_SYS_ENTER, sys_enter, kt_probe_sys_enter),
	KT_TP_PROBE(KT_EV_SYS_EXIT, sys_exit, kt_probe_sys_exit),
};

const unsigned int kt_nr_syscall_probes = ARRAY_SIZE(kt_syscall_probes);
