// SPDX-License-Identifier: GPL-2.0
/* Readers: merge the per-CPU rings, filter, and re-encode per reader. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <asm/unistd.h>

#include "ber.h"
#include "access.h"
#include "noloss.h"
#include "reader.h"

/* Budget of filtered-out records one fill may skip before yielding. */
#define KT_SKIP_BUDGET 65536

/*
 * A reader's position in one CPU's ring, and that ring stream's state of
 * variables as of @pos. Only the reader's own (locked) calls touch it.
 */
struct kt_cursor {
	struct kt_ring *ring;
	u64 pos;		/* absolute ring position of the next record */
	u64 limit;		/* stop reading here (set by STOP) */
	u64 next_seq;		/* sequence number of the record at @pos */
	u64 lost;		/* overwritten records not yet reported */
	bool synced;		/* @state is exact: a keyframe has been read */
	bool have_peek;		/* the record at @pos is parsed below */
	bool need_state;	/* spans: send @state before the first bytes */

	u64 ts;
	u64 state[KT_NR_TAGS];

	u32 peek_event;
	u32 peek_len;		/* bytes the record takes in the ring */
	u64 peek_ts;
	u32 peek_nr;
	u8 peek_tags[KT_NR_TAGS];
	u64 peek_vals[KT_NR_TAGS];
	/* STR fields of the peeked record: whole TLVs in @buf. */
	u32 peek_nr_strs;
	u8 peek_str_tags[KT_MAX_STRS];
	u16 peek_str_off[KT_MAX_STRS];
	u16 peek_str_len[KT_MAX_STRS];

	u8 buf[KT_MAX_RECORD];
};

static bool kt_lapped(const struct kt_cursor *c, u64 pos)
{
	u64 reserve = READ_ONCE(c->ring->reserve);

	return (s64)((reserve >> KT_CHUNK_SHIFT) - (pos >> KT_CHUNK_SHIFT)) >=
	       (s64)kt_ring_chunks;
}

/* Move to the oldest chunk the writer has not started to overwrite. */
static void kt_cursor_resync(struct kt_cursor *c)
{
	u64 reserve = READ_ONCE(c->ring->reserve);

	c->pos = ((reserve >> KT_CHUNK_SHIFT) - kt_ring_chunks + 1)
		 << KT_CHUNK_SHIFT;
	c->synced = false;
	c->have_peek = false;
}

enum kt_copy_result {
	KT_COPY_OK,
	KT_COPY_EMPTY,		/* nothing committed at this position */
	KT_COPY_PADDING,	/* rest of the chunk is unused */
	KT_COPY_LAPPED,		/* the writer overwrote it: resync */
};

/*
 * Parse the fields of the @rec_len byte record at @rec into the peek
 * arrays. @rec may be ring memory a lapping writer is overwriting: every
 * read stays within @rec_len, and the caller discards the result unless
 * the ring shows no lapping afterwards.
 */
static bool kt_parse_fields(struct kt_cursor *c, const u8 *rec, u32 rec_len)
{
	u32 i, hl, len;
	u8 class_bits;
	u32 tag;
	int ret;

	ret = kt_ber_get_header(rec, rec_len, &class_bits, &tag, &len);
	if (ret <= 0)
		return false;
	c->peek_nr = 0;
	c->peek_nr_strs = 0;
	c->peek_ts = 0;
	for (i = ret; i < rec_len; i += hl + len) {
		ret = kt_ber_get_header(rec + i, rec_len - i, &class_bits,
					&tag, &len);
		if (ret <= 0 || class_bits != KT_BER_CLASS_CONTEXT ||
		    tag >= KT_NR_TAGS || i + ret + len > rec_len)
			return false;
		hl = ret;
		if (test_bit(tag, kt_str_fields)) {
			if (len < 1 || c->peek_nr_strs >= KT_MAX_STRS)
				return false;
			c->peek_str_tags[c->peek_nr_strs] = tag;
			c->peek_str_off[c->peek_nr_strs] = i;
			c->peek_str_len[c->peek_nr_strs++] = hl + len;
			continue;
		}
		if (len < 1 || len > 8 || c->peek_nr >= KT_NR_TAGS)
			return false;
		c->peek_tags[c->peek_nr] = tag;
		c->peek_vals[c->peek_nr++] = kt_ber_get_int(rec + i + hl, len);
	}
	return true;
}

