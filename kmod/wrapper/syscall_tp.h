/* SPDX-License-Identifier: GPL-2.0 */
/* Syscall tracepoints: whether their probes run preemptible. */
#ifndef KT_WRAPPER_SYSCALL_TP_H
#define KT_WRAPPER_SYSCALL_TP_H

#include <linux/lockdep.h>
#include <linux/tracepoint.h>

/*
 * Since 6.13 sys_enter and sys_exit are "faultable" tracepoints, declared
 * with TRACE_EVENT_SYSCALL: their probes run under RCU tasks trace with
 * preemption (and migration) enabled. Before, like every tracepoint, with
 * preemption disabled. kt_record_begin() disables local interrupts before
 * it touches per-CPU state, so the probes are right either way; they must
 * not read smp_processor_id() or per-CPU data before that call.
 */
#ifdef TRACE_EVENT_SYSCALL
#define KT_SYSCALL_TP_PREEMPTIBLE 1
#else
#define KT_SYSCALL_TP_PREEMPTIBLE 0
#endif

/* At the top of a syscall probe: the context this kernel promises. */
static inline void kt_syscall_probe_context(void)
{
	if (!KT_SYSCALL_TP_PREEMPTIBLE)
		lockdep_assert_preemption_disabled();
}

#endif /* KT_WRAPPER_SYSCALL_TP_H */
