// SPDX-License-Identifier: GPL-2.0
/*
 * Process trees for the write-time filter tests (test/vm/filter.test.ts):
 * every task makes an exact number of getppid() calls, so a reader that
 * follows children can be checked for each one.
 *
 *   filter_tree tree N PROG   The parent forks C1 at once (right after a
 *                             reader started on it), makes N calls, runs a
 *                             thread that makes N, forks C2 and waits. C1
 *                             forks G (a grandchild) and makes N; G makes N
 *                             and execs PROG N. C2 setresuid()s to 65534
 *                             (when root), makes N and execs PROG N.
 *   filter_tree suidfork N PROG
 *                             Run as a setuid-root copy by a user: forks C,
 *                             which gives up root for good (setresuid to
 *                             the real uid) and execs PROG N, so it is the
 *                             user's again; the parent makes N calls as
 *                             root and waits.
 *
 * PROG is getppid_loop (N getppid() calls). Prints one JSON line: the pids.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long calls;
static const char *prog;

static void make_calls(void)
{
	long i;

	for (i = 0; i < calls; i++)
		syscall(SYS_getppid);
}

static void exec_prog(void)
{
	char n[32];
	char *const envp[] = { NULL };

	snprintf(n, sizeof(n), "%ld", calls);
	execle(prog, prog, n, (char *)NULL, envp);
	_exit(101);
}

static void *thread_calls(void *arg)
{
	(void)arg;
	make_calls();
	return NULL;
}

static int wait_for(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int tree(void)
{
	pid_t c1, c2, g;
	int to_parent[2];
	pthread_t thread;
	int bad = 0;

	if (pipe(to_parent))
		return 2;
	c1 = fork();
	if (c1 < 0)
		return 2;
	if (c1 == 0) {
		g = fork();
		if (g < 0)
			_exit(102);
		if (g == 0) {
			make_calls();
			exec_prog();
		}
		if (write(to_parent[1], &g, sizeof(g)) != sizeof(g))
			_exit(103);
		make_calls();
		_exit(wait_for(g) ? 104 : 0);
	}
	if (read(to_parent[0], &g, sizeof(g)) != sizeof(g))
		return 2;
	make_calls();
	if (pthread_create(&thread, NULL, thread_calls, NULL))
		return 2;
	pthread_join(thread, NULL);
	c2 = fork();
	if (c2 < 0)
		return 2;
	if (c2 == 0) {
		if (getuid() == 0 && setresuid(65534, 65534, 65534))
			_exit(105);
		make_calls();
		exec_prog();
	}
	bad |= wait_for(c1);
	bad |= wait_for(c2);
	printf("{\"parent\":%d,\"c1\":%d,\"g\":%d,\"c2\":%d}\n", getpid(), c1, g, c2);
	return bad ? 1 : 0;
}

static int suidfork(void)
{
	uid_t own = getuid();
	pid_t c;
	int bad;

	if (geteuid() != 0 || own == 0) {
		fprintf(stderr, "filter_tree: run a setuid-root copy as a user\n");
		return 2;
	}
	c = fork();
	if (c < 0)
		return 2;
	if (c == 0) {
		if (setresuid(own, own, own))
			_exit(105);
		exec_prog();
	}
	make_calls();
	bad = wait_for(c);
	printf("{\"parent\":%d,\"child\":%d}\n", getpid(), c);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	calls = atol(argv[2]);
	prog = argv[3];
	switch (argv[1][0]) {
	case 't':
		return tree();
	case 's':
		return suidfork();
	}
	return 2;
}