/*
 * Read the record at @pos: parse it where it lies in the ring, copy it
 * into c->buf only when it carries STR fields (they are sent later, from
 * there), and only then check that the writer did not lap us meanwhile:
 * the writer announces a chunk in ring->reserve before overwriting it, so
 * what was read before reserve moved far enough is whole.
 */
static enum kt_copy_result kt_read_record(struct kt_cursor *c, u64 pos,
					  u64 commit, u32 *rec_len)
{
	const u8 *rec = c->ring->data + (pos & (kt_ring_bytes - 1));
	u32 chunk_left = KT_CHUNK_BYTES - (pos & (KT_CHUNK_BYTES - 1));
	u32 avail, hl, len, tag;
	u8 class_bits;
	bool parsed;
	int ret;

	if (pos >= commit)
		return KT_COPY_EMPTY;
	if (kt_lapped(c, pos))
		return KT_COPY_LAPPED;
	avail = min_t(u64, commit - pos, chunk_left);
	if (READ_ONCE(rec[0]) == 0) {
		/* Pairs with smp_wmb() in kt_ring_place(): read, then check reserve. */
		smp_rmb();
		return kt_lapped(c, pos) ? KT_COPY_LAPPED : KT_COPY_PADDING;
	}
	ret = kt_ber_get_header(rec, avail, &class_bits, &tag, &len);
	if (ret <= 0 || len > KT_MAX_RECORD - ret || ret + len > avail ||
	    class_bits != (KT_BER_CLASS_APPLICATION | KT_BER_CONSTRUCTED)) {
		/* Only a lapping writer can make our own records look wrong. */
		return KT_COPY_LAPPED;
	}
	hl = ret;
	parsed = kt_parse_fields(c, rec, hl + len);
	if (parsed && c->peek_nr_strs)
		memcpy(c->buf, rec, hl + len);
	/* As above: every read of the record before reserve is re-read. */
	smp_rmb();
	if (kt_lapped(c, pos) || !parsed)
		return KT_COPY_LAPPED;
	c->peek_event = tag;
	*rec_len = hl + len;
	return KT_COPY_OK;
}

static void kt_apply_keyframe(struct kt_cursor *c)
{
	u64 seq = c->next_seq;
	u32 i;

	memset(c->state, 0, sizeof(c->state));
	for (i = 0; i < c->peek_nr; i++) {
		switch (c->peek_tags[i]) {
		case KT_F_TS:
			c->ts = c->peek_vals[i];
			break;
		case KT_F_SEQ:
			seq = c->peek_vals[i];
			break;
		case KT_F_SRC_CPU:
			break;
		default:
			c->state[c->peek_tags[i]] = c->peek_vals[i];
		}
	}
	/* Equal unless the writer lapped us: then the gap is what we lost. */
	if (seq > c->next_seq)
		c->lost += seq - c->next_seq;
	c->next_seq = seq;
	c->synced = true;
}

/*
 * Make the next event record of this CPU available in the peek fields.
 * Keyframes are applied on the way. Returns false when there is none yet.
 */
static bool kt_cursor_peek(struct kt_cursor *c)
{
	u32 rec_len, i;

	while (!c->have_peek) {
		/* Pairs with the writer's release: bytes below it are written. */
		u64 commit = min(smp_load_acquire(&c->ring->commit), c->limit);

		switch (kt_read_record(c, c->pos, commit, &rec_len)) {
		case KT_COPY_EMPTY:
			return false;
		case KT_COPY_PADDING:
			c->pos = (c->pos | (KT_CHUNK_BYTES - 1)) + 1;
			continue;
		case KT_COPY_LAPPED:
			kt_cursor_resync(c);
			continue;
		case KT_COPY_OK:
			break;
		}
		if (c->peek_event == KT_META_RECORD_KEYFRAME) {
			kt_apply_keyframe(c);
			c->pos += rec_len;
			continue;
		}
		if (!c->synced) {
			/* Written before our keyframe request was seen. */
			c->next_seq++;
			c->pos += rec_len;
			continue;
		}
		c->peek_len = rec_len;
		c->peek_ts = c->ts;
		for (i = 0; i < c->peek_nr; i++)
			if (c->peek_tags[i] == KT_F_TS_DELTA)
				c->peek_ts = c->ts + c->peek_vals[i];
		c->have_peek = true;
	}
	return true;
}

