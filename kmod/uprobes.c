// SPDX-License-Identifier: GPL-2.0
/* USDT probes: per-reader uprobes that record their arguments as usdt events. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "access.h"
#include "probe.h"
#include "reader.h"
#include "wrapper/uprobes.h"

/* One probe of one reader: a uprobe consumer of its own. */
struct kt_usdt_probe {
	struct uprobe_consumer uc;
	struct kt_uprobe_handle handle;
	struct inode *inode;		/* held (ihold) while the probe exists */
	loff_t offset;
	loff_t ref_ctr_offset;
	u64 id;
	u32 nr_args;
	u32 nr_strs;			/* arguments with KT_USDT_ARG_STRING */
	u32 snaplen;			/* the reader's, as of START */
	pid_t tgid;			/* hits only in this process; 0: all */
	/* An unprivileged reader's probes fire only where ptrace would read. */
	bool privileged;
	const struct cred *cred;	/* the reader's opener's (r->cred) */
	bool registered;
	struct kt_usdt_arg args[KT_USDT_MAX_ARGS];
};

/* Readers' serial numbers: the high bits of their probes' ids. */
static atomic64_t kt_usdt_serials = ATOMIC64_INIT(0);

static unsigned long kt_usdt_reg(const struct pt_regs *regs, u8 reg)
{
	switch (reg) {
	case KT_UREG_RAX: return regs->ax;
	case KT_UREG_RBX: return regs->bx;
	case KT_UREG_RCX: return regs->cx;
	case KT_UREG_RDX: return regs->dx;
	case KT_UREG_RSI: return regs->si;
	case KT_UREG_RDI: return regs->di;
	case KT_UREG_RBP: return regs->bp;
	case KT_UREG_RSP: return regs->sp;
	case KT_UREG_R8: return regs->r8;
	case KT_UREG_R9: return regs->r9;
	case KT_UREG_R10: return regs->r10;
	case KT_UREG_R11: return regs->r11;
	case KT_UREG_R12: return regs->r12;
	case KT_UREG_R13: return regs->r13;
	case KT_UREG_R14: return regs->r14;
	case KT_UREG_R15: return regs->r15;
	}
	return 0;
}

/* One argument's value; user memory is read here, where faults are allowed. */
static u64 kt_usdt_value(const struct kt_usdt_arg *a, const struct pt_regs *regs)
{
	unsigned long addr;
	u64 v = 0;

	switch (a->kind) {
	case KT_USDT_ARG_IMM:
		v = a->value;
		break;
	case KT_USDT_ARG_REG:
		v = kt_usdt_reg(regs, a->reg) >> a->shift;
		break;
	case KT_USDT_ARG_MEM:
		addr = kt_usdt_reg(regs, a->reg) +
		       kt_usdt_reg(regs, a->index) * a->scale + a->value;
		/* x86 is little-endian: the low bytes of v are the value. */
		if (copy_from_user(&v, (const void __user *)addr, a->size))
			v = 0;
		break;
	}
	if (a->size < 8) {
		v &= GENMASK_ULL(a->size * 8 - 1, 0);
		if (a->is_signed)
			v = sign_extend64(v, a->size * 8 - 1);
	}
	return v;
}

/*
 * Places the breakpoint (and raises the semaphore) only in the target's
 * address space: the one its task has now (for a held target that execs
 * the probed program, the new one: exec switches before it maps the file).
 */
/*
 * Whether @task is one an unprivileged reader's probes may fire in: the
 * ptrace read rule (kt_may_read()), as for every other record.
 */
static bool kt_usdt_visible(const struct kt_usdt_probe *p,
			    struct task_struct *task)
{
	bool ok;

	if (p->privileged)
		return true;
	rcu_read_lock();
	ok = kt_may_read(p->cred, task);
	rcu_read_unlock();
	return ok;
}

/*
 * Without a target, an unprivileged reader's breakpoints (and raised
 * semaphores) stay out of other users' processes: the address space's
 * owner must be visible to it. Without memcg there is no owner to ask;
 * the handler then ignores other users' hits.
 */
static bool kt_usdt_mm_visible(const struct kt_usdt_probe *p,
			       struct mm_struct *mm)
{
	bool ok = true;
#ifdef CONFIG_MEMCG
	struct task_struct *owner;

