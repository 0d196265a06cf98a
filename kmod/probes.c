// SPDX-License-Identifier: GPL-2.0
/* Finds the kernel tracepoints behind events and attaches probes on demand. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>
#include <linux/tracepoint.h>

#include "ktrace.h"

struct kt_hook {
	const struct kt_probe *probe;
	struct tracepoint *tp;
	bool attached;
};

/* Indexed by event bit; changed only under kt_readers_lock (main.c). */
static struct kt_hook kt_hooks[KT_NR_BITS];

static void kt_add_probes(const struct kt_probe *probes, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		kt_hooks[probes[i].event].probe = &probes[i];
}

static void kt_match_tracepoint(struct tracepoint *tp, void *priv)
{
	unsigned int bit;

	for (bit = 0; bit < KT_NR_BITS; bit++)
		if (kt_hooks[bit].probe &&
		    !strcmp(kt_hooks[bit].probe->tracepoint, tp->name))
			kt_hooks[bit].tp = tp;
}

int kt_probes_init(void)
{
	kt_add_probes(kt_syscall_probes, kt_nr_syscall_probes);
	kt_add_probes(kt_process_probes, kt_nr_process_probes);
	for_each_kernel_tracepoint(kt_match_tracepoint, NULL);
	return 0;
}

u64 kt_probes_available(void)
{
	u64 mask = 0;
	unsigned int bit;

	for (bit = 0; bit < KT_NR_BITS; bit++)
		if (kt_hooks[bit].tp)
			mask |= BIT_ULL(bit);
	return mask;
}

/* Attach exactly the probes of @events, detaching the rest. */
int kt_probes_set(u64 events)
{
	unsigned int bit;
	int ret = 0;

	for (bit = 0; bit < KT_NR_BITS; bit++) {
		struct kt_hook *h = &kt_hooks[bit];
		bool want = events & BIT_ULL(bit);
		int err = 0;

		if (!h->tp || want == h->attached)
			continue;
		if (want)
			err = tracepoint_probe_register(h->tp, h->probe->func, NULL);
		else
			err = tracepoint_probe_unregister(h->tp, h->probe->func, NULL);
		if (err) {
			pr_warn("%s %s failed: %d\n", want ? "attach" : "detach",
				h->probe->tracepoint, err);
			ret = ret ?: err;
			continue;
		}
		h->attached = want;
	}
	return ret;
}

void kt_probes_exit(void)
{
	kt_probes_set(0);
	/* No probe may still be running once the rings are freed. */
	tracepoint_synchronize_unregister();
}
