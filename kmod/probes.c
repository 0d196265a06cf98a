// SPDX-License-Identifier: GPL-2.0
/* Finds the kernel hooks behind events and attaches probes on demand. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>

#include "probe.h"
#include "wrapper/kprobes.h"
#include "wrapper/tracepoint.h"

struct kt_hook {
	const struct kt_probe *probe;
	struct tracepoint *tp;
	bool registered;	/* kretprobe: registered, disabled until attached */
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

/*
 * A kretprobe is registered disabled at load, which checks that its symbol
 * exists and can be probed; attaching only arms it.
 */
static void kt_register_kretprobes(void)
{
	unsigned int bit;
	int err;

	for (bit = 0; bit < KT_NR_BITS; bit++) {
		struct kt_hook *h = &kt_hooks[bit];
		struct kretprobe *krp = h->probe ? h->probe->krp : NULL;

		if (!krp)
			continue;
		err = kt_kretprobe_register_disabled(krp);
		if (err) {
			pr_info("%s: cannot probe %s (%d): event unavailable\n",
				kt_events[bit].name, krp->kp.symbol_name, err);
			continue;
		}
		h->registered = true;
	}
}

static void kt_match_tracepoint(struct tracepoint *tp, void *priv)
{
	unsigned int bit;

	for (bit = 0; bit < KT_NR_BITS; bit++)
		if (kt_hooks[bit].probe && kt_hooks[bit].probe->tracepoint &&
		    !strcmp(kt_hooks[bit].probe->tracepoint, tp->name))
			kt_hooks[bit].tp = tp;
}

#define KT_PROBE_FAMILY_ADDR(family) (&kt_##family##_family)
static const struct kt_probe_family *const kt_families[] = {
	KT_PROBE_FAMILIES(KT_PROBE_FAMILY_ADDR)
};

int kt_probes_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kt_families); i++)
		kt_add_probes(kt_families[i]->probes, kt_families[i]->nr);
	kt_visit_tracepoints(kt_match_tracepoint, NULL);
	kt_register_kretprobes();
	return 0;
}

u64 kt_probes_available(void)
{
	u64 mask = 0;
	unsigned int bit;

	for (bit = 0; bit < KT_NR_BITS; bit++)
		if (kt_hooks[bit].tp || kt_hooks[bit].registered)
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

		if ((!h->tp && !h->registered) || want == h->attached)
			continue;
		if (h->registered)
			err = want ? enable_kretprobe(h->probe->krp) :
				     disable_kretprobe(h->probe->krp);
		else if (want)
			err = kt_tracepoint_attach(h->tp, h->probe->func);
		else
			err = kt_tracepoint_detach(h->tp, h->probe->func);
		if (err) {
			pr_warn("%s %s failed: %d\n", want ? "attach" : "detach",
				kt_events[bit].hook, err);
			ret = ret ?: err;
			continue;
		}
		h->attached = want;
	}
	return ret;
}

void kt_probes_exit(void)
{
	unsigned int bit;

	kt_probes_set(0);
	/* unregister_kretprobe() waits for running handlers itself. */
	for (bit = 0; bit < KT_NR_BITS; bit++) {
		if (!kt_hooks[bit].registered)
			continue;
		unregister_kretprobe(kt_hooks[bit].probe->krp);
		kt_hooks[bit].registered = false;
	}
	/* No probe may still be running once the rings are freed. */
	kt_tracepoint_sync();
}
