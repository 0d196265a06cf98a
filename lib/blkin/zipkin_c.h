/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libktrace-blkin: BlkKin's C annotation API (same header name, structures
 * and functions), where blkin_record() fires the USDT probes
 * zipkin:timestamp, zipkin:keyval_string and zipkin:keyval_integer that
 * `ktrace spans` collects. Untraced, blkin_record() reads a semaphore and
 * returns. Functions return 0, or -EINVAL for a NULL argument.
 *
 * Sampling: with KTRACE_BLKIN_SAMPLE=N in the environment (read by
 * blkin_init() or the first blkin_record()), only traces whose id hashes to
 * 0 modulo N are recorded: every process on every machine keeps the same
 * traces. blkin_sampled() gives that decision.
 */
#ifndef KTRACE_ZIPKIN_C_H
#define KTRACE_ZIPKIN_C_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where annotations happen: a service's name, address and port. */
struct blkin_endpoint {
	const char *ip;
	int port;
	const char *name;
};

/* What travels between components: the ids of a span and of its parent (0 for a root). */
struct blkin_trace_info {
	int64_t trace_id;
	int64_t span_id;
	int64_t parent_span_id;
};

/* blkin_trace_info in network byte order, for a message between processes or machines. */
struct blkin_trace_info_packed {
	uint64_t trace_id;
	uint64_t span_id;
	uint64_t parent_span_id;
} __attribute__((packed));

/* A span: its name, ids and the endpoint its annotations default to. */
struct blkin_trace {
	const char *name;
	struct blkin_trace_info info;
	const struct blkin_endpoint *endpoint;
};

typedef enum {
	ANNOT_STRING = 0,
	ANNOT_INTEGER,
	ANNOT_TIMESTAMP
} blkin_annotation_type;

/* An event (ANNOT_TIMESTAMP, its name in key) or a key with a value. */
struct blkin_annotation {
	blkin_annotation_type type;
	const char *key;
	union {
		const char *string;
		int64_t integer;
	} val;
	const struct blkin_endpoint *endpoint;
};

int blkin_init(void);
int blkin_init_new_trace(struct blkin_trace *new_trace, const char *name,
			 const struct blkin_endpoint *endpoint);
int blkin_init_child(struct blkin_trace *child, const struct blkin_trace *parent,
		     const struct blkin_endpoint *endpoint, const char *child_name);
int blkin_init_child_info(struct blkin_trace *child, const struct blkin_trace_info *info,
			  const struct blkin_endpoint *endpoint, const char *child_name);
int blkin_init_endpoint(struct blkin_endpoint *endpoint, const char *ip, int port,
			const char *name);
int blkin_init_string_annotation(struct blkin_annotation *annotation, const char *key,
				 const char *val, const struct blkin_endpoint *endpoint);
int blkin_init_integer_annotation(struct blkin_annotation *annotation, const char *key,
				  int64_t val, const struct blkin_endpoint *endpoint);
int blkin_init_timestamp_annotation(struct blkin_annotation *annotation, const char *event,
				    const struct blkin_endpoint *endpoint);
int blkin_record(const struct blkin_trace *trace, const struct blkin_annotation *annotation);
int blkin_get_trace_info(const struct blkin_trace *trace, struct blkin_trace_info *info);
int blkin_set_trace_info(struct blkin_trace *trace, const struct blkin_trace_info *info);
int blkin_set_trace_properties(struct blkin_trace *trace, const struct blkin_trace_info *info,
			       const char *name, const struct blkin_endpoint *endpoint);
int blkin_pack_trace_info(const struct blkin_trace_info *info,
			  struct blkin_trace_info_packed *pinfo);
int blkin_unpack_trace_info(const struct blkin_trace_info_packed *pinfo,
			    struct blkin_trace_info *info);

/* ktrace's addition: whether traces with @trace_id are recorded under the sampling rate. */
int blkin_sampled(int64_t trace_id);

#define BLKIN_TIMESTAMP(trace, endp, event)					\
	do {									\
		struct blkin_annotation __blkin_a;				\
		blkin_init_timestamp_annotation(&__blkin_a, (event), (endp));	\
		blkin_record((trace), &__blkin_a);				\
	} while (0)

#define BLKIN_KEYVAL_STRING(trace, endp, key, val)				\
	do {									\
		struct blkin_annotation __blkin_a;				\
		blkin_init_string_annotation(&__blkin_a, (key), (val), (endp));	\
		blkin_record((trace), &__blkin_a);				\
	} while (0)

#define BLKIN_KEYVAL_INTEGER(trace, endp, key, val)				\
	do {									\
		struct blkin_annotation __blkin_a;				\
		blkin_init_integer_annotation(&__blkin_a, (key), (val), (endp));\
		blkin_record((trace), &__blkin_a);				\
	} while (0)

#ifdef __cplusplus
}
#endif

#endif /* KTRACE_ZIPKIN_C_H */
