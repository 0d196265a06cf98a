/* SPDX-License-Identifier: GPL-2.0 */
/* Readers (one per open of /dev/trace): masks, target, cursors, output state. */
#ifndef KT_READER_H
#define KT_READER_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "ring.h"

/* A stream keyframe at least this often, so a file can be resynced. */
#define KT_OUT_KEYFRAME_BYTES 65536
/* Bytes one read() call can return at most. */
#define KT_OUT_BUF_BYTES 65536
/* Upper bound of processes one follow-children reader tracks. */
#define KT_MAX_FOLLOWED 65536
/* Children of a no-loss reader's targets known at write time (a hash). */
#define KT_NL_PIDS 1024

/* What one event's records send a reader (see kt_reader_plan()). */
struct kt_plan {
	u8 nr;
	u8 tags[KT_NR_TAGS];
	DECLARE_BITMAP(want, KT_NR_TAGS);
};

/*
 * What the writers' wakeups (kt_readers_wake()) read of a reader: in
 * kt_wakers under kt_readers_lock, walked under RCU, and freed a grace
 * period after its reader, whose own memory goes back at close.
 */
struct kt_waker {
	struct list_head node;
	struct rcu_head rcu;
	u64 events;		/* the reader's events while started, else 0 */
	wait_queue_head_t wq;	/* the reader's blocked read()s and pollers */
};

/* One open of /dev/trace. */
struct kt_cursor;
struct kt_usdt_probe;

struct kt_reader {
	struct list_head node;	/* in kt_readers, under kt_readers_lock */
	struct kt_waker *waker;
	struct mutex lock;	/* serialises this reader's read and ioctl */
	u64 events;
	u64 vars;
	DECLARE_BITMAP(out_fields, KT_NR_TAGS);	/* tags its variables select */
	u32 snaplen;
	s32 target_pid;		/* 0: all */
	u32 target_flags;
	struct xarray followed;	/* pids of followed descendants */
	unsigned long nr_followed;
	bool started;
	bool stopped;		/* a blocked read returns 0 */
	bool privileged;
	int ident;		/* identity slot; -1 when privileged */
	kuid_t uid;		/* the opener's real uid: per-user limits */
	struct pid_namespace *pid_ns;	/* the opener's: --pid is a pid there */
	bool closing;		/* the opener closed it: reads return 0 */
	fl_owner_t owner;	/* files of the opener, see kt_flush() */
	s32 self_tgid;		/* the opener's own records are not shown */
	const struct cred *cred;	/* the opener's, for files it probes */

	/* USDT probes (uprobes.c); changed only while stopped. */
	struct kt_usdt_probe *usdt[KT_USDT_MAX_PROBES];
	unsigned int nr_usdt;
	u64 usdt_serial;	/* high bits of its probes' ids; 0: none yet */

	/*
	 * Per event, what kt_emit_event() sends (kt_reader_plan()): the
	 * integer tags in ascending order, each with KT_PLAN_ZERO when it is
	 * sent as 0 (a kernel address to an unprivileged reader), and every
	 * tag wanted, STR fields included. Changed only with out_fields.
	 */
	struct kt_plan *plans;	/* KT_NR_BITS of them */

	/* Output stream state: what this reader was last sent. */
	bool out_synced;
	u64 out_ts;
	u64 out_since_keyframe;
	u64 sent[KT_NR_TAGS];
	u8 pending[2 * KT_MAX_RECORD];	/* encoded, not yet delivered */
	u32 pending_len;

	u64 records_read;
	u64 bytes_read;
	u64 records_lost;

	u32 format;		/* KT_FORMAT_*; changed only while stopped */
	unsigned int span_first;	/* the cursor a span read starts with */

	/*
	 * No-loss (noloss.c). nl_node and nl_listed: under kt_readers_lock.
	 * nl_armed: set once the cursors are placed, cleared before they stop
	 * moving; probes and waiting targets measure the lag only while set.
	 * nl_pids: thread groups its targets forked, added by probes with
	 * cmpxchg (no lock) so a child is slowed before the reader reads its
	 * fork; cleared when it starts.
	 */
	struct list_head nl_node;
	bool nl_listed;
	bool nl_armed;
	u32 nl_pids[KT_NL_PIDS];
	atomic64_t nl_waits;
	atomic64_t nl_wait_ns;

	u8 *outbuf;
	struct kt_cursor **cursors;	/* per possible CPU, by CPU number */
	/*
	 * The same cursors packed, for the read path's loops over CPUs: a
	 * plain index instead of a cpumask walk per record.
	 */
	struct kt_cursor **packed;
	unsigned int nr_cursors;
};

/* Memory one reader takes, charged to its user (per-user limit). */
size_t kt_reader_bytes(void);
void kt_reader_plan(struct kt_reader *r);
struct kt_reader *kt_reader_alloc(const struct cred *cred, bool privileged);
void kt_reader_free(struct kt_reader *r);
void kt_reader_start(struct kt_reader *r);
void kt_reader_stop(struct kt_reader *r);
ssize_t kt_reader_fill_spans(struct kt_reader *r, size_t count);
void kt_reader_set_format(struct kt_reader *r, u32 format);
u64 kt_reader_lag(const struct kt_reader *r, unsigned int cpu);
bool kt_reader_has_input(struct kt_reader *r);
bool kt_reader_ready(struct kt_reader *r);
void kt_readers_wake(u64 events);
ssize_t kt_reader_fill(struct kt_reader *r, size_t count);

/* USDT probes of one reader (uprobes.c); r->lock held. */
int kt_usdt_add(struct kt_reader *r, struct kt_uprobe *req);
int kt_usdt_start(struct kt_reader *r);
void kt_usdt_stop(struct kt_reader *r);
void kt_usdt_clear(struct kt_reader *r);

#endif /* KT_READER_H */
