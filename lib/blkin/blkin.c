// SPDX-License-Identifier: GPL-2.0
/* libktrace-blkin: BlkKin's annotation API over USDT probes (see zipkin_c.h). */
#define _GNU_SOURCE
#define _SDT_HAS_SEMAPHORES 1
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/sdt.h>

#include "zipkin_c.h"

/*
 * The kernel raises a probe's semaphore while someone traces it: untraced,
 * blkin_record() reads it and returns.
 */
#define BLKIN_SEMAPHORE(name) \
	__attribute__((section(".probes"))) volatile unsigned short zipkin_##name##_semaphore
BLKIN_SEMAPHORE(timestamp);
BLKIN_SEMAPHORE(keyval_string);
BLKIN_SEMAPHORE(keyval_integer);

/* 1 in sample_rate traces is kept; 0 until read from the environment. */
static unsigned long sample_rate;

static unsigned long read_sample_rate(void)
{
	const char *env = getenv("KTRACE_BLKIN_SAMPLE");
	unsigned long n = env ? strtoul(env, NULL, 10) : 1;

	return n ? n : 1;
}

int blkin_init(void)
{
	__atomic_store_n(&sample_rate, read_sample_rate(), __ATOMIC_RELAXED);
	return 0;
}

/* A 64-bit mix (splitmix64's finaliser): every bit of the id moves the hash. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

int blkin_sampled(int64_t trace_id)
{
	unsigned long n = __atomic_load_n(&sample_rate, __ATOMIC_RELAXED);

	if (!n) {
		n = read_sample_rate();
		__atomic_store_n(&sample_rate, n, __ATOMIC_RELAXED);
	}
	return mix64((uint64_t)trace_id) % n == 0;
}

/* A random id, never 0 (which means "no parent"). */
static int64_t new_id(void)
{
	uint64_t id = 0;

	while (!(id >> 1))
		if (getrandom(&id, sizeof(id), 0) != sizeof(id))
			id = mix64(((uint64_t)random() << 32) ^ (uint64_t)random());
	return (int64_t)(id >> 1);
}

int blkin_init_endpoint(struct blkin_endpoint *endpoint, const char *ip, int port,
			const char *name)
{
	if (!endpoint)
		return -EINVAL;
	endpoint->ip = ip;
	endpoint->port = port;
	endpoint->name = name;
	return 0;
}

int blkin_init_new_trace(struct blkin_trace *new_trace, const char *name,
			 const struct blkin_endpoint *endpoint)
{
	if (!new_trace)
		return -EINVAL;
	new_trace->name = name;
	new_trace->endpoint = endpoint;
	new_trace->info.trace_id = new_id();
	new_trace->info.span_id = new_id();
	new_trace->info.parent_span_id = 0;
	return 0;
}

int blkin_init_child_info(struct blkin_trace *child, const struct blkin_trace_info *info,
			  const struct blkin_endpoint *endpoint, const char *child_name)
{
	if (!child || !info)
		return -EINVAL;
	child->name = child_name;
	child->endpoint = endpoint;
	child->info.trace_id = info->trace_id;
	child->info.span_id = new_id();
	child->info.parent_span_id = info->span_id;
	return 0;
}

int blkin_init_child(struct blkin_trace *child, const struct blkin_trace *parent,
		     const struct blkin_endpoint *endpoint, const char *child_name)
{
	if (!parent)
		return -EINVAL;
	return blkin_init_child_info(child, &parent->info,
				     endpoint ? endpoint : parent->endpoint, child_name);
}

int blkin_init_string_annotation(struct blkin_annotation *annotation, const char *key,
				 const char *val, const struct blkin_endpoint *endpoint)
{
	if (!annotation || !key || !val)
		return -EINVAL;
	annotation->type = ANNOT_STRING;
	annotation->key = key;
	annotation->val.string = val;
	annotation->endpoint = endpoint;
	return 0;
}

int blkin_init_integer_annotation(struct blkin_annotation *annotation, const char *key,
				  int64_t val, const struct blkin_endpoint *endpoint)
{
	if (!annotation || !key)
		return -EINVAL;
	annotation->type = ANNOT_INTEGER;
	annotation->key = key;
	annotation->val.integer = val;
	annotation->endpoint = endpoint;
	return 0;
}

