// SPDX-License-Identifier: GPL-2.0
/*
 * A program with known state for test/vm/events-vars.test.ts. Its name is
 * longer than the 15 characters a comm keeps. It reads /proc/self/statm,
 * makes a getppid() marker call (nothing runs in between that could fault
 * a page in or map one), then prints the statm line and exits 7.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char statm[256];

int main(void)
{
	long n;
	int fd;

	/* Warm up every page the measured stretch touches. */
	syscall(SYS_getppid);
	memset(statm, 0, sizeof(statm));
	fd = open("/proc/self/statm", O_RDONLY);
	if (fd < 0)
		return 10;
	n = read(fd, statm, sizeof(statm) - 1);
	syscall(SYS_getppid);
	if (n <= 0 || write(1, statm, n) != n)
		return 11;
	return 7;
}
