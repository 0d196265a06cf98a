// SPDX-License-Identifier: GPL-2.0
/* Per-CPU trace rings: the lock-free writer side of ktrace. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/cred.h>
#include <linux/log2.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "ber.h"
#include "access.h"
#include "filter.h"
#include "vars.h"
#include "probe.h"
#include "noloss.h"
#include "reader.h"
#include "wrapper/timer.h"

struct kt_ring **kt_rings;
u32 kt_ring_bytes;
u64 kt_ring_chunks;
u64 kt_global_events;
unsigned long kt_global_fields[KT_TAG_LONGS];
u32 kt_global_snaplen;
/*
 * Probes may run under scheduler locks, so wakeups go through irq_work,
 * which runs on the CPU that queued it.
 */
static void kt_wake_readers(struct irq_work *work)
{
	struct kt_ring *ring = container_of(work, struct kt_ring, wake_work);

	kt_readers_wake(xchg(&ring->wake_events, 0));
}

/*
 * Begin a record of @task. @child: the task current just forked, whose
 * record it is (kt_filter_fork()). Records no started reader can accept
 * are not begun: no field is collected and neither the sequence nor the
 * delta state moves, so nothing counts as lost.
 */
static struct kt_ring *kt_record_start(unsigned long *flags,
				       struct task_struct *task,
				       struct task_struct *child)
{
	const struct cred *cred;
	struct kt_ring *ring;
	unsigned long word;
	bool fork_kept = false;

	/* Interrupts off pins us to this CPU, also where probes are preemptible. */
	local_irq_save(*flags);
	ring = kt_rings[smp_processor_id()];
	if (unlikely(ring->busy)) {
		/* Only an NMI or a fault in a probe can nest here; dropped, counted. */
		ring->dropped++;
		local_irq_restore(*flags);
		return NULL;
	}
	/*
	 * Full barrier: readers treat a ring that is not busy and shows no
	 * record as having nothing older than what other CPUs show, which
	 * holds only if busy is visible before this record's timestamp is
	 * taken (see kt_reader_settled()). The filter is read after it, as
	 * the field mask is (kt_reader_start()).
	 */
	smp_store_mb(ring->busy, true);

	word = READ_ONCE(kt_flt_word);
	if (!kt_filter_task(word, task))
		goto out_unwanted;
	if (child)
		fork_kept = kt_filter_fork(word, child);

	ring->task = task;
	ring->nr_strs = 0;
	ring->str_used = 0;
	if (!task) {
		/* No identity may see it: only privileged readers want it. */
		if (!kt_filter_vis(word, 0))
			goto out_unwanted;
		ring->cur[KT_F_PID] = 0;
		ring->cur[KT_F_TID] = 0;
		ring->cur[KT_F_UID] = 0;
		ring->cur[KT_F_EUID] = 0;
		ring->cur[KT_F_VIS] = 0;
		return ring;
	}
	rcu_read_lock();
	cred = __task_cred(task);
	ring->cur[KT_F_VIS] = kt_vis_mask(task);
	ring->cur[KT_F_UID] = from_kuid_munged(&init_user_ns, cred->uid);
	ring->cur[KT_F_EUID] = from_kuid_munged(&init_user_ns, cred->euid);
	rcu_read_unlock();
	if (!fork_kept && !kt_filter_vis(word, ring->cur[KT_F_VIS]))
		goto out_unwanted;
	ring->cur[KT_F_PID] = task_tgid_nr(task);
	ring->cur[KT_F_TID] = task_pid_nr(task);
	return ring;

out_unwanted:
	/* Nothing was written: a reader seeing busy clear sees no change. */
	smp_store_release(&ring->busy, false);
	local_irq_restore(*flags);
	return NULL;
}

struct kt_ring *kt_record_begin_task(unsigned long *flags,
				     struct task_struct *task)
{
	return kt_record_start(flags, task, NULL);
}

struct kt_ring *kt_record_begin(unsigned long *flags)
{
	/* Interrupt handlers run on behalf of no task: see probe.h. */
	return kt_record_start(flags, in_task() ? current : NULL, NULL);
}

struct kt_ring *kt_record_begin_fork(unsigned long *flags,
				     struct task_struct *child)
{
	return kt_record_start(flags, current, child);
}

/*
 * Writes a keyframe of a stream at @p: its time, the sequence number of its
 * next record, its CPU and every non-zero field of @state. Returns the bytes.
 */
u32 kt_put_keyframe(u8 *p, u64 ts, u64 seq, unsigned int cpu,
		    const u64 *state)
{
	u8 content[3 * KT_BER_MAX_FIELD];
	unsigned int tag;
	u32 meta, len, i;

	meta = kt_ber_put_field(content, KT_F_TS, ts);
	meta += kt_ber_put_field(content + meta, KT_F_SEQ, seq);
	meta += kt_ber_put_field(content + meta, KT_F_SRC_CPU, cpu);

	len = meta;
	for (tag = 0; tag < KT_NR_TAGS; tag++)
		if (state[tag])
			len += 1 + kt_ber_tag_len(tag) +
			       kt_ber_int_len((s64)state[tag]);

	i = kt_ber_put_tag(p, KT_BER_CLASS_APPLICATION | KT_BER_CONSTRUCTED,
			   KT_META_RECORD_KEYFRAME);
	i += kt_ber_put_len(p + i, len);
	memcpy(p + i, content, meta);
	i += meta;
	for (tag = 0; tag < KT_NR_TAGS; tag++)
		if (state[tag])
			i += kt_ber_put_field(p + i, tag, state[tag]);
	return i;
}

