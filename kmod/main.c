// SPDX-License-Identifier: GPL-2.0
/* /dev/trace: module setup, reader lifecycle and the ioctl interface. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/pid_namespace.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "wrapper/fs.h"
#include "access.h"
#include "filter.h"
#include "vars.h"
#include "probe.h"
#include "noloss.h"
#include "reader.h"

static unsigned int buffer_kb = 1024;
module_param(buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb, "Ring size per CPU in KiB, rounded down to a power of two (default 1024)");

/*
 * An administrator may withhold events and variables (say, the kretprobe
 * ones on a locked-down host); they are then offered as unavailable.
 */
static unsigned long long withheld_events;
module_param(withheld_events, ullong, 0444);
MODULE_PARM_DESC(withheld_events, "Mask of events to offer as unavailable");
static unsigned long long withheld_vars;
module_param(withheld_vars, ullong, 0444);
MODULE_PARM_DESC(withheld_vars, "Mask of variables to offer as unavailable");

/*
 * Per-user limits of unprivileged readers (privileged ones are not
 * limited): open readers, and the memory they take (kt_reader_bytes()).
 */
static unsigned int max_user_readers = 64;
module_param(max_user_readers, uint, 0644);
MODULE_PARM_DESC(max_user_readers, "Readers one user without CAP_PERFMON/CAP_SYS_ADMIN may have open (default 64); more: EMFILE");
static unsigned int max_user_kb = 16384;
module_param(max_user_kb, uint, 0644);
MODULE_PARM_DESC(max_user_kb, "KiB of reader memory one such user may hold (default 16384); more: ENOMEM");

/* Protects kt_readers, kt_wakers, the global masks, the write-time filter and probe attachment. */
static DEFINE_MUTEX(kt_readers_lock);
static LIST_HEAD(kt_readers);
/* The readers' wakers: changed under kt_readers_lock, walked under RCU. */
static LIST_HEAD(kt_wakers);
static unsigned int kt_nr_readers;
static u64 kt_global_vars;
static u64 kt_available_events;
static u64 kt_available_vars;

/* Recompute the union of started readers' masks; kt_readers_lock held. */
static int kt_update_globals(void)
{
	DECLARE_BITMAP(fields, KT_NR_TAGS);
	u64 events = 0, vars = 0, vis = 0;
	unsigned int started = 0, i;
	struct kt_reader *r;
	u32 snaplen = 0;

	lockdep_assert_held(&kt_readers_lock);
	list_for_each_entry(r, &kt_readers, node) {
		if (!r->started)
			continue;
		started++;
		if (r->ident >= 0)
			vis |= BIT_ULL(r->ident);
		events |= r->events;
		vars |= r->vars;
		if (r->vars & BIT_ULL(KT_VAR_STRINGS))
			snaplen = max(snaplen, r->snaplen);
		/* Following children needs fork records even if unshown. */
		if (r->target_pid && (r->target_flags & KT_TARGET_FOLLOW_CHILDREN))
			events |= BIT_ULL(KT_EV_PROC_FORK);
	}
	events &= kt_available_events;
	kt_fields_for_vars(vars, fields);
	bitmap_or(fields, fields, kt_context_fields, KT_NR_TAGS);
	/* Word by word: see kt_record_commit() for why tearing is harmless. */
	for (i = 0; i < KT_TAG_LONGS; i++)
		WRITE_ONCE(kt_global_fields[i], fields[i]);
	WRITE_ONCE(kt_global_snaplen, snaplen);
	/* Before the reader's start: see kt_reader_start(). */
	WRITE_ONCE(kt_vis_active, vis);
	kt_filter_update(&kt_readers);
	kt_nl_update(&kt_readers);
	WRITE_ONCE(kt_global_events, events);
	kt_global_vars = vars;
	kt_flush_set(started);
	return kt_probes_set(events);
}

/*
 * (Re)start @r from now, or stop it; r->lock held. Writers record only the
 * fields some started reader wants, so a reader may see only records
 * written while its masks were in the union: a stopping reader's limits are
 * fixed before its masks leave it, a starting reader's cursors are placed
 * after they joined it (and after its probes are attached).
 */
