// SPDX-License-Identifier: GPL-2.0
/* sendmsg, recvmsg, sendmmsg and recvmmsg with known arguments, for the msghdr tests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* A control buffer aligned as cmsghdr wants. */
union control {
	char buf[256];
	struct cmsghdr align;
};

static void rights(struct msghdr *m, union control *c, const int *fds, int n)
{
	struct cmsghdr *h;

	memset(c, 0, sizeof(*c));
	m->msg_control = c->buf;
	m->msg_controllen = CMSG_SPACE(n * sizeof(int));
	h = CMSG_FIRSTHDR(m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(h), fds, n * sizeof(int));
}

/*
 * Touches the bytes sendmsg sends: the module reads them at sys_enter
 * without faulting, so a page of string literals the program has not used
 * yet would be unavailable to it (strace's reads fault it in).
 */
static void fault_in(const struct msghdr *m)
{
	size_t i, j;

	for (i = 0; i < m->msg_iovlen; i++)
		for (j = 0; j < m->msg_iov[i].iov_len; j++)
			(void)*(volatile const char *)((const char *)m->msg_iov[i].iov_base + j);
}

/*
 * --secret FILE: FILE's first 16 bytes (mapped, so no read() carries them)
 * sent by sendmsg and received by recvmsg over a socketpair: what a reader
 * that may not trace this process must never receive.
 */
static int secret(const char *file)
{
	int fd = open(file, O_RDONLY), sv[2];
	struct iovec iov;
	struct msghdr m;
	char back[16];
	void *text;

	if (fd < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		return 1;
	text = mmap(NULL, 16, PROT_READ, MAP_PRIVATE, fd, 0);
	if (text == MAP_FAILED)
		return 1;
	memset(&m, 0, sizeof(m));
	iov.iov_base = text;
	iov.iov_len = 16;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	fault_in(&m);
	if (sendmsg(sv[0], &m, 0) != 16)
		return 2;
	iov.iov_base = back;
	if (recvmsg(sv[1], &m, 0) != 16)
		return 2;
	return 0;
}

/* Unix datagrams over the socketpair 3 (sends) and 4 (receives). */
static int unix_calls(void)
{
	char a[16], b[16], many[40], one[48];
	struct iovec iov[40], *gone;
	int fds[3] = { 0, 1, 2 };
	struct ucred cred;
	struct cmsghdr *h;
	union control c;
	struct msghdr m;
	int i, on = 1;

	/* Two iovecs and two descriptors; received into two buffers, with a cmsg buffer to spare. */
	memset(&m, 0, sizeof(m));
	iov[0].iov_base = "abc";
	iov[0].iov_len = 3;
	iov[1].iov_base = "defg";
	iov[1].iov_len = 4;
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	rights(&m, &c, fds, 2);
	fault_in(&m);
	if (sendmsg(3, &m, 0) != 7)
		return 1;
	memset(&m, 0, sizeof(m));
	memset(&c, 0, sizeof(c));
	iov[0].iov_base = a;
	iov[0].iov_len = 5;
	iov[1].iov_base = b;
	iov[1].iov_len = 16;
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	m.msg_control = c.buf;
	m.msg_controllen = 64;
	if (recvmsg(4, &m, MSG_CMSG_CLOEXEC) != 7)
		return 2;
	close(5);
	close(6);

	/* Three descriptors into room for two: MSG_CTRUNC. */
	memset(&m, 0, sizeof(m));
	iov[0].iov_base = "x";
	iov[0].iov_len = 1;
	m.msg_iov = iov;
	m.msg_iovlen = 1;
	rights(&m, &c, fds, 3);
	m.msg_controllen = CMSG_LEN(3 * sizeof(int));
	fault_in(&m);
	if (sendmsg(3, &m, 0) != 1)
		return 3;
	memset(&c, 0, sizeof(c));
	iov[0].iov_base = a;
	iov[0].iov_len = sizeof(a);
	m.msg_control = c.buf;
	m.msg_controllen = CMSG_SPACE(2 * sizeof(int));
	if (recvmsg(4, &m, 0) != 1)
		return 4;
	close(5);
	close(6);

	/* Credentials, given explicitly and received (SO_PASSCRED). */
	if (setsockopt(4, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)))
		return 5;
	memset(&m, 0, sizeof(m));
	memset(&c, 0, sizeof(c));
	iov[0].iov_base = "cred";
	iov[0].iov_len = 4;
	m.msg_iov = iov;
	m.msg_iovlen = 1;
	m.msg_control = c.buf;
	m.msg_controllen = CMSG_SPACE(sizeof(cred));
	h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_CREDENTIALS;
	h->cmsg_len = CMSG_LEN(sizeof(cred));
	cred.pid = getpid();
	cred.uid = getuid();
	cred.gid = getgid();
	memcpy(CMSG_DATA(h), &cred, sizeof(cred));
	fault_in(&m);
	if (sendmsg(3, &m, 0) != 4)
		return 6;
	memset(&c, 0, sizeof(c));
	iov[0].iov_base = a;
	iov[0].iov_len = sizeof(a);
	m.msg_controllen = sizeof(c.buf);
	if (recvmsg(4, &m, 0) != 4)
		return 7;
	on = 0;
	setsockopt(4, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));

	/* 40 one-byte iovecs (strace shows 32), received into one buffer. */
	memset(&m, 0, sizeof(m));
	for (i = 0; i < 40; i++) {
		many[i] = 'A' + i % 26;
		iov[i].iov_base = many + i;
		iov[i].iov_len = 1;
	}
	m.msg_iov = iov;
	m.msg_iovlen = 40;
	fault_in(&m);
	if (sendmsg(3, &m, 0) != 40)
		return 8;
	iov[0].iov_base = one;
	iov[0].iov_len = sizeof(one);
	m.msg_iovlen = 1;
	if (recvmsg(4, &m, 0) != 40)
		return 9;

	/* Nothing to receive; then an msg_iov that cannot be read, and a msghdr that cannot. */
	if (recvmsg(4, &m, MSG_DONTWAIT) != -1)
		return 10;
	gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (gone == MAP_FAILED || munmap(gone, 4096))
		return 11;
	m.msg_iov = gone;
	sendmsg(3, &m, 0);
	sendmsg(3, (struct msghdr *)gone, 0);
	return 0;
}

