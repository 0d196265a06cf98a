// SPDX-License-Identifier: GPL-2.0
/* select, pselect6, ppoll, getsockopt, waitid, recvfrom and accept with known arguments, for the select struct tests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * An IP record-route option whose route slots hold @data (16 bytes),
 * its pointer past them (nothing to record): the kernel keeps the bytes
 * as given and getsockopt(IP_OPTIONS) returns them. No privilege needed.
 */
static void route_option(unsigned char opt[20], const unsigned char *data)
{
	memset(opt, 0, 20);
	opt[0] = IPOPT_RR;
	opt[1] = 19;
	opt[2] = 20;
	memcpy(opt + 3, data, 16);
}

/*
 * --secret FILE: FILE's first 16 bytes (mapped, so no read() carries them)
 * set as an IP option and read back by getsockopt: what a reader that may
 * not trace this process must never receive.
 */
static int secret(const char *file)
{
	unsigned char opt[20], back[40];
	socklen_t len = sizeof(back);
	int fd = open(file, O_RDONLY), sock = socket(AF_INET, SOCK_DGRAM, 0);
	const unsigned char *text;

	if (fd < 0 || sock < 0)
		return 1;
	text = mmap(NULL, 16, PROT_READ, MAP_PRIVATE, fd, 0);
	if (text == MAP_FAILED)
		return 1;
	route_option(opt, text);
	if (setsockopt(sock, IPPROTO_IP, IP_OPTIONS, opt, sizeof(opt)) ||
	    getsockopt(sock, IPPROTO_IP, IP_OPTIONS, back, &len))
		return 2;
	return 0;
}

/*
 * Addresses the kernel writes back: recvfrom's source, getsockname's,
 * accept4's peer (a loopback TCP connection), each with a length larger
 * than the address, and one failing recvfrom.
 */
static int sockets(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_storage from;
	socklen_t len;
	int udp_in = socket(AF_INET, SOCK_DGRAM, 0), udp_out = socket(AF_INET, SOCK_DGRAM, 0);
	int lst = socket(AF_INET, SOCK_STREAM, 0), cli = socket(AF_INET, SOCK_STREAM, 0), acc;
	char buf[16];
	int one = 1;

	a.sin_port = htons(41235);
	if (bind(udp_in, (struct sockaddr *)&a, sizeof(a)))
		return 1;
	a.sin_port = htons(41234);
	if (bind(udp_out, (struct sockaddr *)&a, sizeof(a)))
		return 1;
	a.sin_port = htons(41235);
	if (sendto(udp_out, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)) != 1)
		return 2;
	len = sizeof(from);
	recvfrom(udp_in, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	len = sizeof(from);
	recvfrom(udp_in, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &len);
	len = sizeof(from);
	getsockname(udp_out, (struct sockaddr *)&from, &len);
	/* The second tracer's run binds the same ports while the first's wait in TIME_WAIT. */
	if (setsockopt(lst, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(cli, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		return 3;
	a.sin_port = htons(41236);
	if (bind(lst, (struct sockaddr *)&a, sizeof(a)) || listen(lst, 1))
		return 3;
	a.sin_port = htons(41237);
	if (bind(cli, (struct sockaddr *)&a, sizeof(a)))
		return 3;
	a.sin_port = htons(41236);
	if (connect(cli, (struct sockaddr *)&a, sizeof(a)))
		return 4;
	len = sizeof(a);
	acc = accept4(lst, (struct sockaddr *)&from, &len, SOCK_CLOEXEC);
	len = 4;
	getpeername(acc, (struct sockaddr *)&from, &len);
	return acc < 0;
}

int main(int argc, char **argv)
{
	static const unsigned char route[16] = "abcdefghijklmnop";
	struct timespec ts = { 0, 0 };
	struct timeval tv = { 0, 0 };
	struct pollfd pfd = { .events = POLLIN };
	struct { const sigset_t *ss; size_t len; } mask;
	struct linger linger;
	unsigned char opt[20], back[40];
	fd_set same, rs, ws, *set;
	struct rusage ru;
	siginfo_t si;
	socklen_t len;
	sigset_t ss;
	int fds[2], sock, val;
	pid_t child;

	if (argc == 3 && !strcmp(argv[1], "--secret"))
		return secret(argv[2]);
	/* 3 and 4: the pipe; 5: the socket. */
	if (pipe(fds) || fds[0] != 3 || fds[1] != 4)
		return 1;

	/* The same set three times: the kernel's last write (except: none) is what is left. */
	FD_ZERO(&same);
	FD_SET(3, &same);
	FD_SET(4, &same);
	syscall(SYS_select, 5, &same, &same, &same, NULL);

	/* A byte in the pipe: both ends ready, no time to wait. */
	if (write(4, "x", 1) != 1)
		return 2;
	FD_ZERO(&rs);
	FD_SET(3, &rs);
	FD_SET(4, &rs);
	FD_ZERO(&ws);
	FD_SET(1, &ws);
	FD_SET(4, &ws);
	syscall(SYS_select, 5, &rs, &ws, NULL, &tv);

	/* pselect6 with a sigmask: reads ready, the write end too. */
	sigemptyset(&ss);
	sigaddset(&ss, SIGHUP);
	sigaddset(&ss, SIGCHLD);
	mask.ss = &ss;
	mask.len = 8;
	FD_ZERO(&rs);
	FD_SET(3, &rs);
	FD_ZERO(&ws);
	FD_SET(4, &ws);
	syscall(SYS_pselect6, 5, &rs, &ws, NULL, &ts, &mask);
	mask.ss = NULL;
	syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, &mask);

	/* Negative nfds: no set is read (strace prints the address). */
	set = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (set == MAP_FAILED)
		return 3;
	FD_SET(4, set);
	syscall(SYS_select, -1, NULL, set, NULL, NULL);

	pfd.fd = 3;
	ppoll(&pfd, 1, &ts, NULL);

	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock != 5)
		return 4;
	len = sizeof(linger);
	getsockopt(sock, SOL_SOCKET, SO_LINGER, &linger, &len);
	len = sizeof(val) + 1;
	getsockopt(sock, SOL_SOCKET, SO_TYPE, &val, &len);
	route_option(opt, route);
	setsockopt(sock, IPPROTO_IP, IP_OPTIONS, opt, sizeof(opt));
	len = sizeof(back);
	getsockopt(sock, IPPROTO_IP, IP_OPTIONS, back, &len);
	len = sizeof(val);
	getsockopt(-1, SOL_SOCKET, SO_TYPE, &val, &len);

	/* 6 a UDP socket bound to 127.0.0.1:41234 sends to 5 bound to :41235. */
	if (sockets())
		return 6;

	child = fork();
	if (child < 0)
		return 5;
	if (!child)
		_exit(7);
	memset(&si, 0, sizeof(si));
	memset(&ru, 0, sizeof(ru));
	syscall(SYS_waitid, P_PID, child, &si, WEXITED, &ru);
	return 0;
}
