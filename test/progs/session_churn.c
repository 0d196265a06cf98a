// SPDX-License-Identifier: GPL-2.0
/*
 * Readers' lifetimes racing the probes. Usage: session_churn SECONDS WORKERS.
 * Two children flood syscalls (and so the probes and the wakeups) on every
 * CPU; WORKERS processes (the odd ones as uid 65534) loop over four kinds of
 * session, with random masks and targets, until SECONDS have passed:
 *   0 open, configure, start, poll and read a little, sometimes stop and
 *     read to the end of the stream, close;
 *   1 open, start and close while started;
 *   2 a child opens, starts and blocks in read(); it is SIGKILLed after
 *     0-3 ms, wherever it is;
 *   3 a child blocks in read() on our started reader; we stop it, and the
 *     child's read() must end (records, then 0) within 60 s.
 * Any unexpected error fails. Prints "kinds A B C D bytes N" and exits 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktrace_abi.h"

#define X(name, bit, ...) KT_EV_##name = (bit),
enum { KT_EVENTS(X) };
#undef X

#define NR_KINDS 4
#define MAX_WORKERS 16

struct counts {
	unsigned long kinds[NR_KINDS];
	unsigned long bytes;
};

static struct counts *shared;
static pid_t floods[2];
static unsigned long long rnd_state;
static char buf[1 << 16];

static void fail(const char *what)
{
	fprintf(stderr, "%s (errno %d %s)\n", what, errno, strerror(errno));
	exit(1);
}

#define CHECK(cond, what) do { if (!(cond)) fail(what); } while (0)

static unsigned long long rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Opens a reader and gives it random masks and target; started if @start. */
static int open_reader(int flags, int start)
{
	struct kt_target target = { 0, 0 };
	unsigned long long events, vars, allowed;
	struct kt_info info;
	int fd = open("/dev/trace", O_RDONLY | flags);

	CHECK(fd >= 0, "open");
	CHECK(ioctl(fd, KT_IOC_GET_INFO, &info) == 0, "info");
	allowed = info.available_events;
	if (!info.privileged && info.paranoid >= 2)
		allowed &= info.own_events;
	/* Mostly the syscall flood's events, sometimes anything allowed. */
	events = rnd() & allowed;
	if (rnd() % 2 || !events)
		events = (1ULL << KT_EV_SYS_ENTER | 1ULL << KT_EV_SYS_EXIT) & allowed;
	vars = rnd() % 2 ? rnd() & info.available_vars : 0;
	/* All it may see, a flood (root's: only for a privileged reader), or itself and its children. */
	switch (rnd() % 3) {
	case 1:
		if (info.privileged) {
			target.pid = floods[rnd() % 2];
			break;
		}
		/* fall through */
	case 2:
		target.pid = getpid();
		target.flags = KT_TARGET_FOLLOW_CHILDREN;
		break;
	}
	CHECK(ioctl(fd, KT_IOC_SET_EVENTS, &events) == 0, "set events");
	CHECK(ioctl(fd, KT_IOC_SET_VARS, &vars) == 0, "set vars");
	CHECK(ioctl(fd, KT_IOC_SET_TARGET, &target) == 0, "set target");
	if (start)
		CHECK(ioctl(fd, KT_IOC_START, 0) == 0, "start");
	return fd;
}

/* Reads a stopped reader's stream to its end (a bounded number of reads). */
static void read_to_end(int fd)
{
	ssize_t n;
	int i;

	for (i = 0; i < 100000; i++) {
		n = read(fd, buf, sizeof(buf));
		CHECK(n >= 0, "read after stop");
		if (n == 0)
			return;
		__atomic_fetch_add(&shared->bytes, n, __ATOMIC_RELAXED);
	}
	fail("a stopped stream did not end");
}

static void kind_read(void)
{
	struct pollfd p = { .events = POLLIN };
	int fd = open_reader(O_NONBLOCK, 1), i;
	ssize_t n;

	p.fd = fd;
	for (i = rnd() % 4; i >= 0; i--) {
		CHECK(poll(&p, 1, rnd() % 3) >= 0, "poll");
		n = read(fd, buf, sizeof(buf));
		CHECK(n > 0 || (n < 0 && errno == EAGAIN), "read");
		if (n > 0)
			__atomic_fetch_add(&shared->bytes, n, __ATOMIC_RELAXED);
	}
	if (rnd() % 2) {
		CHECK(ioctl(fd, KT_IOC_STOP, 0) == 0, "stop");
		read_to_end(fd);
	}
	CHECK(close(fd) == 0, "close");
}

