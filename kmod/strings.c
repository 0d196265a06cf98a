// SPDX-License-Identifier: GPL-2.0
/* STR fields: strings and buffers copied in probe context, never faulting. */
#include <linux/aio_abi.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "probe.h"

/* Most argv entries one record carries; more are marked truncated. */
#define KT_MAX_ARGV 64

/*
 * Bytes an exec's argv (kind ARGV) leaves for the fields after it: the
 * envp count (5) and the ARGV_V field's header, element statuses and the
 * first unreadable elements (kt_set_argv_v_user()).
 */
#define KT_ARGV_V_ROOM 160

/*
 * Room for one STR field of up to @max bytes after its status byte, or
 * NULL when the record has no room left for another one (the field is then
 * absent; KT_MAX_STRS and KT_STR_BYTES fit every event's own strings).
 */
static u8 *kt_str_open(struct kt_ring *ring, unsigned int tag, u32 *max)
{
	u32 left = KT_STR_BYTES - ring->str_used;

	if (ring->nr_strs >= KT_MAX_STRS || left < 1)
		return NULL;
	*max = min(*max, left - 1);
	ring->strs[ring->nr_strs].tag = tag;
	ring->strs[ring->nr_strs].off = ring->str_used;
	return ring->str_buf + ring->str_used + 1;
}

/*
 * Close the field kt_str_open() began with @len bytes. A length past the
 * room it gave is a writer's bug: the field is kept empty and unavailable
 * rather than let kt_record_commit() copy past str_buf.
 */
static void kt_str_close(struct kt_ring *ring, u32 len, u8 status)
{
	u8 *p = ring->str_buf + ring->str_used;

	/* Readers reject an unavailable field with bytes: a malformed record. */
	if (WARN_ON_ONCE(status == KT_STR_UNAVAILABLE && len))
		len = 0;
	if (WARN_ON_ONCE(len >= KT_STR_BYTES - ring->str_used)) {
		len = 0;
		status = KT_STR_UNAVAILABLE;
	}
	p[0] = status;
	ring->strs[ring->nr_strs].len = len + 1;
	ring->str_used += len + 1;
	ring->nr_strs++;
}

void kt_set_bytes_kernel(struct kt_ring *ring, unsigned int tag,
			 const void *p, u32 len, u8 status)
{
	u32 max = len;
	u8 *dst = kt_str_open(ring, tag, &max);

	if (!dst)
		return;
	memcpy(dst, p, max);
	kt_str_close(ring, max, max < len ? KT_STR_TRUNCATED : status);
}

/* @s is a kernel string the probe's caller keeps valid (a name, a path). */
void kt_set_str_kernel(struct kt_ring *ring, unsigned int tag,
		       const char *s, u32 max)
{
	size_t len;

	if (!s) {
		kt_set_bytes_kernel(ring, tag, "", 0, KT_STR_UNAVAILABLE);
		return;
	}
	len = strnlen(s, max + 1);
	kt_set_bytes_kernel(ring, tag, s, min_t(size_t, len, max),
			    len > max ? KT_STR_TRUNCATED : KT_STR_COMPLETE);
}

/*
 * Whether the user string at @addr has a NUL within @len bytes, read
 * without copying: 1 if so, 0 if not, -EFAULT if a byte before it cannot
 * be read.
 */
static int kt_user_str_ends(unsigned long addr, u32 len)
{
	u32 done = 0;

	while (done < len) {
		u32 chunk = min_t(u32, len - done,
				  PAGE_SIZE - ((addr + done) & ~PAGE_MASK));
		u8 tmp[64];

		chunk = min_t(u32, chunk, sizeof(tmp));
		if (copy_from_user_nofault(tmp, (const void __user *)(addr + done),
					   chunk))
			return -EFAULT;
		if (memchr(tmp, 0, chunk))
			return 1;
		done += chunk;
	}
	return 0;
}

/*
 * Copy a NUL-terminated user string page by page, so that a string ending
 * just before an unmapped page is still read. Returns its length without
 * the NUL (at most @max, then *@status says truncated), or -EFAULT. A
 * string cut at @max is still read on, not copied, up to @scan bytes: if
 * it cannot be read to its end or to @scan it is -EFAULT too, as a path
 * the kernel would not have taken (strace prints such a one's address).
 * With @partial, the bytes before a fault are kept instead, truncated.
 */
