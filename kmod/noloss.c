// SPDX-License-Identifier: GPL-2.0
/* No-loss readers: their targets wait for them instead of losing records. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/task_work.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "access.h"
#include "ring.h"
#include "noloss.h"
#include "reader.h"

/*
 * A target waits when a no-loss reader's cursor on the CPU it just wrote to
 * is more than half a ring behind, and until the reader is less than a
 * quarter of a ring behind on every CPU: a task sleeping at the high mark
 * leaves room for the records its other threads write meanwhile.
 */
#define KT_NL_HIGH(bytes) ((bytes) / 2)
#define KT_NL_LOW(bytes) ((bytes) / 4)

/* Slots of a hash table that a probe walks; the tables are small. */
#define KT_NL_PROBES 8

/*
 * Started no-loss readers with a target. Changed under kt_readers_lock (a
 * reader leaves it a grace period before it may be freed or re-added); read
 * by probes and waiting targets under RCU. kt_nl_count mirrors its length
 * so that probes skip the walk while it is empty.
 */
static LIST_HEAD(kt_nl_readers);
unsigned int kt_nl_count;

/* Targets waiting for readers to catch up; readers wake it as they read. */
static DECLARE_WAIT_QUEUE_HEAD(kt_nl_wq);

/*
 * One queued wait: a task_work and the task it is queued on. A probe claims
 * a free slot with cmpxchg on @task (no allocation in probe context), the
 * work frees it when it has run. Each queued work holds a module reference,
 * so the module cannot go while a task still has one to run.
 */
struct kt_nl_waiter {
	struct callback_head work;
	struct task_struct *task;	/* NULL: free */
};

#define KT_NL_WAITER_BITS 8
static struct kt_nl_waiter kt_nl_waiters[BIT(KT_NL_WAITER_BITS)];

/* Whether @r's child table holds @tgid; lockless. */
static bool kt_nl_pid_find(const struct kt_reader *r, u32 tgid)
{
	u32 h = hash_32(tgid, ilog2(KT_NL_PIDS)), i, v;

	for (i = 0; i < KT_NL_PROBES; i++) {
		v = READ_ONCE(r->nl_pids[(h + i) & (KT_NL_PIDS - 1)]);
		if (v == tgid)
			return true;
		if (!v)
			return false;
	}
	return false;
}

/*
 * Add @tgid to @r's child table; lockless, from probes. A full neighbourhood
 * leaves the child to the reader's own follow set (found once it read the
 * fork record).
 */
static void kt_nl_pid_add(struct kt_reader *r, u32 tgid)
{
	u32 h = hash_32(tgid, ilog2(KT_NL_PIDS)), i, v;

	if (!tgid)
		return;
	for (i = 0; i < KT_NL_PROBES; i++) {
		u32 *slot = &r->nl_pids[(h + i) & (KT_NL_PIDS - 1)];

		v = READ_ONCE(*slot);
		if (!v)
			v = cmpxchg(slot, 0, tgid);
		if (!v || v == tgid)
			return;
	}
}

/*
 * Whether @r targets thread group @tgid: its target or, following children,
 * one forked since it started. Never the reader's own process, which would
 * then wait for itself. Visibility is the caller's to check. RCU held.
 */
static bool kt_nl_targets(struct kt_reader *r, s64 tgid)
{
	if (!READ_ONCE(r->nl_armed) || READ_ONCE(r->closing) ||
	    tgid <= 0 || tgid == r->self_tgid)
		return false;
	if (tgid == READ_ONCE(r->target_pid))
		return true;
	if (!(READ_ONCE(r->target_flags) & KT_TARGET_FOLLOW_CHILDREN))
		return false;
	return kt_nl_pid_find(r, tgid) || xa_load(&r->followed, tgid);
}

/*
 * Probe side, after @ring's record was published; ring busy, interrupts
 * off. O(no-loss readers): one cursor compared per reader that targets the
 * record's task and may see it (the record's visibility mask, ptrace's
 * rule, so no reader ever slows a task it may not read).
 */
bool kt_nl_commit(struct kt_ring *ring, unsigned int event)
{
	s64 tgid = ring->cur[KT_F_PID];
	u64 vis = ring->cur[KT_F_VIS];
	bool wait = false;
	struct kt_reader *r;

	if (ring->task != current || !in_task())
		return false;
	rcu_read_lock();
	list_for_each_entry_rcu(r, &kt_nl_readers, nl_node) {
		if (!r->privileged && !(vis & BIT_ULL(r->ident)))
			continue;
		if (!kt_nl_targets(r, tgid))
			continue;
		if (event == KT_EV_PROC_FORK &&
		    (READ_ONCE(r->target_flags) & KT_TARGET_FOLLOW_CHILDREN))
			kt_nl_pid_add(r, ring->cur[KT_F_CHILD_PID]);
		if (kt_reader_lag(r, ring->cpu) > KT_NL_HIGH(kt_ring_bytes))
			wait = true;
	}
	rcu_read_unlock();
	return wait;
}

/*
 * Whether every no-loss reader that targets current, and may read it now,
 * is within the low mark on every CPU. Process context, never in a probe.
 */
