// SPDX-License-Identifier: GPL-2.0
/* Benchmark floor: empty probes on the raw_syscalls enter/exit tracepoints. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

static struct tracepoint *ep_sys_enter;
static struct tracepoint *ep_sys_exit;

/* The probes do nothing: what remains is the cost of the hook itself. */
static void ep_probe_enter(void *data, struct pt_regs *regs, long id)
{
}

static void ep_probe_exit(void *data, struct pt_regs *regs, long ret)
{
}

static void ep_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		ep_sys_enter = tp;
	else if (!strcmp(tp->name, "sys_exit"))
		ep_sys_exit = tp;
}

static int __init ep_init(void)
{
	int ret;

	for_each_kernel_tracepoint(ep_find_tracepoint, NULL);
	if (!ep_sys_enter || !ep_sys_exit) {
		pr_err("raw_syscalls tracepoints not found\n");
		return -ENOENT;
	}
	ret = tracepoint_probe_register(ep_sys_enter, ep_probe_enter, NULL);
	if (ret)
		return ret;
	ret = tracepoint_probe_register(ep_sys_exit, ep_probe_exit, NULL);
	if (ret)
		goto unregister_enter;
	return 0;

unregister_enter:
	tracepoint_probe_unregister(ep_sys_enter, ep_probe_enter, NULL);
	tracepoint_synchronize_unregister();
	return ret;
}

static void __exit ep_exit(void)
{
	tracepoint_probe_unregister(ep_sys_exit, ep_probe_exit, NULL);
	tracepoint_probe_unregister(ep_sys_enter, ep_probe_enter, NULL);
	/* No probe may still run when the module text goes away. */
	tracepoint_synchronize_unregister();
}

module_init(ep_init);
module_exit(ep_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Empty raw_syscalls probes: the ktrace benchmark's floor");