static long kt_copy_user_str(u8 *dst, const char __user *src, u32 max,
			     u32 scan, bool partial, u8 *status)
{
	unsigned long addr = (unsigned long)src;
	u32 done = 0;

	*status = KT_STR_TRUNCATED;
	while (done <= max) {
		u32 chunk = min_t(u32, max + 1 - done,
				  PAGE_SIZE - ((addr + done) & ~PAGE_MASK));
		u8 tmp[64];
		u32 i, n;

		/* Bounce through a small buffer: the last byte may be max + 1. */
		chunk = min_t(u32, chunk, sizeof(tmp));
		if (copy_from_user_nofault(tmp, (const void __user *)(addr + done),
					   chunk)) {
			/*
			 * Not one conditional expression: its u32 arm would
			 * turn -EFAULT into a length of 4 GiB.
			 */
			if (partial && done)
				return min(done, max);
			return -EFAULT;
		}
		for (i = 0; i < chunk; i++)
			if (!tmp[i])
				break;
		n = min(i, max - done);
		memcpy(dst + done, tmp, n);
		if (i < chunk) {
			*status = KT_STR_COMPLETE;
			return done + i;
		}
		done += chunk;
	}
	if (scan > done && kt_user_str_ends(addr + done, scan - done) < 0)
		return -EFAULT;
	return max;
}

/*
 * A path: its first @max bytes, read on to PATH_MAX (the longest the
 * kernel takes) only to tell a long path from an unreadable one.
 */
void kt_set_str_user(struct kt_ring *ring, unsigned int tag,
		     const char __user *s, u32 max)
{
	const u32 scan = PATH_MAX;
	u8 status;
	u8 *dst;
	long len;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	len = s ? kt_copy_user_str(dst, s, max, scan, false, &status) : -EFAULT;
	if (len < 0)
		kt_str_close(ring, 0, KT_STR_UNAVAILABLE);
	else
		kt_str_close(ring, len, status);
}

/*
 * A name (memfd_create's): its first @max bytes, or the bytes before the
 * first that cannot be read, truncated, as strace prints such a name.
 */
void kt_set_name_user(struct kt_ring *ring, unsigned int tag,
		      const char __user *s, u32 max)
{
	u8 status;
	u8 *dst;
	long len;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	len = s ? kt_copy_user_str(dst, s, max, 0, true, &status) : -EFAULT;
	if (len < 0)
		kt_str_close(ring, 0, KT_STR_UNAVAILABLE);
	else
		kt_str_close(ring, len, status);
}

/* A user buffer of @len bytes, of which the first @max are kept. */
void kt_set_bytes_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *p, u64 len, u32 max)
{
	u8 *dst;
	u32 n;

	max = min_t(u64, max, len);
	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	n = max;
	if (n && copy_from_user_nofault(dst, p, n)) {
		kt_str_close(ring, 0, KT_STR_UNAVAILABLE);
		return;
	}
	kt_str_close(ring, n, n < len ? KT_STR_TRUNCATED : KT_STR_COMPLETE);
}

/*
 * An array of @size-byte elements, @len bytes of which the first @max are
 * kept. When they cannot all be read, the elements before the first that
 * cannot are kept, marked truncated; unavailable when not even one can.
 */
void kt_set_elems_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *p, u64 len, u32 max, u32 size)
{
	u32 n = 0;
	u8 *dst;

	max = min_t(u64, max, len);
	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	if (!copy_from_user_nofault(dst, p, max)) {
		kt_str_close(ring, max,
			     max < len ? KT_STR_TRUNCATED : KT_STR_COMPLETE);
		return;
	}
	while (size && n + size <= max &&
	       !copy_from_user_nofault(dst + n, (const u8 __user *)p + n, size))
		n += size;
	kt_str_close(ring, n, n ? KT_STR_TRUNCATED : KT_STR_UNAVAILABLE);
}

/*
 * An iovec array of @count elements, each struct iovec followed by a u32
 * count of the bytes of its buffer kept and those bytes: the first
 * min(iov_len, what is left of @budget, @snap + 1), U32_MAX when they could
 * not be read. At most @snap elements; truncated when there were more, or
 * the field ran out of room, or an element could not be read (then last,
 * its address as iov_base and U32_MAX - 1 as the count); unavailable when
 * the first cannot be read.
 */
