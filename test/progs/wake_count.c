// SPDX-License-Identifier: GPL-2.0
/*
 * How often a reader blocked in read() is woken by records it does not
 * want. Usage: wake_count CALLS. A child reader of block_issue only (no
 * block I/O happens) blocks in read(); a second reader drains the
 * sys_enter/sys_exit records of a process making CALLS getppid() calls.
 * Prints "woken N" (the blocked reader's voluntary context switches
 * meanwhile) and "written B" (the bytes all CPUs' rings took meanwhile).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktrace_abi.h"

#define X(name, bit, ...) KT_EV_##name = (bit),
enum { KT_EVENTS(X) };
#undef X

static pid_t sleeper, flood;

static void check(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "%s (errno %d)\n", what, errno);
	if (sleeper > 0)
		kill(sleeper, SIGKILL);
	if (flood > 0)
		kill(flood, SIGKILL);
	exit(1);
}

#define CHECK(cond, what) check(!!(cond), what)

/* Whether @pid is blocked in read() (syscall 0) on fd @fd. */
static int in_read(pid_t pid, int fd)
{
	char path[64], line[64] = "", want[32];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	snprintf(want, sizeof(want), "0 0x%x ", fd);
	return !strncmp(line, want, strlen(want));
}

static void wait_in_read(pid_t pid, int fd)
{
	int i;

	for (i = 0; i < 60000 && !in_read(pid, fd); i++)
		usleep(1000);
	CHECK(in_read(pid, fd), "never blocked in read()");
}

static unsigned long long voluntary(pid_t pid)
{
	unsigned long long n = 0;
	char path[64], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	CHECK(f != NULL, "status");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %llu", &n) == 1)
			break;
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	unsigned long long events, vars = 0, before, after, written;
	long calls = argc == 2 ? strtol(argv[1], NULL, 0) : 0;
	struct kt_target target = { 0, 0 };
	static char buf[65536];
	int gate[2], fd, i;
	struct pollfd p = { .events = POLLIN };
	struct kt_stats st;
	ssize_t n;

	CHECK(calls > 0, "usage: wake_count CALLS");
	/* The blocked reader: block_issue only, from before the flood. */
	sleeper = fork();
	CHECK(sleeper >= 0, "fork");
	if (sleeper == 0) {
		events = 1ULL << KT_EV_BLOCK_ISSUE;
		fd = open("/dev/trace", O_RDONLY);
		if (fd != 3 || ioctl(fd, KT_IOC_SET_EVENTS, &events) ||
		    ioctl(fd, KT_IOC_START, 0))
			_exit(2);
		read(fd, buf, sizeof(buf));
		_exit(3);
	}
	wait_in_read(sleeper, 3);

	CHECK(pipe(gate) == 0, "pipe");
	flood = fork();
	CHECK(flood >= 0, "fork");
	if (flood == 0) {
		char c;

		close(gate[1]);
		if (read(gate[0], &c, 1) != 1)
			_exit(2);
		for (i = 0; i < calls; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	close(gate[0]);
	events = 1ULL << KT_EV_SYS_ENTER | 1ULL << KT_EV_SYS_EXIT;
	target.pid = flood;
	fd = open("/dev/trace", O_RDONLY | O_NONBLOCK);
	CHECK(fd >= 0, "open");
	p.fd = fd;
	CHECK(ioctl(fd, KT_IOC_SET_EVENTS, &events) == 0, "events");
	CHECK(ioctl(fd, KT_IOC_SET_VARS, &vars) == 0, "vars");
	CHECK(ioctl(fd, KT_IOC_SET_TARGET, &target) == 0, "target");
	CHECK(ioctl(fd, KT_IOC_START, 0) == 0, "start");

	CHECK(ioctl(fd, KT_IOC_GET_STATS, &st) == 0, "stats");
	written = st.bytes_written;
	before = voluntary(sleeper);
	CHECK(write(gate[1], "x", 1) == 1, "release");
	/* Drain while the flood runs, then what is left once stopped. */
	while (waitpid(flood, NULL, WNOHANG) == 0) {
		CHECK(poll(&p, 1, 100) >= 0, "poll");
		n = read(fd, buf, sizeof(buf));
		CHECK(n > 0 || errno == EAGAIN, "read");
	}
	flood = 0;
	CHECK(ioctl(fd, KT_IOC_STOP, 0) == 0, "stop");
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	CHECK(n == 0, "read after stop");
	CHECK(ioctl(fd, KT_IOC_GET_STATS, &st) == 0, "stats");
	written = st.bytes_written - written;
	after = voluntary(sleeper);
	CHECK(in_read(sleeper, 3), "the blocked reader left read()");
	kill(sleeper, SIGKILL);
	waitpid(sleeper, NULL, 0);
	printf("woken %llu\nwritten %llu\n", after - before, written);
	return 0;
}
