// SPDX-License-Identifier: GPL-2.0
/*
 * A request/response loop for the bench's cost of the msg family
 * (bench/src/guest.ts).
 *
 *   rr_loop unix|tcp N SIZE
 *
 * A client and a server (forked) make N round trips: the client writes SIZE
 * bytes, the server reads them and writes SIZE bytes back, which the client
 * reads. Over a unix stream socketpair, or a TCP connection over 127.0.0.1
 * (TCP_NODELAY both ends). Each round trip is 2 sends and 2 receives (a
 * read that returns less than asked for is one more receive, counted);
 * TCP adds one connect and one accept. Prints "receives R" (both ends'
 * reads that returned data) on stdout.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static long size;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Reads exactly @size bytes; how many reads it took, 0 at end of stream. */
static long read_msg(int fd, char *buf)
{
	long done = 0, reads = 0, n;

	while (done < size) {
		n = read(fd, buf + done, size - done);
		if (n == 0 && done == 0)
			return 0;
		if (n <= 0)
			die("read");
		done += n;
		reads++;
	}
	return reads;
}

static void write_msg(int fd, const char *buf)
{
	if (write(fd, buf, size) != size)
		die("write");
}

static void nodelay(int fd)
{
	int one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
		die("TCP_NODELAY");
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t alen = sizeof(sa);
	long n, i, reads = 0, r;
	int tcp, sv[2], l = -1, fd, status;
	int pipefd[2];
	char *buf;
	pid_t server;

	if (argc != 4 || (strcmp(argv[1], "unix") && strcmp(argv[1], "tcp")))
		return fprintf(stderr, "usage: rr_loop unix|tcp N SIZE\n"), 2;
	tcp = !strcmp(argv[1], "tcp");
	n = atol(argv[2]);
	size = atol(argv[3]);
	if (n < 1 || size < 1)
		return fprintf(stderr, "rr_loop: bad N or SIZE\n"), 2;
	buf = calloc(1, size);
	if (!buf)
		die("calloc");
	if (tcp) {
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		l = socket(AF_INET, SOCK_STREAM, 0);
		if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 1) ||
		    getsockname(l, (struct sockaddr *)&sa, &alen))
			die("listen");
	} else if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		die("socketpair");
	}
	/* The server's count of reads comes back through a pipe (not a socket: no msg event). */
	if (pipe(pipefd))
		die("pipe");
	server = fork();
	if (server < 0)
		die("fork");
	if (server == 0) {
		if (tcp) {
			fd = accept(l, NULL, NULL);
			if (fd < 0)
				die("accept");
			nodelay(fd);
		} else {
			fd = sv[1];
			close(sv[0]);
		}
		while ((r = read_msg(fd, buf)) > 0) {
			reads += r;
			write_msg(fd, buf);
		}
		if (write(pipefd[1], &reads, sizeof(reads)) != sizeof(reads))
			die("pipe write");
		exit(0);
	}
	if (tcp) {
		close(l);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			die("connect");
		nodelay(fd);
	} else {
		fd = sv[0];
		close(sv[1]);
	}
	for (i = 0; i < n; i++) {
		write_msg(fd, buf);
		r = read_msg(fd, buf);
		if (r == 0)
			die("server closed");
		reads += r;
	}
	close(fd);
	if (read(pipefd[0], &r, sizeof(r)) != sizeof(r))
		die("pipe read");
	if (waitpid(server, &status, 0) != server || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	printf("receives %ld\n", reads + r);
	return 0;
}
