// SPDX-License-Identifier: GPL-2.0
/*
 * Lock family: lock contention. Distribution kernels have no lockdep, so
 * lock_acquire/lock_release do not exist; contention_begin/end do, for
 * mutexes, rwsems, rtmutexes and queued spinlocks taking the slow path.
 */
#include <linux/kernel.h>
#include <trace/events/lock.h>

#include "wrapper/tracepoint.h"
#include "probe.h"

static void kt_probe_contention_begin(void *data, void *lock, unsigned int lock_flags)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_LOCK_ADDR, (unsigned long)lock);
	kt_set(ring, KT_F_LOCK_FLAGS, lock_flags);
	kt_record_commit(ring, KT_EV_LOCK_CONTEND, flags);
}

static void kt_probe_contention_end(void *data, void *lock, int ret)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_LOCK_ADDR, (unsigned long)lock);
	kt_set(ring, KT_F_LOCK_RET, ret);
	kt_record_commit(ring, KT_EV_LOCK_ACQUIRED, flags);
}

static const struct kt_probe kt_lock_probes[] = {
	KT_TP_PROBE(KT_EV_LOCK_CONTEND, contention_begin, kt_probe_contention_begin),
	KT_TP_PROBE(KT_EV_LOCK_ACQUIRED, contention_end, kt_probe_contention_end),
};

const struct kt_probe_family kt_lock_family = {
	.probes = kt_lock_probes,
	.nr = ARRAY_SIZE(kt_lock_probes),
};