	if (p->privileged)
		return true;
	rcu_read_lock();
	owner = rcu_dereference(mm->owner);
	ok = owner && kt_usdt_visible(p, owner);
	rcu_read_unlock();
#endif
	return ok;
}

static KT_UPROBE_FILTER(kt_usdt_filter)
{
	struct kt_usdt_probe *p = container_of(uc, struct kt_usdt_probe, uc);
	struct task_struct *task;
	bool ours;

	if (!p->tgid)
		return kt_usdt_mm_visible(p, mm);
	rcu_read_lock();
	task = pid_task(find_pid_ns(p->tgid, &init_pid_ns), PIDTYPE_TGID);
	ours = task && READ_ONCE(task->mm) == mm;
	rcu_read_unlock();
	return ours;
}

/*
 * Runs in the task that hit the probe, which may sleep and fault here:
 * arguments and strings are copied first, the record is only begun after.
 */
static KT_UPROBE_HANDLER(kt_usdt_hit)
{
	struct kt_usdt_probe *p = container_of(uc, struct kt_usdt_probe, uc);
	long lens[KT_USDT_MAX_STR_ARGS];
	u64 vals[KT_USDT_MAX_ARGS];
	u32 slot = p->snaplen + 1;
	struct kt_ring *ring;
	unsigned long flags;
	char *strs = NULL;
	unsigned int i;

	/* Other consumers of the same uprobe may place it elsewhere. */
	if ((p->tgid && task_tgid_nr(current) != p->tgid) ||
	    !kt_usdt_visible(p, current))
		return 0;
	for (i = 0; i < p->nr_args; i++)
		vals[i] = kt_usdt_value(&p->args[i], regs);
	if (p->nr_strs)
		strs = kmalloc_array(KT_USDT_MAX_STR_ARGS, slot, GFP_KERNEL);
	for (i = 0; i < p->nr_args && i < KT_USDT_MAX_STR_ARGS; i++) {
		if (!(p->args[i].flags & KT_USDT_ARG_STRING))
			continue;
		lens[i] = strs ? strncpy_from_user(strs + i * slot,
						   (const char __user *)vals[i],
						   slot) : -ENOMEM;
	}

	ring = kt_record_begin(&flags);
	if (!ring)
		goto out_free;
	kt_set(ring, KT_F_USDT_PROBE, p->id);
	for (i = 0; i < KT_USDT_MAX_ARGS; i++)
		kt_set(ring, KT_F_USDT_ARG0 + i, i < p->nr_args ? vals[i] : 0);
	for (i = 0; i < p->nr_args && i < KT_USDT_MAX_STR_ARGS; i++) {
		if (!(p->args[i].flags & KT_USDT_ARG_STRING))
			continue;
		if (lens[i] < 0)
			kt_set_bytes_kernel(ring, KT_F_USDT_STR0 + i, "", 0,
					    KT_STR_UNAVAILABLE);
		else
			kt_set_bytes_kernel(ring, KT_F_USDT_STR0 + i,
					    strs + i * slot,
					    min_t(u32, lens[i], p->snaplen),
					    lens[i] > p->snaplen ?
					    KT_STR_TRUNCATED : KT_STR_COMPLETE);
	}
	kt_record_commit(ring, KT_EV_USDT, flags);
out_free:
	kfree(strs);
	return 0;
}