static u32 kt_iovec_fill(u8 *dst, u32 max, const void __user *iov, u64 count,
			 u32 snap, u64 budget, u8 *status)
{
	u32 used = 0, i;

	*status = KT_STR_COMPLETE;
	for (i = 0; i < count; i++) {
		const struct iovec __user *u = (const struct iovec __user *)iov + i;
		struct iovec v;
		u32 want, n;

		if (max - used < sizeof(v) + sizeof(n)) {
			*status = KT_STR_TRUNCATED;
			break;
		}
		/* The one after the last shown is read too: strace says if it cannot be. */
		if (copy_from_user_nofault(&v, u, sizeof(v))) {
			if (!i) {
				*status = KT_STR_UNAVAILABLE;
				break;
			}
			/* An element that cannot be read: where it begins. */
			v.iov_base = (void __user *)u;
			v.iov_len = 0;
			n = U32_MAX - 1;
			memcpy(dst + used, &v, sizeof(v));
			memcpy(dst + used + sizeof(v), &n, sizeof(n));
			used += sizeof(v) + sizeof(n);
			*status = KT_STR_TRUNCATED;
			break;
		}
		if (i == snap) {
			*status = KT_STR_TRUNCATED;
			break;
		}
		want = min_t(u64, min_t(u64, v.iov_len, budget), (u64)snap + 1);
		budget -= min_t(u64, v.iov_len, budget);
		memcpy(dst + used, &v, sizeof(v));
		used += sizeof(v);
		n = min_t(u32, want, max - used - sizeof(n));
		if (n && copy_from_user_nofault(dst + used + sizeof(n), v.iov_base, n))
			n = U32_MAX;
		memcpy(dst + used, &n, sizeof(n));
		used += sizeof(n);
		if (n == U32_MAX)
			continue;
		used += n;
		if (n < want) {
			*status = KT_STR_TRUNCATED;
			break;
		}
	}
	return used;
}

void kt_set_iovec_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *iov, u64 count, u32 snap, u64 budget)
{
	u32 max = KT_STR_BYTES, used;
	u8 status;
	u8 *dst;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	used = kt_iovec_fill(dst, max, iov, count, snap, budget, &status);
	kt_str_close(ring, used, status);
}

/* What io_submit's capture says of each iocb pointer (KT_ARG_IOCBS). */
enum {
	KT_IOCB_NULL,
	KT_IOCB_UNREADABLE,
	KT_IOCB_READ,
	KT_IOCB_PTR_UNREADABLE,
};

/* An element's state byte and u64; the length and status after an iocb. */
#define KT_IOCB_HEAD (1 + sizeof(u64))
#define KT_IOCB_TAIL (sizeof(u32) + 1)

static u32 kt_iocb_head(u8 *dst, u8 state, u64 v)
{
	dst[0] = state;
	memcpy(dst + 1, &v, sizeof(v));
	return KT_IOCB_HEAD;
}

/*
 * What the buffer of the iocb @cb holds by its opcode, after a u32 length
 * and a status byte, into @dst (@max bytes of room, at least KT_IOCB_TAIL):
 * IOCB_CMD_PWRITE's first min(aio_nbytes, @snap) bytes, IOCB_CMD_PREADV's
 * and IOCB_CMD_PWRITEV's iovecs (PREADV's without their bytes), nothing
 * for other opcodes or a negative aio_nbytes. Returns the bytes used.
 */
static u32 kt_iocb_buf_fill(u8 *dst, u32 max, const struct iocb *cb, u32 snap)
{
	const void __user *buf = (const void __user *)(unsigned long)cb->aio_buf;
	u8 status = KT_STR_COMPLETE;
	u32 n = 0;

	if ((s64)cb->aio_nbytes < 0 || !buf)
		goto out;
	switch (cb->aio_lio_opcode) {
	case IOCB_CMD_PWRITE:
		n = min_t(u64, cb->aio_nbytes, snap);
		n = min_t(u32, n, max - KT_IOCB_TAIL);
		if (n && copy_from_user_nofault(dst + KT_IOCB_TAIL, buf, n)) {
			n = 0;
			status = KT_STR_UNAVAILABLE;
		} else if (n < cb->aio_nbytes) {
			status = KT_STR_TRUNCATED;
		}
		break;
	case IOCB_CMD_PREADV:
	case IOCB_CMD_PWRITEV:
		n = kt_iovec_fill(dst + KT_IOCB_TAIL, max - KT_IOCB_TAIL, buf,
				  cb->aio_nbytes, snap,
				  cb->aio_lio_opcode == IOCB_CMD_PWRITEV ? U64_MAX : 0,
				  &status);
		break;
	}
out:
	memcpy(dst, &n, sizeof(n));
	dst[sizeof(n)] = status;
	return KT_IOCB_TAIL + n;
}

