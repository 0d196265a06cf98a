// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile reads of /dev/trace: sizes 0, 1 and odd, unaligned buffers, a
 * buffer whose second page is unmapped, close and a signal during a blocking
 * read. Prints one "name result" line per case; the in-VM test checks them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktrace_abi.h"

static int syscall_bit = -1;

static void report(const char *name, ssize_t n)
{
	if (n < 0)
		printf("%s %s\n", name, strerrorname_np(errno));
	else
		printf("%s %zd\n", name, n);
	fflush(stdout);
}

static int find_syscall_event(int fd)
{
	struct kt_desc d;

	for (unsigned int i = 0;; i++) {
		memset(&d, 0, sizeof(d));
		d.kind = KT_DESC_EVENT;
		d.index = i;
		if (ioctl(fd, KT_IOC_DESCRIBE, &d))
			return -1;
		if (!strcmp(d.name, "sys_enter"))
			return (int)d.number;
	}
}

/* A started reader targeting a child that makes getppid() calls forever. */
static int traced_reader(pid_t child, int flags)
{
	struct kt_target t = { .pid = child, .flags = 0 };
	uint64_t events = 1ULL << syscall_bit, vars = 0;
	int fd = open("/dev/trace", O_RDONLY | flags);

	if (fd < 0 || ioctl(fd, KT_IOC_SET_EVENTS, &events) ||
	    ioctl(fd, KT_IOC_SET_VARS, &vars) ||
	    ioctl(fd, KT_IOC_SET_TARGET, &t) || ioctl(fd, KT_IOC_START)) {
		perror("traced reader");
		exit(2);
	}
	return fd;
}

/* An idle started reader: targets our own (excluded) process, so nothing comes. */
static int idle_reader(void)
{
	struct kt_target t = { .pid = getpid(), .flags = 0 };
	uint64_t events = 1ULL << syscall_bit, vars = 0;
	int fd = open("/dev/trace", O_RDONLY);

	if (fd < 0 || ioctl(fd, KT_IOC_SET_EVENTS, &events) ||
	    ioctl(fd, KT_IOC_SET_VARS, &vars) ||
	    ioctl(fd, KT_IOC_SET_TARGET, &t) || ioctl(fd, KT_IOC_START)) {
		perror("idle reader");
		exit(2);
	}
	return fd;
}

/* Waits until records are queued, so the read cases below have input. */
static void wait_input(int fd)
{
	struct kt_stats st;

	do {
		usleep(30000);
		ioctl(fd, KT_IOC_GET_STATS, &st);
	} while (!st.records_written);
	usleep(50000);
}

/* Waits (at most 5 s) until a read would return records. */
static void wait_ready(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	poll(&p, 1, 5000);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int closing_fd = -1;

static void *close_later(void *arg)
{
	(void)arg;
	usleep(200000);
	close(closing_fd);
	return NULL;
}

int main(void)
{
	static char aligned[65536 + 64] __attribute__((aligned(64)));
	struct sigaction sa = { .sa_handler = on_alarm };
	pthread_t closer;
	unsigned char *two;
	pid_t child;
	ssize_t n;
	int fd;

	fd = open("/dev/trace", O_RDONLY);
	syscall_bit = fd < 0 ? -1 : find_syscall_event(fd);
	if (syscall_bit < 0)
		return 2;
	close(fd);
	child = fork();
	if (child == 0)
		for (;;)
			syscall(SYS_getppid);

	fd = traced_reader(child, O_NONBLOCK);
	wait_input(fd);
	report("size0", read(fd, aligned, 0));
	report("size1", read(fd, aligned, 1));
	report("size7", read(fd, aligned, 7));
	n = read(fd, aligned + 1, 4095);
	report("odd_unaligned", n);
	if (n > 0)
		printf("odd_unaligned_first_byte 0x%02x\n", (unsigned char)aligned[1]);
	report("unaligned_large", read(fd, aligned + 3, 65536));

	/* Page 1 writable, page 2 PROT_NONE: the copy faults after the first page. */
	two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(two + 4096, 4096, PROT_NONE);
	wait_input(fd);
	report("unmapped_tail", read(fd, two + 4096 - 100, 65536));
	n = read(fd, aligned, 65536);
	report("after_fault", n);
	if (n > 0)
		printf("after_fault_first_byte 0x%02x\n", (unsigned char)aligned[0]);
	wait_ready(fd);
	report("unmapped_whole", read(fd, two + 4096, 65536));
	wait_ready(fd);
	report("readonly_buf", read(fd, (void *)main, 65536));
	close(fd);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	/* A signal interrupts a blocking read with nothing to return. */
	sigaction(SIGALRM, &sa, NULL);
	fd = idle_reader();
	alarm(1);
	report("signal_blocking", read(fd, aligned, 65536));
	close(fd);

	/* Another thread closes the fd under a blocked read. */
	closing_fd = idle_reader();
	pthread_create(&closer, NULL, close_later, NULL);
	alarm(3);	/* a hang becomes an EINTR line the test rejects */
	report("close_blocking", read(closing_fd, aligned, 65536));
	alarm(0);
	pthread_join(closer, NULL);
	return 0;
}
