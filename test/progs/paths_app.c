// SPDX-License-Identifier: GPL-2.0
/*
 * A three-tier service for request-path tests: C clients talk TCP to a
 * front end over 127.0.0.1, which asks a back end over a unix stream socket.
 *
 *   paths_app [-t ADDR:PORT] N REQ BREQ BRESP RESP CLIENTS
 *   paths_app -l ADDR:PORT CONNS BREQ BRESP
 *
 * Each client (process "pa-client") connects once and makes N requests:
 * it writes REQ bytes that start with "GET /c<k>/r<i> HTTP/1.0\r\n" and
 * reads RESP bytes. The front end ("pa-front") serves each connection in a
 * thread of its own, with its own unix connection to the back end
 * ("pa-back", also a thread per connection): per request it reads REQ bytes,
 * writes BREQ bytes to the back end ("BACK " and the client's request line), reads BRESP bytes back and writes RESP
 * bytes to the client. Clients run concurrently. Prints "client <k> <pid>",
 * "front <pid>", "back <pid>", then "ok". For test/vm/paths.test.ts.
 *
 * Two machines (or network namespaces): with -t the front end reaches the
 * back end over TCP at ADDR:PORT (IPv4) instead of a unix socket, and no
 * back end starts here; "paths_app -l ADDR:PORT CONNS BREQ BRESP" is that
 * back end alone: it listens there (prints "back <pid>", then "listening"),
 * serves CONNS connections, one per client, and exits once they closed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static long n_req, req_len, breq_len, bresp_len, resp_len;
static struct sockaddr_un back_addr;
/* With -t: the back end's TCP address (back_tcp.sin_family set), else the unix one. */
static struct sockaddr_in back_tcp;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int read_full(int fd, char *buf, long len)
{
	long done = 0, n;

	while (done < len) {
		n = read(fd, buf + done, len - done);
		if (n <= 0)
			return done == 0 && n == 0 ? 0 : -1;
		done += n;
	}
	return 1;
}

static void write_full(int fd, const char *buf, long len)
{
	long done = 0, n;

	while (done < len) {
		n = write(fd, buf + done, len - done);
		if (n <= 0)
			die("write");
		done += n;
	}
}

static char *filled(long len, char c)
{
	char *p = malloc(len + 1);

	if (!p)
		die("malloc");
	memset(p, c, len);
	return p;
}

static void *back_conn(void *arg)
{
	int fd = (int)(long)arg;
	char *in = filled(breq_len, 0), *out = filled(bresp_len, 'b');

	while (read_full(fd, in, breq_len) == 1)
		write_full(fd, out, bresp_len);
	close(fd);
	return NULL;
}

static void *front_conn(void *arg)
{
	int fd = (int)(long)arg, back;
	char *in = filled(req_len, 0), *bin = filled(bresp_len, 0);

	in[req_len] = 0;
	char *bout = filled(breq_len, 'q'), *out = filled(resp_len, 'r');

	if (back_tcp.sin_family) {
		back = socket(AF_INET, SOCK_STREAM, 0);
		if (back < 0 || connect(back, (struct sockaddr *)&back_tcp, sizeof(back_tcp)))
			die("connect back");
	} else {
		back = socket(AF_UNIX, SOCK_STREAM, 0);
		if (back < 0 || connect(back, (struct sockaddr *)&back_addr, sizeof(back_addr)))
			die("connect back");
	}
	while (read_full(fd, in, req_len) == 1) {
		/* "BACK " and the client's request line, so every hop names its request. */
		size_t line = strcspn(in, "\n") + 1;

		memcpy(bout, "BACK ", 5);
		memcpy(bout + 5, in, line < (size_t)breq_len - 5 ? line : (size_t)breq_len - 5);
		write_full(back, bout, breq_len);
		if (read_full(back, bin, bresp_len) != 1)
			die("read back");
		memcpy(out, "HTTP/1.0 200 OK\r\n", 17);
		write_full(fd, out, resp_len);
	}
	close(back);
	close(fd);
	return NULL;
}

static void serve(int lfd, void *(*fn)(void *))
{
	pthread_t t;
	int fd;

	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			die("accept");
		if (pthread_create(&t, NULL, fn, (void *)(long)fd))
			die("pthread_create");
		pthread_detach(t);
	}
}

static void client(int k, const struct sockaddr_in *front)
{
	char *req = filled(req_len, 'x'), *resp = filled(resp_len, 0), line[64];
	long i;
	int fd, n;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)front, sizeof(*front)))
		die("connect front");
	for (i = 0; i < n_req; i++) {
		n = snprintf(line, sizeof(line), "GET /c%d/r%ld HTTP/1.0\r\n", k, i);
		memcpy(req, line, n < req_len ? n : req_len);
		write_full(fd, req, req_len);
		if (read_full(fd, resp, resp_len) != 1)
			die("read front");
	}
	close(fd);
}

static pid_t spawn(const char *name, int (*run)(void *), void *arg)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		prctl(PR_SET_NAME, name);
		exit(run(arg));
	}
	return pid;
}

