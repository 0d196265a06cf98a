/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations shared by the ktrace module's files. */
#ifndef KTRACE_H
#define KTRACE_H

#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "ktrace_abi.h"

/* Field tags index plain arrays and one u64 bitmap. */
#define KT_NR_TAGS 64
#define KT_NR_BITS 64

#define KT_CHUNK_SHIFT 12
#define KT_CHUNK_BYTES BIT(KT_CHUNK_SHIFT)
/*
 * Largest record the module ever writes or sends. A chunk must hold a
 * keyframe followed by a record, so twice this fits in a chunk.
 */
#define KT_MAX_RECORD 1024
/* A stream keyframe at least this often, so a file can be resynced. */
#define KT_OUT_KEYFRAME_BYTES 65536
/* Longest a sleeping reader waits for records that do not fill a chunk. */
#define KT_FLUSH_MS 20
/* Bytes one read() call can return at most. */
#define KT_OUT_BUF_BYTES 65536
/* Upper bound of processes one follow-children reader tracks. */
#define KT_MAX_FOLLOWED 65536

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
	const char *hook;	/* "subsystem:tracepoint" */
	u64 fields;		/* tags the event records */
	u64 params;		/* its PARAM fields */
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
u64 kt_fields_for_vars(u64 vars);

extern struct kt_event_desc kt_events[KT_NR_BITS];
extern struct kt_field_desc kt_fields[KT_NR_TAGS];
extern u64 kt_var_fields[KT_NR_BITS];	/* tags each variable selects */
extern const char *kt_var_names[KT_NR_BITS];
extern u64 kt_known_events, kt_known_vars, kt_context_fields, kt_kaddr_fields;

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
	u64 kf_gen;		/* kt_keyframe_gen last honoured */
	u64 last_ts;		/* time of the last record (the stream's time) */
	bool busy;		/* a record is being built: nested writers drop */
	u64 cur[KT_NR_TAGS];	/* values of the record being built */
	u64 state[KT_NR_TAGS];	/* values as last written: the delta base */
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
extern u64 kt_global_fields;	/* tags the probes should record */
extern atomic64_t kt_keyframe_gen;
extern wait_queue_head_t kt_wq;

/* Probe-side API: begin, set fields, commit. */
struct kt_ring *kt_record_begin(unsigned long *flags);
void kt_record_commit(struct kt_ring *ring, unsigned int event,
		      unsigned long flags);

static inline void kt_set(struct kt_ring *ring, unsigned int tag, u64 v)
{
	ring->cur[tag] = v;
}

void kt_flush_set(bool running);
int kt_rings_alloc(unsigned int kib);
void kt_rings_free(void);
void kt_rings_totals(u64 *records, u64 *bytes, u64 *dropped);

/* One open of /dev/trace. */
struct kt_cursor;

struct kt_reader {
	struct list_head node;	/* in kt_readers, under kt_readers_lock */
	struct mutex lock;	/* serialises this reader's read and ioctl */
	u64 events;
	u64 vars;
	u64 out_fields;		/* tags this reader's variables select */
	s32 target_pid;		/* 0: all */
	u32 target_flags;
	struct xarray followed;	/* pids of followed descendants */
	unsigned long nr_followed;
	bool started;
	bool stopped;		/* a blocked read returns 0 */
	bool privileged;
	kuid_t uid;
	kuid_t euid;
	bool closing;		/* the opener closed it: reads return 0 */
	fl_owner_t owner;	/* files of the opener, see kt_flush() */
	s32 self_tgid;		/* the opener's own records are not shown */

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

	u8 *outbuf;
	struct kt_cursor **cursors;	/* per possible CPU */
};

struct kt_reader *kt_reader_alloc(const struct cred *cred, bool privileged);
void kt_reader_free(struct kt_reader *r);
void kt_reader_start(struct kt_reader *r);
void kt_reader_stop(struct kt_reader *r);
bool kt_reader_has_input(struct kt_reader *r);
bool kt_reader_ready(struct kt_reader *r);
ssize_t kt_reader_fill(struct kt_reader *r, size_t count);

/* Probe attachment, driven by the union of started readers' masks. */
int kt_probes_init(void);
void kt_probes_exit(void);
u64 kt_probes_available(void);
int kt_probes_set(u64 events);

struct kt_probe {
	unsigned int event;
	const char *tracepoint;
	void *func;
};

extern const struct kt_probe kt_syscall_probes[];
extern const unsigned int kt_nr_syscall_probes;
extern const struct kt_probe kt_process_probes[];
extern const unsigned int kt_nr_process_probes;

#endif /* KTRACE_H */
