/* SPDX-License-Identifier: GPL-2.0 */
/* Dumpability: where a kernel keeps a task's dumpable mode and the user namespace it applies in. */
#ifndef KT_WRAPPER_DUMPABLE_H
#define KT_WRAPPER_DUMPABLE_H

#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/user_namespace.h>
#ifdef KT_HAVE_TASK_EXEC_STATE
#include <linux/sched/exec_state.h>
#endif

/*
 * NULL when @task's owner may ptrace it as far as dumpability goes (dumpable
 * for its user, or no user memory); otherwise the user namespace in which a
 * reader needs CAP_SYS_PTRACE, as __ptrace_may_access() decides.
 * KT_HAVE_TASK_EXEC_STATE: Kbuild found struct task_exec_state (7.x), where
 * both moved from the mm to task->exec_state (RCU). Before it they live in
 * the mm. Only reads; RCU read lock held or interrupts off.
 */
static inline struct user_namespace *kt_task_undumpable_ns(struct task_struct *task)
{
#ifdef KT_HAVE_TASK_EXEC_STATE
	struct task_exec_state *es;

	if (!READ_ONCE(task->mm))
		return NULL;
	es = rcu_dereference_check(task->exec_state, rcu_read_lock_any_held());
	if (!es || es->dumpable == TASK_DUMPABLE_OWNER)
		return NULL;
	return es->user_ns;
#else
	/*
	 * The task itself (or the scheduler, for a task not running) is the
	 * only one to change its mm, so it stays while we look.
	 */
	struct mm_struct *mm = READ_ONCE(task->mm);

	if (!mm || get_dumpable(mm) == SUID_DUMP_USER)
		return NULL;
	return mm->user_ns;
#endif
}

#endif /* KT_WRAPPER_DUMPABLE_H */
