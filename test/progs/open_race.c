// SPDX-License-Identifier: GPL-2.0
/*
 * Races insmod/rmmod: opens /dev/trace in a loop, starts a system-wide reader,
 * reads once and closes, pausing 5 ms plus up to argv[1] us (default 40000). Runs until SIGTERM, then prints one JSON line with
 * the opens that worked and every errno seen; an open may fail only because
 * the module is away (ENOENT, ENODEV, ENXIO), anything else is counted as bad.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ktrace_abi.h"

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	int max_pause_us = argc > 1 ? atoi(argv[1]) : 40000;
	struct sigaction sa = { .sa_handler = on_term };
	long opened = 0, absent = 0, bad = 0, records_bytes = 0;
	uint64_t events = 1, vars = 0;
	char buf[65536];
	ssize_t n;
	int fd;

	sigaction(SIGTERM, &sa, NULL);
	while (!stop) {
		fd = open("/dev/trace", O_RDONLY | O_NONBLOCK);
		if (fd < 0) {
			if (errno == ENOENT || errno == ENODEV || errno == ENXIO) {
				absent++;
			} else {
				bad++;
				fprintf(stderr, "open: %s\n", strerrorname_np(errno));
			}
			usleep(5000 + rand() % max_pause_us);
			continue;
		}
		opened++;
		if (ioctl(fd, KT_IOC_SET_EVENTS, &events) ||
		    ioctl(fd, KT_IOC_SET_VARS, &vars) || ioctl(fd, KT_IOC_START)) {
			bad++;
			fprintf(stderr, "ioctl: %s\n", strerrorname_np(errno));
		}
		n = read(fd, buf, sizeof(buf));
		if (n > 0)
			records_bytes += n;
		else if (n < 0 && errno != EAGAIN)
			bad++;
		close(fd);
		/* Leave rmmod windows: hold the module a small part of the time. */
		usleep(5000 + rand() % max_pause_us);
	}
	printf("{\"opened\":%ld,\"absent\":%ld,\"bad\":%ld,\"bytes\":%ld}\n",
	       opened, absent, bad, records_bytes);
	return bad ? 1 : 0;
}
