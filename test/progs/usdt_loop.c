// SPDX-License-Identifier: GPL-2.0
/*
 * Fires the USDT probe kbench:hit N times (argv[1], default 100000) with two
 * register arguments, i and N - i, and makes no system call in the loop: the
 * benchmark's load for the cost of one USDT hit, untraced (a nop) and traced.
 */
#include <stdlib.h>
#include <sys/sdt.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	long i;

	for (i = 0; i < n; i++)
		DTRACE_PROBE2(kbench, hit, i, n - i);
	return 0;
}