static int run_back(void *arg)
{
	serve(*(int *)arg, back_conn);
	return 0;
}

static int run_front(void *arg)
{
	serve(*(int *)arg, front_conn);
	return 0;
}

static struct sockaddr_in front_addr;

static int run_client(void *arg)
{
	client((int)(long)arg, &front_addr);
	return 0;
}

static void parse_addr(const char *text, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(text, ':');

	if (!colon || colon == text || (size_t)(colon - text) >= sizeof(host)) {
		fprintf(stderr, "paths_app: %s: not ADDR:PORT\n", text);
		exit(2);
	}
	memcpy(host, text, colon - text);
	host[colon - text] = 0;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons(atoi(colon + 1));
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1 || !sa->sin_port) {
		fprintf(stderr, "paths_app: %s: not ADDR:PORT\n", text);
		exit(2);
	}
}

/* -l: the back end alone on TCP, for CONNS connections. */
static int back_only(const char *addr, int conns)
{
	struct sockaddr_in sa;
	pthread_t t[64];
	int lfd, fd, k, one = 1;

	if (conns < 1 || conns > 64 || breq_len < 1 || bresp_len < 1)
		return fprintf(stderr, "paths_app: bad sizes\n"), 2;
	parse_addr(addr, &sa);
	prctl(PR_SET_NAME, "pa-back");
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 16))
		die("tcp listen");
	printf("back %d\nlistening\n", getpid());
	fflush(stdout);
	for (k = 0; k < conns; k++) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			die("accept");
		if (pthread_create(&t[k], NULL, back_conn, (void *)(long)fd))
			die("pthread_create");
	}
	close(lfd);
	for (k = 0; k < conns; k++)
		pthread_join(t[k], NULL);
	printf("ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	socklen_t alen = sizeof(front_addr);
	int tcp, unx = -1, status, k, clients, opt, failed = 0;
	const char *listen_at = NULL;
	pid_t back = 0, front, c[64];

	while ((opt = getopt(argc, argv, "+t:l:")) != -1) {
		switch (opt) {
		case 't':
			parse_addr(optarg, &back_tcp);
			break;
		case 'l':
			listen_at = optarg;
			break;
		default:
			return 2;
		}
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (listen_at) {
		if (argc != 4 || back_tcp.sin_family)
			return fprintf(stderr, "usage: paths_app -l ADDR:PORT CONNS BREQ BRESP\n"), 2;
		breq_len = atol(argv[2]);
		bresp_len = atol(argv[3]);
		return back_only(listen_at, atoi(argv[1]));
	}
	if (argc != 7)
		return fprintf(stderr, "usage: paths_app [-t ADDR:PORT] N REQ BREQ BRESP RESP CLIENTS\n"), 2;
	n_req = atol(argv[1]);
	req_len = atol(argv[2]);
	breq_len = atol(argv[3]);
	bresp_len = atol(argv[4]);
	resp_len = atol(argv[5]);
	clients = atoi(argv[6]);
	if (req_len < 32 || breq_len < 40 || resp_len < 32 || bresp_len < 1 ||
	    clients < 1 || clients > 64)
		return fprintf(stderr, "paths_app: bad sizes\n"), 2;

	if (!back_tcp.sin_family) {
		back_addr.sun_family = AF_UNIX;
		snprintf(back_addr.sun_path, sizeof(back_addr.sun_path), "/tmp/paths_app.%d",
			 getpid());
		unlink(back_addr.sun_path);
		unx = socket(AF_UNIX, SOCK_STREAM, 0);
		if (unx < 0 || bind(unx, (struct sockaddr *)&back_addr, sizeof(back_addr)) ||
		    listen(unx, 16))
			die("unix listen");
	}
	tcp = socket(AF_INET, SOCK_STREAM, 0);
	front_addr.sin_family = AF_INET;
	front_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (tcp < 0 || bind(tcp, (struct sockaddr *)&front_addr, sizeof(front_addr)) ||
	    listen(tcp, 16) || getsockname(tcp, (struct sockaddr *)&front_addr, &alen))
		die("tcp listen");

	if (unx >= 0) {
		back = spawn("pa-back", run_back, &unx);
		close(unx);
	}
	front = spawn("pa-front", run_front, &tcp);
	close(tcp);
	printf("front %d\n", front);
	if (back)
		printf("back %d\n", back);
	for (k = 0; k < clients; k++) {
		c[k] = spawn("pa-client", run_client, (void *)(long)k);
		printf("client %d %d\n", k, c[k]);
	}
	fflush(stdout);
	for (k = 0; k < clients; k++)
		if (waitpid(c[k], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	kill(front, SIGKILL);
	waitpid(front, NULL, 0);
	if (back) {
		kill(back, SIGKILL);
		waitpid(back, NULL, 0);
		unlink(back_addr.sun_path);
	}
	printf(failed ? "failed\n" : "ok\n");
	return failed;
}
