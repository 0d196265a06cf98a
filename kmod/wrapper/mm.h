/* SPDX-License-Identifier: GPL-2.0 */
/* Memory counters: a task's resident set size from its mm's rss counters. */
#ifndef KT_WRAPPER_MM_H
#define KT_WRAPPER_MM_H

#include <linux/mm.h>
#include <linux/preempt.h>

/*
 * Since 6.2 an mm's rss counters are per-CPU (struct percpu_counter
 * rss_stat[]): get_mm_rss() reads them without the per-CPU deltas and can
 * be off by tens of MiB. Sum them, as /proc/PID/statm does, except in NMI,
 * where the counter's raw lock may be held by the code we interrupted.
 * KT_HAVE_PERCPU_RSS_STAT: Kbuild found the per-CPU counters in the
 * kernel's <linux/mm_types.h>.
 */
#ifdef KT_HAVE_PERCPU_RSS_STAT
#include <linux/percpu_counter.h>

static inline unsigned long kt_mm_rss(struct mm_struct *mm)
{
	if (in_nmi())
		return get_mm_rss(mm);
	return percpu_counter_sum_positive(&mm->rss_stat[MM_FILEPAGES]) +
	       percpu_counter_sum_positive(&mm->rss_stat[MM_ANONPAGES]) +
	       percpu_counter_sum_positive(&mm->rss_stat[MM_SHMEMPAGES]);
}
#else
static inline unsigned long kt_mm_rss(struct mm_struct *mm)
{
	return get_mm_rss(mm);
}
#endif

#endif /* KT_WRAPPER_MM_H */
