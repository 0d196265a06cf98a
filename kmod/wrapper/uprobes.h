/* SPDX-License-Identifier: GPL-2.0 */
/* uprobe_register() and its consumer callbacks across kernel versions. */
#ifndef KTRACE_WRAPPER_UPROBES_H
#define KTRACE_WRAPPER_UPROBES_H

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/uprobes.h>
#include <linux/version.h>

/*
 * 6.1: uprobe_register_refctr() returns an errno; uprobe_unregister()
 * takes (inode, offset, consumer) and waits for running handlers itself;
 * filter() has an enum uprobe_filter_ctx argument.
 * 6.12: uprobe_register() takes ref_ctr_offset and returns the uprobe;
 * uprobe_unregister_nosync() takes it back, uprobe_unregister_sync() waits
 * for handlers; filter() lost its ctx. No macro marks these changes, so
 * they are told by version.
 * 6.13: handler() gains a __u64 *data argument (session consumers), with
 * UPROBE_HANDLER_IGNORE defined by the same change: that is the test.
 */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#define KT_UPROBE_HANDLE_RETURNED 1
#else
#define KT_UPROBE_HANDLE_RETURNED 0
#endif

struct kt_uprobe_handle {
#if KT_UPROBE_HANDLE_RETURNED
	struct uprobe *uprobe;
#else
	struct inode *inode;
	loff_t offset;
#endif
};

static inline int kt_uprobe_register(struct kt_uprobe_handle *h,
				     struct inode *inode, loff_t offset,
				     loff_t ref_ctr_offset,
				     struct uprobe_consumer *uc)
{
#if KT_UPROBE_HANDLE_RETURNED
	struct uprobe *u = uprobe_register(inode, offset, ref_ctr_offset, uc);

	if (IS_ERR(u))
		return PTR_ERR(u);
	h->uprobe = u;
	return 0;
#else
	h->inode = inode;
	h->offset = offset;
	return uprobe_register_refctr(inode, offset, ref_ctr_offset, uc);
#endif
}

/* Removes the consumer; handlers may still run until kt_uprobe_sync(). */
static inline void kt_uprobe_unregister(struct kt_uprobe_handle *h,
					struct uprobe_consumer *uc)
{
#if KT_UPROBE_HANDLE_RETURNED
	uprobe_unregister_nosync(h->uprobe, uc);
#else
	uprobe_unregister(h->inode, h->offset, uc);
#endif
}

/* Waits until no handler of an unregistered consumer runs. */
static inline void kt_uprobe_sync(void)
{
#if KT_UPROBE_HANDLE_RETURNED
	uprobe_unregister_sync();
#endif
}

/* Declares a handler with parameters uc (the consumer) and regs. */
#ifdef UPROBE_HANDLER_IGNORE
#define KT_UPROBE_HANDLER(name)						\
	int name(struct uprobe_consumer *uc, struct pt_regs *regs,	\
		 __u64 *kt_data)
#else
#define KT_UPROBE_HANDLER(name)						\
	int name(struct uprobe_consumer *uc, struct pt_regs *regs)
#endif

/* Declares a filter with parameters uc (the consumer) and mm. */
#if KT_UPROBE_HANDLE_RETURNED
#define KT_UPROBE_FILTER(name)						\
	bool name(struct uprobe_consumer *uc, struct mm_struct *mm)
#else
#define KT_UPROBE_FILTER(name)						\
	bool name(struct uprobe_consumer *uc,				\
		  enum uprobe_filter_ctx kt_ctx, struct mm_struct *mm)
#endif

#endif /* KTRACE_WRAPPER_UPROBES_H */