/*
 * io_submit's @count iocb pointers at @iocbpp, each with its iocb and
 * what its buffer holds: see KT_ARG_IOCBS in ktrace_sysargs.h. At most
 * @snap of them; the pointer after those is read too, as strace does, to
 * say whether it can be.
 */
void kt_set_iocbs_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *iocbpp, u64 count, u32 snap)
{
	u32 max = KT_STR_BYTES, used = 0, i;
	u8 status = KT_STR_COMPLETE;
	u8 *dst;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	for (i = 0; i < count; i++) {
		const u64 __user *u = (const u64 __user *)iocbpp + i;
		struct iocb cb;
		u64 ptr;

		if (max - used < KT_IOCB_HEAD) {
			status = KT_STR_TRUNCATED;
			break;
		}
		if (copy_from_user_nofault(&ptr, u, sizeof(ptr))) {
			if (!i) {
				status = KT_STR_UNAVAILABLE;
				break;
			}
			used += kt_iocb_head(dst + used, KT_IOCB_PTR_UNREADABLE,
					     (unsigned long)u);
			status = KT_STR_TRUNCATED;
			break;
		}
		if (i == snap) {
			status = KT_STR_TRUNCATED;
			break;
		}
		if (!ptr) {
			used += kt_iocb_head(dst + used, KT_IOCB_NULL, 0);
			continue;
		}
		if (copy_from_user_nofault(&cb, (const void __user *)(unsigned long)ptr,
					   sizeof(cb))) {
			used += kt_iocb_head(dst + used, KT_IOCB_UNREADABLE, ptr);
			continue;
		}
		if (max - used < KT_IOCB_HEAD + sizeof(cb) + KT_IOCB_TAIL) {
			status = KT_STR_TRUNCATED;
			break;
		}
		used += kt_iocb_head(dst + used, KT_IOCB_READ, ptr);
		memcpy(dst + used, &cb, sizeof(cb));
		used += sizeof(cb);
		used += kt_iocb_buf_fill(dst + used, max - used, &cb, snap);
	}
	kt_str_close(ring, used, status);
}

/* Most bytes of a message's msg_control kept (its cmsgs, which a view decodes). */
#define KT_MSG_CONTROL_MAX 256

/*
 * @len bytes at @p after a u32 count of them into @dst, which has room for
 * them: of a buffer that runs into a page that cannot be read, the bytes
 * before that page (a name the kernel says is longer than the caller's
 * buffer); U32_MAX (and no bytes) when not even those can be read.
 * Returns the bytes used.
 */
static u32 kt_part_fill(u8 *dst, const void __user *p, u32 len)
{
	u32 n = len;

	if (n && copy_from_user_nofault(dst + sizeof(n), p, n)) {
		n = min_t(u32, len, PAGE_SIZE - offset_in_page(p));
		if (n == len || copy_from_user_nofault(dst + sizeof(n), p, n))
			n = U32_MAX;
	}
	memcpy(dst, &n, sizeof(n));
	return sizeof(n) + (n == U32_MAX ? 0 : n);
}

/*
 * One message at @p, a struct user_msghdr or (@size) a struct mmsghdr,
 * into @dst (@max bytes of room): see KT_ARG_MSGHDR_IN in ktrace_sysargs.h.
 * @budget: the bytes to place in its iovecs (U64_MAX: all; with @msg_len,
 * the mmsghdr's own msg_len). Returns the bytes used: 0 when the struct
 * cannot be read (*@unreadable) or its name does not fit.
 */
