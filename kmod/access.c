// SPDX-License-Identifier: GPL-2.0
/* Who may see whose records: ptrace's read rule, and what unprivileged readers may ask. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/user_namespace.h>

#include "access.h"
#include "table.h"
#include "wrapper/dumpable.h"

/*
 * Credentials of unprivileged readers, one slot per distinct identity.
 * A slot's cred is set before its bit can enter kt_vis_active, and is put
 * only after the bit left it and a grace period passed, so writers that
 * saw the bit (interrupts off: an RCU read side) read a live cred.
 */
static DEFINE_MUTEX(kt_ident_lock);	/* protects kt_idents */
static struct {
	const struct cred *cred;	/* a reference; NULL: free */
	unsigned int users;		/* readers holding the slot */
} kt_idents[KT_MAX_IDENTS];

u64 kt_vis_active;
u64 kt_own_events;

/* What ptrace's rule reads of a reader: equal in all these, equal answers. */
static bool kt_same_ident(const struct cred *a, const struct cred *b)
{
	return uid_eq(a->uid, b->uid) && gid_eq(a->gid, b->gid) &&
	       uid_eq(a->euid, b->euid) && a->user_ns == b->user_ns &&
	       cap_issubset(a->cap_permitted, b->cap_permitted) &&
	       cap_issubset(b->cap_permitted, a->cap_permitted) &&
	       cap_raised(a->cap_effective, CAP_SYS_PTRACE) ==
	       cap_raised(b->cap_effective, CAP_SYS_PTRACE);
}

/* A slot for @cred's identity, shared with equal readers; -EUSERS if full. */
int kt_ident_get(const struct cred *cred)
{
	int i, free = -1;

	mutex_lock(&kt_ident_lock);
	for (i = 0; i < KT_MAX_IDENTS; i++) {
		if (!kt_idents[i].cred) {
			if (free < 0)
				free = i;
			continue;
		}
		if (kt_same_ident(kt_idents[i].cred, cred)) {
			kt_idents[i].users++;
			goto out_unlock;
		}
	}
	i = free;
	if (i < 0) {
		i = -EUSERS;
		goto out_unlock;
	}
	kt_idents[i].cred = get_cred(cred);
	kt_idents[i].users = 1;
out_unlock:
	mutex_unlock(&kt_ident_lock);
	return i;
}

/* The caller's reader has left kt_vis_active (kt_update_globals()). */
void kt_ident_put(int slot)
{
	if (slot < 0)
		return;
	mutex_lock(&kt_ident_lock);
	if (--kt_idents[slot].users == 0) {
		/* Writers that saw the slot's bit finish with its cred first. */
		synchronize_rcu();
		put_cred(kt_idents[slot].cred);
		kt_idents[slot].cred = NULL;
	}
	mutex_unlock(&kt_ident_lock);
}

/*
 * Whether @rc holds CAP_SYS_PTRACE over @ns, as cap_capable() decides it
 * (the commoncap part: other security modules are not asked): in its own
 * namespace by its effective set, in a descendant namespace by owning it
 * or one of its ancestors below its own.
 */
static bool kt_ns_ptrace_capable(const struct cred *rc,
				 struct user_namespace *ns)
{
	for (;;) {
		if (ns == rc->user_ns)
			return cap_raised(rc->cap_effective, CAP_SYS_PTRACE);
		if (ns->level <= rc->user_ns->level)
			return false;
		if (ns->parent == rc->user_ns && uid_eq(ns->owner, rc->euid))
			return true;
		ns = ns->parent;
	}
}

/*
 * __ptrace_may_access(@task, PTRACE_MODE_READ_REALCREDS) for a reader with
 * credentials @rc, which ptrace_may_access() cannot be asked (it is not
 * exported, and asks about current). Only reads: callable with interrupts
 * off, in any context; RCU read lock held (or interrupts off).
 */
bool kt_may_read(const struct cred *rc, struct task_struct *task)
{
	const struct cred *tc = __task_cred(task);
	struct user_namespace *dump_ns;

	if (!(uid_eq(rc->uid, tc->euid) && uid_eq(rc->uid, tc->suid) &&
	      uid_eq(rc->uid, tc->uid) && gid_eq(rc->gid, tc->egid) &&
	      gid_eq(rc->gid, tc->sgid) && gid_eq(rc->gid, tc->gid)) &&
	    !kt_ns_ptrace_capable(rc, tc->user_ns))
		return false;
	dump_ns = kt_task_undumpable_ns(task);
	if (dump_ns && !kt_ns_ptrace_capable(rc, dump_ns))
		return false;
	/* cap_ptrace_access_check(): no capability the reader lacks. */
	if (rc->user_ns == tc->user_ns &&
	    cap_issubset(tc->cap_permitted, rc->cap_permitted))
		return true;
	return kt_ns_ptrace_capable(rc, tc->user_ns);
}

/*
 * The identity slots of started readers that may see @task's record, for
 * KT_F_VIS. One evaluation per distinct identity (usually one): a few
 * compares on the task's cred and mm, which the writer reads anyway. The
 * decision is not cached by cred pointer: a freed cred's address comes
 * back for a new cred with other ids, and no hook here sees creds change.
 */
u64 kt_vis_mask(struct task_struct *task)
{
	u64 active = READ_ONCE(kt_vis_active), vis = 0;
	unsigned int i;

	for_each_set_bit(i, (unsigned long *)&active, KT_MAX_IDENTS)
		if (kt_may_read(READ_ONCE(kt_idents[i].cred), task))
			vis |= BIT_ULL(i);
	return vis;
}

/* Privilege levels, like perf_event_paranoid; see docs/abi.md. */
static int kt_paranoid = 2;

static int kt_paranoid_set(const char *val, const struct kernel_param *kp)
{
	int level, ret;

	ret = kstrtoint(val, 0, &level);
	if (ret)
		return ret;
	if (level < 1 || level > 3)
		return -EINVAL;
	WRITE_ONCE(kt_paranoid, level);
	return 0;
}

static const struct kernel_param_ops kt_paranoid_ops = {
	.set = kt_paranoid_set,
	.get = param_get_int,
};

module_param_cb(paranoid, &kt_paranoid_ops, &kt_paranoid, 0644);
MODULE_PARM_DESC(paranoid, "What readers without CAP_PERFMON/CAP_SYS_ADMIN may trace: 3 nothing, 2 (default) syscall/proc/signal/fault events of processes they may ptrace, 1 every event of those processes");

int kt_access_paranoid(void)
{
	return READ_ONCE(kt_paranoid);
}

/* -EACCES if an unprivileged reader may not ask for @events now. */
int kt_access_check_events(bool privileged, u64 events)
{
	int level = READ_ONCE(kt_paranoid);

	if (privileged || !events)
		return 0;
	if (level >= 3)
		return -EACCES;
	if (level == 2 && (events & ~kt_own_events))
		return -EACCES;
	return 0;
}

/*
 * Families an unprivileged reader gets at the default level: events of its
 * own processes. USDT (family user) is one: its probes fire only in tasks
 * the reader may ptrace, and record that task's own registers and memory.
 * So is msg: a syscall's own socket and buffers, as strace -e network shows.
 */
void kt_access_init(void)
{
	static const char * const own[] = { "syscall", "proc", "signal", "fault",
					     "user", "msg" };
	unsigned int bit, i;

	for (bit = 0; bit < KT_NR_BITS; bit++) {
		if (!kt_events[bit].known)
			continue;
		for (i = 0; i < ARRAY_SIZE(own); i++)
			if (!strcmp(kt_events[bit].family, own[i]))
				kt_own_events |= BIT_ULL(bit);
	}
}
