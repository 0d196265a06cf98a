/* SPDX-License-Identifier: GPL-2.0 */
/* Timers: timer_delete_sync() where the kernel has it, del_timer_sync() before. */
#ifndef KT_WRAPPER_TIMER_H
#define KT_WRAPPER_TIMER_H

#include <linux/timer.h>

/*
 * timer_delete_sync() arrived in 6.2 (and in 6.1.y stable); 6.15 removed
 * del_timer_sync(). KT_HAVE_TIMER_DELETE_SYNC: Kbuild found the declaration
 * in the kernel's <linux/timer.h>.
 */
static inline int kt_timer_delete_sync(struct timer_list *timer)
{
#ifdef KT_HAVE_TIMER_DELETE_SYNC
	return timer_delete_sync(timer);
#else
	return del_timer_sync(timer);
#endif
}

#endif /* KT_WRAPPER_TIMER_H */