/*
 * MANY one-byte datagrams each way: at -s 64 more messages than the 6144
 * bytes of a record's strings hold (strace shows all 64).
 */
#define MANY 64
static int many_calls(int out, int in, struct sockaddr_in *to)
{
	static struct sockaddr_storage from[MANY];
	static struct mmsghdr mm[MANY];
	static struct iovec iov[MANY];
	static char bytes[MANY], back[MANY];
	struct timespec timeout = { 1, 0 };
	int i;

	for (i = 0; i < MANY; i++) {
		bytes[i] = 'a' + i % 26;
		iov[i].iov_base = &bytes[i];
		iov[i].iov_len = 1;
		mm[i].msg_hdr.msg_name = to;
		mm[i].msg_hdr.msg_namelen = sizeof(*to);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	if (sendmmsg(out, mm, MANY, 0) != MANY)
		return 8;
	memset(mm, 0, sizeof(mm));
	for (i = 0; i < MANY; i++) {
		iov[i].iov_base = &back[i];
		mm[i].msg_hdr.msg_name = &from[i];
		mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	if (recvmmsg(in, mm, MANY, 0, NULL) != MANY)
		return 9;

	/* One more, received with a timeout: the time left. */
	if (sendto(out, "z", 1, 0, (struct sockaddr *)to, sizeof(*to)) != 1)
		return 10;
	mm[0].msg_hdr.msg_namelen = sizeof(from[0]);
	return recvmmsg(in, mm, 1, 0, &timeout) != 1 ? 11 : 0;
}

/* UDP over loopback: 5 (127.0.0.1:41240) sends to 6 (:41241), with names. */
static int udp_calls(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_storage from[2];
	struct mmsghdr mm[2];
	char buf[2][8];
	struct iovec iov[2];
	struct msghdr m;
	int out = socket(AF_INET, SOCK_DGRAM, 0), in = socket(AF_INET, SOCK_DGRAM, 0);

	if (out != 5 || in != 6)
		return 1;
	to.sin_port = htons(41240);
	if (bind(out, (struct sockaddr *)&to, sizeof(to)))
		return 2;
	to.sin_port = htons(41241);
	if (bind(in, (struct sockaddr *)&to, sizeof(to)))
		return 2;
	memset(&m, 0, sizeof(m));
	iov[0].iov_base = "hello";
	iov[0].iov_len = 5;
	m.msg_name = &to;
	m.msg_namelen = sizeof(to);
	m.msg_iov = iov;
	m.msg_iovlen = 1;
	fault_in(&m);
	if (sendmsg(out, &m, 0) != 5)
		return 3;
	memset(&m, 0, sizeof(m));
	iov[0].iov_base = buf[0];
	iov[0].iov_len = sizeof(buf[0]);
	m.msg_name = &from[0];
	m.msg_namelen = sizeof(from[0]);
	m.msg_iov = iov;
	m.msg_iovlen = 1;
	if (recvmsg(in, &m, 0) != 5)
		return 4;

	/* Two datagrams in one sendmmsg, both back by one recvmmsg. */
	memset(mm, 0, sizeof(mm));
	iov[0].iov_base = "one";
	iov[0].iov_len = 3;
	iov[1].iov_base = "three";
	iov[1].iov_len = 5;
	for (int i = 0; i < 2; i++) {
		mm[i].msg_hdr.msg_name = &to;
		mm[i].msg_hdr.msg_namelen = sizeof(to);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	if (sendmmsg(out, mm, 2, 0) != 2)
		return 5;
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 2; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
		mm[i].msg_hdr.msg_name = &from[i];
		mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	if (recvmmsg(in, mm, 2, 0, NULL) != 2)
		return 6;
	if (recvmmsg(in, mm, 2, MSG_DONTWAIT, NULL) != -1)
		return 7;
	return many_calls(out, in, &to);
}

int main(int argc, char **argv)
{
	int sv[2];

	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	/* 3 and 4: the socketpair; 5 and 6 the descriptors received (closed again). */
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) || sv[0] != 3 || sv[1] != 4)
		return 1;
	if (unix_calls())
		return 2;
	return udp_calls() ? 3 : 0;
}
