// SPDX-License-Identifier: GPL-2.0
/* Process family: fork, exec and exit; fork also feeds follow-children. */
#include <linux/binfmts.h>
#include <linux/kernel.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <trace/events/sched.h>

#include "wrapper/sched_exit.h"
#include "wrapper/tracepoint.h"
#include "probe.h"

static void kt_probe_fork(void *data, struct task_struct *parent,
			  struct task_struct *child)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin_fork(&flags, child);
	if (!ring)
		return;
	kt_set(ring, KT_F_CHILD_PID, task_tgid_nr(child));
	kt_set(ring, KT_F_CHILD_TID, task_pid_nr(child));
	kt_record_commit(ring, KT_EV_PROC_FORK, flags);
}

static void kt_probe_exec(void *data, struct task_struct *task, pid_t old_pid,
			  struct linux_binprm *bprm)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_OLD_PID, old_pid);
	kt_set_str_kernel(ring, KT_F_EXEC_FILENAME, bprm->filename, KT_PATH_MAX);
	kt_record_commit(ring, KT_EV_PROC_EXEC, flags);
}

static void kt_probe_exit(void *data, KT_SCHED_EXIT_PROTO)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_EXIT_CODE, task->exit_code);
	kt_record_commit(ring, KT_EV_PROC_EXIT, flags);
}

static const struct kt_probe kt_process_probes[] = {
	KT_TP_PROBE(KT_EV_PROC_FORK, sched_process_fork, kt_probe_fork),
	KT_TP_PROBE(KT_EV_PROC_EXEC, sched_process_exec, kt_probe_exec),
	KT_TP_PROBE(KT_EV_PROC_EXIT, sched_process_exit, kt_probe_exit),
};

const struct kt_probe_family kt_process_family = {
	.probes = kt_process_probes,
	.nr = ARRAY_SIZE(kt_process_probes),
};
