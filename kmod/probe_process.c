// SPDX-License-Identifier: GPL-2.0
/* Process family: fork and exit, also used to follow children. */
#include <linux/kernel.h>
#include <linux/sched.h>

#include "ktrace.h"

static void kt_probe_fork(void *data, struct task_struct *parent,
			  struct task_struct *child)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_CHILD_PID, task_tgid_nr(child));
	kt_set(ring, KT_F_CHILD_TID, task_pid_nr(child));
	kt_record_commit(ring, KT_EV_PROC_FORK, flags);
}

static void kt_probe_exit(void *data, struct task_struct *task)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_EXIT_CODE, task->exit_code);
	kt_record_commit(ring, KT_EV_PROC_EXIT, flags);
}

const struct kt_probe kt_process_probes[] = {
	{ KT_EV_PROC_FORK, "sched_process_fork", kt_probe_fork },
	{ KT_EV_PROC_EXIT, "sched_process_exit", kt_probe_exit },
};

const unsigned int kt_nr_process_probes = ARRAY_SIZE(kt_process_probes);
