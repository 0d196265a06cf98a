// SPDX-License-Identifier: GPL-2.0
/* Syscall family: raw_syscalls sys_enter and sys_exit. */
#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <asm/syscall.h>

#include "compat.h"
#include "ktrace.h"

static void kt_probe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	unsigned long args[6];
	struct kt_ring *ring;
	unsigned long flags;
	unsigned int i;

	if (!KT_SYSCALL_TP_PREEMPTIBLE)
		lockdep_assert_preemption_disabled();
	/* Register reads only: nothing here can fault or sleep. */
	syscall_get_arguments(current, regs, args);
	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SYSNO, id);
	for (i = 0; i < ARRAY_SIZE(args); i++)
		kt_set(ring, KT_F_ARG0 + i, args[i]);
	kt_record_commit(ring, KT_EV_SYS_ENTER, flags);
}

static void kt_probe_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	long nr = syscall_get_nr(current, regs);
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SYSNO, nr);
	kt_set(ring, KT_F_RET, ret);
	kt_record_commit(ring, KT_EV_SYS_EXIT, flags);
}

const struct kt_probe kt_syscall_probes[] = {
	{ KT_EV_SYS_ENTER, "sys_enter", kt_probe_sys_enter },
	{ KT_EV_SYS_EXIT, "sys_exit", kt_probe_sys_exit },
};

const unsigned int kt_nr_syscall_probes = ARRAY_SIZE(kt_syscall_probes);