static bool kt_nl_caught_up(void)
{
	s64 tgid = task_tgid_nr(current);
	bool done = true;
	struct kt_reader *r;
	unsigned int cpu;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &kt_nl_readers, nl_node) {
		if (!kt_nl_targets(r, tgid) || READ_ONCE(r->stopped))
			continue;
		if (!r->privileged && !kt_may_read(r->cred, current))
			continue;
		for_each_possible_cpu(cpu) {
			if (kt_reader_lag(r, cpu) > KT_NL_LOW(kt_ring_bytes)) {
				done = false;
				break;
			}
		}
		if (!done)
			break;
	}
	rcu_read_unlock();
	return done;
}

/* Charge a wait of @ns to the readers current waited for. */
static void kt_nl_account(u64 ns)
{
	s64 tgid = task_tgid_nr(current);
	struct kt_reader *r;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &kt_nl_readers, nl_node) {
		if (!kt_nl_targets(r, tgid))
			continue;
		if (!r->privileged && !kt_may_read(r->cred, current))
			continue;
		atomic64_inc(&r->nl_waits);
		atomic64_add(ns, &r->nl_wait_ns);
	}
	rcu_read_unlock();
}

/*
 * The task_work, run by the target on its way back to user space (or at
 * exit), with no lock held. A fatal signal ends the wait; so does every
 * reader it waits for stopping, closing or going (they wake the queue).
 */
static void kt_nl_wait(struct callback_head *work)
{
	struct kt_nl_waiter *w = container_of(work, struct kt_nl_waiter, work);
	u64 start;

	if (!kt_nl_caught_up()) {
		start = ktime_get_ns();
		wait_event_killable(kt_nl_wq, kt_nl_caught_up());
		kt_nl_account(ktime_get_ns() - start);
	}
	/* The work is off the task's list: the slot may be claimed again. */
	smp_store_release(&w->task, NULL);
	module_put(THIS_MODULE);
}

/*
 * Queue a wait on current, once: a task that has one queued is not given a
 * second. After a record of it, interrupts on again; never sleeps. A task
 * that cannot run a work on its way to user space (kernel threads, io
 * workers, exiting tasks) or finds no free slot is not slowed.
 */
void kt_nl_throttle(void)
{
	struct task_struct *task = current;
	u32 h = hash_ptr(task, KT_NL_WAITER_BITS), i;

	if (task->flags & (PF_KTHREAD | PF_IO_WORKER | PF_EXITING))
		return;
	for (i = 0; i < KT_NL_PROBES; i++) {
		struct kt_nl_waiter *w;
		struct task_struct *old;

		w = &kt_nl_waiters[(h + i) & (BIT(KT_NL_WAITER_BITS) - 1)];
		old = READ_ONCE(w->task);
		if (old == task)
			return;
		if (old || cmpxchg(&w->task, NULL, task))
			continue;
		/* Fails only while the module is being unloaded. */
		if (!try_module_get(THIS_MODULE))
			goto out_free_slot;
		init_task_work(&w->work, kt_nl_wait);
		if (!task_work_add(task, &w->work, TWA_RESUME))
			return;
		module_put(THIS_MODULE);
out_free_slot:
		/* Pairs with READ_ONCE() above: the slot is unused from here. */
		smp_store_release(&w->task, NULL);
		return;
	}
}

/* Wake waiting targets to look again; from readers as they read. */
void kt_nl_wake(void)
{
	if (wq_has_sleeper(&kt_nl_wq))
		wake_up_all(&kt_nl_wq);
}

/* Forget the children @r's targets forked; r->lock held, before it starts. */
void kt_nl_reset(struct kt_reader *r)
{
	memset(r->nl_pids, 0, sizeof(r->nl_pids));
}

/* Unlist @r; kt_readers_lock held. Returns whether it was listed. */
static bool kt_nl_unlist(struct kt_reader *r)
{
	if (!r->nl_listed)
		return false;
	list_del_rcu(&r->nl_node);
	r->nl_listed = false;
	WRITE_ONCE(kt_nl_count, kt_nl_count - 1);
	return true;
}

/* After unlisting: no probe or waiter still looks at the readers unlisted. */
static void kt_nl_unlisted(void)
{
	synchronize_rcu();
	wake_up_all(&kt_nl_wq);
}

/*
 * List exactly the started readers that asked for no loss with a target;
 * kt_readers_lock held. Called with the global masks, on every start, stop
 * and reconfiguration.
 */
void kt_nl_update(struct list_head *readers)
{
	bool unlisted = false;
	struct kt_reader *r;

	list_for_each_entry(r, readers, node) {
		bool want = r->started && r->target_pid &&
			    (r->target_flags & KT_TARGET_NO_LOSS);

		if (want == r->nl_listed)
			continue;
		if (!want) {
			unlisted |= kt_nl_unlist(r);
			continue;
		}
		list_add_tail_rcu(&r->nl_node, &kt_nl_readers);
		r->nl_listed = true;
		WRITE_ONCE(kt_nl_count, kt_nl_count + 1);
	}
	if (unlisted)
		kt_nl_unlisted();
}

/* A closing reader, no longer in @readers; kt_readers_lock held. */
void kt_nl_forget(struct kt_reader *r)
{
	if (kt_nl_unlist(r))
		kt_nl_unlisted();
}