static u32 kt_msg_fill(u8 *dst, u32 max, const void __user *p, u32 size,
		       u32 snap, u64 budget, bool msg_len, bool *unreadable)
{
	const u32 part = sizeof(u32), tail = sizeof(u32) + 1;
	struct mmsghdr m = {};
	u32 name, control, used, n;
	u8 status;

	*unreadable = copy_from_user_nofault(&m, p, size);
	if (*unreadable)
		return 0;
	name = m.msg_hdr.msg_name && m.msg_hdr.msg_namelen > 0 ?
	       min_t(u32, m.msg_hdr.msg_namelen, sizeof(struct sockaddr_storage)) : 0;
	if (max < size + part + name + part + tail)
		return 0;
	memcpy(dst, &m, size);
	used = size;
	used += kt_part_fill(dst + used, m.msg_hdr.msg_name, name);
	control = min_t(u64, m.msg_hdr.msg_controllen, KT_MSG_CONTROL_MAX);
	control = min(control, max - used - part - tail);
	used += kt_part_fill(dst + used, m.msg_hdr.msg_control, control);
	if (msg_len)
		budget = m.msg_len;
	n = kt_iovec_fill(dst + used + tail, max - used - tail, m.msg_hdr.msg_iov,
			  m.msg_hdr.msg_iovlen, snap, budget, &status);
	memcpy(dst + used, &n, sizeof(n));
	dst[used + sizeof(n)] = status;
	return used + tail + n;
}

/*
 * @count messages at @msgs (struct user_msghdr or struct mmsghdr: @size),
 * each as kt_msg_fill() puts it, at most @snap: truncated when there were
 * more, or the next did not fit or could not be read; unavailable when
 * the first could not be read.
 */
void kt_set_msgs_user(struct kt_ring *ring, unsigned int tag,
		      const void __user *msgs, u64 count, u32 size, u32 snap,
		      u64 budget, bool msg_len)
{
	u32 max = KT_STR_BYTES, used = 0, i, n;
	u8 status = KT_STR_COMPLETE;
	bool unreadable;
	u8 *dst;

	if (WARN_ON_ONCE(size > sizeof(struct mmsghdr)))
		return;
	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	for (i = 0; i < count; i++) {
		if (i == snap) {
			status = KT_STR_TRUNCATED;
			break;
		}
		n = kt_msg_fill(dst + used, max - used,
				(const u8 __user *)msgs + (u64)i * size, size,
				snap, budget, msg_len, &unreadable);
		if (!n) {
			status = unreadable && !i ? KT_STR_UNAVAILABLE :
				 KT_STR_TRUNCATED;
			break;
		}
		used += n;
	}
	kt_str_close(ring, used, status);
}

/*
 * The msg_namelen of each of @count messages at @msgs (@size bytes each),
 * as u32s, the first @snap of them or as many as the record has room for:
 * truncated when there were more or one could not be read; unavailable
 * when the first could not be.
 */
void kt_set_msg_namelens_user(struct kt_ring *ring, unsigned int tag,
			      const void __user *msgs, u64 count, u32 size,
			      u32 snap)
{
	u32 want = min_t(u64, count, snap), max = want * sizeof(u32), i;
	u8 status = KT_STR_COMPLETE;
	u8 *dst;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	want = max / sizeof(u32);
	for (i = 0; i < want; i++) {
		const u8 __user *u = (const u8 __user *)msgs + (u64)i * size;

		if (copy_from_user_nofault(dst + i * sizeof(u32), u +
					   offsetof(struct user_msghdr, msg_namelen),
					   sizeof(u32))) {
			status = i ? KT_STR_TRUNCATED : KT_STR_UNAVAILABLE;
			break;
		}
	}
	if (i == want && want < count)
		status = KT_STR_TRUNCATED;
	kt_str_close(ring, status == KT_STR_UNAVAILABLE ? 0 : i * sizeof(u32),
		     status);
}

/*
 * argv as its strings, each cut at @snap bytes and ended by a NUL. The
 * field is truncated when an entry or the list was cut, unavailable when a
 * pointer could not be read.
 */
