// SPDX-License-Identifier: GPL-2.0
/* Builds the module's lookup arrays from the ABI table (ktrace_table.h). */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/printk.h>

#include "table.h"

struct kt_event_desc kt_events[KT_NR_BITS];
struct kt_field_desc kt_fields[KT_NR_TAGS];
unsigned long kt_var_fields[KT_NR_BITS][KT_TAG_LONGS];
const char *kt_var_names[KT_NR_BITS];
u64 kt_known_events, kt_known_vars;
DECLARE_BITMAP(kt_context_fields, KT_NR_TAGS);
DECLARE_BITMAP(kt_common_fields, KT_NR_TAGS);
DECLARE_BITMAP(kt_kaddr_fields, KT_NR_TAGS);
DECLARE_BITMAP(kt_str_fields, KT_NR_TAGS);

const struct kt_event_row kt_event_rows[] = {
#define KT_X(id, bit, name, family, hook) { bit, name, family, hook },
	KT_EVENTS(KT_X)
#undef KT_X
};

const unsigned int kt_nr_event_rows = ARRAY_SIZE(kt_event_rows);

const struct kt_var_row kt_var_rows[] = {
#define KT_X(id, bit, name) { bit, name },
	KT_VARS(KT_X)
#undef KT_X
};

const unsigned int kt_nr_var_rows = ARRAY_SIZE(kt_var_rows);

const struct kt_field_row kt_field_rows[] = {
#define KT_X(id, tag, name, type, var) \
	{ tag, name, KT_TYPE_##type, KT_VAR_##var },
	KT_FIELDS(KT_X)
#undef KT_X
};

const unsigned int kt_nr_field_rows = ARRAY_SIZE(kt_field_rows);

static const struct {
	u8 event;
	u8 tag;
} kt_event_field_rows[] = {
#define KT_X(event, field) { KT_EV_##event, KT_F_##field },
	KT_EVENT_FIELDS(KT_X)
#undef KT_X
};

static const u8 kt_context_rows[] = {
#define KT_X(field) KT_F_##field,
	KT_CONTEXT_FIELDS(KT_X)
#undef KT_X
};

static const u8 kt_common_rows[] = {
#define KT_X(field) KT_F_##field,
	KT_COMMON_FIELDS(KT_X)
#undef KT_X
};

int kt_table_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kt_context_rows); i++)
		__set_bit(kt_context_rows[i], kt_context_fields);
	/* Recorded with every event, like the context fields, but never sent. */
	__set_bit(KT_F_VIS, kt_context_fields);
	for (i = 0; i < ARRAY_SIZE(kt_common_rows); i++)
		__set_bit(kt_common_rows[i], kt_common_fields);

	for (i = 0; i < kt_nr_field_rows; i++) {
		const struct kt_field_row *row = &kt_field_rows[i];

		if (row->tag >= KT_F_VIS || kt_fields[row->tag].known)
			goto out_bad_row;
		kt_fields[row->tag] = (struct kt_field_desc) {
			.name = row->name, .type = row->type,
			.var = row->var, .known = true,
		};
		if (row->type == KT_TYPE_KADDR)
			__set_bit(row->tag, kt_kaddr_fields);
		if (row->type == KT_TYPE_STR)
			__set_bit(row->tag, kt_str_fields);
		if (row->var < KT_NR_BITS)
			__set_bit(row->tag, kt_var_fields[row->var]);
	}
	for (i = 0; i < kt_nr_var_rows; i++) {
		if (kt_var_rows[i].bit >= KT_NR_BITS)
			goto out_bad_row;
		kt_var_names[kt_var_rows[i].bit] = kt_var_rows[i].name;
		kt_known_vars |= BIT_ULL(kt_var_rows[i].bit);
	}
	for (i = 0; i < kt_nr_event_rows; i++) {
		const struct kt_event_row *row = &kt_event_rows[i];

		if (row->bit >= KT_NR_BITS || kt_events[row->bit].known)
			goto out_bad_row;
		kt_events[row->bit] = (struct kt_event_desc) {
			.name = row->name, .family = row->family,
			.hook = row->hook, .known = true,
		};
		bitmap_or(kt_events[row->bit].fields, kt_context_fields,
			  kt_common_fields, KT_NR_TAGS);
		kt_known_events |= BIT_ULL(row->bit);
	}
	for (i = 0; i < ARRAY_SIZE(kt_event_field_rows); i++) {
		struct kt_event_desc *ev = &kt_events[kt_event_field_rows[i].event];
		unsigned int tag = kt_event_field_rows[i].tag;

		__set_bit(tag, ev->fields);
		if (kt_fields[tag].var == KT_VAR_PARAM)
			__set_bit(tag, ev->params);
	}
	return 0;

out_bad_row:
	pr_err("ABI table has a duplicate or out-of-range row (%u)\n", i);
	return -EINVAL;
}

/* Tags a reader wanting @vars receives (context fields not included). */
void kt_fields_for_vars(u64 vars, unsigned long *fields)
{
	unsigned int bit;

	bitmap_zero(fields, KT_NR_TAGS);
	for (bit = 0; bit < KT_NR_BITS; bit++)
		if (vars & BIT_ULL(bit))
			bitmap_or(fields, fields, kt_var_fields[bit], KT_NR_TAGS);
}