static int kt_restart(struct kt_reader *r, bool start)
{
	int ret, err;

	/* The level may have been raised since SET_EVENTS. */
	if (start) {
		ret = kt_access_check_events(r->privileged, r->events);
		if (ret)
			return ret;
	}
	if (!start) {
		/* Hits until the probes are gone are still read. */
		kt_usdt_stop(r);
		kt_reader_stop(r);
	}
	mutex_lock(&kt_readers_lock);
	r->started = start;
	WRITE_ONCE(r->waker->events, start ? r->events : 0);
	ret = kt_update_globals();
	mutex_unlock(&kt_readers_lock);
	if (start) {
		kt_reader_start(r);
		/* Placed after the cursors: no hit is missed. */
		err = kt_usdt_start(r);
		if (err) {
			kt_restart(r, false);
			return err;
		}
	}
	wake_up_all(&r->waker->wq);
	kt_nl_wake();
	return ret;
}

/*
 * Wake the sleeping readers that want any of @events. Runs in the rings'
 * irq_work and the flush tick, under RCU: wakers are unlisted with
 * list_del_rcu() and freed after a grace period.
 */
void kt_readers_wake(u64 events)
{
	struct kt_waker *w;

	rcu_read_lock();
	list_for_each_entry_rcu(w, &kt_wakers, node)
		if ((READ_ONCE(w->events) & events) && wq_has_sleeper(&w->wq))
			wake_up_all(&w->wq);
	rcu_read_unlock();
}

static bool kt_capable(void)
{
	return capable(CAP_SYS_ADMIN) || perfmon_capable();
}

/* Open readers of @r's user, and their memory, @r excluded. */
static void kt_user_usage(const struct kt_reader *r, unsigned int *readers,
			  u64 *bytes)
{
	const struct kt_reader *it;

	lockdep_assert_held(&kt_readers_lock);
	*readers = 0;
	list_for_each_entry(it, &kt_readers, node)
		if (it != r && uid_eq(it->uid, r->uid) && !it->privileged)
			++*readers;
	*bytes = (u64)*readers * kt_reader_bytes();
}

static int kt_open(struct inode *inode, struct file *filp)
{
	unsigned int readers;
	struct kt_reader *r;
	u64 bytes;
	int ret = 0;

	r = kt_reader_alloc(filp->f_cred, kt_capable());
	if (IS_ERR(r))
		return PTR_ERR(r);
	r->owner = current->files;
	filp->private_data = r;

	mutex_lock(&kt_readers_lock);
	if (!r->privileged) {
		kt_user_usage(r, &readers, &bytes);
		if (readers >= READ_ONCE(max_user_readers))
			ret = -EMFILE;
		else if (bytes + kt_reader_bytes() >
			 (u64)READ_ONCE(max_user_kb) * 1024)
			ret = -ENOMEM;
	}
	if (!ret) {
		list_add(&r->node, &kt_readers);
		list_add_rcu(&r->waker->node, &kt_wakers);
		kt_nr_readers++;
	}
	mutex_unlock(&kt_readers_lock);
	if (ret) {
		kt_reader_free(r);
		return ret;
	}
	return stream_open(inode, filp);
}

static int kt_release(struct inode *inode, struct file *filp)
{
	struct kt_reader *r = filp->private_data;

	mutex_lock(&kt_readers_lock);
	list_del(&r->node);
	list_del_rcu(&r->waker->node);
	/* Its targets stop waiting for it before it is freed. */
	kt_nl_forget(r);
	kt_nr_readers--;
	kt_update_globals();
	mutex_unlock(&kt_readers_lock);
	kt_usdt_clear(r);
	kt_reader_free(r);
	return 0;
}

/*
 * close() by the opener's process ends a blocking read in another of its
 * threads; a forked child closing its inherited copy must not.
 */
static int kt_flush(struct file *filp, fl_owner_t id)
{
	struct kt_reader *r = filp->private_data;

	if (id == r->owner) {
		WRITE_ONCE(r->closing, true);
		wake_up_all(&r->waker->wq);
		kt_nl_wake();
	}
	return 0;
}

static ssize_t kt_read(struct file *filp, char __user *buf, size_t count,
		       loff_t *ppos)
{
	struct kt_reader *r = filp->private_data;
	ssize_t n;
	int ret;

	for (;;) {
		if (mutex_lock_interruptible(&r->lock))
			return -ERESTARTSYS;
		n = r->format == KT_FORMAT_SPANS ? kt_reader_fill_spans(r, count)
						 : kt_reader_fill(r, count);
		if (n > 0 && copy_to_user(buf, r->outbuf, n)) {
			/*
			 * The filled records are gone and the reader never saw
			 * them. The pending one was delta-encoded against them:
			 * drop it too, and restart the deltas with a keyframe.
			 */
			r->bytes_read -= n;
			r->pending_len = 0;
			r->out_synced = false;
			n = -EFAULT;
		}
		mutex_unlock(&r->lock);
		/* What it consumed may let its no-loss targets go on. */
		kt_nl_wake();
		if (n)
			return n;
		if (READ_ONCE(r->closing) ||
		    (READ_ONCE(r->stopped) && !kt_reader_has_input(r)))
			return 0;
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(r->waker->wq,
					       kt_reader_has_input(r) ||
					       READ_ONCE(r->stopped) ||
					       READ_ONCE(r->closing));
		if (ret)
			return ret;
		cond_resched();
	}
}

