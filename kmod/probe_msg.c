// SPDX-License-Identifier: GPL-2.0
/* Msg family: socket sends, receives, connects and accepts, at syscall exit. */
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/net.h>
#include <linux/ptrace.h>
#include <linux/socket.h>
#include <linux/tcp.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/sock.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include <trace/events/syscalls.h>

#include "wrapper/sock_ino.h"
#include "wrapper/syscall_tp.h"
#include "wrapper/tracepoint.h"
#include "probe.h"

/*
 * Every message event is taken at sys_exit, where the byte count is known
 * and a blocking receive has completed: nothing is held across the block.
 * The socket is found from the syscall's fd with fget(), which takes a
 * reference without sleeping; fput() from task context only queues the
 * last release as task work. The socket's fields are read with READ_ONCE
 * and no lock: what a record shows is what a racing change left.
 */

/* An endpoint as the record carries it: inet address then port (network order); unix path. */
struct kt_msg_addr {
	u8 bytes[sizeof_field(struct sockaddr_un, sun_path)];
	u32 len;
};

struct kt_msg_sock {
	int family;
	int type;
	int protocol;
	u64 ino;
	u64 peer_ino;		/* unix stream: the connected peer socket's */
	u32 seq;		/* TCP: first byte's sequence number */
	struct kt_msg_addr local;
	struct kt_msg_addr remote;
};

static void kt_msg_inet(struct kt_msg_addr *a, const void *addr, u32 alen,
			__be16 port)
{
	memcpy(a->bytes, addr, alen);
	memcpy(a->bytes + alen, &port, sizeof(port));
	a->len = alen + sizeof(port);
}

/* The endpoints the socket itself knows; zero length where it knows none. */
static void kt_msg_sock_addrs(struct sock *sk, struct kt_msg_sock *m)
{
	__be16 lport = htons(READ_ONCE(sk->sk_num));
	__be16 rport = READ_ONCE(sk->sk_dport);

	if (m->family == AF_INET) {
		__be32 l = READ_ONCE(sk->sk_rcv_saddr), r = READ_ONCE(sk->sk_daddr);

		kt_msg_inet(&m->local, &l, sizeof(l), lport);
		if (rport)
			kt_msg_inet(&m->remote, &r, sizeof(r), rport);
	}
#if IS_ENABLED(CONFIG_IPV6)
	if (m->family == AF_INET6) {
		struct in6_addr l = sk->sk_v6_rcv_saddr, r = sk->sk_v6_daddr;

		kt_msg_inet(&m->local, &l, sizeof(l), lport);
		if (rport)
			kt_msg_inet(&m->remote, &r, sizeof(r), rport);
	}
#endif
}

/* A socket address in user memory (sendto's, recvfrom's), for unconnected sockets. */
static void kt_msg_user_addr(struct kt_msg_addr *a, const void __user *uaddr,
			     unsigned long ulen)
{
	struct sockaddr_storage ss;
	u32 n = min_t(unsigned long, ulen, sizeof(ss));

	if (!uaddr || n < sizeof(sa_family_t) ||
	    copy_from_user_nofault(&ss, uaddr, n))
		return;
	switch (ss.ss_family) {
	case AF_INET: {
		const struct sockaddr_in *in = (const void *)&ss;

		if (n >= sizeof(*in))
			kt_msg_inet(a, &in->sin_addr, sizeof(in->sin_addr),
				    in->sin_port);
		break;
	}
	case AF_INET6: {
		const struct sockaddr_in6 *in6 = (const void *)&ss;

		if (n >= sizeof(*in6))
			kt_msg_inet(a, &in6->sin6_addr, sizeof(in6->sin6_addr),
				    in6->sin6_port);
		break;
	}
	case AF_UNIX: {
		const struct sockaddr_un *un = (const void *)&ss;
		u32 plen = n - offsetof(struct sockaddr_un, sun_path);

		/* Abstract names start with a NUL: keep their bytes as they are. */
		if (plen && un->sun_path[0])
			plen = strnlen(un->sun_path, plen);
		memcpy(a->bytes, un->sun_path, plen);
		a->len = plen;
		break;
	}
	}
}

enum kt_msg_dir { KT_MSG_SEND, KT_MSG_RECV, KT_MSG_CONN };

/*
 * Fills @m from the socket open at @fd; false if @fd is no socket. @bytes
 * is what the syscall moved, to find a TCP send's or receive's first byte.
 */
static bool kt_msg_lookup(unsigned long fd, enum kt_msg_dir dir, long bytes,
			  struct kt_msg_sock *m)
{
	struct socket *sock;
	struct file *file;
	struct sock *sk;
	bool ok = false;

