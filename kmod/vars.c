// SPDX-License-Identifier: GPL-2.0
/* Common variables: the event task's and the system's state at an event. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/mm.h>
#include <linux/vmstat.h>

#include "wrapper/mm.h"
#include "vars.h"
#include "ring.h"

/*
 * nr_running() is not exported, and calling it through an address found
 * with a kprobe or kallsyms is not safe (with IBT that address is past the
 * function's ENDBR: the call traps). The exported sched_update_nr_running_tp
 * tracepoint gives per-runqueue changes but no runqueue's count to start
 * from. So the variable is unavailable until the kernel exports a count.
 */
int kt_vars_init(void)
{
	return 0;
}

u64 kt_vars_available(void)
{
	u64 vars = kt_known_vars;

	vars &= ~BIT_ULL(KT_VAR_NR_RUNNING);
	if (!IS_ENABLED(CONFIG_VM_EVENT_COUNTERS))
		vars &= ~(BIT_ULL(KT_VAR_PAGE_FAULTS) | BIT_ULL(KT_VAR_PAGE_INS) |
			  BIT_ULL(KT_VAR_PAGE_OUTS) | BIT_ULL(KT_VAR_SWAP_INS) |
			  BIT_ULL(KT_VAR_SWAP_OUTS));
	return vars;
}

/* A system-wide vm event counter, as /proc/vmstat shows it. */
static u64 kt_vm_event(enum vm_event_item item)
{
	u64 sum = 0;
#ifdef CONFIG_VM_EVENT_COUNTERS
	unsigned int cpu;

	for_each_online_cpu(cpu)
		sum += per_cpu(vm_event_states, cpu).event[item];
#endif
	return sum;
}

/* Load average in thousandths, from the kernel's 11-bit fixed point. */
static u64 kt_load(unsigned int i)
{
	return (READ_ONCE(avenrun[i]) * 1000 + FIXED_1 / 2) >> FSHIFT;
}

/* comm as two little-endian packed integers: short names stay short. */
static void kt_collect_comm(struct kt_ring *ring, struct task_struct *task)
{
	char comm[TASK_COMM_LEN];
	u64 lo = 0, hi = 0;
	unsigned int i;

	BUILD_BUG_ON(TASK_COMM_LEN != 16);
	/* A racing rename may mix two names; it is never out of bounds. */
	memcpy(comm, task->comm, sizeof(comm));
	for (i = 0; i < TASK_COMM_LEN && comm[i]; i++) {
		if (i < 8)
			lo |= (u64)(u8)comm[i] << (8 * i);
		else
			hi |= (u64)(u8)comm[i] << (8 * (i - 8));
	}
	ring->cur[KT_F_COMM_LO] = lo;
	ring->cur[KT_F_COMM_HI] = hi;
}

static void kt_collect_task(struct kt_ring *ring, struct task_struct *task,
			    const unsigned long *want)
{
	struct mm_struct *mm = task->mm;
	const struct cred *cred;

	rcu_read_lock();
	if (test_bit(KT_F_PPID, want))
		ring->cur[KT_F_PPID] = task_tgid_nr(rcu_dereference(task->real_parent));
	if (test_bit(KT_F_PGID, want))
		ring->cur[KT_F_PGID] = task_pgrp_nr_ns(task, &init_pid_ns);
	if (test_bit(KT_F_SID, want))
		ring->cur[KT_F_SID] = task_session_nr_ns(task, &init_pid_ns);
	if (test_bit(KT_F_GID, want)) {
		cred = __task_cred(task);
		ring->cur[KT_F_GID] = from_kgid_munged(&init_user_ns, cred->gid);
		ring->cur[KT_F_EGID] = from_kgid_munged(&init_user_ns, cred->egid);
	}
	rcu_read_unlock();
	if (test_bit(KT_F_COMM_LO, want))
		kt_collect_comm(ring, task);
	if (test_bit(KT_F_RSS, want)) {
		/* Kernel threads have no mm: their sizes are zero. */
		ring->cur[KT_F_RSS] = mm ? kt_mm_rss(mm) << PAGE_SHIFT : 0;
		ring->cur[KT_F_VM_SIZE] = mm ? READ_ONCE(mm->total_vm) << PAGE_SHIFT : 0;
	}
	if (test_bit(KT_F_MIN_FLT, want)) {
		ring->cur[KT_F_MIN_FLT] = READ_ONCE(task->min_flt);
		ring->cur[KT_F_MAJ_FLT] = READ_ONCE(task->maj_flt);
	}
}

static const u8 kt_task_fields[] = {
	KT_F_PPID, KT_F_PGID, KT_F_SID, KT_F_GID, KT_F_EGID, KT_F_COMM_LO,
	KT_F_COMM_HI, KT_F_RSS, KT_F_VM_SIZE, KT_F_MIN_FLT, KT_F_MAJ_FLT,
};

/*
 * Fill the common fields @want selects; interrupts are off. Fields of a
 * variable are selected together, so the first of each stands for all.
 */
void kt_collect_common(struct kt_ring *ring, struct task_struct *task,
		       const unsigned long *want)
{
	unsigned int i;

	if (task) {
		kt_collect_task(ring, task, want);
	} else {
		for (i = 0; i < ARRAY_SIZE(kt_task_fields); i++)
			ring->cur[kt_task_fields[i]] = 0;
	}
	if (test_bit(KT_F_CPU, want))
		ring->cur[KT_F_CPU] = smp_processor_id();
	if (test_bit(KT_F_FREE_MEM, want))
		ring->cur[KT_F_FREE_MEM] =
			global_zone_page_state(NR_FREE_PAGES) << PAGE_SHIFT;
	if (test_bit(KT_F_TOTAL_MEM, want))
		ring->cur[KT_F_TOTAL_MEM] = totalram_pages() << PAGE_SHIFT;
	if (test_bit(KT_F_PAGE_FAULTS, want))
		ring->cur[KT_F_PAGE_FAULTS] = kt_vm_event(PGFAULT);
	/* Counted in sectors; /proc/vmstat shows KiB. */
	if (test_bit(KT_F_PAGE_INS, want))
		ring->cur[KT_F_PAGE_INS] = kt_vm_event(PGPGIN) / 2;
	if (test_bit(KT_F_PAGE_OUTS, want))
		ring->cur[KT_F_PAGE_OUTS] = kt_vm_event(PGPGOUT) / 2;
	if (test_bit(KT_F_SWAP_INS, want))
		ring->cur[KT_F_SWAP_INS] = kt_vm_event(PSWPIN);
	if (test_bit(KT_F_SWAP_OUTS, want))
		ring->cur[KT_F_SWAP_OUTS] = kt_vm_event(PSWPOUT);
	if (test_bit(KT_F_LOAD1, want)) {
		ring->cur[KT_F_LOAD1] = kt_load(0);
		ring->cur[KT_F_LOAD5] = kt_load(1);
		ring->cur[KT_F_LOAD15] = kt_load(2);
	}
}