/*
 * Finds room for a @len byte record, writing padding and a keyframe as
 * needed, and returns its absolute position. A new chunk is announced in
 * @reserve before any of its bytes change, so readers can tell a copy that
 * raced with the writer lapping them.
 */
static u64 kt_ring_place(struct kt_ring *ring, u32 len)
{
	u64 pos = ring->commit;
	u32 off = pos & (KT_CHUNK_BYTES - 1);

	if (off && off + len > KT_CHUNK_BYTES) {
		/* A zero byte tells readers the rest of the chunk is unused. */
		ring->data[pos & (kt_ring_bytes - 1)] = 0;
		pos += KT_CHUNK_BYTES - off;
		off = 0;
	}
	if (off == 0) {
		/*
		 * The chunk left behind holds up to the old commit. Published
		 * by the next commit's release; span readers read it locklessly.
		 */
		if (ring->commit)
			WRITE_ONCE(ring->fill[((ring->commit - 1) >> KT_CHUNK_SHIFT) &
					      (kt_ring_chunks - 1)],
				   ((ring->commit - 1) & (KT_CHUNK_BYTES - 1)) + 1);
		WRITE_ONCE(ring->reserve, pos);
		/* Pairs with smp_rmb() in kt_copy_record(). */
		smp_wmb();
		/* Every chunk opens with a keyframe: readers resync there. */
		pos += kt_put_keyframe(ring->data + (pos & (kt_ring_bytes - 1)),
				       ring->last_ts, ring->seq, ring->cpu,
				       ring->state);
	}
	return pos;
}

/* Append the record's captured STR fields that @want selects. */
static u32 kt_put_strings(const struct kt_ring *ring, u8 *p,
			  const unsigned long *want)
{
	unsigned int i;
	u32 n = 0;

	for (i = 0; i < ring->nr_strs; i++) {
		if (!test_bit(ring->strs[i].tag, want))
			continue;
		n += kt_ber_put_tag(p + n, KT_BER_CLASS_CONTEXT, ring->strs[i].tag);
		n += kt_ber_put_len(p + n, ring->strs[i].len);
		memcpy(p + n, ring->str_buf + ring->strs[i].off, ring->strs[i].len);
		n += ring->strs[i].len;
	}
	return n;
}

void kt_record_commit(struct kt_ring *ring, unsigned int event,
		      unsigned long flags)
{
	const struct kt_event_desc *ev = &kt_events[event];
	u8 *content = ring->scratch + KT_BER_MAX_HEADER;
	u64 now, pos, old = ring->commit;
	DECLARE_BITMAP(want, KT_NR_TAGS);
	bool throttle = false, new_chunk;
	unsigned int tag, i;
	u32 n, len;
	u8 *rec;

	BUILD_BUG_ON(KT_BER_MAX_HEADER + (KT_NR_TAGS + 1) * KT_BER_MAX_FIELD +
		     KT_MAX_STRS * KT_BER_MAX_HEADER + KT_STR_BYTES >
		     KT_MAX_RECORD);
	BUILD_BUG_ON(4 * KT_MAX_RECORD > KT_CHUNK_BYTES);

	/*
	 * Read after busy was set: a starting reader that saw this ring idle
	 * relies on it (kt_reader_start()). A mask torn by an update in
	 * progress still has the fields of every reader that will see this
	 * record, as they are in the mask before and after the update.
	 */
	for (i = 0; i < KT_TAG_LONGS; i++)
		want[i] = ev->fields[i] &
			  (READ_ONCE(kt_global_fields[i]) | ev->params[i]);
	kt_collect_common(ring, ring->task, want);

	now = ktime_get_mono_fast_ns();
	n = kt_ber_put_field(content, KT_F_TS_DELTA, now - ring->last_ts);
	for_each_set_bit(tag, want, KT_NR_TAGS)
		if (!test_bit(tag, kt_str_fields) &&
		    ring->cur[tag] != ring->state[tag])
			n += kt_ber_put_field(content + n, tag, ring->cur[tag]);
	n += kt_put_strings(ring, content + n, want);
	rec = kt_ber_wrap(ring->scratch, event, n, &len);

	pos = kt_ring_place(ring, len);
	memcpy(ring->data + (pos & (kt_ring_bytes - 1)), rec, len);

	for_each_set_bit(tag, want, KT_NR_TAGS)
		ring->state[tag] = ring->cur[tag];
	ring->last_ts = now;
	ring->seq++;
	/*
	 * Wake the readers that want a filled chunk's events once per chunk,
	 * not per record: an irq_work per record is an interrupt storm.
	 * kt_flush_tick() covers the chunk being written, whose events it
	 * reads after the commit: so they are updated before it.
	 */
	new_chunk = ((pos + len) ^ old) >> KT_CHUNK_SHIFT;
	if (new_chunk) {
		WRITE_ONCE(ring->wake_events,
			   ring->wake_events | ring->chunk_events);
		WRITE_ONCE(ring->chunk_events, 0);
	}
	WRITE_ONCE(ring->chunk_events, ring->chunk_events | BIT_ULL(event));
	/* Publish the record: pairs with readers' smp_load_acquire(). */
	smp_store_release(&ring->commit, pos + len);
	/* After the commit: the readers it wakes see the chunk's records. */
	if (new_chunk)
		irq_work_queue(&ring->wake_work);
	/* While busy: ring->cur is this record's until busy clears. */
	if (unlikely(READ_ONCE(kt_nl_count)))
		throttle = kt_nl_commit(ring, event);
	/* After the commit: a reader seeing busy clear sees this record. */
	smp_store_release(&ring->busy, false);
	local_irq_restore(flags);
	if (unlikely(throttle))
		kt_nl_throttle();
}