void kt_set_argv_user(struct kt_ring *ring, unsigned int tag,
		      const void __user *argv, u32 snap)
{
	u32 left = KT_STR_BYTES - ring->str_used, used = 0, i;
	/* Room kept for the envp count and the ARGV_V field after this one. */
	u32 max = left > KT_ARGV_V_ROOM ? left - KT_ARGV_V_ROOM : 0;
	u8 status = KT_STR_COMPLETE;
	u8 *dst;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	for (i = 0; argv; i++) {
		const char __user *arg;
		u8 arg_status;
		long len;

		if (copy_from_user_nofault(&arg, (const char __user *const __user *)argv + i,
					   sizeof(arg))) {
			status = KT_STR_UNAVAILABLE;
			break;
		}
		if (!arg)
			break;
		if (i == KT_MAX_ARGV || max - used < 2) {
			status = KT_STR_TRUNCATED;
			break;
		}
		len = kt_copy_user_str(dst + used, arg, min(snap, max - used - 1), 0, false,
				       &arg_status);
		if (len < 0) {
			status = KT_STR_UNAVAILABLE;
			break;
		}
		if (arg_status == KT_STR_TRUNCATED)
			status = KT_STR_TRUNCATED;
		used += len;
		dst[used++] = 0;
	}
	if (status == KT_STR_UNAVAILABLE && !used) {
		kt_str_close(ring, 0, status);
		return;
	}
	/* Entries read before a bad pointer are kept, marked truncated. */
	kt_str_close(ring, used, status == KT_STR_UNAVAILABLE ?
		     KT_STR_TRUNCATED : status);
}

/*
 * argv of the program a successful exec started, from its own memory:
 * the NUL-separated block from @start to @end (mm->arg_start..arg_end),
 * encoded as kt_set_argv_user() does. A last entry the field could not
 * hold whole is left out, and the field marked truncated.
 */
void kt_set_argv_block_user(struct kt_ring *ring, unsigned int tag,
			    unsigned long start, unsigned long end, u32 snap)
{
	u32 max = KT_STR_BYTES, n = 0, in, out = 0, len, keep, entries = 0;
	u8 status = KT_STR_COMPLETE;
	u8 *dst;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	if (end > start)
		n = min_t(unsigned long, end - start, max);
	if (n && copy_from_user_nofault(dst, (const void __user *)start, n)) {
		kt_str_close(ring, 0, KT_STR_UNAVAILABLE);
		return;
	}
	if (end > start && n < end - start)
		status = KT_STR_TRUNCATED;
	for (in = 0; in < n; in += len + 1) {
		len = strnlen(dst + in, n - in);
		if (in + len == n || entries++ == KT_MAX_ARGV) {
			status = KT_STR_TRUNCATED;
			break;
		}
		keep = min(len, snap);
		/* Entries only shrink: the copy never overtakes the reading. */
		memmove(dst + out, dst + in, keep);
		out += keep;
		dst[out++] = 0;
		if (keep < len)
			status = KT_STR_TRUNCATED;
	}
	kt_str_close(ring, out, status);
}

/* Most entries an environment count reads; a longer one is marked truncated. */
#define KT_MAX_LIST_COUNT 65536

/* How a pointer list ends (kind ARGV_V). */
#define KT_LIST_NULL 0	/* at its NULL */
#define KT_LIST_FAULT 1	/* at a slot that cannot be read */
#define KT_LIST_LONG 2	/* not read past KT_MAX_LIST_COUNT pointers */

/* An ARGV_V field's argv entries (kt_set_argv_v_user()). */
#define KT_ARGV_STR 0	/* a string, whole */
#define KT_ARGV_CUT 1	/* a string longer than snaplen */
#define KT_ARGV_PTR 2	/* a string that cannot be read: its pointer */

/* An unavailable count carries no bytes (docs/abi.md, STR). */
static void kt_set_count(struct kt_ring *ring, unsigned int tag, u32 n,
			 u8 status)
{
	__le32 v = cpu_to_le32(n);

	kt_set_bytes_kernel(ring, tag, &v,
			    status == KT_STR_UNAVAILABLE ? 0 : sizeof(v), status);
}

/*
 * Walk the user pointer list at @addr to the NULL that ends it, a chunk at
 * a time, never across a page the chunk does not need. Returns how it ends
 * (KT_LIST_*); *@count is the number of pointers before that end and
 * *@fault the address of the slot that could not be read (KT_LIST_FAULT).
 * At most @limit pointers are looked at (then KT_LIST_LONG).
 */