static void kt_cursor_consume(struct kt_cursor *c)
{
	u32 i;

	for (i = 0; i < c->peek_nr; i++)
		if (c->peek_tags[i] != KT_F_TS_DELTA)
			c->state[c->peek_tags[i]] = c->peek_vals[i];
	c->ts = c->peek_ts;
	c->pos += c->peek_len;
	c->next_seq++;
	c->have_peek = false;
}

/*
 * Walk the chunk holding the ring's newest record from the keyframe that
 * opens it up to @commit, so the cursor starts there with the exact state
 * of variables and sequence number. False if the writer lapped the walk.
 */
static bool kt_cursor_catch_up(struct kt_cursor *c, u64 commit)
{
	c->pos = commit ? (commit - 1) & ~(u64)(KT_CHUNK_BYTES - 1) : 0;
	c->limit = commit;
	c->next_seq = 0;
	c->ts = 0;
	memset(c->state, 0, sizeof(c->state));
	/* An empty ring's state is all zero, like the writer's. */
	c->synced = !commit;
	c->have_peek = false;
	while (kt_cursor_peek(c))
		kt_cursor_consume(c);
	return c->synced && c->pos == commit;
}

static void kt_cursor_start(struct kt_cursor *c)
{
	u64 commit;

	do {
		/*
		 * A record under way may have read the old field mask; every
		 * later one reads the new mask (see kt_reader_start()).
		 */
		while (smp_load_acquire(&c->ring->busy))
			cpu_relax();
		/* Acquire: the records below commit are complete. */
		commit = smp_load_acquire(&c->ring->commit);
	} while (!kt_cursor_catch_up(c, commit));
	c->limit = U64_MAX;
	c->lost = 0;
	c->need_state = true;
}

/*
 * Start @r from now, once the union of masks includes the reader's. Each
 * cursor starts after the last record that may lack the reader's fields.
 */
void kt_reader_start(struct kt_reader *r)
{
	unsigned int cpu;

	/* Targets do not measure cursors while they are placed. */
	WRITE_ONCE(r->nl_armed, false);
	kt_nl_reset(r);
	/*
	 * Orders the new field mask before reading the rings' busy flags;
	 * pairs with smp_store_mb() in kt_record_begin_task(): a writer seen
	 * idle reads the new mask in its next record.
	 */
	smp_mb();
	for_each_possible_cpu(cpu)
		kt_cursor_start(r->cursors[cpu]);
	xa_destroy(&r->followed);
	r->nr_followed = 0;
	r->out_synced = false;
	r->pending_len = 0;
	r->stopped = false;
	/* Pairs with READ_ONCE() of the cursors' positions: they are placed. */
	smp_store_release(&r->nl_armed, true);
}

void kt_reader_stop(struct kt_reader *r)
{
	unsigned int cpu;

	/* Its targets no longer wait for cursors that stop at the limits. */
	WRITE_ONCE(r->nl_armed, false);

	for_each_possible_cpu(cpu) {
		/* Acquire: everything below the limit is complete. */
		r->cursors[cpu]->limit = smp_load_acquire(&kt_rings[cpu]->commit);
	}
	r->stopped = true;
}

/*
 * Bytes @r has yet to read of @cpu's ring, read locklessly (noloss.c): by
 * probes with interrupts off, by waiting targets. A torn view is only ever
 * a momentary over- or underestimate.
 */
u64 kt_reader_lag(const struct kt_reader *r, unsigned int cpu)
{
	s64 lag = READ_ONCE(kt_rings[cpu]->commit) -
		  READ_ONCE(r->cursors[cpu]->pos);

	return lag > 0 ? lag : 0;
}

