/* SPDX-License-Identifier: GPL-2.0 */
/* The ABI table as the module uses it: ids, limits, event and field descriptions. */
#ifndef KT_TABLE_H
#define KT_TABLE_H

#include <linux/bitmap.h>
#include <linux/types.h>

#include "ktrace_abi.h"

/* Field tags index plain arrays and bitmaps; BER tags stay below 128. */
#define KT_NR_TAGS 128
#define KT_NR_BITS 64
#define KT_TAG_LONGS BITS_TO_LONGS(KT_NR_TAGS)

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

#endif /* KT_TABLE_H */
