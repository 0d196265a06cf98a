// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl and read fuzzer for /dev/trace: random commands and arguments, checks
 * that every failure is a documented errno (docs/abi.md).
 *
 * Usage: ioctl_fuzz CALLS SEED [FOREIGN_PID]
 * Prints one JSON line: calls made, the errno histogram, undocumented errnos.
 * Exits 1 when any undocumented errno (or a success where the ABI promises an
 * error) was seen, so the same seed replays the failing sequence.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktrace_abi.h"

#define NFDS 4
#define ARENA_PAGES 4

static uint64_t rng_state;

/* xorshift64*: small, seedable, good enough to pick commands. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static const unsigned long known_cmds[] = {
	KT_IOC_ABI_VERSION, KT_IOC_SET_EVENTS, KT_IOC_SET_VARS,
	KT_IOC_SET_TARGET, KT_IOC_START, KT_IOC_STOP, KT_IOC_GET_STATS,
	KT_IOC_GET_INFO, KT_IOC_DESCRIBE, KT_IOC_SET_SNAPLEN,
};

#define NKNOWN (sizeof(known_cmds) / sizeof(known_cmds[0]))

static long errno_count[256];
static long successes, undocumented, reads;
static uint64_t known_events, known_vars;
/*
 * ARENA_PAGES read-write, then one PROT_NONE page: a guard that, unlike an
 * unmapped hole, no later mmap can reuse (the kernel would write into it).
 */
static unsigned char *arena;
static pid_t dead_pid, foreign_pid;

static int documented_ioctl_errno(int e)
{
	switch (e) {
	case ENOTTY: case EINVAL: case EOPNOTSUPP: case ESRCH: case EPERM:
	case EFAULT: case ENOENT: case ENOMEM: case EACCES:
		return 1;
	}
	return 0;
}

static int documented_read_errno(int e)
{
	return e == EAGAIN || e == EMSGSIZE || e == EFAULT;
}

/* A command: mostly known ones, some with damaged size/dir bits, some random. */
static unsigned long pick_cmd(void)
{
	unsigned long cmd = known_cmds[below(NKNOWN)];

	switch (below(8)) {
	case 0:
		return (unsigned long)(uint32_t)rnd();
	case 1:
		return _IOC(below(4), KT_IOC_MAGIC, below(32), below(1 << 14));
	case 2:
		return cmd ^ (1UL << below(32));
	default:
		return cmd;
	}
}

static uint64_t pick_mask(uint64_t known)
{
	switch (below(5)) {
	case 0:
		return rnd();
	case 1:
		return 0;
	case 2:
		return known | (1ULL << below(64));
	default:
		return rnd() & known;
	}
}

static int32_t pick_pid(void)
{
	static const int32_t odd[] = { 0, 1, -1, INT32_MIN, INT32_MAX, 4194304 };

	switch (below(6)) {
	case 0:
		return odd[below(sizeof(odd) / sizeof(odd[0]))];
	case 1:
		return dead_pid;
	case 2:
		return foreign_pid;
	case 3:
		return getpid();
	case 4:
		return (int32_t)below(400);
	default:
		return (int32_t)rnd();
	}
}

/* Fill the argument area with a plausible or hostile value for @cmd. */
static void fill_arg(unsigned char *p, unsigned long cmd)
{
	struct kt_target t;
	uint64_t mask;
	uint32_t v;

	if (cmd == KT_IOC_SET_EVENTS || cmd == KT_IOC_SET_VARS) {
		mask = pick_mask(cmd == KT_IOC_SET_EVENTS ? known_events : known_vars);
		memcpy(p, &mask, sizeof(mask));
	} else if (cmd == KT_IOC_SET_TARGET) {
		t.pid = pick_pid();
		t.flags = below(4) ? (uint32_t)below(2) : (uint32_t)rnd();
		memcpy(p, &t, sizeof(t));
	} else if (cmd == KT_IOC_SET_SNAPLEN || cmd == KT_IOC_DESCRIBE) {
		v = below(2) ? (uint32_t)below(2048) : (uint32_t)rnd();
		memcpy(p, &v, sizeof(v));
		v = below(2) ? (uint32_t)below(80) : (uint32_t)rnd();
		memcpy(p + 4, &v, sizeof(v));
	} else {
		for (int i = 0; i < 16; i++)
			p[i] = (unsigned char)rnd();
	}
}

