// SPDX-License-Identifier: GPL-2.0
/* Signal family: generation (dispatch) and delivery (handling). */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <trace/events/signal.h>

#include "wrapper/tracepoint.h"
#include "probe.h"

/* si_code as the signal tracepoints define it for the special info values. */
static int kt_si_code(const struct kernel_siginfo *info)
{
	if (info == SEND_SIG_NOINFO)
		return SI_USER;
	if (info == SEND_SIG_PRIV)
		return SI_KERNEL;
	return info->si_code;
}

static void kt_probe_signal_generate(void *data, int sig,
				     struct kernel_siginfo *info,
				     struct task_struct *task, int group,
				     int result)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SIGNO, sig);
	kt_set(ring, KT_F_SIG_CODE, kt_si_code(info));
	kt_set(ring, KT_F_SIG_RESULT, result);
	kt_set(ring, KT_F_SIG_TARGET, task_pid_nr(task));
	kt_record_commit(ring, KT_EV_SIGNAL_GENERATE, flags);
}

/*
 * Runs in the receiving task (get_signal()): the "last signal" variable is
 * its, and so is the siginfo, which the task itself is given (its handler's
 * frame, PTRACE_GETSIGINFO). The struct was filled by clear_siginfo() or
 * copied whole, so no uninitialised bytes are copied. A task already dying
 * in a group exit is handed SIGKILL with no siginfo (SEND_SIG_NOINFO): then
 * the field is absent.
 */
static void kt_probe_signal_deliver(void *data, int sig,
				    struct kernel_siginfo *info,
				    struct k_sigaction *ka)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SIGNO, sig);
	kt_set(ring, KT_F_SIGNAL, sig);
	kt_set(ring, KT_F_SIG_CODE, kt_si_code(info));
	kt_set(ring, KT_F_SA_HANDLER, (unsigned long)ka->sa.sa_handler);
	kt_set(ring, KT_F_SA_FLAGS, ka->sa.sa_flags);
	if (info != SEND_SIG_NOINFO && info != SEND_SIG_PRIV)
		kt_set_bytes_kernel(ring, KT_F_SIGINFO, info, sizeof(*info),
				    KT_STR_COMPLETE);
	kt_record_commit(ring, KT_EV_SIGNAL_DELIVER, flags);
}

static const struct kt_probe kt_signal_probes[] = {
	KT_TP_PROBE(KT_EV_SIGNAL_GENERATE, signal_generate, kt_probe_signal_generate),
	KT_TP_PROBE(KT_EV_SIGNAL_DELIVER, signal_deliver, kt_probe_signal_deliver),
};

const struct kt_probe_family kt_signal_family = {
	.probes = kt_signal_probes,
	.nr = ARRAY_SIZE(kt_signal_probes),
};
