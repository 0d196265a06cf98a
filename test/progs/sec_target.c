// SPDX-License-Identifier: GPL-2.0
/*
 * The traced process of the security tests (test/vm/security.test.ts).
 *
 *   sec_target [--gate FIFO] [--userns-map UID] [--read FILE] [--undump] [--calls N]
 *              [--msg M] [--wait]
 *
 * In order: --gate FIFO waits until FIFO is written and closed;
 * --userns-map (run as root) moves into a new user namespace, owned by
 * root, that maps only UID to itself, becomes UID with all the namespace's capabilities
 * and is made dumpable again; --read opens FILE and reads it (256 bytes);
 * N getppid() calls; --undump: prctl(PR_SET_DUMPABLE, 0), then N getpgrp()
 * calls; --msg M: M round trips over a unix socketpair and M over a TCP
 * loopback connection (each a write and a read either way, so 4M sends and
 * 4M receives), every message what --read read (else "sec_target"); --wait
 * prints "ready PID" and waits until stdin ends, so a test can try to
 * ptrace it. Prints one JSON line: what it did.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

/*
 * A process in its new user namespace may map only its own euid; other ids
 * need CAP_SETUID in the parent namespace. So a child left behind there
 * (root, before the unshare) writes the maps.
 */
static int foreign_userns(unsigned int uid)
{
	int go[2], done[2], status;
	char map[64], path[64], c = 0;
	pid_t child, self = getpid();

	if (pipe(go) || pipe(done))
		return -1;
	child = fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		snprintf(map, sizeof(map), "%u %u 1\n", uid, uid);
		snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)self);
		if (write_file(path, map))
			_exit(1);
		snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)self);
		if (write_file(path, "deny"))
			_exit(1);
		snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)self);
		if (write_file(path, map))
			_exit(1);
		_exit(write(done[1], &c, 1) == 1 ? 0 : 1);
	}
	if (unshare(CLONE_NEWUSER) || write(go[1], &c, 1) != 1 ||
	    read(done[0], &c, 1) != 1 || waitpid(child, &status, 0) != child ||
	    status != 0)
		return -1;
	close(go[0]);
	close(go[1]);
	close(done[0]);
	close(done[1]);
	if (setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return -1;
	/* Changing ids made it non-dumpable: only the namespace should count. */
	return prctl(PR_SET_DUMPABLE, 1);
}

/* One message from @from to @to: all @len bytes written, then all read. */
static int message(int from, int to, const char *data, long len)
{
	char in[256];
	long done = 0, n;

	if (write(from, data, len) != len)
		return -1;
	while (done < len) {
		n = read(to, in + done, len - done);
		if (n <= 0)
			return -1;
		done += n;
	}
	return memcmp(in, data, len) ? -1 : 0;
}

static int round_trips(int a, int b, const char *data, long len, long m)
{
	long i;

	for (i = 0; i < m; i++)
		if (message(a, b, data, len) || message(b, a, data, len))
			return -1;
	close(a);
	close(b);
	return 0;
}

/* --msg: M round trips on a unix socketpair, then M on TCP over 127.0.0.1. */
static int msg_traffic(const char *data, long len, long m)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t alen = sizeof(sa);
	int sv[2], l, c, s;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) || round_trips(sv[0], sv[1], data, len, m))
		return -1;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || c < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&sa, &alen) ||
	    connect(c, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	s = accept(l, NULL, NULL);
	close(l);
	return s < 0 ? -1 : round_trips(c, s, data, len, m);
}

int main(int argc, char **argv)
{
	long calls = 0, msgs = 0, i, got = -1;
	const char *file = NULL;
	int undump = 0, wait = 0, a;
	char buf[256], c;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--gate") && a + 1 < argc) {
			int fd = open(argv[++a], O_RDONLY);

			if (fd < 0) {
				perror(argv[a]);
				return 2;
			}
			while (read(fd, &c, 1) > 0)
				;
			close(fd);
		} else if (!strcmp(argv[a], "--userns-map") && a + 1 < argc) {
			if (foreign_userns((unsigned int)atoi(argv[++a]))) {
				perror("sec_target: user namespace");
				return 2;
			}
		} else if (!strcmp(argv[a], "--read") && a + 1 < argc) {
			file = argv[++a];
		} else if (!strcmp(argv[a], "--calls") && a + 1 < argc) {
			calls = atol(argv[++a]);
		} else if (!strcmp(argv[a], "--msg") && a + 1 < argc) {
			msgs = atol(argv[++a]);
		} else if (!strcmp(argv[a], "--undump")) {
			undump = 1;
		} else if (!strcmp(argv[a], "--wait")) {
			wait = 1;
		} else {
			fprintf(stderr, "sec_target: bad argument %s\n", argv[a]);
			return 2;
		}
	}
	if (file) {
		int fd = open(file, O_RDONLY);

		if (fd < 0) {
			perror(file);
			return 2;
		}
		got = read(fd, buf, sizeof(buf));
		close(fd);
	}
	for (i = 0; i < calls; i++)
		syscall(SYS_getppid);
	if (undump) {
		if (prctl(PR_SET_DUMPABLE, 0))
			return 2;
		for (i = 0; i < calls; i++)
			syscall(SYS_getpgrp);
	}
	if (msgs > 0 && (got > 0 ? msg_traffic(buf, got, msgs) : msg_traffic("sec_target", 10, msgs))) {
		perror("sec_target: messages");
		return 2;
	}
	if (wait) {
		printf("ready %d\n", (int)getpid());
		fflush(stdout);
		while (read(0, &c, 1) > 0)
			;
	}
	printf("{\"read\":%ld,\"calls\":%ld,\"msgs\":%ld,\"undump\":%d,\"uid\":%u,\"euid\":%u}\n",
	       got, calls, msgs, undump, (unsigned int)getuid(), (unsigned int)geteuid());
	return 0;
}
