// SPDX-License-Identifier: GPL-2.0
/* Sched family: sched_switch seen as the thesis' schedule in and out. */
#include <linux/kernel.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <trace/events/sched.h>

#include "wrapper/tracepoint.h"
#include "probe.h"

/* Schedule in: the scheduler takes the CPU from @prev, whose record it is. */
static void kt_probe_sched_in(void *data, bool preempt, struct task_struct *prev,
			      struct task_struct *next, unsigned int prev_state)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin_task(&flags, prev);
	if (!ring)
		return;
	kt_set(ring, KT_F_PREV_PID, task_pid_nr(prev));
	kt_set(ring, KT_F_PREV_STATE, prev_state);
	kt_record_commit(ring, KT_EV_SCHED_IN, flags);
}

/*
 * Schedule out: the scheduler hands the CPU to @next. The thesis took this
 * at the end of context_switch(), where @next is current: the record is
 * @next's, so a reader following a process sees it get the CPU back.
 */
static void kt_probe_sched_out(void *data, bool preempt, struct task_struct *prev,
			       struct task_struct *next, unsigned int prev_state)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin_task(&flags, next);
	if (!ring)
		return;
	kt_set(ring, KT_F_NEXT_PID, task_pid_nr(next));
	kt_record_commit(ring, KT_EV_SCHED_OUT, flags);
}

static const struct kt_probe kt_sched_probes[] = {
	KT_TP_PROBE(KT_EV_SCHED_IN, sched_switch, kt_probe_sched_in),
	KT_TP_PROBE(KT_EV_SCHED_OUT, sched_switch, kt_probe_sched_out),
};

const struct kt_probe_family kt_sched_family = {
	.probes = kt_sched_probes,
	.nr = ARRAY_SIZE(kt_sched_probes),
};