bool kt_reader_has_input(struct kt_reader *r)
{
	unsigned int i;

	if (READ_ONCE(r->pending_len))
		return true;
	if (!READ_ONCE(r->started) && !READ_ONCE(r->stopped))
		return false;
	for (i = 0; i < r->nr_cursors; i++) {
		struct kt_cursor *c = r->packed[i];
		u64 commit = min(READ_ONCE(c->ring->commit), READ_ONCE(c->limit));

		if (c->have_peek || c->lost || READ_ONCE(c->pos) < commit)
			return true;
	}
	return false;
}

static bool kt_is_followed(struct kt_reader *r, s64 pid)
{
	if (pid == r->target_pid)
		return true;
	return (r->target_flags & KT_TARGET_FOLLOW_CHILDREN) && pid > 0 &&
	       xa_load(&r->followed, pid);
}

static void kt_follow_fork(struct kt_reader *r, const struct kt_cursor *c)
{
	s64 child = (s64)c->state[KT_F_CHILD_PID];

	if (!r->target_pid || !(r->target_flags & KT_TARGET_FOLLOW_CHILDREN) ||
	    !kt_is_followed(r, (s64)c->state[KT_F_PID]) ||
	    child <= 0 || child == r->target_pid ||
	    r->nr_followed >= KT_MAX_FOLLOWED)
		return;
	if (!xa_is_err(xa_store(&r->followed, child, xa_mk_value(1),
				GFP_KERNEL_ACCOUNT)))
		r->nr_followed++;
}

static bool kt_reader_wants(struct kt_reader *r, const struct kt_cursor *c)
{
	unsigned int ev = c->peek_event;
	s64 pid = (s64)c->state[KT_F_PID];

	if (ev == KT_EV_PROC_FORK)
		kt_follow_fork(r, c);
	if (ev >= KT_NR_BITS || !(r->events & BIT_ULL(ev)))
		return false;
	if (pid == r->self_tgid)
		return false;
	/* Other readers' USDT probes may fire in the same processes. */
	if (ev == KT_EV_USDT &&
	    c->state[KT_F_USDT_PROBE] >> KT_USDT_INDEX_BITS != r->usdt_serial)
		return false;
	if (r->target_pid && !kt_is_followed(r, pid))
		return false;
	/* Decided when written: whether ptrace would let this reader see it. */
	if (!r->privileged && !(c->state[KT_F_VIS] & BIT_ULL(r->ident)))
		return false;
	return true;
}

static u32 kt_put_out_keyframe(struct kt_reader *r, u8 *buf, u64 ts)
{
	u8 *content = buf + KT_BER_MAX_HEADER;
	unsigned int tag;
	u32 n, total;
	u8 *rec;

	n = kt_ber_put_field(content, KT_F_TS, ts);
	for (tag = 0; tag < KT_NR_TAGS; tag++)
		if (r->sent[tag])
			n += kt_ber_put_field(content + n, tag, r->sent[tag]);
	rec = kt_ber_wrap(buf, KT_META_RECORD_KEYFRAME, n, &total);
	memmove(buf, rec, total);
	r->out_ts = ts;
	r->out_synced = true;
	r->out_since_keyframe = 0;
	return total;
}

static void kt_emit_lost(struct kt_reader *r, struct kt_cursor *c)
{
	u8 *content = r->pending + KT_BER_MAX_HEADER;
	u32 n, total;
	u8 *rec;

	/*
	 * The count includes every user's records: an unprivileged reader
	 * learns only that some were lost (count 0), and counts the gaps.
	 */
	n = kt_ber_put_field(content, KT_F_SRC_CPU, c->ring->cpu);
	n += kt_ber_put_field(content + n, KT_F_LOST_COUNT,
			      r->privileged ? c->lost : 0);
	rec = kt_ber_wrap(r->pending, KT_META_RECORD_LOST, n, &total);
	memmove(r->pending, rec, total);
	r->records_lost += r->privileged ? c->lost : 1;
	c->lost = 0;
	/* A keyframe follows every lost record (docs/abi.md). */
	r->pending_len = total + kt_put_out_keyframe(r, r->pending + total,
						     r->out_ts);
}

