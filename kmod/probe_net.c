// SPDX-License-Identifier: GPL-2.0
/* Net family: socket creation, packet transmit and receive. */
#include <linux/kernel.h>
#include <linux/netdevice.h>
#include <linux/ptrace.h>
#include <linux/skbuff.h>
#include <trace/events/net.h>

#include "wrapper/tracepoint.h"
#include "probe.h"
#include "wrapper/kprobes.h"

/* No tracepoint marks socket creation: a kretprobe on __sys_socket does. */
struct kt_socket_args {
	int family;
	int type;
	int protocol;
};

static KT_KRETPROBE_HANDLER(kt_socket_entry)
{
	struct kt_socket_args *a = kt_kretprobe_data(ri);

	a->family = regs_get_kernel_argument(regs, 0);
	a->type = regs_get_kernel_argument(regs, 1);
	a->protocol = regs_get_kernel_argument(regs, 2);
	return 0;
}

static KT_KRETPROBE_HANDLER(kt_socket_return)
{
	const struct kt_socket_args *a = kt_kretprobe_data(ri);
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return 0;
	kt_set(ring, KT_F_SOCK_FAMILY, a->family);
	kt_set(ring, KT_F_SOCK_TYPE, a->type);
	kt_set(ring, KT_F_SOCK_PROTOCOL, a->protocol);
	/* An int: the upper half of the return register is not sign-extended. */
	kt_set(ring, KT_F_SOCK_FD, (int)regs_return_value(regs));
	kt_record_commit(ring, KT_EV_SOCKET_OPEN, flags);
	return 0;
}

static struct kretprobe kt_socket_krp = {
	.kp.symbol_name = "__sys_socket",
	.entry_handler = kt_socket_entry,
	.handler = kt_socket_return,
	.data_size = sizeof(struct kt_socket_args),
};

static void kt_set_dev(struct kt_ring *ring, const struct net_device *dev)
{
	kt_set(ring, KT_F_IFINDEX, dev ? dev->ifindex : 0);
	kt_set_str_kernel(ring, KT_F_DEV_NAME, dev ? dev->name : NULL, IFNAMSIZ);
}

/* @skb may already be freed: only its address is recorded. */
static void kt_probe_net_xmit(void *data, struct sk_buff *skb, int rc,
			      struct net_device *dev, unsigned int skb_len)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SKB_ADDR, (unsigned long)skb);
	kt_set(ring, KT_F_SKB_LEN, skb_len);
	kt_set(ring, KT_F_NET_RC, rc);
	kt_set_dev(ring, dev);
	kt_record_commit(ring, KT_EV_NET_XMIT, flags);
}

static void kt_probe_net_recv(void *data, struct sk_buff *skb)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SKB_ADDR, (unsigned long)skb);
	kt_set(ring, KT_F_SKB_LEN, skb->len);
	kt_set(ring, KT_F_NET_PROTOCOL, ntohs(skb->protocol));
	kt_set_dev(ring, skb->dev);
	kt_record_commit(ring, KT_EV_NET_RECV, flags);
}

static const struct kt_probe kt_net_probes[] = {
	{ KT_EV_SOCKET_OPEN, NULL, NULL, &kt_socket_krp },
	KT_TP_PROBE(KT_EV_NET_XMIT, net_dev_xmit, kt_probe_net_xmit),
	KT_TP_PROBE(KT_EV_NET_RECV, netif_receive_skb, kt_probe_net_recv),
};

const struct kt_probe_family kt_net_family = {
	.probes = kt_net_probes,
	.nr = ARRAY_SIZE(kt_net_probes),
};