	if (fd > INT_MAX)
		return false;
	file = fget(fd);
	if (!file)
		return false;
	sock = sock_from_file(file);
	sk = sock ? READ_ONCE(sock->sk) : NULL;
	if (!sk)
		goto out_put;
	m->family = READ_ONCE(sk->sk_family);
	m->type = READ_ONCE(sk->sk_type);
	m->protocol = READ_ONCE(sk->sk_protocol);
	m->ino = SOCK_INODE(sock)->i_ino;
	if (m->family == AF_UNIX) {
		struct sock *peer;

		/*
		 * A stream socket's peer is set once, holding a reference,
		 * and dropped only when this socket is released, which the
		 * file reference prevents. A datagram socket's may change
		 * under a concurrent connect(): it is not read.
		 */
		if (m->type == SOCK_STREAM || m->type == SOCK_SEQPACKET) {
			peer = READ_ONCE(unix_peer(sk));
			if (peer)
				m->peer_ino = kt_sock_ino(peer);
		}
	} else if (m->family == AF_INET || m->family == AF_INET6) {
		kt_msg_sock_addrs(sk, m);
		if (m->protocol == IPPROTO_TCP && m->type == SOCK_STREAM &&
		    dir != KT_MSG_CONN) {
			const struct tcp_sock *tp = tcp_sk(sk);

			m->seq = (dir == KT_MSG_SEND ? READ_ONCE(tp->write_seq) :
				  READ_ONCE(tp->copied_seq)) - (u32)bytes;
		}
	} else {
		goto out_put;
	}
	ok = true;
out_put:
	fput(file);
	return ok;
}

/* Where the syscall's data and peer address are, in the caller's memory. */
struct kt_msg_user {
	const void __user *buf;	/* first buffer */
	unsigned long buf_len;
	const void __user *addr;
	unsigned long addr_len;
	bool addr_len_ptr;	/* addr_len is a pointer to an int (recvfrom) */
};

static void kt_msg_iov(struct kt_msg_user *u, const void __user *iov,
		       unsigned long cnt)
{
	struct iovec v;

	if (cnt && !copy_from_user_nofault(&v, iov, sizeof(v))) {
		u->buf = v.iov_base;
		u->buf_len = v.iov_len;
	}
}

static void kt_msg_hdr(struct kt_msg_user *u, const void __user *uhdr)
{
	struct user_msghdr h;

	if (copy_from_user_nofault(&h, uhdr, sizeof(h)))
		return;
	u->addr = h.msg_name;
	u->addr_len = h.msg_namelen;
	kt_msg_iov(u, h.msg_iov, h.msg_iovlen);
}

/* The send or receive syscalls the family covers; false for others. */
static bool kt_msg_syscall(long nr, enum kt_msg_dir dir,
			   const unsigned long *a, struct kt_msg_user *u)
{
	memset(u, 0, sizeof(*u));
	if (dir == KT_MSG_SEND) {
		switch (nr) {
		case __NR_write:
			u->buf = (const void __user *)a[1];
			u->buf_len = a[2];
			return true;
		case __NR_writev:
			kt_msg_iov(u, (const void __user *)a[1], a[2]);
			return true;
		case __NR_sendto:
			u->buf = (const void __user *)a[1];
			u->buf_len = a[2];
			u->addr = (const void __user *)a[4];
			u->addr_len = a[5];
			return true;
		case __NR_sendmsg:
			kt_msg_hdr(u, (const void __user *)a[1]);
			return true;
		case __NR_sendfile:
			return true;
		}
		return false;
	}
	switch (nr) {
	case __NR_read:
		u->buf = (const void __user *)a[1];
		u->buf_len = a[2];
		return true;
	case __NR_readv:
		kt_msg_iov(u, (const void __user *)a[1], a[2]);
		return true;
	case __NR_recvfrom:
		/* A peek leaves the data queued: its real receive follows. */
		if (a[3] & MSG_PEEK)
			return false;
		u->buf = (const void __user *)a[1];
		u->buf_len = a[2];
		u->addr = (const void __user *)a[4];
		u->addr_len = a[5];
		u->addr_len_ptr = true;
		return true;
	case __NR_recvmsg:
		if (a[2] & MSG_PEEK)
			return false;
		kt_msg_hdr(u, (const void __user *)a[1]);
		return true;
	}
	return false;
}

static void kt_msg_set_addr(struct kt_ring *ring, unsigned int tag,
			    const struct kt_msg_addr *a)
{
	if (a->len)
		kt_set_bytes_kernel(ring, tag, a->bytes, a->len, KT_STR_COMPLETE);
}

