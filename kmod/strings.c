// SPDX-License-Identifier: GPL-2.0
/* STR fields: strings and buffers copied in probe context, never faulting. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ktrace.h"

/* Most argv entries one record carries; more are marked truncated. */
#define KT_MAX_ARGV 64

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

static void kt_str_close(struct kt_ring *ring, u32 len, u8 status)
{
	u8 *p = ring->str_buf + ring->str_used;

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
 * Copy a NUL-terminated user string page by page, so that a string ending
 * just before an unmapped page is still read. Returns its length without
 * the NUL (at most @max, then *@status says truncated), or -EFAULT.
 */
static long kt_copy_user_str(u8 *dst, const char __user *src, u32 max,
			     u8 *status)
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
					   chunk))
			return -EFAULT;
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
	return max;
}

void kt_set_str_user(struct kt_ring *ring, unsigned int tag,
		     const char __user *s, u32 max)
{
	u8 status;
	u8 *dst;
	long len;

	dst = kt_str_open(ring, tag, &max);
	if (!dst)
		return;
	len = s ? kt_copy_user_str(dst, s, max, &status) : -EFAULT;
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
 * argv as its strings, each cut at @snap bytes and ended by a NUL. The
 * field is truncated when an entry or the list was cut, unavailable when a
 * pointer could not be read.
 */
void kt_set_argv_user(struct kt_ring *ring, unsigned int tag,
		      const void __user *argv, u32 snap)
{
	u32 max = KT_STR_BYTES, used = 0, i;
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
		len = kt_copy_user_str(dst + used, arg, min(snap, max - used - 1),
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

static void kt_set_count(struct kt_ring *ring, unsigned int tag, u32 n,
			 u8 status)
{
	__le32 v = cpu_to_le32(n);

	kt_set_bytes_kernel(ring, tag, &v, sizeof(v), status);
}

/*
 * The number of pointers before the NULL that ends the user list @list
 * (an exec's envp), as a little-endian u32; read a chunk at a time, never
 * across a page the chunk does not need.
 */
void kt_set_ptr_count_user(struct kt_ring *ring, unsigned int tag,
			   const void __user *list)
{
	unsigned long addr = (unsigned long)list;
	unsigned long chunk[16];
	u32 n = 0, i, k;

	if (!list) {
		kt_set_count(ring, tag, 0, KT_STR_UNAVAILABLE);
		return;
	}
	while (n < KT_MAX_LIST_COUNT) {
		unsigned long at = addr + n * sizeof(chunk[0]);

		k = (PAGE_SIZE - (at & ~PAGE_MASK)) / sizeof(chunk[0]);
		k = clamp_t(u32, k, 1, ARRAY_SIZE(chunk));
		if (copy_from_user_nofault(chunk, (const void __user *)at,
					   k * sizeof(chunk[0]))) {
			kt_set_count(ring, tag, 0, KT_STR_UNAVAILABLE);
			return;
		}
		for (i = 0; i < k; i++) {
			if (!chunk[i]) {
				kt_set_count(ring, tag, n + i, KT_STR_COMPLETE);
				return;
			}
		}
		n += k;
	}
	kt_set_count(ring, tag, n, KT_STR_TRUNCATED);
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