static __poll_t kt_poll(struct file *filp, poll_table *wait)
{
	struct kt_reader *r = filp->private_data;
	__poll_t mask = 0;

	poll_wait(filp, &r->waker->wq, wait);
	mutex_lock(&r->lock);
	if (kt_reader_ready(r))
		mask = EPOLLIN | EPOLLRDNORM;
	else if (r->stopped || r->closing)
		mask = EPOLLHUP;
	mutex_unlock(&r->lock);
	kt_nl_wake();
	return mask;
}

static int kt_check_mask(u64 mask, u64 known, u64 available)
{
	if (mask & ~known)
		return -EINVAL;
	if (mask & ~available)
		return -EOPNOTSUPP;
	return 0;
}

/*
 * Resolve a target pid, in the opener's pid namespace, to its thread group
 * (a global pid, as records carry) and check the reader may see it: EPERM
 * exactly where ptrace would refuse it.
 */
static int kt_resolve_target(struct kt_reader *r, const struct cred *rc,
			     s32 pid, s32 *tgid)
{
	struct task_struct *task;
	int ret = 0;

	rcu_read_lock();
	task = pid_task(find_pid_ns(pid, r->pid_ns), PIDTYPE_PID);
	if (!task) {
		ret = -ESRCH;
		goto out_unlock;
	}
	if (!r->privileged && !kt_may_read(rc, task))
		ret = -EPERM;
	*tgid = task_tgid_nr(task);
out_unlock:
	rcu_read_unlock();
	return ret;
}

/*
 * What an unprivileged reader learns of other readers is its own user's:
 * their number, their masks and memory; no system-wide record counts.
 */
static void kt_fill_info(struct kt_reader *r, struct kt_info *info)
{
	const struct kt_reader *it;

	memset(info, 0, sizeof(*info));
	info->abi_version = KT_ABI_VERSION;
	info->nr_cpus = num_possible_cpus();
	info->known_events = kt_known_events;
	info->available_events = kt_available_events;
	info->known_vars = kt_known_vars;
	info->available_vars = kt_available_vars;
	info->buffer_bytes_per_cpu = kt_ring_bytes;
	info->chunk_bytes = KT_CHUNK_BYTES;
	info->max_record_bytes = 2 * KT_MAX_RECORD;
	info->paranoid = kt_access_paranoid();
	info->privileged = r->privileged;
	info->max_user_readers = READ_ONCE(max_user_readers);
	info->max_user_kb = READ_ONCE(max_user_kb);
	info->reader_bytes = kt_reader_bytes();
	info->own_events = kt_own_events & kt_available_events;
	mutex_lock(&kt_readers_lock);
	list_for_each_entry(it, &kt_readers, node) {
		bool mine = uid_eq(it->uid, r->uid) && !it->privileged;

		if (mine) {
			info->user_readers++;
			info->user_bytes += kt_reader_bytes();
		}
		if (!r->privileged && !mine)
			continue;
		info->readers++;
		if (it->started) {
			info->active_events |= it->events;
			info->active_vars |= it->vars;
		}
	}
	if (r->privileged) {
		info->active_events = READ_ONCE(kt_global_events);
		info->active_vars = kt_global_vars;
	}
	info->active_events &= kt_available_events;
	mutex_unlock(&kt_readers_lock);
	strscpy(info->kernel_release, utsname()->release,
		sizeof(info->kernel_release));
}

/* GET_STATS of readers built before kt_stats grew the wait counters. */
#define KT_IOC_GET_STATS_SHORT						\
	_IOC(_IOC_READ, KT_IOC_MAGIC, 0x07,				\
	     offsetof(struct kt_stats, target_waits))

