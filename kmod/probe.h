/* SPDX-License-Identifier: GPL-2.0 */
/* What probes use: begin, set fields and strings, commit; the probe families. */
#ifndef KT_PROBE_H
#define KT_PROBE_H

#include <linux/bitops.h>
#include <linux/kprobes.h>
#include <linux/types.h>

#include "ring.h"

/*
 * Probe-side API: begin, set fields, commit. A record belongs to the
 * current task, or with kt_record_begin_task() to another; in interrupt
 * context to none (pid 0, uid 0: no unprivileged reader sees it).
 */
struct kt_ring *kt_record_begin(unsigned long *flags);
struct kt_ring *kt_record_begin_task(unsigned long *flags,
				     struct task_struct *task);
/* A fork record by current of @child: feeds the follow-children filter. */
struct kt_ring *kt_record_begin_fork(unsigned long *flags,
				     struct task_struct *child);
void kt_record_commit(struct kt_ring *ring, unsigned int event,
		      unsigned long flags);

static inline void kt_set(struct kt_ring *ring, unsigned int tag, u64 v)
{
	ring->cur[tag] = v;
}

/* Whether a probe should capture @tag for @event at all (strings cost). */
static inline bool kt_wants(unsigned int event, unsigned int tag)
{
	return test_bit(tag, kt_events[event].params) ||
	       (test_bit(tag, kt_events[event].fields) &&
		test_bit(tag, kt_global_fields));
}

/* STR fields (strings.c); each marks itself truncated or unavailable. */
void kt_set_str_kernel(struct kt_ring *ring, unsigned int tag,
		       const char *s, u32 max);
void kt_set_bytes_kernel(struct kt_ring *ring, unsigned int tag,
			 const void *p, u32 len, u8 status);
void kt_set_str_user(struct kt_ring *ring, unsigned int tag,
		     const char __user *s, u32 max);
void kt_set_name_user(struct kt_ring *ring, unsigned int tag,
		      const char __user *s, u32 max);
void kt_set_bytes_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *p, u64 len, u32 max);
void kt_set_elems_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *p, u64 len, u32 max, u32 size);
void kt_set_iovec_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *iov, u64 count, u32 snap, u64 budget);
void kt_set_iocbs_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *iocbpp, u64 count, u32 snap);
void kt_set_msgs_user(struct kt_ring *ring, unsigned int tag,
		      const void __user *msgs, u64 count, u32 size, u32 snap,
		      u64 budget, bool msg_len);
void kt_set_msg_namelens_user(struct kt_ring *ring, unsigned int tag,
			      const void __user *msgs, u64 count, u32 size,
			      u32 snap);
void kt_set_argv_user(struct kt_ring *ring, unsigned int tag,
		      const void __user *argv, u32 snap);
void kt_set_argv_block_user(struct kt_ring *ring, unsigned int tag,
			    unsigned long start, unsigned long end, u32 snap);
void kt_set_ptr_count_user(struct kt_ring *ring, unsigned int tag,
			   const void __user *list);
void kt_set_argv_v_user(struct kt_ring *ring, unsigned int tag,
			const void __user *argv, const void __user *envp,
			u32 snap);
void kt_set_str_count_block_user(struct kt_ring *ring, unsigned int tag,
				 unsigned long start, unsigned long end);
void kt_set_fdset_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *set, u32 nbits, u32 max_fds);

/* Probe attachment, driven by the union of started readers' masks. */
int kt_probes_init(void);
void kt_probes_exit(void);
u64 kt_probes_available(void);
int kt_probes_set(u64 events);

/* One event's hook: a tracepoint probe, or a kretprobe kept disabled until wanted. */
struct kt_probe {
	unsigned int event;
	const char *tracepoint;
	void *func;
	struct kretprobe *krp;
};

/* A probe family: the hooks of one probe_<family>.c. */
struct kt_probe_family {
	const struct kt_probe *probes;
	unsigned int nr;
};

/*
 * Every probe family, the one list: probe_<family>.c defines
 * kt_<family>_family, and kt_probes_init() adds them all.
 */
#define KT_PROBE_FAMILIES(X) \
	X(syscall), X(process), X(sched), X(mm), X(signal), \
	X(net), X(fs), X(lock), X(block), X(msg)

#define KT_PROBE_FAMILY_NAME(family) kt_##family##_family
extern const struct kt_probe_family
	KT_PROBE_FAMILIES(KT_PROBE_FAMILY_NAME);

#endif /* KT_PROBE_H */
