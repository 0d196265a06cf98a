// SPDX-License-Identifier: GPL-2.0
/* Common variables: the event task's and the system's state at an event. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/jiffies.h>
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
 * The system's vm event counts (/proc/vmstat) are kept per CPU: a sum walks
 * every online CPU, too much for every event on a big machine with
 * interrupts off. An event that finds the last sum taken in an earlier tick
 * (jiffy) sums them anew; every other event of the tick reuses it. So a
 * value is the count as of a moment in the event's tick, at most one tick
 * old, and never lower than one an earlier event got: a sum only raises
 * the published one, so a walk that began earlier and ends later cannot
 * lower it.
 */
enum { KT_VM_FAULTS, KT_VM_PGIN, KT_VM_PGOUT, KT_VM_SWPIN, KT_VM_SWPOUT, KT_NR_VM };

static const enum vm_event_item kt_vm_items[KT_NR_VM] = {
	[KT_VM_FAULTS] = PGFAULT,
	[KT_VM_PGIN] = PGPGIN,
	[KT_VM_PGOUT] = PGPGOUT,
	[KT_VM_SWPIN] = PSWPIN,
	[KT_VM_SWPOUT] = PSWPOUT,
};

/* Written at most once per tick per CPU, read by every event that wants it. */
static struct {
	unsigned long stamp;		/* jiffies when the sums were taken */
	atomic64_t sum[KT_NR_VM];	/* raised only, by kt_vm_raise() */
} kt_vm ____cacheline_aligned;

/*
 * nr_running() is not exported, and calling it through an address found
 * with a kprobe or kallsyms is not safe (with IBT that address is past the
 * function's ENDBR: the call traps). The exported sched_update_nr_running_tp
 * tracepoint gives per-runqueue changes but no runqueue's count to start
 * from. So the variable is unavailable until the kernel exports a count.
 */
int kt_vars_init(void)
{
	/* Any tick but the current one: the first event sums. */
	kt_vm.stamp = jiffies - 1;
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

static void kt_vm_raise(atomic64_t *v, s64 sum)
{
	s64 old = atomic64_read(v);

	do {
		if (old >= sum)
			return;
	} while (!atomic64_try_cmpxchg(v, &old, sum));
}

/* Sum the counters in tick @now and publish the sums. */
static void kt_vm_resample(unsigned long now)
{
	u64 sum[KT_NR_VM] = {};
	unsigned int i;
#ifdef CONFIG_VM_EVENT_COUNTERS
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		const unsigned long *ev = per_cpu(vm_event_states, cpu).event;

		for (i = 0; i < KT_NR_VM; i++)
			sum[i] += READ_ONCE(ev[kt_vm_items[i]]);
	}
#endif
	for (i = 0; i < KT_NR_VM; i++)
		kt_vm_raise(&kt_vm.sum[i], sum[i]);
	/* After the sums: an event that sees this tick sees them. */
	smp_store_release(&kt_vm.stamp, now);
}

/* The system-wide vm event counter @i, as /proc/vmstat shows it. */
static u64 kt_vm_event(unsigned int i)
{
	unsigned long now = READ_ONCE(jiffies);

	/* Pairs with kt_vm_resample()'s release: this tick's sums are seen. */
	if (smp_load_acquire(&kt_vm.stamp) != now)
		kt_vm_resample(now);
	return atomic64_read(&kt_vm.sum[i]);
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
		ring->cur[KT_F_PAGE_FAULTS] = kt_vm_event(KT_VM_FAULTS);
	/* Counted in sectors; /proc/vmstat shows KiB. */
	if (test_bit(KT_F_PAGE_INS, want))
		ring->cur[KT_F_PAGE_INS] = kt_vm_event(KT_VM_PGIN) / 2;
	if (test_bit(KT_F_PAGE_OUTS, want))
		ring->cur[KT_F_PAGE_OUTS] = kt_vm_event(KT_VM_PGOUT) / 2;
	if (test_bit(KT_F_SWAP_INS, want))
		ring->cur[KT_F_SWAP_INS] = kt_vm_event(KT_VM_SWPIN);
	if (test_bit(KT_F_SWAP_OUTS, want))
		ring->cur[KT_F_SWAP_OUTS] = kt_vm_event(KT_VM_SWPOUT);
	if (test_bit(KT_F_LOAD1, want)) {
		ring->cur[KT_F_LOAD1] = kt_load(0);
		ring->cur[KT_F_LOAD5] = kt_load(1);
		ring->cur[KT_F_LOAD15] = kt_load(2);
	}
}
