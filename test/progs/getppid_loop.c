// SPDX-License-Identifier: GPL-2.0
/*
 * Calls getppid() N times (argv[1], default 100000): a syscall load. With
 * argv[2], sleeps that many microseconds after each call (a steady target).
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	long pause_us = argc > 2 ? atol(argv[2]) : 0;

	while (n-- > 0) {
		syscall(SYS_getppid);
		if (pause_us)
			usleep(pause_us);
	}
	return 0;
}