/*
 * The path and argv of an execve are captured at its entry, before anyone
 * knows whether the exec raises privileges (setuid, setgid, file caps),
 * which would end the reader's view from the exec on, its arguments
 * included. So unprivileged readers never receive them; the exec's
 * proc_exec record, written with the new credentials, names the program
 * when they may see it.
 */
static bool kt_exec_args_hidden(const struct kt_reader *r,
				const struct kt_cursor *c)
{
	s64 nr = (s64)c->state[KT_F_SYSNO];

	return !r->privileged && c->peek_event == KT_EV_SYS_ENTER &&
	       (nr == __NR_execve || nr == __NR_execveat);
}

/* A plan's tag that is sent as 0 (the tags themselves stay below it). */
#define KT_PLAN_ZERO 0x80

/*
 * Work out once per variable mask what each event's records send, so the
 * read path walks a short array instead of bitmaps per record. r->lock
 * held, or the reader not yet visible.
 */
void kt_reader_plan(struct kt_reader *r)
{
	unsigned int ev, tag;

	BUILD_BUG_ON(KT_NR_TAGS > KT_PLAN_ZERO);
	for (ev = 0; ev < KT_NR_BITS; ev++) {
		const struct kt_event_desc *desc = &kt_events[ev];
		unsigned long *want = r->plans[ev].want;
		u8 n = 0;

		bitmap_or(want, r->out_fields, desc->params, KT_NR_TAGS);
		bitmap_and(want, want, desc->fields, KT_NR_TAGS);
		for_each_set_bit(tag, want, KT_NR_TAGS) {
			if (test_bit(tag, kt_str_fields))
				continue;
			r->plans[ev].tags[n++] = tag |
				(!r->privileged && test_bit(tag, kt_kaddr_fields) ?
				 KT_PLAN_ZERO : 0);
		}
		r->plans[ev].nr = n;
	}
}

static void kt_emit_event(struct kt_reader *r, const struct kt_cursor *c)
{
	const struct kt_plan *plan = &r->plans[c->peek_event];
	u32 at = 0, n, total, i;
	u8 *content;

	if (!r->out_synced || r->out_since_keyframe >= KT_OUT_KEYFRAME_BYTES)
		at = kt_put_out_keyframe(r, r->pending, c->ts);

	content = r->pending + at + KT_BER_SHORT_HEADER;
	n = kt_ber_put_field(content, KT_F_TS_DELTA, c->ts - r->out_ts);
	for (i = 0; i < plan->nr; i++) {
		unsigned int tag = plan->tags[i] & ~KT_PLAN_ZERO;
		u64 v = plan->tags[i] & KT_PLAN_ZERO ? 0 : c->state[tag];

		if (v != r->sent[tag]) {
			n += kt_ber_put_field(content + n, tag, v);
			r->sent[tag] = v;
		}
	}
	/* Strings are no state: copied as written, whenever selected. */
	for (i = 0; i < c->peek_nr_strs && !kt_exec_args_hidden(r, c); i++) {
		if (!test_bit(c->peek_str_tags[i], plan->want))
			continue;
		memcpy(content + n, c->buf + c->peek_str_off[i], c->peek_str_len[i]);
		n += c->peek_str_len[i];
	}
	total = kt_ber_close(r->pending + at, c->peek_event, n);
	r->out_ts = c->ts;
	r->pending_len = at + total;
	r->out_since_keyframe += r->pending_len;
	r->records_read++;
}

/* Spins a reader waits for a CPU in the middle of writing a record. */
#define KT_SETTLE_SPINS 10000

enum kt_settle {
	KT_SETTLED,		/* no CPU can still show an older record */
	KT_MOVED,		/* a CPU showed new records: peek again */
	KT_UNSETTLED,		/* a CPU stayed mid-write: try again later */
};

/*
 * Before the oldest peeked record is delivered, every CPU that shows
 * nothing must really have nothing older: a task can commit a record on
 * one CPU, migrate, and commit a later one on another between our peeks.
 * A CPU not mid-write stamps its next record after now; one mid-write is
 * waited for (its interrupts are off, so that is brief).
 */
static enum kt_settle kt_reader_settled(struct kt_reader *r)
{
	unsigned int i, spins;

