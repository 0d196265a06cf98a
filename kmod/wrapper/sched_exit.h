/* SPDX-License-Identifier: GPL-2.0 */
/* sched_process_exit's prototype: with or without group_dead. */
#ifndef KT_WRAPPER_SCHED_EXIT_H
#define KT_WRAPPER_SCHED_EXIT_H

#include <linux/sched.h>

/*
 * Newer kernels (7.3 here, not 6.12) also pass sched_process_exit's probes
 * whether the whole thread group died: KT_HAVE_EXIT_GROUP_DEAD, from the
 * tracepoint's own declaration (Kbuild). KT_SCHED_EXIT_PROTO is a probe's
 * parameter list after void *data; the task is always named @task.
 */
#ifdef KT_HAVE_EXIT_GROUP_DEAD
#define KT_SCHED_EXIT_PROTO struct task_struct *task, bool group_dead
#else
#define KT_SCHED_EXIT_PROTO struct task_struct *task
#endif

#endif /* KT_WRAPPER_SCHED_EXIT_H */
