// SPDX-License-Identifier: GPL-2.0
/*
 * Memory workloads with known addresses and sizes, for
 * test/vm/events-mem.test.ts.
 *
 *   mem_touch alloc N    mmap N pages, write each once, munmap them
 *   mem_touch faults N   mmap N pages, print "base 0x<addr> touch 0x<fn>",
 *                        write each page's first byte once, in order
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
		p = map(n);
		snprintf(line, sizeof(line), "base %p touch %p\n", (void *)p, (void *)touch);
		say(line);
		touch(p, n);
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