static void kind_close_started(void)
{
	CHECK(close(open_reader(0, 1)) == 0, "close started");
}

static void kind_kill_blocked(void)
{
	pid_t child = fork();
	int status;

	CHECK(child >= 0, "fork");
	if (child == 0) {
		int fd = open_reader(0, 1);

		for (;;)
			if (read(fd, buf, sizeof(buf)) < 0)
				_exit(2);
	}
	usleep(rnd() % 3000);
	kill(child, SIGKILL);
	CHECK(waitpid(child, &status, 0) == child, "wait killed reader");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the killed reader ended another way");
}

static void kind_stop_blocked(void)
{
	int fd = open_reader(0, 1), status = 0;
	double deadline;
	pid_t child = fork();

	CHECK(child >= 0, "fork");
	if (child == 0) {
		ssize_t n;

		while ((n = read(fd, buf, sizeof(buf))) > 0)
			;
		_exit(n == 0 ? 0 : 2);
	}
	usleep(rnd() % 3000);
	CHECK(ioctl(fd, KT_IOC_STOP, 0) == 0, "stop under a blocked read");
	for (deadline = now() + 60; waitpid(child, &status, WNOHANG) == 0; usleep(1000)) {
		if (now() > deadline) {
			kill(child, SIGKILL);
			fail("a read() blocked on a stopped reader did not end");
		}
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the blocked read failed");
	CHECK(close(fd) == 0, "close");
}

static void worker(int index, double end)
{
	rnd_state = 0x9e3779b97f4a7c15ULL ^ ((unsigned long long)getpid() << 20) ^ index;
	if (index % 2) {
		CHECK(setresgid(65534, 65534, 65534) == 0 && setresuid(65534, 65534, 65534) == 0, "setresuid");
		/* The uid change left it undumpable: its own user could not trace it. */
		CHECK(prctl(PR_SET_DUMPABLE, 1) == 0, "dumpable");
	}
	while (now() < end) {
		unsigned int kind = rnd() % NR_KINDS;

		switch (kind) {
		case 0:
			kind_read();
			break;
		case 1:
			kind_close_started();
			break;
		case 2:
			kind_kill_blocked();
			break;
		case 3:
			kind_stop_blocked();
			break;
		}
		__atomic_fetch_add(&shared->kinds[kind], 1, __ATOMIC_RELAXED);
	}
	exit(0);
}

int main(int argc, char **argv)
{
	double seconds = argc == 3 ? strtod(argv[1], NULL) : 0, end;
	long workers = argc == 3 ? strtol(argv[2], NULL, 0) : 0;
	pid_t pids[MAX_WORKERS];
	int i, status, failed = 0;

	if (seconds <= 0 || workers < 1 || workers > MAX_WORKERS) {
		fprintf(stderr, "usage: session_churn SECONDS WORKERS (1-%d)\n", MAX_WORKERS);
		return 2;
	}
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shared != MAP_FAILED, "mmap");
	for (i = 0; i < 2; i++) {
		floods[i] = fork();
		CHECK(floods[i] >= 0, "fork");
		if (floods[i] == 0)
			for (;;)
				syscall(SYS_getppid);
	}
	end = now() + seconds;
	for (i = 0; i < workers; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			break;
		if (pids[i] == 0)
			worker(i, end);
	}
	for (workers = i, i = 0; i < workers; i++)
		if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	for (i = 0; i < 2; i++) {
		kill(floods[i], SIGKILL);
		waitpid(floods[i], NULL, 0);
	}
	if (failed) {
		fprintf(stderr, "a worker failed\n");
		return 1;
	}
	printf("kinds %lu %lu %lu %lu bytes %lu\n", shared->kinds[0], shared->kinds[1],
	       shared->kinds[2], shared->kinds[3], shared->bytes);
	return 0;
}
