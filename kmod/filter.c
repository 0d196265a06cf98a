// SPDX-License-Identifier: GPL-2.0
/* Write-time filter: records no started reader can accept are not written. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/log2.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/threads.h>
#include <linux/vmalloc.h>

#include "filter.h"
#include "reader.h"

/*
 * Thread groups some started targeted reader may follow: its target, and
 * with KT_TARGET_FOLLOW_CHILDREN every process forked by one of them since
 * it started (kt_filter_fork()). One bit per possible pid: a probe tests
 * its task's bit without a lock or an allocation, in O(1), and a fork sets
 * one; PID_MAX_LIMIT bits is 512 KiB on 64-bit, allocated when the first
 * targeted reader starts and kept until unload. Bits are only set while
 * targeted readers are started, and all cleared, a grace period after the
 * last stopped (no probe still holds the word that allowed setting them):
 * the set is a superset of every started reader's own followed set.
 * The pointer is written under kt_readers_lock before the word that lets
 * probes use it, and never changes afterwards.
 */
static unsigned long *kt_flt_pids;
static bool kt_flt_dirty;	/* bits may be set; under kt_readers_lock */

/*
 * What probes read, as one word so an update is never seen half done:
 * the mode, the one thread group excluded in KT_FLT_EXCEPT and the flags.
 * Written under kt_readers_lock, read locklessly by probes after their
 * ring is marked busy (see kt_reader_start() for why that order matters).
 */
unsigned long kt_flt_word;

#define KT_FLT_TGID_BITS	24
#define KT_FLT_TGID_MASK	(BIT(KT_FLT_TGID_BITS) - 1)
#define KT_FLT_MODE_MASK	(BIT(24) | BIT(25))
/* Every task's records may be wanted (filter off). */
#define KT_FLT_ALL		0UL
/* Those of tasks in the set, or outside the one excluded thread group. */
#define KT_FLT_EXCEPT		BIT(24)
/* Only those of tasks in the set. */
#define KT_FLT_SET		BIT(25)
/* A started reader is privileged: sees records no identity may see. */
#define KT_FLT_PRIV		BIT(26)
/* A started reader follows children: forks of the set extend it. */
#define KT_FLT_FOLLOW		BIT(27)

static bool kt_flt_in_set(pid_t tgid)
{
	unsigned long *pids = READ_ONCE(kt_flt_pids);

	return pids && tgid > 0 && tgid < PID_MAX_LIMIT && test_bit(tgid, pids);
}

static bool kt_flt_tgid_wanted(unsigned long word, pid_t tgid)
{
	switch (word & KT_FLT_MODE_MASK) {
	case KT_FLT_ALL:
		return true;
	case KT_FLT_EXCEPT:
		if (tgid != (pid_t)(word & KT_FLT_TGID_MASK))
			return true;
		fallthrough;
	default:
		return kt_flt_in_set(tgid);
	}
}

/*
 * Whether some started reader may accept a record of @task (NULL: of an
 * interrupt) by its thread group, the first half of the decision: O(1),
 * before anything is collected. Ring busy, interrupts off.
 */
bool kt_filter_task(unsigned long word, struct task_struct *task)
{
	return kt_flt_tgid_wanted(word, task ? task_tgid_nr(task) : 0);
}

/*
 * The second half, once the visibility mask is known: without a started
 * privileged reader, a record no identity may see is wanted by no one.
 */
bool kt_filter_vis(unsigned long word, u64 vis)
{
	return vis || (word & KT_FLT_PRIV);
}

/*
 * A fork by current, whose record is being begun (ring busy, interrupts
 * off: an RCU read side). When current's thread group is in the set and a
 * reader follows children, the child joins the set before it can run
 * (sched_process_fork fires before wake_up_new_task()), so none of its
 * records is filtered out. Returns whether a reader may learn the child
 * from this record: then it is written whatever its visibility, as
 * readers follow children from fork records they are not shown.
 */
bool kt_filter_fork(unsigned long word, struct task_struct *child)
{
	unsigned long *pids = READ_ONCE(kt_flt_pids);
	pid_t tgid = task_tgid_nr(child);

	if (!(word & KT_FLT_FOLLOW))
		return false;
	/* No set (its allocation failed): no filter, every fork written. */
	if (!pids)
		return true;
	if (!kt_flt_in_set(task_tgid_nr(current)))
		return false;
	if (tgid > 0 && tgid < PID_MAX_LIMIT && !test_bit(tgid, pids))
		set_bit(tgid, pids);
	return true;
}

/*
 * Recompute the word from the started readers; kt_readers_lock held (it
 * also protects kt_flt_pids's allocation and kt_flt_dirty). Called before
 * a starting reader places its cursors and after a stopping one fixed its
 * limits, as the field masks are.
 */
void kt_filter_update(struct list_head *readers)
{
	unsigned int untargeted = 0;
	bool targeted = false;
	unsigned long word = 0;
	pid_t self = -1;
	struct kt_reader *r;

	BUILD_BUG_ON(ilog2(PID_MAX_LIMIT) >= KT_FLT_TGID_BITS);
	if (!kt_flt_pids) {
		list_for_each_entry(r, readers, node)
			if (r->started && r->target_pid)
				targeted = true;
		/* Without the set, targets cannot be told apart: no filter. */
		if (targeted)
			WRITE_ONCE(kt_flt_pids,
				   vzalloc(BITS_TO_LONGS(PID_MAX_LIMIT) *
					   sizeof(unsigned long)));
		targeted = false;
	}
	list_for_each_entry(r, readers, node) {
		if (!r->started)
			continue;
		if (r->privileged)
			word |= KT_FLT_PRIV;
		if (!r->target_pid) {
			/* The opener's own records are never shown to it. */
			if (!untargeted++)
				self = r->self_tgid;
			else if (self != r->self_tgid)
				self = -1;
			continue;
		}
		targeted = true;
		if (r->target_flags & KT_TARGET_FOLLOW_CHILDREN)
			word |= KT_FLT_FOLLOW;
		if (kt_flt_pids && r->target_pid < PID_MAX_LIMIT) {
			set_bit(r->target_pid, kt_flt_pids);
			kt_flt_dirty = true;
		}
	}
	if (targeted && !kt_flt_pids)
		word |= KT_FLT_ALL;
	else if (!untargeted)
		word |= KT_FLT_SET;
	else if (untargeted == 1 && self > 0 && self < PID_MAX_LIMIT)
		word |= KT_FLT_EXCEPT | self;
	else
		word |= KT_FLT_ALL;
	WRITE_ONCE(kt_flt_word, word);

	if (!targeted && kt_flt_dirty) {
		/* Probes that read the old word (interrupts off) are done. */
		synchronize_rcu();
		bitmap_zero(kt_flt_pids, PID_MAX_LIMIT);
		kt_flt_dirty = false;
	}
}

/* At unload, after every probe is detached and finished. */
void kt_filter_exit(void)
{
	vfree(kt_flt_pids);
	kt_flt_pids = NULL;
}