static void kt_fill_stats(struct kt_reader *r, struct kt_stats *st)
{
	struct kt_reader *it;

	memset(st, 0, sizeof(*st));
	if (r->privileged)
		kt_rings_totals(&st->records_written, &st->bytes_written,
				&st->records_dropped);
	st->records_read = r->records_read;
	st->bytes_read = r->bytes_read;
	st->records_lost = r->records_lost;
	st->buffer_bytes_per_cpu = kt_ring_bytes;
	st->nr_cpus = num_possible_cpus();
	st->target_waits = atomic64_read(&r->nl_waits);
	st->target_wait_ns = atomic64_read(&r->nl_wait_ns);
	mutex_lock(&kt_readers_lock);
	list_for_each_entry(it, &kt_readers, node) {
		if (!r->privileged &&
		    !(uid_eq(it->uid, r->uid) && !it->privileged))
			continue;
		st->readers++;
		st->active_readers += it->started;
	}
	mutex_unlock(&kt_readers_lock);
}

static int kt_describe(struct kt_desc *d)
{
	u32 kind = d->kind, index = d->index;

	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->index = index;
	switch (kind) {
	case KT_DESC_EVENT:
		if (index >= kt_nr_event_rows)
			return -ENOENT;
		d->number = kt_event_rows[index].bit;
		d->available = !!(kt_available_events & BIT_ULL(d->number));
		strscpy(d->name, kt_event_rows[index].name, sizeof(d->name));
		strscpy(d->family, kt_event_rows[index].family, sizeof(d->family));
		strscpy(d->hook, kt_event_rows[index].hook, sizeof(d->hook));
		return 0;
	case KT_DESC_VAR:
		if (index >= kt_nr_var_rows)
			return -ENOENT;
		d->number = kt_var_rows[index].bit;
		d->available = !!(kt_available_vars & BIT_ULL(d->number));
		strscpy(d->name, kt_var_rows[index].name, sizeof(d->name));
		return 0;
	case KT_DESC_FIELD:
		if (index >= kt_nr_field_rows)
			return -ENOENT;
		d->number = kt_field_rows[index].tag;
		d->available = 1;
		d->type = kt_field_rows[index].type;
		d->var = kt_field_rows[index].var;
		strscpy(d->name, kt_field_rows[index].name, sizeof(d->name));
		return 0;
	}
	return -EINVAL;
}

/* Configuration ioctls; r->lock held. */
static long kt_ioctl_locked(struct kt_reader *r, const struct cred *rc,
			    unsigned int cmd, void __user *uarg)
{
	struct kt_target target;
	struct kt_uprobe uprobe;
	s32 tgid = 0;
	u32 snaplen, format;
	u64 mask;
	int ret;

	switch (cmd) {
	case KT_IOC_SET_EVENTS:
		if (copy_from_user(&mask, uarg, sizeof(mask)))
			return -EFAULT;
		ret = kt_check_mask(mask, kt_known_events, kt_available_events);
		if (!ret)
			ret = kt_access_check_events(r->privileged, mask);
		if (ret)
			return ret;
		r->events = mask;
		break;
	case KT_IOC_SET_VARS:
		if (copy_from_user(&mask, uarg, sizeof(mask)))
			return -EFAULT;
		ret = kt_check_mask(mask, kt_known_vars, kt_available_vars);
		if (ret)
			return ret;
		r->vars = mask;
		kt_fields_for_vars(mask, r->out_fields);
		kt_reader_plan(r);
		break;
	case KT_IOC_SET_SNAPLEN:
		if (copy_from_user(&snaplen, uarg, sizeof(snaplen)))
			return -EFAULT;
		if (snaplen > KT_SNAPLEN_MAX)
			return -EINVAL;
		r->snaplen = snaplen;
		break;
	case KT_IOC_SET_TARGET:
		if (copy_from_user(&target, uarg, sizeof(target)))
			return -EFAULT;
		if (target.pid < 0 ||
		    (target.flags & ~(KT_TARGET_FOLLOW_CHILDREN |
				      KT_TARGET_NO_LOSS)))
			return -EINVAL;
		/* Slowing every process it may see is not offered. */
		if (!target.pid && (target.flags & KT_TARGET_NO_LOSS))
			return -EINVAL;
		if (target.pid) {
			ret = kt_resolve_target(r, rc, target.pid, &tgid);
			if (ret)
				return ret;
		}
		/* pid 0 is allowed to all: records are limited to what they may see. */
		r->target_pid = tgid;
		r->target_flags = target.flags;
		break;
	case KT_IOC_ADD_UPROBE:
		if (copy_from_user(&uprobe, uarg, sizeof(uprobe)))
			return -EFAULT;
		ret = kt_usdt_add(r, &uprobe);
		if (ret)
			return ret;
		return put_user(uprobe.id, &((struct kt_uprobe __user *)uarg)->id);
	case KT_IOC_CLEAR_UPROBES:
		if (r->started)
			return -EBUSY;
		kt_usdt_clear(r);
		return 0;
	case KT_IOC_SET_FORMAT:
		if (get_user(format, (u32 __user *)uarg))
			return -EFAULT;
		if (format != KT_FORMAT_RECORDS && format != KT_FORMAT_SPANS)
			return -EINVAL;
		/* Spans are the rings as written: every reader's records. */
		if (format == KT_FORMAT_SPANS && !r->privileged)
			return -EPERM;
		if (r->started)
			return -EBUSY;
		kt_reader_set_format(r, format);
		return 0;
	case KT_IOC_START:
		return kt_restart(r, true);
	case KT_IOC_STOP:
		return kt_restart(r, false);
	default:
		return -ENOTTY;
	}
	/* A started reader picks up new settings as a restart from now. */
	return r->started ? kt_restart(r, true) : 0;
}

