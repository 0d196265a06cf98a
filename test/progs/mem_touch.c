// SPDX-License-Identifier: GPL-2.0
/*
 * Memory workloads with known addresses and sizes, for
 * test/vm/events-mem.test.ts.
 *
 *   mem_touch alloc N    mmap N pages, write each once, munmap them
 *   mem_touch faults N   mmap N + 1 pages, print "base 0x<addr> touch 0x<fn>",
 *                        write the first byte of each of the first N pages
 *                        once, in order; print "pgfault S", the system's
 *                        page faults then (/proc/vmstat), sleep 30 ms (more
 *                        than a tick), and write page N's first byte
 *   mem_touch kfault     mmap one page, print "buf 0x<addr>", read 4096
 *                        bytes of /dev/zero into it: the kernel's copy
 *                        takes the page's first fault
 *   mem_touch hog MB     allocate and touch MB MiB (to be OOM-killed);
 *                        prints "survived" if it was not
 *
 * Mappings are MADV_NOHUGEPAGE so every fault maps one base page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096UL

static void say(const char *line)
{
	size_t n = strlen(line);

	if (write(1, line, n) != (ssize_t)n)
		exit(100);
}

/* /proc/vmstat's pgfault. */
static unsigned long long pgfault(void)
{
	static char buf[16384];
	unsigned long long v;
	ssize_t len;
	char *at;
	int fd;

	fd = open("/proc/vmstat", O_RDONLY);
	if (fd < 0)
		exit(105);
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		exit(106);
	buf[len] = 0;
	at = strstr(buf, "\npgfault ");
	if (!at || sscanf(at, "\npgfault %llu", &v) != 1)
		exit(107);
	return v;
}

static char *map(unsigned long pages)
{
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		exit(101);
	/* EINVAL: a kernel without THP has no huge pages to turn off. */
	if (madvise(p, pages * PAGE, MADV_NOHUGEPAGE) && errno != EINVAL)
		exit(102);
	return p;
}

/* One write to the first byte of each page, lowest page first. */
__attribute__((noinline)) static void touch(volatile char *p, unsigned long pages)
{
	unsigned long i;

	for (i = 0; i < pages; i++)
		p[i * PAGE] = 1;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	char line[128];
	char *p;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "alloc")) {
		p = map(n);
		touch(p, n);
		if (munmap(p, n * PAGE))
			return 103;
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "faults")) {
		p = map(n + 1);
		snprintf(line, sizeof(line), "base %p touch %p\n", (void *)p, (void *)touch);
		say(line);
		touch(p, n);
		snprintf(line, sizeof(line), "pgfault %llu\n", pgfault());
		say(line);
		usleep(30000);
		touch(p + n * PAGE, 1);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "kfault")) {
		p = map(1);
		fd = open("/dev/zero", O_RDONLY);
		snprintf(line, sizeof(line), "buf %p\n", (void *)p);
		say(line);
		if (fd < 0 || read(fd, p, PAGE) != (ssize_t)PAGE)
			return 104;
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "hog")) {
		p = map(n * 256);
		touch(p, n * 256);
		say("survived\n");
		return 0;
	}
	return 2;
}
