// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets and loopback packets with known sizes, for
 * test/vm/events-net.test.ts.
 *
 *   net_lo sockets      socket(AF_INET, SOCK_STREAM, 0), then
 *                       socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), then
 *                       socket(1000, SOCK_STREAM, 0) (no such family);
 *                       prints "fd <n>" for each (the last as -errno)
 *   net_lo udp N6 N4    one UDP datagram of N6 bytes over ::1, then one of
 *                       N4 bytes over 127.0.0.1, each to a bound socket of
 *                       this process and received back; prints "ok"
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static char buf[65536];

static void say_fd(long fd)
{
	char line[32];
	int n = snprintf(line, sizeof(line), "fd %ld\n", fd);

	if (write(1, line, n) != n)
		exit(100);
}

static int sockets(void)
{
	/* Raw syscalls: the return value is exactly what the kernel gave. */
	say_fd(syscall(SYS_socket, AF_INET, SOCK_STREAM, 0));
	say_fd(syscall(SYS_socket, AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	say_fd(syscall(SYS_socket, 1000, SOCK_STREAM, 0) < 0 ? -errno : 0);
	return 0;
}

static int udp(int family, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int rx, tx;

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		sl = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sl = sizeof(*a);
	}
	rx = socket(family, SOCK_DGRAM, 0);
	tx = socket(family, SOCK_DGRAM, 0);
	if (rx < 0 || tx < 0 || bind(rx, (struct sockaddr *)&ss, sl) ||
	    getsockname(rx, (struct sockaddr *)&ss, &sl))
		return 10;
	memset(buf, 'x', len);
	if (sendto(tx, buf, len, 0, (struct sockaddr *)&ss, sl) != (ssize_t)len)
		return 11;
	if (recv(rx, buf, sizeof(buf), 0) != (ssize_t)len)
		return 12;
	close(rx);
	close(tx);
	return 0;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc == 2 && !strcmp(argv[1], "sockets"))
		return sockets();
	if (argc == 4 && !strcmp(argv[1], "udp")) {
		rc = udp(AF_INET6, strtoul(argv[2], NULL, 0));
		if (!rc)
			rc = udp(AF_INET, strtoul(argv[3], NULL, 0));
		if (!rc && write(1, "ok\n", 3) != 3)
			rc = 13;
		return rc;
	}
	return 2;
}
