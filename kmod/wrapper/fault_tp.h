/* SPDX-License-Identifier: GPL-2.0 */
/* The page fault tracepoints' declarations: x86's own, or the generic ones. */
#ifndef KT_WRAPPER_FAULT_TP_H
#define KT_WRAPPER_FAULT_TP_H

/*
 * page_fault_user and page_fault_kernel were declared by x86 in
 * asm/trace/exceptions.h; newer kernels (7.3 here) declare them for every
 * architecture in trace/events/exceptions.h, with the same prototype.
 * KT_HAVE_GENERIC_FAULT_TP comes from the header's presence (Kbuild).
 */
#ifdef KT_HAVE_GENERIC_FAULT_TP
#include <trace/events/exceptions.h>
#else
#include <asm/trace/exceptions.h>
#endif

#endif /* KT_WRAPPER_FAULT_TP_H */