static long kt_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct kt_reader *r = filp->private_data;
	void __user *uarg = (void __user *)arg;
	struct kt_stats stats;
	struct kt_info info;
	struct kt_desc desc;
	long ret;

	switch (cmd) {
	case KT_IOC_ABI_VERSION:
		return put_user((u32)KT_ABI_VERSION, (u32 __user *)uarg);
	case KT_IOC_GET_INFO:
		kt_fill_info(r, &info);
		return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
	case KT_IOC_DESCRIBE:
		if (copy_from_user(&desc, uarg, sizeof(desc)))
			return -EFAULT;
		ret = kt_describe(&desc);
		if (ret)
			return ret;
		return copy_to_user(uarg, &desc, sizeof(desc)) ? -EFAULT : 0;
	case KT_IOC_GET_STATS:
	case KT_IOC_GET_STATS_SHORT:
		mutex_lock(&r->lock);
		kt_fill_stats(r, &stats);
		mutex_unlock(&r->lock);
		return copy_to_user(uarg, &stats, _IOC_SIZE(cmd)) ? -EFAULT : 0;
	}
	if (_IOC_TYPE(cmd) != KT_IOC_MAGIC)
		return -ENOTTY;
	mutex_lock(&r->lock);
	ret = kt_ioctl_locked(r, filp->f_cred, cmd, uarg);
	mutex_unlock(&r->lock);
	return ret;
}

static const struct file_operations kt_fops = {
	.owner = THIS_MODULE,
	.open = kt_open,
	.release = kt_release,
	.flush = kt_flush,
	.read = kt_read,
	.poll = kt_poll,
	.unlocked_ioctl = kt_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	KT_FOPS_NO_LLSEEK
};

/* Readable by all: ptrace's rule decides what each reader may see (access.c). */
static struct miscdevice kt_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = KT_DEVICE_NAME,
	.fops = &kt_fops,
	.mode = 0444,
};

static int __init kt_init(void)
{
	int ret;

	ret = kt_table_init();
	if (ret)
		return ret;
	ret = kt_rings_alloc(buffer_kb);
	if (ret)
		return ret;
	ret = kt_vars_init();
	if (ret)
		goto out_free_rings;
	kt_available_vars = kt_vars_available() & ~withheld_vars;
	ret = kt_probes_init();
	if (ret)
		goto out_free_rings;
	kt_available_events = kt_probes_available() & kt_known_events &
			      ~withheld_events;
	/* USDT probes are placed per reader, on kernels with uprobes. */
	if (IS_ENABLED(CONFIG_UPROBES) && !(withheld_events & BIT_ULL(KT_EV_USDT)))
		kt_available_events |= BIT_ULL(KT_EV_USDT);
	kt_access_init();
	ret = misc_register(&kt_miscdev);
	if (ret)
		goto out_exit_probes;
	pr_info("ABI %u, %u KiB per CPU, events available %#llx, variables %#llx\n",
		KT_ABI_VERSION, kt_ring_bytes / 1024, kt_available_events,
		kt_available_vars);
	return 0;

out_exit_probes:
	kt_probes_exit();
out_free_rings:
	kt_rings_free();
	return ret;
}

static void __exit kt_exit(void)
{
	misc_deregister(&kt_miscdev);
	kt_probes_exit();
	kt_rings_free();
	kt_filter_exit();
}

module_init(kt_init);
module_exit(kt_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ktrace: per-reader filtered kernel event streams in BER");
MODULE_AUTHOR("ktrace developers");