static int kt_usdt_check_arg(const struct kt_usdt_arg *a, unsigned int i)
{
	if (a->size != 1 && a->size != 2 && a->size != 4 && a->size != 8)
		return -EINVAL;
	if (a->is_signed > 1 || (a->flags & ~KT_USDT_ARG_STRING))
		return -EINVAL;
	if ((a->flags & KT_USDT_ARG_STRING) && i >= KT_USDT_MAX_STR_ARGS)
		return -EINVAL;
	switch (a->kind) {
	case KT_USDT_ARG_IMM:
		return 0;
	case KT_USDT_ARG_REG:
		if (a->reg == KT_UREG_NONE || a->reg > KT_UREG_MAX ||
		    (a->shift != 0 && a->shift != 8))
			return -EINVAL;
		return 0;
	case KT_USDT_ARG_MEM:
		if (a->reg == KT_UREG_NONE || a->reg > KT_UREG_MAX ||
		    a->index > KT_UREG_MAX || a->shift ||
		    (a->scale != 1 && a->scale != 2 && a->scale != 4 &&
		     a->scale != 8))
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

/* May the reader's opener read @file? Checked with the opener's credentials. */
static int kt_usdt_may_read(struct kt_reader *r, struct file *file)
{
	const struct cred *old;
	int ret;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	old = override_creds(r->cred);
	ret = file_permission(file, MAY_READ);
	revert_creds(old);
	return ret;
}

/* KT_IOC_ADD_UPROBE; r->lock held. */
int kt_usdt_add(struct kt_reader *r, struct kt_uprobe *req)
{
	struct kt_usdt_probe *p;
	struct inode *inode;
	struct file *file;
	unsigned int i;
	int ret;

	if (r->started)
		return -EBUSY;
	if (r->nr_usdt >= KT_USDT_MAX_PROBES)
		return -ENOSPC;
	if (req->nr_args > KT_USDT_MAX_ARGS)
		return -EINVAL;
	for (i = 0; i < req->nr_args; i++) {
		ret = kt_usdt_check_arg(&req->args[i], i);
		if (ret)
			return ret;
	}
	file = fget(req->fd);
	if (!file)
		return -EBADF;
	inode = file_inode(file);
	ret = -EINVAL;
	if (!S_ISREG(inode->i_mode) || req->offset >= i_size_read(inode) ||
	    req->ref_ctr_offset >= i_size_read(inode))
		goto out_fput;
	ret = kt_usdt_may_read(r, file);
	if (ret)
		goto out_fput;
	ret = -ENOMEM;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		goto out_fput;
	if (!r->usdt_serial)
		r->usdt_serial = atomic64_inc_return(&kt_usdt_serials);
	ihold(inode);
	p->inode = inode;
	p->offset = req->offset;
	p->ref_ctr_offset = req->ref_ctr_offset;
	p->nr_args = req->nr_args;
	memcpy(p->args, req->args, sizeof(p->args[0]) * req->nr_args);
	for (i = 0; i < p->nr_args; i++)
		p->nr_strs += !!(p->args[i].flags & KT_USDT_ARG_STRING);
	p->uc.handler = kt_usdt_hit;
	p->uc.filter = kt_usdt_filter;
	p->id = (r->usdt_serial << KT_USDT_INDEX_BITS) | r->nr_usdt;
	req->id = p->id;
	r->usdt[r->nr_usdt++] = p;
	ret = 0;
out_fput:
	fput(file);
	return ret;
}

/* Removes the reader's placed probes; none of their handlers runs after. */
void kt_usdt_stop(struct kt_reader *r)
{
	bool any = false;
	unsigned int i;

	for (i = 0; i < r->nr_usdt; i++) {
		struct kt_usdt_probe *p = r->usdt[i];

		if (!p->registered)
			continue;
		kt_uprobe_unregister(&p->handle, &p->uc);
		p->registered = false;
		any = true;
	}
	if (any)
		kt_uprobe_sync();
}

/* Places the reader's probes (on START); all or none. */
int kt_usdt_start(struct kt_reader *r)
{
	unsigned int i;
	int ret = 0;

	if (!r->nr_usdt)
		return 0;
	kt_usdt_stop(r);
	for (i = 0; i < r->nr_usdt; i++) {
		struct kt_usdt_probe *p = r->usdt[i];

		/* Followed children are other processes: the reader filters. */
		p->tgid = r->target_flags & KT_TARGET_FOLLOW_CHILDREN ?
			  0 : r->target_pid;
		p->privileged = r->privileged;
		p->cred = r->cred;
		p->snaplen = r->snaplen;
		ret = kt_uprobe_register(&p->handle, p->inode, p->offset,
					 p->ref_ctr_offset, &p->uc);
		if (ret) {
			/* i_ino is unsigned long before 7.x, u64 since */
			pr_debug("uprobe at %lld in inode %llu: %d\n", p->offset,
				 (unsigned long long)p->inode->i_ino, ret);
			break;
		}
		p->registered = true;
	}
	if (ret)
		kt_usdt_stop(r);
	return ret;
}

/* KT_IOC_CLEAR_UPROBES and close: forget every probe (removed first). */
void kt_usdt_clear(struct kt_reader *r)
{
	unsigned int i;

	kt_usdt_stop(r);
	for (i = 0; i < r->nr_usdt; i++) {
		iput(r->usdt[i]->inode);
		kfree(r->usdt[i]);
		r->usdt[i] = NULL;
	}
	r->nr_usdt = 0;
}