static bool kt_flush_running;	/* under kt_readers_lock (kt_flush_set) */
static void kt_flush_tick(struct timer_list *timer);
static DEFINE_TIMER(kt_flush_timer, kt_flush_tick);

/*
 * While readers are started, wake every tick the sleepers that want an
 * event of a ring that moved: the events of its chunk being written (those
 * of filled chunks were woken for when they filled). Only this timer
 * touches tick_commit.
 */
static void kt_flush_tick(struct timer_list *timer)
{
	unsigned int cpu;
	u64 events = 0;

	for_each_possible_cpu(cpu) {
		struct kt_ring *ring = kt_rings[cpu];
		/* Pairs with kt_record_commit()'s release: its events are seen. */
		u64 commit = smp_load_acquire(&ring->commit);

		if (commit == ring->tick_commit)
			continue;
		ring->tick_commit = commit;
		events |= READ_ONCE(ring->chunk_events);
	}
	if (events)
		kt_readers_wake(events);
	if (READ_ONCE(kt_flush_running))
		mod_timer(&kt_flush_timer, jiffies + msecs_to_jiffies(KT_FLUSH_MS));
}

/* Start or stop the flush tick; kt_readers_lock held. */
void kt_flush_set(bool running)
{
	if (running == kt_flush_running)
		return;
	WRITE_ONCE(kt_flush_running, running);
	if (running)
		mod_timer(&kt_flush_timer, jiffies + msecs_to_jiffies(KT_FLUSH_MS));
	else
		kt_timer_delete_sync(&kt_flush_timer);
}

void kt_rings_totals(u64 *records, u64 *bytes, u64 *dropped)
{
	unsigned int cpu;

	*records = 0;
	*bytes = 0;
	*dropped = 0;
	for_each_possible_cpu(cpu) {
		*records += READ_ONCE(kt_rings[cpu]->seq);
		*bytes += READ_ONCE(kt_rings[cpu]->commit);
		*dropped += READ_ONCE(kt_rings[cpu]->dropped);
	}
}

int kt_rings_alloc(unsigned int kib)
{
	unsigned int cpu;

	/* At least 4 chunks so a lapped reader always has whole chunks left. */
	kib = clamp(kib, 4 * KT_CHUNK_BYTES / 1024, 256u * 1024);
	kt_ring_bytes = rounddown_pow_of_two(kib * 1024);
	kt_ring_chunks = kt_ring_bytes >> KT_CHUNK_SHIFT;

	kt_rings = kcalloc(nr_cpu_ids, sizeof(*kt_rings), GFP_KERNEL);
	if (!kt_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct kt_ring *ring;

		ring = kzalloc_node(sizeof(*ring), GFP_KERNEL, cpu_to_node(cpu));
		if (!ring)
			goto out_free_rings;
		kt_rings[cpu] = ring;
		ring->cpu = cpu;
		init_irq_work(&ring->wake_work, kt_wake_readers);
		ring->data = vzalloc_node(kt_ring_bytes, cpu_to_node(cpu));
		ring->fill = kcalloc_node(kt_ring_chunks, sizeof(*ring->fill),
					  GFP_KERNEL, cpu_to_node(cpu));
		if (!ring->data || !ring->fill)
			goto out_free_rings;
	}
	return 0;

out_free_rings:
	kt_rings_free();
	return -ENOMEM;
}

/* Callers have detached every probe and waited for running ones. */
void kt_rings_free(void)
{
	unsigned int cpu;

	if (!kt_rings)
		return;
	kt_timer_delete_sync(&kt_flush_timer);
	for_each_possible_cpu(cpu) {
		struct kt_ring *ring = kt_rings[cpu];

		if (!ring)
			continue;
		irq_work_sync(&ring->wake_work);
		vfree(ring->data);
		kfree(ring->fill);
		kfree(ring);
	}
	kfree(kt_rings);
	kt_rings = NULL;
}
