/* SPDX-License-Identifier: GPL-2.0 */
/* The write-time filter: whether any started reader may accept a record. */
#ifndef KT_FILTER_H
#define KT_FILTER_H

#include <linux/list.h>
#include <linux/types.h>

struct task_struct;

/*
 * Write-time filter (filter.c): whether any started reader may accept a
 * record, decided in kt_record_begin*() before a field is collected.
 */
extern unsigned long kt_flt_word;	/* written under kt_readers_lock */
bool kt_filter_task(unsigned long word, struct task_struct *task);
bool kt_filter_vis(unsigned long word, u64 vis);
bool kt_filter_fork(unsigned long word, struct task_struct *child);
void kt_filter_update(struct list_head *readers);
void kt_filter_exit(void);

#endif /* KT_FILTER_H */