static u32 kt_walk_ptr_list(unsigned long addr, u32 limit, u32 *count,
			    unsigned long *fault)
{
	unsigned long chunk[16];
	u32 n = 0, i, k;

	*fault = 0;
	while (n < limit) {
		unsigned long at = addr + n * sizeof(chunk[0]);

		k = (PAGE_SIZE - (at & ~PAGE_MASK)) / sizeof(chunk[0]);
		k = clamp_t(u32, k, 1, ARRAY_SIZE(chunk));
		/* The chunk lies in one page: its first slot is unreadable. */
		if (copy_from_user_nofault(chunk, (const void __user *)at,
					   k * sizeof(chunk[0]))) {
			*count = n;
			*fault = at;
			return KT_LIST_FAULT;
		}
		for (i = 0; i < k && n + i < limit; i++) {
			if (!chunk[i]) {
				*count = n + i;
				return KT_LIST_NULL;
			}
		}
		n += i;
	}
	*count = n;
	return KT_LIST_LONG;
}

/*
 * The number of pointers before the NULL that ends the user list @list
 * (an exec's envp), as a little-endian u32; unavailable when a pointer
 * could not be read, truncated past KT_MAX_LIST_COUNT.
 */
void kt_set_ptr_count_user(struct kt_ring *ring, unsigned int tag,
			   const void __user *list)
{
	unsigned long fault;
	u32 n, end;

	if (!list) {
		kt_set_count(ring, tag, 0, KT_STR_UNAVAILABLE);
		return;
	}
	end = kt_walk_ptr_list((unsigned long)list, KT_MAX_LIST_COUNT, &n,
			       &fault);
	if (end == KT_LIST_FAULT)
		kt_set_count(ring, tag, 0, KT_STR_UNAVAILABLE);
	else
		kt_set_count(ring, tag, n, end == KT_LIST_NULL ?
			     KT_STR_COMPLETE : KT_STR_TRUNCATED);
}

/* How one list of an ARGV_V field ends (docs/abi.md, kind argv_v). */
struct kt_list_end {
	__le32 count;
	__le32 end;
	__le64 fault;
};

struct kt_argv_v_head {
	struct kt_list_end argv;
	struct kt_list_end envp;
	__le32 first;
} __packed;

static void kt_list_end_user(struct kt_list_end *e, const void __user *list,
			     u32 limit)
{
	unsigned long fault = 0;
	u32 n = 0, end = KT_LIST_NULL;

	if (list)
		end = kt_walk_ptr_list((unsigned long)list, limit, &n, &fault);
	e->count = cpu_to_le32(n);
	e->end = cpu_to_le32(end);
	e->fault = cpu_to_le64(fault);
}

/*
 * What kinds ARGV and LIST_COUNT cannot say of an exec's @argv and @envp
 * (kind ARGV_V): how each list ends (its NULL, a slot that cannot be read,
 * or past KT_MAX_ARGV + 1 pointers of argv, KT_MAX_LIST_COUNT of envp),
 * then a status byte for each of argv's first KT_MAX_ARGV entries: from
 * the first whose string cannot be read (where kind ARGV stops) on, each
 * followed by its string cut at @snap and a NUL, or by its pointer (u64).
 * Truncated when it holds fewer entries than argv has before its end.
 */
void kt_set_argv_v_user(struct kt_ring *ring, unsigned int tag,
			const void __user *argv, const void __user *envp,
			u32 snap)
{
	u32 max = KT_STR_BYTES, used = sizeof(struct kt_argv_v_head), i, n;
	u8 status = KT_STR_COMPLETE, arg_status;
	struct kt_argv_v_head head;
	bool bytes = false;
	u8 *dst;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	if (max < used) {
		kt_str_close(ring, 0, KT_STR_UNAVAILABLE);
		return;
	}
	/* argv's entries past those kept only need to be known to exist. */
	kt_list_end_user(&head.argv, argv, KT_MAX_ARGV + 1);
	kt_list_end_user(&head.envp, envp, KT_MAX_LIST_COUNT);
	n = min_t(u32, le32_to_cpu(head.argv.count), KT_MAX_ARGV);
	for (i = 0; i < n; i++) {
		const char __user *arg;
		__le64 ptr;
		long len;
		int ends;

		/* The list changed since it was walked: it ends here. */
		if (copy_from_user_nofault(&arg, (const char __user *const __user *)argv + i,
					   sizeof(arg)) || !arg)
			break;
		if (max - used < 1 + sizeof(ptr))
			break;
		if (!bytes) {
			ends = kt_user_str_ends((unsigned long)arg, snap + 1);
			if (ends >= 0) {
				dst[used++] = ends ? KT_ARGV_STR : KT_ARGV_CUT;
				continue;
			}
			bytes = true;
			head.first = cpu_to_le32(i);
		}
		len = kt_copy_user_str(dst + used + 1, arg,
				       min(snap, max - used - 2), 0, false,
				       &arg_status);
		if (len < 0) {
			ptr = cpu_to_le64((unsigned long)arg);
			dst[used] = KT_ARGV_PTR;
			memcpy(dst + used + 1, &ptr, sizeof(ptr));
			used += 1 + sizeof(ptr);
			continue;
		}
		/* Cut by the room left, not at @snap: not kept. */
		if (arg_status == KT_STR_TRUNCATED && len < snap)
			break;
		dst[used] = arg_status == KT_STR_TRUNCATED ?
			    KT_ARGV_CUT : KT_ARGV_STR;
		used += 1 + len;
		dst[used++] = 0;
	}
	if (!bytes)
		head.first = cpu_to_le32(i);
	if (i < le32_to_cpu(head.argv.count))
		status = KT_STR_TRUNCATED;
	memcpy(dst, &head, sizeof(head));
	kt_str_close(ring, used, status);
}

