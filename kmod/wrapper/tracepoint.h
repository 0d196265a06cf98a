/* SPDX-License-Identifier: GPL-2.0 */
/* Tracepoint registration: finding a tracepoint by name, attaching probes. */
#ifndef KT_WRAPPER_TRACEPOINT_H
#define KT_WRAPPER_TRACEPOINT_H

#include <linux/tracepoint.h>

/*
 * A module cannot reach a tracepoint by its symbol: it walks the kernel's
 * list (for_each_kernel_tracepoint()) to find it by name, then attaches a
 * probe whose arguments are the tracepoint's TP_PROTO after a leading
 * void *data. The probe goes through void *, so a family's table names it
 * with KT_TP_PROBE(): that checks it against the prototype first.
 */

/*
 * An entry of a probe family's table (struct kt_probe) for @fn at
 * tracepoint @tp. The tracepoint's declaration (its trace/events header,
 * which the probe file includes) defines check_trace_callback_type_<tp>(),
 * taking exactly a probe of its TP_PROTO: the call is only type-checked,
 * never made, and a probe whose arguments differ on this kernel does not
 * build (-Werror=incompatible-pointer-types).
 */
#define KT_TP_PROBE(event, tp, fn)					\
	{ (event), #tp,							\
	  __builtin_choose_expr(						\
		sizeof((check_trace_callback_type_##tp(fn), 0)),	\
		(void *)(fn), NULL) }
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