	for (i = 0; i < r->nr_cursors; i++) {
		struct kt_cursor *c = r->packed[i];

		if (c->have_peek || c->pos >= c->limit)
			continue;
		for (spins = 0; READ_ONCE(c->ring->busy); spins++) {
			if (spins >= KT_SETTLE_SPINS)
				return KT_UNSETTLED;
			cpu_relax();
		}
		/* Acquire: a record committed before busy cleared is visible. */
		if (smp_load_acquire(&c->ring->commit) != c->pos)
			return KT_MOVED;
	}
	return KT_SETTLED;
}

/*
 * Produce the next record for this reader into r->pending: the oldest
 * pending event across CPUs that passes the filters. False when none.
 */
static bool kt_reader_produce(struct kt_reader *r)
{
	unsigned int skipped = 0;

	while (skipped < KT_SKIP_BUDGET) {
		struct kt_cursor *best = NULL;
		unsigned int i;

		for (i = 0; i < r->nr_cursors; i++) {
			struct kt_cursor *c = r->packed[i];
			bool ready = kt_cursor_peek(c);

			if (c->lost) {
				kt_emit_lost(r, c);
				return true;
			}
			if (ready && (!best || (s64)(c->peek_ts - best->peek_ts) < 0))
				best = c;
		}
		if (!best)
			return false;
		switch (kt_reader_settled(r)) {
		case KT_SETTLED:
			break;
		case KT_MOVED:
			continue;
		case KT_UNSETTLED:
			return false;
		}
		kt_cursor_consume(best);
		/*
		 * After a resync a lapped CPU can show records older than ones
		 * already sent from other CPUs. Sending them would break time
		 * order (a thread's exit before its entry); they count as lost.
		 */
		if (r->out_synced && (s64)(best->ts - r->out_ts) < 0) {
			best->lost++;
			continue;
		}
		if (kt_reader_wants(r, best)) {
			kt_emit_event(r, best);
			return true;
		}
		skipped++;
	}
	return false;
}

/*
 * Whether a read would return something now. Unlike kt_reader_has_input()
 * this runs the filters (consuming records this reader does not want), so a
 * poller is not woken by records it would never receive, its own included.
 * r->lock held.
 */
bool kt_reader_ready(struct kt_reader *r)
{
	/* Spans copy the rings as they are: nothing to filter, nothing to take. */
	if (r->format == KT_FORMAT_SPANS)
		return kt_reader_has_input(r);
	return r->pending_len || kt_reader_produce(r);
}

/*
 * Fill r->outbuf with whole records, at most @count bytes. Returns the
 * bytes filled, or -EMSGSIZE when the next record alone exceeds @count.
 */
ssize_t kt_reader_fill(struct kt_reader *r, size_t count)
{
	size_t out = 0;

	count = min_t(size_t, count, KT_OUT_BUF_BYTES);
	for (;;) {
		if (r->pending_len) {
			if (out + r->pending_len > count)
				break;
			memcpy(r->outbuf + out, r->pending, r->pending_len);
			out += r->pending_len;
			r->bytes_read += r->pending_len;
			r->pending_len = 0;
		}
		if (!kt_reader_produce(r))
			break;
	}
	if (!out && r->pending_len)
		return -EMSGSIZE;
	return out;
}

/*
 * Switch a stopped reader's read() format. What it had queued is in the
 * old one (a spans reader's cursors start with a STATE frame, a records
 * reader's output with a keyframe): it is dropped, and reads return 0
 * until the reader starts again.
 */
void kt_reader_set_format(struct kt_reader *r, u32 format)
{
	unsigned int i;

	if (format == r->format)
		return;
	for (i = 0; i < r->nr_cursors; i++) {
		struct kt_cursor *c = r->packed[i];

		c->pos = max(c->pos, c->limit);
		c->have_peek = false;
		c->lost = 0;
	}
	r->pending_len = 0;
	r->format = format;
}

/* Appends a span header at @p; returns its size. */
static u32 kt_put_span(u8 *p, u8 kind, u16 cpu, u32 len, u64 value)
{
	struct kt_span h = {
		.kind = kind, .cpu = cpu, .len = len, .value = value,
	};

	memcpy(p, &h, sizeof(h));
	return sizeof(h);
}

