// SPDX-License-Identifier: GPL-2.0
/*
 * Grows its memory steadily: every 100 ms maps and touches argv[1] MiB more
 * (default 1), argv[2] times (default 100), then exits. A target whose rss
 * and fault counts rise at a known pace.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t step = (argc > 1 ? atol(argv[1]) : 1) << 20;
	long n = argc > 2 ? atol(argv[2]) : 100;

	while (n-- > 0) {
		char *p = mmap(NULL, step, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return 1;
		memset(p, 1, step);
		usleep(100000);
	}
	return 0;
}
