/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal BER (X.690) encoding and parsing of ktrace records. */
#ifndef KTRACE_BER_H
#define KTRACE_BER_H

#include <linux/bitops.h>
#include <linux/string.h>
#include <linux/types.h>

#define KT_BER_CLASS_APPLICATION 0x40
#define KT_BER_CLASS_CONTEXT 0x80
#define KT_BER_CONSTRUCTED 0x20
#define KT_BER_HIGH_TAG 0x1f
/* Largest tag and length headers we emit: 2 + 3 bytes. */
#define KT_BER_MAX_HEADER 5

/* Bytes of the minimal two's-complement encoding of @v. */
static inline unsigned int kt_ber_int_len(s64 v)
{
	u64 magnitude = (u64)(v ^ (v >> 63));

	return magnitude ? (fls64(magnitude) + 8) / 8 : 1;
}

static inline unsigned int kt_ber_put_tag(u8 *p, u8 class_bits, u32 tag)
{
	if (tag < KT_BER_HIGH_TAG) {
		p[0] = class_bits | tag;
		return 1;
	}
	/* Our tags stay below 128, so one base-128 group follows. */
	p[0] = class_bits | KT_BER_HIGH_TAG;
	p[1] = tag & 0x7f;
	return 2;
}

static inline unsigned int kt_ber_tag_len(u32 tag)
{
	return tag < KT_BER_HIGH_TAG ? 1 : 2;
}

static inline unsigned int kt_ber_len_len(u32 len)
{
	return len < 0x80 ? 1 : len <= 0xff ? 2 : 3;
}

static inline unsigned int kt_ber_put_len(u8 *p, u32 len)
{
	if (len < 0x80) {
		p[0] = len;
		return 1;
	}
	if (len <= 0xff) {
		p[0] = 0x81;
		p[1] = len;
		return 2;
	}
	p[0] = 0x82;
	p[1] = len >> 8;
	p[2] = len & 0xff;
	return 3;
}

/* A CONTEXT-class primitive INTEGER field; returns bytes written. */
static inline unsigned int kt_ber_put_field(u8 *p, u32 tag, u64 value)
{
	s64 v = (s64)value;
	unsigned int n = kt_ber_int_len(v);
	unsigned int i = kt_ber_put_tag(p, KT_BER_CLASS_CONTEXT, tag);

	p[i++] = n;
	while (n--)
		p[i++] = (u8)(value >> (8 * n));
	return i;
}

/* Upper bound of kt_ber_put_field() output. */
#define KT_BER_MAX_FIELD (2 + 1 + 8)

/*
 * Wrap @content_len bytes already at @buf + KT_BER_MAX_HEADER in an
 * APPLICATION constructed header placed right before them. Returns the
 * start of the record; *@total gets its full length.
 */
static inline u8 *kt_ber_wrap(u8 *buf, u32 app_tag, u32 content_len,
			      u32 *total)
{
	unsigned int hl = kt_ber_tag_len(app_tag) + kt_ber_len_len(content_len);
	u8 *start = buf + KT_BER_MAX_HEADER - hl;
	unsigned int i;

	i = kt_ber_put_tag(start, KT_BER_CLASS_APPLICATION | KT_BER_CONSTRUCTED,
			   app_tag);
	kt_ber_put_len(start + i, content_len);
	*total = hl + content_len;
	return start;
}

/* The usual record header: a tag below 31, content below 128 bytes. */
#define KT_BER_SHORT_HEADER 2

/*
 * Close a record whose @content_len bytes were written at @buf +
 * KT_BER_SHORT_HEADER: its header goes in front, and the content moves
 * only when the header is longer than the usual one. Returns the record's
 * length.
 */
static inline u32 kt_ber_close(u8 *buf, u32 app_tag, u32 content_len)
{
	unsigned int hl = kt_ber_tag_len(app_tag) + kt_ber_len_len(content_len);
	unsigned int i;

	if (hl != KT_BER_SHORT_HEADER)
		memmove(buf + hl, buf + KT_BER_SHORT_HEADER, content_len);
	i = kt_ber_put_tag(buf, KT_BER_CLASS_APPLICATION | KT_BER_CONSTRUCTED,
			   app_tag);
	kt_ber_put_len(buf + i, content_len);
	return hl + content_len;
}

/*
 * Parse one TLV header at @p (at most @avail bytes). Returns header length,
 * 0 if more bytes are needed, or -1 if malformed. Fills class/constructed
 * bits, tag number and content length.
 */
static inline int kt_ber_get_header(const u8 *p, u32 avail, u8 *class_bits,
				    u32 *tag, u32 *len)
{
	u32 i = 0;

	if (avail < 2)
		return 0;
	*class_bits = p[0] & 0xe0;
	if ((p[0] & KT_BER_HIGH_TAG) != KT_BER_HIGH_TAG) {
		*tag = p[0] & KT_BER_HIGH_TAG;
		i = 1;
	} else {
		if (p[1] & 0x80)
			return -1;	/* we never emit tags >= 128 */
		*tag = p[1];
		i = 2;
	}
	if (i >= avail)
		return 0;
	if (p[i] < 0x80) {
		*len = p[i];
		return i + 1;
	}
	if (p[i] == 0x81) {
		if (i + 2 > avail)
			return 0;
		*len = p[i + 1];
		return i + 2;
	}
	if (p[i] == 0x82) {
		if (i + 3 > avail)
			return 0;
		*len = (p[i + 1] << 8) | p[i + 2];
		return i + 3;
	}
	return -1;
}

static inline u64 kt_ber_get_int(const u8 *p, u32 len)
{
	/* Sign-extend from the first byte; unsigned shifts keep UBSAN quiet. */
	u64 v = (p[0] & 0x80) ? ~0ULL : 0;
	u32 i;

	for (i = 0; i < len; i++)
		v = (v << 8) | p[i];
	return v;
}

#endif /* KTRACE_BER_H */
