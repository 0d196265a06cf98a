/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations shared by the ktrace module's files. */
#ifndef KTRACE_H
#define KTRACE_H

#include <linux/bitmap.h>
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "ktrace_abi.h"

/* Field tags index plain arrays and bitmaps; BER tags stay below 128. */
#define KT_NR_TAGS 128
#define KT_NR_BITS 64
#define KT_TAG_LONGS BITS_TO_LONGS(KT_NR_TAGS)

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
/* A stream keyframe at least this often, so a file can be resynced. */
#define KT_OUT_KEYFRAME_BYTES 65536
/* Longest a sleeping reader waits for records that do not fill a chunk. */
#define KT_FLUSH_MS 20
/* Bytes one read() call can return at most. */
#define KT_OUT_BUF_BYTES 65536
/* Upper bound of processes one follow-children reader tracks. */
#define KT_MAX_FOLLOWED 65536
/* Children of a no-loss reader's targets known at write time (a hash). */
#define KT_NL_PIDS 1024
/*
 * Ring-internal field, outside the ABI table and never sent: the set of
 * reader identities (access.c) that may see the record's task, decided
 * when the record is written.
 */
#define KT_F_VIS (KT_NR_TAGS - 1)

enum kt_event_id {
#define KT_X(id, bit, name, family, hook) KT_EV_##id = (bit),
	KT_EVENTS(KT_X)
#undef KT_X
};

enum kt_var_id {
#define KT_X(id, bit, name) KT_VAR_##id = (bit),
	KT_VARS(KT_X)
#undef KT_X
};

enum kt_field_id {
#define KT_X(id, tag, name, type, var) KT_F_##id = (tag),
	KT_FIELDS(KT_X)
#undef KT_X
};

/* Static description of one event, built from the table at init. */
struct kt_event_desc {
	const char *name;
	const char *family;
	const char *hook;	/* "subsystem:tracepoint" or "kretprobe:symbol" */
	DECLARE_BITMAP(fields, KT_NR_TAGS);	/* tags the event records */
	DECLARE_BITMAP(params, KT_NR_TAGS);	/* its PARAM fields */
	bool known;
};

struct kt_field_desc {
	const char *name;
	u32 type;		/* KT_TYPE_* */
	u32 var;		/* variable bit, KT_VAR_META or KT_VAR_PARAM */
	bool known;
};

/* Table rows in table order, for KT_IOC_DESCRIBE. */
struct kt_event_row {
	u32 bit;
	const char *name;
	const char *family;
	const char *hook;
};

struct kt_var_row {
	u32 bit;
	const char *name;
};

struct kt_field_row {
	u32 tag;
	const char *name;
	u32 type;
	u32 var;
};

extern const struct kt_event_row kt_event_rows[];
extern const unsigned int kt_nr_event_rows;
extern const struct kt_var_row kt_var_rows[];
extern const unsigned int kt_nr_var_rows;
extern const struct kt_field_row kt_field_rows[];
extern const unsigned int kt_nr_field_rows;

int kt_table_init(void);
void kt_fields_for_vars(u64 vars, unsigned long *fields);

extern struct kt_event_desc kt_events[KT_NR_BITS];
extern struct kt_field_desc kt_fields[KT_NR_TAGS];
/* Tags each variable selects. */
extern unsigned long kt_var_fields[KT_NR_BITS][KT_TAG_LONGS];
extern const char *kt_var_names[KT_NR_BITS];
extern u64 kt_known_events, kt_known_vars;
extern DECLARE_BITMAP(kt_context_fields, KT_NR_TAGS);
extern DECLARE_BITMAP(kt_common_fields, KT_NR_TAGS);
extern DECLARE_BITMAP(kt_kaddr_fields, KT_NR_TAGS);
extern DECLARE_BITMAP(kt_str_fields, KT_NR_TAGS);

/*
 * Who may see whose records (access.c). Unprivileged readers with equal
 * credentials share an identity slot; a record carries in KT_F_VIS the
 * slots of started readers that may read its task, as ptrace would let
 * them (PTRACE_MODE_READ_REALCREDS).
 */
