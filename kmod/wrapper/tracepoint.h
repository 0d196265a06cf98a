/* SPDX-License-Identifier: GPL-2.0 */
/* Tracepoint registration: finding a tracepoint by name, attaching probes. */
#ifndef KT_WRAPPER_TRACEPOINT_H
#define KT_WRAPPER_TRACEPOINT_H

#include <linux/tracepoint.h>

/*
 * A module cannot reach a tracepoint by its symbol: it walks the kernel's
 * list (for_each_kernel_tracepoint()) to find it by name, then attaches a
 * probe whose arguments are the tracepoint's TP_PROTO after a leading
 * void *data. The probe goes through void *: the compiler cannot check it.
 */
typedef void (*kt_tracepoint_fn)(struct tracepoint *tp, void *priv);

static inline void kt_visit_tracepoints(kt_tracepoint_fn fn, void *priv)
{
	for_each_kernel_tracepoint(fn, priv);
}

static inline int kt_tracepoint_attach(struct tracepoint *tp, void *probe)
{
	return tracepoint_probe_register(tp, probe, NULL);
}

static inline int kt_tracepoint_detach(struct tracepoint *tp, void *probe)
{
	return tracepoint_probe_unregister(tp, probe, NULL);
}

/*
 * After detaching: waits until no probe runs any more. Since 6.13 this
 * also waits for RCU tasks trace, which covers the faultable (syscall)
 * tracepoints' preemptible probes (see syscall_tp.h).
 */
static inline void kt_tracepoint_sync(void)
{
	tracepoint_synchronize_unregister();
}

#endif /* KT_WRAPPER_TRACEPOINT_H */