int blkin_init_timestamp_annotation(struct blkin_annotation *annotation, const char *event,
				    const struct blkin_endpoint *endpoint)
{
	if (!annotation || !event)
		return -EINVAL;
	annotation->type = ANNOT_TIMESTAMP;
	annotation->key = event;
	annotation->val.string = NULL;
	annotation->endpoint = endpoint;
	return 0;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/*
 * The probes' strings come first (the module records strings of the first
 * arguments only): trace name, service, ip, then the event or key (and a
 * string value), then port, trace id, span id, parent span id (and an
 * integer value).
 */
int blkin_record(const struct blkin_trace *trace, const struct blkin_annotation *annotation)
{
	const struct blkin_endpoint *endp;
	const char *name, *service, *ip;
	long port, trace_id, span_id, parent;

	if (!trace || !annotation)
		return -EINVAL;
	switch (annotation->type) {
	case ANNOT_TIMESTAMP:
		if (!zipkin_timestamp_semaphore)
			return 0;
		break;
	case ANNOT_STRING:
		if (!zipkin_keyval_string_semaphore)
			return 0;
		break;
	case ANNOT_INTEGER:
		if (!zipkin_keyval_integer_semaphore)
			return 0;
		break;
	default:
		return -EINVAL;
	}
	if (!blkin_sampled(trace->info.trace_id))
		return 0;
	endp = annotation->endpoint ? annotation->endpoint : trace->endpoint;
	name = or_empty(trace->name);
	service = endp ? or_empty(endp->name) : "";
	ip = endp ? or_empty(endp->ip) : "";
	port = endp ? endp->port : 0;
	trace_id = trace->info.trace_id;
	span_id = trace->info.span_id;
	parent = trace->info.parent_span_id;
	switch (annotation->type) {
	case ANNOT_TIMESTAMP:
		STAP_PROBE8(zipkin, timestamp, name, service, ip, or_empty(annotation->key),
			    port, trace_id, span_id, parent);
		break;
	case ANNOT_STRING:
		STAP_PROBE9(zipkin, keyval_string, name, service, ip, or_empty(annotation->key),
			    or_empty(annotation->val.string), port, trace_id, span_id, parent);
		break;
	case ANNOT_INTEGER:
		STAP_PROBE9(zipkin, keyval_integer, name, service, ip, or_empty(annotation->key),
			    port, trace_id, span_id, parent, (long)annotation->val.integer);
		break;
	}
	return 0;
}

int blkin_get_trace_info(const struct blkin_trace *trace, struct blkin_trace_info *info)
{
	if (!trace || !info)
		return -EINVAL;
	*info = trace->info;
	return 0;
}

int blkin_set_trace_info(struct blkin_trace *trace, const struct blkin_trace_info *info)
{
	if (!trace || !info)
		return -EINVAL;
	trace->info = *info;
	return 0;
}

int blkin_set_trace_properties(struct blkin_trace *trace, const struct blkin_trace_info *info,
			       const char *name, const struct blkin_endpoint *endpoint)
{
	if (!trace || !info)
		return -EINVAL;
	trace->info = *info;
	trace->name = name;
	trace->endpoint = endpoint;
	return 0;
}

int blkin_pack_trace_info(const struct blkin_trace_info *info,
			  struct blkin_trace_info_packed *pinfo)
{
	if (!info || !pinfo)
		return -EINVAL;
	pinfo->trace_id = htobe64((uint64_t)info->trace_id);
	pinfo->span_id = htobe64((uint64_t)info->span_id);
	pinfo->parent_span_id = htobe64((uint64_t)info->parent_span_id);
	return 0;
}

int blkin_unpack_trace_info(const struct blkin_trace_info_packed *pinfo,
			    struct blkin_trace_info *info)
{
	if (!info || !pinfo)
		return -EINVAL;
	info->trace_id = (int64_t)be64toh(pinfo->trace_id);
	info->span_id = (int64_t)be64toh(pinfo->span_id);
	info->parent_span_id = (int64_t)be64toh(pinfo->parent_span_id);
	return 0;
}