#define KT_MAX_IDENTS 64
int kt_ident_get(const struct cred *cred);
void kt_ident_put(int slot);
extern u64 kt_vis_active;	/* written under kt_readers_lock */
u64 kt_vis_mask(struct task_struct *task);
bool kt_may_read(const struct cred *rc, struct task_struct *task);
int kt_access_check_events(bool privileged, u64 events);
int kt_access_paranoid(void);
void kt_access_init(void);
extern u64 kt_own_events;	/* per-process families */

/*
 * Write-time filter (filter.c): whether any started reader may accept a
 * record, decided in kt_record_begin*() before a field is collected.
 */
extern unsigned long kt_flt_word;	/* written under kt_readers_lock */
bool kt_filter_task(unsigned long word, struct task_struct *task);
bool kt_filter_vis(unsigned long word, u64 vis);
bool kt_filter_fork(unsigned long word, struct task_struct *child);
void kt_filter_update(struct list_head *readers);
void kt_filter_exit(void);

/* Common variables (vars.c). */
int kt_vars_init(void);
u64 kt_vars_available(void);
struct kt_ring;
void kt_collect_common(struct kt_ring *ring, struct task_struct *task,
		       const unsigned long *want);

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
	struct irq_work wake_work;
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
extern wait_queue_head_t kt_wq;

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

void kt_flush_set(bool running);
int kt_rings_alloc(unsigned int kib);
void kt_rings_free(void);
void kt_rings_totals(u64 *records, u64 *bytes, u64 *dropped);

/*
 * No-loss readers (noloss.c). Called with the record just committed, ring
 * busy and interrupts off: whether current must wait for a no-loss reader
 * before it returns to user space. Then, interrupts restored,
 * kt_nl_throttle() queues that wait.
 */
struct kt_reader;
extern unsigned int kt_nl_count;	/* listed no-loss readers */
bool kt_nl_commit(struct kt_ring *ring, unsigned int event);
void kt_nl_throttle(void);
void kt_nl_update(struct list_head *readers);
void kt_nl_forget(struct kt_reader *r);
void kt_nl_wake(void);
void kt_nl_reset(struct kt_reader *r);

/* One open of /dev/trace. */
struct kt_cursor;
struct kt_usdt_probe;

struct kt_reader {
	struct list_head node;	/* in kt_readers, under kt_readers_lock */
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
	struct kt_cursor **cursors;	/* per possible CPU */
};

/* Memory one reader takes, charged to its user (per-user limit). */
size_t kt_reader_bytes(void);
struct kt_reader *kt_reader_alloc(const struct cred *cred, bool privileged);
void kt_reader_free(struct kt_reader *r);
void kt_reader_start(struct kt_reader *r);
void kt_reader_stop(struct kt_reader *r);
u64 kt_reader_lag(const struct kt_reader *r, unsigned int cpu);
bool kt_reader_has_input(struct kt_reader *r);
bool kt_reader_ready(struct kt_reader *r);
ssize_t kt_reader_fill(struct kt_reader *r, size_t count);

/* USDT probes of one reader (uprobes.c); r->lock held. */
int kt_usdt_add(struct kt_reader *r, struct kt_uprobe *req);
int kt_usdt_start(struct kt_reader *r);
void kt_usdt_stop(struct kt_reader *r);
void kt_usdt_clear(struct kt_reader *r);

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

#define KT_PROBE_FAMILY(family)					\
	extern const struct kt_probe kt_##family##_probes[];	\
	extern const unsigned int kt_nr_##family##_probes

KT_PROBE_FAMILY(syscall);
KT_PROBE_FAMILY(process);
KT_PROBE_FAMILY(sched);
KT_PROBE_FAMILY(mm);
KT_PROBE_FAMILY(signal);
KT_PROBE_FAMILY(net);
KT_PROBE_FAMILY(fs);
KT_PROBE_FAMILY(lock);
KT_PROBE_FAMILY(block);
KT_PROBE_FAMILY(msg);

#endif /* KTRACE_H */