static void kt_msg_commit(unsigned int event, unsigned long fd, long bytes,
			  const struct kt_msg_sock *m, const struct kt_msg_user *u)
{
	struct kt_ring *ring;
	unsigned long flags;

	ring = kt_record_begin(&flags);
	if (!ring)
		return;
	kt_set(ring, KT_F_SOCK_FD, fd);
	kt_set(ring, KT_F_SOCK_FAMILY, m->family);
	kt_set(ring, KT_F_SOCK_TYPE, m->type);
	kt_set(ring, KT_F_SOCK_PROTOCOL, m->protocol);
	kt_set(ring, KT_F_MSG_INO, m->ino);
	kt_set(ring, KT_F_MSG_PEER_INO, m->peer_ino);
	kt_msg_set_addr(ring, KT_F_MSG_LOCAL, &m->local);
	kt_msg_set_addr(ring, KT_F_MSG_REMOTE, &m->remote);
	if (event == KT_EV_MSG_CONNECT) {
		kt_set(ring, KT_F_NET_RC, bytes);
	} else if (event != KT_EV_MSG_ACCEPT) {
		kt_set(ring, KT_F_MSG_BYTES, bytes);
		kt_set(ring, KT_F_MSG_SEQ, m->seq);
		if (u->buf && kt_wants(event, KT_F_MSG_DATA))
			kt_set_bytes_user(ring, KT_F_MSG_DATA, u->buf,
					  min_t(u64, bytes, u->buf_len),
					  READ_ONCE(kt_global_snaplen));
	}
	kt_record_commit(ring, event, flags);
}

static void kt_msg_exit(struct pt_regs *regs, long ret, enum kt_msg_dir dir)
{
	long nr = syscall_get_nr(current, regs);
	struct kt_msg_sock m = {};
	struct kt_msg_user u;
	unsigned long a[6];

	kt_syscall_probe_context();
	if (ret <= 0 || in_compat_syscall())
		return;
	/* On x86-64 the argument registers survive the syscall. */
	syscall_get_arguments(current, regs, a);
	if (!kt_msg_syscall(nr, dir, a, &u) || !kt_msg_lookup(a[0], dir, ret, &m))
		return;
	if (!m.remote.len && u.addr) {
		unsigned long alen = u.addr_len;
		int klen;

		if (u.addr_len_ptr) {
			if (copy_from_user_nofault(&klen, (const void __user *)alen,
						   sizeof(klen)) || klen < 0)
				klen = 0;
			alen = klen;
		}
		kt_msg_user_addr(&m.remote, u.addr, alen);
	}
	kt_msg_commit(dir == KT_MSG_SEND ? KT_EV_MSG_SEND : KT_EV_MSG_RECV,
		      a[0], ret, &m, &u);
}

static void kt_probe_msg_send(void *data, struct pt_regs *regs, long ret)
{
	kt_msg_exit(regs, ret, KT_MSG_SEND);
}

static void kt_probe_msg_recv(void *data, struct pt_regs *regs, long ret)
{
	kt_msg_exit(regs, ret, KT_MSG_RECV);
}

/*
 * connect() that succeeded or is under way (EINPROGRESS), accept() and
 * accept4() with the new socket: both ends as the socket knows them.
 */
static void kt_msg_conn_exit(struct pt_regs *regs, long ret,
			     unsigned int event)
{
	long nr = syscall_get_nr(current, regs);
	struct kt_msg_sock m = {};
	struct kt_msg_user u = {};
	unsigned long a[6], fd;

	kt_syscall_probe_context();
	if (in_compat_syscall())
		return;
	if (event == KT_EV_MSG_CONNECT) {
		if (nr != __NR_connect || (ret && ret != -EINPROGRESS))
			return;
		syscall_get_arguments(current, regs, a);
		fd = a[0];
	} else {
		if ((nr != __NR_accept && nr != __NR_accept4) || ret < 0)
			return;
		fd = ret;
	}
	if (!kt_msg_lookup(fd, KT_MSG_CONN, 0, &m))
		return;
	kt_msg_commit(event, fd, ret, &m, &u);
}

/* Distinct functions: a tracepoint takes each (function, data) pair once. */
static void kt_probe_msg_connect(void *data, struct pt_regs *regs, long ret)
{
	kt_msg_conn_exit(regs, ret, KT_EV_MSG_CONNECT);
}

static void kt_probe_msg_accept(void *data, struct pt_regs *regs, long ret)
{
	kt_msg_conn_exit(regs, ret, KT_EV_MSG_ACCEPT);
}

static const struct kt_probe kt_msg_probes[] = {
	KT_TP_PROBE(KT_EV_MSG_SEND, sys_exit, kt_probe_msg_send),
	KT_TP_PROBE(KT_EV_MSG_RECV, sys_exit, kt_probe_msg_recv),
	KT_TP_PROBE(KT_EV_MSG_CONNECT, sys_exit, kt_probe_msg_connect),
	KT_TP_PROBE(KT_EV_MSG_ACCEPT, sys_exit, kt_probe_msg_accept),
};

const struct kt_probe_family kt_msg_family = {
	.probes = kt_msg_probes,
	.nr = ARRAY_SIZE(kt_msg_probes),
};
