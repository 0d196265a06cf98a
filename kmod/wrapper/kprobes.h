/* SPDX-License-Identifier: GPL-2.0 */
/* Kretprobes: handler signature, per-instance data, registering disabled. */
#ifndef KT_WRAPPER_KPROBES_H
#define KT_WRAPPER_KPROBES_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/kprobes.h>

/*
 * A kretprobe's entry and return handlers take the instance and the
 * registers; since 5.11 the instance's owner is found with get_kretprobe()
 * (no ri->rp) and its data[] holds data_size bytes of our own. Declare
 * handlers with KT_KRETPROBE_HANDLER(name) and reach the data with
 * kt_kretprobe_data(ri): if the kernel's signature changes, this is the
 * one place to adapt, and the check below fails the build here rather than
 * as a function pointer warning in every probe file.
 */
#define KT_KRETPROBE_HANDLER(name) \
	int name(struct kretprobe_instance *ri, struct pt_regs *regs)

static_assert(__same_type(((struct kretprobe *)NULL)->handler,
			  int (*)(struct kretprobe_instance *, struct pt_regs *)),
	      "kretprobe handler signature changed: adapt KT_KRETPROBE_HANDLER");

static inline void *kt_kretprobe_data(struct kretprobe_instance *ri)
{
	return ri->data;
}

/* Registered disabled: registration checks the symbol, enabling arms it. */
static inline int kt_kretprobe_register_disabled(struct kretprobe *krp)
{
	krp->kp.flags |= KPROBE_FLAG_DISABLED;
	return register_kretprobe(krp);
}

#endif /* KT_WRAPPER_KPROBES_H */