/*
 * Copies what @c has not read of its ring into @buf as DATA frames, at most
 * @room bytes with headers, after a STATE frame if it starts. Never copies
 * padding. A copy the writer overwrote meanwhile is dropped and the cursor
 * moves to the oldest whole chunk: the frame after it starts elsewhere than
 * the last one ended, and the keyframes' sequence numbers say how many
 * records were lost. Returns the bytes written; *@full when out of room.
 */
static u32 kt_span_copy(struct kt_cursor *c, u8 *buf, u32 room, bool *full)
{
	struct kt_ring *ring = c->ring;
	u32 out = 0;

	for (;;) {
		/* Pairs with the writer's release: bytes below it are written. */
		u64 commit = min(smp_load_acquire(&ring->commit), c->limit);
		u64 chunk = c->pos & ~(u64)(KT_CHUNK_BYTES - 1);
		u64 end = commit;
		u32 n, hl = sizeof(struct kt_span);

		if (c->pos >= commit)
			return out;
		if (c->need_state) {
			if (room - out < hl + KT_MAX_RECORD) {
				*full = true;
				return out;
			}
			n = kt_put_keyframe(buf + out + hl, c->ts, c->next_seq,
					    ring->cpu, c->state);
			out += kt_put_span(buf + out, KT_SPAN_STATE, ring->cpu,
					   n, c->pos) + n;
			c->need_state = false;
		}
		/* A record in a later chunk was committed after this fill. */
		if (commit > chunk + KT_CHUNK_BYTES)
			end = chunk + READ_ONCE(ring->fill[(chunk >> KT_CHUNK_SHIFT) &
							   (kt_ring_chunks - 1)]);
		if (c->pos >= end) {
			c->pos = chunk + KT_CHUNK_BYTES;
			continue;
		}
		if (room - out <= hl) {
			*full = true;
			return out;
		}
		n = min_t(u64, end - c->pos, room - out - hl);
		memcpy(buf + out + hl, ring->data + (c->pos & (kt_ring_bytes - 1)), n);
		/* The copy and the fill were read before the writer's position. */
		smp_rmb();
		if (kt_lapped(c, c->pos)) {
			kt_cursor_resync(c);
			continue;
		}
		out += kt_put_span(buf + out, KT_SPAN_DATA, ring->cpu, n, c->pos) + n;
		c->pos += n;
	}
}

/*
 * Whether every record stamped at or before @ts has been copied: no CPU is
 * mid-record, and none committed more than its cursor has. A record begun
 * after this check is stamped after @ts (see kt_reader_settled()).
 */
static bool kt_span_horizon(struct kt_reader *r)
{
	unsigned int i;

	/* Orders the caller's clock read before the busy flags' reads. */
	smp_mb();
	for (i = 0; i < r->nr_cursors; i++) {
		struct kt_cursor *c = r->packed[i];

		if (c->pos >= c->limit)
			continue;
		if (READ_ONCE(c->ring->busy))
			return false;
		/* Acquire: a record committed before busy cleared is seen. */
		if (smp_load_acquire(&c->ring->commit) != c->pos)
			return false;
	}
	return true;
}

/*
 * Fill r->outbuf with span frames (KT_FORMAT_SPANS), at most @count bytes:
 * the CPUs in turn, starting one further each read, then a HORIZON frame
 * when all were drained. -EMSGSIZE if @count cannot hold a STATE frame.
 */
ssize_t kt_reader_fill_spans(struct kt_reader *r, size_t count)
{
	u32 room = min_t(size_t, count, KT_OUT_BUF_BYTES), out = 0;
	unsigned int i, n = r->nr_cursors;
	bool full = false;
	u64 now;

	if (room < sizeof(struct kt_span) + KT_MAX_RECORD)
		return -EMSGSIZE;
	for (i = 0; i < n && !full; i++)
		out += kt_span_copy(r->packed[(r->span_first + i) % n],
				    r->outbuf + out, room - out, &full);
	r->span_first = (r->span_first + 1) % n;
	if (!out || full || room - out < sizeof(struct kt_span))
		goto done;
	now = ktime_get_mono_fast_ns();
	if (kt_span_horizon(r))
		out += kt_put_span(r->outbuf + out, KT_SPAN_HORIZON, 0, 0, now);
done:
	r->bytes_read += out;
	return out;
}