/*
 * The number of NUL-terminated strings in the user block @start..@end (a
 * new program's environment, mm->env_start..env_end), as a little-endian
 * u32; a block of more than KT_MAX_LIST_COUNT * 8 bytes is not read.
 */
void kt_set_str_count_block_user(struct kt_ring *ring, unsigned int tag,
				 unsigned long start, unsigned long end)
{
	unsigned long at;
	u8 chunk[128];
	u32 n = 0, i, k;

	if (end < start || end - start > KT_MAX_LIST_COUNT * 8UL) {
		kt_set_count(ring, tag, 0, KT_STR_UNAVAILABLE);
		return;
	}
	for (at = start; at < end; at += k) {
		k = min_t(unsigned long, end - at, sizeof(chunk));
		if (copy_from_user_nofault(chunk, (const void __user *)at, k)) {
			kt_set_count(ring, tag, 0, KT_STR_UNAVAILABLE);
			return;
		}
		for (i = 0; i < k; i++)
			n += !chunk[i];
	}
	kt_set_count(ring, tag, n, KT_STR_COMPLETE);
}

/*
 * The descriptors below @nbits set in the fd_set at @set, as little-endian
 * u32s, at most @max_fds of them (then truncated). The set is read as
 * strace reads it, in whole longs, a chunk at a time: a set as large as
 * strace reads (1024 * 1024 bits) costs no memory here. Unavailable when a
 * chunk of it cannot be read, as the whole set then is for strace.
 */
void kt_set_fdset_user(struct kt_ring *ring, unsigned int tag,
		       const void __user *set, u32 nbits, u32 max_fds)
{
	u32 bytes = round_up(DIV_ROUND_UP(nbits, BITS_PER_BYTE),
			     sizeof(unsigned long));
	u32 room = max_fds * sizeof(__le32), n = 0, at, i;
	u8 status = KT_STR_COMPLETE;
	unsigned long chunk[16];
	u8 *dst;

	dst = kt_str_open(ring, tag, &room);
	if (!dst)
		return;
	max_fds = room / sizeof(__le32);
	for (at = 0; at < bytes; at += sizeof(chunk)) {
		u32 k = min_t(u32, bytes - at, sizeof(chunk));

		if (copy_from_user_nofault(chunk, (const u8 __user *)set + at, k)) {
			kt_str_close(ring, 0, KT_STR_UNAVAILABLE);
			return;
		}
		for (i = 0; i < k / sizeof(chunk[0]); i++) {
			unsigned long word = chunk[i];

			for (; word; word &= word - 1) {
				u32 bit = (at + i * sizeof(word)) * BITS_PER_BYTE +
					  __ffs(word);
				__le32 fd = cpu_to_le32(bit);

				if (bit >= nbits)
					goto out;
				if (n == max_fds) {
					status = KT_STR_TRUNCATED;
					goto out;
				}
				/* dst is not aligned: copied, not stored. */
				memcpy(dst + n * sizeof(fd), &fd, sizeof(fd));
				n++;
			}
		}
	}
out:
	kt_str_close(ring, n * sizeof(__le32), status);
}
