/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU rings: the record being built, its stream state, and the ring bytes. */
#ifndef KT_RING_H
#define KT_RING_H

#include <linux/bitmap.h>
#include <linux/bits.h>
#include <linux/irq_work.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "table.h"

#define KT_CHUNK_SHIFT 15
#define KT_CHUNK_BYTES BIT(KT_CHUNK_SHIFT)
/*
 * Largest record the module ever writes or sends. A chunk must hold a
 * keyframe followed by a record, so twice this fits in a chunk.
 */
#define KT_MAX_RECORD 8192
/* STR fields one record carries at most, and their bytes in all. */
#define KT_MAX_STRS 6
#define KT_STR_BYTES 6144
/*
 * Longest a sleeping reader waits for records that do not fill a chunk.
 * Filled chunks wake only the readers that want one of their events.
 */
#define KT_FLUSH_MS 20

/*
 * Per-CPU ring. Only its own CPU writes it, with local interrupts off, so
 * the writer side needs no lock. Readers on any CPU copy records out and
 * then check @reserve to see whether the writer lapped them meanwhile.
 */
struct kt_ring {
	u64 reserve;		/* start of the chunk being written; absolute */
	u64 commit;		/* end of the last complete record; absolute */
	u64 seq;		/* sequence number of the next record */
	u64 dropped;		/* records not written (nested or too large) */
	u64 last_ts;		/* time of the last record (the stream's time) */
	bool busy;		/* a record is being built: nested writers drop */
	struct task_struct *task;	/* whose record it is; NULL in interrupts */
	u64 cur[KT_NR_TAGS];	/* values of the record being built */
	u64 state[KT_NR_TAGS];	/* values as last written: the delta base */
	/* STR fields of the record being built, in str_buf. */
	unsigned int nr_strs;
	u32 str_used;
	struct {
		u8 tag;
		u16 off;
		u16 len;	/* status byte included */
	} strs[KT_MAX_STRS];
	u8 str_buf[KT_STR_BYTES];
	u8 scratch[KT_MAX_RECORD];
	u64 chunk_events;	/* events in the chunk being written */
	u64 tick_commit;	/* commit as kt_flush_tick() last saw it */
	/*
	 * Events of the chunks filled since wake_work last ran: the writer
	 * adds with interrupts off, kt_wake_readers() takes them with xchg(),
	 * both on this CPU.
	 */
	u64 wake_events;
	struct irq_work wake_work;
	/*
	 * Bytes each chunk holds, written by the writer as it leaves the
	 * chunk: span readers copy no padding. Valid for a chunk below
	 * @commit's; rewritten only after the writer lapped it.
	 */
	u32 *fill;
	u8 *data;
	unsigned int cpu;
};

extern struct kt_ring **kt_rings;
extern u32 kt_ring_bytes;	/* per CPU, a power of two */
extern u64 kt_ring_chunks;

/* Written under kt_readers_lock, read locklessly by probes. */
extern u64 kt_global_events;
extern unsigned long kt_global_fields[KT_TAG_LONGS];	/* tags to record */
extern u32 kt_global_snaplen;	/* largest snap length readers asked for */

u32 kt_put_keyframe(u8 *p, u64 ts, u64 seq, unsigned int cpu,
		    const u64 *state);
void kt_flush_set(bool running);
int kt_rings_alloc(unsigned int kib);
void kt_rings_free(void);
void kt_rings_totals(u64 *records, u64 *bytes, u64 *dropped);

#endif /* KT_RING_H */
