/* SPDX-License-Identifier: GPL-2.0 */
/* Every kernel-version difference ktrace cares about, in one place. */
#ifndef KTRACE_COMPAT_H
#define KTRACE_COMPAT_H

#include <linux/version.h>

/*
 * Since 6.13 syscall tracepoints may run with preemption enabled (they are
 * "faultable"). kt_record_begin() disables local interrupts before it
 * touches per-CPU state, so probes are safe on both sides of the change;
 * probes must not cache smp_processor_id() before that call.
 */
#if KERNEL_VERSION(6, 13, 0) <= LINUX_VERSION_CODE
#define KT_SYSCALL_TP_PREEMPTIBLE 1
#else
#define KT_SYSCALL_TP_PREEMPTIBLE 0
#endif

/*
 * 6.12 removed no_llseek: stream_open() alone marks a file unseekable.
 * Older kernels still want the explicit stub in file_operations.
 */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#define KT_FOPS_NO_LLSEEK
#else
#define KT_FOPS_NO_LLSEEK .llseek = no_llseek,
#endif

/*
 * Since 6.2 a task's rss counters are per-CPU: get_mm_rss() reads them
 * without the per-CPU deltas and can be off by tens of MiB. Sum them, as
 * /proc/PID/statm does, except in NMI, where the counter's lock may be
 * held by the code we interrupted.
 */
#include <linux/mm.h>
#include <linux/preempt.h>
#if KERNEL_VERSION(6, 2, 0) <= LINUX_VERSION_CODE
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

#endif /* KTRACE_COMPAT_H */
