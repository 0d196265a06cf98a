/* SPDX-License-Identifier: GPL-2.0 */
/* Common variables, collected for every record that wants them. */
#ifndef KT_VARS_H
#define KT_VARS_H

#include <linux/types.h>

struct kt_ring;
struct task_struct;

/* Common variables (vars.c). */
int kt_vars_init(void);
u64 kt_vars_available(void);
void kt_collect_common(struct kt_ring *ring, struct task_struct *task,
		       const unsigned long *want);

#endif /* KT_VARS_H */
