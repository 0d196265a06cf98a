/* SPDX-License-Identifier: GPL-2.0 */
/* Socket inode numbers: read from the sock itself where it keeps one. */
#ifndef KT_WRAPPER_SOCK_INO_H
#define KT_WRAPPER_SOCK_INO_H

#include <linux/fs.h>
#include <linux/rcupdate.h>
#include <net/sock.h>

/*
 * The inode number of the socket @sk belongs to, 0 once it has none (its
 * file was closed). Newer kernels copy it into sk->sk_ino when the socket
 * is grafted (KT_HAVE_SK_INO: Kbuild found the member in <net/sock.h>);
 * before, it is read through sk->sk_socket, whose inode sockfs frees only
 * after an RCU grace period, so the read is safe under rcu_read_lock()
 * without sk_callback_lock, which this context may not take.
 */
static inline u64 kt_sock_ino(struct sock *sk)
{
#ifdef KT_HAVE_SK_INO
	return READ_ONCE(sk->sk_ino);
#else
	struct socket *sock;
	u64 ino = 0;

	rcu_read_lock();
	sock = READ_ONCE(sk->sk_socket);
	if (sock)
		ino = SOCK_INODE(sock)->i_ino;
	rcu_read_unlock();
	return ino;
#endif
}

#endif /* KT_WRAPPER_SOCK_INO_H */
