// SPDX-License-Identifier: GPL-2.0
/* Memory family: page allocation and freeing, page faults and OOM kills. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/oom.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <trace/events/kmem.h>
#include <trace/events/oom.h>

#include "wrapper/fault_tp.h"
#include "wrapper/mm.h"
#include "wrapper/tracepoint.h"
#include "probe.h"

static void kt_probe_page_alloc(void *data, struct page *page, unsigned int order,
				gfp_t gfp_flags, int migratetype)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	/* A failed allocation has no page: its pfn is all ones, as in ftrace. */
	kt_set(ring, KT_F_PFN, page ? page_to_pfn(page) : -1UL);
	kt_set(ring, KT_F_ORDER, order);
	kt_set(ring, KT_F_GFP_FLAGS, (__force unsigned int)gfp_flags);
	kt_set(ring, KT_F_MIGRATETYPE, migratetype);
	kt_record_commit(ring, KT_EV_PAGE_ALLOC, flags);
}

static void kt_probe_page_free(void *data, struct page *page, unsigned int order)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_PFN, page_to_pfn(page));
	kt_set(ring, KT_F_ORDER, order);
	kt_record_commit(ring, KT_EV_PAGE_FREE, flags);
}

static void kt_probe_fault_user(void *data, unsigned long address,
				struct pt_regs *regs, unsigned long error_code)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_FAULT_ADDR, address);
	kt_set(ring, KT_F_FAULT_IP, instruction_pointer(regs));
	kt_set(ring, KT_F_FAULT_ERROR, error_code);
	kt_record_commit(ring, KT_EV_FAULT_USER, flags);
}

/*
 * Also fires for faults on user addresses taken in kernel mode, including
 * those of this module's own nofault copies: their records nest inside the
 * copying probe's and are dropped (counted in records_dropped).
 */
static void kt_probe_fault_kernel(void *data, unsigned long address,
				  struct pt_regs *regs, unsigned long error_code)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_KFAULT_ADDR, address);
	kt_set(ring, KT_F_KFAULT_IP, instruction_pointer(regs));
	kt_set(ring, KT_F_FAULT_ERROR, error_code);
	kt_record_commit(ring, KT_EV_FAULT_KERNEL, flags);
}

/* Called with the victim's task_lock held, so its mm is stable. */
static void kt_probe_oom_victim(void *data, struct task_struct *task, uid_t uid)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_OOM_PID, task_tgid_nr(task));
	kt_set(ring, KT_F_OOM_UID, uid);
	kt_set(ring, KT_F_OOM_RSS, task->mm ? kt_mm_rss(task->mm) << PAGE_SHIFT : 0);
	kt_set(ring, KT_F_OOM_SCORE_ADJ, task->signal->oom_score_adj);
	kt_record_commit(ring, KT_EV_OOM_KILL, flags);
}

static const struct kt_probe kt_mm_probes[] = {
	KT_TP_PROBE(KT_EV_PAGE_ALLOC, mm_page_alloc, kt_probe_page_alloc),
	KT_TP_PROBE(KT_EV_PAGE_FREE, mm_page_free, kt_probe_page_free),
	KT_TP_PROBE(KT_EV_FAULT_USER, page_fault_user, kt_probe_fault_user),
	KT_TP_PROBE(KT_EV_FAULT_KERNEL, page_fault_kernel, kt_probe_fault_kernel),
	KT_TP_PROBE(KT_EV_OOM_KILL, mark_victim, kt_probe_oom_victim),
};

const struct kt_probe_family kt_mm_family = {
	.probes = kt_mm_probes,
	.nr = ARRAY_SIZE(kt_mm_probes),
};
