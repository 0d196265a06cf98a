// SPDX-License-Identifier: GPL-2.0
/*
 * Filesystem family: mount and umount, from kretprobes on path_mount() and
 * path_umount(), which mount(2) and umount2(2) end in. Mounts made with the
 * new API (fsmount() + move_mount()) do not pass there and are not seen.
 */
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/path.h>
#include <linux/preempt.h>
#include <linux/ptrace.h>
#include <linux/string.h>

#include "probe.h"
#include "wrapper/kprobes.h"

#define KT_MNT_NAME_MAX 256
/*
 * Longest mount target kept: a kretprobe's data is at most
 * KRETPROBE_MAX_DATA_SIZE (4096) bytes, so not KT_PATH_MAX.
 */
#define KT_MNT_PATH_MAX 512
/* Mounts are rare and short: few run at once. */
#define KT_MNT_MAXACTIVE 16

/* Captured at entry, where the arguments are still alive. */
struct kt_mount_args {
	unsigned long flags;
	char source[KT_MNT_NAME_MAX];
	char fstype[KT_MNT_NAME_MAX];
	const struct path *mountpoint;	/* mount: resolved at return */
	const char *target;	/* into @path_buf, or NULL */
	char path_buf[KT_MNT_PATH_MAX];
};

#ifdef KRETPROBE_MAX_DATA_SIZE
/* register_kretprobe() refuses more data (-E2BIG): the event would be lost. */
static_assert(sizeof(struct kt_mount_args) <= KRETPROBE_MAX_DATA_SIZE);
#endif

static void kt_copy_name(char *dst, const char *src)
{
	if (src)
		strscpy(dst, src, KT_MNT_NAME_MAX);
	else
		dst[0] = 0;
}

/*
 * d_path() neither sleeps nor faults, but it reads seqcounts and may take
 * rename_lock: not in NMI context. Without ftrace-based kprobes an entry
 * handler runs in int3's, which counts as NMI; the target is then
 * unavailable.
 */
static void kt_copy_path(struct kt_mount_args *a, const struct path *path)
{
	char *p;

	a->target = NULL;
	if (in_nmi())
		return;
	p = d_path(path, a->path_buf, sizeof(a->path_buf));
	if (!IS_ERR(p))
		a->target = p;
}

/* int path_mount(dev_name, path, type_page, flags, data_page) */
static KT_KRETPROBE_HANDLER(kt_mount_entry)
{
	struct kt_mount_args *a = kt_kretprobe_data(ri);

	kt_copy_name(a->source, (const char *)regs_get_kernel_argument(regs, 0));
	a->mountpoint = (const struct path *)regs_get_kernel_argument(regs, 1);
	kt_copy_name(a->fstype, (const char *)regs_get_kernel_argument(regs, 2));
	a->flags = regs_get_kernel_argument(regs, 3);
	return 0;
}

/* Both calls' records: umount has no source or filesystem type. */
static void kt_record_mount(struct kretprobe_instance *ri, struct pt_regs *regs,
			    unsigned int event)
{
	const struct kt_mount_args *a = kt_kretprobe_data(ri);
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_MNT_FLAGS, a->flags);
	kt_set(ring, KT_F_MNT_RET, (int)regs_return_value(regs));
	if (event == KT_EV_MOUNT)
		kt_set_str_kernel(ring, KT_F_MNT_SOURCE, a->source, KT_MNT_NAME_MAX);
	kt_set_str_kernel(ring, KT_F_MNT_TARGET, a->target, KT_MNT_PATH_MAX);
	if (event == KT_EV_MOUNT)
		kt_set_str_kernel(ring, KT_F_MNT_FSTYPE, a->fstype, KT_MNT_NAME_MAX);
	kt_record_commit(ring, event, flags);
}

static KT_KRETPROBE_HANDLER(kt_mount_return)
{
	struct kt_mount_args *a = kt_kretprobe_data(ri);

	/*
	 * The caller (do_mount(), init_mount()) holds the mountpoint until
	 * path_mount() returned, and the return handler runs in the task's
	 * context whatever the kprobe's entry path.
	 */
	kt_copy_path(a, a->mountpoint);
	kt_record_mount(ri, regs, KT_EV_MOUNT);
	return 0;
}

/*
 * int path_umount(path, flags): it drops the path's references itself, so
 * the target is resolved at entry.
 */
static KT_KRETPROBE_HANDLER(kt_umount_entry)
{
	struct kt_mount_args *a = kt_kretprobe_data(ri);

	kt_copy_path(a, (const struct path *)regs_get_kernel_argument(regs, 0));
	a->flags = regs_get_kernel_argument(regs, 1);
	return 0;
}

static KT_KRETPROBE_HANDLER(kt_umount_return)
{
	kt_record_mount(ri, regs, KT_EV_UMOUNT);
	return 0;
}

static struct kretprobe kt_mount_krp = {
	.kp.symbol_name = "path_mount",
	.entry_handler = kt_mount_entry,
	.handler = kt_mount_return,
	.data_size = sizeof(struct kt_mount_args),
	.maxactive = KT_MNT_MAXACTIVE,
};

static struct kretprobe kt_umount_krp = {
	.kp.symbol_name = "path_umount",
	.entry_handler = kt_umount_entry,
	.handler = kt_umount_return,
	.data_size = sizeof(struct kt_mount_args),
	.maxactive = KT_MNT_MAXACTIVE,
};

static const struct kt_probe kt_fs_probes[] = {
	{ KT_EV_MOUNT, NULL, NULL, &kt_mount_krp },
	{ KT_EV_UMOUNT, NULL, NULL, &kt_umount_krp },
};

const struct kt_probe_family kt_fs_family = {
	.probes = kt_fs_probes,
	.nr = ARRAY_SIZE(kt_fs_probes),
};
