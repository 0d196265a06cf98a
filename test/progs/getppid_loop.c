// SPDX-License-Identifier: GPL-2.0
/* Calls getppid() N times (argv[1], default 100000): a syscall load. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;

	while (n-- > 0)
		syscall(SYS_getppid);
	return 0;
}
