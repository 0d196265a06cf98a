// SPDX-License-Identifier: GPL-2.0
/*
 * A reader that drains /dev/trace until SIGINT: the extra readers of the
 * bench's readers case. Usage: drain_reader EVENT_MASK. Starts a
 * system-wide reader of those events with no variables, prints "started",
 * reads (blocking) until SIGINT, then prints "read RECORDS lost LOST".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ktrace_abi.h"

static volatile sig_atomic_t stop;

static void on_sigint(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "drain_reader: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	unsigned long long events, vars = 0;
	/* No SA_RESTART: SIGINT ends the blocked read() with EINTR. */
	struct sigaction sa = { .sa_handler = on_sigint };
	static char buf[65536];
	struct kt_stats st;
	char *end;
	int fd;

	if (argc != 2)
		return 2;
	events = strtoull(argv[1], &end, 0);
	if (*end || !events)
		return 2;
	if (sigaction(SIGINT, &sa, NULL))
		die("sigaction");
	fd = open("/dev/trace", O_RDONLY);
	if (fd < 0)
		die("open");
	if (ioctl(fd, KT_IOC_SET_EVENTS, &events) ||
	    ioctl(fd, KT_IOC_SET_VARS, &vars) || ioctl(fd, KT_IOC_START, 0))
		die("start");
	printf("started\n");
	fflush(stdout);
	while (!stop)
		if (read(fd, buf, sizeof(buf)) < 0 && errno != EINTR)
			die("read");
	if (ioctl(fd, KT_IOC_GET_STATS, &st))
		die("stats");
	printf("read %llu lost %llu\n", (unsigned long long)st.records_read,
	       (unsigned long long)st.records_lost);
	return 0;
}
