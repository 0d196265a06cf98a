// SPDX-License-Identifier: GPL-2.0
/*
 * Checks poll() and select() readiness on /dev/trace; exits 0 when right.
 * With "spans", the reader reads KT_FORMAT_SPANS, and every event record of
 * the child (22) must still be there after the polls.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktrace_abi.h"

static pid_t child;

/* On failure the held child must not outlive us, or our caller waits forever. */
static void check(int ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "%s (errno %d)\n", what, errno);
	if (child > 0)
		kill(child, SIGKILL);
	exit(1);
}

#define CHECK(cond, what) check(!!(cond), what)

static short poll_once(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, timeout_ms);

	CHECK(n >= 0, "poll");
	return n ? p.revents : 0;
}

/*
 * Until @pid sleeps in read() on the gate: a child that had not got there
 * yet when the reader started would show its own close() and read().
 */
static void wait_blocked_in_read(pid_t pid)
{
	char path[64], line[32] = "";
	int i;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	for (i = 0; i < 10000; i++) {
		FILE *f = fopen(path, "r");

		if (f) {
			if (!fgets(line, sizeof(line), f))
				line[0] = 0;
			fclose(f);
		}
		/* "0 0x<fd> ...": blocked in read (syscall 0 on x86_64). */
		if (!strncmp(line, "0 ", 2))
			return;
		usleep(1000);
	}
	check(0, "the child never blocked in read()");
}

/* Event records in the DATA frames of @n bytes of spans. */
static int span_events(const unsigned char *p, long n)
{
	int events = 0;

	while (n >= (long)sizeof(struct kt_span)) {
		struct kt_span h;
		const unsigned char *r;
		long left;

		memcpy(&h, p, sizeof(h));
		CHECK(sizeof(h) + h.len <= (unsigned long)n, "a span frame cut by read()");
		r = p + sizeof(h);
		for (left = h.kind == KT_SPAN_DATA ? h.len : 0; left > 0;) {
			unsigned long len, hl = 2;

			/* One-byte tags are events; keyframes take two (0x7f 0x40). */
			if ((r[0] & 0x1f) == 0x1f)
				hl = 3;
			len = r[hl - 1];
			if (len & 0x80) {
				unsigned int k, count = len & 0x7f;

				for (len = 0, k = 0; k < count; k++)
					len = len << 8 | r[hl + k];
				hl += count;
			}
			events += (r[0] & 0x1f) != 0x1f;
			CHECK(hl + len <= (unsigned long)left, "a record cut inside a DATA frame");
			r += hl + len;
			left -= hl + len;
		}
		p += sizeof(h) + h.len;
		n -= sizeof(h) + h.len;
	}
	return events;
}

int main(int argc, char **argv)
{
	int spans = argc > 1 && !strcmp(argv[1], "spans");
	unsigned int format = KT_FORMAT_SPANS;
	long got, total = 0;
	unsigned long long events = 3, vars = 3;
	static char buf[65536];
	int gate[2], fd, i;
	struct kt_target target = { 0, 0 };
	struct timeval tv = { 2, 0 };
	fd_set set;

	fd = open("/dev/trace", O_RDONLY | O_NONBLOCK);
	CHECK(fd >= 0, "open");
	CHECK(pipe(gate) == 0, "pipe");
	child = fork();
	if (child == 0) {
		char c;

		close(gate[1]);
		close(fd);
		read(gate[0], &c, 1);
		for (i = 0; i < 10; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	target.pid = child;
	wait_blocked_in_read(child);
	CHECK(ioctl(fd, KT_IOC_SET_EVENTS, &events) == 0, "events");
	CHECK(ioctl(fd, KT_IOC_SET_VARS, &vars) == 0, "vars");
	CHECK(ioctl(fd, KT_IOC_SET_TARGET, &target) == 0, "target");
	CHECK(!spans || ioctl(fd, KT_IOC_SET_FORMAT, &format) == 0, "format");
	CHECK(ioctl(fd, KT_IOC_START, 0) == 0, "start");

	/* The child is blocked: nothing for us, even after a flush tick. */
	CHECK(poll_once(fd, 200) == 0, "poll reported data before the child ran");
	CHECK(write(gate[1], "x", 1) == 1, "release");
	waitpid(child, NULL, 0);

	/* Its records arrive within the 20 ms flush tick. */
	CHECK(poll_once(fd, 2000) & POLLIN, "poll: no POLLIN after the child ran");
	FD_ZERO(&set);
	FD_SET(fd, &set);
	CHECK(select(fd + 1, &set, NULL, NULL, &tv) == 1 && FD_ISSET(fd, &set), "select: not readable");
	got = read(fd, buf, sizeof(buf));
	CHECK(got > 0, "read after POLLIN");
	total = spans ? span_events((unsigned char *)buf, got) : 0;

	/* Stopped and drained: hang-up, and reads return 0. */
	CHECK(ioctl(fd, KT_IOC_STOP, 0) == 0, "stop");
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		total += spans ? span_events((unsigned char *)buf, got) : 0;
	/* read()'s exit, 10 getppid() entries and exits, exit_group's entry. */
	if (spans && total != 22) {
		fprintf(stderr, "%ld event records in the spans, not 22\n", total);
		check(0, "spans lost records to poll()");
	}
	CHECK(poll_once(fd, 0) & POLLHUP, "poll: no POLLHUP after stop");
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read after stop is not EOF");
	puts("poll and select ok");
	return 0;
}