/* A pointer: valid, unaligned, straddling the guard page, NULL, kernel, random. */
static unsigned char *pick_ptr(void)
{
	size_t mapped = ARENA_PAGES * 4096;

	switch (below(10)) {
	case 0:
		return NULL;
	case 1:
		return (unsigned char *)0xffff888000000000UL;
	case 2:
		return arena + mapped - 1 - below(sizeof(struct kt_info));
	case 3:
		return arena + mapped;	/* the guard page */
	case 4:
		return (unsigned char *)(uintptr_t)rnd();
	default:
		return arena + below(mapped - 512);
	}
}

static void count_errno(int e, int documented)
{
	errno_count[e & 255]++;
	if (!documented) {
		undocumented++;
		fprintf(stderr, "undocumented errno %d (%s)\n", e, strerror(e));
	}
}

static void fuzz_read(int fd)
{
	size_t sizes[] = { 0, 1, 3, 7, 255, 4097, 65536, 1 << 20 };
	unsigned char *p = pick_ptr();
	ssize_t n;

	reads++;
	n = read(fd, p, sizes[below(sizeof(sizes) / sizeof(sizes[0]))]);
	if (n < 0)
		count_errno(errno, documented_read_errno(errno));
}

static void fuzz_ioctl(int fd)
{
	unsigned long cmd = pick_cmd();
	unsigned char *p = pick_ptr();
	int writable = p >= arena && p < arena + ARENA_PAGES * 4096 - 64;

	if (writable)
		fill_arg(p, cmd);
	if (ioctl(fd, cmd, p) == 0) {
		successes++;
		return;
	}
	count_errno(errno, documented_ioctl_errno(errno));
}

static pid_t reaped_child(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

/* Non-blocking: a never-started reader's blocking read would wait forever. */
static int open_trace(void)
{
	return open("/dev/trace", O_RDONLY | O_NONBLOCK);
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 100000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	struct kt_info info;
	int fds[NFDS];
	long i;

	foreign_pid = argc > 3 ? atoi(argv[3]) : 1;
	rng_state = seed ? seed : 1;
	arena = mmap(NULL, (ARENA_PAGES + 1) * 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED || mprotect(arena + ARENA_PAGES * 4096, 4096, PROT_NONE))
		return 2;
	dead_pid = reaped_child();
	for (i = 0; i < NFDS; i++) {
		fds[i] = open_trace();
		if (fds[i] < 0) {
			perror("open /dev/trace");
			return 2;
		}
	}
	if (ioctl(fds[0], KT_IOC_GET_INFO, &info))
		return 2;
	known_events = info.known_events;
	known_vars = info.known_vars;

	for (i = 0; i < calls; i++) {
		int slot = (int)below(NFDS);

		switch (below(64)) {
		case 0:	/* reopen: close with whatever state the reader had */
			close(fds[slot]);
			fds[slot] = open_trace();
			if (fds[slot] < 0) {
				perror("reopen /dev/trace");
				return 2;
			}
			break;
		case 1:
		case 2:
		case 3:
			fuzz_read(fds[slot]);
			break;
		default:
			fuzz_ioctl(fds[slot]);
		}
	}
	for (i = 0; i < NFDS; i++)
		close(fds[i]);

	printf("{\"seed\":%llu,\"calls\":%ld,\"reads\":%ld,\"successes\":%ld,\"undocumented\":%ld,\"errnos\":{",
	       (unsigned long long)seed, calls, reads, successes, undocumented);
	for (i = 0, argc = 0; i < 256; i++)
		if (errno_count[i])
			printf("%s\"%s\":%ld", argc++ ? "," : "", strerrorname_np((int)i), errno_count[i]);
	printf("}}\n");
	return undocumented ? 1 : 0;
}