size_t kt_reader_bytes(void)
{
	return sizeof(struct kt_reader) + nr_cpu_ids * sizeof(void *) +
	       num_possible_cpus() * sizeof(void *) + KT_OUT_BUF_BYTES +
	       KT_NR_BITS * sizeof(struct kt_plan) + sizeof(struct kt_waker) +
	       num_possible_cpus() * sizeof(struct kt_cursor);
}

/* Allocations are charged to the opener's memory cgroup. */
struct kt_reader *kt_reader_alloc(const struct cred *cred, bool privileged)
{
	struct kt_reader *r;
	unsigned int cpu;

	r = kzalloc(sizeof(*r), GFP_KERNEL_ACCOUNT);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->ident = -1;
	if (!privileged) {
		r->ident = kt_ident_get(cred);
		if (r->ident < 0) {
			kfree(r);
			return ERR_PTR(-EUSERS);
		}
	}
	r->cursors = kcalloc(nr_cpu_ids, sizeof(*r->cursors), GFP_KERNEL_ACCOUNT);
	if (!r->cursors)
		goto out_put_ident;
	r->outbuf = kvmalloc(KT_OUT_BUF_BYTES, GFP_KERNEL_ACCOUNT);
	if (!r->outbuf)
		goto out_free_cursors;
	r->packed = kcalloc(num_possible_cpus(), sizeof(*r->packed),
			    GFP_KERNEL_ACCOUNT);
	r->plans = kcalloc(KT_NR_BITS, sizeof(*r->plans), GFP_KERNEL_ACCOUNT);
	r->waker = kzalloc(sizeof(*r->waker), GFP_KERNEL_ACCOUNT);
	if (!r->packed || !r->plans || !r->waker)
		goto out_free_all;
	INIT_LIST_HEAD(&r->waker->node);
	init_waitqueue_head(&r->waker->wq);
	for_each_possible_cpu(cpu) {
		r->cursors[cpu] = kzalloc(sizeof(*r->cursors[cpu]),
					  GFP_KERNEL_ACCOUNT);
		if (!r->cursors[cpu])
			goto out_free_all;
		r->cursors[cpu]->ring = kt_rings[cpu];
		r->packed[r->nr_cursors++] = r->cursors[cpu];
	}
	mutex_init(&r->lock);
	xa_init(&r->followed);
	INIT_LIST_HEAD(&r->node);
	INIT_LIST_HEAD(&r->nl_node);
	atomic64_set(&r->nl_waits, 0);
	atomic64_set(&r->nl_wait_ns, 0);
	r->cred = get_cred(cred);
	r->uid = cred->uid;
	r->privileged = privileged;
	r->snaplen = KT_SNAPLEN_DEFAULT;
	kt_reader_plan(r);
	r->self_tgid = task_tgid_nr(current);
	r->pid_ns = get_pid_ns(task_active_pid_ns(current));
	return r;

out_free_all:
	for_each_possible_cpu(cpu)
		kfree(r->cursors[cpu]);
	kfree(r->packed);
	kfree(r->plans);
	kfree(r->waker);
	kvfree(r->outbuf);
out_free_cursors:
	kfree(r->cursors);
out_put_ident:
	kt_ident_put(r->ident);
	kfree(r);
	return ERR_PTR(-ENOMEM);
}

/* After the reader left kt_readers and the globals were recomputed. */
void kt_reader_free(struct kt_reader *r)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		kfree(r->cursors[cpu]);
	put_cred(r->cred);
	xa_destroy(&r->followed);
	kvfree(r->outbuf);
	kfree(r->packed);
	kfree(r->plans);
	kfree(r->cursors);
	put_pid_ns(r->pid_ns);
	kt_ident_put(r->ident);
	mutex_destroy(&r->lock);
	/* kt_readers_wake() may still be looking at it. */
	kfree_rcu(r->waker, rcu);
	kfree(r);
}
