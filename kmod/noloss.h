/* SPDX-License-Identifier: GPL-2.0 */
/* No-loss readers: targets wait for them instead of losing records. */
#ifndef KT_NOLOSS_H
#define KT_NOLOSS_H

#include <linux/list.h>
#include <linux/types.h>

struct kt_ring;

/*
 * No-loss readers (noloss.c). Called with the record just committed, ring
 * busy and interrupts off: whether current must wait for a no-loss reader
 * before it returns to user space. Then, interrupts restored,
 * kt_nl_throttle() queues that wait.
 */
struct kt_reader;
extern unsigned int kt_nl_count;	/* listed no-loss readers */
bool kt_nl_commit(struct kt_ring *ring, unsigned int event);
void kt_nl_throttle(void);
void kt_nl_update(struct list_head *readers);
void kt_nl_forget(struct kt_reader *r);
void kt_nl_wake(void);
void kt_nl_reset(struct kt_reader *r);

#endif /* KT_NOLOSS_H */
